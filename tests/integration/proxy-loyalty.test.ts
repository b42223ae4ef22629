// The loyalty programme on the storefront, through the app proxy: requests signed as Shopify
// signs them, redemptions that create customer-scoped single-use codes or store credit in the
// (simulated) Admin API, and nothing written for guests, forged signatures or members short of points.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../scripts/simulator/server";
import { storeOfflineSession } from "../../scripts/simulator/install";
import { appProxyUrl } from "../../scripts/simulator/app-proxy";
import { DEMO_ACCESS_TOKEN, DEMO_SHOP_DOMAIN } from "../../scripts/simulator/demo-store";
import type { Customer } from "../../scripts/simulator/state";
import { addCustomer } from "../../scripts/simulator/store-actions";
import { storeCreditAccountsOf } from "../../scripts/simulator/store-credit";
import { jobsMentioning } from "../support/job-payloads";

const SHOP = DEMO_SHOP_DOMAIN;
const SECRET = process.env.SHOPIFY_API_SECRET!;
let simulator: Simulator;
let route: typeof import("../../app/routes/proxy.loyalty");
let db: typeof import("../../app/db.server").default;
let customers: Record<"alex" | "maria" | "nikos" | "emma" | "eleni", Customer>;
const rewards: Record<"fiveOff" | "freeShipping" | "retired", string> = { fiveOff: "", freeShipping: "", retired: "" };

const numeric = (gid: string) => gid.split("/").pop()!;

/** A storefront request as Shopify forwards it: shop, logged_in_customer_id, timestamp and signature added. */
function signed(
  method: "GET" | "POST",
  customer: Customer | null,
  init: { body?: BodyInit; headers?: Record<string, string>; secret?: string } = {},
) {
  const url = appProxyUrl("http://localhost:3000/proxy", "/loyalty", {
    shop: SHOP,
    pathPrefix: "/apps/retention",
    secret: init.secret ?? SECRET,
    loggedInCustomerId: customer ? numeric(customer.id) : null,
  });
  return new Request(url, { method, body: init.body, headers: init.headers });
}

const get = (customer: Customer | null) => route.loader({ request: signed("GET", customer), params: {}, context: {} }) as Promise<Response>;
const postJson = (customer: Customer | null, body: unknown) =>
  route.action({
    request: signed("POST", customer, {
      body: JSON.stringify(body),
      headers: { "content-type": "application/json", accept: "application/json" },
    }),
    params: {},
    context: {},
  }) as Promise<Response>;
const postForm = (customer: Customer | null, fields: Record<string, string>, accept = "application/json") => {
  const body = new FormData();
  for (const [key, value] of Object.entries(fields)) body.set(key, value);
  return route.action({ request: signed("POST", customer, { body, headers: { accept } }), params: {}, context: {} }) as Promise<Response>;
};
/** A thrown Response (requireAppProxy refuses by throwing) or the returned one. */
const outcome = (promise: Promise<unknown>) => promise.catch((thrown: unknown) => thrown) as Promise<Response>;

const shopState = () => simulator.state.shops.get(SHOP)!;
const discountsFor = (customer: Customer) => shopState().discounts.filter((discount) => discount.customerIds?.includes(customer.id));
const written = async () => ({
  discounts: shopState().discounts.length,
  redemptions: await db.loyaltyRedemption.count(),
  entries: await db.loyaltyEntry.count(),
  members: await db.loyaltyMember.count(),
});

async function memberWithPoints(customer: Customer, points: number) {
  const { findOrCreateMember, postToLedger } = await import("../../app/loyalty/ledger.server");
  const member = (await findOrCreateMember(db, SHOP, { customerId: customer.id, email: customer.email, firstName: customer.firstName }))!;
  await postToLedger(db, SHOP, member.id, new Date(), async () => [
    { kind: "adjust", bucket: "balance", points, idempotencyKey: `test:${customer.id}`, note: "Test balance" },
  ]);
  return member;
}

