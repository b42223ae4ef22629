// Request rate limits on the storefront's POSTs through the app proxy: one limiter per kind of
// request, counted per shopper (the logged-in customer Shopify signed, otherwise a keyed hash
// of the IP the trusted proxies report, see clientIp) within each shop. With REDIS_URL the counts
// live in Redis, so every app server shares them; without it each server counts in memory.
// Business rules (one review per product per customer, points that cannot be overspent) stay in
// their domain modules.
import { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { env } from "../config.server";
import { hashIp } from "../lib/hash.server";
import { privateJson } from "../lib/private-responses";

export interface RateLimitRule {
  points: number;
  durationSeconds: number;
}

/**
 * Requests per shopper per window. A limited request is answered 429 with Retry-After and
 * counts nothing against the shop's data.
 */
export const RATE_LIMITS = {
  // Every product of a large order with a few corrections; a script posting junk stops at ten.
  review_submit: { points: 10, durationSeconds: 60 * 60 },
  // Points already stop overspending; this stops a script from minting codes in a loop.
  loyalty_redeem: { points: 5, durationSeconds: 10 * 60 },
  // Saving a birthday, asking for the referral link.
  loyalty_action: { points: 10, durationSeconds: 10 * 60 },
  // "Helpful" on reviews: a shopper reading every review of a product (and changing their mind
  // on some) stays well within it; a script clicking through products stops.
  review_vote: { points: 30, durationSeconds: 10 * 60 },
} as const satisfies Record<string, RateLimitRule>;

export type RateLimitKind = keyof typeof RATE_LIMITS;

export type RateLimitOutcome = { limited: false; remaining: number } | { limited: true; retryAfterSeconds: number };

export interface RateLimiter {
  /** Counts one request of `kind` for `key`; `limited` once the window's allowance is used. */
  consume(kind: RateLimitKind, key: string): Promise<RateLimitOutcome>;
  close(): Promise<void>;
}

export interface RateLimiterOptions {
  /** Redis connection URL; counts are kept in memory without one. */
  redisUrl?: string;
  /** Namespaces the Redis keys (tests use one per run). */
  keyPrefix?: string;
  rules?: Record<RateLimitKind, RateLimitRule>;
}

export function createRateLimiter({ redisUrl, keyPrefix = "retention:rate", rules = RATE_LIMITS }: RateLimiterOptions = {}): RateLimiter {
  // While connecting, commands wait in ioredis' queue; while Redis is unreachable they fail after
  // one reconnect attempt (at most a second apart) and the in-memory insurance limiter answers
  // instead of a 500.
  const redis = redisUrl
    ? new Redis(redisUrl, { maxRetriesPerRequest: 1, connectTimeout: 2000, retryStrategy: (attempt) => Math.min(attempt * 100, 1000) })
    : null;
  redis?.on("error", () => undefined); // reconnects by itself; requests meanwhile use the insurance limiter
  const limiters = new Map<RateLimitKind, RateLimiterAbstract>();
  for (const [kind, rule] of Object.entries(rules) as [RateLimitKind, RateLimitRule][]) {
    const options = { points: rule.points, duration: rule.durationSeconds, keyPrefix: `${keyPrefix}:${kind}` };
    limiters.set(
      kind,
      redis
        ? new RateLimiterRedis({ ...options, storeClient: redis, insuranceLimiter: new RateLimiterMemory(options) })
        : new RateLimiterMemory(options),
    );
  }
  return {
    async consume(kind, key) {
      try {
        const result = await limiters.get(kind)!.consume(key);
        return { limited: false, remaining: result.remainingPoints };
      } catch (rejection) {
        // rate-limiter-flexible rejects with a RateLimiterRes when the allowance is used up.
        if (rejection instanceof RateLimiterRes)
          return { limited: true, retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) };
        throw rejection;
      }
    },
    async close() {
      if (redis) await redis.quit().catch(() => redis.disconnect());
    },
  };
}

let shared: RateLimiter | undefined;

/** The app's limiter, configured from REDIS_URL. */
export function rateLimiter(): RateLimiter {
  shared ??= createRateLimiter({ redisUrl: env().REDIS_URL });
  return shared;
}

/**
 * The shopper's IP: the X-Forwarded-For entry `trustedHops` from the right end, the address the
 * outermost trusted proxy saw connecting (with the default 2: Shopify's app proxy, which sends
 * the shopper's address, then the load balancer, which appends Shopify's). The production server
 * appends the address that connected to it (scripts/server-app.ts), so 0 is that address. Entries
 * further left are whatever the client wrote and never count; a shorter list (a request that
 * passed fewer proxies) gives its first entry.
 */
export function clientIp(request: Request, trustedHops = env().TRUSTED_PROXY_HOPS): string {
  const entries = (request.headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  return entries[Math.max(0, entries.length - 1 - trustedHops)] ?? "unknown";
}

/** Who a storefront request counts against: the signed customer, or a keyed hash of the IP (never the raw IP). */
export function shopperKey(request: Request, shop: string, customerId: string | null, secret: string): string {
  return customerId ? `${shop}:customer:${customerId.split("/").pop()}` : `${shop}:ip:${hashIp(clientIp(request), secret)}`;
}

/** "in 1 minute", "in 12 minutes". */
export function waitText(retryAfterSeconds: number): string {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return `in ${minutes} minute${minutes === 1 ? "" : "s"}`;
}

/** The Retry-After header of a 429. */
export const retryAfterHeaders = (retryAfterSeconds: number) => ({ "Retry-After": String(retryAfterSeconds) });

/** The JSON 429 a storefront script reads: `reason` for its translated text, `error` in English. */
export function rateLimitedResponse(
  retryAfterSeconds: number,
  error = `Too many requests. Please try again ${waitText(retryAfterSeconds)}.`,
): Response {
  return privateJson({ error, reason: "rate_limited", retry_after: retryAfterSeconds }, 429, retryAfterHeaders(retryAfterSeconds));
}
