import { describe, expect, it } from "vitest";
import { parseDatabaseEnv, parseEnv } from "./config.server";

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
    expect(() => parseEnv({ ...base, NODE_ENV: "test", REDIS_URL: "127.0.0.1:6379" })).toThrow(
      /REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/,
    );
  });

  it("reads the worker's settings as numbers, with defaults", () => {
    const defaults = parseEnv({ ...base, NODE_ENV: "test" });
    expect(defaults).toMatchObject({ WORKER_POLL_MS: 1000, WORKER_BATCH_SIZE: 10 });
    expect(defaults.WORKER_LEASE_MS).toBeUndefined();
    expect(parseEnv({ ...base, NODE_ENV: "test", WORKER_POLL_MS: "100", WORKER_LEASE_MS: "4000" })).toMatchObject({
      WORKER_POLL_MS: 100,
      WORKER_LEASE_MS: 4000,
    });
    expect(() => parseEnv({ ...base, NODE_ENV: "test", WORKER_BATCH_SIZE: "lots" })).toThrow(/WORKER_BATCH_SIZE/);
  });

  it("reads the database timeouts and the trusted proxy hops as numbers, with defaults", () => {
    expect(parseEnv({ ...base, NODE_ENV: "test" })).toMatchObject({
      DATABASE_CONNECT_TIMEOUT_MS: 2000,
      DATABASE_QUERY_TIMEOUT_MS: 2000,
      WORKER_QUERY_TIMEOUT_MS: 60_000,
      SQLITE_BUSY_TIMEOUT_MS: 5000,
      TRUSTED_PROXY_HOPS: 2,
    });
    expect(parseEnv({ ...base, NODE_ENV: "test", DATABASE_QUERY_TIMEOUT_MS: "4500", TRUSTED_PROXY_HOPS: "0" })).toMatchObject({
      DATABASE_QUERY_TIMEOUT_MS: 4500,
      TRUSTED_PROXY_HOPS: 0,
    });
    expect(() => parseEnv({ ...base, NODE_ENV: "test", DATABASE_CONNECT_TIMEOUT_MS: "0" })).toThrow(
      /DATABASE_CONNECT_TIMEOUT_MS must be at least 100/,
    );
    expect(() => parseEnv({ ...base, NODE_ENV: "test", TRUSTED_PROXY_HOPS: "-1" })).toThrow(/TRUSTED_PROXY_HOPS/);
    expect(() => parseEnv({ ...base, NODE_ENV: "test", SQLITE_BUSY_TIMEOUT_MS: "soon" })).toThrow(/SQLITE_BUSY_TIMEOUT_MS/);
  });

  it("reads the database settings alone, without the Shopify credentials (scripts and tests opening a database)", () => {
    expect(parseDatabaseEnv({ NODE_ENV: "test", DATABASE_URL: "postgresql://db/app", DATABASE_QUERY_TIMEOUT_MS: "3000" })).toEqual({
      DATABASE_URL: "postgresql://db/app",
      DATABASE_CONNECT_TIMEOUT_MS: 2000,
      DATABASE_QUERY_TIMEOUT_MS: 3000,
      SQLITE_BUSY_TIMEOUT_MS: 5000,
    });
    expect(() => parseDatabaseEnv({ NODE_ENV: "test", DATABASE_QUERY_TIMEOUT_MS: "fast" })).toThrow(
      /Invalid configuration:\n {2}DATABASE_QUERY_TIMEOUT_MS/,
    );
  });

  it("names every missing setting", () => {
    expect(() => parseEnv({ NODE_ENV: "development" })).toThrow(/SHOPIFY_API_KEY[\s\S]*SHOPIFY_API_SECRET[\s\S]*SHOPIFY_APP_URL/);
  });
});