beforeAll(async () => {
  simulator = await startSimulator({ appUrl: "http://127.0.0.1:9", apiKey: "k", apiSecret: SECRET });
  process.env.SHOPIFY_ADMIN_API_ORIGIN = simulator.url;
  const shopify = await import("../../app/shopify.server");
  route = await import("../../app/routes/proxy.loyalty");
  db = (await import("../../app/db.server")).default;
  await storeOfflineSession(shopify.sessionStorage, { shop: SHOP, accessToken: DEMO_ACCESS_TOKEN });

  const [alex, maria, nikos, emma, eleni] = shopState().customers;
  customers = { alex: alex!, maria: maria!, nikos: nikos!, emma: emma!, eleni: eleni! };

  const { DEFAULT_LOYALTY_SETTINGS, saveLoyaltySettings } = await import("../../app/loyalty/loyalty-settings.server");
  const { LoyaltySettingsInput } = await import("../../app/loyalty/loyalty-settings-form");
  await saveLoyaltySettings(db, SHOP, LoyaltySettingsInput.parse({ ...DEFAULT_LOYALTY_SETTINGS, enabled: true }));
  await db.shop.create({
    data: { domain: SHOP, name: "Demo Retention Store", currencyCode: "USD", storefrontUrl: "https://demo-retention.example" },
  });
  rewards.fiveOff = (
    await db.loyaltyReward.create({ data: { shop: SHOP, name: "$5 off", kind: "amount_off", value: "5.00", pointsCost: 100 } })
  ).id;
  rewards.freeShipping = (
    await db.loyaltyReward.create({ data: { shop: SHOP, name: "Free shipping", kind: "free_shipping", pointsCost: 250 } })
  ).id;
  rewards.retired = (
    await db.loyaltyReward.create({
      data: { shop: SHOP, name: "Old reward", kind: "percent_off", value: "10", pointsCost: 10, enabled: false },
    })
  ).id;
  await db.loyaltyTier.create({ data: { shop: SHOP, name: "Gold", threshold: 1500, multiplierPercent: 125 } });

  await memberWithPoints(customers.alex, 400);
  await memberWithPoints(customers.nikos, 50);
  await memberWithPoints(customers.emma, 1000);
  await memberWithPoints(customers.eleni, 100);
});

afterAll(() => simulator.close());

describe("GET /apps/retention/loyalty", () => {
  it("shows a guest the programme and the rewards, with no member and nothing affordable", async () => {
    const response = await get(null);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    const body = await response.json();
    expect(body).toMatchObject({
      logged_in: false,
      member: null,
      program: { enabled: true, currency: "USD", points_per_unit: 1, pending_days: 14 },
    });
    expect(body.program.rewards.map((r: { name: string }) => r.name)).toEqual(["$5 off", "Free shipping"]); // enabled only, cheapest first
    expect(body.rewards).toEqual([
      expect.objectContaining({ id: rewards.fiveOff, points_cost: 100, affordable: false, points_needed: 100 }),
      expect.objectContaining({ id: rewards.freeShipping, points_cost: 250, affordable: false, points_needed: 250 }),
    ]);
  });

  it("shows a logged-in member their points and which rewards they can afford", async () => {
    const body = await (await get(customers.alex)).json();
    expect(body.logged_in).toBe(true);
    // Tiers count points earned (orders, actions), not adjustments: 1,500 to go.
    expect(body.member).toMatchObject({
      balance: 400,
      pending: 0,
      tier: null,
      next_tier: { name: "Gold", remaining: 1500 },
      birthday_set: false,
    });
    expect(body.rewards.map((r: { affordable: boolean; points_needed: number }) => [r.affordable, r.points_needed])).toEqual([
      [true, 0],
      [true, 0],
    ]);
    // Only the shopper's own status: never another member's data.
    expect(JSON.stringify(body)).not.toContain(customers.nikos.email);
  });

  it("gives a logged-in customer who is not a member yet no member data", async () => {
    const body = await (await get(customers.maria)).json();
    expect(body).toMatchObject({ logged_in: true, member: null });
  });

  it("refuses a forged signature with 401", async () => {
    const response = await outcome(
      route.loader({ request: signed("GET", customers.alex, { secret: "not-the-secret" }), params: {}, context: {} }),
    );
    expect(response.status).toBe(401);
  });
});

