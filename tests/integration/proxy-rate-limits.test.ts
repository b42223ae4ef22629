// Request rate limits on the storefront's POSTs, through the app proxy routes, with the Redis
// store (as with several app servers). The shop's domain is new on every run, so counts left
// in Redis by an earlier run never meet this one.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import { appProxyUrl } from "../../scripts/simulator/app-proxy";

const REDIS_URL = "redis://127.0.0.1:6379";
process.env.REDIS_URL = REDIS_URL; // read once, when the app's configuration first loads
const SECRET = process.env.SHOPIFY_API_SECRET!;
const SHOP = `rate-${randomBytes(5).toString("hex")}.myshopify.com`;

type Action = (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => Promise<unknown>;
let reviews: Action;
let loyalty: Action;
let db: typeof import("../../app/db.server").default;
let limits: typeof import("../../app/security/rate-limit.server");

beforeAll(async () => {
  reviews = (await import("../../app/routes/proxy.reviews")).action as Action;
  loyalty = (await import("../../app/routes/proxy.loyalty")).action as Action;
  db = (await import("../../app/db.server")).default;
  limits = await import("../../app/security/rate-limit.server");
  // The reviewers bought what they review, so their orders prove the products (no Admin API call).
  for (const [customer, products] of [
    ["501", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]],
    ["502", [100]],
  ] as const) {
    const lines = products.map((n) => ({
      lineItemId: `gid://shopify/LineItem/${customer}${n}`,
      productId: `gid://shopify/Product/${n}`,
      variantId: null,
      title: `Product ${n}`,
      quantity: 1,
      price: "5.00",
    }));
    await db.order.create({
      data: {
        id: `gid://shopify/Order/${customer}`,
        shop: SHOP,
        name: `#${customer}`,
        customerId: `gid://shopify/Customer/${customer}`,
        currencyCode: "EUR",
        presentmentCurrencyCode: "EUR",
        totalPrice: "5.00",
        presentmentTotalPrice: "5.00",
        subtotalPrice: "5.00",
        financialStatus: "paid",
        processedAt: new Date(),
        paidAt: new Date(),
        lineItems: lines,
      },
    });
  }
});

