// The app's extension routes on the production server's stack with a loyalty shop in the Shopify
// simulator, and a DOM (happy-dom) with the stand-ins of Shopify's host, for the UI extensions'
// component tests: the components call the app's real endpoints over HTTP with real tokens.
import { Window as HappyDomWindow } from "happy-dom";
import { render, type ComponentChild } from "preact";
import { startSimulator, type Simulator } from "../../scripts/simulator/server";
import { storeOfflineSession } from "../../scripts/simulator/install";
import { DEMO_ACCESS_TOKEN, DEMO_SHOP_DOMAIN } from "../../scripts/simulator/demo-store";
import type { Customer } from "../../scripts/simulator/state";
import { defineStandIns, shopifyGlobal, type HostOptions } from "../../scripts/storefront/ui-extension-host";
import { extensionSessionToken } from "./extension-tokens";
import { enableLoyalty } from "./loyalty-fixtures";
import { startProductionServer, type ProductionServer } from "./production-server";
import { waitFor } from "./wait-for";

export const SHOP = DEMO_SHOP_DOMAIN;

export interface ExtensionApp {
  simulator: Simulator;
  server: ProductionServer;
  db: typeof import("../../app/db.server").default;
  customers: Customer[];
  close(): Promise<void>;
}

/** The programme switched on with a $5-off reward (100 points); the demo shop's customers in the simulator. */
export async function startExtensionApp(): Promise<ExtensionApp> {
  const simulator = await startSimulator({ appUrl: "http://127.0.0.1:9", apiKey: "k", apiSecret: process.env.SHOPIFY_API_SECRET! });
  process.env.SHOPIFY_ADMIN_API_ORIGIN = simulator.url;
  const shopify = await import("../../app/shopify.server");
  const db = (await import("../../app/db.server")).default;
  await storeOfflineSession(shopify.sessionStorage, { shop: SHOP, accessToken: DEMO_ACCESS_TOKEN });
  await enableLoyalty(db, SHOP);
  await db.shop.create({ data: { domain: SHOP, name: "Demo", currencyCode: "USD", storefrontUrl: "https://demo-retention.example" } });
  await db.loyaltyReward.create({ data: { shop: SHOP, name: "$5 off", kind: "amount_off", value: "5.00", pointsCost: 100 } });
  const server = await startProductionServer({
    "extension-api/loyalty": await import("../../app/routes/extension-api.loyalty"),
    "extension-api/order": await import("../../app/routes/extension-api.order"),
    "extension-api/thank-you": await import("../../app/routes/extension-api.thank-you"),
  });
  // The extensions read the app's address at import (the CLI writes it into the bundle).
  process.env.APP_URL = server.url;
  return {
    simulator,
    server,
    db,
    customers: simulator.state.shops.get(SHOP)!.customers,
    close: async () => {
      await server.close();
      await simulator.close();
    },
  };
}

export async function giveCustomerPoints(db: ExtensionApp["db"], customer: Customer, points: number): Promise<void> {
  const { findOrCreateMember, postToLedger } = await import("../../app/loyalty/ledger.server");
  const member = (await findOrCreateMember(db, SHOP, { customerId: customer.id, email: customer.email, firstName: customer.firstName }))!;
  await postToLedger(db, SHOP, member.id, new Date(), async () => [
    { kind: "adjust", bucket: "balance", points, idempotencyKey: `test:${customer.id}`, note: "Welcome gift" },
  ]);
}

// The extension runs in a browser on Shopify's host, which sends its user agent; Node's fetch says
// "node", which the library's bot check refuses (410).
const BROWSER_USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";
const nodeFetch = globalThis.fetch;
const browserFetch: typeof fetch = (input, init) => {
  const headers = new Headers(init?.headers);
  if (!headers.has("user-agent")) headers.set("user-agent", BROWSER_USER_AGENT);
  return nodeFetch(input, { ...init, headers });
};

export interface Rendered {
  body: HTMLElement;
  /** The text a customer reads: the light DOM's text and the headings and labels of the s-* elements. */
  text(): string;
  /** Polls until the text contains `expected`; returns the text either way. */
  waitForText(expected: string): Promise<string>;
  /** The s-button whose text is `label`. */
  button(label: string): HTMLElement;
}

/**
 * Renders an extension's component as Shopify's host would: a DOM with the s-* stand-ins and the
 * `shopify` global, its session token signed for `customer` (null: a guest; `secret` to forge one).
 */
export function renderExtension(
  component: () => ComponentChild,
  { customer, secret, ...host }: Omit<HostOptions, "sessionToken"> & { customer: Customer | null; secret?: string },
): Rendered {
  const window = new HappyDomWindow({ url: "https://shop.example/account" });
  defineStandIns(window as unknown as Window & typeof globalThis);
  Object.assign(globalThis, {
    document: window.document,
    fetch: browserFetch,
    shopify: shopifyGlobal({
      ...host,
      sessionToken: async () => extensionSessionToken({ shop: SHOP, customerId: customer?.id ?? null, secret }),
    }),
  });
  const body = window.document.body as unknown as HTMLElement;
  render(component(), body);
  const text = () =>
    [
      body.textContent ?? "",
      ...[...body.querySelectorAll("[heading],[label]")].map(
        (element) => `${element.getAttribute("heading") ?? ""} ${element.getAttribute("label") ?? ""}`,
      ),
    ]
      .join(" ")
      .replace(/\s+/g, " ");
  return {
    body,
    text,
    waitForText: (expected) =>
      waitFor(
        async () => text(),
        (value) => value.includes(expected),
        10_000,
        20,
      ),
    button(label) {
      const found = [...body.querySelectorAll("s-button")].find((element) => element.textContent?.trim() === label);
      if (!found) throw new Error(`No button "${label}" in: ${text()}`);
      return found as HTMLElement;
    },
  };
}
