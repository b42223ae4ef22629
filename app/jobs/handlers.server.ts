// The job registry: a handler for every job type of ./payloads.server.ts, collected from the
// domain modules (the compiler checks none is missing). The order jobs live here.
import { fetchShop } from "../shopify/admin.server";
import { orderMilestones, orderRowFromPayload, refundRowFromPayload } from "../orders/order-webhooks";
import { includesTestOrders, TEST_ORDER_SKIPPED } from "../orders/test-orders.server";
import { reviewJobHandlers } from "../reviews/sync-product.server";
import { reviewImportJobHandlers } from "../reviews/csv/import.server";
import { emailJobHandlers, planOrderEmails } from "../emails/outbox.server";
import { consentJobHandlers } from "../emails/consent.server";
import { loyaltyJobHandlers } from "../loyalty/jobs.server";
import { shippingJobHandlers } from "../shipping/sync.server";
import { privacyJobHandlers } from "../privacy/jobs.server";
import { flowJobHandlers } from "../flow/jobs.server";
import { creditReferral } from "../loyalty/actions.server";
import { scheduleLoyaltyDaily } from "../loyalty/expiry.server";
import { applyOrderPoints } from "../loyalty/order-points.server";
import { markRedemptionsUsed } from "../loyalty/redeem-usage.server";
import { dashboardJobHandlers, scheduleOrderRollups } from "../dashboard/rollup.server";
import { webhookJobHandlers } from "../webhooks/accept.server";
import type { Order } from "@prisma/client";
import type { Db } from "../db.server";
import type { Job } from "./queue.server";
import { JobSkipped, type JobContext, type JobRegistry } from "./worker.server";

/**
 * The order a refund or fulfilment event is about. Shopify does not order deliveries, so the
 * order's own webhook can come after: the job retries while it may (its attempts span Shopify's
 * retry window, see RETRY_WINDOW_ATTEMPTS in app/webhooks/intake.server.ts), then ends
 * skipped, never dead. By then the order was placed before the app was installed, or is a test
 * order the shop leaves out.
 */
async function recordedOrder(db: Db, job: Job, shop: string, orderNumber: number, isTest: boolean) {
  const order = await db.order.findFirst({ where: { id: `gid://shopify/Order/${orderNumber}`, shop } });
  if (order) return order;
  if (isTest && !(await includesTestOrders(db, shop))) throw new JobSkipped(TEST_ORDER_SKIPPED);
  if (job.attempts < job.maxAttempts) throw new Error(`order ${orderNumber} is not recorded yet`);
  throw new JobSkipped(`Order ${orderNumber} was never recorded: it was placed before the app was installed, or is a test order`);
}

/**
 * What follows a change to the app's copy of an order: its emails re-planned and its points
 * applied, then what only this event moves (`alsoAfterPoints`), and its days' figures last, so
 * the rollups they schedule count every ledger entry the steps before posted.
 */
async function followOrder(
  { db, shop, now, signal }: Pick<JobContext, "db" | "shop" | "now" | "signal">,
  order: Order,
  alsoAfterPoints: (() => Promise<unknown>)[] = [],
): Promise<void> {
  // Steps whose use of the row cannot go stale (emails re-check the order before they are sent;
  // codes and days do not change) are handed the row this job wrote or read. Points read it
  // again: an orders/cancelled job may have recorded the cancellation since.
  const steps = [
    () => planOrderEmails(db, shop, order, now),
    () => applyOrderPoints(db, shop, order.id, now),
    ...alsoAfterPoints,
    () => scheduleOrderRollups(db, shop, order, now),
  ];
  for (const step of steps) {
    signal.throwIfAborted();
    await step();
  }
}

export const handlers = {
  ...reviewJobHandlers,
  ...reviewImportJobHandlers,
  ...emailJobHandlers,
  ...loyaltyJobHandlers,
  ...shippingJobHandlers,
  ...dashboardJobHandlers,
  ...privacyJobHandlers,
  ...consentJobHandlers,
  ...webhookJobHandlers,
  ...flowJobHandlers,

  async "shop.sync"({ db, shop, admin, signal }) {
    const info = await fetchShop(await admin());
    signal.throwIfAborted();
    const data = {
      name: info.name,
      email: info.email,
      currencyCode: info.currencyCode,
      ianaTimezone: info.ianaTimezone,
      primaryLocale: info.primaryLocale,
      storefrontUrl: info.storefrontUrl,
      uninstalledAt: null,
    };
    await db.shop.upsert({ where: { domain: shop }, create: { domain: shop, ...data }, update: data });
  },

  /** orders/paid, orders/fulfilled, orders/cancelled: keep the app's copy of the order current. */
  async "order.record"({ db, shop, payload, now, signal }) {
    const { topic, body: order } = payload;
    if (order.test && !(await includesTestOrders(db, shop))) throw new JobSkipped(TEST_ORDER_SKIPPED);
    const row = orderRowFromPayload(shop, order);
    const milestones = orderMilestones(topic, order);
    const existing = await db.order.findUnique({ where: { id: row.id } });
    if (existing && existing.shop !== shop) throw new Error(`order ${row.id} belongs to another shop`);
    signal.throwIfAborted();
    const recorded = await db.order.upsert({
      where: { id: row.id },
      create: { ...row, ...milestones },
      // Milestones, once recorded, stay: a later payload (a further fulfilment) must not move them.
      update: {
        ...row,
        paidAt: existing?.paidAt ?? milestones.paidAt,
        fulfilledAt: existing?.fulfilledAt ?? milestones.fulfilledAt,
        // Shopify cannot un-cancel an order: a late, older delivery must not revive it.
        cancelledAt: existing?.cancelledAt ?? row.cancelledAt,
      },
    });
    await followOrder({ db, shop, now, signal }, recorded, [
      () => creditReferral(db, shop, recorded.id, now),
      () => markRedemptionsUsed(db, recorded, now),
      // A live shop's daily run (birthdays, expiry) is kept going; a no-op when today's exists.
      () => scheduleLoyaltyDaily(db, shop, now),
    ]);
  },

  async "order.refund"({ db, job, shop, payload, now, signal }) {
    const { body: refund } = payload;
    // The refund's transactions say whether the order was a test.
    const order = await recordedOrder(
      db,
      job,
      shop,
      refund.order_id,
      refund.transactions.some((transaction) => transaction.test),
    );
    const row = refundRowFromPayload(shop, refund, order);
    signal.throwIfAborted();
    await db.refund.upsert({ where: { id: row.id }, create: row, update: {} });
    await followOrder({ db, shop, now, signal }, order);
  },

  /** fulfillment_events/create with status "delivered". */
  async "order.delivered"({ db, job, shop, payload, now, signal }) {
    const { body: event } = payload;
    const deliveredAt = new Date(event.happened_at ?? event.created_at);
    const { id: orderId } = await recordedOrder(db, job, shop, event.order_id, false);
    signal.throwIfAborted();
    await db.order.updateMany({ where: { id: orderId, shop, deliveredAt: null }, data: { deliveredAt } });
    signal.throwIfAborted();
    await planOrderEmails(db, shop, orderId, now);
  },
} satisfies JobRegistry;
