import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import { clientIp, createRateLimiter, rateLimitedResponse, shopperKey, waitText, type RateLimiter } from "./rate-limit.server";

const REDIS_URL = "redis://127.0.0.1:6379";
// One namespace per run, so runs (and other helpers on the same Redis) never share counts.
const RUN_PREFIX = `retention-test:${randomBytes(6).toString("hex")}`;
const RULES = {
  review_submit: { points: 3, durationSeconds: 60 },
  loyalty_redeem: { points: 2, durationSeconds: 120 },
  loyalty_action: { points: 5, durationSeconds: 60 },
  review_vote: { points: 4, durationSeconds: 60 },
};

const stores: [string, () => RateLimiter][] = [
  ["memory", () => createRateLimiter({ rules: RULES })],
  ["redis", () => createRateLimiter({ rules: RULES, redisUrl: REDIS_URL, keyPrefix: RUN_PREFIX })],
];

const opened: RateLimiter[] = [];
afterAll(async () => {
  await Promise.all(opened.map((limiter) => limiter.close()));
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${RUN_PREFIX}*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
});

describe.each(stores)("rate limits with the %s store", (store, create) => {
  const limiter = create();
  opened.push(limiter);

  it("lets the window's allowance through, then answers with the wait", async () => {
    for (let n = 0; n < 3; n++)
      expect(await limiter.consume("review_submit", "shop-a:ip:1")).toMatchObject({ limited: false, remaining: 2 - n });
    const limited = await limiter.consume("review_submit", "shop-a:ip:1");
    expect(limited.limited).toBe(true);
    if (limited.limited) {
      expect(limited.retryAfterSeconds).toBeGreaterThan(0);
      expect(limited.retryAfterSeconds).toBeLessThanOrEqual(60);
    }
  });

  it("counts each shopper and each kind of request separately", async () => {
    for (let n = 0; n < 2; n++) await limiter.consume("loyalty_redeem", "shop-a:customer:7");
    expect((await limiter.consume("loyalty_redeem", "shop-a:customer:7")).limited).toBe(true);
    expect((await limiter.consume("loyalty_redeem", "shop-a:customer:8")).limited).toBe(false);
    expect((await limiter.consume("loyalty_redeem", "shop-b:customer:7")).limited).toBe(false);
    expect((await limiter.consume("loyalty_action", "shop-a:customer:7")).limited).toBe(false);
  });

  if (store === "redis") {
    it("shares counts between app servers through Redis", async () => {
      const other = create();
      opened.push(other);
      await limiter.consume("loyalty_action", "shop-c:customer:1");
      await other.consume("loyalty_action", "shop-c:customer:1");
      expect(await limiter.consume("loyalty_action", "shop-c:customer:1")).toEqual({ limited: false, remaining: 2 });
      const redis = new Redis(REDIS_URL);
      expect(await redis.get(`${RUN_PREFIX}:loyalty_action:shop-c:customer:1`)).toBe("3");
      await redis.quit();
    });
  }
});

describe("when Redis cannot be reached", () => {
  it("counts in memory instead of failing the request", async () => {
    const limiter = createRateLimiter({ rules: RULES, redisUrl: "redis://127.0.0.1:1", keyPrefix: RUN_PREFIX });
    opened.push(limiter);
    for (let n = 0; n < 2; n++) expect((await limiter.consume("loyalty_redeem", "shop-a:customer:1")).limited).toBe(false);
    expect((await limiter.consume("loyalty_redeem", "shop-a:customer:1")).limited).toBe(true);
  });
});

const request = (forwardedFor?: string) =>
  new Request("http://localhost/", { headers: forwardedFor ? { "x-forwarded-for": forwardedFor } : {} });
// As the app server sees an app-proxy request: Shopify sent the shopper's address, the load
// balancer appended Shopify's, and the server appended the load balancer's (scripts/server-app.ts).
const THROUGH_PROXIES = "203.0.113.9, 198.51.100.1, 10.0.0.2";

describe("clientIp", () => {
  it("takes the entry the outermost trusted proxy appended, counted from the right", () => {
    expect(clientIp(request(THROUGH_PROXIES), 2)).toBe("203.0.113.9");
    expect(clientIp(request(THROUGH_PROXIES), 1)).toBe("198.51.100.1");
    expect(clientIp(request(THROUGH_PROXIES), 0)).toBe("10.0.0.2");
  });

  it("never takes what the client wrote to the left of it", () => {
    for (const forged of ["6.6.6.6", "6.6.6.6, 7.7.7.7", "unknown", " , "])
      expect(clientIp(request(`${forged}, ${THROUGH_PROXIES}`), 2), forged).toBe("203.0.113.9");
  });

  it("takes the first entry of a shorter list, and says unknown for none", () => {
    expect(clientIp(request("10.0.0.2"), 2)).toBe("10.0.0.2");
    expect(clientIp(request(), 2)).toBe("unknown");
  });
});

describe("shopperKey", () => {
  it("uses the signed customer when there is one", () => {
    expect(shopperKey(request("203.0.113.9"), "a.myshopify.com", "gid://shopify/Customer/42", "secret")).toBe(
      "a.myshopify.com:customer:42",
    );
  });

  it("uses a keyed hash of the shopper's IP, never the IP itself", () => {
    const key = shopperKey(request("203.0.113.9, 10.0.0.1"), "a.myshopify.com", null, "secret");
    expect(key).toMatch(/^a\.myshopify\.com:ip:[0-9a-f]{64}$/);
    expect(key).not.toContain("203.0.113.9");
    expect(shopperKey(request("203.0.113.9"), "a.myshopify.com", null, "secret")).toBe(key);
    expect(shopperKey(request("203.0.113.10"), "a.myshopify.com", null, "secret")).not.toBe(key);
  });

  it("is not changed by a forged leading X-Forwarded-For entry (TRUSTED_PROXY_HOPS defaults to 2)", () => {
    const key = shopperKey(request(THROUGH_PROXIES), "a.myshopify.com", null, "secret");
    expect(shopperKey(request(`6.6.6.6, ${THROUGH_PROXIES}`), "a.myshopify.com", null, "secret")).toBe(key);
    expect(shopperKey(request(`198.51.100.77, ${THROUGH_PROXIES}`), "a.myshopify.com", null, "secret")).toBe(key);
  });
});

describe("the 429", () => {
  it("carries Retry-After and a message saying how long to wait", async () => {
    const response = rateLimitedResponse(90);
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("90");
    expect(await response.json()).toEqual({
      error: "Too many requests. Please try again in 2 minutes.",
      reason: "rate_limited",
      retry_after: 90,
    });
    expect(waitText(30)).toBe("in 1 minute");
  });
});
