import { storedText } from "../lib/forms";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Layout, Page } from "@shopify/polaris";
import { z } from "zod";
import db from "../db.server";
import { shopTimeZone } from "../lib/shop-profile.server";
import { requireAdmin } from "../shopify.server";
import { loadEmailSettings } from "../emails/email-settings.server";
import { flowCards, sendLogEntry, suppressionEntry, templateLinks } from "../emails/emails-page";
import { EMAIL_FLOWS, EMAIL_STATUSES, emailFlowSummaries, listEmailMessages } from "../emails/send-log.server";
import { listSuppressions, removeSuppression } from "../emails/suppression.server";
import { listTemplates } from "../emails/templates.server";
import type { EmailFlow } from "../emails/plan";
import { dateFormatter } from "../lib/format";
import { FlowCard, PointsExpiryCard } from "../components/emails/FlowCard";
import { SendLogTable } from "../components/emails/SendLogTable";
import { SuppressionsCard } from "../components/emails/SuppressionsCard";

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
    listEmailMessages(db, shop, {
      flow: query.flow,
      status: query.status,
      query: query.search,
      after: query.after,
      before: query.before,
      take: PAGE_SIZE,
    }),
    listSuppressions(db, shop),
    shopTimeZone(db, shop),
  ]);
  // Dates are formatted here, in the shop's time zone, so the server and browser render the same text.
  const formatDate = dateFormatter(timeZone);
  return {
    flows: flowCards(settings, summaries, timeZone),
    templates: templateLinks(templates),
    log: { ...log, messages: log.messages.map((message) => sendLogEntry(message, formatDate)) },
    filters: {
      flow: query.flow ?? null,
      status: query.status ?? null,
      search: query.search ?? "",
      paged: Boolean(query.after || query.before),
    },
    suppressions: { total: suppressions.total, rows: suppressions.rows.map((row) => suppressionEntry(row, formatDate)) },
  };
};

const SuppressionAction = z.object({ intent: z.literal("remove-suppression"), id: z.string().min(1) });

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const parsed = SuppressionAction.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ ok: false, error: "Choose an address to remove." }, { status: 400 });
  const removed = await removeSuppression(db, shop, parsed.data.id);
  return removed ? { ok: true } : data({ ok: false, error: "That address is no longer suppressed." }, { status: 404 });
};

const FLOW_TITLES: Record<EmailFlow, string> = { thank_you: "Thank-you email", review_request: "Review request" };
// Lists for the page itself: the constants of send-log.server stay on the server.
const FLOWS = Object.keys(FLOW_TITLES) as EmailFlow[];

export default function EmailsPage() {
  const { flows, templates, log, filters, suppressions } = useLoaderData<typeof loader>();
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
              <FlowCard title={FLOW_TITLES[flow]} flow={flows[flow]} templates={templates.filter((template) => template.flow === flow)} />
            </Layout.Section>
          ))}
        </Layout>
        <PointsExpiryCard
          templates={templates.filter((template) => template.flow === "points_expiry" || template.flow === "points_available")}
        />
        <SendLogTable log={log} filters={filters} />
        <SuppressionsCard suppressions={suppressions} />
      </BlockStack>
    </Page>
  );
}
