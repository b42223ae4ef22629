// A reward code's life through Shopify's signed requests: redeemed on the storefront (a signed
// app-proxy POST), used at checkout (the simulator's order with the code, delivered as signed
// orders/paid webhooks, again and again as Shopify retries), then shown as used to the customer
// (a signed app-proxy GET) and on the member's admin page; the order's points, released after the
// returns window, are announced once by email.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../scripts/simulator/server";
import { storeOfflineSession } from "../../scripts/simulator/install";
import { appProxyUrl } from "../../scripts/simulator/app-proxy";
import { DEMO_ACCESS_TOKEN, DEMO_SHOP_DOMAIN } from "../../scripts/simulator/demo-store";
import type { Customer, ShopState } from "../../scripts/simulator/state";
import type { WebhookDelivery } from "../../scripts/simulator/webhooks";
import { serveRoute } from "../support/route-server";
import { DAY, enableLoyalty } from "../support/loyalty-fixtures";

const SHOP = DEMO_SHOP_DOMAIN;
const SECRET = process.env.SHOPIFY_API_SECRET!;
const COPIES = 5;

type Db = typeof import("../../app/db.server").default;
let db: Db;
let simulator: Simulator;
let webhookRoute: Awaited<ReturnType<typeof serveRoute>>;
let proxy: typeof import("../../app/routes/proxy.loyalty");
let runJobsAt: (at: Date) => Promise<number>;
let alex: Customer;

beforeAll(async () => {
  webhookRoute = await serveRoute(async (args) => (await import("../../app/routes/webhooks")).action(args as never));
  simulator = await startSimulator({ appUrl: webhookRoute.url, apiKey: process.env.SHOPIFY_API_KEY!, apiSecret: SECRET });
  process.env.SHOPIFY_ADMIN_API_ORIGIN = simulator.url;
  const shopify = await import("../../app/shopify.server");
  const { handlers } = await import("../../app/jobs/handlers.server");
  const { runDueJobs } = await import("../../app/jobs/worker.server");
  db = (await import("../../app/db.server")).default;
  proxy = await import("../../app/routes/proxy.loyalty");
  runJobsAt = async (at: Date) => {
    let total = 0;
    for (let ran = -1; ran !== 0; total += ran)
      ran = await runDueJobs({ db, handlers, adminFor: shopify.adminFor, now: () => at, batchSize: 100 });
    return total;
  };
  await storeOfflineSession(shopify.sessionStorage, { shop: SHOP, accessToken: DEMO_ACCESS_TOKEN });
  await enableLoyalty(db, SHOP, { pendingDays: 14, pointsPerUnit: 1, signupPoints: 0 });
  await db.shop.create({
    data: { domain: SHOP, name: "Demo Retention Store", currencyCode: "USD", storefrontUrl: "https://demo-retention.example" },
  });
  await db.emailSettings.create({ data: { shop: SHOP, thankYouEnabled: false, reviewRequestEnabled: false } });
  await db.loyaltyReward.create({ data: { shop: SHOP, name: "$5 off your order", kind: "amount_off", value: "5.00", pointsCost: 100 } });
  alex = shopState().customers.find((customer) => customer.email === "alex.morgan@example.com")!;
});

afterAll(async () => {
  await simulator?.close();
  await webhookRoute?.close();
});

const shopState = (): ShopState => simulator.state.shops.get(SHOP)!;
const variant = (handle: string) => shopState().products.find((product) => product.handle === handle)!.variants[0]!.id;

/** A storefront request as Shopify forwards it through the app proxy, signed, for Alex. */
function signed(method: "GET" | "POST", body?: BodyInit) {
  const url = appProxyUrl("http://localhost:3000/proxy", "/loyalty", {
    shop: SHOP,
    pathPrefix: "/apps/retention",
    secret: SECRET,
    loggedInCustomerId: alex.id.split("/").pop()!,
  });
  return new Request(url, { method, body, headers: { "content-type": "application/json", accept: "application/json" } });
}
const storefront = async () => (await (proxy.loader({ request: signed("GET"), params: {}, context: {} }) as Promise<Response>)).json();

