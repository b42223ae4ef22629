import { useFetcher } from "@remix-run/react";
import { StackedRow } from "../StackedRow";
import { Badge, BlockStack, Button, IndexTable, InlineStack, Link, Text } from "@shopify/polaris";
import { useCondensed } from "../useCondensed";

/** A follow-up task as the tasks page lists it. */
export interface FollowUpTask {
  id: string;
  kind: string;
  summary: string;
  created: string;
  email: string | null;
  /** The review alone in the moderation list; null for survey answers. */
  reviewUrl: string | null;
  /** The order in Shopify admin. */
  orderUrl: string | null;
}

const KIND_LABELS: Record<string, string> = { low_rating: "Low rating", unhappy_survey: "Unhappy survey" };

/** The open tasks: one row each (one stacked item on a phone), with the links to follow up and "Mark done". */
export function TasksTable({ tasks }: { tasks: FollowUpTask[] }) {
  const condensed = useCondensed();
  return (
    <IndexTable
      condensed={condensed}
      resourceName={{ singular: "task", plural: "tasks" }}
      itemCount={tasks.length}
      selectable={false}
      headings={[{ title: "Summary" }, { title: "Customer" }, { title: "Raised" }, { title: "Actions" }]}
    >
      {tasks.map((task, index) => (
        <TaskRow key={task.id} task={task} index={index} condensed={condensed} />
      ))}
    </IndexTable>
  );
}

function TaskRow({ task, index, condensed }: { task: FollowUpTask; index: number; condensed: boolean }) {
  const fetcher = useFetcher<{ ok?: boolean; error?: string }>();
  const summary = (
    // Index table cells keep to one line: a long summary wraps instead of pushing the actions off.
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
  );
  const customer = task.email ? (
    <Link url={`mailto:${task.email}`} removeUnderline>
      {task.email}
    </Link>
  ) : (
    <Text as="span" tone="subdued">
      Not known
    </Text>
  );
  const kind = <Badge tone={task.kind === "low_rating" ? "warning" : undefined}>{KIND_LABELS[task.kind] ?? task.kind}</Badge>;
  const actions = (
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
  );
  if (condensed) {
    return (
      <StackedRow id={task.id} position={index}>
        <InlineStack gap="200" align="space-between" blockAlign="center">
          {kind}
          <Text as="span" tone="subdued">
            {task.created}
          </Text>
        </InlineStack>
        {summary}
        {customer}
        {actions}
      </StackedRow>
    );
  }
  return (
    <IndexTable.Row id={task.id} position={index}>
      <IndexTable.Cell>{summary}</IndexTable.Cell>
      <IndexTable.Cell>{customer}</IndexTable.Cell>
      <IndexTable.Cell>
        <BlockStack gap="100" inlineAlign="start">
          {kind}
          <Text as="span" tone="subdued">
            {task.created}
          </Text>
        </BlockStack>
      </IndexTable.Cell>
      <IndexTable.Cell>{actions}</IndexTable.Cell>
    </IndexTable.Row>
  );
}
