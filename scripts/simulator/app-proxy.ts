// Shopify app proxy signing: how a storefront request to /apps/{subpath}/... reaches the app.
import { createHmac } from "node:crypto";
import { fileURLToPath } from "node:url";
import { readAppToml } from "../../app/shopify/app-config.server";

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

/** shopify.app.toml's [app_proxy]: storefront /{prefix}/{subpath}/... goes to `url`. */
export interface AppProxyConfig {
  url: string; // "/proxy" (a path on application_url) or an absolute HTTPS URL
  prefix: string; // "apps"
  subpath: string; // "retention"
}

const DEFAULT_APP_CONFIG_PATH = fileURLToPath(new URL("../../shopify.app.toml", import.meta.url));

export function readAppProxyConfig(tomlPath: string = DEFAULT_APP_CONFIG_PATH): AppProxyConfig {
  const { url, prefix, subpath } = readAppToml(tomlPath).app_proxy ?? {};
  if (typeof url !== "string" || typeof prefix !== "string" || typeof subpath !== "string") {
    throw new Error(`${tomlPath}: [app_proxy] needs string url, prefix and subpath`);
  }
  return { url, prefix, subpath };
}

/**
 * The URL Shopify forwards app proxy requests to. A `url` starting with "/" is appended to
 * application_url with its trailing slashes removed, exactly as Shopify CLI does when it sends the
 * configuration: "https://app.example/base" + "/proxy" is ".../base/proxy" (URL resolution would drop
 * "/base"). Any other url is used as written.
 */
export function appProxyTarget(url: string, applicationUrl: string): string {
  return url.startsWith("/") ? `${applicationUrl.replace(/\/+$/, "")}${url}` : url;
}

/**
 * The app proxy as `shopify app dev` sets it up (automatically_update_urls_on_dev): the dev server's
 * URL stands in for application_url, and an absolute url keeps its path on the dev server. The CLI
 * swaps only the host there because its dev URL is an HTTPS tunnel; a local dev server speaks plain
 * HTTP, so the protocol follows the dev URL too.
 */
export function devAppProxy(
  devAppUrl: string,
  config: AppProxyConfig = readAppProxyConfig(),
): { target: string; prefix: string; subpath: string } {
  const target = new URL(appProxyTarget(config.url, devAppUrl));
  const dev = new URL(devAppUrl);
  target.protocol = dev.protocol;
  target.host = dev.host;
  return { target: target.toString().replace(/\/$/, ""), prefix: config.prefix, subpath: config.subpath };
}
