import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, EmptyState, IndexTable, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { z } from "zod";
import db from "../db.server";
import { requireAdmin } from "../shopify.server";
import { jobHealth } from "../jobs/job-health.server";
import { retryDeadJob } from "../jobs/queue.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  return { shop, health: await jobHealth(db, shop) };
};

const RetryForm = z.object({ intent: z.literal("retry"), jobId: z.string().min(1) });

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const parsed = RetryForm.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return Response.json({ error: "Choose a failed job to retry." }, { status: 400 });
  const retried = await retryDeadJob(db, shop, parsed.data.jobId);
  return retried ? { ok: true } : Response.json({ error: "That job is no longer failed." }, { status: 404 });
};

export default function SettingsPage() {
  const { shop, health } = useLoaderData<typeof loader>();
  const fetcher = useFetcher();
  const { counts, dead } = health;
  return (
    <Page title="Settings">
      <Layout>
        <Layout.AnnotatedSection title="Background jobs" description="Emails, syncs and points run in the background and are retried when they fail. Jobs that failed every retry are listed here.">
          <Card>
            <BlockStack gap="300">
              <InlineStack gap="200">
                <Badge tone="info">{`${counts.queued} queued`}</Badge>
                <Badge tone="attention">{`${counts.running} running`}</Badge>
                <Badge tone="success">{`${counts.done} done`}</Badge>
                <Badge tone={counts.dead > 0 ? "critical" : undefined}>{`${counts.dead} failed`}</Badge>
              </InlineStack>
              {dead.length === 0 ? (
                <EmptyState heading="No failed jobs" image="/empty-state.svg">
                  <p>Everything the app had to do for {shop} has run.</p>
                </EmptyState>
              ) : (
                <IndexTable
                  resourceName={{ singular: "failed job", plural: "failed jobs" }}
                  itemCount={dead.length}
                  selectable={false}
                  headings={[{ title: "Job" }, { title: "Attempts" }, { title: "Last error" }, { title: "Action" }]}
                >
                  {dead.map((job, index) => (
                    <IndexTable.Row id={job.id} key={job.id} position={index}>
                      <IndexTable.Cell>
                        <Text as="span" fontWeight="semibold">{job.type}</Text>
                      </IndexTable.Cell>
                      <IndexTable.Cell>{job.attempts}</IndexTable.Cell>
                      <IndexTable.Cell>
                        <Text as="span" tone="critical" breakWord>{job.lastError ?? ""}</Text>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        <fetcher.Form method="post">
                          <input type="hidden" name="intent" value="retry" />
                          <input type="hidden" name="jobId" value={job.id} />
                          <Button submit size="slim" loading={fetcher.state !== "idle" && fetcher.formData?.get("jobId") === job.id}>
                            Retry
                          </Button>
                        </fetcher.Form>
                      </IndexTable.Cell>
                    </IndexTable.Row>
                  ))}
                </IndexTable>
              )}
            </BlockStack>
          </Card>
        </Layout.AnnotatedSection>
      </Layout>
    </Page>
  );
}
