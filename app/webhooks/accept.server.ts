// The one place that decides whether a verified webhook delivery is acted on, in the
// webhook.accept job the intake (./intake.server.ts) records each delivery as. Shopify's signature
// covers the body only: the topic, the shop, the webhook and event ids and the time in the headers
// are whatever the sender wrote. So before anything is acted on, the body must fit its topic and
// name its shop where Shopify's bodies do, the delivery must be recent and not a repeat, and the
// shop must have the app installed (privacy duties excepted). Accepted deliveries are recorded once
// and turned into durable jobs in the same transaction; refused ones are recorded with the reason
// (Settings → Background jobs lists them) and create nothing.
import { z } from "zod";
import type { Db } from "../db.server";
import { isUniqueViolation } from "../db.server";
import { EMAIL_CONSENT_JOB } from "../emails/consent.server";
import type { JobPayloadInput, JobType } from "../jobs/payloads.server";
import { cancelShopJobs, enqueue, type EnqueueInput } from "../jobs/queue.server";
import type { JobHandlers } from "../jobs/worker.server";
import { CUSTOMER_CREATED_JOB } from "../loyalty/actions.server";
import { FulfillmentEventPayload, OrderPayload, RefundPayload } from "../orders/order-webhooks";
import { CustomerDataRequestPayload, CustomerRedactPayload, ShopRedactPayload } from "../privacy/compliance-payloads";
import { DATA_REQUEST_JOB, recordDataRequest } from "../privacy/data-request.server";
import { CUSTOMER_REDACT_JOB, SHOP_REDACT_JOB } from "../privacy/jobs.server";
import { storableJson, truncate } from "../lib/text";
import { CustomerCreatedPayload, EmailConsentPayload } from "./customer-payloads";
import { describeIssues, shopifyId } from "./fields";
import { RETRY_WINDOW_ATTEMPTS, WEBHOOK_ACCEPT_JOB } from "./intake.server";

export interface WebhookDeliveryInput {
  shop: string; // X-Shopify-Shop-Domain
  topic: string; // X-Shopify-Topic, e.g. "orders/paid"
  webhookId: string; // X-Shopify-Webhook-Id: the same on every retry of one delivery
  eventId: string; // X-Shopify-Event-Id: the same on every delivery of one event
  triggeredAt: string; // X-Shopify-Triggered-At: when Shopify triggered the delivery; retries keep it
  payload: unknown;
}

type JobSpec = DistributiveOmit<EnqueueInput, "shop">;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** The job types whose payload is a webhook's topic and body. */
type WebhookJobType = { [T in JobType]: [Extract<JobPayloadInput<T>, { topic: string }>] extends [never] ? never : T }[JobType];

const HOUR = 3_600_000;

/**
 * How long Shopify keeps delivering one event: "Webhooks will now be retried a total of 8 times over
 * 4 hours using an exponential backoff schedule. [...] When webhooks are retried, they will be
 * delivered with the original payload from the time they were triggered. Partners should utilize
 * the X-Shopify-Triggered-At timestamp in the header [...] to determine if the payload is stale."
 * (shopify.dev developer changelog, 2024-09-10, "Updates to webhook retry mechanism").
 */
export const SHOPIFY_RETRY_WINDOW_MS = 4 * HOUR;
/** Slack for the last retry's own delay and for Shopify's clock and ours disagreeing. */
export const WEBHOOK_CLOCK_MARGIN_MS = HOUR;
/** A delivery triggered longer ago than this is not one Shopify is still sending: a replay. */
export const WEBHOOK_MAX_AGE_MS = SHOPIFY_RETRY_WINDOW_MS + WEBHOOK_CLOCK_MARGIN_MS;

/** What the app does with each topic it subscribes to (shopify.app.toml; a test keeps the two equal). */
interface TopicRule {
  /** The body's shape: the schema the topic's jobs parse it with, so a body they could not read is refused here. */
  schema: z.ZodTypeAny;
  /**
   * Where the body names its shop's myshopify.com domain, for topics whose bodies do: it must be
   * the shop in X-Shopify-Shop-Domain, which the signature does not cover.
   */
  shopDomain?: (body: Record<string, unknown>) => unknown;
  /** The order the body is about, as an Order GID: one the app recorded for another shop is refused. */
  orderId?: (body: Record<string, unknown>) => string;
  /** A privacy duty: Shopify may send it for a shop that uninstalled the app, and it is carried out regardless. */
  privacy?: boolean;
  /** The jobs an accepted body becomes (customers/data_request also records the request, see acceptWebhook). */
  jobs(body: Record<string, unknown>): JobSpec[];
}

