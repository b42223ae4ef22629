// Which signed deliveries the app acts on (app/webhooks/accept.server.ts), probed as the outside
// tester of issue 13 did: bodies Shopify really signed (the simulator signs with the app's secret,
// as Shopify does) delivered again with headers of the sender's choosing, which the signature does
// not cover; deliveries for shops without an installation; signed bodies that do not fit their
// topic; a GET. Every delivery goes over HTTP to the webhook route with Shopify's headers.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRequestHandler } from "@remix-run/node";
import { startSimulator, type Simulator } from "../../scripts/simulator/server";
import { storeOfflineSession } from "../../scripts/simulator/install";
import { DEMO_ACCESS_TOKEN, DEMO_SHOP_DOMAIN } from "../../scripts/simulator/demo-store";
import type { ShopState } from "../../scripts/simulator/state";
import { addOrder } from "../../scripts/simulator/store-actions";
import { customersRedactPayload, orderPayload, shopPayload, shopRedactPayload } from "../../scripts/simulator/webhook-payloads";
import { signWebhook } from "../../scripts/simulator/webhooks";
import { documentedSample, type JsonObject } from "../fixtures/shopify-webhooks/samples";
import { serveRoute } from "../support/route-server";
import { adminRequest } from "../support/shopify-requests";
import { jobsMentioning } from "../support/job-payloads";

const SHOP = DEMO_SHOP_DOMAIN; // installed and synced
const OTHER = "other-merchant.myshopify.com"; // installed and synced: the shop the replays aim at
const API_VERSION = "2026-10";
const MINUTE = 60_000;

let simulator: Simulator;
let app: Awaited<ReturnType<typeof serveRoute>>;
let db: typeof import("../../app/db.server").default;
let shopify: typeof import("../../app/shopify.server");
let accept: typeof import("../../app/webhooks/accept.server");
let runJobs: () => Promise<number>;
/** One pass of the worker: the jobs due now, not those they queue. */
let runJobsOnce: () => Promise<number>;
/** Runs every job due at `at` (those a run makes due included), with the worker's clock at `at`. */
let runJobsAt: (at: Date) => Promise<number>;

beforeAll(async () => {
  app = await serveRoute(async (args) => (await import("../../app/routes/webhooks")).action(args as never));
  simulator = await startSimulator({ appUrl: app.url, apiKey: process.env.SHOPIFY_API_KEY!, apiSecret: process.env.SHOPIFY_API_SECRET! });
  process.env.SHOPIFY_ADMIN_API_ORIGIN = simulator.url;
  shopify = await import("../../app/shopify.server");
  accept = await import("../../app/webhooks/accept.server");
  const { handlers } = await import("../../app/jobs/handlers.server");
  const { runDueJobs } = await import("../../app/jobs/worker.server");
  const { enqueue } = await import("../../app/jobs/queue.server");
  db = (await import("../../app/db.server")).default;
  // Passes until one finds nothing due: the jobs a run queues (a delivery's work) run too.
  const runUntilIdle = async (now?: () => Date) => {
    let total = 0;
    for (let ran = -1; ran !== 0; total += ran) ran = await runDueJobs({ db, handlers, adminFor: shopify.adminFor, now, batchSize: 100 });
    return total;
  };
  runJobsOnce = () => runDueJobs({ db, handlers, adminFor: shopify.adminFor, batchSize: 100 });
  runJobsAt = (at) => runUntilIdle(() => at);
  runJobs = () => runUntilIdle();
  const other = simulator.addShop({ domain: OTHER });
  for (const [shop, accessToken] of [
    [SHOP, DEMO_ACCESS_TOKEN],
    [OTHER, other.accessToken],
  ] as const) {
    await storeOfflineSession(shopify.sessionStorage, { shop, accessToken });
    await enqueue(db, { shop, type: "shop.sync", payload: {} });
  }
  await runJobs();
});

afterAll(async () => {
  await simulator?.close();
  await app?.close();
});

const shopState = (domain = SHOP): ShopState => simulator.state.shops.get(domain)!;
const customer = () => shopState().customers[0]!;
const variantId = (n: number) => shopState().products[n]!.variants[0]!.id;

interface Delivery {
  shop: string;
  topic: string;
  body: string;
  webhookId?: string;
  eventId?: string;
  triggeredAt?: string;
}

