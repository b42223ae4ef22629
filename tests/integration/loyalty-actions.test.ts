// Loyalty points for things customers do besides ordering, end to end: the simulator creates
// customers, places orders (guest checkouts and friend codes included) and delivers signed
// webhooks to the app's webhook route; the job worker runs at simulated times; the warning
// before points expire goes over SMTP to a real server (the mail sink) on loopback.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Simulator } from "../../scripts/simulator/server";
import { DEMO_SHOP_DOMAIN } from "../../scripts/simulator/demo-store";
import { addOrder } from "../../scripts/simulator/store-actions";
import { orderPayload } from "../../scripts/simulator/webhook-payloads";
import type { Customer, ShopState } from "../../scripts/simulator/state";
import { startMailSink, type CapturedMail, type MailSink } from "../../scripts/mail-sink/server";
import { startSimulatedShop, type SimulatedShop } from "../support/simulated-shop";

const SHOP = DEMO_SHOP_DOMAIN;
const STOREFRONT = "https://shop.retention.test";
const DAY = 86_400_000;
const SETTINGS = {
  enabled: true,
  pendingDays: 14,
  signupPoints: 100,
  referrerPoints: 200,
  referralDiscountPercent: 10,
  expiryMonths: 12,
  expiryWarningDays: 30,
};

type Db = typeof import("../../app/db.server").default;
let db: Db;
let shop: SimulatedShop | undefined;
let simulator: Simulator;
let sink: MailSink;
let runJobsAt: (at: Date) => Promise<number>;
let app: {
  referralShareUrl: typeof import("../../app/loyalty/actions.server").referralShareUrl;
  scheduleLoyaltyDaily: typeof import("../../app/loyalty/expiry.server").scheduleLoyaltyDaily;
  adminFor: typeof import("../../app/shopify.server").adminFor;
  addMonths: typeof import("../../app/loyalty/dates").addMonths;
  closeMailer: () => void;
};

beforeAll(async () => {
  // The app reads SMTP_URL once (env() is cached), so it is set before any app module loads.
  sink = await startMailSink();
  process.env.SMTP_URL = sink.smtpUrl;

  shop = await startSimulatedShop({ storefrontUrl: STOREFRONT });
  ({ db, simulator, runJobsAt } = shop);
  const transport = await import("../../app/emails/transport.server");
  app = {
    referralShareUrl: (await import("../../app/loyalty/actions.server")).referralShareUrl,
    scheduleLoyaltyDaily: (await import("../../app/loyalty/expiry.server")).scheduleLoyaltyDaily,
    adminFor: shop.shopify.adminFor,
    addMonths: (await import("../../app/loyalty/dates")).addMonths,
    closeMailer: () => transport.sharedMailer().close(),
  };
  // The merchant switches the programme on; the settings page schedules the daily run.
  await db.loyaltySettings.create({ data: { shop: SHOP, ...SETTINGS } });
  expect(await app.scheduleLoyaltyDaily(db, SHOP, new Date())).toBe(true);
  await runJobsAt(new Date());
});

afterAll(async () => {
  app?.closeMailer();
  await sink?.close();
  await shop?.close();
});

// ---------------------------------------------------------------- helpers

const shopState = (): ShopState => simulator.state.shops.get(SHOP)!;
const variantId = (n: number) => shopState().products[n]!.variants[0]!.id;
const uniqueEmail = (name: string) => `${name}-${randomUUID().slice(0, 8)}@example.com`;

async function newCustomer(name: string, email = uniqueEmail(name)): Promise<{ customer: Customer; webhookId: string }> {
  const { customer, webhook } = await simulator.actions.createCustomer({
    email,
    firstName: name,
    lastName: "Tester",
    locale: "en",
    emailMarketingConsent: "SUBSCRIBED",
  });
  expect(webhook.status).toBe(200);
  return { customer, webhookId: webhook.webhookId };
}

async function placeOrder(customer: Customer, discountCode?: string) {
  const { order, webhook } = await simulator.actions.placeOrder({
    customerId: customer.id,
    lines: [{ variantId: variantId(0), quantity: 1 }],
    discountCode,
  });
  expect(webhook.status).toBe(200);
  return { order, webhookId: webhook.webhookId };
}

const memberOf = (customerId: string) => db.loyaltyMember.findUniqueOrThrow({ where: { shop_customerId: { shop: SHOP, customerId } } });
const entriesOf = (memberId: string) => db.loyaltyEntry.findMany({ where: { memberId }, orderBy: { createdAt: "asc" } });
const mailsTo = (address: string): CapturedMail[] => sink.messages.filter((mail) => mail.envelopeTo.includes(address));

