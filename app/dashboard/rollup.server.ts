// Keeps DailyMetric current: each (shop, day) row is recomputed from the source tables and
// upserted, so running a rollup twice, late or concurrently never double counts. A day's rollup
// reads only that day's rows, each through an index that starts (shop, <the day's instant>), so
// its cost follows the day's activity, not the shop's history (bench/dashboard.ts budgets it).
// Order events schedule the days they move (debounced); a daily job catches up yesterday and
// today, and the dashboard asks for today's when its figures are older than the debounce interval.
// recomputeRollups rolls up every day again: the repair after a bulk import.
import type { Order } from "@prisma/client";
import type { Db } from "../db.server";
import { isUniqueViolation } from "../db.server";
import { enqueueAll, type EnqueueInput } from "../jobs/queue.server";
import type { JobHandlers } from "../jobs/worker.server";
import { fromMinorUnits, toMinorUnits } from "../lib/money";
import { shopTimeZone } from "../lib/shop-profile.server";
import { discountCodes } from "../orders/order-lines";
import { loadFreeShipping } from "../shipping/settings.server";
import { ledgerSums } from "../loyalty/ledger-figures.server";
import { dailyFigures, type DayOrder } from "./daily-figures";
import { addDays, dayBounds, dayOf } from "./days";

export const METRICS_ROLLUP_JOB = "metrics.rollup";
export const METRICS_DAILY_JOB = "metrics.daily";
/** Events within one interval share a rollup at its end; the dashboard calls figures older than this stale. */
export const ROLLUP_INTERVAL_MS = 10 * 60_000;
/** The daily catch-up runs this long after the shop's midnight. */
const DAILY_CATCH_UP_DELAY_MS = 15 * 60_000;

/** Who placed an order, for "had ordered before": the customer, else the guest's email. */
const customerKey = (order: { customerId: string | null; email: string | null }) =>
  order.customerId ?? (order.email ? `email:${order.email.toLowerCase()}` : null);

/** The day's paid, not cancelled orders with their refunds so far. */
async function dayOrders(db: Db, shop: string, start: Date, end: Date) {
  const rows = await db.order.findMany({
    where: { shop, processedAt: { gte: start, lt: end }, paidAt: { not: null }, cancelledAt: null },
    select: {
      id: true,
      customerId: true,
      email: true,
      processedAt: true,
      currencyCode: true,
      presentmentCurrencyCode: true,
      totalPrice: true,
      presentmentTotalPrice: true,
      subtotalPrice: true,
      discountCodes: true,
      shippingCountry: true,
    },
  });
  const refunds = rows.length
    ? await db.refund.findMany({ where: { shop, orderId: { in: rows.map((row) => row.id) } }, select: { orderId: true, amount: true } })
    : [];
  return rows.map((row) => ({
    ...row,
    refunded: fromMinorUnits(
      refunds.filter((refund) => refund.orderId === row.id).reduce((sum, refund) => sum + toMinorUnits(refund.amount, row.currencyCode), 0),
      row.currencyCode,
    ),
    discountCodes: discountCodes(row),
  }));
}

/** Each ordering customer's first paid, not cancelled order: by customer GID, and by email for guests. */
async function firstOrders(db: Db, shop: string, orders: { customerId: string | null; email: string | null }[]) {
  const customerIds = [...new Set(orders.flatMap((order) => (order.customerId ? [order.customerId] : [])))];
  const guestEmails = [...new Set(orders.flatMap((order) => (!order.customerId && order.email ? [order.email] : [])))];
  const paid = { shop, paidAt: { not: null }, cancelledAt: null };
  const [byCustomer, byEmail] = await Promise.all([
    customerIds.length
      ? db.order.groupBy({ by: ["customerId"], where: { ...paid, customerId: { in: customerIds } }, _min: { processedAt: true } })
      : [],
    guestEmails.length
      ? db.order.groupBy({ by: ["email"], where: { ...paid, email: { in: guestEmails } }, _min: { processedAt: true } })
      : [],
  ]);
  const first = new Map<string, Date>();
  for (const row of byCustomer) if (row.customerId && row._min.processedAt) first.set(row.customerId, row._min.processedAt);
  for (const row of byEmail) {
    const key = row.email ? `email:${row.email.toLowerCase()}` : null;
    const at = row._min.processedAt;
    if (key && at && !(first.get(key) && first.get(key)! <= at)) first.set(key, at);
  }
  return first;
}