describe("POST /apps/retention/loyalty: redeem", () => {
  it("debits the points and creates a single-use code for this customer in Shopify", async () => {
    const response = await postJson(customers.alex, { intent: "redeem", rewardId: rewards.fiveOff });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    const body = await response.json();
    expect(body).toMatchObject({
      code: expect.stringMatching(/^REWARD-[A-Z2-9]{8}$/),
      reward: { name: "$5 off", kind: "amount_off", value: "5.00" },
      balance: 300,
    });
    expect(body.apply_url).toBe(`/discount/${body.code}`);

    const discount = shopState().discounts.find((d) => d.code === body.code);
    expect(discount).toMatchObject({ kind: "code_basic", customerIds: [customers.alex.id], usageLimit: 1, value: { amount: "5.00" } });
    const redemption = await db.loyaltyRedemption.findFirstOrThrow({ where: { shop: SHOP, code: body.code } });
    expect(redemption).toMatchObject({ status: "issued", points: 100, discountId: discount!.id });
    const member = await db.loyaltyMember.findFirstOrThrow({ where: { shop: SHOP, customerId: customers.alex.id } });
    expect(member.balance).toBe(300);
    // The storefront metafield follows.
    expect((await jobsMentioning(db, { shop: SHOP, type: "loyalty.sync_member" }, member.id)).length).toBeGreaterThan(0);
  });

  it("accepts a form post and makes a free-shipping code", async () => {
    const response = await postForm(customers.alex, { intent: "redeem", rewardId: rewards.freeShipping });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ reward: { kind: "free_shipping" }, balance: 50 });
    expect(shopState().discounts.find((d) => d.code === body.code)).toMatchObject({
      kind: "code_free_shipping",
      customerIds: [customers.alex.id],
      usageLimit: 1,
    });
  });

  it("refuses a member short of points with 409 and creates no code", async () => {
    const before = await written();
    const response = await postJson(customers.nikos, { intent: "redeem", rewardId: rewards.fiveOff });
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ reason: "not_enough_points", error: expect.stringContaining("enough points") });
    expect(await written()).toEqual(before);
    expect(discountsFor(customers.nikos)).toEqual([]);
    expect((await db.loyaltyMember.findFirstOrThrow({ where: { shop: SHOP, customerId: customers.nikos.id } })).balance).toBe(50);
  });

  it("explains each other refusal: not a member, a reward that is gone, a bad request", async () => {
    const notMember = await postJson(customers.maria, { intent: "redeem", rewardId: rewards.fiveOff });
    expect(notMember.status).toBe(409);
    expect(await notMember.json()).toMatchObject({ reason: "not_a_member" });

    const retired = await postJson(customers.emma, { intent: "redeem", rewardId: rewards.retired });
    expect(retired.status).toBe(422);
    expect(await retired.json()).toMatchObject({ reason: "no_such_reward" });

    const missing = await postJson(customers.emma, { intent: "redeem" });
    expect(missing.status).toBe(422);
    expect(await missing.json()).toMatchObject({ field: "rewardId" });

    const unknown = await postJson(customers.emma, { intent: "transfer", to: "someone" });
    expect(unknown.status).toBe(422);
    expect((await unknown.json()).error).toMatch(/intent must be redeem, birthday or referral/);

    const notJson = await route.action({
      request: signed("POST", customers.emma, { body: "[1,2]", headers: { "content-type": "application/json" } }),
      params: {},
      context: {},
    });
    expect((notJson as Response).status).toBe(400);
    expect(discountsFor(customers.emma)).toEqual([]);
  });

  it("refuses a logged-out shopper with 401 JSON and writes nothing", async () => {
    const before = await written();
    const response = await postJson(null, { intent: "redeem", rewardId: rewards.fiveOff });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ reason: "logged_out" });
    expect(await written()).toEqual(before);
  });

  it("refuses a forged signature with 401 and writes nothing", async () => {
    const before = await written();
    // Signed for Nikos, then changed to Alex (who has the points).
    const request = signed("POST", customers.nikos, {
      body: JSON.stringify({ intent: "redeem", rewardId: rewards.fiveOff }),
      headers: { "content-type": "application/json" },
    });
    const url = new URL(request.url);
    url.searchParams.set("logged_in_customer_id", numeric(customers.alex.id));
    const tampered = new Request(url, {
      method: "POST",
      body: JSON.stringify({ intent: "redeem", rewardId: rewards.fiveOff }),
      headers: { "content-type": "application/json" },
    });
    expect((await outcome(route.action({ request: tampered, params: {}, context: {} }))).status).toBe(401);
    // Signed with the wrong secret.
    const wrongSecret = signed("POST", customers.alex, {
      body: JSON.stringify({ intent: "redeem", rewardId: rewards.fiveOff }),
      headers: { "content-type": "application/json" },
      secret: "guess",
    });
    expect((await outcome(route.action({ request: wrongSecret, params: {}, context: {} }))).status).toBe(401);
    expect(await written()).toEqual(before);
  });

  it("limits how many rewards one customer can redeem in a short time", async () => {
    const { RATE_LIMITS } = await import("../../app/security/rate-limit.server");
    // Requests are limited, not codes: Emma's request for the retired reward (above) counted too.
    const allowed = RATE_LIMITS.loyalty_redeem.points - 1;
    for (let i = 0; i < allowed; i++) {
      expect((await postJson(customers.emma, { intent: "redeem", rewardId: rewards.fiveOff })).status).toBe(200);
    }
    const limited = await postJson(customers.emma, { intent: "redeem", rewardId: rewards.fiveOff });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ reason: "rate_limited" });
    expect(discountsFor(customers.emma)).toHaveLength(allowed);
    expect((await db.loyaltyMember.findFirstOrThrow({ where: { shop: SHOP, customerId: customers.emma.id } })).balance).toBe(
      1000 - allowed * 100,
    );
  });

  it("answers a form posted without JavaScript with a page in the theme, in the shopper's language", async () => {
    // First the question, with nothing spent yet: Confirm posts the same form again, confirmed.
    const before = await written();
    const question = await postForm(
      customers.eleni,
      { intent: "redeem", rewardId: rewards.fiveOff, locale: "el", return_to: "/el/pages/rewards" },
      "text/html,application/xhtml+xml",
    );
    expect(question.status).toBe(200);
    expect(question.headers.get("content-type")).toBe("application/liquid");
    const ask = await question.text();
    expect(ask).toContain("<h1>Να εξαργυρωθούν 100 πόντοι για: $5 off;</h1>");
    expect(ask).toContain('<form method="post" action="/apps/retention/loyalty">');
    expect(ask).toContain(`<input type="hidden" name="rewardId" value="${rewards.fiveOff}">`);
    expect(ask).toContain('<input type="hidden" name="confirmed" value="yes">');
    expect(ask).toContain('<a href="/el/pages/rewards">Ακύρωση</a>');
    expect(await written()).toEqual(before);

    const response = await postForm(
      customers.eleni,
      { intent: "redeem", rewardId: rewards.fiveOff, confirmed: "yes", locale: "el", return_to: "/el/pages/rewards" },
      "text/html,application/xhtml+xml",
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/liquid");
    const page = await response.text();
    const code = discountsFor(customers.eleni)[0]!.code!;
    expect(page).toContain("Ο κωδικός της ανταμοιβής σας");
    expect(page).toContain(`<strong class="rw-loyalty-code">${code}</strong>`);
    expect(page).toContain(`href="/discount/${code}?redirect=&#37;2Fcart"`);
    expect(page).toContain('href="/el/pages/rewards"');

    const refused = await postForm(
      customers.eleni,
      { intent: "redeem", rewardId: rewards.fiveOff, confirmed: "yes", return_to: "//evil.example/" },
      "text/html",
    );
    expect(refused.status).toBe(409);
    const refusal = await refused.text();
    expect(refusal).toContain("You don&#39;t have enough points for this reward yet.");
    expect(refusal).not.toContain("evil.example");
  });
});