/** app/uninstalled carries the shop itself (the REST Shop resource). */
const ShopPayload = z.object({ id: shopifyId, myshopify_domain: z.string().nullable() });

const orderGid = (id: unknown) => `gid://shopify/Order/${String(id)}`;
// The rule's schema has just checked the body, and enqueue checks it again against the job's
// payload schema (the same body schema), so the body's static type can stay open here.
const job = (type: WebhookJobType, topic: string, body: unknown, maxAttempts?: number): JobSpec =>
  ({ type, payload: { topic, body }, ...(maxAttempts ? { maxAttempts } : {}) }) as JobSpec;

const orderTopic = (topic: string): TopicRule => ({
  schema: OrderPayload,
  orderId: (body) => String(body.admin_graphql_api_id),
  jobs: (body) => [job("order.record", topic, body)],
});

export const TOPIC_RULES: Record<string, TopicRule> = {
  "orders/paid": orderTopic("orders/paid"),
  "orders/fulfilled": orderTopic("orders/fulfilled"),
  "orders/cancelled": orderTopic("orders/cancelled"),
  "refunds/create": {
    schema: RefundPayload,
    orderId: (body) => orderGid(body.order_id),
    jobs: (body) => [job("order.refund", "refunds/create", body, RETRY_WINDOW_ATTEMPTS)],
  },
  "fulfillment_events/create": {
    schema: FulfillmentEventPayload,
    orderId: (body) => orderGid(body.order_id),
    // Only deliveries time review requests; the other events (in transit, out for delivery…) are recorded and acknowledged.
    jobs: (body) => (body.status === "delivered" ? [job("order.delivered", "fulfillment_events/create", body, RETRY_WINDOW_ATTEMPTS)] : []),
  },
  "customers/create": { schema: CustomerCreatedPayload, jobs: (body) => [job(CUSTOMER_CREATED_JOB, "customers/create", body)] },
  "customers_email_marketing_consent/update": {
    schema: EmailConsentPayload,
    jobs: (body) => [job(EMAIL_CONSENT_JOB, "customers_email_marketing_consent/update", body)],
  },
  "app/uninstalled": { schema: ShopPayload, shopDomain: (body) => body.myshopify_domain, jobs: () => [] },
  "customers/data_request": { schema: CustomerDataRequestPayload, shopDomain: (body) => body.shop_domain, privacy: true, jobs: () => [] },
  "customers/redact": {
    schema: CustomerRedactPayload,
    shopDomain: (body) => body.shop_domain,
    privacy: true,
    jobs: (body) => [job(CUSTOMER_REDACT_JOB, "customers/redact", body)],
  },
  "shop/redact": {
    schema: ShopRedactPayload,
    shopDomain: (body) => body.shop_domain,
    privacy: true,
    jobs: (body) => [job(SHOP_REDACT_JOB, "shop/redact", body)],
  },
};

/**
 * The jobs an uninstall does not cancel: privacy duties outlive the installation (Shopify may
 * still send them), and deliveries received but not judged yet are judged (a privacy duty among
 * them is carried out, an earlier event's work is refused as from before the uninstall).
 */
const JOBS_KEPT_ON_UNINSTALL = [WEBHOOK_ACCEPT_JOB, DATA_REQUEST_JOB, CUSTOMER_REDACT_JOB, SHOP_REDACT_JOB];

/** The refusal recorded when an event's id was already recorded for the topic under another webhook id. */
export const REPEATED_EVENT_REASON =
  "Repeated event: this X-Shopify-Event-Id was already received for this topic under another X-Shopify-Webhook-Id";

export type AcceptResult =
  | { status: "accepted"; jobs: number }
  | { status: "duplicate" }
  | { status: "refused"; reason: string }
  /** The shop has no installation the app knows of yet: nothing was written, and the job retries. */
  | { status: "not_installed"; error: string };

type Verdict =
  | { kind: "accept"; body: Record<string, unknown>; rule: TopicRule }
  | { kind: "refuse"; reason: string }
  | { kind: "later"; error: string };

/** Refused deliveries are answered 200 (see the route), so the reason need only be kept short enough to show. */
const REASON_MAX = 1000;

