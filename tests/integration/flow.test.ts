// Shopify Flow end to end through the simulator: orders, reviews and redemptions make the app send
// its triggers to the simulator's flowTriggerReceive (which checks them against the app's
// extensions/flow-* TOMLs), once per event however often a webhook or job is retried; Flow's
// action requests, signed as Flow signs them, reach the app's /flow/actions route, which refuses a
// forged one, runs each action run once, never deducts below zero, and asks an order for reviews once.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SHOP_DOMAIN } from "../../scripts/simulator/demo-store";
import type { Simulator } from "../../scripts/simulator/server";
import type { Customer, ShopState } from "../../scripts/simulator/state";
import { startMailSink, type MailSink } from "../../scripts/mail-sink/server";
import { createReward, enableLoyalty, ledgerView } from "../support/loyalty-fixtures";
import { startSimulatedShop, type SimulatedShop } from "../support/simulated-shop";

const SHOP = DEMO_SHOP_DOMAIN;
// Set by tests/support/per-file-db.ts before this file loads.
const MODE = /^postgres(ql)?:/.test(process.env.DATABASE_URL ?? "") ? "PostgreSQL" : "SQLite";

type Db = typeof import("../../app/db.server").default;
let db: Db;
let shop: SimulatedShop | undefined;
let simulator: Simulator;
let sink: MailSink;
let app: {
  submitReview: typeof import("../../app/reviews/submit-review.server").submitReview;
  setReviewStatus: typeof import("../../app/reviews/moderate.server").setReviewStatus;
  redeemReward: typeof import("../../app/loyalty/redeem.server").redeemReward;
  closeMailer: () => void;
};

beforeAll(async () => {
  // The app reads SMTP_URL once, so it is set before any app module loads.
  sink = await startMailSink({});
  process.env.SMTP_URL = `smtp://127.0.0.1:${sink.smtpPort}`;
  shop = await startSimulatedShop({ storefrontUrl: "https://shop.flow.test" });
  ({ db, simulator } = shop);
  app = {
    submitReview: (await import("../../app/reviews/submit-review.server")).submitReview,
    setReviewStatus: (await import("../../app/reviews/moderate.server")).setReviewStatus,
    redeemReward: (await import("../../app/loyalty/redeem.server")).redeemReward,
    closeMailer: () => void import("../../app/emails/transport.server").then((transport) => transport.sharedMailer().close()),
  };
  // Order points are spendable at once, so a test's order pays for its redemption.
  await enableLoyalty(db, SHOP, { pendingDays: 0, signupPoints: 0 });
});

afterAll(async () => {
  app?.closeMailer();
  await shop?.close();
  await sink?.close();
});

// ---------------------------------------------------------------- helpers

const shopState = (): ShopState => simulator.state.shops.get(SHOP)!;
const legacyId = (gid: string) => Number(gid.split("/").pop());
const runJobs = () => shop!.runJobsAt(new Date());

/** What Flow received for this handle about this customer (or product). */
function triggersFor(handle: string, about: { customer?: string; product?: string }) {
  return (shopState().flowTriggers ?? []).filter(
    (trigger) =>
      trigger.handle === handle &&
      (!about.customer || trigger.payload.customer_id === legacyId(about.customer)) &&
      (!about.product || trigger.payload.product_id === legacyId(about.product)),
  );
}

async function newCustomer(): Promise<Customer> {
  const { customer } = await simulator.actions.createCustomer({
    email: `flow-${randomUUID().slice(0, 8)}@example.com`,
    firstName: "Robin",
    lastName: "Flow",
    emailMarketingConsent: "SUBSCRIBED",
  });
  await runJobs();
  return customer;
}

/** A paid order of one product (its orders/paid job run), for `quantity` units. */
async function paidOrder(customer: Customer, productIndex = 0, quantity = 1) {
  const product = shopState().products[productIndex]!;
  const { order, webhook } = await simulator.actions.placeOrder({
    customerId: customer.id,
    lines: [{ variantId: product.variants[0]!.id, quantity }],
  });
  expect(webhook.status).toBe(200);
  await runJobs();
  return { order, product, webhook };
}

const memberOf = (customer: Customer) =>
  db.loyaltyMember.findUniqueOrThrow({ where: { shop_customerId: { shop: SHOP, customerId: customer.id } } });

function review(customer: Customer, productId: string, rating: number) {
  return app.submitReview(
    db,
    { rating, title: `${rating} stars`, body: `A review of ${rating} stars, long enough to pass.`, authorName: "Robin", productId },
    { shop: SHOP, via: { kind: "customer", customerId: customer.id }, ipHash: "test", now: new Date(), productExists: async () => true },
  );
}

const runAction = (handle: string, properties: Record<string, unknown>, options: { actionRunId?: string; secret?: string } = {}) =>
  simulator.runFlowAction({ shop: SHOP, handle, properties, ...options });

// ---------------------------------------------------------------- triggers

