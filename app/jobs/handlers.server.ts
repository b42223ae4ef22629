// Every job type the worker knows, in one place.
import { fetchShop } from "../shopify/admin.server";
import {
  FulfillmentEventPayload,
  OrderPayload,
  orderRowFromPayload,
  RefundPayload,
  refundRowFromPayload,
} from "../orders/order-webhooks";
import { reviewJobHandlers } from "../reviews/sync-product.server";
import { reviewImportJobHandlers } from "../reviews/csv/import.server";
import { emailJobHandlers, planOrderEmails } from "../emails/outbox.server";
import { loyaltyJobHandlers } from "../loyalty/jobs.server";
import { shippingJobHandlers } from "../shipping/sync.server";
import { privacyJobHandlers } from "../privacy/jobs.server";
import { creditReferral } from "../loyalty/actions.server";
import { scheduleLoyaltyDaily } from "../loyalty/expiry.server";
import { applyOrderPoints } from "../loyalty/order-points.server";
import { dashboardJobHandlers, scheduleOrderRollups } from "../dashboard/rollup.server";
import type { JobHandlers } from "./worker.server";
import { z } from "zod";

const WebhookJob = z.object({ topic: z.string(), body: z.unknown() });

export const handlers: JobHandlers = {
  ...reviewJobHandlers,
  ...reviewImportJobHandlers,
  ...emailJobHandlers,
  ...loyaltyJobHandlers,
  ...shippingJobHandlers,
  ...dashboardJobHandlers,
  ...privacyJobHandlers,

  async "shop.sync"({ db, shop, admin }) {
    const info = await fetchShop(await admin());
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
  async "order.record"({ db, shop, payload, now }) {
    const { topic, body } = WebhookJob.parse(payload);
    const row = orderRowFromPayload(shop, OrderPayload.parse(body));
    // A missed orders/paid must not cost the order its emails: a later event that says "paid" counts.
    const paid = topic === "orders/paid" || ["paid", "partially_refunded", "refunded"].includes(row.financialStatus);
    const milestones = {
      ...(paid ? { paidAt: now } : {}),
      ...(topic === "orders/fulfilled" ? { fulfilledAt: now } : {}),
    };
    const existing = await db.order.findUnique({ where: { id: row.id } });
    if (existing && existing.shop !== shop) throw new Error(`order ${row.id} belongs to another shop`);
    await db.order.upsert({
      where: { id: row.id },
      create: { ...row, ...milestones },
      // Keep the first time each milestone was seen: retries must not move it.
      update: {
        ...row,
        paidAt: existing?.paidAt ?? milestones.paidAt,
        fulfilledAt: existing?.fulfilledAt ?? milestones.fulfilledAt,
        // Shopify cannot un-cancel an order: a late, older delivery must not revive it.
        cancelledAt: existing?.cancelledAt ?? row.cancelledAt,
      },
    });
    await planOrderEmails(db, shop, row.id);
    await applyOrderPoints(db, shop, row.id, now);
    await creditReferral(db, shop, row.id, now);
    // A live shop's daily run (birthdays, expiry) is kept going; a no-op when today's exists.
    await scheduleLoyaltyDaily(db, shop, now);
    await scheduleOrderRollups(db, shop, row.id, now);
  },

  async "order.refund"({ db, shop, payload, now }) {
    const { body } = WebhookJob.parse(payload);
    const refund = RefundPayload.parse(body);
    const order = await db.order.findFirst({ where: { id: `gid://shopify/Order/${refund.order_id}`, shop } });
    // Shopify does not order deliveries: a refund can arrive before its order. Retrying
    // (with backoff) gives orders/paid time to be recorded.
    if (!order) throw new Error(`order ${refund.order_id} is not recorded yet`);
    const row = refundRowFromPayload(shop, refund, order);
    await db.refund.upsert({ where: { id: row.id }, create: row, update: {} });
    await planOrderEmails(db, shop, order.id);
    await applyOrderPoints(db, shop, order.id, now);
    await scheduleOrderRollups(db, shop, order.id, now);
  },

  /** fulfillment_events/create with status "delivered". */
  async "order.delivered"({ db, shop, payload }) {
    const { body } = WebhookJob.parse(payload);
    const event = FulfillmentEventPayload.parse(body);
    const deliveredAt = new Date(event.happened_at ?? event.created_at);
    const orderId = `gid://shopify/Order/${event.order_id}`;
    // As with refunds, the event can arrive before its order: retry until it is recorded.
    if (!(await db.order.findFirst({ where: { id: orderId, shop }, select: { id: true } }))) throw new Error(`order ${event.order_id} is not recorded yet`);
    await db.order.updateMany({ where: { id: orderId, shop, deliveredAt: null }, data: { deliveredAt } });
    await planOrderEmails(db, shop, orderId);
  },
};