describe("POST /apps/retention/loyalty: store credit", () => {
  it("adds a store-credit reward to the customer's store credit in Shopify, shown on the storefront, with and without JavaScript", async () => {
    const sam = addCustomer(simulator.state, shopState(), { email: "sam.credit@example.com" });
    const member = await memberWithPoints(sam, 300);
    const reward = await db.loyaltyReward.create({
      data: { shop: SHOP, name: "$7.50 store credit", kind: "store_credit", value: "7.50", pointsCost: 100, creditExpiryDays: 30 },
    });
    const credits = () => storeCreditAccountsOf(shopState(), sam.id).flatMap((account) => account.transactions);

    const response = await postJson(sam, { intent: "redeem", rewardId: reward.id });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toEqual({
      store_credit: { amount: "7.50", currency: "USD", expires_at: expect.any(String) },
      reward: { name: "$7.50 store credit", kind: "store_credit", value: "7.50" },
      balance: 200,
    });
    expect(Date.parse(body.store_credit.expires_at) - Date.now()).toBeGreaterThan(29 * 86_400_000);
    expect(credits()).toEqual([
      expect.objectContaining({ amount: "7.50", event: "ADJUSTMENT", expiresAt: body.store_credit.expires_at.replace(".000Z", "Z") }),
    ]);

    // The storefront lists the reward and, under "My rewards", the credit added.
    const view = await (await get(sam)).json();
    expect(view.rewards).toContainEqual(
      expect.objectContaining({ id: reward.id, kind: "store_credit", value: "7.50", credit_expiry_days: 30, affordable: true }),
    );
    expect(view.member.rewards).toEqual([
      expect.objectContaining({
        code: null,
        name: "$7.50 store credit",
        store_credit: { amount: "7.50", currency: "USD", expires_at: body.store_credit.expires_at },
      }),
    ]);

    // Without JavaScript: asked first (nothing spent), then told on a page, in Greek.
    const ask = await postForm(sam, { intent: "redeem", rewardId: reward.id, locale: "el" }, "text/html");
    expect(await ask.text()).toContain("Προστίθεται στην πίστωση καταστήματός σας");
    expect(credits()).toHaveLength(1);
    const page = await postForm(sam, { intent: "redeem", rewardId: reward.id, confirmed: "yes", locale: "el" }, "text/html");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("<h1>Προστέθηκαν 7.50 USD στην πίστωση καταστήματός σας</h1>");
    expect(credits().map((credit) => credit.balanceAfterTransaction)).toEqual(["7.50", "15.00"]);
    expect((await db.loyaltyMember.findUniqueOrThrow({ where: { id: member.id } })).balance).toBe(100);
  });
});

