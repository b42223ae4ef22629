// The app's routes for UI extensions (customer accounts: GET/POST /extension-api/loyalty, GET
// /extension-api/order; thank-you page: GET/POST /extension-api/thank-you), called with session tokens
// signed as Shopify signs them: forged, expired or foreign tokens get 401 and write nothing, every
// answer carries CORS headers, a customer only ever sees their own shop's data, redemptions are
// confirmed first and share the storefront's rate limit.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../scripts/simulator/server";
import { storeOfflineSession } from "../../scripts/simulator/install";
import { DEMO_ACCESS_TOKEN, DEMO_SHOP_DOMAIN } from "../../scripts/simulator/demo-store";
import type { Customer } from "../../scripts/simulator/state";
import { extensionSessionToken, type TokenClaims } from "../support/extension-tokens";
import { DAY, storeOrder } from "../support/loyalty-fixtures";

const SHOP = DEMO_SHOP_DOMAIN;
const OTHER_SHOP = "other-shop.myshopify.com";
let simulator: Simulator;
let loyalty: typeof import("../../app/routes/extension-api.loyalty");
let thankYou: typeof import("../../app/routes/extension-api.thank-you");
let orderRoute: typeof import("../../app/routes/extension-api.order");
let db: typeof import("../../app/db.server").default;
let customers: Record<"alex" | "maria" | "nikos" | "emma", Customer>;
let fiveOff = "";

type Who = Customer | null | { token: string };
const tokenFor = (who: Who, claims: Partial<TokenClaims> = {}) =>
  who && "token" in who ? who.token : extensionSessionToken({ shop: SHOP, customerId: who?.id ?? null, ...claims });

