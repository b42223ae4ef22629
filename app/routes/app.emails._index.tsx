import { storedText } from "../forms";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import {
  Badge,
  BlockStack,
  Box,
  Button,
  Card,
  ChoiceList,
  EmptyState,
  IndexFilters,
  IndexFiltersMode,
  IndexTable,
  InlineStack,
  Layout,
  Link,
  Page,
  Text,
  useSetIndexFiltersMode,
} from "@shopify/polaris";
import { useEffect } from "react";
import { z } from "zod";
import db from "../db.server";
import { shopTimeZone } from "../lib/shop-profile.server";
import { requireAdmin } from "../shopify.server";
import { loadEmailSettings } from "../emails/email-settings.server";
import { EMAIL_FLOWS, EMAIL_STATUSES, emailFlowSummaries, listEmailMessages, type EmailStatus } from "../emails/send-log.server";
import { listSuppressions, removeSuppression } from "../emails/suppression.server";
import { listTemplates } from "../emails/templates.server";
import { LOCALE_NAMES, TEMPLATE_KINDS, isTemplateKind } from "../emails/template-kinds";
import type { EmailFlow } from "../emails/plan";
import { reviewRequestTiming, sendWindowTiming, thankYouTiming } from "../emails/timing-summary";
import { useAdminToast } from "../components/useAdminToast";
import { useListQuery } from "../components/useListQuery";

const PAGE_SIZE = 25;

const LogQuery = z.object({
  flow: z.enum(EMAIL_FLOWS).optional().catch(undefined),
  status: z.enum(EMAIL_STATUSES).optional().catch(undefined),
  search: storedText(z.string().trim().max(200).optional()).catch(undefined),
  after: z.string().max(500).optional().catch(undefined),
  before: z.string().max(500).optional().catch(undefined),
});

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const query = LogQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [settings, templates, summaries, log, suppressions, timeZone] = await Promise.all([
    loadEmailSettings(db, shop),
    listTemplates(db, shop),
    emailFlowSummaries(db, shop, new Date()),
    listEmailMessages(db, shop, { flow: query.flow, status: query.status, query: query.search, after: query.after, before: query.before, take: PAGE_SIZE }),
    listSuppressions(db, shop),
    shopTimeZone(db, shop),
  ]);
  // Dates are formatted here, in the shop's time zone, so the server and browser render the same text.
  const formatDate = dateFormatter(timeZone);
  return {
    flows: {
      thank_you: {
        enabled: settings.thankYouEnabled,
        timing: thankYouTiming(settings),
        extra: settings.thankYouSurvey ? "With the satisfaction question" : "Without the satisfaction question",
        summary: summaries.thank_you,
      },
      review_request: {
        enabled: settings.reviewRequestEnabled,
        timing: reviewRequestTiming(settings),
        extra: null,
        summary: summaries.review_request,
      },
    },
    sendWindow: sendWindowTiming(settings, timeZone),
    marketingConsentOnly: settings.marketingConsentOnly,
    templates: templates.map(({ kind, locale, label, customized }) => ({ kind, locale, label, customized, flow: TEMPLATE_KINDS[kind].flow })),
    log: {
      ...log,
      messages: log.messages.map((message) => ({
        id: message.id,
        orderName: message.orderName,
        // Empty for an order that came without an address (the reason column says why) and for erased customers.
        recipient: message.recipient || "—",
        emailType: emailTypeLabel(message.template, message.step),
        status: message.status,
        statusReason: message.statusReason,
        when: message.sentAt ? `Sent ${formatDate(message.sentAt)}` : `${message.status === "scheduled" ? "Due" : "Was due"} ${formatDate(message.scheduledFor)}`,
      })),
    },
    filters: { flow: query.flow ?? null, status: query.status ?? null, search: query.search ?? "", paged: Boolean(query.after || query.before) },
    suppressions: {
      total: suppressions.total,
      rows: suppressions.rows.map((row) => ({ id: row.id, email: row.email, reason: row.reason, detail: row.detail, date: formatDate(row.createdAt) })),
    },
  };
};

function dateFormatter(timeZone: string) {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat("en-US", { timeZone, dateStyle: "medium", timeStyle: "short" });
  } catch {
    format = new Intl.DateTimeFormat("en-US", { timeZone: "UTC", dateStyle: "medium", timeStyle: "short" });
  }
  return (date: Date) => format.format(date);
}

function emailTypeLabel(template: string, step: number): string {
  const label = isTemplateKind(template) ? TEMPLATE_KINDS[template].label : template;
  return step > 1 ? `${label} ${step}` : label;
}

