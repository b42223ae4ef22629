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
import type { JobHandlers } from "./worker.server";
import { z } from "zod";

const WebhookJob = z.object({ topic: z.string(), body: z.unknown() });

export const handlers: JobHandlers = {
  ...reviewJobHandlers,
  ...reviewImportJobHandlers,

  async "shop.sync"({ db, shop, admin }) {
    const info = await fetchShop(await admin());
    const data = {
      name: info.name,
      email: info.email,
      currencyCode: info.currencyCode,
      ianaTimezone: info.ianaTimezone,
      primaryLocale: info.primaryLocale,
      uninstalledAt: null,
    };
    await db.shop.upsert({ where: { domain: shop }, create: { domain: shop, ...data }, update: data });
  },

  /** orders/paid, orders/fulfilled, orders/cancelled: keep the app's copy of the order current. */
  async "order.record"({ db, shop, payload }) {
    const { topic, body } = WebhookJob.parse(payload);
    const row = orderRowFromPayload(shop, OrderPayload.parse(body));
    const now = new Date();
    const milestones = {
      ...(topic === "orders/paid" ? { paidAt: now } : {}),
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
      },
    });
  },

  async "order.refund"({ db, shop, payload }) {
    const { body } = WebhookJob.parse(payload);
    const refund = RefundPayload.parse(body);
    const order = await db.order.findFirst({ where: { id: `gid://shopify/Order/${refund.order_id}`, shop } });
    // Shopify does not order deliveries: a refund can arrive before its order. Retrying
    // (with backoff) gives orders/paid time to be recorded.
    if (!order) throw new Error(`order ${refund.order_id} is not recorded yet`);
    const row = refundRowFromPayload(shop, refund, order);
    await db.refund.upsert({ where: { id: row.id }, create: row, update: {} });
  },

  /** fulfillment_events/create with status "delivered". */
  async "order.delivered"({ db, shop, payload }) {
    const { body } = WebhookJob.parse(payload);
    const event = FulfillmentEventPayload.parse(body);
    const deliveredAt = new Date(event.happened_at ?? event.created_at);
    await db.order.updateMany({
      where: { id: `gid://shopify/Order/${event.order_id}`, shop, deliveredAt: null },
      data: { deliveredAt },
    });
  },

  /** shop/redact (48 hours after uninstall): remove everything the app holds for the shop. */
  async "privacy.shop_redact"({ db, shop }) {
    await db.$transaction([
      db.review.deleteMany({ where: { shop } }), // photos cascade
      db.merchantTask.deleteMany({ where: { shop } }),
      db.reviewSettings.deleteMany({ where: { shop } }),
      db.reviewImport.deleteMany({ where: { shop } }),
      db.refund.deleteMany({ where: { shop } }),
      db.order.deleteMany({ where: { shop } }),
      db.webhookDelivery.deleteMany({ where: { shop } }),
      db.session.deleteMany({ where: { shop } }),
      db.shop.deleteMany({ where: { domain: shop } }),
      db.job.deleteMany({ where: { shop, type: { not: "privacy.shop_redact" } } }),
    ]);
  },

  /** customers/redact: anonymise the customer's personal data on the orders and reviews we hold. */
  async "privacy.customer_redact"({ db, shop, payload }) {
    const { body } = WebhookJob.parse(payload);
    const request = z
      .object({ customer: z.object({ id: z.number(), email: z.string().nullish() }), orders_to_redact: z.array(z.number()).default([]) })
      .parse(body);
    const customerId = `gid://shopify/Customer/${request.customer.id}`;
    const orderIds = request.orders_to_redact.map((id) => `gid://shopify/Order/${id}`);
    const byEmail = request.customer.email ? [{ email: request.customer.email }] : [];
    await db.$transaction([
      db.order.updateMany({
        where: { shop, OR: [{ customerId }, { id: { in: orderIds } }, ...byEmail] },
        data: { email: null, customerId: null },
      }),
      // The review text stays (it is about the product); everything that identifies the person goes.
      db.review.updateMany({
        where: {
          shop,
          OR: [{ customerId }, { orderId: { in: orderIds } }, ...(request.customer.email ? [{ authorEmail: request.customer.email }] : [])],
        },
        data: { authorName: "Anonymous", authorEmail: null, customerId: null, ipHash: null, orderId: null },
      }),
    ]);
  },
};