/**
 * Whether a verified delivery may be acted on. Every check is here, in this order:
 * 1. the topic is one the app subscribes to;
 * 2. X-Shopify-Triggered-At is a time within Shopify's retry window (plus a margin), not ahead of ours, when received;
 * 3. the body (control characters removed, see storableJson) fits the topic's schema;
 * 4. where the body names its shop (app/uninstalled, the compliance topics), that is the header's shop;
 * 5. the shop has the app installed: an offline session exists (the token exchange stores it; the
 *    Shop row comes later, from the shop.sync job that afterAuth queues), except for privacy duties;
 * 6. the order the body is about was not recorded for another shop;
 * then, when it is recorded (acceptWebhook), 7. its event was not received before for the topic.
 */
async function judge(db: Db, delivery: WebhookDeliveryInput, receivedAt: Date): Promise<Verdict> {
  const rule = Object.hasOwn(TOPIC_RULES, delivery.topic) ? TOPIC_RULES[delivery.topic] : undefined;
  if (!rule) return { kind: "refuse", reason: `Not a topic the app subscribes to: ${delivery.topic}` };

  const triggeredAt = Date.parse(delivery.triggeredAt);
  if (Number.isNaN(triggeredAt)) return { kind: "refuse", reason: "X-Shopify-Triggered-At is not a date and time" };
  if (triggeredAt < receivedAt.getTime() - WEBHOOK_MAX_AGE_MS) {
    return {
      kind: "refuse",
      reason: `Stale delivery: triggered at ${new Date(triggeredAt).toISOString()}, longer ago than Shopify retries a webhook (${WEBHOOK_MAX_AGE_MS / HOUR} hours)`,
    };
  }
  if (triggeredAt > receivedAt.getTime() + WEBHOOK_CLOCK_MARGIN_MS)
    return { kind: "refuse", reason: `X-Shopify-Triggered-At is in the future: ${new Date(triggeredAt).toISOString()}` };

  const body = storableJson(delivery.payload) as Record<string, unknown>;
  const parsed = rule.schema.safeParse(body);
  if (!parsed.success) return { kind: "refuse", reason: `Not a valid ${delivery.topic} body: ${describeIssues(parsed.error)}` };

  if (rule.shopDomain) {
    const named = rule.shopDomain(body);
    if (typeof named !== "string" || named.toLowerCase() !== delivery.shop.toLowerCase()) {
      return {
        kind: "refuse",
        reason: `The body is for ${typeof named === "string" ? named : "no shop"}, not ${delivery.shop} (X-Shopify-Shop-Domain)`,
      };
    }
  }

  if (!rule.privacy) {
    const refusal = await installationRefusal(db, delivery.shop, delivery.topic, triggeredAt);
    if (refusal) return refusal;
  }

  if (rule.orderId) {
    const orderId = rule.orderId(body);
    const order = await db.order.findUnique({ where: { id: orderId }, select: { shop: true } });
    if (order && order.shop !== delivery.shop) return { kind: "refuse", reason: `Order ${orderId} belongs to another shop` };
  }
  return { kind: "accept", body, rule };
}

/** Why a shop without an installation cannot have this delivery acted on now, or null when it has one. */
async function installationRefusal(db: Db, shop: string, topic: string, triggeredAt: number): Promise<Verdict | null> {
  const session = await db.session.findFirst({ where: { shop, isOnline: false }, select: { id: true } });
  if (session) return null;
  if (topic === "app/uninstalled")
    return { kind: "refuse", reason: "The app is not installed on this shop: there is nothing to uninstall" };
  // Uninstalling removes the shop's sessions and stops its work (acceptWebhook below); a delivery
  // of an event from before that is refused like the work it would have added.
  const known = await db.shop.findUnique({ where: { domain: shop }, select: { uninstalledAt: true } });
  if (known?.uninstalledAt && triggeredAt <= known.uninstalledAt.getTime()) {
    return { kind: "refuse", reason: `The app was uninstalled from this shop at ${known.uninstalledAt.toISOString()}, after this event` };
  }
  // "Shopify managed installation is an installation method where Shopify installs an app [...]
  // without making any calls to the app" (shopify.dev, Enable Shopify-managed installations): the
  // app gets the shop's offline token by token exchange when the merchant first opens it, a moment
  // after the install, while the shopify.app.toml subscriptions may already deliver. A delivery in
  // between is not refused for good but left to Shopify's retries (8 over 4 hours), which come once
  // the session is stored. The webhook.accept job retries for as long as Shopify would have (its
  // attempts span Shopify's retry window); a delivery for a shop that never installs the app (a
  // replay) is then refused, never acted on.
  return { kind: "later", error: `The app has no installation for ${shop} yet; the delivery is judged again later` };
}

