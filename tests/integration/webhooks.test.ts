// Webhooks end to end: the simulator signs and delivers them over HTTP to the app's
// webhook route; jobs then run against the simulator's Admin API.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../scripts/simulator/server";
import { storeOfflineSession } from "../../scripts/simulator/install";
import { DEMO_ACCESS_TOKEN, DEMO_SHOP_DOMAIN } from "../../scripts/simulator/demo-store";
import { serveRoute } from "../support/route-server";

const SHOP = DEMO_SHOP_DOMAIN;
let simulator: Simulator;
let app: Awaited<ReturnType<typeof serveRoute>>;
let db: typeof import("../../app/db.server").default;
let runJobs: () => Promise<number>;

beforeAll(async () => {
  // The app reaches the simulator through configuration only, as in the demo.
  app = await serveRoute(async (args) => (await import("../../app/routes/webhooks")).action(args as never));
  simulator = await startSimulator({ appUrl: app.url, apiKey: process.env.SHOPIFY_API_KEY!, apiSecret: process.env.SHOPIFY_API_SECRET! });
  process.env.SHOPIFY_ADMIN_API_ORIGIN = simulator.url;
  const shopify = await import("../../app/shopify.server");
  const { handlers } = await import("../../app/jobs/handlers.server");
  const { runDueJobs } = await import("../../app/jobs/worker.server");
  db = (await import("../../app/db.server")).default;
  runJobs = () => runDueJobs({ db, handlers, adminFor: shopify.adminFor, batchSize: 100 });
  await storeOfflineSession(shopify.sessionStorage, { shop: SHOP, accessToken: DEMO_ACCESS_TOKEN, scope: "read_orders" });
});

afterAll(async () => {
  await simulator.close();
  await app.close();
});

const customerId = () => simulator.state.shops.get(SHOP)!.customers[0]!.id;
const variantId = (n: number) => simulator.state.shops.get(SHOP)!.products[n]!.variants[0]!.id;

describe("webhooks", () => {
  beforeEach(async () => {
    await runJobs(); // start each test with an empty queue
  });

  it("records a paid order once, however often Shopify retries the delivery", async () => {
    const { order, webhook } = await simulator.actions.placeOrder({ customerId: customerId(), lines: [{ variantId: variantId(0), quantity: 2 }] });
    expect(webhook.status).toBe(200);
    for (let retry = 0; retry < 7; retry++) {
      expect((await simulator.webhooks.redeliver(webhook.webhookId)).status).toBe(200);
    }
    expect(await db.webhookDelivery.count({ where: { shop: SHOP, webhookId: webhook.webhookId } })).toBe(1);
    expect(await db.job.count({ where: { shop: SHOP, type: "order.record", status: "queued" } })).toBe(1);

    expect(await runJobs()).toBe(1);
    const row = await db.order.findUniqueOrThrow({ where: { id: order.id } });
    expect(row).toMatchObject({ shop: SHOP, name: order.name, totalPrice: order.totalPrice, customerId: customerId() });
    expect(row.paidAt).not.toBeNull();
  });

  it("answers a forged webhook with 401 and writes nothing", async () => {
    const before = { deliveries: await db.webhookDelivery.count(), jobs: await db.job.count() };
    const { webhook } = await simulator.actions.placeOrder({ customerId: customerId(), lines: [{ variantId: variantId(1), quantity: 1 }] });
    const forged = await simulator.webhooks.redeliver(webhook.webhookId, { secret: "not-the-app-secret" });
    expect(forged.status).toBe(401);
    // The genuine delivery went through; the forged copy added nothing.
    expect(await db.webhookDelivery.count()).toBe(before.deliveries + 1);
    expect(await db.job.count()).toBe(before.jobs + 1);

    const forgedNew = await simulator.webhooks.send({ shop: SHOP, topic: "orders/paid", payload: { id: 1 }, secret: "wrong" });
    expect(forgedNew.status).toBe(401);
    expect(await db.webhookDelivery.count({ where: { webhookId: forgedNew.webhookId } })).toBe(0);
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
        shop: SHOP, productId: "gid://shopify/Product/1", customerId: customer.id, orderId: order.id, authorEmail: customer.email,
        authorName: `${customer.firstName} ${customer.lastName}`, rating: 5, body: "Lovely, would buy again.", source: "storefront",
        contentHash: "redact-test", ipHash: "abc",
      },
    });
    const { webhook } = await simulator.actions.redactCustomer({ customerId: customer.id });
    expect(webhook.status).toBe(200);
    await runJobs();

    expect(await db.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({ email: null, customerId: null });
    expect(await db.review.findUniqueOrThrow({ where: { id: review.id } })).toMatchObject({
      authorName: "Anonymous", authorEmail: null, customerId: null, orderId: null, ipHash: null, body: "Lovely, would buy again.",
    });
  });

  it("stops all of a shop's work and forgets its sessions on uninstall", async () => {
    await simulator.actions.placeOrder({ customerId: customerId(), lines: [{ variantId: variantId(0), quantity: 1 }] });
    expect(await db.job.count({ where: { shop: SHOP, status: "queued" } })).toBeGreaterThan(0);
    const { webhook } = await simulator.actions.uninstallApp({});
    expect(webhook.status).toBe(200);
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
