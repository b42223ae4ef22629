// Every job type and the payload it carries: the list `enqueue` is typed and checked against, and
// the worker parses stored payloads with. Handlers live with their domain and are collected in
// ./registry.server.ts. This module imports schemas only, so the domain modules that enqueue jobs
// and the registry that imports those modules never form a cycle through it.
import { z } from "zod";
import { isDay } from "../dashboard/days";
import { FlowTriggerJob } from "../flow/trigger-payload";
import { FulfillmentEventPayload, OrderPayload, RefundPayload } from "../orders/order-webhooks";
import { CustomerRedactPayload, RedactedJobPayload, ShopRedactPayload } from "../privacy/compliance-payloads";
import { CustomerCreatedPayload, EmailConsentPayload } from "../webhooks/customer-payloads";

/** A webhook's job carries the topic and the body as Shopify sent it (checked at intake with the same schema). */
const webhookJob = <Body extends z.ZodTypeAny>(body: Body) => z.object({ topic: z.string(), body });

const Nothing = z.object({});
const Day = z.object({ day: z.string().refine(isDay, "a YYYY-MM-DD day") });

export const JOB_PAYLOADS = {
  "shop.sync": Nothing,
  // A verified delivery as received; app/webhooks/accept.server.ts judges it in the job.
  "webhook.accept": z.object({
    topic: z.string(),
    webhookId: z.string(),
    eventId: z.string(),
    triggeredAt: z.string(),
    body: z.record(z.string(), z.unknown()),
  }),
  "order.record": webhookJob(OrderPayload),
  "order.refund": webhookJob(RefundPayload),
  "order.delivered": webhookJob(FulfillmentEventPayload),
  "customer.email_consent": webhookJob(EmailConsentPayload),
  "email.send": z.object({ messageId: z.string() }),
  "reviews.sync_product": z.object({ productId: z.string() }),
  // One page of a sweep over the shop's reviewed products (app/reviews/sync-product.server.ts).
  "reviews.metaobject_sweep": z.object({ sweepId: z.string().min(1), afterProductId: z.string().nullable() }),
  "reviews.import": z.object({ importId: z.string().min(1), csv: z.string(), filename: z.string().optional() }),
  "loyalty.customer_created": webhookJob(CustomerCreatedPayload),
  "loyalty.review_points": z.object({ reviewId: z.string() }),
  "loyalty.release": z.object({ orderId: z.string() }),
  "loyalty.redemption_check": z.object({ redemptionId: z.string() }),
  "loyalty.sync_member": z.object({ memberId: z.string() }),
  "loyalty.sync_program": Nothing,
  "loyalty.daily": Day,
  "shipping.sync": z.object({ deleteDiscountIds: z.array(z.string()).default([]) }),
  "metrics.rollup": Day,
  "metrics.daily": Day,
  "privacy.customer_data_request": z.object({ dataRequestId: z.string() }),
  // Once the erasure committed, the job's payload no longer names the customer (app/privacy/redact.server.ts).
  "privacy.customer_redact": z.union([RedactedJobPayload, webhookJob(CustomerRedactPayload)]),
  "privacy.shop_redact": webhookJob(ShopRedactPayload),
  "flow.trigger": FlowTriggerJob,
} satisfies Record<string, z.ZodTypeAny>;

export type JobType = keyof typeof JOB_PAYLOADS;
/** What a handler receives: the payload after its schema's defaults and transforms. */
export type JobPayload<T extends JobType> = z.output<(typeof JOB_PAYLOADS)[T]>;
/** What `enqueue` accepts for the type. */
export type JobPayloadInput<T extends JobType> = z.input<(typeof JOB_PAYLOADS)[T]>;

export const isJobType = (type: string): type is JobType => Object.hasOwn(JOB_PAYLOADS, type);

/** A stored payload read with its type's schema; throws a ZodError when it does not fit. */
export function parseJobPayload<T extends JobType>(type: T, payload: unknown): JobPayload<T> {
  // The schema of T parses to JobPayload<T>; TypeScript cannot follow the lookup through a generic key.
  return JOB_PAYLOADS[type].parse(payload) as JobPayload<T>;
}

/** A refused payload's problems, one line: what lastError and enqueue's error say. */
export const payloadIssues = (error: z.ZodError) =>
  error.issues.map((issue) => `${issue.path.join(".") || "payload"}: ${issue.message}`).join("; ");
