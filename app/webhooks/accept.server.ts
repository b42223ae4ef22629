// What the webhook route does after Shopify's signature is verified: record the delivery
// once, and turn it into durable jobs in the same transaction. Shopify retries a delivery
// with the same webhook id, so the second copy finds the row and changes nothing.
import type { Db } from "../db.server";
import { isUniqueViolation } from "../db.server";
import { EMAIL_CONSENT_JOB } from "../emails/consent.server";
import { cancelShopJobs, enqueue, type EnqueueInput } from "../jobs/queue.server";
import { COMPLIANCE_PAYLOADS } from "../privacy/compliance-payloads";
import { DATA_REQUEST_JOB, recordDataRequest } from "../privacy/data-request.server";
import { CUSTOMER_REDACT_JOB, SHOP_REDACT_JOB } from "../privacy/jobs.server";

export interface WebhookDeliveryInput {
  shop: string;
  topic: string; // as in the X-Shopify-Topic header, e.g. "orders/paid"
  webhookId: string;
  payload: unknown;
}

type JobSpec = Omit<EnqueueInput, "shop">;

/**
 * Attempts for a job about an order the app may not have recorded yet (refunds/create,
 * fulfillment_events/create): Shopify retries a failed delivery 8 times over 4 hours (developer
 * changelog, 2024-09-10, "Updates to webhook retry mechanism"), so the order's own webhook can be
 * that late. With the queue's backoff (30 s doubling, capped at an hour) the 11th attempt comes
 * about 4 hours after the first; the handler then ends the job skipped instead of failing it.
 */
export const ORDER_EVENT_MAX_ATTEMPTS = 11;

/** The jobs a topic turns into. Topics with no entry are recorded and acknowledged only. */
export function jobsForWebhook(topic: string, payload: unknown): JobSpec[] {
  const body = { topic, body: payload };
  switch (topic) {
    case "orders/paid":
    case "orders/fulfilled":
    case "orders/cancelled":
      return [{ type: "order.record", payload: body }];
    case "refunds/create":
      return [{ type: "order.refund", payload: body, maxAttempts: ORDER_EVENT_MAX_ATTEMPTS }];
    case "customers/create":
      return [{ type: "loyalty.customer_created", payload: body }];
    case "fulfillment_events/create":
      return (payload as { status?: string }).status === "delivered" ? [{ type: "order.delivered", payload: body, maxAttempts: ORDER_EVENT_MAX_ATTEMPTS }] : [];
    case "customers_email_marketing_consent/update":
      return [{ type: EMAIL_CONSENT_JOB, payload: body }];
    case "customers/redact":
      return [{ type: CUSTOMER_REDACT_JOB, payload: body }];
    case "shop/redact":
      return [{ type: SHOP_REDACT_JOB, payload: body }];
    default:
      return [];
  }
}

/** Privacy duties outlive the installation: an uninstall does not cancel them (Shopify may still send them). */
const PRIVACY_JOBS = [DATA_REQUEST_JOB, CUSTOMER_REDACT_JOB, SHOP_REDACT_JOB];

/** Why a verified delivery's body cannot be acted on, or null when it can. */
export function webhookPayloadProblem(topic: string, payload: unknown): string | null {
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) return "Webhook payload must be a JSON object";
  const schema = COMPLIANCE_PAYLOADS[topic];
  if (schema && !schema.safeParse(payload).success) return `Webhook payload is not a valid ${topic} payload`;
  return null;
}

export type AcceptResult = { status: "accepted"; jobs: number } | { status: "duplicate" } | { status: "invalid"; error: string };

export async function acceptWebhook(db: Db, delivery: WebhookDeliveryInput): Promise<AcceptResult> {
  // Checked before anything is written: a body that cannot be acted on is refused, not recorded.
  const problem = webhookPayloadProblem(delivery.topic, delivery.payload);
  if (problem) return { status: "invalid", error: problem };
  try {
    return await db.$transaction(async (tx) => {
      await tx.webhookDelivery.create({
        data: { shop: delivery.shop, webhookId: delivery.webhookId, topic: delivery.topic },
      });
      if (delivery.topic === "app/uninstalled") {
        // Stop the shop's work at once; privacy duties (data requests, erasure) still run.
        await cancelShopJobs(tx, delivery.shop, PRIVACY_JOBS);
        await tx.session.deleteMany({ where: { shop: delivery.shop } });
        await tx.shop.updateMany({ where: { domain: delivery.shop }, data: { uninstalledAt: new Date() } });
      }
      let jobs = 0;
      if (delivery.topic === "customers/data_request") {
        // The merchant sees the request at once; its job fills in the document.
        await recordDataRequest(tx, delivery.shop, delivery.payload);
        jobs += 1;
      }
      for (const spec of jobsForWebhook(delivery.topic, delivery.payload)) {
        await enqueue(tx, { shop: delivery.shop, ...spec });
        jobs += 1;
      }
      return { status: "accepted" as const, jobs };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { status: "duplicate" };
    throw error;
  }
}