const SuppressionAction = z.object({ intent: z.literal("remove-suppression"), id: z.string().min(1) });

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const parsed = SuppressionAction.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return Response.json({ ok: false, error: "Choose an address to remove." }, { status: 400 });
  const removed = await removeSuppression(db, shop, parsed.data.id);
  return removed ? { ok: true } : Response.json({ ok: false, error: "That address is no longer suppressed." }, { status: 404 });
};

const FLOW_TITLES: Record<EmailFlow, string> = { thank_you: "Thank-you email", review_request: "Review request" };
// Lists for the page itself: the constants of send-log.server stay on the server.
const FLOWS = Object.keys(FLOW_TITLES) as EmailFlow[];

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

const SUPPRESSION_REASONS: Record<string, string> = { unsubscribed: "Unsubscribed", bounced: "Bounced", manual: "Added by you" };

export default function EmailsPage() {
  const { flows, sendWindow, marketingConsentOnly, templates } = useLoaderData<typeof loader>();
  return (
    <Page
      title="Emails"
      subtitle="Thank-you notes after payment and review requests after delivery, sent from your store's name."
      secondaryActions={[{ content: "Settings", url: "/app/emails/settings" }]}
    >
      <BlockStack gap="500">
        <Layout>
          {FLOWS.map((flow) => (
            <Layout.Section variant="oneHalf" key={flow}>
              <FlowCard
                title={FLOW_TITLES[flow]}
                {...flows[flow]}
                notes={[sendWindow, ...(marketingConsentOnly ? ["Only to customers who accept email marketing"] : [])]}
                templates={templates.filter((template) => template.flow === flow)}
              />
            </Layout.Section>
          ))}
        </Layout>
        <PointsExpiryCard templates={templates.filter((template) => template.flow === "points_expiry")} />
        <SendLog />
        <SuppressedAddresses />
      </BlockStack>
    </Page>
  );
}

interface FlowCardProps {
  title: string;
  enabled: boolean;
  timing: string;
  extra: string | null;
  notes: string[];
  summary: { sent: number; scheduled: number; failed: number };
  templates: { kind: string; locale: "en" | "el"; label: string; customized: boolean }[];
}

function FlowCard({ title, enabled, timing, extra, notes, summary, templates }: FlowCardProps) {
  return (
    <Card>
      <BlockStack gap="400">
        <BlockStack gap="200">
          <InlineStack align="space-between" blockAlign="center" gap="200">
            <InlineStack gap="200" blockAlign="center">
              <Text as="h2" variant="headingMd">
                {title}
              </Text>
              <Badge tone={enabled ? "success" : undefined}>{enabled ? "On" : "Off"}</Badge>
            </InlineStack>
            <Button variant="plain" url="/app/emails/settings">
              Edit settings
            </Button>
          </InlineStack>
          <Text as="p">{timing}</Text>
          {[...(extra ? [extra] : []), ...notes].map((note) => (
            <Text as="p" tone="subdued" key={note}>
              {note}
            </Text>
          ))}
        </BlockStack>
        <InlineStack gap="400">
          <Text as="p">
            <Text as="span" fontWeight="semibold">{summary.sent}</Text> sent in the last 30 days
          </Text>
          <Text as="p">
            <Text as="span" fontWeight="semibold">{summary.scheduled}</Text> scheduled
          </Text>
          <Text as="p" tone={summary.failed > 0 ? "critical" : undefined}>
            <Text as="span" fontWeight="semibold">{summary.failed}</Text> failed or bounced
          </Text>
        </InlineStack>
        <BlockStack gap="200">
          <Text as="h3" variant="headingSm">
            Templates
          </Text>
          {templates.map((template) => (
            <InlineStack key={`${template.kind}/${template.locale}`} gap="200" blockAlign="center">
              <Link url={`/app/emails/templates/${template.kind}/${template.locale}`}>
                {`${template.label} · ${LOCALE_NAMES[template.locale]}`}
              </Link>
              {template.customized ? <Badge tone="info">Customized</Badge> : null}
            </InlineStack>
          ))}
        </BlockStack>
      </BlockStack>
    </Card>
  );
}

/** The loyalty programme's warning before points expire: sent by its daily run, edited here like the others. */
function PointsExpiryCard({ templates }: { templates: FlowCardProps["templates"] }) {
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          Points expiry warning
        </Text>
        <Text as="p" tone="subdued">
          Sent by the loyalty programme before a customer's unused points expire. Timing is set in the loyalty settings.
        </Text>
        {templates.map((template) => (
          <InlineStack key={`${template.kind}/${template.locale}`} gap="200" blockAlign="center">
            <Link url={`/app/emails/templates/${template.kind}/${template.locale}`}>{`${template.label} · ${LOCALE_NAMES[template.locale]}`}</Link>
            {template.customized ? <Badge tone="info">Customized</Badge> : null}
          </InlineStack>
        ))}
      </BlockStack>
    </Card>
  );
}