/** Shopify's retries (same webhook id) and copies under new ids. */
async function deliverAgain(webhook: WebhookDelivery) {
  for (let retry = 1; retry < COPIES; retry++) expect((await simulator.webhooks.redeliver(webhook.webhookId)).status).toBe(200);
  for (let copy = 0; copy < COPIES; copy++) {
    const again = await simulator.webhooks.send({ shop: SHOP, topic: webhook.topic, payload: JSON.parse(webhook.body) });
    expect(again.status).toBe(200);
  }
}

describe("a reward code used at checkout", () => {
  it("is marked used once from the order's webhooks and shows as used on the storefront and the member's page", async () => {
    // 158 points from a first order, spendable after the returns window.
    const first = await simulator.actions.placeOrder({
      customerId: alex.id,
      lines: [{ variantId: variant("leather-sandals"), quantity: 2 }],
    });
    expect(first.webhook.status).toBe(200);
    await runJobsAt(new Date());
    const afterWindow = new Date(Date.now() + 15 * DAY);
    await runJobsAt(afterWindow);
    const member = await db.loyaltyMember.findUniqueOrThrow({ where: { shop_customerId: { shop: SHOP, customerId: alex.id } } });
    expect(member).toMatchObject({ balance: 158, pending: 0 });

    // Released once, announced once, whatever the retries.
    await runJobsAt(afterWindow);
    const announced = await db.emailMessage.findMany({ where: { shop: SHOP, flow: "points_available" } });
    expect(announced).toHaveLength(1);
    expect(announced[0]).toMatchObject({ recipient: "alex.morgan@example.com", template: "points_available" });

    // Redeem on the storefront.
    const reward = await db.loyaltyReward.findFirstOrThrow({ where: { shop: SHOP } });
    const redeemed = await (proxy.action({
      request: signed("POST", JSON.stringify({ intent: "redeem", rewardId: reward.id })),
      params: {},
      context: {},
    }) as Promise<Response>);
    expect(redeemed.status).toBe(200);
    const { code } = (await redeemed.json()) as { code: string };
    expect((await storefront()).member.rewards).toEqual([
      expect.objectContaining({ code, name: "$5 off your order", used: false, used_at: null }),
    ]);

    // Alex uses it at checkout, typed in lower case; Shopify delivers orders/paid many times.
    const second = await simulator.actions.placeOrder({
      customerId: alex.id,
      lines: [{ variantId: variant("leather-sandals"), quantity: 1 }],
      discountCode: code.toLowerCase(),
    });
    expect(JSON.parse(second.webhook.body).discount_codes).toEqual([expect.objectContaining({ code })]);
    await deliverAgain(second.webhook);
    await runJobsAt(new Date());
    await deliverAgain(second.webhook);
    await runJobsAt(new Date());

    const row = await db.loyaltyRedemption.findFirstOrThrow({ where: { shop: SHOP, code } });
    expect(row).toMatchObject({ status: "used", usedOrderId: second.order.id, usedOrderName: second.order.name });
    expect(row.usedAt?.toISOString()).toBe(new Date(second.order.processedAt).toISOString());
    const [mine] = (await storefront()).member.rewards;
    expect(mine).toMatchObject({ code, used: true, used_at: row.usedAt!.toISOString() });

    // The member's page in the admin says Used, with the order.
    const { memberDetail } = await import("../../app/loyalty/members.server");
    const { memberView } = await import("../../app/loyalty/member-view");
    const detail = await memberDetail(db, SHOP, member.id, { take: 20 });
    const view = memberView(detail!, "UTC");
    expect(view.redemptions.rows[0]).toMatchObject({
      code,
      status: "used",
      used: expect.stringMatching(new RegExp(`^Used on .* in ${second.order.name}$`)),
    });

    // The customer's metafield, synced by the worker, carries the same.
    const metafield = shopState().metafields.find((m) => m.ownerId === alex.id && m.namespace.endsWith("--loyalty") && m.key === "status");
    expect(JSON.parse(metafield!.value).rewards[0]).toMatchObject({ code, used: true });
  });
});
