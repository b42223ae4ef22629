import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Card, EmptyState, Page } from "@shopify/polaris";
import { z } from "zod";
import db from "../db.server";
import { requireAdmin } from "../shopify.server";
import { shopTimeZone } from "../lib/shop-profile.server";
import { dateFormatter } from "../lib/format";
import { completeTask, listOpenTasks } from "../reviews/moderate.server";
import { adminOrderUrl } from "../shopify/admin-links";
import { TasksTable, type FollowUpTask } from "../components/reviews/TasksTable";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop, embedded } = await requireAdmin(request);
  const [tasks, timeZone] = await Promise.all([listOpenTasks(db, shop, { limit: 100 }), shopTimeZone(db, shop)]);
  const formatDate = dateFormatter(timeZone, { withTime: false });
  return {
    tasks: tasks.map((task): FollowUpTask => ({
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

const CompleteForm = z.object({ intent: z.literal("complete"), id: z.string().min(1) });

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const parsed = CompleteForm.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ error: "Choose a task to mark as done." }, { status: 400 });
  const done = await completeTask(db, shop, parsed.data.id);
  return done ? { ok: true } : data({ error: "This task was not found or is already done." }, { status: 404 });
};

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
              <TasksTable tasks={tasks} />
            </Card>
          </>
        )}
      </BlockStack>
    </Page>
  );
}