function request(path: string, who: Who, init: { method?: string; body?: unknown; claims?: Partial<TokenClaims> } = {}) {
  return new Request(`http://localhost:3000${path}`, {
    method: init.method ?? "GET",
    headers: {
      authorization: `Bearer ${tokenFor(who, init.claims)}`,
      origin: "https://extensions.shopifycdn.com",
      ...(init.body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}
const args = (req: Request) => ({ request: req, params: {}, context: {} });
const getAccount = (who: Who, claims?: Partial<TokenClaims>) => loyalty.loader(args(request("/extension-api/loyalty", who, { claims })));
const postAccount = (who: Who, body: unknown, claims?: Partial<TokenClaims>) =>
  loyalty.action(args(request("/extension-api/loyalty", who, { method: "POST", body, claims })));

const shopState = () => simulator.state.shops.get(SHOP)!;
const written = async () => ({
  discounts: shopState().discounts.length,
  redemptions: await db.loyaltyRedemption.count(),
  entries: await db.loyaltyEntry.count(),
  members: await db.loyaltyMember.count(),
});

async function memberWithPoints(shop: string, customer: Customer, points: number) {
  const { findOrCreateMember, postToLedger } = await import("../../app/loyalty/ledger.server");
  const member = (await findOrCreateMember(db, shop, { customerId: customer.id, email: customer.email, firstName: customer.firstName }))!;
  await postToLedger(db, shop, member.id, new Date(), async () => [
    { kind: "adjust", bucket: "balance", points, idempotencyKey: `test:${shop}:${customer.id}`, note: "Welcome gift" },
  ]);
  return member;
}

beforeAll(async () => {
  simulator = await startSimulator({ appUrl: "http://127.0.0.1:9", apiKey: "k", apiSecret: process.env.SHOPIFY_API_SECRET! });
  process.env.SHOPIFY_ADMIN_API_ORIGIN = simulator.url;
  const shopify = await import("../../app/shopify.server");
  loyalty = await import("../../app/routes/extension-api.loyalty");
  thankYou = await import("../../app/routes/extension-api.thank-you");
  orderRoute = await import("../../app/routes/extension-api.order");
  db = (await import("../../app/db.server")).default;
  await storeOfflineSession(shopify.sessionStorage, { shop: SHOP, accessToken: DEMO_ACCESS_TOKEN });
  const [alex, maria, nikos, emma] = shopState().customers;
  customers = { alex: alex!, maria: maria!, nikos: nikos!, emma: emma! };

  const { enableLoyalty } = await import("../support/loyalty-fixtures");
  await enableLoyalty(db, SHOP);
  await enableLoyalty(db, OTHER_SHOP);
  await db.shop.create({ data: { domain: SHOP, name: "Demo", currencyCode: "USD", storefrontUrl: "https://demo-retention.example" } });
  fiveOff = (await db.loyaltyReward.create({ data: { shop: SHOP, name: "$5 off", kind: "amount_off", value: "5.00", pointsCost: 100 } }))
    .id;
  await db.loyaltyTier.create({ data: { shop: SHOP, name: "Gold", threshold: 1500, multiplierPercent: 125 } });

  await memberWithPoints(SHOP, customers.alex, 400);
  await memberWithPoints(SHOP, customers.emma, 1000);
  // The same customer GID in another shop: a different member with a different balance.
  await memberWithPoints(OTHER_SHOP, customers.alex, 7777);
});

afterAll(() => simulator.close());

describe("session tokens", () => {
  it("refuses a request without a token, a forged, an expired and another app's token with 401, readable by the extension", async () => {
    const noToken = await loyalty.loader(
      args(new Request("http://localhost:3000/extension-api/loyalty", { headers: { origin: "https://x.example" } })),
    );
    const forged = await getAccount(customers.alex, { secret: "not-the-secret" });
    const expired = await getAccount(customers.alex, { expiresIn: -60 });
    const otherApp = await getAccount(customers.alex, { apiKey: "another-app" });
    const notAShop = await getAccount(customers.alex, { shop: "evil.example.com" });
    for (const response of [noToken, forged, expired, otherApp, notAShop]) {
      expect(response.status).toBe(401);
      expect(response.headers.get("access-control-allow-origin")).toBe("*");
    }
  });

  it("writes nothing for a redemption with a forged token", async () => {
    const before = await written();
    const response = await postAccount(customers.alex, { intent: "redeem", rewardId: fiveOff, confirmed: "yes" }, { secret: "forged" });
    expect(response.status).toBe(401);
    expect(await written()).toEqual(before);
  });

  it("answers a preflight with 204 and CORS headers", async () => {
    const preflight = await loyalty.action(
      args(new Request("http://localhost:3000/extension-api/loyalty", { method: "OPTIONS", headers: { origin: "https://x.example" } })),
    );
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
    expect(preflight.headers.get("access-control-allow-headers")).toContain("Authorization");
  });
});

describe("GET /extension-api/loyalty", () => {
  it("shows a member their points, pending points with their date, codes and history", async () => {
    const order = await storeOrder(db, SHOP, { customerId: customers.alex.id, email: customers.alex.email, subtotal: "80.00" });
    const { applyOrderPoints } = await import("../../app/loyalty/order-points.server");
    await applyOrderPoints(db, SHOP, order.id, new Date());

    const response = await getAccount(customers.alex);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    const body = await response.json();
    expect(body).toMatchObject({ logged_in: true, member: { balance: 400, pending: 80, next_tier: { name: "Gold" } } });
    expect(body.pending_releases).toEqual([{ points: 80, order_name: order.name, available_at: expect.any(String) }]);
    expect(new Date(body.pending_releases[0].available_at).getTime() - order.paidAt!.getTime()).toBe(14 * DAY);
    expect(body.history.map((entry: { kind: string; points: number }) => [entry.kind, entry.points])).toEqual([
      ["pending", 80],
      ["adjust", 400],
    ]);
    expect(body.rewards).toEqual([expect.objectContaining({ id: fiveOff, affordable: true })]);
  });

  it("gives a customer with no points no member, nothing affordable and no history", async () => {
    const body = await (await getAccount(customers.maria)).json();
    expect(body).toMatchObject({ logged_in: true, member: null, pending_releases: [], history: [] });
    expect(body.rewards).toEqual([expect.objectContaining({ affordable: false, points_needed: 100 })]);
  });

  it("shows a token without a customer (a guest) the programme only, and refuses its posts", async () => {
    const body = await (await getAccount(null)).json();
    expect(body).toMatchObject({ logged_in: false, member: null });
    const before = await written();
    const post = await postAccount(null, { intent: "redeem", rewardId: fiveOff, confirmed: "yes" });
    expect(post.status).toBe(401);
    expect(await post.json()).toMatchObject({ reason: "logged_out" });
    expect(await written()).toEqual(before);
  });

  it("reads the shop from the token: a customer of one shop never sees another shop's data", async () => {
    const here = await (await getAccount(customers.alex)).json();
    const there = await (await getAccount(customers.alex, { shop: OTHER_SHOP })).json();
    expect(here.member.balance).not.toBe(7777);
    expect(there.member.balance).toBe(7777);
    expect(there.rewards).toEqual([]); // the other shop offers none
    // A customer of this shop with a token for the other shop finds no member there.
    expect((await (await getAccount(customers.emma, { shop: OTHER_SHOP })).json()).member).toBeNull();
  });
});

describe("POST /extension-api/loyalty", () => {
  it("asks to confirm a redemption first and spends nothing until confirmed", async () => {
    const before = await written();
    const ask = await postAccount(customers.alex, { intent: "redeem", rewardId: fiveOff });
    expect(ask.status).toBe(200);
    expect(await ask.json()).toEqual({ confirm: { reward: { id: fiveOff, name: "$5 off", points_cost: 100 } } });
    expect(await written()).toEqual(before);

    const confirmed = await postAccount(customers.alex, { intent: "redeem", rewardId: fiveOff, confirmed: "yes" });
    expect(confirmed.status).toBe(200);
    const body = await confirmed.json();
    expect(body).toMatchObject({ code: expect.stringMatching(/^REWARD-/), balance: 300 });
    expect(shopState().discounts.find((discount) => discount.code === body.code)?.customerIds).toEqual([customers.alex.id]);
    // The code shows under the customer's rewards, not used yet.
    const view = await (await getAccount(customers.alex)).json();
    expect(view.member.rewards).toEqual([expect.objectContaining({ code: body.code, used: false })]);
  });

  it("refuses a customer with no points with the storefront's reason", async () => {
    const response = await postAccount(customers.maria, { intent: "redeem", rewardId: fiveOff, confirmed: "yes" });
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ reason: "not_a_member" });
  });

  it("stops redemptions at the storefront's rate limit with 429 and Retry-After", async () => {
    const { RATE_LIMITS } = await import("../../app/security/rate-limit.server");
    for (let i = 0; i < RATE_LIMITS.loyalty_redeem.points; i++) {
      expect((await postAccount(customers.emma, { intent: "redeem", rewardId: fiveOff, confirmed: "yes" })).status).toBe(200);
    }
    const before = await written();
    const limited = await postAccount(customers.emma, { intent: "redeem", rewardId: fiveOff, confirmed: "yes" });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(limited.headers.get("access-control-allow-origin")).toBe("*");
    expect(await limited.json()).toMatchObject({ reason: "rate_limited" });
    expect(await written()).toEqual(before);
  });

  it("saves a birthday once and refuses a malformed one", async () => {
    expect((await postAccount(customers.alex, { intent: "birthday", birthday: "13-40" })).status).toBe(422);
    expect((await postAccount(customers.alex, { intent: "birthday", birthday: "04-23" })).status).toBe(200);
    expect((await (await getAccount(customers.alex)).json()).member.birthday_set).toBe(true);
  });

  it("gives a member their referral link", async () => {
    const response = await postAccount(customers.alex, { intent: "referral" });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ url: expect.stringMatching(/^https:\/\/demo-retention\.example\/discount\/FRIEND-/) });
  });
});