describe("POST /apps/retention/loyalty: birthday and referral", () => {
  it("saves a birthday sent as month and day, once", async () => {
    const response = await postForm(customers.maria, { intent: "birthday", birthday_month: "04", birthday_day: "23" });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, birthday_set: true });
    const member = await db.loyaltyMember.findFirstOrThrow({ where: { shop: SHOP, customerId: customers.maria.id } });
    expect(member.birthday).toBe("04-23");
    // The storefront's metafield learns birthday_set, so the block stops asking.
    expect(await jobsMentioning(db, { shop: SHOP, type: "loyalty.sync_member" }, member.id)).toHaveLength(1);

    const changed = await postJson(customers.maria, { intent: "birthday", birthday: "05-01" });
    expect(changed.status).toBe(422);
    expect(await changed.json()).toMatchObject({ field: "birthday" });
  });

  it("refuses a date that does not exist", async () => {
    for (const birthday of ["02-30", "13-01", "4-23", ""]) {
      const response = await postJson(customers.alex, { intent: "birthday", birthday });
      expect(response.status, birthday).toBe(422);
      expect(await response.json()).toMatchObject({ field: "birthday" });
    }
    expect((await db.loyaltyMember.findFirstOrThrow({ where: { shop: SHOP, customerId: customers.alex.id } })).birthday).toBeNull();
  });

  it("gives a member their referral link, whose friend code exists in Shopify", async () => {
    const response = await postJson(customers.alex, { intent: "referral" });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.code).toMatch(/^FRIEND-/);
    expect(body.url).toBe(`https://demo-retention.example/discount/${body.code}`);
    expect(shopState().discounts.find((d) => d.code === body.code)).toMatchObject({ customerIds: null });
  });
});