/** Recomputes the shop's figures for `day` (YYYY-MM-DD in the shop's time zone) and stores them. */
export async function rollupDay(db: Db, shop: string, day: string, now: Date) {
  const { start, end } = dayBounds(day, await shopTimeZone(db, shop));
  const inDay = { gte: start, lt: end };
  const orders = await dayOrders(db, shop, start, end);
  const codes = [...new Set(orders.flatMap((order) => order.discountCodes.map((code) => code.toUpperCase())))];
  const [firstOrderAt, redemptions, freeShipping, emailCounts, reviewTotals, fromRequests, unsubscribes, ledger] = await Promise.all([
    firstOrders(db, shop, orders),
    codes.length ? db.loyaltyRedemption.findMany({ where: { shop, code: { in: codes } }, select: { code: true } }) : [],
    loadFreeShipping(db, shop),
    Promise.all([
      db.emailMessage.count({ where: { shop, status: "sent", sentAt: inDay } }),
      // Failures and bounces on the day of the attempt that ended the message (its sendingAt, which
      // nothing changes afterwards; updatedAt moves with a later redaction).
      db.emailMessage.count({ where: { shop, status: "failed", sendingAt: inDay } }),
      db.emailMessage.count({ where: { shop, status: "bounced", sendingAt: inDay } }),
      // The first review request of an order, not its reminders.
      db.emailMessage.count({ where: { shop, flow: "review_request", step: 0, status: { in: ["sent", "bounced"] }, sentAt: inDay } }),
    ]),
    // Reviews written through the app (imports carry their old dates and are not the app's work).
    db.review.aggregate({ where: { shop, createdAt: inDay, source: { not: "import" } }, _count: { _all: true }, _sum: { rating: true } }),
    db.review.count({ where: { shop, createdAt: inDay, source: "request_email" } }),
    db.emailSuppression.count({ where: { shop, reason: "unsubscribed", createdAt: inDay } }),
    ledgerSums(db, shop, start, end),
  ]);
  const [sent, failed, bounced, reviewRequestsSent] = emailCounts;
  const figures = dailyFigures({
    orders: orders.map((order): DayOrder => ({ ...order, customerKey: customerKey(order) })),
    firstOrderAt,
    loyaltyCodes: new Set(redemptions.flatMap((row) => (row.code ? [row.code.toUpperCase()] : []))),
    thresholds: { settings: freeShipping.thresholdSettings, zones: freeShipping.zones },
    emails: { sent, failed, bounced, reviewRequestsSent, unsubscribes },
    reviews: { count: reviewTotals._count._all, ratingSum: reviewTotals._sum.rating ?? 0, fromRequests },
    ledger,
  });
  const data = { ...figures, computedAt: now };
  try {
    return await db.dailyMetric.upsert({ where: { shop_day: { shop, day } }, create: { shop, day, ...data }, update: data });
  } catch (error) {
    // Two rollups creating the same row at once: both computed the whole day, so the loser updates.
    if (!isUniqueViolation(error)) throw error;
    return db.dailyMetric.update({ where: { shop_day: { shop, day } }, data });
  }
}

/**
 * The jobs that roll `day` up: at once for the first event of a 10-minute interval and again at
 * the interval's end, which covers every later event in it. The dedupe keys are per interval
 * because a job's key is unique for ever.
 */
function rollupJobs(shop: string, day: string, now: Date): EnqueueInput[] {
  const slot = Math.floor(now.getTime() / ROLLUP_INTERVAL_MS);
  const payload = { day };
  return [
    { shop, type: METRICS_ROLLUP_JOB, payload, runAt: now, dedupeKey: `metrics:${day}:${slot}` },
    { shop, type: METRICS_ROLLUP_JOB, payload, runAt: new Date((slot + 1) * ROLLUP_INTERVAL_MS), dedupeKey: `metrics:${day}:${slot}:end` },
  ];
}

/** The catch-up for the day after `now`'s (rolling up that day's yesterday and today). */
function dailyRollupJob(shop: string, now: Date, timeZone: string): EnqueueInput {
  const tomorrow = addDays(dayOf(now, timeZone), 1);
  const runAt = new Date(dayBounds(tomorrow, timeZone).start.getTime() + DAILY_CATCH_UP_DELAY_MS);
  return { shop, type: METRICS_DAILY_JOB, payload: { day: tomorrow }, runAt, dedupeKey: `metrics-daily:${tomorrow}` };
}

/** Asks for `day` to be rolled up (see rollupJobs). */
export async function scheduleRollup(db: Db, shop: string, day: string, now: Date): Promise<void> {
  await enqueueAll(db, rollupJobs(shop, day, now));
}

/** The catch-up for the day after `now`'s; a no-op when it exists. */
export async function scheduleDailyRollup(db: Db, shop: string, now: Date, knownTimeZone?: string): Promise<void> {
  await enqueueAll(db, [dailyRollupJob(shop, now, knownTimeZone ?? (await shopTimeZone(db, shop)))]);
}

