// Loyalty points end to end: the simulator places, refunds and cancels orders and delivers
// signed webhooks to the app's webhook route; the job worker runs at simulated times. Every
// event is delivered many times over (Shopify's retries keep the webhook id; a second
// subscription or a replay sends the same payload under new ids): points move once.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../scripts/simulator/server";
import { storeOfflineSession } from "../../scripts/simulator/install";
import { DEMO_ACCESS_TOKEN, DEMO_SHOP_DOMAIN } from "../../scripts/simulator/demo-store";
import { stableNumber } from "../../scripts/simulator/common";
import type { Customer, ShopState } from "../../scripts/simulator/state";
import type { WebhookDelivery } from "../../scripts/simulator/webhooks";
import { serveRoute } from "../support/route-server";
import { createReward, DAY, enableLoyalty, ledgerView } from "../support/loyalty-fixtures";

const SHOP = DEMO_SHOP_DOMAIN;
const PENDING_DAYS = 14;
const COPIES = 10;

type Db = typeof import("../../app/db.server").default;
let db: Db;
let simulator: Simulator;
let webhookRoute: Awaited<ReturnType<typeof serveRoute>>;
let runJobsAt: (at: Date) => Promise<number>;
/** One pass of the worker now: the deliveries' webhook.accept jobs judge them and queue their work, which has not run yet. */
let judgeDeliveries: () => Promise<number>;
let adminFor: (shop: string) => Promise<import("../../app/shopify/admin.server").AdminClient>;
let redeemReward: typeof import("../../app/loyalty/redeem.server").redeemReward;

beforeAll(async () => {
  webhookRoute = await serveRoute(async (args) => (await import("../../app/routes/webhooks")).action(args as never));
  simulator = await startSimulator({
    appUrl: webhookRoute.url,
    apiKey: process.env.SHOPIFY_API_KEY!,
    apiSecret: process.env.SHOPIFY_API_SECRET!,
  });
  process.env.SHOPIFY_ADMIN_API_ORIGIN = simulator.url;
  const shopify = await import("../../app/shopify.server");
  const { handlers } = await import("../../app/jobs/handlers.server");
  const { runDueJobs } = await import("../../app/jobs/worker.server");
  db = (await import("../../app/db.server")).default;
  adminFor = shopify.adminFor;
  redeemReward = (await import("../../app/loyalty/redeem.server")).redeemReward;
  /** Runs every job due at `at` (jobs a run makes due at once included), with the worker's clock at `at`. */
  runJobsAt = async (at: Date) => {
    let total = 0;
    for (let ran = -1; ran !== 0; total += ran)
      ran = await runDueJobs({ db, handlers, adminFor: shopify.adminFor, now: () => at, batchSize: 100 });
    return total;
  };
  judgeDeliveries = () => runDueJobs({ db, handlers, adminFor: shopify.adminFor, batchSize: 100 });
  await storeOfflineSession(shopify.sessionStorage, { shop: SHOP, accessToken: DEMO_ACCESS_TOKEN });
  // Points only (no sign-up bonus to muddle the sums); the order emails stay out of the way.
  await enableLoyalty(db, SHOP, { pendingDays: PENDING_DAYS, pointsPerUnit: 1, signupPoints: 0 });
  await db.emailSettings.create({ data: { shop: SHOP, thankYouEnabled: false, reviewRequestEnabled: false } });
});

afterAll(async () => {
  await simulator?.close();
  await webhookRoute?.close();
});

const shopState = (): ShopState => simulator.state.shops.get(SHOP)!;
const variant = (handle: string) => shopState().products.find((product) => product.handle === handle)!.variants[0]!.id;

async function newCustomer(): Promise<Customer> {
  const { customer } = await simulator.actions.createCustomer({
    email: `member-${randomUUID().slice(0, 8)}@example.com`,
    firstName: "Dana",
  });
  return customer;
}

/** Delivers the webhook again COPIES − 1 times with its id (Shopify's retries) and COPIES times under new ids. */
async function deliverManyTimes(webhook: WebhookDelivery): Promise<void> {
  expect(webhook.status).toBe(200);
  for (let retry = 1; retry < COPIES; retry++) expect((await simulator.webhooks.redeliver(webhook.webhookId)).status).toBe(200);
  for (let copy = 0; copy < COPIES; copy++) {
    const again = await simulator.webhooks.send({ shop: SHOP, topic: webhook.topic, payload: JSON.parse(webhook.body) });
    expect(again.webhookId).not.toBe(webhook.webhookId);
    expect(again.status).toBe(200);
  }
  // Shopify's retries of the delivery were recorded once: one webhook.accept job, judged when the worker runs.
  expect(await db.job.count({ where: { shop: SHOP, type: "webhook.accept", dedupeKey: `webhook:${webhook.webhookId}` } })).toBe(1);
}