// ---------------------------------------------------------------- tests

describe("account created (customers/create)", () => {
  it("awards the sign-up points once, however often Shopify delivers the webhook", async () => {
    const { customer, webhookId } = await newCustomer("Ana");
    // Shopify retries the delivery (same webhook id) …
    for (let retry = 0; retry < 2; retry++) expect((await simulator.webhooks.redeliver(webhookId)).status).toBe(200);
    // … and may send the same event again under a new webhook id.
    const again = simulator.webhooks.deliveries.find((delivery) => delivery.webhookId === webhookId)!;
    expect((await simulator.webhooks.send({ shop: SHOP, topic: "customers/create", payload: JSON.parse(again.body) })).status).toBe(200);
    await runJobsAt(new Date());

    const member = await memberOf(customer.id);
    expect(member).toMatchObject({ email: customer.email, firstName: "Ana", balance: 100 });
    expect((await entriesOf(member.id)).map((e) => [e.kind, e.points, e.idempotencyKey])).toEqual([["earn", 100, `signup:${customer.id}`]]);
    expect(await db.job.count({ where: { shop: SHOP, type: "loyalty.customer_created", status: "done" } })).toBeGreaterThanOrEqual(2);
  });

  it("carries a guest's order points over when they create an account with the same email", async () => {
    const email = uniqueEmail("guest");
    // A guest checkout: the order has an email and no customer.
    const order = addOrder(simulator.state, shopState(), {
      guest: { email, lastName: "Guest" },
      lines: [{ variantId: variantId(1), quantity: 2 }],
    });
    const paid = await simulator.webhooks.send({ shop: SHOP, topic: "orders/paid", payload: orderPayload(shopState(), order) });
    expect(paid.status).toBe(200);
    await runJobsAt(new Date());
    const guest = await db.loyaltyMember.findUniqueOrThrow({ where: { shop_email: { shop: SHOP, email } } });
    const orderPoints = Math.floor(Number(order.subtotalPrice));
    expect(guest).toMatchObject({ customerId: null, pending: orderPoints, balance: 0 });

    const { customer } = await newCustomer("Guest", email);
    // A second on: the metafield sync is enqueued on the real clock, just after the job's own time.
    await runJobsAt(new Date(Date.now() + 1000));
    const linked = await memberOf(customer.id);
    expect(linked).toMatchObject({ id: guest.id, pending: orderPoints, balance: 100 });
    expect(await db.loyaltyMember.count({ where: { shop: SHOP, email } })).toBe(1);
    // The customer now sees their points on the storefront: the metafield sync ran for the account.
    const status = shopState().metafields.find((m) => m.ownerId === customer.id && m.key === "status");
    expect(JSON.parse(status!.value)).toMatchObject({ balance: 100, pending: orderPoints });
  });
});

describe("referrals", () => {
  it("credits the referrer once for a friend's first order with the FRIEND code; not for self-referral or a second order", async () => {
    const { customer: ana } = await newCustomer("Referrer");
    await runJobsAt(new Date());
    const share = await app.referralShareUrl(db, () => app.adminFor(SHOP), SHOP, ana.id, new Date());
    const referrer = await memberOf(ana.id);
    const code = `FRIEND-${referrer.referralCode}`;
    expect(share).toEqual({ ok: true, code, url: `${STOREFRONT}/discount/${code}` });
    // The code exists in Shopify: 10% off for anyone, once per customer, no overall limit.
    expect(shopState().discounts.find((d) => d.code === code)).toMatchObject({
      kind: "code_basic",
      customerIds: null,
      usageLimit: null,
      appliesOncePerCustomer: true,
      value: { percentage: 0.1 },
    });
    // Sharing again creates nothing new.
    expect(await app.referralShareUrl(db, () => app.adminFor(SHOP), SHOP, ana.id, new Date())).toEqual(share);
    expect(shopState().discounts.filter((d) => d.code === code)).toHaveLength(1);
    const before = (await memberOf(ana.id)).balance;

    // A friend's first order with the code: 10% off, and 200 points for the referrer.
    const { customer: ben } = await newCustomer("Friend");
    const first = await placeOrder(ben, code.toLowerCase());
    expect(Number(first.order.totalDiscounts)).toBeGreaterThan(0);
    await runJobsAt(new Date());
    expect((await simulator.webhooks.redeliver(first.webhookId)).status).toBe(200);
    await simulator.actions.fulfilOrder({ orderId: first.order.id }); // order.record again
    await runJobsAt(new Date());
    expect((await memberOf(ana.id)).balance).toBe(before + 200);
    expect(await db.loyaltyEntry.findMany({ where: { memberId: referrer.id, idempotencyKey: { startsWith: "referral:" } } })).toMatchObject(
      [{ kind: "earn", points: 200, idempotencyKey: `referral:${first.order.id}` }],
    );
    expect((await memberOf(ben.id)).referredBy).toBe(referrer.id);
    // Shopify itself refuses the code for the friend's next order (once per customer).
    await expect(placeOrder(ben, code)).rejects.toThrow(/isn’t available to you/);

    // The referrer using their own code earns nothing for it.
    await placeOrder(ana, code);
    // A customer who ordered before is not a new friend.
    const { customer: cleo } = await newCustomer("Returning");
    await placeOrder(cleo);
    const repeat = await placeOrder(cleo, code);
    expect(Number(repeat.order.totalDiscounts)).toBeGreaterThan(0);
    await runJobsAt(new Date());
    expect(await db.loyaltyEntry.count({ where: { memberId: referrer.id, idempotencyKey: { startsWith: "referral:" } } })).toBe(1);
    expect((await memberOf(cleo.id)).referredBy).toBeNull();
  });
});