/**
 * After an order event: its day (revenue, refunds), today (the points it moved), and the days of
 * the buyer's later orders, whose "repeat" depends on whether this one is a paid, standing first
 * order; then the daily chain. One INSERT for all of them: on most events every job exists already.
 */
export async function scheduleOrderRollups(
  db: Db,
  shop: string,
  order: Pick<Order, "processedAt" | "customerId" | "email">,
  now: Date,
): Promise<void> {
  const timeZone = await shopTimeZone(db, shop);
  const days = new Set([dayOf(now, timeZone), dayOf(order.processedAt, timeZone)]);
  const sameBuyer = [...(order.customerId ? [{ customerId: order.customerId }] : []), ...(order.email ? [{ email: order.email }] : [])];
  const later = sameBuyer.length
    ? await db.order.findMany({ where: { shop, processedAt: { gt: order.processedAt }, OR: sameBuyer }, select: { processedAt: true } })
    : [];
  for (const row of later) days.add(dayOf(row.processedAt, timeZone));
  await enqueueAll(db, [...[...days].flatMap((day) => rollupJobs(shop, day, now)), dailyRollupJob(shop, now, timeZone)]);
}

/**
 * Rolls up every day again, from the shop's first order, ledger entry, review, email or stored
 * figures to today: the repair after rows were written without their events (an import, a
 * backfill, a restore). Days are rolled one after another, each reading only its own rows.
 */
export async function recomputeRollups(db: Db, shop: string, now: Date, signal?: AbortSignal): Promise<number> {
  const timeZone = await shopTimeZone(db, shop);
  const where = { shop };
  const earliest = await Promise.all([
    db.order.aggregate({ where, _min: { processedAt: true } }).then((row) => row._min.processedAt),
    db.loyaltyEntry.aggregate({ where, _min: { createdAt: true } }).then((row) => row._min.createdAt),
    // Imported reviews keep their old dates and count on no day.
    db.review.aggregate({ where: { shop, source: { not: "import" } }, _min: { createdAt: true } }).then((row) => row._min.createdAt),
    db.emailMessage.aggregate({ where, _min: { createdAt: true } }).then((row) => row._min.createdAt),
    db.emailSuppression.aggregate({ where, _min: { createdAt: true } }).then((row) => row._min.createdAt),
  ]);
  const storedFirst = await db.dailyMetric.findFirst({ where, orderBy: { day: "asc" }, select: { day: true } });
  const today = dayOf(now, timeZone);
  const firstDays = [...earliest.flatMap((at) => (at ? [dayOf(at, timeZone)] : [])), ...(storedFirst ? [storedFirst.day] : [])];
  let days = 0;
  for (let day = firstDays.length ? firstDays.sort()[0]! : today; day <= today; day = addDays(day, 1)) {
    signal?.throwIfAborted();
    await rollupDay(db, shop, day, now);
    days += 1;
  }
  return days;
}

/** The dashboard's nudge: today's figures are recomputed when older than the interval (reviews and emails have no event hook). */
export async function refreshTodayIfStale(db: Db, shop: string, now: Date): Promise<boolean> {
  const timeZone = await shopTimeZone(db, shop);
  const today = dayOf(now, timeZone);
  const row = await db.dailyMetric.findUnique({ where: { shop_day: { shop, day: today } }, select: { computedAt: true } });
  await scheduleDailyRollup(db, shop, now, timeZone);
  if (row && now.getTime() - row.computedAt.getTime() <= ROLLUP_INTERVAL_MS) return false;
  await scheduleRollup(db, shop, today, now);
  return true;
}

export const dashboardJobHandlers = {
  async [METRICS_ROLLUP_JOB]({ db, shop, payload, now }) {
    await rollupDay(db, shop, payload.day, now);
  },
  /**
   * Yesterday is final once the shop's day has turned; today starts its row. Then tomorrow's run.
   * A run that comes late (the worker was down over a midnight) rolls every day since the one it
   * was scheduled for, so the day before that is finalised too.
   */
  async [METRICS_DAILY_JOB]({ db, shop, payload, now, signal }) {
    const shopRow = await db.shop.findUnique({ where: { domain: shop }, select: { uninstalledAt: true, ianaTimezone: true } });
    if (!shopRow || shopRow.uninstalledAt) return;
    const today = dayOf(now, shopRow.ianaTimezone);
    const scheduledFor = payload.day < today ? payload.day : today;
    for (let day = addDays(scheduledFor, -1); day <= today; day = addDays(day, 1)) {
      await rollupDay(db, shop, day, now);
      signal.throwIfAborted();
    }
    await scheduleDailyRollup(db, shop, now, shopRow.ianaTimezone);
  },
} satisfies JobHandlers;
