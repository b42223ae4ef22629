import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, EmptyState, IndexTable, InlineStack, Link, Page, Text } from "@shopify/polaris";
import { z } from "zod";
import db from "../db.server";
import { requireAdmin } from "../shopify.server";
import { shopTimeZone } from "../lib/shop-profile.server";
import { dateFormatter } from "../lib/format";
import { completeTask, listOpenTasks } from "../reviews/moderate.server";
import { adminOrderUrl } from "../shopify/admin-links";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop, embedded } = await requireAdmin(request);
  const [tasks, timeZone] = await Promise.all([listOpenTasks(db, shop, { limit: 100 }), shopTimeZone(db, shop)]);
  const formatDate = dateFormatter(timeZone, { withTime: false });
  return {
    tasks: tasks.map((task) => ({
      id: task.id,
      kind: task.kind,
      summary: task.summary,
      created: formatDate(task.createdAt),
      email: task.email,
      // The review alone in the moderation list, on the tab of its status.
      reviewUrl: task.review ? `/app/reviews?${new URLSearchParams({ status: task.review.status, review: task.review.id })}` : null,
      orderUrl: task.orderId ? adminOrderUrl(task.orderId, { embedded, shop }) : null,
    })),
  };
};

type TaskView = Awaited<ReturnType<typeof loader>>["tasks"][number];

const CompleteForm = z.object({ intent: z.literal("complete"), id: z.string().min(1) });

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const parsed = CompleteForm.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ error: "Choose a task to mark as done." }, { status: 400 });
  const done = await completeTask(db, shop, parsed.data.id);
  return done ? { ok: true } : data({ error: "This task was not found or is already done." }, { status: 404 });
};

const KIND_LABELS: Record<string, string> = { low_rating: "Low rating", unhappy_survey: "Unhappy survey" };

function TaskRow({ task, index }: { task: TaskView; index: number }) {
  const fetcher = useFetcher<{ ok?: boolean; error?: string }>();
  return (
    <IndexTable.Row id={task.id} position={index}>
      <IndexTable.Cell>
        {/* Index table cells keep to one line: a long summary wraps instead of pushing the actions off. */}
        <div style={{ whiteSpace: "normal", minWidth: 160, maxWidth: 360 }}>
          <BlockStack gap="100">
            <Text as="span" breakWord>
              {task.summary}
            </Text>
            {fetcher.data?.error ? (
              <Text as="span" tone="critical">
                {fetcher.data.error}
              </Text>
            ) : null}
          </BlockStack>
        </div>
      </IndexTable.Cell>
      <IndexTable.Cell>
        {task.email ? (
          <Link url={`mailto:${task.email}`} removeUnderline>
            {task.email}
          </Link>
        ) : (
          <Text as="span" tone="subdued">
            Not known
          </Text>
        )}
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Badge tone={task.kind === "low_rating" ? "warning" : undefined}>{KIND_LABELS[task.kind] ?? task.kind}</Badge>
      </IndexTable.Cell>
      <IndexTable.Cell>{task.created}</IndexTable.Cell>
      <IndexTable.Cell>
        <InlineStack gap="200" blockAlign="center" wrap={false}>
          {task.reviewUrl ? <Link url={task.reviewUrl}>Review</Link> : null}
          {/* Shopify admin around the app (embedded) or in a new tab (standalone). */}
          {task.orderUrl ? (
            <Link url={task.orderUrl} target={task.orderUrl.startsWith("shopify:") ? "_top" : "_blank"}>
              Order
            </Link>
          ) : null}
          <fetcher.Form method="post">
            <input type="hidden" name="intent" value="complete" />
            <input type="hidden" name="id" value={task.id} />
            <Button submit size="slim" loading={fetcher.state !== "idle"}>
              Mark done
            </Button>
          </fetcher.Form>
        </InlineStack>
      </IndexTable.Cell>
    </IndexTable.Row>
  );
}

export default function TasksPage() {
  const { tasks } = useLoaderData<typeof loader>();
  return (
    <Page
      title="Follow-up tasks"
      subtitle="Low ratings (1–2★) create a task so you can reach out."
      backAction={{ content: "Reviews", url: "/app/reviews" }}
    >
      <BlockStack gap="400">
        {tasks.length === 0 ? (
          <Card>
            <EmptyState heading="No follow-up tasks" image="/empty-state.svg">
              <p>When a shopper leaves a low rating, a task to follow up appears here.</p>
            </EmptyState>
          </Card>
        ) : (
          <>
            <Banner tone="info">Mark a task done once you have contacted the shopper or resolved the issue.</Banner>
            <Card padding="0">
              <IndexTable
                resourceName={{ singular: "task", plural: "tasks" }}
                itemCount={tasks.length}
                selectable={false}
                headings={[{ title: "Summary" }, { title: "Customer" }, { title: "Kind" }, { title: "Created" }, { title: "Actions" }]}
              >
                {tasks.map((task, index) => (
                  <TaskRow key={task.id} task={task} index={index} />
                ))}
              </IndexTable>
            </Card>
          </>
        )}
      </BlockStack>
    </Page>
  );
}
