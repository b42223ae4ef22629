import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, Checkbox, EmptyState, IndexTable, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { z } from "zod";
import db from "../db.server";
import { shopTimeZone } from "../lib/shop-profile.server";
import { requireAdmin } from "../shopify.server";
import { jobHealth } from "../jobs/job-health.server";
import { retryDeadJob } from "../jobs/queue.server";
import { includesTestOrders, OrderSettingsInput, saveIncludeTestOrders } from "../orders/test-orders.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const [health, includeTestOrders, timeZone] = await Promise.all([
    jobHealth(db, shop),
    includesTestOrders(db, shop),
    shopTimeZone(db, shop),
  ]);
  // Times are written here, in the shop's time zone, so the server and the browser render the same text.
  const formatTime = shopTimeFormatter(timeZone);
  const refusedWebhooks = health.refusedWebhooks.map((delivery) => ({ ...delivery, received: formatTime(new Date(delivery.receivedAt)) }));
  return { shop, health: { ...health, refusedWebhooks }, includeTestOrders };
};

function shopTimeFormatter(timeZone: string): (date: Date) => string {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat("en-US", { timeZone, dateStyle: "medium", timeStyle: "short" });
  } catch {
    // A zone this runtime does not know: UTC rather than no page.
    format = new Intl.DateTimeFormat("en-US", { timeZone: "UTC", dateStyle: "medium", timeStyle: "short" });
  }
  return (date) => format.format(date);
}

const RetryForm = z.object({ intent: z.literal("retry"), jobId: z.string().min(1) });
const SettingsForm = z.discriminatedUnion("intent", [RetryForm, OrderSettingsInput]);

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const parsed = SettingsForm.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ error: "Choose a failed job to retry, or whether to include test orders." }, { status: 400 });
  if (parsed.data.intent === "orders") {
    await saveIncludeTestOrders(db, shop, parsed.data.includeTestOrders);
    return { ok: true };
  }
  const retried = await retryDeadJob(db, shop, parsed.data.jobId);
  return retried ? { ok: true } : data({ error: "That job is no longer failed." }, { status: 404 });
};

export default function SettingsPage() {
  const { shop, health, includeTestOrders } = useLoaderData<typeof loader>();
  const fetcher = useFetcher();
  const orders = useFetcher();
  const { counts, dead, skipped, refusedWebhooks } = health;
  // The box shows what was just chosen while it saves.
  const posted = orders.formData?.get("includeTestOrders");
  const testOrders = posted === undefined || posted === null ? includeTestOrders : posted === "true";
  return (
    <Page title="Settings">
      <Layout>
        <Layout.AnnotatedSection title="Orders" description="Which of the shop's orders earn points and get thank-you and review emails.">
          <Card>
            <Checkbox
              label="Include test orders"
              helpText="Test orders are paid with Shopify's Bogus Gateway or a payment provider in test mode. Turn this on to try points and emails with them; leave it off in a live shop, so test orders earn no points and send no emails."
              checked={testOrders}
              onChange={(checked) => orders.submit({ intent: "orders", includeTestOrders: String(checked) }, { method: "post" })}
            />
          </Card>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection
          title="Background jobs"
          description="Emails, syncs and points run in the background and are retried when they fail. Jobs that failed every retry are listed here."
        >
          <Card>
            <BlockStack gap="300">
              <InlineStack gap="200">
                <Badge tone="info">{`${counts.queued} queued`}</Badge>
                <Badge tone="attention">{`${counts.running} running`}</Badge>
                <Badge tone="success">{`${counts.done} done`}</Badge>
                <Badge>{`${counts.skipped} skipped`}</Badge>
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
                        <Text as="span" fontWeight="semibold">
                          {job.type}
                        </Text>
                      </IndexTable.Cell>
                      <IndexTable.Cell>{job.attempts}</IndexTable.Cell>
                      <IndexTable.Cell>
                        <Text as="span" tone="critical" breakWord>
                          {job.lastError ?? ""}
                        </Text>
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
              {skipped.length > 0 ? (
                <BlockStack gap="200">
                  <Text as="h3" variant="headingSm">
                    Recently skipped
                  </Text>
                  <IndexTable
                    resourceName={{ singular: "skipped job", plural: "skipped jobs" }}
                    itemCount={skipped.length}
                    selectable={false}
                    headings={[{ title: "Job" }, { title: "Why it had nothing to do" }]}
                  >
                    {skipped.map((job, index) => (
                      <IndexTable.Row id={job.id} key={job.id} position={index}>
                        <IndexTable.Cell>
                          <Text as="span" fontWeight="semibold">
                            {job.type}
                          </Text>
                        </IndexTable.Cell>
                        <IndexTable.Cell>
                          <Text as="span" tone="subdued" breakWord>
                            {job.reason}
                          </Text>
                        </IndexTable.Cell>
                      </IndexTable.Row>
                    ))}
                  </IndexTable>
                </BlockStack>
              ) : null}
              {refusedWebhooks.length > 0 ? (
                <BlockStack gap="200">
                  <Text as="h3" variant="headingSm">
                    Refused webhooks
                  </Text>
                  <Text as="p" tone="subdued">
                    Signed deliveries the app did not act on. Shopify sends none of these in normal operation: they are replays or malformed
                    bodies, and no job was created for them.
                  </Text>
                  <IndexTable
                    resourceName={{ singular: "refused webhook", plural: "refused webhooks" }}
                    itemCount={refusedWebhooks.length}
                    selectable={false}
                    headings={[{ title: "Topic" }, { title: "Received" }, { title: "Why it was refused" }]}
                  >
                    {refusedWebhooks.map((delivery, index) => (
                      <IndexTable.Row id={delivery.id} key={delivery.id} position={index}>
                        <IndexTable.Cell>
                          <Text as="span" fontWeight="semibold">
                            {delivery.topic}
                          </Text>
                        </IndexTable.Cell>
                        <IndexTable.Cell>
                          <time dateTime={delivery.receivedAt}>{delivery.received}</time>
                        </IndexTable.Cell>
                        <IndexTable.Cell>
                          <Text as="span" tone="subdued" breakWord>
                            {delivery.reason}
                          </Text>
                        </IndexTable.Cell>
                      </IndexTable.Row>
                    ))}
                  </IndexTable>
                </BlockStack>
              ) : null}
            </BlockStack>
          </Card>
        </Layout.AnnotatedSection>
      </Layout>
    </Page>
  );
}
