import {
  Badge,
  BlockStack,
  Box,
  Card,
  ChoiceList,
  EmptyState,
  IndexFilters,
  IndexFiltersMode,
  IndexTable,
  Text,
  useSetIndexFiltersMode,
} from "@shopify/polaris";
import type { SendLogEntry } from "../../emails/emails-page";
import type { EmailFlow } from "../../emails/plan";
import type { EmailStatus } from "../../emails/send-log.server";
import { useListQuery, type ListPage } from "../useListQuery";

const FLOW_TABS: { id: EmailFlow | null; label: string }[] = [
  { id: null, label: "All emails" },
  { id: "thank_you", label: "Thank-you" },
  { id: "review_request", label: "Review requests" },
];

const STATUS_BADGES: Record<EmailStatus, { label: string; tone?: "success" | "info" | "attention" | "critical" | "warning" }> = {
  scheduled: { label: "Scheduled", tone: "info" },
  sending: { label: "Sending", tone: "attention" },
  sent: { label: "Sent", tone: "success" },
  failed: { label: "Failed", tone: "critical" },
  bounced: { label: "Bounced", tone: "critical" },
  cancelled: { label: "Cancelled" },
  suppressed: { label: "Suppressed", tone: "warning" },
  skipped: { label: "Skipped" },
};

const statusBadge = (status: string) => STATUS_BADGES[status as EmailStatus] ?? { label: status };

interface SendLogProps {
  log: ListPage & { messages: SendLogEntry[] };
  filters: { flow: EmailFlow | null; status: EmailStatus | null; search: string; paged: boolean };
}

/** Every email the app planned, newest first: filtered by flow (tabs) and status, searched by order or address. */
export function SendLogTable({ log, filters }: SendLogProps) {
  // With a filter or search in the URL the filter bar starts open, so what is applied shows.
  const { mode, setMode } = useSetIndexFiltersMode(
    filters.status || filters.search ? IndexFiltersMode.Filtering : IndexFiltersMode.Default,
  );
  const { search, setSearch, go, pagination, loading } = useListQuery(filters.search);

  const nothingYet = log.messages.length === 0 && !filters.flow && !filters.status && !filters.search && !filters.paged;

  return (
    <Card padding="0">
      <BlockStack>
        <Box paddingBlockStart="400" paddingBlockEnd="200" paddingInline="400">
          <Text as="h2" variant="headingMd">
            Send log
          </Text>
        </Box>
        {nothingYet ? (
          <EmptyState heading="No emails yet" image="/empty-state.svg">
            <p>Emails appear here after orders are paid, fulfilled and delivered.</p>
          </EmptyState>
        ) : (
          <>
            <IndexFilters
              tabs={FLOW_TABS.map((tab) => ({ id: tab.id ?? "all", content: tab.label }))}
              selected={Math.max(
                0,
                FLOW_TABS.findIndex((tab) => tab.id === filters.flow),
              )}
              onSelect={(index) => go({ flow: FLOW_TABS[index]!.id })}
              queryValue={search}
              queryPlaceholder="Search order number or email address"
              onQueryChange={setSearch}
              onQueryClear={() => setSearch("")}
              filters={[
                {
                  key: "status",
                  label: "Status",
                  filter: (
                    <ChoiceList
                      title="Status"
                      titleHidden
                      choices={Object.entries(STATUS_BADGES).map(([status, badge]) => ({ label: badge.label, value: status }))}
                      selected={filters.status ? [filters.status] : []}
                      onChange={([value]) => go({ status: value })}
                    />
                  ),
                  shortcut: true,
                },
              ]}
              appliedFilters={
                filters.status
                  ? [{ key: "status", label: `Status: ${statusBadge(filters.status).label}`, onRemove: () => go({ status: null }) }]
                  : []
              }
              onClearAll={() => {
                setSearch("");
                go({ status: null, search: null });
              }}
              mode={mode}
              setMode={setMode}
              cancelAction={{ onAction: () => setSearch("") }}
              canCreateNewView={false}
              loading={loading}
              // Polaris' sticky mode pins the tabs over the page title on a phone, even unscrolled; 25 rows need no sticky filters.
              disableStickyMode
            />
            <IndexTable
              resourceName={{ singular: "email", plural: "emails" }}
              itemCount={log.messages.length}
              selectable={false}
              headings={[
                { title: "Order" },
                { title: "Recipient" },
                { title: "Email" },
                { title: "Status" },
                { title: "Reason" },
                { title: "When" },
              ]}
              emptyState={
                <EmptyState heading="No emails match" image="/empty-state.svg">
                  <p>Try another status or search.</p>
                </EmptyState>
              }
              pagination={pagination(log)}
            >
              {log.messages.map((message, index) => (
                <SendLogRow key={message.id} message={message} index={index} />
              ))}
            </IndexTable>
          </>
        )}
      </BlockStack>
    </Card>
  );
}

function SendLogRow({ message, index }: { message: SendLogEntry; index: number }) {
  const badge = statusBadge(message.status);
  return (
    <IndexTable.Row id={message.id} position={index}>
      <IndexTable.Cell>
        <Text as="span" fontWeight="semibold">
          {message.orderName}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>{message.recipient}</IndexTable.Cell>
      <IndexTable.Cell>{message.emailType}</IndexTable.Cell>
      <IndexTable.Cell>
        <Badge tone={badge.tone}>{badge.label}</Badge>
      </IndexTable.Cell>
      <IndexTable.Cell>
        {/* The reason shows for every status: a sent email can carry one too (e.g. the default template stood in). */}
        <div style={{ maxWidth: 320, whiteSpace: "normal" }}>
          <Text as="span" tone="subdued" breakWord>
            {message.statusReason ?? ""}
          </Text>
        </div>
      </IndexTable.Cell>
      <IndexTable.Cell>{message.when}</IndexTable.Cell>
    </IndexTable.Row>
  );
}