describe("points expiry", () => {
  it("warns by email before the points expire, then expires them", async () => {
    const { customer } = await newCustomer("Dormant");
    const joined = new Date();
    await runJobsAt(joined);
    const member = await memberOf(customer.id);
    expect(member.balance).toBe(100);
    const due = app.addMonths(member.lastActivityAt, 12);

    // Nothing happens until 30 days before the points would expire.
    await runJobsAt(new Date(due.getTime() - 31 * DAY));
    expect(mailsTo(customer.email)).toHaveLength(0);
    // The next daily run (09:00 in Athens the day after) is due by then, whatever the time of day now.
    const warnAt = new Date(due.getTime() - 30 * DAY + 10 * 3_600_000);
    await runJobsAt(warnAt);
    const warnings = mailsTo(customer.email).filter((mail) => mail.subject.startsWith("Your 100 points expire on"));
    expect(warnings).toHaveLength(1);
    const expiresOn = new Intl.DateTimeFormat("en", { dateStyle: "long", timeZone: "Europe/Athens" }).format(
      new Date(warnAt.getTime() + 30 * DAY),
    );
    expect(warnings[0]!.subject).toBe(`Your 100 points expire on ${expiresOn}`);
    // The HTML's links go through click tracking (on by default); the text part keeps them plain.
    expect(warnings[0]!.text).toContain(`${STOREFRONT}/pages/rewards`);
    expect(warnings[0]!.text).toContain("Hi Dormant,");
    expect(warnings[0]!.headers["list-unsubscribe"]).toMatch(/\/email\/unsubscribe\?token=/);
    expect(await db.emailMessage.findFirstOrThrow({ where: { shop: SHOP, orderId: `loyalty-member:${member.id}` } })).toMatchObject({
      flow: "points_expiry",
      orderName: "",
      status: "sent",
      recipient: customer.email,
    });
    expect((await memberOf(customer.id)).balance).toBe(100);

    // The next daily runs expire the points once, and warn no more.
    await runJobsAt(new Date(due.getTime() + DAY));
    await runJobsAt(new Date(due.getTime() + 2 * DAY));
    const expired = await memberOf(customer.id);
    expect(expired.balance).toBe(0);
    expect((await entriesOf(member.id)).filter((e) => e.kind === "expire")).toMatchObject([
      { bucket: "balance", points: -100, idempotencyKey: `expire:${member.id}:${member.lastActivityAt.toISOString()}` },
    ]);
    expect(mailsTo(customer.email).filter((mail) => mail.subject.includes("points expire"))).toHaveLength(1);
    // One daily run per day is queued ahead.
    const queued = await db.job.findMany({ where: { shop: SHOP, type: "loyalty.daily", status: "queued" } });
    expect(queued).toHaveLength(1);

    // customers/redact: the member goes, and the warning in the send log no longer names them.
    expect((await simulator.actions.redactCustomer({ customerId: customer.id })).webhook.status).toBe(200);
    await runJobsAt(new Date(due.getTime() + 2 * DAY));
    expect(await db.loyaltyMember.count({ where: { id: member.id } })).toBe(0);
    expect(await db.emailMessage.findFirstOrThrow({ where: { shop: SHOP, orderId: `loyalty-member:${member.id}` } })).toMatchObject({
      recipient: "",
      status: "sent",
    });
  });
});