/** One POST signed with the app's secret and Shopify's headers, the headers as given (the signature covers only the body). */
async function post(delivery: Delivery) {
  const url = simulator.webhooks.config().subscriptions[0]!.url;
  const sent = { webhookId: randomUUID(), eventId: randomUUID(), triggeredAt: new Date().toISOString(), ...delivery };
  const response = await fetch(url, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "X-Shopify-Topic": sent.topic,
      "X-Shopify-Hmac-Sha256": signWebhook(sent.body, process.env.SHOPIFY_API_SECRET!),
      "X-Shopify-Shop-Domain": sent.shop,
      "X-Shopify-Webhook-Id": sent.webhookId,
      "X-Shopify-Event-Id": sent.eventId,
      "X-Shopify-Triggered-At": sent.triggeredAt,
      "X-Shopify-API-Version": API_VERSION,
    },
    body: sent.body,
  });
  return { status: response.status, answer: (await response.json()) as { status?: string; error?: string }, ...sent };
}

const recordedDelivery = (shop: string, webhookId: string) =>
  db.webhookDelivery.findUnique({ where: { shop_webhookId: { shop, webhookId } } });

/** The judge's verdict, as the webhook.accept job recorded it: accepted, or refused and why. */
const verdictOf = (row: { status: string; refusedReason: string | null } | null) =>
  row && (row.status === "refused" ? { status: row.status, reason: row.refusedReason } : { status: row.status });

/**
 * A delivery as Shopify makes it: the route answers 200 "received" at once, then the worker runs
 * its webhook.accept job, whose recorded row says what was decided (read before the work it queued
 * runs: shop/redact erases the row with the rest), then that work.
 */
async function deliver(delivery: Delivery) {
  const posted = await post(delivery);
  expect(posted.answer).toEqual({ status: "received" });
  await runJobsOnce();
  const recorded = await recordedDelivery(posted.shop, posted.webhookId);
  await runJobs();
  return { ...posted, recorded, verdict: verdictOf(recorded) };
}

/** A new shop in the simulator with the app installed and synced. */
async function installShop(domain: string) {
  const shop = simulator.addShop({ domain });
  await storeOfflineSession(shopify.sessionStorage, { shop: domain, accessToken: shop.accessToken });
  const { enqueue } = await import("../../app/jobs/queue.server");
  await enqueue(db, { shop: domain, type: "shop.sync", payload: {} });
  await runJobs();
}

/** The shop's jobs other than the deliveries' own webhook.accept jobs: the work deliveries created. */
const jobsOf = (shop: string) => db.job.count({ where: { shop, type: { not: "webhook.accept" } } });

/** A paid order Shopify sent for SHOP: its signed body, as the app received it. */
async function paidOrder() {
  const placed = await simulator.actions.placeOrder({
    shop: SHOP,
    customerId: customer().id,
    lines: [{ variantId: variantId(1), quantity: 1 }],
  });
  expect(placed.webhook.status).toBe(200);
  // Its webhook.accept job, then the order.record job it queues.
  await runJobs();
  return placed;
}

