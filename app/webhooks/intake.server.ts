// Webhook intake: a verified delivery is recorded as one webhook.accept job and answered. Shopify
// gives each delivery 5 seconds and a flash sale sends thousands a minute, so the intake does
// nothing else (app/webhooks/accept.server.ts judges the delivery in the job), and deliveries that
// arrive while a write is in flight are written together by the next one: one INSERT and one
// commit for many, each delivery answered once its row is committed (group commit).
import { env } from "../config.server";
import db, { type Db } from "../db.server";
import { storableJson } from "../lib/text";
import type { JobPayloadInput } from "../jobs/payloads.server";
import { insertJobRows } from "../jobs/queue.server";
import { publicRoute } from "../security/public-route.server";
import { verifyWebhook, type IncomingWebhook, type VerifiedWebhook } from "../security/webhook-request.server";

export const WEBHOOK_ACCEPT_JOB = "webhook.accept";

/**
 * Attempts for a job that waits for what Shopify may deliver as late as its retry window (8 retries
 * over 4 hours): an order's own webhook, for a job about an order the app may not have recorded yet
 * (refunds/create, fulfillment_events/create), or the installation, for a delivery received before
 * the token exchange stored the shop's session (webhook.accept). With the queue's backoff (30 s
 * doubling, capped at an hour) the 11th attempt comes about 4 hours after the first; the handler
 * then ends the job (skipped, or the delivery refused) instead of failing it.
 */
export const RETRY_WINDOW_ATTEMPTS = 11;

/** Rows per INSERT: 11 parameters each keeps a statement far below SQLite's and PostgreSQL's limits. */
const MAX_BATCH = 100;

interface Pending {
  shop: string;
  dedupeKey: string;
  payloadJson: string;
  settle(outcome: "received" | "duplicate"): void;
  fail(error: unknown): void;
}

export type WebhookAnswer = { status: "received" | "duplicate" };

/**
 * The intake, from a request to its answer: verified, then recorded once. A refusal (4xx) is
 * thrown as its Response, a database outage answered 503. The webhook route and the production
 * server's Node path for deliveries (scripts/server-app.ts, through entry.server) both run it.
 */
export const webhookIntake: (incoming: IncomingWebhook) => Promise<WebhookAnswer | Response> = publicRoute(async (incoming) => {
  const delivery = await verifyWebhook(incoming, env().SHOPIFY_API_SECRET);
  return { status: await recordDelivery(db, delivery) };
});

const queues = new WeakMap<Db, { pending: Pending[]; writing: boolean }>();

/**
 * Records a delivery once, keyed by its webhook id: Shopify's retries of it (up to 8) are
 * "duplicate". Resolves when the row is committed.
 */
export function recordDelivery(db: Db, delivery: VerifiedWebhook): Promise<"received" | "duplicate"> {
  let queue = queues.get(db);
  if (!queue) queues.set(db, (queue = { pending: [], writing: false }));
  const pending = queue.pending;
  const written = new Promise<"received" | "duplicate">((settle, fail) =>
    pending.push({ shop: delivery.shop, dedupeKey: `webhook:${delivery.webhookId}`, payloadJson: jobPayloadJson(delivery), settle, fail }),
  );
  if (!queue.writing) void writeQueued(db, queue);
  return written;
}

/**
 * The job's payload as JSON text. The body goes in as Shopify sent it, not parsed and written
 * again: it is most of the payload, and valid JSON. Only a body with \u escapes is rewritten, as
 * PostgreSQL refuses \u0000 and broken surrogates in JSON (storableJson removes them).
 */
function jobPayloadJson(delivery: VerifiedWebhook): string {
  const { topic, webhookId, eventId, triggeredAt } = delivery;
  const headers = JSON.stringify({ topic, webhookId, eventId, triggeredAt } satisfies Omit<JobPayloadInput<"webhook.accept">, "body">);
  const body = delivery.rawBody.includes("\\u") ? JSON.stringify(storableJson(delivery.payload)) : delivery.rawBody;
  return `${headers.slice(0, -1)},"body":${body}}`;
}

async function writeQueued(db: Db, queue: { pending: Pending[]; writing: boolean }): Promise<void> {
  queue.writing = true;
  // Deliveries already read in this turn of the event loop join the first write.
  await new Promise((resolve) => setImmediate(resolve));
  while (queue.pending.length > 0) {
    const batch = queue.pending.splice(0, MAX_BATCH);
    try {
      const inserted = await insertJobs(db, batch);
      for (const delivery of batch) {
        const key = `${delivery.shop}\n${delivery.dedupeKey}`;
        // Two copies in one batch: the row was written once, for the first.
        delivery.settle(inserted.delete(key) ? "received" : "duplicate");
      }
    } catch (error) {
      for (const delivery of batch) delivery.fail(error);
    }
  }
  queue.writing = false;
}

/** One INSERT for the batch; a row whose (shop, dedupeKey) exists is skipped. Returns the keys written. */
async function insertJobs(db: Db, batch: Pending[]): Promise<Set<string>> {
  const now = new Date();
  const written = await insertJobRows(
    db,
    batch.map((delivery) => ({
      shop: delivery.shop,
      type: WEBHOOK_ACCEPT_JOB,
      payloadJson: delivery.payloadJson,
      dedupeKey: delivery.dedupeKey,
      runAt: now,
      maxAttempts: RETRY_WINDOW_ATTEMPTS,
    })),
  );
  return new Set(written.map((row) => `${row.shop}\n${row.dedupeKey}`));
}
