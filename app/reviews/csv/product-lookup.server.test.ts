// productIdByHandle against the Shopify simulator's Admin GraphQL API.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../../scripts/simulator/server";
import { DEMO_ACCESS_TOKEN, DEMO_SHOP_DOMAIN } from "../../../scripts/simulator/demo-store";
import { API_VERSION } from "../../shopify.server";
import type { AdminClient } from "../../shopify/admin.server";
import { productIdByHandle } from "../../shopify/admin.server";
import { productResolver } from "./product-lookup.server";

let simulator: Simulator;
let admin: AdminClient;
let calls = 0;

beforeAll(async () => {
  simulator = await startSimulator({ appUrl: "http://127.0.0.1:9", apiKey: "test-api-key", apiSecret: "test-api-secret" });
  admin = {
    graphql: (query, options) => {
      calls += 1;
      return fetch(`${simulator.url}/admin/api/${API_VERSION}/graphql.json`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-shopify-access-token": DEMO_ACCESS_TOKEN,
          "x-shopify-shop-domain": DEMO_SHOP_DOMAIN,
        },
        body: JSON.stringify({ query, variables: options?.variables ?? {} }),
      });
    },
  };
});

afterAll(async () => {
  await simulator?.close();
});

const productId = (handle: string) =>
  simulator.state.shops.get(DEMO_SHOP_DOMAIN)!.products.find((product) => product.handle === handle)!.id;

describe("productIdByHandle", () => {
  it("finds a product by its exact handle only", async () => {
    expect(await productIdByHandle(admin, "ceramic-mug")).toBe(productId("ceramic-mug"));
    expect(await productIdByHandle(admin, "no-such-product")).toBeNull();
    expect(await productIdByHandle(admin, "ceramic")).toBeNull();
    expect(await productIdByHandle(admin, 'ceramic-mug" OR title:*')).toBeNull();
  });
});

describe("productResolver", () => {
  it("takes ids as they are, looks handles up once, and opens the Admin client only when needed", async () => {
    let opened = 0;
    const resolve = productResolver(async () => {
      opened += 1;
      return admin;
    });
    expect(await resolve("gid://shopify/Product/42")).toBe("gid://shopify/Product/42");
    expect(await resolve("42")).toBe("gid://shopify/Product/42");
    expect(opened).toBe(0);
    const before = calls;
    expect(await resolve("thyme-honey")).toBe(productId("thyme-honey"));
    expect(await resolve("thyme-honey")).toBe(productId("thyme-honey"));
    expect(await resolve("gone")).toBeNull();
    expect(calls - before).toBe(2);
    expect(opened).toBe(1);
  });

  it("does not remember a failed lookup", async () => {
    const resolve = productResolver(async () => admin);
    // The connection to Shopify drops before the products search runs.
    simulator.failNext({ shop: DEMO_SHOP_DOMAIN, field: "QueryRoot.products", fault: { kind: "dropRequest" } });
    await expect(resolve("ceramic-mug")).rejects.toThrow(/fetch failed/);
    expect(await resolve("ceramic-mug")).toBe(productId("ceramic-mug"));
  });
});
