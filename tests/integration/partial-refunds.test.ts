// Partial refunds end to end: the simulator refunds an order of several products in parts (by
// line with restock, by a goodwill amount, to store credit) and delivers each refunds/create
// signed over HTTP to the app's webhook route; the worker then reverses points and rolls up the
// day. Deliveries sent again (same X-Shopify-Webhook-Id) and jobs run again change nothing.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../scripts/simulator/server";
import { storeOfflineSession } from "../../scripts/simulator/install";
import { DEMO_ACCESS_TOKEN, DEMO_SHOP_DOMAIN } from "../../scripts/simulator/demo-store";
import type { Discount, ShopState } from "../../scripts/simulator/state";
import { serveRoute } from "../support/route-server";

const SHOP = DEMO_SHOP_DOMAIN;
let simulator: Simulator;
let app: Awaited<ReturnType<typeof serveRoute>>;
let db: typeof import("../../app/db.server").default;
let runJobs: () => Promise<number>;
let applyOrderPoints: typeof import("../../app/loyalty/order-points.server").applyOrderPoints;
let rollupDay: typeof import("../../app/dashboard/rollup.server").rollupDay;
let dayOf: typeof import("../../app/dashboard/days").dayOf;
let shopTimeZone: typeof import("../../app/lib/shop-profile.server").shopTimeZone;

beforeAll(async () => {
  app = await serveRoute(async (args) => (await import("../../app/routes/webhooks")).action(args as never));
  simulator = await startSimulator({ appUrl: app.url, apiKey: process.env.SHOPIFY_API_KEY!, apiSecret: process.env.SHOPIFY_API_SECRET! });
  process.env.SHOPIFY_ADMIN_API_ORIGIN = simulator.url;
  const shopify = await import("../../app/shopify.server");
  const { handlers } = await import("../../app/jobs/handlers.server");
  const { runDueJobs } = await import("../../app/jobs/worker.server");
  db = (await import("../../app/db.server")).default;
  ({ applyOrderPoints } = await import("../../app/loyalty/order-points.server"));
  ({ rollupDay } = await import("../../app/dashboard/rollup.server"));
  ({ dayOf } = await import("../../app/dashboard/days"));
  ({ shopTimeZone } = await import("../../app/lib/shop-profile.server"));
  runJobs = async () => {
    let total = 0;
    for (let ran = -1; ran !== 0; total += ran) ran = await runDueJobs({ db, handlers, adminFor: shopify.adminFor, batchSize: 100 });
    return total;
  };
  await storeOfflineSession(shopify.sessionStorage, { shop: SHOP, accessToken: DEMO_ACCESS_TOKEN });
  await db.loyaltySettings.upsert({
    where: { shop: SHOP },
    create: { shop: SHOP, enabled: true, pendingDays: 14 },
    update: { enabled: true, pendingDays: 14 },
  });
});

afterAll(async () => {
  await simulator.close();
  await app.close();
});

const shopState = (): ShopState => simulator.state.shops.get(SHOP)!;
const variant = (handle: string, index = 0) => shopState().products.find((product) => product.handle === handle)!.variants[index]!.id;
const customer = (email: string) => shopState().customers.find((candidate) => candidate.email === email)!.id;
const earning = (changes: Record<string, boolean>) => db.loyaltySettings.update({ where: { shop: SHOP }, data: changes });
const reversedFor = async (orderId: string) =>
  -(await db.loyaltyEntry.findMany({ where: { shop: SHOP, orderId, kind: "reverse" } })).reduce((sum, entry) => sum + entry.points, 0);
const earnedFor = async (orderId: string) =>
  (await db.loyaltyEntry.findFirstOrThrow({ where: { shop: SHOP, idempotencyKey: `order:${orderId}:earn` } })).points;

beforeEach(async () => {
  Object.assign(shopState(), { taxesIncluded: false, tax: undefined, discounts: [] });
  await earning({ excludeShipping: true, excludeTax: true, excludeDiscounts: true });
});

