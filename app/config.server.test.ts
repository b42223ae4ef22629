import { describe, expect, it } from "vitest";
import { parseEnv } from "./config.server";

const base = { SHOPIFY_API_KEY: "key", SHOPIFY_API_SECRET: "secret", SHOPIFY_APP_URL: "https://app.example.com" };

describe("configuration", () => {
  it("accepts a minimal production configuration with defaults", () => {
    const env = parseEnv({ ...base, NODE_ENV: "production" });
    expect(env.DATABASE_URL).toBe("file:./prisma/dev.sqlite");
    expect(env.DEMO_SHOP).toBeUndefined();
  });

  it("refuses the no-OAuth demo admin in production", () => {
    expect(() => parseEnv({ ...base, NODE_ENV: "production", DEMO_SHOP: "demo.myshopify.com" })).toThrow(
      /DEMO_SHOP.*refused when NODE_ENV=production/,
    );
  });

  it("takes a Redis URL for rate limits, or none", () => {
    expect(parseEnv({ ...base, NODE_ENV: "test", REDIS_URL: "redis://127.0.0.1:6379" }).REDIS_URL).toBe("redis://127.0.0.1:6379");
    expect(parseEnv({ ...base, NODE_ENV: "test", REDIS_URL: "" }).REDIS_URL).toBeUndefined();
    expect(() => parseEnv({ ...base, NODE_ENV: "test", REDIS_URL: "127.0.0.1:6379" })).toThrow(/REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/);
  });

  it("reads the worker's settings as numbers, with defaults", () => {
    const defaults = parseEnv({ ...base, NODE_ENV: "test" });
    expect(defaults).toMatchObject({ WORKER_POLL_MS: 1000, WORKER_BATCH_SIZE: 10 });
    expect(defaults.WORKER_LEASE_MS).toBeUndefined();
    expect(parseEnv({ ...base, NODE_ENV: "test", WORKER_POLL_MS: "100", WORKER_LEASE_MS: "4000" })).toMatchObject({ WORKER_POLL_MS: 100, WORKER_LEASE_MS: 4000 });
    expect(() => parseEnv({ ...base, NODE_ENV: "test", WORKER_BATCH_SIZE: "lots" })).toThrow(/WORKER_BATCH_SIZE/);
  });

  it("names every missing setting", () => {
    expect(() => parseEnv({ NODE_ENV: "development" })).toThrow(/SHOPIFY_API_KEY[\s\S]*SHOPIFY_API_SECRET[\s\S]*SHOPIFY_APP_URL/);
  });
});
