// Webhooks end to end: the simulator signs and delivers them over HTTP to the app's
// webhook route; jobs then run against the simulator's Admin API.
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, onTestFinished } from "vitest";
import { startSimulator, type Simulator } from "../../scripts/simulator/server";
import { storeOfflineSession } from "../../scripts/simulator/install";
import { DEMO_ACCESS_TOKEN, DEMO_SHOP_DOMAIN } from "../../scripts/simulator/demo-store";
import type { Discount, Order as SimOrder, ShopState } from "../../scripts/simulator/state";
import { addFulfillment, addOrder } from "../../scripts/simulator/store-actions";
import { emailMarketingConsentPayload, orderPayload } from "../../scripts/simulator/webhook-payloads";
import { readWebhookConfig } from "../../scripts/simulator/webhooks";
import { documentedSample } from "../fixtures/shopify-webhooks/samples";
import { serveRoute } from "../support/route-server";
import { jobsMentioning } from "../support/job-payloads";

const SHOP = DEMO_SHOP_DOMAIN;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let simulator: Simulator;
let app: Awaited<ReturnType<typeof serveRoute>>;
let db: typeof import("../../app/db.server").default;
let runJobs: () => Promise<number>;
/** Runs every job due at `at` (those a run makes due included), with the worker's clock at `at`. */
let runJobsAt: (at: Date) => Promise<number>;

beforeAll(async () => {
  // The app reaches the simulator through configuration only, as in the demo.
  app = await serveRoute(async (args) => (await import("../../app/routes/webhooks")).action(args as never));
  simulator = await startSimulator({ appUrl: app.url, apiKey: process.env.SHOPIFY_API_KEY!, apiSecret: process.env.SHOPIFY_API_SECRET! });
  process.env.SHOPIFY_ADMIN_API_ORIGIN = simulator.url;
  const shopify = await import("../../app/shopify.server");
  const { handlers } = await import("../../app/jobs/handlers.server");
  const { runDueJobs } = await import("../../app/jobs/worker.server");
  db = (await import("../../app/db.server")).default;
  // Passes until one finds nothing due: a delivery's webhook.accept job, then the work it queued.
  const runUntilIdle = async (now?: () => Date) => {
    let total = 0;
    for (let ran = -1; ran !== 0; total += ran) ran = await runDueJobs({ db, handlers, adminFor: shopify.adminFor, now, batchSize: 100 });
    return total;
  };
  runJobs = () => runUntilIdle();
  runJobsAt = (at) => runUntilIdle(() => at);
  await storeOfflineSession(shopify.sessionStorage, { shop: SHOP, accessToken: DEMO_ACCESS_TOKEN });
});

afterAll(async () => {
  await simulator.close();
  await app.close();
});

const customerId = () => simulator.state.shops.get(SHOP)!.customers[0]!.id;
const variantId = (n: number) => simulator.state.shops.get(SHOP)!.products[n]!.variants[0]!.id;