describe("partial refunds through signed webhooks", () => {
  it("takes back a line's points by what it earned, a goodwill amount by its share, and everything once all is refunded, to store credit included", async () => {
    const { order } = await simulator.actions.placeOrder({
      customerId: customer("emma.clarke@example.com"),
      lines: [
        { variantId: variant("thyme-honey"), quantity: 3 },
        { variantId: variant("ceramic-mug", 1), quantity: 1 },
        { variantId: variant("scented-candle"), quantity: 2 },
      ],
    });
    expect([order.subtotalPrice, order.totalPrice]).toEqual(["103.50", "108.50"]);
    await runJobs();
    expect(await earnedFor(order.id)).toBe(103);
    // The day on the clock the rollup uses (this test installs no shop profile, so UTC): a fixed
    // zone here failed between 22:00 and 24:00 UTC, when Athens is already on the next day.
    const day = dayOf(new Date(order.processedAt), await shopTimeZone(db, SHOP));
    const revenue = async () => (await rollupDay(db, SHOP, day, new Date())).revenueCents;
    const revenueBefore = await revenue();

    // One unit of the first line, restocked: floor(103 × 14.50 / 103.50) = 14.
    const line = await simulator.actions.refundOrder({
      orderId: order.id,
      lines: [{ lineItemId: order.lineItems[0]!.id, quantity: 1 }],
      restock: true,
    });
    expect(line.webhook.status).toBe(200);
    await runJobs();
    expect(await reversedFor(order.id)).toBe(14);
    expect((await db.refund.findUniqueOrThrow({ where: { id: line.refund.id } })).lineItems).toEqual([
      { lineItemId: order.lineItems[0]!.id, quantity: 1, subtotal: "14.50", tax: "0.00" },
    ]);

    // Shopify retries with the same webhook id: refused as a duplicate, no second job, no second reversal.
    const retried = await simulator.webhooks.redeliver(line.webhook.webhookId);
    expect(retried).toMatchObject({ status: 200, attempts: 2 });
    expect(await db.webhookDelivery.count({ where: { shop: SHOP, webhookId: line.webhook.webhookId } })).toBe(1);
    // A job run twice (a worker that died before marking it done) changes nothing either.
    await applyOrderPoints(db, SHOP, order.id, new Date());
    await runJobs();
    expect(await reversedFor(order.id)).toBe(14);

    // A goodwill amount tied to no line: floor(103 × (14.50/103.50 + 10.00/108.50)) = 23.
    const goodwill = await simulator.actions.refundOrder({ orderId: order.id, amount: "10.00", note: "Late delivery" });
    await runJobs();
    expect(await reversedFor(order.id)).toBe(23);
    expect((await db.refund.findUniqueOrThrow({ where: { id: goodwill.refund.id } })).amount).toBe("10.00");

    // The rest to store credit: a refund like any other, and the order is refunded in full.
    const rest = await simulator.actions.refundOrder({ orderId: order.id, method: "store_credit" });
    expect(JSON.parse(rest.webhook.body).transactions).toMatchObject([
      { kind: "refund", gateway: "shopify_store_credit", status: "success", amount: "84.00" },
    ]);
    await runJobs();
    await simulator.webhooks.redeliver(rest.webhook.webhookId);
    await runJobs();
    expect(await reversedFor(order.id)).toBe(103);
    expect(
      (await db.loyaltyEntry.findMany({ where: { shop: SHOP, orderId: order.id, kind: "reverse" }, orderBy: { createdAt: "asc" } })).map(
        (entry) => [entry.bucket, entry.points],
      ),
    ).toEqual([
      ["pending", -14],
      ["pending", -9],
      ["pending", -80],
    ]);
    // Net sales: the order's 108.50 less every refund, the store credit's included.
    expect(revenueBefore - (await revenue())).toBe(10_850);
  });

  it("takes back a refund split between the payment and store credit by its whole amount, once however often it comes", async () => {
    const alex = customer("alex.morgan@example.com");
    const { order } = await simulator.actions.placeOrder({ customerId: alex, lines: [{ variantId: variant("thyme-honey"), quantity: 2 }] });
    expect([order.subtotalPrice, order.totalPrice]).toEqual(["29.00", "34.00"]);
    await runJobs();
    expect(await earnedFor(order.id)).toBe(29);

    // 20.00 back: 8.00 to the card, 12.00 as store credit on Alex's account.
    const split = await simulator.actions.refundOrder({ orderId: order.id, amount: "20.00", storeCredit: "12.00" });
    expect(JSON.parse(split.webhook.body).transactions).toMatchObject([
      { kind: "refund", gateway: "shopify_payments", amount: "8.00" },
      { kind: "refund", gateway: "shopify_store_credit", amount: "12.00" },
    ]);
    expect(
      simulator.state.shops
        .get(SHOP)!
        .storeCreditAccounts?.find((account) => account.ownerId === alex)
        ?.transactions.at(-1),
    ).toMatchObject({
      amount: "12.00",
      event: "ORDER_REFUND",
    });
    await runJobs();
    // The whole 20.00 counts, the store credit's 12.00 included: floor(29 × 20.00 / 34.00) = 17 (the card's part alone would be 6).
    expect(await reversedFor(order.id)).toBe(17);
    expect((await db.refund.findUniqueOrThrow({ where: { id: split.refund.id } })).amount).toBe("20.00");

    // Shopify's retry and a job run twice change nothing.
    await simulator.webhooks.redeliver(split.webhook.webhookId);
    await applyOrderPoints(db, SHOP, order.id, new Date());
    await runJobs();
    expect(await reversedFor(order.id)).toBe(17);
  });

  it("counts a refunded line of a tax-inclusive, discounted order by what it earned, and all its items' points once every item is back", async () => {
    Object.assign(shopState(), { taxesIncluded: true, tax: { title: "GR VAT", rate: 0.24 } });
    const tenOff: Discount = {
      id: "gid://shopify/DiscountCodeNode/990101",
      kind: "code_basic",
      title: "Ten off",
      code: "TENOFF-REFUNDS",
      status: "ACTIVE",
      startsAt: "2026-01-01T00:00:00Z",
      endsAt: null,
      usageLimit: null,
      appliesOncePerCustomer: false,
      customerIds: null,
      value: { percentage: 0.1 },
      minimumSubtotal: null,
      destinationCountryCodes: null,
      createdAt: "2026-01-01T00:00:00Z",
    };
    shopState().discounts.push(tenOff);
    // Earn on the items before discounts, without their tax.
    await earning({ excludeDiscounts: false });
    const { order } = await simulator.actions.placeOrder({
      customerId: customer("alex.morgan@example.com"),
      lines: [
        { variantId: variant("leather-sandals"), quantity: 1 },
        { variantId: variant("scented-candle"), quantity: 2 },
      ],
      discountCode: "TENOFF-REFUNDS",
    });
    // 121.00 listed, 10% off: 71.10 + 2 × 18.90 = 108.90 with 13.76 + 7.32 of VAT in it.
    expect([order.subtotalPrice, order.totalDiscounts, order.lineItems.map((item) => item.tax)]).toEqual([
      "108.90",
      "12.10",
      ["13.76", "7.32"],
    ]);
    await runJobs();
    // 108.90 − 21.08 of VAT + 12.10 of discounts = 99.92.
    expect(await earnedFor(order.id)).toBe(99);

    // One candle: 18.90 with 3.66 of VAT, 2.10 off: it earned 18.90 − 3.66 + 2.10 = 17.34 of 99.92.
    // By money alone it would be 18.90 of the 113.90 paid: 16 points.
    const candle = order.lineItems[1]!.id;
    await simulator.actions.refundOrder({ orderId: order.id, lines: [{ lineItemId: candle, quantity: 1 }] });
    await runJobs();
    expect(await reversedFor(order.id)).toBe(17);

    // Every other item back, the shipping kept: the items earned all 99 points, so all go.
    await simulator.actions.refundOrder({
      orderId: order.id,
      lines: [
        { lineItemId: order.lineItems[0]!.id, quantity: 1 },
        { lineItemId: candle, quantity: 1 },
      ],
      restock: true,
    });
    await runJobs();
    expect(shopState().orders.find((candidate) => candidate.id === order.id)!.financialStatus).toBe("PARTIALLY_REFUNDED");
    expect(await reversedFor(order.id)).toBe(99);
  });
});