describe("the intake: a verified delivery is recorded once and answered at once; its job judges it", () => {
  /** A new order's orders/paid body, as Shopify signs it, not delivered yet. */
  function undeliveredOrder() {
    const order = addOrder(simulator.state, shopState(), { customerId: customer().id, lines: [{ variantId: variantId(1), quantity: 1 }] });
    return { order, body: JSON.stringify(orderPayload(shopState(), order)) };
  }
  const acceptJobs = (webhookId: string) =>
    db.job.findMany({ where: { shop: SHOP, type: "webhook.accept", dedupeKey: `webhook:${webhookId}` } });

  it("answers {status: received}, then {status: duplicate} to Shopify's retry of it; one job, one recorded delivery, one order.record job", async () => {
    const { order, body } = undeliveredOrder();
    const delivery = {
      shop: SHOP,
      topic: "orders/paid",
      body,
      webhookId: randomUUID(),
      eventId: randomUUID(),
      triggeredAt: new Date().toISOString(),
    };
    const first = await post(delivery);
    expect({ status: first.status, answer: first.answer }).toEqual({ status: 200, answer: { status: "received" } });
    // Recorded, not judged yet.
    expect(await acceptJobs(delivery.webhookId)).toMatchObject([{ status: "queued" }]);
    expect(await recordedDelivery(SHOP, delivery.webhookId)).toBeNull();
    const retry = await post(delivery);
    expect({ status: retry.status, answer: retry.answer }).toEqual({ status: 200, answer: { status: "duplicate" } });
    await runJobs();
    // A retry after the job ran is a duplicate too, and queues nothing.
    expect((await post(delivery)).answer).toEqual({ status: "duplicate" });
    await runJobs();
    expect(await acceptJobs(delivery.webhookId)).toMatchObject([{ status: "done" }]);
    expect(verdictOf(await recordedDelivery(SHOP, delivery.webhookId))).toEqual({ status: "accepted" });
    expect(await jobsMentioning(db, { shop: SHOP, type: "order.record" }, order.id)).toHaveLength(1);
    expect(await db.order.count({ where: { id: order.id } })).toBe(1);
  });

  it("judges a delivery as of when it was received: a worker that comes to it 6 hours late still acts on it", async () => {
    const { order, body } = undeliveredOrder();
    const delivery = {
      shop: SHOP,
      topic: "orders/paid",
      body,
      webhookId: randomUUID(),
      eventId: randomUUID(),
      triggeredAt: new Date().toISOString(),
    };
    expect((await post(delivery)).answer).toEqual({ status: "received" });
    // Past Shopify's retry window plus the margin, counted from the delivery's own trigger time.
    await runJobsAt(new Date(Date.now() + accept.WEBHOOK_MAX_AGE_MS + 60 * MINUTE));
    expect(verdictOf(await recordedDelivery(SHOP, delivery.webhookId))).toEqual({ status: "accepted" });
    expect(await db.order.count({ where: { id: order.id } })).toBe(1);
  });

  it("two copies of one delivery racing: one answered received, the other duplicate; one job, one recorded delivery", async () => {
    const { order, body } = undeliveredOrder();
    const delivery = {
      shop: SHOP,
      topic: "orders/paid",
      body,
      webhookId: randomUUID(),
      eventId: randomUUID(),
      triggeredAt: new Date().toISOString(),
    };
    const answers = await Promise.all([post(delivery), post(delivery)]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    expect(answers.map((answer) => answer.answer.status).sort()).toEqual(["duplicate", "received"]);
    expect(await acceptJobs(delivery.webhookId)).toHaveLength(1);
    await runJobs();
    expect(await db.webhookDelivery.count({ where: { shop: SHOP, webhookId: delivery.webhookId } })).toBe(1);
    expect(await jobsMentioning(db, { shop: SHOP, type: "order.record" }, order.id)).toHaveLength(1);
  });
});

describe("item 5: headers the signature does not cover are checked against the body", () => {
  it("a body Shopify signed, replayed as app/uninstalled for another shop, uninstalls nothing", async () => {
    const { webhook } = await paidOrder();
    const replay = await deliver({ shop: OTHER, topic: "app/uninstalled", body: webhook.body });
    expect(replay.status).toBe(200);
    expect(replay.verdict).toEqual({ status: "refused", reason: expect.stringMatching(/^Not a valid app\/uninstalled body: /) });
    expect(replay.recorded).toMatchObject({ status: "refused", topic: "app/uninstalled", eventId: null });
    // SHOP's own app/uninstalled body (the Shop object Shopify signs for SHOP), sent as OTHER's.
    const shopsOwn = await deliver({ shop: OTHER, topic: "app/uninstalled", body: JSON.stringify(shopPayload(shopState())) });
    expect(shopsOwn.verdict).toEqual({ status: "refused", reason: `The body is for ${SHOP}, not ${OTHER} (X-Shopify-Shop-Domain)` });
    expect(await db.session.count({ where: { shop: OTHER } })).toBe(1);
    expect((await db.shop.findUniqueOrThrow({ where: { domain: OTHER } })).uninstalledAt).toBeNull();
  });

  it("SHOP's compliance bodies replayed for another shop erase nothing of it", async () => {
    const before = await jobsOf(OTHER);
    const shopRedact = await deliver({ shop: OTHER, topic: "shop/redact", body: JSON.stringify(shopRedactPayload(shopState())) });
    expect(shopRedact.verdict).toEqual({ status: "refused", reason: `The body is for ${SHOP}, not ${OTHER} (X-Shopify-Shop-Domain)` });
    const customerRedact = await deliver({
      shop: OTHER,
      topic: "customers/redact",
      body: JSON.stringify(customersRedactPayload(shopState(), customer())),
    });
    expect(customerRedact.verdict?.status).toBe("refused");
    expect(await jobsOf(OTHER)).toBe(before);
    expect(await db.shop.count({ where: { domain: OTHER } })).toBe(1);
  });

  it("an order body replayed for another shop, or as another topic, creates nothing", async () => {
    const { order, webhook } = await paidOrder();
    await runJobs();
    const before = { other: await jobsOf(OTHER), shop: await jobsOf(SHOP) };
    const crossShop = await deliver({ shop: OTHER, topic: "orders/paid", body: webhook.body });
    expect(crossShop.verdict).toEqual({ status: "refused", reason: `Order ${order.id} belongs to another shop` });
    const asRefund = await deliver({ shop: SHOP, topic: "refunds/create", body: webhook.body });
    expect(asRefund.verdict).toEqual({ status: "refused", reason: expect.stringMatching(/^Not a valid refunds\/create body: /) });
    expect({ other: await jobsOf(OTHER), shop: await jobsOf(SHOP) }).toEqual(before);
    expect(await db.order.count({ where: { id: order.id } })).toBe(1);
  });

  it("refuses a delivery triggered longer ago than Shopify retries (4 hours, plus a margin), and takes Shopify's last retry", async () => {
    const now = Date.now();
    const HOUR = 60 * MINUTE;
    // An order Shopify delivered, sent again as if Shopify still were, under new ids.
    const { order, webhook } = await paidOrder();
    const stale = await deliver({
      shop: SHOP,
      topic: "orders/paid",
      body: webhook.body,
      triggeredAt: new Date(now - 5 * HOUR - MINUTE).toISOString(),
    });
    expect(stale.status).toBe(200);
    expect(stale.verdict).toEqual({ status: "refused", reason: expect.stringMatching(/^Stale delivery: triggered at /) });
    expect(stale.recorded).toMatchObject({ status: "refused", triggeredAt: new Date(stale.triggeredAt) });
    // The genuine delivery's job only.
    expect(await jobsMentioning(db, { shop: SHOP, type: "order.record" }, order.id)).toHaveLength(1);

    // Shopify's last retry comes up to 4 hours after the event: still acted on (a new event of an order
    // whose own delivery was recorded: one more order.record job for it).
    const retried = await paidOrder();
    const lastRetry = await deliver({
      shop: SHOP,
      topic: "orders/paid",
      body: retried.webhook.body,
      triggeredAt: new Date(now - 4 * HOUR + MINUTE).toISOString(),
    });
    expect(lastRetry.verdict).toEqual({ status: "accepted" });
    expect(await jobsMentioning(db, { shop: SHOP, type: "order.record" }, retried.order.id)).toHaveLength(2);
    // A time ahead of ours by more than the margin is no time Shopify sent.
    const ahead = await deliver({
      shop: SHOP,
      topic: "orders/paid",
      body: (await paidOrder()).webhook.body,
      triggeredAt: new Date(now + 2 * HOUR).toISOString(),
    });
    expect(ahead.verdict).toEqual({ status: "refused", reason: expect.stringMatching(/^X-Shopify-Triggered-At is in the future/) });
    const garbled = await deliver({ shop: SHOP, topic: "orders/paid", body: (await paidOrder()).webhook.body, triggeredAt: "yesterday" });
    expect(garbled.verdict).toEqual({ status: "refused", reason: "X-Shopify-Triggered-At is not a date and time" });
    // The window is Shopify's retry window (changelog 2024-09-10) plus the margin.
    expect(accept.SHOPIFY_RETRY_WINDOW_MS).toBe(4 * HOUR);
    expect(accept.WEBHOOK_MAX_AGE_MS).toBe(accept.SHOPIFY_RETRY_WINDOW_MS + accept.WEBHOOK_CLOCK_MARGIN_MS);
    expect(accept.WEBHOOK_CLOCK_MARGIN_MS).toBe(HOUR);
  });

  it("refuses an event delivered again under a new webhook id; Shopify's retry (same webhook id) stays a duplicate", async () => {
    const { order, webhook } = await paidOrder();
    const recordJobs = async () => (await jobsMentioning(db, { shop: SHOP, type: "order.record" }, order.id)).length;
    expect(await recordJobs()).toBe(1);
    const repeat = await deliver({ shop: SHOP, topic: "orders/paid", body: webhook.body, eventId: webhook.eventId });
    expect(repeat.status).toBe(200);
    expect(repeat.verdict).toEqual({ status: "refused", reason: accept.REPEATED_EVENT_REASON });
    expect(repeat.recorded).toMatchObject({ status: "refused", refusedReason: accept.REPEATED_EVENT_REASON });
    expect((await simulator.webhooks.redeliver(webhook.webhookId)).status).toBe(200);
    expect(await db.webhookDelivery.count({ where: { shop: SHOP, webhookId: webhook.webhookId } })).toBe(1);
    expect(await recordJobs()).toBe(1);
    // One merchant action can reach the app under several topics with one event id (Shopify:
    // "shared across all deliveries produced by the same merchant action"): each topic is acted on.
    const otherTopic = await deliver({ shop: SHOP, topic: "orders/cancelled", body: webhook.body, eventId: webhook.eventId });
    expect(otherTopic.verdict).toEqual({ status: "accepted" });
    expect(await recordJobs()).toBe(2);
  });
});

describe("item 6: only privacy duties run for a shop without an installation", () => {
  /** An orders/paid body for `shop` in Shopify's documented shape, paid now (a new, non-test order). */
  function newOrderBody(orderNumber: number): JsonObject {
    const sample = documentedSample("orders/paid");
    return {
      ...sample,
      id: orderNumber,
      admin_graphql_api_id: `gid://shopify/Order/${orderNumber}`,
      test: false,
      financial_status: "paid",
      cancelled_at: null,
      processed_at: new Date().toISOString(),
    };
  }
  const nothingFor = async (shop: string, orderId: string) => ({
    orders: await db.order.count({ where: { id: orderId } }),
    emails: await db.emailMessage.count({ where: { shop } }),
    jobs: await db.job.count({ where: { shop } }),
    deliveries: await db.webhookDelivery.count({ where: { shop } }),
  });

  /** The shop's one webhook.accept job: what the intake recorded for the delivery. */
  const acceptJob = (shop: string) => db.job.findFirstOrThrow({ where: { shop, type: "webhook.accept" } });

  it("an order for a shop that never installed the app records nothing and queues no email; once OAuth stores its session, the waiting delivery is acted on", async () => {
    const NEWCOMER = "newcomer.myshopify.com";
    simulator.addShop({ domain: NEWCOMER });
    const body = newOrderBody(5550001);
    const orderId = body.admin_graphql_api_id as string;
    const first = await simulator.webhooks.send({ shop: NEWCOMER, topic: "orders/paid", payload: body });
    // Acknowledged (Shopify need not retry): the delivery waits as its webhook.accept job, nothing else is written.
    expect(first.status).toBe(200);
    expect(await nothingFor(NEWCOMER, orderId)).toEqual({ orders: 0, emails: 0, jobs: 1, deliveries: 0 });
    await runJobs();
    // Judged: not acted on, not refused either; the job retries later, as Shopify would have.
    expect(await nothingFor(NEWCOMER, orderId)).toEqual({ orders: 0, emails: 0, jobs: 1, deliveries: 0 });
    const waiting = await acceptJob(NEWCOMER);
    expect(waiting).toMatchObject({ status: "queued", attempts: 1, lastError: expect.stringContaining(`no installation for ${NEWCOMER}`) });
    expect(waiting.runAt.getTime()).toBeGreaterThan(Date.now());

    // The merchant opens the app after installing it: OAuth stores the offline session; the
    // Shop row (shop.sync) does not exist yet. Shopify's retry of the delivery changes nothing;
    // the job's own retry is acted on.
    await storeOfflineSession(shopify.sessionStorage, { shop: NEWCOMER, accessToken: shopState(NEWCOMER).accessToken });
    expect(await db.shop.count({ where: { domain: NEWCOMER } })).toBe(0);
    expect((await simulator.webhooks.redeliver(first.webhookId)).status).toBe(200);
    expect(await db.job.count({ where: { shop: NEWCOMER } })).toBe(1);
    await runJobsAt(waiting.runAt);
    expect(await acceptJob(NEWCOMER)).toMatchObject({ status: "done", attempts: 2 });
    expect(verdictOf(await recordedDelivery(NEWCOMER, first.webhookId))).toEqual({ status: "accepted" });
    expect(await db.order.findUniqueOrThrow({ where: { id: orderId } })).toMatchObject({ shop: NEWCOMER });
    expect((await db.emailMessage.findMany({ where: { shop: NEWCOMER } })).map((row) => [row.flow, row.status])).toEqual([
      ["thank_you", "scheduled"],
    ]);
  });

  it("a delivery for a shop that never installs the app is retried for Shopify's retry window, then refused on the last attempt; nothing else is written", async () => {
    const NEVER = "never-opened.myshopify.com";
    simulator.addShop({ domain: NEVER });
    const body = newOrderBody(5550003);
    const orderId = body.admin_graphql_api_id as string;
    const sent = await simulator.webhooks.send({ shop: NEVER, topic: "orders/paid", payload: body });
    expect(sent.status).toBe(200);
    const received = await acceptJob(NEVER);
    expect(received.maxAttempts).toBe(11);
    // Every attempt but the last leaves it waiting.
    for (let attempt = 1; attempt < received.maxAttempts; attempt++) {
      const job = await acceptJob(NEVER);
      await runJobsAt(new Date(Math.max(job.runAt.getTime(), Date.now())));
      expect(await acceptJob(NEVER), `attempt ${attempt}`).toMatchObject({ status: "queued", attempts: attempt });
      expect(await nothingFor(NEVER, orderId)).toEqual({ orders: 0, emails: 0, jobs: 1, deliveries: 0 });
    }
    const last = await acceptJob(NEVER);
    await runJobsAt(last.runAt);
    const finished = await acceptJob(NEVER);
    expect(finished).toMatchObject({ status: "done", attempts: 11 });
    // Its attempts spanned Shopify's 4 hours of retries.
    expect(last.runAt.getTime() - received.createdAt.getTime()).toBeGreaterThan(accept.SHOPIFY_RETRY_WINDOW_MS);
    expect(verdictOf(await recordedDelivery(NEVER, sent.webhookId))).toEqual({ status: "refused", reason: accept.NEVER_INSTALLED_REASON });
    expect(await nothingFor(NEVER, orderId)).toEqual({ orders: 0, emails: 0, jobs: 1, deliveries: 1 });
  });

  it("a shop that uninstalled the app: a late delivery of an earlier event is refused and recorded; privacy duties still run", async () => {
    const GONE = "gone-merchant.myshopify.com";
    await installShop(GONE);
    const triggeredBefore = new Date(Date.now() - MINUTE).toISOString();
    expect((await simulator.actions.uninstallApp({ shop: GONE })).webhook.status).toBe(200);
    await runJobs();
    expect(await db.session.count({ where: { shop: GONE } })).toBe(0);

    const body = newOrderBody(5550002);
    const late = await deliver({ shop: GONE, topic: "orders/paid", body: JSON.stringify(body), triggeredAt: triggeredBefore });
    expect(late.status).toBe(200);
    expect(late.verdict).toEqual({
      status: "refused",
      reason: expect.stringMatching(/^The app was uninstalled from this shop at .*, after this event$/),
    });
    expect(await db.job.count({ where: { shop: GONE, type: "order.record" } })).toBe(0);

    const request = { ...documentedSample("customers/data_request"), shop_domain: GONE };
    const duty = await deliver({ shop: GONE, topic: "customers/data_request", body: JSON.stringify(request) });
    expect(duty.verdict).toEqual({ status: "accepted" });
    expect(await db.dataRequest.count({ where: { shop: GONE } })).toBe(1);
  });

  it("deliveries received before an uninstall but not yet judged survive it, and are judged after it", async () => {
    const LEAVING = "leaving-merchant.myshopify.com";
    await installShop(LEAVING);

    // Received (200) while the worker lags behind: their jobs come due only after the uninstall's.
    const order = await post({ shop: LEAVING, topic: "orders/paid", body: JSON.stringify(newOrderBody(5550003)) });
    const request = { ...documentedSample("customers/data_request"), shop_domain: LEAVING };
    const duty = await post({ shop: LEAVING, topic: "customers/data_request", body: JSON.stringify(request) });
    expect([order.answer, duty.answer]).toEqual([{ status: "received" }, { status: "received" }]);
    const lagging = { shop: LEAVING, dedupeKey: { in: [`webhook:${order.webhookId}`, `webhook:${duty.webhookId}`] } };
    const later = new Date(Date.now() + 10 * MINUTE);
    await db.job.updateMany({ where: lagging, data: { runAt: later } });

    expect((await simulator.actions.uninstallApp({ shop: LEAVING })).webhook.status).toBe(200);
    await runJobs();
    expect(await db.session.count({ where: { shop: LEAVING } })).toBe(0);
    expect(await db.job.count({ where: { ...lagging, status: "queued" } })).toBe(2);

    await runJobsAt(later);
    expect(verdictOf(await recordedDelivery(LEAVING, order.webhookId))).toEqual({
      status: "refused",
      reason: expect.stringMatching(/^The app was uninstalled from this shop at .*, after this event$/),
    });
    expect(await db.job.count({ where: { shop: LEAVING, type: "order.record" } })).toBe(0);
    expect(verdictOf(await recordedDelivery(LEAVING, duty.webhookId))).toEqual({ status: "accepted" });
    expect(await db.dataRequest.count({ where: { shop: LEAVING } })).toBe(1);
  });

  it("carries out privacy duties for a shop the app never knew", async () => {
    const STRANGER = "stranger.myshopify.com";
    const withShop = (topic: string) => JSON.stringify({ ...documentedSample(topic), shop_domain: STRANGER });
    for (const topic of ["customers/data_request", "customers/redact", "shop/redact"]) {
      const delivery = await deliver({ shop: STRANGER, topic, body: withShop(topic) });
      expect(delivery.verdict, topic).toEqual({ status: "accepted" });
      // The request is recorded for the merchant (shop/redact, last, erases it with the rest).
      if (topic === "customers/data_request") expect(await db.dataRequest.count({ where: { shop: STRANGER } })).toBe(1);
    }
    expect(await db.job.count({ where: { shop: STRANGER, status: { notIn: ["done", "skipped"] } } })).toBe(0);
  });

  it("app/uninstalled for a shop without an installation changes nothing", async () => {
    const NEVER = "never-installed.myshopify.com";
    const body = { ...documentedSample("app/uninstalled"), myshopify_domain: NEVER };
    const delivery = await deliver({ shop: NEVER, topic: "app/uninstalled", body: JSON.stringify(body) });
    expect(delivery.verdict).toEqual({ status: "refused", reason: "The app is not installed on this shop: there is nothing to uninstall" });
  });
});

describe("item 7: a signed body that does not fit its topic is refused, recorded with the reason, and creates no job", () => {
  const order = (changes: (body: JsonObject) => void) => {
    const body = { ...documentedSample("orders/paid"), test: false, id: 5550100, admin_graphql_api_id: "gid://shopify/Order/5550100" };
    changes(body);
    return body;
  };
  const money = (body: JsonObject) => (body.total_price_set as { shop_money: JsonObject }).shop_money;
  const cases: { name: string; topic: string; body: () => JsonObject; reason: RegExp }[] = [
    {
      name: "an order without line items",
      topic: "orders/paid",
      body: () => order((b) => delete b.line_items),
      reason: /line_items: Required/,
    },
    {
      name: "an order id as a string",
      topic: "orders/paid",
      body: () => order((b) => (b.id = "5550100")),
      reason: /^Not a valid orders\/paid body: id: Expected number, received string$/,
    },
    {
      name: "a total of 1e300 as a number",
      topic: "orders/paid",
      body: () => order((b) => (money(b).amount = 1e300)),
      reason: /total_price_set\.shop_money\.amount: Expected string, received number/,
    },
    {
      name: "a total of 1e300 as a string",
      topic: "orders/paid",
      body: () => order((b) => (money(b).amount = "1e300")),
      reason: /total_price_set\.shop_money\.amount: must be a decimal amount/,
    },
    {
      name: "a total beyond any real order",
      topic: "orders/paid",
      body: () => order((b) => (money(b).amount = "2000000000000.00")),
      reason: /total_price_set\.shop_money\.amount: must be at most 1000000000000/,
    },
    {
      name: "an order id beyond 64 bits",
      topic: "orders/fulfilled",
      body: () => order((b) => (b.id = 1e300)),
      reason: /^Not a valid orders\/fulfilled body: id: must be a positive integer within 64 bits$/,
    },
    {
      name: "a paid time that is no time",
      topic: "orders/cancelled",
      body: () => order((b) => (b.processed_at = "yesterday")),
      reason: /processed_at: must be a date and time with its offset/,
    },
    {
      name: "a negative quantity",
      topic: "orders/paid",
      body: () => order((b) => ((b.line_items as JsonObject[])[0]!.quantity = -1)),
      reason: /line_items\.0\.quantity: Number must be greater than or equal to 0/,
    },
    {
      name: "a refund for order -5",
      topic: "refunds/create",
      body: () => ({ ...documentedSample("refunds/create"), order_id: -5 }),
      reason: /order_id: must be a positive integer within 64 bits/,
    },
    {
      name: "a fulfilment event without its order",
      topic: "fulfillment_events/create",
      body: () => ({ ...documentedSample("fulfillment_events/create"), order_id: null }),
      reason: /order_id: Expected number, received null/,
    },
    {
      name: "a customer without its GraphQL id",
      topic: "customers/create",
      body: () =>
        Object.fromEntries(Object.entries(documentedSample("customers/create")).filter(([key]) => key !== "admin_graphql_api_id")),
      reason: /admin_graphql_api_id: Required/,
    },
    {
      name: "a consent for customer 1e300",
      topic: "customers_email_marketing_consent/update",
      body: () => ({ ...documentedSample("customers_email_marketing_consent/update"), customer_id: 1e300 }),
      reason: /customer_id: must be a positive integer within 64 bits/,
    },
    {
      name: 'a data request for customer "seven"',
      topic: "customers/data_request",
      body: () => ({ ...documentedSample("customers/data_request"), shop_domain: SHOP, customer: { id: "seven" } }),
      reason: /customer\.id: Expected number, received string/,
    },
    {
      name: "an erasure without its customer",
      topic: "customers/redact",
      body: () => ({ ...documentedSample("customers/redact"), shop_domain: SHOP, customer: { email: "x@example.com" } }),
      reason: /customer\.id: Required/,
    },
    {
      name: "a topic the app does not subscribe to",
      topic: "products/update",
      body: () => ({ id: 1 }),
      reason: /^Not a topic the app subscribes to: products\/update$/,
    },
  ];

  it.each(cases)("$topic: $name", async ({ topic, body, reason }) => {
    const before = await jobsOf(SHOP);
    const delivery = await deliver({ shop: SHOP, topic, body: JSON.stringify(body()) });
    expect(delivery.status).toBe(200);
    expect(delivery.verdict).toEqual({ status: "refused", reason: expect.stringMatching(reason) });
    expect(delivery.recorded).toMatchObject({ status: "refused", topic, refusedReason: delivery.verdict?.reason });
    expect(await jobsOf(SHOP)).toBe(before);
    expect(await db.dataRequest.count({ where: { shop: SHOP } })).toBe(0);
  });

  it("lists refused webhooks in Settings → Background jobs with topic, time in the shop's zone and reason", async () => {
    const delivery = await deliver({ shop: SHOP, topic: "orders/paid", body: JSON.stringify(order((b) => (money(b).amount = 1e300))) });
    const settings = await import("../../app/routes/app.settings");
    const data = await settings.loader({ request: await adminRequest(SHOP, "/app/settings"), params: {}, context: {} });
    const listed = data.health.refusedWebhooks.find((row) => row.id === delivery.recorded!.id);
    const { ianaTimezone } = await db.shop.findUniqueOrThrow({ where: { domain: SHOP } });
    expect(listed).toEqual({
      id: delivery.recorded!.id,
      topic: "orders/paid",
      receivedAt: delivery.recorded!.receivedAt.toISOString(),
      received: new Intl.DateTimeFormat("en-US", { timeZone: ianaTimezone, dateStyle: "medium", timeStyle: "short" }).format(
        delivery.recorded!.receivedAt,
      ),
      reason: delivery.verdict?.reason,
    });
    // Newest first; another shop's refusals are not shown.
    expect(data.health.refusedWebhooks[0]!.id).toBe(delivery.recorded!.id);
    const others = await db.webhookDelivery.findMany({ where: { shop: OTHER, status: "refused" }, select: { id: true } });
    expect(others.length).toBeGreaterThan(0);
    expect(data.health.refusedWebhooks.filter((row) => others.some((other) => other.id === row.id))).toEqual([]);
  });

  it("records an orders/paid whose customer's name holds U+0000 (PostgreSQL refuses the character), without it", async () => {
    const { customer: named } = await simulator.actions.createCustomer({
      shop: SHOP,
      email: `nul-${Date.now()}@example.com`,
      firstName: "Zo\u0000e",
    });
    const { order, webhook } = await simulator.actions.placeOrder({
      shop: SHOP,
      customerId: named.id,
      lines: [{ variantId: variantId(2), quantity: 1 }],
    });
    expect(JSON.parse(webhook.body).customer.first_name).toBe("Zo\u0000e");
    expect(webhook.status).toBe(200);
    await runJobs();
    expect(await db.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({ customerFirstName: "Zoe" });
    expect(await db.job.count({ where: { shop: SHOP, status: "dead" } })).toBe(0);
  });
});

describe("the observation: GET /webhooks", () => {
  it("answers 405 with Allow: POST, through Remix's request handling", async () => {
    // The route in a minimal Remix server build: what `remix-serve`/scripts/serve.ts run it with.
    const route = { ...(await import("../../app/routes/webhooks")) };
    const build = {
      mode: "production",
      entry: { module: { default: () => new Response(null, { status: 500 }) } },
      routes: {
        root: { id: "root", path: "", module: { default: () => null } },
        "routes/webhooks": { id: "routes/webhooks", parentId: "root", path: "webhooks", module: route },
      },
      assets: { entry: { imports: [], module: "" }, routes: {}, url: "", version: "test" },
      publicPath: "/build/",
      assetsBuildDirectory: "public/build",
      future: {},
      isSpaMode: false,
    };
    const handle = createRequestHandler(build as never, "production");
    const response = await handle(new Request(`${app.url}/webhooks`));
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
    expect(await response.json()).toEqual({ error: "Webhooks must be sent with POST" });
  });
});