describe(`Flow triggers (${MODE})`, () => {
  it("sends Review submitted and Low rating received for a low rating, then Review published when moderated, each once", async () => {
    const customer = await newCustomer();
    const { product } = await paidOrder(customer);
    const submitted = await review(customer, product.id, 2);
    if (!submitted.ok || !submitted.review) throw new Error(`review refused: ${JSON.stringify(submitted)}`);
    // Flow fails inside once: nothing ran, so the job sends it again later.
    simulator.failNext({ shop: SHOP, field: "Mutation.flowTriggerReceive", fault: { kind: "internalError" } });
    await runJobs();
    await shop!.runJobsAt(new Date(Date.now() + 60 * 60_000));

    const about = { customer: customer.id, product: product.id };
    expect(triggersFor("review-submitted", about).map((trigger) => trigger.payload)).toEqual([
      {
        product_id: legacyId(product.id),
        customer_id: legacyId(customer.id),
        Rating: 2,
        "Review title": "2 stars",
        "Author name": "Robin",
        "Verified buyer": true,
        Published: false,
      },
    ]);
    expect(triggersFor("low-rating-received", about)).toHaveLength(1);
    expect(triggersFor("review-published", about)).toHaveLength(0);

    await app.setReviewStatus(db, SHOP, [submitted.review.id], "published");
    await app.setReviewStatus(db, SHOP, [submitted.review.id], "published");
    await runJobs();
    expect(triggersFor("review-published", about).map((trigger) => trigger.payload.Rating)).toEqual([2]);
  });

  it("sends Review published at once for a review the auto-publish rules let through, and no low-rating trigger", async () => {
    const customer = await newCustomer();
    const { product } = await paidOrder(customer, 1);
    expect(await review(customer, product.id, 5)).toMatchObject({ ok: true, review: { status: "published" } });
    await runJobs();
    const about = { customer: customer.id, product: product.id };
    expect(triggersFor("review-submitted", about).map((trigger) => trigger.payload.Published)).toEqual([true]);
    expect(triggersFor("review-published", about)).toHaveLength(1);
    expect(triggersFor("low-rating-received", about)).toHaveLength(0);
  });

  it("sends Loyalty points earned and Loyalty tier changed once per order, however often Shopify delivers its webhook", async () => {
    await db.loyaltyTier.deleteMany({ where: { shop: SHOP } });
    await db.loyaltyTier.create({ data: { shop: SHOP, name: "Gold", threshold: 1 } });
    const customer = await newCustomer();
    const { webhook } = await paidOrder(customer);
    // The same delivery retried, and the same event sent again under a new webhook id.
    for (let n = 0; n < 3; n++) expect((await simulator.webhooks.redeliver(webhook.webhookId)).status).toBe(200);
    await simulator.webhooks.send({ shop: SHOP, topic: "orders/paid", payload: JSON.parse(webhook.body) });
    await runJobs();

    const member = await memberOf(customer);
    const earned = triggersFor("points-earned", { customer: customer.id });
    expect(earned.map((trigger) => trigger.payload)).toEqual([
      {
        customer_id: legacyId(customer.id),
        Points: member.lifetimeEarned,
        Reason: expect.stringMatching(/^Order #\d+/),
        Pending: false,
        "Points balance": member.balance,
      },
    ]);
    expect(triggersFor("tier-changed", { customer: customer.id }).map((trigger) => trigger.payload)).toEqual([
      { customer_id: legacyId(customer.id), "Previous tier": "", "New tier": "Gold" },
    ]);
    await db.loyaltyTier.deleteMany({ where: { shop: SHOP } });
  });

  it("sends Loyalty reward redeemed once per redemption, with what it cost and what is left", async () => {
    const customer = await newCustomer();
    await paidOrder(customer, 0, 3);
    const before = await memberOf(customer);
    const reward = await createReward(db, SHOP, 10, { name: "Flow $1 off", value: "1.00" });
    const redeemed = await app.redeemReward(db, () => shop!.shopify.adminFor(SHOP), SHOP, customer.id, reward.id, new Date());
    expect(redeemed.ok).toBe(true);
    await runJobs();
    await runJobs();
    expect(triggersFor("reward-redeemed", { customer: customer.id }).map((trigger) => trigger.payload)).toEqual([
      { customer_id: legacyId(customer.id), Reward: "Flow $1 off", "Points spent": 10, "Points balance": before.balance - 10 },
    ]);
  });

  it("ends a trigger Flow refuses as skipped with Flow's reason, without retrying it", async () => {
    const customer = await newCustomer();
    const refusal = { field: ["handle"], message: "Invalid handle" };
    simulator.failNext({ shop: SHOP, field: "Mutation.flowTriggerReceive", fault: { kind: "userErrors", userErrors: [refusal] } });
    await paidOrder(customer);
    await shop!.runJobsAt(new Date(Date.now() + 24 * 60 * 60_000));
    expect(triggersFor("points-earned", { customer: customer.id })).toHaveLength(0);
    const member = await memberOf(customer);
    const [entry] = await db.loyaltyEntry.findMany({ where: { memberId: member.id } });
    const job = await db.job.findUniqueOrThrow({
      where: { shop_dedupeKey: { shop: SHOP, dedupeKey: `flow:points-earned:${entry!.idempotencyKey}` } },
    });
    expect(job).toMatchObject({
      status: "skipped",
      attempts: 1,
      skipReason: 'Shopify Flow refused the "points-earned" trigger: flowTriggerReceive: Invalid handle',
    });
  });
});

// ---------------------------------------------------------------- actions

describe(`Flow actions (${MODE})`, () => {
  it("refuse a request not signed with the app's secret with 401, writing nothing", async () => {
    const customer = await newCustomer();
    const answer = await runAction(
      "award-points",
      { customer_id: String(legacyId(customer.id)), points: 50, reason: "Forged" },
      { secret: "not-the-secret" },
    );
    expect(answer.status).toBe(401);
    // customers/create made the customer a member (no sign-up points here): nothing else happened.
    const member = await memberOf(customer);
    expect(member.balance).toBe(0);
    expect(await db.loyaltyEntry.count({ where: { memberId: member.id } })).toBe(0);
  });

  it("award points once per action run, however often Flow sends the run", async () => {
    const customer = await newCustomer();
    const actionRunId = randomUUID();
    const properties = { customer_id: String(legacyId(customer.id)), points: 75, reason: "Joined the VIP evening" };
    const answers = [
      await runAction("award-points", properties, { actionRunId }),
      await runAction("award-points", properties, { actionRunId }),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    const member = await memberOf(customer);
    const view = await ledgerView(db, member.id);
    expect(view.entries.map((entry) => [entry.kind, entry.points, entry.note])).toEqual([["adjust", 75, "Joined the VIP evening"]]);
    expect(member.balance).toBe(75);
    expect(view.balanceSum).toBe(75);
  });

  it("deduct only what the balance covers: of two deductions racing for it, exactly one applies", async () => {
    const customer = await newCustomer();
    const customerId = String(legacyId(customer.id));
    expect((await runAction("award-points", { customer_id: customerId, points: 100, reason: "Starting balance" })).status).toBe(200);
    const deduct = () => runAction("deduct-points", { customer_id: customerId, points: 100, reason: "Returned the gift" });
    const answers = await Promise.all([deduct(), deduct()]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 422]);
    expect(JSON.parse(answers.find((answer) => answer.status === 422)!.body).message).toMatch(/has 0 points, fewer than the 100 to deduct/);
    const member = await memberOf(customer);
    const view = await ledgerView(db, member.id);
    expect(member.balance).toBe(0);
    expect(view.balanceSum).toBe(0);
    expect(view.entries.filter((entry) => entry.points < 0).map((entry) => entry.points)).toEqual([-100]);
  });

  it("fail a deduction the balance does not cover, even where negative balances are allowed, changing nothing", async () => {
    await enableLoyalty(db, SHOP, { pendingDays: 0, signupPoints: 0, allowNegativeBalance: true });
    try {
      const customer = await newCustomer();
      const customerId = String(legacyId(customer.id));
      await runAction("award-points", { customer_id: customerId, points: 20, reason: "Starting balance" });
      const answer = await runAction("deduct-points", { customer_id: customerId, points: 21, reason: "Too much" });
      expect(answer.status).toBe(422);
      expect((await memberOf(customer)).balance).toBe(20);
    } finally {
      await enableLoyalty(db, SHOP, { pendingDays: 0, signupPoints: 0 });
    }
  });

  it("send an order's review request now, one email however often it is asked", async () => {
    const customer = await newCustomer();
    const { order } = await paidOrder(customer);
    const orderId = String(legacyId(order.id));
    const actionRunId = randomUUID();
    const answers = [
      await runAction("send-review-request", { order_id: orderId }, { actionRunId }),
      await runAction("send-review-request", { order_id: orderId }, { actionRunId }),
      await runAction("send-review-request", { order_id: orderId }),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    const requests = await db.emailMessage.findMany({ where: { shop: SHOP, orderId: order.id, flow: "review_request" } });
    expect(requests).toHaveLength(1);
    await runJobs();
    const mails = sink.messages.filter((mail) => mail.envelopeTo.includes(customer.email));
    // The review request's default subject.
    expect(mails.filter((mail) => mail.subject.startsWith("How are you finding your order"))).toHaveLength(1);
    // Asked again once sent: nothing new (its reminder follows on its own, as for any review request).
    expect((await runAction("send-review-request", { order_id: orderId })).status).toBe(200);
    expect(await db.emailMessage.count({ where: { shop: SHOP, orderId: order.id, flow: "review_request", step: 0 } })).toBe(1);
  });

  it("fail for an order the app never recorded, and for properties that do not fit the action", async () => {
    expect(await runAction("send-review-request", { order_id: "999999999" })).toMatchObject({ status: 422 });
    const customer = await newCustomer();
    const answer = await runAction("award-points", { customer_id: String(legacyId(customer.id)), points: "lots", reason: "Nope" });
    expect(answer.status).toBe(422);
    expect(JSON.parse(answer.body).message).toMatch(/^points: /);
  });
});
