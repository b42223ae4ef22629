// What the Emails page shows, pure: each flow's card (on or off, timing, counts), the send log's
// rows and the suppressed addresses, with dates already written on the shop's clock.
import type { EmailSettingsValues } from "./email-settings.server";
import type { EmailFlow } from "./plan";
import type { FlowSummary, SendLogRow } from "./send-log.server";
import { isTemplateKind, TEMPLATE_KINDS, type EmailLocale, type OutboxFlow, type TemplateKind } from "./template-kinds";
import { reviewRequestTiming, sendWindowTiming, thankYouTiming } from "./timing-summary";

type FormatDate = (date: Date) => string;

export interface FlowCardView {
  enabled: boolean;
  timing: string;
  /** Lines under the timing: the survey question, the send window, marketing consent. */
  notes: string[];
  summary: FlowSummary;
  /** Opened and clicked, as shares of the tracked emails sent in the last 30 days; null while tracking is off and none was tracked. */
  engagement: { opened: string; clicked: string } | null;
}

/** "42%" of the emails; "–" before there was any. */
export function shareOf(part: number, whole: number): string {
  return whole > 0 ? `${Math.round((part / whole) * 100)}%` : "–";
}

function engagement(settings: EmailSettingsValues, summary: FlowSummary): FlowCardView["engagement"] {
  if (!settings.trackingEnabled && summary.tracked === 0) return null;
  return { opened: shareOf(summary.opened, summary.tracked), clicked: shareOf(summary.clicked, summary.tracked) };
}

export function flowCards(
  settings: EmailSettingsValues,
  summaries: Record<EmailFlow, FlowSummary>,
  timeZone: string,
): Record<EmailFlow, FlowCardView> {
  const shared = [
    sendWindowTiming(settings, timeZone),
    ...(settings.marketingConsentOnly ? ["Only to customers who accept email marketing"] : []),
    ...(settings.trackingEnabled ? [] : ["Open and click tracking is off"]),
  ];
  return {
    thank_you: {
      enabled: settings.thankYouEnabled,
      timing: thankYouTiming(settings),
      notes: [settings.thankYouSurvey ? "With the satisfaction question" : "Without the satisfaction question", ...shared],
      summary: summaries.thank_you,
      engagement: engagement(settings, summaries.thank_you),
    },
    review_request: {
      enabled: settings.reviewRequestEnabled,
      timing: reviewRequestTiming(settings),
      notes: shared,
      summary: summaries.review_request,
      engagement: engagement(settings, summaries.review_request),
    },
  };
}

export interface TemplateLink {
  kind: TemplateKind;
  locale: EmailLocale;
  label: string;
  customized: boolean;
  flow: OutboxFlow;
}

export function templateLinks(
  templates: { kind: TemplateKind; locale: EmailLocale; label: string; customized: boolean }[],
): TemplateLink[] {
  return templates.map(({ kind, locale, label, customized }) => ({ kind, locale, label, customized, flow: TEMPLATE_KINDS[kind].flow }));
}

/** "Review reminder 2" for a second reminder; a template the app no longer has keeps its stored name. */
export function emailTypeLabel(template: string, step: number): string {
  const label = isTemplateKind(template) ? TEMPLATE_KINDS[template].label : template;
  return step > 1 ? `${label} ${step}` : label;
}

export interface SendLogEntry {
  id: string;
  orderName: string;
  recipient: string;
  emailType: string;
  status: string;
  /** Why the email is in its status, for every status (failures, skips, a sent email's fallback template). */
  statusReason: string | null;
  when: string;
}

export function sendLogEntry(message: SendLogRow, formatDate: FormatDate): SendLogEntry {
  return {
    id: message.id,
    orderName: message.orderName,
    // Empty for an order that came without an address (the reason column says why) and for erased customers.
    recipient: message.recipient || "—",
    emailType: emailTypeLabel(message.template, message.step),
    status: message.status,
    statusReason: message.statusReason,
    when: message.sentAt
      ? `Sent ${formatDate(message.sentAt)}`
      : `${message.status === "scheduled" ? "Due" : "Was due"} ${formatDate(message.scheduledFor)}`,
  };
}

export interface SuppressionEntry {
  id: string;
  email: string;
  reason: string;
  detail: string | null;
  date: string;
}

const SUPPRESSION_REASONS: Record<string, string> = { unsubscribed: "Unsubscribed", bounced: "Bounced", manual: "Added by you" };

export function suppressionEntry(
  row: { id: string; email: string; reason: string; detail: string | null; createdAt: Date },
  formatDate: FormatDate,
): SuppressionEntry {
  return {
    id: row.id,
    email: row.email,
    reason: SUPPRESSION_REASONS[row.reason] ?? row.reason,
    detail: row.detail,
    date: formatDate(row.createdAt),
  };
}