describe("GET /extension-api/thank-you", () => {
  const query = (order: string, amounts: Record<string, string> = {}) =>
    `/extension-api/thank-you?${new URLSearchParams({ order, currency: "USD", subtotal: "42.50", shipping: "5.00", tax: "0", total: "47.50", ...amounts })}`;
  const getThankYou = async (who: Who, path: string) => thankYou.loader(args(request(path, who)));

  it("estimates a guest's points by the ledger's rules and offers sign-up, no referral", async () => {
    const response = await getThankYou(null, query("gid://shopify/OrderIdentity/991"));
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(await response.json()).toMatchObject({
      enabled: true,
      logged_in: false,
      order: { points: 42, pending: 42, estimated: true }, // shipping excluded, rounded down
      signup_points: 100,
      referral_offered: false,
    });
  });

  it("takes the tax out of a tax-inclusive total", async () => {
    const body = await (
      await getThankYou(
        null,
        query("gid://shopify/OrderIdentity/992", { subtotal: "120.00", tax: "20.00", shipping: "0", total: "120.00" }),
      )
    ).json();
    expect(body.order).toMatchObject({ points: 100, estimated: true });
  });

  it("gives a member the order's points from the ledger once it is recorded, and a referral", async () => {
    const order = await storeOrder(db, SHOP, { customerId: customers.emma.id, email: customers.emma.email, subtotal: "61.00" });
    const { applyOrderPoints } = await import("../../app/loyalty/order-points.server");
    await applyOrderPoints(db, SHOP, order.id, new Date());
    const identity = `gid://shopify/OrderIdentity/${order.id.split("/").pop()}`;
    const body = await (await getThankYou(customers.emma, query(identity, { subtotal: "999.00", total: "999.00" }))).json();
    expect(body).toMatchObject({ logged_in: true, order: { points: 61, estimated: false }, referral_offered: true });
    // Another customer naming that order gets an estimate from their own amounts, never emma's ledger.
    const other = await (await getThankYou(customers.maria, query(identity))).json();
    expect(other.order).toMatchObject({ points: 42, estimated: true });
  });

  it("estimates nothing in another currency than the shop's", async () => {
    const body = await (await getThankYou(null, query("gid://shopify/OrderIdentity/993", { currency: "EUR" }))).json();
    expect(body.order).toBeNull();
  });

  it("refuses a malformed query with 400", async () => {
    expect((await getThankYou(null, "/extension-api/thank-you?order=1&currency=USD&subtotal=x&total=1")).status).toBe(400);
  });
});

describe("GET /extension-api/order", () => {
  it("links a delivered order's unreviewed items to the signed review page, for its own customer only", async () => {
    const order = await storeOrder(db, SHOP, { customerId: customers.nikos.id, email: customers.nikos.email });
    await db.order.update({
      where: { id: order.id },
      data: {
        deliveredAt: new Date(),
        lineItems: [
          {
            lineItemId: "gid://shopify/LineItem/1",
            productId: "gid://shopify/Product/7",
            variantId: null,
            title: "Mug",
            quantity: 1,
            price: "100.00",
          },
        ],
      },
    });
    const path = `/extension-api/order?id=${encodeURIComponent(order.id)}`;
    const own = await (await orderRoute.loader(args(request(path, customers.nikos)))).json();
    expect(own.review_url).toMatch(/^https:\/\/demo-retention\.example\/apps\/retention\/review\?token=/);
    const other = await (await orderRoute.loader(args(request(path, customers.maria)))).json();
    expect(other).toEqual({ order: null, review_url: null });
  });
});