function SendLog() {
  const { log, filters } = useLoaderData<typeof loader>();
  // With a filter or search in the URL the filter bar starts open, so what is applied shows.
  const { mode, setMode } = useSetIndexFiltersMode(filters.status || filters.search ? IndexFiltersMode.Filtering : IndexFiltersMode.Default);
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
              selected={Math.max(0, FLOW_TABS.findIndex((tab) => tab.id === filters.flow))}
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
              appliedFilters={filters.status ? [{ key: "status", label: `Status: ${statusBadge(filters.status).label}`, onRemove: () => go({ status: null }) }] : []}
              onClearAll={() => {
                setSearch("");
                go({ status: null, search: null });
              }}
              mode={mode}
              setMode={setMode}
              cancelAction={{ onAction: () => setSearch("") }}
              canCreateNewView={false}
              loading={loading}
            />
            <IndexTable
              resourceName={{ singular: "email", plural: "emails" }}
              itemCount={log.messages.length}
              selectable={false}
              headings={[{ title: "Order" }, { title: "Recipient" }, { title: "Email" }, { title: "Status" }, { title: "Reason" }, { title: "When" }]}
              emptyState={
                <EmptyState heading="No emails match" image="/empty-state.svg">
                  <p>Try another status or search.</p>
                </EmptyState>
              }
              pagination={pagination(log)}
            >
              {log.messages.map((message, index) => {
                const badge = statusBadge(message.status);
                return (
                  <IndexTable.Row id={message.id} key={message.id} position={index}>
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
                      <div style={{ maxWidth: 320, whiteSpace: "normal" }}>
                        <Text as="span" tone="subdued" breakWord>
                          {message.statusReason ?? ""}
                        </Text>
                      </div>
                    </IndexTable.Cell>
                    <IndexTable.Cell>{message.when}</IndexTable.Cell>
                  </IndexTable.Row>
                );
              })}
            </IndexTable>
          </>
        )}
      </BlockStack>
    </Card>
  );
}

function SuppressedAddresses() {
  const { suppressions } = useLoaderData<typeof loader>();
  const fetcher = useFetcher<{ ok: boolean; error?: string }>();
  const { show, toast } = useAdminToast();

  useEffect(() => {
    if (!fetcher.data) return;
    if (fetcher.data.ok) show("Address removed: it can receive emails again");
    else show(fetcher.data.error ?? "The address could not be removed", { error: true });
  }, [fetcher.data, show]);

  return (
    <Card padding="0">
      <BlockStack>
        <Box padding="400">
          <BlockStack gap="100">
            <Text as="h2" variant="headingMd">
              Suppressed addresses
            </Text>
            <Text as="p" tone="subdued">
              These addresses get no emails from the app: the customer unsubscribed, or their mail server refused an email for good.
            </Text>
          </BlockStack>
        </Box>
        {suppressions.rows.length === 0 ? (
          <Box paddingInline="400" paddingBlockEnd="400">
            <Text as="p">No suppressed addresses.</Text>
          </Box>
        ) : (
          <IndexTable
            resourceName={{ singular: "address", plural: "addresses" }}
            itemCount={suppressions.rows.length}
            selectable={false}
            headings={[{ title: "Email" }, { title: "Reason" }, { title: "Date" }, { title: "Action" }]}
          >
            {suppressions.rows.map((row, index) => {
              const removing = fetcher.state !== "idle" && fetcher.formData?.get("id") === row.id;
              return (
                <IndexTable.Row id={row.id} key={row.id} position={index}>
                  <IndexTable.Cell>{row.email}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <BlockStack gap="100">
                      <Text as="span">{SUPPRESSION_REASONS[row.reason] ?? row.reason}</Text>
                      {row.detail ? (
                        <Text as="span" tone="subdued" breakWord>
                          {row.detail}
                        </Text>
                      ) : null}
                    </BlockStack>
                  </IndexTable.Cell>
                  <IndexTable.Cell>{row.date}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <fetcher.Form method="post">
                      <input type="hidden" name="intent" value="remove-suppression" />
                      <input type="hidden" name="id" value={row.id} />
                      <Button submit size="slim" loading={removing} accessibilityLabel={`Remove ${row.email} from the suppressed addresses`}>
                        Remove
                      </Button>
                    </fetcher.Form>
                  </IndexTable.Cell>
                </IndexTable.Row>
              );
            })}
          </IndexTable>
        )}
        {suppressions.total > suppressions.rows.length ? (
          <Box paddingBlock="300" paddingInline="400">
            <Text as="p" tone="subdued">{`Showing the ${suppressions.rows.length} most recent of ${suppressions.total} addresses.`}</Text>
          </Box>
        ) : null}
      </BlockStack>
      {toast}
    </Card>
  );
}
