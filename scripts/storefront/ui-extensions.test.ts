// The storefront preview's pages for the app's UI extensions: the Rewards page and the thank-you
// block, their bundles (the extensions' own components with the host stand-ins, the app's address
// written in) and the session token the preview signs for the logged-in customer.
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SHOP_DOMAIN } from "../simulator/demo-store.ts";
import { startSimulator, type Simulator } from "../simulator/server.ts";
import { startStorefront, type Storefront } from "./server.ts";

const API_KEY = "preview-key";
const SECRET = "preview-secret";
const APP = "http://127.0.0.1:9";
let simulator: Simulator;
let storefront: Storefront;
let withoutKey: Storefront;

const options = (apiKey?: string) => ({
  state: simulator.state,
  shopDomain: DEMO_SHOP_DOMAIN,
  appProxy: { target: `${APP}/proxy`, prefix: "apps", subpath: "retention" },
  apiSecret: SECRET,
  apiKey,
});

beforeAll(async () => {
  simulator = await startSimulator({ appUrl: APP, apiKey: API_KEY, apiSecret: SECRET });
  storefront = await startStorefront(options(API_KEY));
  withoutKey = await startStorefront(options());
});

afterAll(async () => {
  await storefront.close();
  await withoutKey.close();
  await simulator.close();
});

/** The token's claims once its signature checks out with the app's secret. */
function verifiedClaims(token: string): Record<string, unknown> {
  const [header, payload, signature] = token.split(".");
  expect(createHmac("sha256", SECRET).update(`${header}.${payload}`).digest("base64url")).toBe(signature);
  return JSON.parse(Buffer.from(payload!, "base64url").toString("utf8")) as Record<string, unknown>;
}

describe("UI extensions in the storefront preview", () => {
  it("serves the Rewards page with its translations and a bundle that calls the app", async () => {
    const page = await (await fetch(`${storefront.url}/el/account/rewards`)).text();
    expect(page).toContain('<script type="module" src="/ui-extensions/rewards-page.js">');
    expect(page).toContain('"locale":"el"');
    expect(page).toContain("Ανταμοιβές");
    const script = await fetch(`${storefront.url}/ui-extensions/rewards-page.js`);
    expect(script.headers.get("content-type")).toContain("javascript");
    const code = await script.text();
    expect(code).toContain(`${APP}`);
    expect(code).toContain("/extension-api/loyalty");
    expect(code).not.toContain("process.env");
  });

  it("signs a session token for the logged-in customer, and one without sub for a guest", async () => {
    const guest = verifiedClaims(await (await fetch(`${storefront.url}/ui-extensions/session-token`)).text());
    expect(guest).toMatchObject({ dest: DEMO_SHOP_DOMAIN, aud: API_KEY });
    expect(guest.sub).toBeUndefined();

    const customer = simulator.state.shops.get(DEMO_SHOP_DOMAIN)!.customers[0]!;
    const login = await fetch(`${storefront.url}/account/login`, {
      method: "POST",
      body: new URLSearchParams({ customer_id: customer.id.split("/").pop()! }),
      redirect: "manual",
    });
    const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
    const member = verifiedClaims(await (await fetch(`${storefront.url}/ui-extensions/session-token`, { headers: { cookie } })).text());
    expect(member).toMatchObject({ dest: DEMO_SHOP_DOMAIN, aud: API_KEY, sub: customer.id });
  });

  it("gives the thank-you block the order and the cart's amounts", async () => {
    const page = await (await fetch(`${storefront.url}/checkout/thank-you`)).text();
    expect(page).toContain('<script type="module" src="/ui-extensions/thank-you.js">');
    expect(page).toMatch(/"orderConfirmation":\{"value":\{"order":\{"id":"gid:\/\/shopify\/Order\/\d+"\}/);
    expect(page).toContain('"subtotalAmount":{"value":{"amount":0,"currencyCode":"USD"}}');
  });

  it("has no extension pages without the app's client id", async () => {
    expect((await fetch(`${withoutKey.url}/account/rewards`)).status).toBe(404);
  });
});
