// Against the Shopify simulator: the typed operation, the simulator's themes and files, and the checks.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../scripts/simulator/server";
import { DEMO_ACCESS_TOKEN, DEMO_SHOP_DOMAIN } from "../../scripts/simulator/demo-store";
import { themeFilesFor } from "../../scripts/simulator/themes";
import type { AdminClient } from "../shopify/admin.server";
import { checkTheme } from "./theme-check.server";

let simulator: Simulator;

beforeAll(async () => {
  simulator = await startSimulator({ appUrl: "http://127.0.0.1:9", apiKey: "test-api-key", apiSecret: "test-api-secret" });
});
afterAll(() => simulator.close());

const admin = (token = DEMO_ACCESS_TOKEN): AdminClient => ({
  graphql: (query, options) =>
    fetch(`${simulator.url}/admin/api/2026-10/graphql.json`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-shopify-access-token": token, "x-shopify-shop-domain": DEMO_SHOP_DOMAIN },
      body: JSON.stringify({ query, variables: options?.variables }),
    }),
});

const shopState = () => simulator.state.shops.get(DEMO_SHOP_DOMAIN)!;

describe("checkTheme", () => {
  it("sees the demo theme's embed and review block, as the storefront preview renders them", async () => {
    expect(await checkTheme(admin())).toEqual({ checked: true, themeName: "Dawn", embedEnabled: true, reviewBlockAdded: true });
  });

  it("sees a theme without them, and only the MAIN theme counts", async () => {
    const theme = shopState().themes![0]!;
    const saved = theme.files;
    const bare = themeFilesFor("retention", [], [{ block: "star-rating", slot: "product-info" }]);
    theme.files = Object.entries(bare).map(([filename, content]) => ({ filename, content, updatedAt: theme.updatedAt }));
    shopState().themes!.push({ ...theme, id: "gid://shopify/OnlineStoreTheme/1", name: "Draft", role: "UNPUBLISHED", files: saved });
    try {
      expect(await checkTheme(admin())).toEqual({ checked: true, themeName: "Dawn", embedEnabled: false, reviewBlockAdded: false });
    } finally {
      theme.files = saved;
      shopState().themes!.pop();
    }
  });

  it("says it could not check when Shopify refuses, has no live theme, or does not answer", async () => {
    expect(await checkTheme(admin("wrong-token"))).toMatchObject({ checked: false });
    const themes = shopState().themes;
    shopState().themes = [];
    try {
      expect(await checkTheme(admin())).toEqual({ checked: false, reason: "The store has no published theme." });
    } finally {
      shopState().themes = themes;
    }
    const silent: AdminClient = { graphql: () => new Promise<Response>(() => {}) };
    expect(await checkTheme(silent, 50)).toEqual({ checked: false, reason: "Shopify did not answer in time." });
  });
});
