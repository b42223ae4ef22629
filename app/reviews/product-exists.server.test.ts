// The storefront's product check against the simulator (Shopify's schema and answers): what it
// remembers, for how long, and that a failure is not remembered.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACCESS_TOKEN, DEMO_SHOP_DOMAIN } from "../../scripts/simulator/demo-store";
import { startSimulator, type Simulator } from "../../scripts/simulator/server";
import { AdminApiError, type AdminClient } from "../shopify/admin.server";
import { ADMIN_API_VERSION } from "../shopify/schema/source";
import { FOUND_FOR_MS, MISSING_FOR_MS, shopHasProduct } from "./product-exists.server";

const SHOP = DEMO_SHOP_DOMAIN;
let simulator: Simulator;
let admin: () => Promise<AdminClient>;

beforeAll(async () => {
  simulator = await startSimulator({
    appUrl: "http://127.0.0.1:9",
    apiKey: process.env.SHOPIFY_API_KEY!,
    apiSecret: process.env.SHOPIFY_API_SECRET!,
  });
  const client: AdminClient = {
    graphql: (query, options) =>
      fetch(`${simulator.url}/admin/api/${ADMIN_API_VERSION}/graphql.json`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-shopify-access-token": DEMO_ACCESS_TOKEN, "x-shopify-shop-domain": SHOP },
        body: JSON.stringify({ query, variables: options?.variables ?? {} }),
      }),
  };
  admin = async () => client;
});

afterAll(() => simulator.close());

/** Were Shopify asked, it would fail: what a call answers then came from memory. */
const shopifyFailsNext = () => simulator.failNext({ shop: SHOP, field: "QueryRoot.product", fault: { kind: "internalError" } });

describe("shopHasProduct", () => {
  it("remembers a product found for an hour", async () => {
    const product = simulator.state.shops.get(SHOP)!.products[0]!.id;
    const start = Date.UTC(2030, 0, 1);
    expect(await shopHasProduct(SHOP, product, admin, () => start)).toBe(true);
    shopifyFailsNext();
    try {
      expect(await shopHasProduct(SHOP, product, admin, () => start + FOUND_FOR_MS - 1)).toBe(true);
      await expect(shopHasProduct(SHOP, product, admin, () => start + FOUND_FOR_MS)).rejects.toBeInstanceOf(AdminApiError);
    } finally {
      simulator.clearFaults(SHOP);
    }
  });

  it("remembers a product not found for a minute (it may have just been created), per shop", async () => {
    const missing = "gid://shopify/Product/18446744073709551615";
    const start = Date.UTC(2030, 0, 2);
    expect(await shopHasProduct(SHOP, missing, admin, () => start)).toBe(false);
    shopifyFailsNext();
    try {
      expect(await shopHasProduct(SHOP, missing, admin, () => start + MISSING_FOR_MS - 1)).toBe(false);
      // Another shop's answer is its own.
      await expect(shopHasProduct("other.myshopify.com", missing, admin, () => start)).rejects.toBeInstanceOf(AdminApiError);
    } finally {
      simulator.clearFaults(SHOP);
    }
    expect(await shopHasProduct(SHOP, missing, admin, () => start + MISSING_FOR_MS)).toBe(false);
  });

  it("remembers nothing when Shopify cannot answer", async () => {
    const product = simulator.state.shops.get(SHOP)!.products[1]!.id;
    shopifyFailsNext();
    await expect(shopHasProduct(SHOP, product, admin)).rejects.toMatchObject({ kind: "unreachable" });
    expect(await shopHasProduct(SHOP, product, admin)).toBe(true);
  });
});
