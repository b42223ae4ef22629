// What the webhook route does after Shopify's signature is verified: record the delivery
// once, and turn it into durable jobs in the same transaction. Shopify retries a delivery
// with the same webhook id, so the second copy finds the row and changes nothing.
import type { Db } from "../db.server";
import { isUniqueViolation } from "../db.server";
import { cancelShopJobs, enqueue, type EnqueueInput } from "../jobs/queue.server";

export interface WebhookDeliveryInput {
  shop: string;
  topic: string; // as in the X-Shopify-Topic header, e.g. "orders/paid"
  webhookId: string;
  payload: unknown;
}

type JobSpec = Omit<EnqueueInput, "shop">;

/** The jobs a topic turns into. Topics with no entry are recorded and acknowledged only. */
export function jobsForWebhook(topic: string, payload: unknown): JobSpec[] {
  const body = { topic, body: payload };
  switch (topic) {
    case "orders/paid":
    case "orders/fulfilled":
    case "orders/cancelled":
      return [{ type: "order.record", payload: body }];
    case "refunds/create":
      return [{ type: "order.refund", payload: body }];
    case "customers/create":
      return [{ type: "loyalty.customer_created", payload: body }];
    case "fulfillment_events/create":
      return (payload as { status?: string }).status === "delivered" ? [{ type: "order.delivered", payload: body }] : [];
    case "customers/redact":
      return [{ type: "privacy.customer_redact", payload: body }];
    case "shop/redact":
      return [{ type: "privacy.shop_redact", payload: body }];
    default:
      return [];
  }
}

export type AcceptResult = { status: "accepted"; jobs: number } | { status: "duplicate" };

export async function acceptWebhook(db: Db, delivery: WebhookDeliveryInput): Promise<AcceptResult> {
  try {
    return await db.$transaction(async (tx) => {
      await tx.webhookDelivery.create({
        data: { shop: delivery.shop, webhookId: delivery.webhookId, topic: delivery.topic },
      });
      if (delivery.topic === "app/uninstalled") {
        // Stop everything at once: no job may act for a shop that removed the app.
        await cancelShopJobs(tx, delivery.shop);
        await tx.session.deleteMany({ where: { shop: delivery.shop } });
        await tx.shop.updateMany({ where: { domain: delivery.shop }, data: { uninstalledAt: new Date() } });
      }
      const specs = jobsForWebhook(delivery.topic, delivery.payload);
      for (const spec of specs) await enqueue(tx, { shop: delivery.shop, ...spec });
      return { status: "accepted" as const, jobs: specs.length };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { status: "duplicate" };
    throw error;
  }
}