// Orders, refunds and events in the shapes Shopify documents for API 2026-10 (the simulator's
// bodies are checked against Shopify's samples in scripts/simulator/webhook-payloads.test.ts),
// through the webhook route and the worker.
describe("order webhooks as Shopify sends them", () => {
  const shopState = (): ShopState => simulator.state.shops.get(SHOP)!;
  const simOrder = (id: string): SimOrder => shopState().orders.find((order) => order.id === id)!;
  const earnedFor = async (orderId: string) =>
    (await db.loyaltyEntry.findMany({ where: { shop: SHOP, orderId, kind: { in: ["earn", "pending"] } } })).reduce(
      (sum, entry) => sum + entry.points,
      0,
    );
  const reversedFor = async (orderId: string) =>
    -(await db.loyaltyEntry.findMany({ where: { shop: SHOP, orderId, kind: "reverse" } })).reduce((sum, entry) => sum + entry.points, 0);
  const emailRows = (orderId: string) => db.emailMessage.findMany({ where: { shop: SHOP, orderId }, orderBy: { flow: "asc" } });
  const jobFor = async (type: string, orderId: string) => {
    const [job] = await jobsMentioning(db, { shop: SHOP, type }, `"order_id":${orderId.split("/").pop()}`);
    if (!job) throw new Error(`no ${type} job for ${orderId}`);
    return job;
  };
  const earning = (changes: Record<string, boolean>) => db.loyaltySettings.update({ where: { shop: SHOP }, data: changes });

  /** Runs the worker at each time the job is next due until it is no longer queued: its whole retry life. */
  async function settle(jobId: string) {
    for (
      let job = await db.job.findUniqueOrThrow({ where: { id: jobId } });
      job.status === "queued";
      job = await db.job.findUniqueOrThrow({ where: { id: jobId } })
    ) {
      await runJobsAt(new Date(Math.max(job.runAt.getTime(), Date.now())));
    }
    return db.job.findUniqueOrThrow({ where: { id: jobId } });
  }

  // Shop-level simulator settings a test changes are put back after it.
  let saved: Pick<ShopState, "taxesIncluded" | "tax" | "protectedCustomerData" | "discounts">;
  beforeAll(async () => {
    await db.loyaltySettings.upsert({
      where: { shop: SHOP },
      create: { shop: SHOP, enabled: true, pendingDays: 0 },
      update: { enabled: true, pendingDays: 0 },
    });
  });
  afterAll(async () => {
    await db.loyaltySettings.update({ where: { shop: SHOP }, data: { enabled: false } });
  });
  beforeEach(async () => {
    const shop = shopState();
    saved = {
      taxesIncluded: shop.taxesIncluded,
      tax: shop.tax,
      protectedCustomerData: shop.protectedCustomerData,
      discounts: [...shop.discounts],
    };
    await earning({ excludeShipping: true, excludeTax: true, excludeDiscounts: true });
    await runJobs();
  });
  afterEach(() => {
    Object.assign(shopState(), saved);
  });

  it("earns on a tax-inclusive order without the tax its subtotal holds (taxes_included: true)", async () => {
    Object.assign(shopState(), { taxesIncluded: true, tax: { title: "GR VAT", rate: 0.24 } });
    const { order, webhook } = await simulator.actions.placeOrder({
      customerId: customerId(),
      lines: [{ variantId: variantId(7), quantity: 1 }],
    });
    expect(JSON.parse(webhook.body)).toMatchObject({
      taxes_included: true,
      subtotal_price: "79.00",
      total_tax: "16.26",
      total_price: "84.00",
    });
    await runJobs();
    expect(await db.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({
      taxesIncluded: true,
      subtotalPrice: "79.00",
      totalTax: "16.26",
      shippingTax: "0.97",
    });
    // 79.00 with 24% VAT in it: 63.71 before tax.
    expect(await earnedFor(order.id)).toBe(63);
  });

  it("earns on a tax-exclusive order's subtotal; with tax counted, only the items' tax while shipping is left out", async () => {
    shopState().tax = { title: "Sales tax", rate: 0.08875 };
    await earning({ excludeTax: false });
    const { order, webhook } = await simulator.actions.placeOrder({
      customerId: customerId(),
      lines: [{ variantId: variantId(6), quantity: 1 }],
      shippingCountry: "US",
    });
    expect(JSON.parse(webhook.body)).toMatchObject({
      taxes_included: false,
      subtotal_price: "21.00",
      total_tax: "2.30",
      total_price: "28.30",
    });
    await runJobs();
    // 21.00 + 1.86 of tax on it; the 0.44 of tax on shipping does not count while shipping does not.
    expect(await earnedFor(order.id)).toBe(22);
  });

  it("earns on shipping after a shipping discount (current_shipping_price_set), not before it", async () => {
    const freeShipping: Discount = {
      id: "gid://shopify/DiscountCodeNode/990001",
      kind: "code_free_shipping",
      title: "Ship free",
      code: "SHIPFREE-WEBHOOKS",
      status: "ACTIVE",
      startsAt: "2026-01-01T00:00:00Z",
      endsAt: null,
      usageLimit: null,
      appliesOncePerCustomer: false,
      customerIds: null,
      value: null,
      minimumSubtotal: null,
      destinationCountryCodes: null,
      createdAt: "2026-01-01T00:00:00Z",
    };
    shopState().discounts.push(freeShipping);
    await earning({ excludeShipping: false });
    const { order, webhook } = await simulator.actions.placeOrder({
      customerId: customerId(),
      lines: [{ variantId: variantId(1), quantity: 1 }],
      discountCode: "SHIPFREE-WEBHOOKS",
    });
    expect(JSON.parse(webhook.body)).toMatchObject({
      total_shipping_price_set: { shop_money: { amount: "5.00" } },
      current_shipping_price_set: { shop_money: { amount: "0.00" } },
    });
    await runJobs();
    expect((await db.order.findUniqueOrThrow({ where: { id: order.id } })).totalShipping).toBe("0.00");
    expect(await earnedFor(order.id)).toBe(18);
  });

  it("counts an order paid in another currency, and its refund, in shop currency", async () => {
    const { order } = await simulator.actions.placeOrder({
      customerId: customerId(),
      lines: [{ variantId: variantId(5), quantity: 1 }],
      presentmentCurrency: "EUR",
    });
    await runJobs();
    expect(await db.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({
      currencyCode: "USD",
      presentmentCurrencyCode: "EUR",
      subtotalPrice: "32.00",
      totalPrice: "37.00",
    });
    expect(await earnedFor(order.id)).toBe(32);
    // Half the order back, paid out in euros.
    const { refund, webhook } = await simulator.actions.refundOrder({ orderId: order.id, amount: "18.50" });
    expect(JSON.parse(webhook.body).transactions).toMatchObject([{ currency: "EUR", amount: "17.02" }]);
    await runJobs();
    expect((await db.refund.findUniqueOrThrow({ where: { id: refund.id } })).amount).toBe("18.50");
    expect(await reversedFor(order.id)).toBe(16);
  });

  it("leaves test orders out unless the merchant includes them: no order, points or email, the job skipped with the reason", async () => {
    const { saveIncludeTestOrders, TEST_ORDER_SKIPPED } = await import("../../app/orders/test-orders.server");
    const { order, webhook } = await simulator.actions.placeOrder({
      customerId: customerId(),
      lines: [{ variantId: variantId(2), quantity: 1 }],
      test: true,
    });
    expect(JSON.parse(webhook.body)).toMatchObject({ test: true, payment_gateway_names: ["bogus"] });
    await runJobs();
    const [recorded] = await jobsMentioning(db, { shop: SHOP, type: "order.record" }, `"admin_graphql_api_id":"${order.id}"`);
    if (!recorded) throw new Error(`no order.record job for ${order.id}`);
    expect(recorded).toMatchObject({ status: "skipped", skipReason: TEST_ORDER_SKIPPED });
    expect(await db.order.count({ where: { id: order.id } })).toBe(0);
    expect(await emailRows(order.id)).toEqual([]);
    // Its refund says it is a test through its transactions: skipped at once, not retried.
    await simulator.actions.refundOrder({ orderId: order.id });
    await runJobs();
    expect(await jobFor("order.refund", order.id)).toMatchObject({ status: "skipped", attempts: 1, skipReason: TEST_ORDER_SKIPPED });

    await saveIncludeTestOrders(db, SHOP, true);
    try {
      const included = await simulator.actions.placeOrder({
        customerId: customerId(),
        lines: [{ variantId: variantId(2), quantity: 1 }],
        test: true,
      });
      await runJobs();
      expect(await earnedFor(included.order.id)).toBe(24);
      expect((await emailRows(included.order.id)).map((row) => [row.flow, row.status])).toEqual([["thank_you", "scheduled"]]);
    } finally {
      await saveIncludeTestOrders(db, SHOP, false);
    }
  });

  it("records a guest checkout (no customer): emails go to its address, points follow the email", async () => {
    const email = `guest-${Date.now()}@example.com`;
    const { order, webhook } = await simulator.actions.placeOrder({
      guest: { email, firstName: "Xeni", lastName: "Guest" },
      lines: [{ variantId: variantId(4), quantity: 2 }],
    });
    expect(JSON.parse(webhook.body)).toMatchObject({ customer: null, email });
    await runJobs();
    expect(await db.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({ customerId: null, email });
    expect((await emailRows(order.id)).map((row) => [row.flow, row.status, row.recipient])).toEqual([["thank_you", "scheduled", email]]);
    const member = await db.loyaltyMember.findUniqueOrThrow({ where: { shop_email: { shop: SHOP, email } } });
    expect(member).toMatchObject({ customerId: null, balance: 29 });
  });

  it("logs an order without email or name (no protected customer data approval): skipped, 'no email address', for each email it would have had", async () => {
    const { NO_EMAIL_REASON } = await import("../../app/emails/outbox.server");
    shopState().protectedCustomerData = false;
    const { order, webhook } = await simulator.actions.placeOrder({
      customerId: customerId(),
      lines: [{ variantId: variantId(3), quantity: 2 }],
    });
    const body = JSON.parse(webhook.body);
    expect(body).not.toHaveProperty("email");
    expect(body.customer).not.toHaveProperty("first_name");
    await runJobs();
    expect(await db.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({
      email: null,
      customerFirstName: null,
      customerId: customerId(),
    });
    expect((await emailRows(order.id)).map((row) => [row.flow, row.status, row.statusReason, row.recipient])).toEqual([
      ["thank_you", "skipped", NO_EMAIL_REASON, ""],
    ]);
    await simulator.actions.fulfilOrder({ orderId: order.id });
    await simulator.actions.deliverOrder({ orderId: order.id });
    await runJobs();
    expect((await emailRows(order.id)).map((row) => [row.flow, row.status, row.statusReason])).toEqual([
      ["review_request", "skipped", NO_EMAIL_REASON],
      ["thank_you", "skipped", NO_EMAIL_REASON],
    ]);
    // No send job was queued for either.
    expect(await jobsMentioning(db, { shop: SHOP, type: "email.send", status: "queued" }, (await emailRows(order.id))[0]!.id)).toHaveLength(
      0,
    );
  });

  it("reverses points for a refund to store credit and one still pending, both counted as refunded", async () => {
    const { order } = await simulator.actions.placeOrder({ customerId: customerId(), lines: [{ variantId: variantId(7), quantity: 1 }] });
    await runJobs();
    expect(await earnedFor(order.id)).toBe(79);
    const { refund, webhook } = await simulator.actions.refundOrder({
      orderId: order.id,
      amount: "42.00",
      storeCredit: "21.00",
      pending: true,
    });
    expect(JSON.parse(webhook.body).transactions).toMatchObject([
      { kind: "refund", gateway: "shopify_payments", status: "pending", amount: "21.00" },
      { kind: "refund", gateway: "shopify_store_credit", status: "success", amount: "21.00" },
    ]);
    await runJobs();
    expect((await db.refund.findUniqueOrThrow({ where: { id: refund.id } })).amount).toBe("42.00");
    // 42.00 of 84.00 refunded: half of 79 points.
    expect(await reversedFor(order.id)).toBe(39);
  });

  it("cancels at the order's own cancelled_at: the pending thank-you is cancelled and the points reversed", async () => {
    const { order } = await simulator.actions.placeOrder({ customerId: customerId(), lines: [{ variantId: variantId(0), quantity: 2 }] });
    await runJobs();
    expect(await earnedFor(order.id)).toBe(17);
    await simulator.actions.cancelOrder({ orderId: order.id });
    await runJobs();
    expect((await db.order.findUniqueOrThrow({ where: { id: order.id } })).cancelledAt).toEqual(new Date(simOrder(order.id).cancelledAt!));
    expect((await emailRows(order.id)).map((row) => [row.flow, row.status, row.statusReason])).toEqual([
      ["thank_you", "cancelled", "Order cancelled"],
    ]);
    expect(await reversedFor(order.id)).toBe(17);
  });

  it("dates an order paid months before the app was installed by its own timestamps: no thank-you now, a review request after its fulfilment", async () => {
    const processedAt = new Date(Date.now() - 120 * DAY);
    const old = addOrder(simulator.state, shopState(), {
      customerId: customerId(),
      lines: [{ variantId: variantId(1), quantity: 1 }],
      processedAt: processedAt.toISOString().replace(/\.\d{3}Z$/, "Z"),
    });
    const { fulfillment } = await simulator.actions.fulfilOrder({ orderId: old.id });
    await runJobs();
    const row = await db.order.findUniqueOrThrow({ where: { id: old.id } });
    expect(row.paidAt).toEqual(new Date(old.processedAt));
    expect(row.fulfilledAt).toEqual(new Date(fulfillment.createdAt));
    // The review request waits for delivery, or 14 days after fulfilment; no thank-you is planned.
    expect((await emailRows(old.id)).map((email) => [email.flow, email.status, email.scheduledFor.toISOString()])).toEqual([
      ["review_request", "scheduled", new Date(Date.parse(fulfillment.createdAt) + 14 * DAY).toISOString()],
    ]);
  });

  it("ends a delivery event for an order placed before the install as skipped, with the reason, never dead", async () => {
    const old = addOrder(simulator.state, shopState(), {
      customerId: customerId(),
      lines: [{ variantId: variantId(3), quantity: 1 }],
      processedAt: new Date(Date.now() - 30 * DAY).toISOString(),
    });
    addFulfillment(simulator.state, old, new Date(Date.now() - 29 * DAY).toISOString());
    await simulator.actions.deliverOrder({ orderId: old.id });
    await runJobs(); // the delivery's webhook.accept job queues order.delivered
    const job = await settle((await jobFor("order.delivered", old.id)).id);
    expect(job).toMatchObject({
      status: "skipped",
      attempts: 11,
      lastError: null,
      skipReason: expect.stringContaining("was never recorded"),
    });
    // Its retries spanned Shopify's own 4 hours of retries for the order's webhook.
    expect(job.finishedAt!.getTime() - job.createdAt.getTime()).toBeGreaterThan(4 * HOUR);
    expect(await db.order.count({ where: { id: old.id } })).toBe(0);
  });

  it("ends a refund of an order placed before the install as skipped, never dead; a refund that comes before its order still counts", async () => {
    const old = addOrder(simulator.state, shopState(), {
      customerId: customerId(),
      lines: [{ variantId: variantId(3), quantity: 1 }],
      processedAt: new Date(Date.now() - 30 * DAY).toISOString(),
    });
    await simulator.actions.refundOrder({ orderId: old.id });
    await runJobs(); // the delivery's webhook.accept job queues order.refund
    expect(await settle((await jobFor("order.refund", old.id)).id)).toMatchObject({ status: "skipped", attempts: 11 });

    // Out of order: the refund arrives, then (Shopify retrying it) the orders/paid of a new order.
    const late = addOrder(simulator.state, shopState(), { customerId: customerId(), lines: [{ variantId: variantId(5), quantity: 1 }] });
    const { refund } = await simulator.actions.refundOrder({ orderId: late.id, amount: "16.00" });
    await runJobs();
    expect(await jobFor("order.refund", late.id)).toMatchObject({
      status: "queued",
      lastError: expect.stringContaining("not recorded yet"),
    });
    expect((await simulator.webhooks.send({ shop: SHOP, topic: "orders/paid", payload: orderPayload(shopState(), late) })).status).toBe(
      200,
    );
    expect(await settle((await jobFor("order.refund", late.id)).id)).toMatchObject({ status: "done" });
    expect((await db.refund.findUniqueOrThrow({ where: { id: refund.id } })).amount).toBe("16.00");
  });

  it("keeps each customer's email consent from customers_email_marketing_consent/update, which wins over the checkout box", async () => {
    const { customer } = await simulator.actions.createCustomer({
      email: `consent-${Date.now()}@example.com`,
      firstName: "Eleni",
      emailMarketingConsent: "SUBSCRIBED",
    });
    const { order, webhook } = await simulator.actions.placeOrder({
      customerId: customer.id,
      lines: [{ variantId: variantId(0), quantity: 1 }],
    });
    expect(JSON.parse(webhook.body)).toMatchObject({ buyer_accepts_marketing: true });
    // Order webhooks no longer carry the customer's consent (API 2025-01): the topic does.
    expect(JSON.parse(webhook.body).customer).not.toHaveProperty("email_marketing_consent");
    const unsubscribed = await simulator.actions.setEmailMarketingConsent({ customerId: customer.id, state: "UNSUBSCRIBED" });
    expect(unsubscribed.webhook.status).toBe(200);
    await runJobs();
    expect(await db.emailConsent.findUniqueOrThrow({ where: { shop_customerId: { shop: SHOP, customerId: customer.id } } })).toMatchObject({
      state: "unsubscribed",
      email: customer.email,
      consentUpdatedAt: new Date(customer.emailMarketingConsentUpdatedAt!),
    });
    // An older report delivered late changes nothing.
    const older = {
      ...emailMarketingConsentPayload(customer),
      email_marketing_consent: { state: "subscribed", opt_in_level: "single_opt_in", consent_updated_at: "2020-01-01T00:00:00Z" },
    };
    expect((await simulator.webhooks.send({ shop: SHOP, topic: "customers_email_marketing_consent/update", payload: older })).status).toBe(
      200,
    );
    await runJobs();
    expect((await db.emailConsent.findUniqueOrThrow({ where: { shop_customerId: { shop: SHOP, customerId: customer.id } } })).state).toBe(
      "unsubscribed",
    );

    // With "marketing consent only", the thank-you follows the customer's consent, not the box ticked at checkout.
    await db.emailSettings.upsert({
      where: { shop: SHOP },
      create: { shop: SHOP, marketingConsentOnly: true },
      update: { marketingConsentOnly: true },
    });
    try {
      const thanks = (await emailRows(order.id))[0]!;
      await runJobsAt(new Date(thanks.scheduledFor.getTime() + 60_000));
      expect(await db.emailMessage.findUniqueOrThrow({ where: { id: thanks.id } })).toMatchObject({
        status: "skipped",
        statusReason: "No email marketing consent",
      });
    } finally {
      await db.emailSettings.update({ where: { shop: SHOP }, data: { marketingConsentOnly: false } });
    }
  });

  it("signs a customer up from customers/create", async () => {
    const { customer, webhook } = await simulator.actions.createCustomer({ email: `signup-${Date.now()}@example.com`, firstName: "Nikos" });
    expect(webhook.status).toBe(200);
    await runJobs();
    expect(await db.loyaltyMember.findUniqueOrThrow({ where: { shop_customerId: { shop: SHOP, customerId: customer.id } } })).toMatchObject(
      { firstName: "Nikos", balance: 100 },
    );
  });

  it("takes Shopify's documented sample of every subscribed topic: each is accepted and its jobs end done or skipped, none dead", async () => {
    const domain = "documented-samples.myshopify.com";
    simulator.addShop({ domain });
    onTestFinished(() => {
      simulator.state.shops.delete(domain);
    });
    // Installed as OAuth leaves it (no shop.sync yet): only privacy duties run for a shop without an installation.
    const shopify = await import("../../app/shopify.server");
    await storeOfflineSession(shopify.sessionStorage, { shop: domain, accessToken: "shpat_documented_samples" });
    // The samples leave the shop's identity out: "{shop}.myshopify.com" in the compliance bodies,
    // null in the Shop object app/uninstalled carries. A real delivery names its shop, and the app
    // requires it to be the shop in X-Shopify-Shop-Domain, so the sample is filled in as Shopify would.
    const sampleFor = (topic: string) => {
      const sample = documentedSample(topic);
      if ("shop_domain" in sample) {
        expect(sample.shop_domain, topic).toBe("{shop}.myshopify.com");
        sample.shop_domain = domain;
      }
      if (topic === "app/uninstalled") {
        expect(sample.myshopify_domain).toBeNull();
        sample.myshopify_domain = domain;
      }
      return sample;
    };
    const topics = readWebhookConfig(path.resolve("shopify.app.toml"), app.url).subscriptions.flatMap(
      (subscription) => subscription.topics,
    );
    expect(topics).toEqual(
      expect.arrayContaining([
        "orders/paid",
        "refunds/create",
        "customers_email_marketing_consent/update",
        "customers/data_request",
        "shop/redact",
      ]),
    );
    // Erasure and the shop's lifecycle last: customers/redact deletes finished jobs whose bodies
    // name the customer, uninstalling stops the shop's work, shop/redact deletes it.
    const last = ["customers/redact", "app/uninstalled", "shop/redact"];
    for (const topic of topics.filter((topic) => !last.includes(topic))) {
      expect((await simulator.webhooks.send({ shop: domain, topic, payload: sampleFor(topic) })).status, topic).toBe(200);
    }
    // Each was acted on (none refused), jobs or not.
    expect(await db.webhookDelivery.findMany({ where: { shop: domain, status: { not: "accepted" } } })).toEqual([]);
    for (
      let job = await db.job.findFirst({ where: { shop: domain, status: "queued" } });
      job;
      job = await db.job.findFirst({ where: { shop: domain, status: "queued" } })
    ) {
      await settle(job.id);
    }
    const jobs = await db.job.findMany({ where: { shop: domain }, orderBy: { type: "asc" } });
    expect(jobs.filter((job) => job.status !== "done" && job.status !== "skipped")).toEqual([]);
    // The order samples are test orders, and the refund is for an order the shop never sent.
    expect(jobs.filter((job) => job.status === "skipped").map((job) => job.type)).toEqual([
      "order.record",
      "order.record",
      "order.record",
      "order.refund",
    ]);
    expect(await db.emailConsent.count({ where: { shop: domain } })).toBe(1);
    expect(await db.dataRequest.count({ where: { shop: domain } })).toBe(1);

    for (const topic of last) {
      expect((await simulator.webhooks.send({ shop: domain, topic, payload: sampleFor(topic) })).status, topic).toBe(200);
      await runJobs();
      if (topic !== "shop/redact") {
        expect(await db.webhookDelivery.count({ where: { shop: domain, topic, status: "accepted" } }), topic).toBe(1);
        expect(await db.job.count({ where: { shop: domain, status: { notIn: ["done", "skipped"] } } }), topic).toBe(0);
      }
    }
    expect(await db.job.count({ where: { shop: domain } })).toBe(0);
    expect(await db.emailConsent.count({ where: { shop: domain } })).toBe(0);
  });
});

describe("webhooks", () => {
  beforeEach(async () => {
    await runJobs(); // start each test with an empty queue
  });

  it("records a paid order once, however often Shopify retries the delivery", async () => {
    const { order, webhook } = await simulator.actions.placeOrder({
      customerId: customerId(),
      lines: [{ variantId: variantId(0), quantity: 2 }],
    });
    expect(webhook.status).toBe(200);
    const received = { shop: SHOP, type: "webhook.accept", dedupeKey: `webhook:${webhook.webhookId}` };
    for (let retry = 0; retry < 7; retry++) {
      expect((await simulator.webhooks.redeliver(webhook.webhookId)).status).toBe(200);
      // Retries while its job waits, and after it ran.
      if (retry === 3) await runJobs();
    }
    expect(await db.job.count({ where: received })).toBe(1);
    await runJobs();
    expect(await db.job.findMany({ where: received })).toMatchObject([{ status: "done" }]);
    expect(await db.webhookDelivery.count({ where: { shop: SHOP, webhookId: webhook.webhookId } })).toBe(1);
    expect(await jobsMentioning(db, { shop: SHOP, type: "order.record" }, `"admin_graphql_api_id":"${order.id}"`)).toMatchObject([
      { status: "done" },
    ]);
    const row = await db.order.findUniqueOrThrow({ where: { id: order.id } });
    expect(row).toMatchObject({ shop: SHOP, name: order.name, totalPrice: order.totalPrice, customerId: customerId() });
    expect(row.paidAt).not.toBeNull();
  });

  it("answers a forged webhook with 401 and writes nothing", async () => {
    const before = { deliveries: await db.webhookDelivery.count(), jobs: await db.job.count() };
    const { webhook } = await simulator.actions.placeOrder({ customerId: customerId(), lines: [{ variantId: variantId(1), quantity: 1 }] });
    // The genuine delivery was recorded: its webhook.accept job, not judged yet.
    expect({ deliveries: await db.webhookDelivery.count(), jobs: await db.job.count() }).toEqual({ ...before, jobs: before.jobs + 1 });
    const forged = await simulator.webhooks.redeliver(webhook.webhookId, { secret: "not-the-app-secret" });
    expect(forged.status).toBe(401);
    // The forged copy added nothing: no job, no delivery.
    expect({ deliveries: await db.webhookDelivery.count(), jobs: await db.job.count() }).toEqual({ ...before, jobs: before.jobs + 1 });

    const forgedNew = await simulator.webhooks.send({ shop: SHOP, topic: "orders/paid", payload: { id: 1 }, secret: "wrong" });
    expect(forgedNew.status).toBe(401);
    expect(await db.job.count({ where: { dedupeKey: `webhook:${forgedNew.webhookId}` } })).toBe(0);
    await runJobs();
    expect(await db.webhookDelivery.count({ where: { webhookId: forgedNew.webhookId } })).toBe(0);
    expect(await db.webhookDelivery.count()).toBe(before.deliveries + 1);
  });

  it("follows an order through fulfilment, delivery and a refund in the customer's currency", async () => {
    const { order } = await simulator.actions.placeOrder({
      customerId: customerId(),
      lines: [{ variantId: variantId(2), quantity: 1 }],
      presentmentCurrency: "EUR",
    });
    await simulator.actions.fulfilOrder({ orderId: order.id });
    await simulator.actions.deliverOrder({ orderId: order.id });
    const { refund } = await simulator.actions.refundOrder({ orderId: order.id });
    await runJobs();

    const row = await db.order.findUniqueOrThrow({ where: { id: order.id } });
    expect(row.presentmentCurrencyCode).toBe("EUR");
    expect(row.fulfilledAt).not.toBeNull();
    expect(row.deliveredAt).not.toBeNull();
    const refundRow = await db.refund.findUniqueOrThrow({ where: { id: refund.id } });
    expect(refundRow.amount).toBe(Number(refund.amount).toFixed(2)); // shop currency (USD), not EUR
  });

  it("syncs the shop's details through the Admin API", async () => {
    const { enqueue } = await import("../../app/jobs/queue.server");
    await enqueue(db, { shop: SHOP, type: "shop.sync", payload: {} });
    await runJobs();
    expect(await db.shop.findUniqueOrThrow({ where: { domain: SHOP } })).toMatchObject({
      name: "Demo Retention Store",
      currencyCode: "USD",
      ianaTimezone: "Europe/Athens",
    });
  });

  it("anonymises a customer's orders and reviews on customers/redact", async () => {
    const customer = simulator.state.shops.get(SHOP)!.customers[1]!;
    const { order } = await simulator.actions.placeOrder({ customerId: customer.id, lines: [{ variantId: variantId(3), quantity: 1 }] });
    await runJobs();
    const review = await db.review.create({
      data: {
        shop: SHOP,
        productId: "gid://shopify/Product/1",
        customerId: customer.id,
        orderId: order.id,
        authorEmail: customer.email,
        authorName: `${customer.firstName} ${customer.lastName}`,
        rating: 5,
        body: "Lovely, would buy again.",
        source: "storefront",
        contentHash: "redact-test",
        ipHash: "abc",
      },
    });
    const { webhook } = await simulator.actions.redactCustomer({ customerId: customer.id });
    expect(webhook.status).toBe(200);
    await runJobs();

    expect(await db.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({ email: null, customerId: null });
    expect(await db.review.findUniqueOrThrow({ where: { id: review.id } })).toMatchObject({
      authorName: "Anonymous",
      authorEmail: null,
      customerId: null,
      orderId: null,
      ipHash: null,
      body: "Lovely, would buy again.",
    });
  });

  it("stops all of a shop's work and forgets its sessions on uninstall", async () => {
    await simulator.actions.placeOrder({ customerId: customerId(), lines: [{ variantId: variantId(0), quantity: 1 }] });
    await runJobs();
    // The order's later work (its thank-you's send) waits in the queue.
    expect(await db.job.count({ where: { shop: SHOP, status: "queued" } })).toBeGreaterThan(0);
    const { webhook } = await simulator.actions.uninstallApp({});
    expect(webhook.status).toBe(200);
    await runJobs();
    expect(await db.job.count({ where: { shop: SHOP, status: "queued" } })).toBe(0);
    expect(await db.session.count({ where: { shop: SHOP } })).toBe(0);
    expect((await db.shop.findUniqueOrThrow({ where: { domain: SHOP } })).uninstalledAt).not.toBeNull();
  });

  it("deletes everything held for the shop on shop/redact", async () => {
    expect(await db.order.count({ where: { shop: SHOP } })).toBeGreaterThan(0);
    expect(await db.review.count({ where: { shop: SHOP } })).toBeGreaterThan(0);
    const { webhook } = await simulator.actions.redactShop({});
    expect(webhook.status).toBe(200);
    await runJobs();
    for (const count of [
      db.order.count({ where: { shop: SHOP } }),
      db.refund.count({ where: { shop: SHOP } }),
      db.review.count({ where: { shop: SHOP } }),
      db.reviewPhoto.count({ where: { review: { shop: SHOP } } }),
      db.webhookDelivery.count({ where: { shop: SHOP } }),
      db.session.count({ where: { shop: SHOP } }),
      db.shop.count({ where: { domain: SHOP } }),
      db.job.count({ where: { shop: SHOP, status: "queued" } }),
    ]) {
      expect(await count).toBe(0);
    }
  });
});
