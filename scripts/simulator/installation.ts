// Installing the app on a simulated shop, as the merchant's approval in Shopify does: the shop
// grants the scopes the app's shopify.app.toml asks for at that moment, and Shopify creates the
// TOML's webhook subscriptions, refusing any whose topic those scopes do not cover.
import { randomBytes } from "node:crypto";
import { assertSubscriptionsAllowed, readAccessScopes } from "./access-scopes";
import type { ShopState, SimulatorState } from "./state";
import { readWebhookConfig } from "./webhooks";

export interface AppInstallation {
  appConfigPath: string;
  appUrl: string; // where relative webhook URIs point
}

/** The scopes an install grants now, from the TOML; throws when Shopify would refuse one of its webhook subscriptions. */
export function appGrant(installation: AppInstallation): string[] {
  const scopes = readAccessScopes(installation.appConfigPath);
  assertSubscriptionsAllowed(readWebhookConfig(installation.appConfigPath, installation.appUrl), scopes, installation.appConfigPath);
  return scopes;
}

/** Grants the TOML's scopes to the shop and lets its token work. */
export function installApp(shop: ShopState, installation: AppInstallation): void {
  shop.grantedScopes = appGrant(installation);
  shop.uninstalledAt = null;
}

export interface NewShop {
  domain: string; // "my-shop.myshopify.com"
  name?: string;
  email?: string;
  currencyCode?: string;
  ianaTimezone?: string;
  primaryLocale?: string;
}

/** Adds an empty shop (no products, customers or orders) with its own offline token, the app not yet installed. */
export function addShop(state: SimulatorState, input: NewShop): ShopState {
  if (state.shops.has(input.domain)) throw new Error(`The simulator already has a shop ${input.domain}`);
  const shop: ShopState = {
    domain: input.domain,
    name: input.name ?? input.domain.replace(/\.myshopify\.com$/, ""),
    email: input.email ?? `owner@${input.domain}`,
    currencyCode: input.currencyCode ?? "USD",
    ianaTimezone: input.ianaTimezone ?? "Etc/UTC",
    primaryLocale: input.primaryLocale ?? "en",
    enabledPresentmentCurrencies: [input.currencyCode ?? "USD"],
    moneyFormat: "${{amount}}",
    accessToken: `shpat_${randomBytes(16).toString("hex")}`,
    products: [],
    customers: [],
    orders: [],
    discounts: [],
    metafields: [],
    files: [],
    stagedUploads: [],
  };
  state.shops.set(shop.domain, shop);
  return shop;
}
