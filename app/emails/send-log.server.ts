// The merchant's view of the outbox: the send log with its filters and pages, and per-flow
// counts for the Emails page. Every query is scoped to the merchant's shop.
import type { EmailMessage, Prisma } from "@prisma/client";
import { dbProvider, type Db } from "../db.server";
import { keysetPage, orderedBy, type Page } from "../lib/keyset.server";
import type { EmailFlow } from "./plan";

export const EMAIL_FLOWS = ["thank_you", "review_request"] as const satisfies readonly EmailFlow[];

export const EMAIL_STATUSES = ["scheduled", "sending", "sent", "failed", "bounced", "cancelled", "suppressed", "skipped"] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];

export const SEND_LOG_PAGE_SIZE_MAX = 100;

export interface SendLogQuery {
  flow?: EmailFlow;
  status?: EmailStatus;
  /** Part of the order name ("1001", "#1001") or of the recipient's address; case is ignored. */
  query?: string;
  /** Older rows than this cursor (the next page)… */
  after?: string | null;
  /** …or newer rows than this one (the previous page). `after` wins when both are given. */
  before?: string | null;
  take: number;
}

const LOG_COLUMNS = {
  id: true,
  orderName: true,
  flow: true,
  step: true,
  template: true,
  recipient: true,
  locale: true,
  status: true,
  statusReason: true,
  scheduledFor: true,
  sentAt: true,
  createdAt: true,
} satisfies Prisma.EmailMessageSelect;

export type SendLogRow = Pick<EmailMessage, keyof typeof LOG_COLUMNS>;

/** nextCursor goes back as `after`, previousCursor as `before`. */
export type SendLogPage = Omit<Page<SendLogRow>, "rows"> & { messages: SendLogRow[] };

export async function listEmailMessages(db: Db, shop: string, options: SendLogQuery): Promise<SendLogPage> {
  const filtered = filterWhere(db, shop, options);
  const { rows, ...page } = await keysetPage(
    orderedBy("createdAt", (query) => db.emailMessage.findMany({ ...query, where: { AND: [filtered, query.where] }, select: LOG_COLUMNS })),
    { cursor: options.after, before: options.before, take: options.take },
    SEND_LOG_PAGE_SIZE_MAX,
  );
  return { messages: rows, ...page };
}

function filterWhere(db: Db, shop: string, options: Pick<SendLogQuery, "flow" | "status" | "query">): Prisma.EmailMessageWhereInput {
  const where: Prisma.EmailMessageWhereInput = { shop };
  if (options.flow) where.flow = options.flow;
  if (options.status) where.status = options.status;
  const query = options.query?.trim();
  if (query) {
    // SQLite's LIKE already ignores case (for ASCII); PostgreSQL needs ILIKE, which the SQLite client's types do not know.
    const contains = (
      dbProvider(db) === "postgresql" ? { contains: query, mode: "insensitive" } : { contains: query }
    ) as Prisma.StringFilter;
    where.OR = [{ orderName: contains }, { recipient: contains }];
  }
  return where;
}

export interface FlowSummary {
  /** Sent in the last 30 days. */
  sent: number;
  /** Waiting to go (scheduled, or being sent right now). */
  scheduled: number;
  /** Failed or bounced, of the emails due in the last 30 days. */
  failed: number;
  /** Of those, sent with open and click tracking on: what the opened and clicked shares are of. */
  tracked: number;
  /** Of the tracked emails sent in the last 30 days: how many were opened / clicked at least once… */
  opened: number;
  clicked: number;
  /** …and every open and click they had. */
  opens: number;
  clicks: number;
}

export const SUMMARY_DAYS = 30;

/** For each flow: what went out, what is waiting, what went wrong lately, and what customers did with it. */
export async function emailFlowSummaries(db: Pick<Db, "emailMessage">, shop: string, now: Date): Promise<Record<EmailFlow, FlowSummary>> {
  const since = new Date(now.getTime() - SUMMARY_DAYS * 86_400_000);
  const count = (where: Prisma.EmailMessageWhereInput) =>
    db.emailMessage.groupBy({ by: ["flow"], where: { shop, ...where }, _count: { _all: true } });
  const sentLately = { status: "sent", sentAt: { gte: since, lte: now } } satisfies Prisma.EmailMessageWhereInput;
  const [sent, tracked, scheduled, failed] = await Promise.all([
    count(sentLately),
    // _count of a nullable column counts the rows where it is set: the unique opens and clicks.
    db.emailMessage.groupBy({
      by: ["flow"],
      where: { shop, ...sentLately, tracked: true },
      _count: { _all: true, openedAt: true, clickedAt: true },
      _sum: { openCount: true, clickCount: true },
    }),
    count({ status: { in: ["scheduled", "sending"] } }),
    // A failed email has no send time; the time it was due says when it went wrong.
    count({ status: { in: ["failed", "bounced"] }, scheduledFor: { gte: since, lte: now } }),
  ]);
  const of = (groups: { flow: string; _count: { _all: number } }[], flow: EmailFlow) =>
    groups.find((g) => g.flow === flow)?._count._all ?? 0;
  const summaries = {} as Record<EmailFlow, FlowSummary>;
  for (const flow of EMAIL_FLOWS) {
    const trackedGroup = tracked.find((g) => g.flow === flow);
    summaries[flow] = {
      sent: of(sent, flow),
      scheduled: of(scheduled, flow),
      failed: of(failed, flow),
      tracked: trackedGroup?._count._all ?? 0,
      opened: trackedGroup?._count.openedAt ?? 0,
      clicked: trackedGroup?._count.clickedAt ?? 0,
      opens: trackedGroup?._sum.openCount ?? 0,
      clicks: trackedGroup?._sum.clickCount ?? 0,
    };
  }
  return summaries;
}