afterAll(async () => {
  await limits.rateLimiter().close();
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`retention:rate:*:${SHOP}:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
});

function signed(path: string, customer: string | null, body: BodyInit, headers: Record<string, string>): Request {
  const url = appProxyUrl("http://localhost:3000/proxy", path, {
    shop: SHOP,
    pathPrefix: "/apps/retention",
    secret: SECRET,
    loggedInCustomerId: customer,
  });
  return new Request(url, { method: "POST", body, headers });
}

const send = async (action: Action, request: Request) => (await action({ request, params: {}, context: {} })) as Response;

function reviewForm(productNumber: number): FormData {
  const form = new FormData();
  for (const [key, value] of Object.entries({
    product_id: String(productNumber),
    rating: "4",
    body: `Review number ${productNumber}, honest and long enough.`,
    author_name: "Rena",
  }))
    form.set(key, value);
  return form;
}

describe("POST /apps/retention/reviews", () => {
  it("takes a logged-in customer's allowance of submissions, then answers 429 and stores nothing", async () => {
    const allowed = limits.RATE_LIMITS.review_submit.points;
    for (let n = 1; n <= allowed; n++) {
      // A different IP each time: the signed customer is what counts.
      expect((await send(reviews, signed("/reviews", "501", reviewForm(n), { "x-forwarded-for": `198.51.100.${n}` }))).status).toBe(201);
    }
    const limited = await send(reviews, signed("/reviews", "501", reviewForm(allowed + 1), { "x-forwarded-for": "198.51.100.99" }));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(60);
    expect(await limited.json()).toMatchObject({
      reason: "rate_limited",
      error: expect.stringMatching(/^Too many reviews were sent in a short time\. Please try again in \d+ minutes?\.$/),
    });
    expect(await db.review.count({ where: { shop: SHOP, customerId: "gid://shopify/Customer/501" } })).toBe(allowed);
    // Another customer is not held back by the first one's count.
    expect((await send(reviews, signed("/reviews", "502", reviewForm(100), {}))).status).toBe(201);
  });

  it("counts guests by their connection, across the whole form", async () => {
    const allowed = limits.RATE_LIMITS.review_submit.points;
    const guest = (ip: string) => send(reviews, signed("/reviews", null, reviewForm(7), { "x-forwarded-for": ip }));
    // Anonymous reviews are off by default: refused, but each request still counts.
    for (let n = 0; n < allowed; n++) expect((await guest("203.0.113.50")).status).toBe(403);
    expect((await guest("203.0.113.50")).status).toBe(429);
    expect((await guest("203.0.113.51")).status).toBe(403);
  });
});

describe("POST /apps/retention/loyalty", () => {
  const birthday = (customer: string, accept = "application/json") => {
    const form = new FormData();
    form.set("intent", "birthday");
    form.set("birthday", "02-29");
    return send(loyalty, signed("/loyalty", customer, form, { accept }));
  };

  it("limits a customer's birthday and referral requests, apart from redemptions", async () => {
    const allowed = limits.RATE_LIMITS.loyalty_action.points;
    // Not a member yet: each answer is a refusal, and each request counts all the same.
    for (let n = 0; n < allowed; n++) expect((await birthday("601")).status).toBe(422);
    const limited = await birthday("601");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(await limited.json()).toMatchObject({
      reason: "rate_limited",
      error: expect.stringMatching(/^Too many requests\. Please try again in \d+ minutes?\.$/),
    });
    // A form posted without JavaScript gets the page, with the same status.
    const page = await birthday("601", "text/html");
    expect(page.status).toBe(429);
    expect(page.headers.get("content-type")).toBe("application/liquid");
    expect(await page.text()).toContain("Too many requests.");
    // Redemptions are a separate allowance.
    const redeem = new FormData();
    redeem.set("intent", "redeem");
    redeem.set("rewardId", "no-such-reward");
    expect((await send(loyalty, signed("/loyalty", "601", redeem, {}))).status).not.toBe(429);
  });

  it("keeps the counts in Redis, shared by every app server", async () => {
    const redis = new Redis(REDIS_URL);
    const stored = await redis.get(`retention:rate:loyalty_action:${SHOP}:customer:601`);
    await redis.quit();
    expect(Number(stored)).toBeGreaterThan(limits.RATE_LIMITS.loyalty_action.points);
  });
});

describe("POST /apps/retention/reviews/helpful", () => {
  it("limits a guest's votes by their connection, in Redis, and counts none past the limit", async () => {
    const helpful = (await import("../../app/routes/proxy.reviews.helpful")).action as Action;
    const review = await db.review.create({
      data: {
        shop: SHOP,
        productId: "gid://shopify/Product/200",
        rating: 5,
        body: "Helpful enough to vote for.",
        authorName: "Rena",
        status: "published",
        source: "storefront",
        contentHash: "rate-limit-vote",
      },
    });
    const vote = (ip: string, value: boolean) =>
      send(
        helpful,
        signed("/reviews/helpful", null, new URLSearchParams({ review_id: review.id, helpful: String(value) }), {
          "x-forwarded-for": ip,
          "user-agent": "Mozilla/5.0",
        }),
      );
    const allowed = limits.RATE_LIMITS.review_vote.points;
    // Changing one's mind back and forth counts every time, as a script's clicking would.
    for (let n = 0; n < allowed; n++) expect((await vote("203.0.113.70", n % 2 === 0)).status).toBe(200);
    const limited = await vote("203.0.113.70", true);
    expect(limited.status).toBe(429);
    expect(await limited.json()).toMatchObject({
      reason: "rate_limited",
      error: expect.stringMatching(/^Too many votes in a short time\./),
    });
    expect((await db.review.findUniqueOrThrow({ where: { id: review.id } })).helpfulCount).toBe(0);
    // Another guest still votes; the count is in Redis.
    expect((await vote("203.0.113.71", true)).status).toBe(200);
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`retention:rate:review_vote:${SHOP}:ip:*`);
    await redis.quit();
    expect(keys).toHaveLength(2);
  });
});
