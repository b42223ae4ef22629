// Shopify app proxy signing: how a storefront request to /apps/{subpath}/... reaches the app.
import { createHmac } from "node:crypto";

export type ProxyParams = Record<string, string | string[]>;

/**
 * Shopify's documented algorithm: every query parameter except `signature`, as `key=value`
 * with repeated values joined by ",", sorted, concatenated with no separator, then
 * hex HMAC-SHA256 with the app's API secret.
 */
export function signAppProxyQuery(params: ProxyParams, secret: string): string {
  const message = Object.entries(params)
    .filter(([key]) => key !== "signature")
    .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join(",") : value}`)
    .sort()
    .join("");
  return createHmac("sha256", secret).update(message).digest("hex");
}

export interface AppProxyOptions {
  shop: string; // "demo-retention.myshopify.com"
  pathPrefix: string; // "/apps/retention"
  secret: string;
  loggedInCustomerId?: string | null; // numeric id; omitted when the visitor is logged out
  timestamp?: number; // seconds since the epoch; defaults to now
}

/**
 * The URL Shopify requests on the app's server for a storefront `path` (which may carry its own
 * query) under the proxy prefix: the app proxy target plus the sub-path, with the storefront
 * query, shop, logged_in_customer_id, path_prefix, timestamp and signature appended.
 */
export function appProxyUrl(appProxyTarget: string, path: string, options: AppProxyOptions): string {
  const storefront = new URL(path, "https://storefront.invalid");
  const params: ProxyParams = {};
  for (const key of new Set(storefront.searchParams.keys())) {
    const values = storefront.searchParams.getAll(key);
    params[key] = values.length === 1 ? values[0] : values;
  }
  params.shop = options.shop;
  params.logged_in_customer_id = options.loggedInCustomerId ?? "";
  params.path_prefix = options.pathPrefix;
  params.timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  params.signature = signAppProxyQuery(params, options.secret);

  const target = new URL(appProxyTarget);
  target.pathname = `${target.pathname.replace(/\/+$/, "")}${storefront.pathname === "/" ? "" : storefront.pathname}` || "/";
  for (const [key, value] of Object.entries(params)) {
    for (const item of Array.isArray(value) ? value : [value]) target.searchParams.append(key, item);
  }
  return target.toString();
}