/** Why a delivery for a shop that never had the app installed while Shopify retried it was not acted on. */
export const NEVER_INSTALLED_REASON = "The app was not installed on this shop within Shopify's retry window (4 hours)";

export const webhookJobHandlers = {
  async [WEBHOOK_ACCEPT_JOB]({ db, job, shop, payload, now }) {
    const { body, ...headers } = payload;
    const delivery = { shop, ...headers, payload: body };
    // Judged as of when it was received: a worker that comes to it late (stopped, or behind) must
    // not refuse as stale a delivery that was fresh when it arrived.
    const result = await acceptWebhook(db, delivery, now, job.createdAt);
    if (result.status !== "not_installed") return;
    if (job.attempts < job.maxAttempts) throw new Error(result.error);
    await recordRefusal(db, delivery, NEVER_INSTALLED_REASON);
  },
} satisfies JobHandlers;

export async function acceptWebhook(db: Db, delivery: WebhookDeliveryInput, now = new Date(), receivedAt = now): Promise<AcceptResult> {
  const verdict = await judge(db, delivery, receivedAt);
  if (verdict.kind === "later") return { status: "not_installed", error: verdict.error };
  if (verdict.kind === "refuse") return recordRefusal(db, delivery, verdict.reason);
  const { body, rule } = verdict;
  try {
    return await db.$transaction(async (tx) => {
      await tx.webhookDelivery.create({ data: { ...deliveryRow(delivery), eventId: delivery.eventId, status: "accepted" } });
      if (delivery.topic === "app/uninstalled") {
        // Stop the shop's work at once; privacy duties (data requests, erasure) still run.
        await cancelShopJobs(tx, delivery.shop, JOBS_KEPT_ON_UNINSTALL);
        await tx.session.deleteMany({ where: { shop: delivery.shop } });
        await tx.shop.updateMany({ where: { domain: delivery.shop }, data: { uninstalledAt: now } });
      }
      let jobs = 0;
      if (delivery.topic === "customers/data_request") {
        // The merchant sees the request at once; its job fills in the document.
        await recordDataRequest(tx, delivery.shop, body);
        jobs += 1;
      }
      for (const spec of rule.jobs(body)) {
        // Due at the judging job's clock (the worker's), as the work was when the route queued it.
        await enqueue(tx, { shop: delivery.shop, ...spec, runAt: now });
        jobs += 1;
      }
      return { status: "accepted" as const, jobs };
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // Shopify's retry of a delivery already recorded (same webhook id) changes nothing; the same
    // event under a new webhook id is a repeat, refused and kept.
    if (await alreadyRecorded(db, delivery)) return { status: "duplicate" };
    // X-Shopify-Event-Id is "shared across all deliveries produced by the same merchant action"
    // (shopify.dev, Webhooks delivery structure): an order cancelled and refunded at once shares it
    // across topics, so an event repeats only within its topic (the unique key is shop, topic, event).
    const repeated = await db.webhookDelivery.count({ where: { shop: delivery.shop, topic: delivery.topic, eventId: delivery.eventId } });
    if (repeated > 0) return recordRefusal(db, delivery, REPEATED_EVENT_REASON);
    throw error;
  }
}

function deliveryRow(delivery: WebhookDeliveryInput) {
  const triggeredAt = new Date(delivery.triggeredAt);
  return {
    shop: delivery.shop,
    webhookId: delivery.webhookId,
    topic: delivery.topic,
    triggeredAt: Number.isNaN(triggeredAt.getTime()) ? null : triggeredAt,
  };
}

const alreadyRecorded = async (db: Db, delivery: WebhookDeliveryInput) =>
  (await db.webhookDelivery.count({ where: { shop: delivery.shop, webhookId: delivery.webhookId } })) > 0;

/**
 * Keeps a refused delivery (status "refused" and why) and nothing else. It does not claim its event
 * (eventId stays empty): only what was acted on makes a later delivery of the event a repeat.
 */
async function recordRefusal(db: Db, delivery: WebhookDeliveryInput, reason: string): Promise<AcceptResult> {
  const refusedReason = truncate(reason, REASON_MAX);
  try {
    await db.webhookDelivery.create({ data: { ...deliveryRow(delivery), status: "refused", refusedReason } });
  } catch (error) {
    // The same delivery again (its webhook id is recorded): already answered.
    if (isUniqueViolation(error)) return { status: "duplicate" };
    throw error;
  }
  return { status: "refused", reason: refusedReason };
}