const orderEntries = (orderId: string) => db.loyaltyEntry.findMany({ where: { shop: SHOP, orderId } });

async function memberOf(customer: Customer) {
  const member = await db.loyaltyMember.findUniqueOrThrow({ where: { shop_customerId: { shop: SHOP, customerId: customer.id } } });
  const view = await ledgerView(db, member.id);
  expect(view.member.balance).toBe(view.balanceSum);
  expect(view.member.pending).toBe(view.pendingSum);
  return view.member;
}

describe("loyalty points through webhooks", () => {
  it("earns once for orders/paid delivered twenty times, whether the copies come early or late", async () => {
    const customer = await newCustomer();
    const { order, webhook } = await simulator.actions.placeOrder({
      customerId: customer.id,
      lines: [{ variantId: variant("scented-candle"), quantity: 2 }],
    });
    await deliverManyTimes(webhook);
    await judgeDeliveries();
    expect(await db.job.count({ where: { shop: SHOP, type: "order.record", status: "queued" } })).toBe(1 + COPIES);
    await runJobsAt(new Date());
    // The order was paid when Shopify processed it; the returns window runs from then.
    const paidAt = new Date(order.processedAt);

    const points = Math.floor(Number(order.subtotalPrice)); // 1 point per dollar, shipping excluded
    expect(points).toBeGreaterThan(0);
    const entries = await orderEntries(order.id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ kind: "pending", bucket: "pending", points });
    expect(entries[0]!.availableAt!.getTime()).toBe(paidAt.getTime() + PENDING_DAYS * DAY);
    expect(await memberOf(customer)).toMatchObject({ balance: 0, pending: points });

    // Late copies, after the jobs ran, change nothing either.
    await deliverManyTimes(webhook);
    await runJobsAt(new Date());
    expect(await orderEntries(order.id)).toHaveLength(1);
    expect(await db.job.count({ where: { shop: SHOP, type: "loyalty.release", dedupeKey: `loyalty-release:${order.id}` } })).toBe(1);
  });

  it("reverses once for refunds/create delivered twenty times", async () => {
    const customer = await newCustomer();
    const { order } = await simulator.actions.placeOrder({
      customerId: customer.id,
      lines: [{ variantId: variant("scented-candle"), quantity: 2 }],
    });
    await runJobsAt(new Date());
    const earned = Math.floor(Number(order.subtotalPrice));

    const { refund, webhook } = await simulator.actions.refundOrder({ orderId: order.id, amount: "40.00" });
    expect(refund.amount).toBe("40.00");
    await deliverManyTimes(webhook);
    await judgeDeliveries();
    expect(await db.job.count({ where: { shop: SHOP, type: "order.refund", status: "queued" } })).toBe(1 + COPIES);
    await runJobsAt(new Date());

    expect(await db.refund.count({ where: { shop: SHOP, orderId: order.id } })).toBe(1);
    const due = Math.floor((earned * 4000) / Math.round(Number(order.totalPrice) * 100));
    const reversals = (await orderEntries(order.id)).filter((e) => e.kind === "reverse");
    expect(reversals).toHaveLength(1);
    expect(reversals[0]).toMatchObject({ bucket: "pending", points: -due, idempotencyKey: `order:${order.id}:refunded:4000:pending` });
    expect(await memberOf(customer)).toMatchObject({ balance: 0, pending: earned - due });
  });

  it("reverses everything once for orders/cancelled delivered twenty times, and a late orders/paid does not earn again", async () => {
    const customer = await newCustomer();
    const placed = await simulator.actions.placeOrder({
      customerId: customer.id,
      lines: [{ variantId: variant("cotton-beach-towel"), quantity: 3 }],
    });
    await runJobsAt(new Date());
    const earned = Math.floor(Number(placed.order.subtotalPrice));
    expect(await memberOf(customer)).toMatchObject({ pending: earned });

    const { webhook } = await simulator.actions.cancelOrder({ orderId: placed.order.id });
    await deliverManyTimes(webhook);
    await runJobsAt(new Date());
    // An old copy of orders/paid arriving after the cancellation.
    expect((await simulator.webhooks.redeliver(placed.webhook.webhookId)).status).toBe(200);
    expect((await simulator.webhooks.send({ shop: SHOP, topic: "orders/paid", payload: JSON.parse(placed.webhook.body) })).status).toBe(
      200,
    );
    await runJobsAt(new Date());

    const entries = await orderEntries(placed.order.id);
    expect(entries.map((e) => [e.kind, e.bucket, e.points])).toEqual(
      expect.arrayContaining([
        ["pending", "pending", earned],
        ["reverse", "pending", -earned],
      ]),
    );
    expect(entries).toHaveLength(2);
    expect(await memberOf(customer)).toMatchObject({ balance: 0, pending: 0, lifetimeEarned: 0 });
    expect((await db.order.findUniqueOrThrow({ where: { id: placed.order.id } })).cancelledAt).not.toBeNull();
  });

  it("earns by the shop-currency amounts for an order paid in another currency", async () => {
    const customer = await newCustomer();
    const { order, webhook } = await simulator.actions.placeOrder({
      customerId: customer.id,
      lines: [{ variantId: variant("leather-sandals"), quantity: 2 }],
      presentmentCurrency: "GBP",
    });
    const body = JSON.parse(webhook.body) as {
      subtotal_price_set: { shop_money: { amount: string }; presentment_money: { amount: string; currency_code: string } };
    };
    expect(body.subtotal_price_set.presentment_money.currency_code).toBe("GBP");
    const shopPoints = Math.floor(Number(body.subtotal_price_set.shop_money.amount));
    const presentmentPoints = Math.floor(Number(body.subtotal_price_set.presentment_money.amount));
    expect(shopPoints).not.toBe(presentmentPoints);
    await runJobsAt(new Date());

    expect(await orderEntries(order.id)).toEqual([expect.objectContaining({ kind: "pending", points: shopPoints })]);
    expect(await memberOf(customer)).toMatchObject({ pending: shopPoints });

    // Refunded in full, in pounds: every point goes back.
    await simulator.actions.refundOrder({ orderId: order.id });
    await runJobsAt(new Date());
    expect(await memberOf(customer)).toMatchObject({ pending: 0, balance: 0 });
  });

  it("makes the points spendable when the returns window ends and shows them on the customer's metafield", async () => {
    const customer = await newCustomer();
    const reward = await createReward(db, SHOP, 100, { name: "$5 off", value: "5.00" });
    const { order } = await simulator.actions.placeOrder({
      customerId: customer.id,
      lines: [{ variantId: variant("leather-sandals"), quantity: 2 }],
    });
    // The worker's clock a minute ahead: jobs the run enqueues (at the real time) are due in the same run.
    await runJobsAt(new Date(Date.now() + 60_000));
    // The returns window runs from when Shopify processed the payment.
    const paidAt = new Date(order.processedAt);
    const points = Math.floor(Number(order.subtotalPrice));
    expect(points).toBeGreaterThanOrEqual(100);

    const status = () => {
      const namespace = `app--${stableNumber(process.env.SHOPIFY_API_KEY!, 7)}--loyalty`; // what $app:loyalty resolves to
      const metafield = shopState().metafields.find((m) => m.ownerId === customer.id && m.namespace === namespace && m.key === "status");
      return metafield ? (JSON.parse(metafield.value) as { balance: number; pending: number }) : null;
    };
    expect(status()).toMatchObject({ balance: 0, pending: points });
    // Pending points cannot be spent.
    expect(await redeemReward(db, () => adminFor(SHOP), SHOP, customer.id, reward.id, paidAt)).toEqual({
      ok: false,
      reason: "not_enough_points",
    });

    // A minute before the window ends nothing moves; at its end the release job runs.
    await runJobsAt(new Date(paidAt.getTime() + PENDING_DAYS * DAY - 60_000));
    expect(await memberOf(customer)).toMatchObject({ balance: 0, pending: points });
    const releasedAt = new Date(paidAt.getTime() + PENDING_DAYS * DAY);
    await runJobsAt(releasedAt);
    expect(await memberOf(customer)).toMatchObject({ balance: points, pending: 0 });
    expect(status()).toMatchObject({ balance: points, pending: 0, lifetime_earned: points });

    // Spendable: the reward becomes a code in Shopify for this customer, and the metafield follows.
    const result = await redeemReward(db, () => adminFor(SHOP), SHOP, customer.id, reward.id, releasedAt);
    expect(result).toMatchObject({ ok: true });
    if (!result.ok) throw new Error("unreachable");
    expect(shopState().discounts.find((d) => d.code === result.code)).toMatchObject({ customerIds: [customer.id], usageLimit: 1 });
    await runJobsAt(releasedAt);
    expect(await memberOf(customer)).toMatchObject({ balance: points - 100 });
    expect(status()).toMatchObject({ balance: points - 100, pending: 0 });
  });
});
