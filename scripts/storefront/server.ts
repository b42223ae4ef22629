// Storefront preview: a node:http server that renders a small Dawn-like theme from the simulator
// state with the app's theme app extensions placed in it, plus the storefront pieces the app
// touches: the app proxy (signed like Shopify), the Ajax cart, customer login and currencies.
// `?app_blocks=none` on any page renders it as the theme alone, with no app blocks or embeds
// (what the page looks like without the app; `npm run bench` compares the two).
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { appProxyUrl } from "../simulator/app-proxy.ts";
import { escapeHtml } from "../simulator/common.ts";
import { readBody, send, type HttpResult } from "../simulator/http.ts";
import { numericId, type ShopState, type SimulatorState } from "../simulator/state.ts";
import {
  addItems,
  CART_COOKIE,
  CartError,
  cartJson,
  changeLine,
  clearCart,
  decodeCart,
  encodeCart,
  lineJson,
  updateCart,
  type AddItem,
  type Cart,
} from "./cart.ts";
import { loadThemeExtensions, type ThemeExtension } from "./extensions.ts";
import { previewBundle, previewPage, previewSessionToken, type PreviewExtension } from "./ui-extensions.ts";
import {
  appObject,
  countryObject,
  currencyObject,
  customerObject,
  languageObject,
  pageObject,
  presentmentFor,
  productObject,
  routesObject,
  shopObject,
  type Presentment,
  type PreviewPage,
  type UrlContext,
} from "./objects.ts";
import { createPageRenderer, DEFAULT_PLACEMENTS, THEME_DIR, type BlockPlacement } from "./theme.ts";

export interface StorefrontOptions {
  port?: number; // 0 or omitted: a free port
  state: SimulatorState;
  shopDomain: string;
  appProxy: { target: string; prefix: string; subpath: string }; // shopify.app.toml [app_proxy] with url as a full URL: devAppProxy()
  apiSecret: string; // signs app proxy requests and the UI extensions' session tokens
  apiKey?: string; // the UI extensions' session tokens name it as their audience; without it /account/rewards and /checkout/thank-you are off
  extensionDir?: string; // the app's extensions/ directory
  placements?: BlockPlacement[]; // where blocks sit in the theme; DEFAULT_PLACEMENTS otherwise
}

export interface Storefront {
  url: string;
  /** Where blocks sit and their settings, read on every page view: change it as a merchant would in the theme editor. */
  placements: BlockPlacement[];
  close(): Promise<void>;
}

/** Pages at /pages/{handle}: /pages/rewards holds the loyalty rewards block (see DEFAULT_PLACEMENTS). */
export const PREVIEW_PAGES: PreviewPage[] = [
  { id: 1, handle: "rewards", title: "Rewards", content: "<p>Collect points on every order and spend them on rewards.</p>" },
];

/** Countries the preview's localization form offers, with each one's currency. */
export const PREVIEW_COUNTRIES: Record<string, string> = { US: "USD", GR: "EUR", DE: "EUR", FR: "EUR", GB: "GBP", CA: "CAD", AU: "AUD" };

/** A shopper with no localization cookie: the first preview country that pays in the shop currency. */
function defaultCountry(shop: ShopState): string {
  return Object.keys(PREVIEW_COUNTRIES).find((code) => PREVIEW_COUNTRIES[code] === shop.currencyCode) ?? "US";
}

const DEFAULT_EXTENSION_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../extensions");
const CUSTOMER_COOKIE = "storefront_customer";
const CURRENCY_COOKIE = "cart_currency";
const COUNTRY_COOKIE = "localization";
const DISCOUNT_COOKIE = "discount_code";
const PROXY_TIMEOUT_MS = 15_000;
/** Text Shopify's storefront sends compressed to a browser that accepts it (pages, assets, JSON). */
const COMPRESSIBLE = /^(text\/|application\/(json|javascript))/;

/** The answer gzipped when the browser accepts gzip, as Shopify's CDN serves storefront pages and assets. */
function compressed(request: IncomingMessage, result: HttpResult): HttpResult {
  const type = result.headers?.["content-type"] ?? "";
  const accepts = /\bgzip\b/.test(String(request.headers["accept-encoding"] ?? ""));
  if (!accepts || !result.body || !COMPRESSIBLE.test(type) || result.headers?.["content-encoding"]) return result;
  return { ...result, headers: { ...result.headers, "content-encoding": "gzip", vary: "Accept-Encoding" }, body: gzipSync(result.body) };
}

/** `?app_blocks=none`: the page without the app's blocks and embeds. */
const APP_BLOCKS_PARAMETER = "app_blocks";
const CONTENT_TYPES: Record<string, string> = {
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".webp": "image/webp",
  ".gif": "image/gif",
  ".woff2": "font/woff2",
};

/** Everything one request needs: who is shopping, in which language and currency, with which cart. */
interface Visit {
  url: URL;
  path: string; // without the locale prefix
  shop: ShopState;
  locale: string;
  urls: UrlContext;
  presentment: Presentment;
  country: string; // ISO 3166-1 alpha-2: localization.country
  customerId: string | null; // GID
  cart: Cart;
  extensions: ThemeExtension[];
  languages: string[]; // primary first
  setCookies: string[];
}

/** "/products/x" in a locale: "/el/products/x"; the home page is "/el". */
function localizedPath(localeRoot: string, pathname: string): string {
  return pathname === "/" ? localeRoot || "/" : `${localeRoot}${pathname}`;
}

function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (header ?? "").split(";")) {
    const index = part.indexOf("=");
    if (index > 0) cookies[part.slice(0, index).trim()] = decodeURIComponent(part.slice(index + 1).trim());
  }
  return cookies;
}

function cookie(name: string, value: string, maxAgeSeconds?: number): string {
  const maxAge = maxAgeSeconds === undefined ? "" : `; Max-Age=${maxAgeSeconds}`;
  return `${name}=${encodeURIComponent(value)}; Path=/; HttpOnly; SameSite=Lax${maxAge}`;
}

function json(status: number, value: unknown): HttpResult {
  return { status, headers: { "content-type": "application/json; charset=utf-8" }, body: JSON.stringify(value) };
}

function html(status: number, body: string): HttpResult {
  return { status, headers: { "content-type": "text/html; charset=utf-8" }, body };
}

function redirect(location: string): HttpResult {
  return { status: 302, headers: { location }, body: "" };
}

/** Only local paths: `return_to` must not send the visitor to another site. */
function localPath(value: unknown, fallback: string): string {
  return typeof value === "string" && value.startsWith("/") && !value.startsWith("//") ? value : fallback;
}

const UNSAFE_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/** Rack-style field names (`items[0][id]`, `properties[Engraving]`) into nested objects, as Shopify reads forms. */
function nestFields(entries: Iterable<[string, string]>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [name, value] of entries) {
    const parts = name.replace(/\]/g, "").split("[");
    if (parts.some((part) => UNSAFE_KEYS.has(part))) continue;
    let node = root;
    parts.forEach((part, index) => {
      if (index === parts.length - 1) {
        node[part] = value;
        return;
      }
      const child = node[part];
      node = child && typeof child === "object" ? (child as Record<string, unknown>) : (node[part] = {});
    });
  }
  return root;
}

/** Cart endpoints accept JSON, urlencoded and multipart bodies, plus query parameters. */
async function readFields(request: IncomingMessage, url: URL): Promise<Record<string, unknown>> {
  const fields = nestFields(url.searchParams.entries());
  if (request.method !== "POST") return fields;
  const body = await readBody(request);
  const type = request.headers["content-type"] ?? "";
  if (body.length === 0) return fields;
  if (type.includes("application/json")) {
    const parsed: unknown = JSON.parse(body.toString("utf8"));
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new CartError(400, "Expected a JSON object");
    return { ...fields, ...(parsed as Record<string, unknown>) };
  }
  if (type.includes("multipart/form-data") || type.includes("application/x-www-form-urlencoded")) {
    const form = await new Request("http://storefront.invalid/", {
      method: "POST",
      headers: { "content-type": type },
      body: new Uint8Array(body),
    }).formData();
    const entries = [...form.entries()].filter((entry): entry is [string, string] => typeof entry[1] === "string");
    return { ...fields, ...nestFields(entries) };
  }
  return fields;
}

function addRequestItems(fields: Record<string, unknown>): AddItem[] {
  const items = fields.items;
  if (items && typeof items === "object") return Object.values(items) as AddItem[];
  return [{ id: fields.id, quantity: fields.quantity, properties: fields.properties }];
}

export async function startStorefront(options: StorefrontOptions): Promise<Storefront> {
  const extensionDir = options.extensionDir ?? DEFAULT_EXTENSION_DIR;
  const placements = [...(options.placements ?? DEFAULT_PLACEMENTS)];
  const proxyPrefix = `/${options.appProxy.prefix}/${options.appProxy.subpath}`;
  let origin = "";

  async function startVisit(request: IncomingMessage, shop: ShopState): Promise<Visit> {
    const url = new URL(request.url ?? "/", origin);
    const cookies = parseCookies(request.headers.cookie);
    const setCookies: string[] = [];
    // Shopify removes an app's blocks when the app is uninstalled.
    const withoutApp = Boolean(shop.uninstalledAt) || url.searchParams.get(APP_BLOCKS_PARAMETER) === "none";
    const extensions = withoutApp ? [] : await loadThemeExtensions(extensionDir);

    // Any locale the shop publishes or the extensions translate: `/el/...` or `?locale=el`.
    const languages = [
      ...new Set([shop.primaryLocale, ...(shop.alternateLocales ?? []), ...extensions.flatMap((e) => [...e.locales.keys()])]),
    ];
    let locale = shop.primaryLocale;
    let pathname = url.pathname;
    const prefixed = /^\/([a-z]{2}(?:-[a-z]{2})?)(\/.*)?$/i.exec(pathname);
    if (prefixed && prefixed[1] !== shop.primaryLocale && languages.includes(prefixed[1])) {
      locale = prefixed[1];
      pathname = prefixed[2] ?? "/";
    }
    const queryLocale = url.searchParams.get("locale");
    if (queryLocale && languages.includes(queryLocale)) locale = queryLocale;

    // `?country=GR` picks the shopper's country (Shopify's localization form) and with it the
    // country's currency when the shop sells in it; `?currency=EUR` switches the cart currency
    // alone. Both stick (Shopify keeps them on the cart and the localization cookie).
    const currencies = new Set([shop.currencyCode, ...shop.enabledPresentmentCurrencies]);
    const queryCountry = url.searchParams.get("country")?.toUpperCase();
    const knownCountry = (code: string | undefined): code is string => code !== undefined && Object.hasOwn(PREVIEW_COUNTRIES, code);
    let country = knownCountry(cookies[COUNTRY_COOKIE]) ? cookies[COUNTRY_COOKIE] : defaultCountry(shop);
    let currency = cookies[CURRENCY_COOKIE] && currencies.has(cookies[CURRENCY_COOKIE]) ? cookies[CURRENCY_COOKIE] : shop.currencyCode;
    if (knownCountry(queryCountry)) {
      country = queryCountry;
      const countryCurrency = PREVIEW_COUNTRIES[country];
      currency = currencies.has(countryCurrency) ? countryCurrency : shop.currencyCode;
      setCookies.push(cookie(COUNTRY_COOKIE, country), cookie(CURRENCY_COOKIE, currency));
    }
    const queryCurrency = url.searchParams.get("currency")?.toUpperCase();
    if (queryCurrency && currencies.has(queryCurrency)) {
      currency = queryCurrency;
      setCookies.push(cookie(CURRENCY_COOKIE, currency));
    }

    const customer = shop.customers.find((c) => String(numericId(c.id)) === cookies[CUSTOMER_COOKIE]);
    return {
      url,
      path: pathname,
      shop,
      locale,
      urls: { origin, localeRoot: locale === shop.primaryLocale ? "" : `/${locale}` },
      presentment: presentmentFor(shop, currency),
      country,
      customerId: customer?.id ?? null,
      cart: decodeCart(cookies[CART_COOKIE]),
      extensions,
      languages,
      setCookies,
    };
  }

  function saveCart(visit: Visit): void {
    visit.setCookies.push(cookie(CART_COOKIE, encodeCart(visit.cart)));
  }

  function products(visit: Visit) {
    return visit.shop.products.map((product) => productObject(visit.shop, product, visit.presentment, visit.urls));
  }

  function liquidCart(visit: Visit) {
    const cart = cartJson(visit.shop, visit.presentment, visit.urls, visit.cart);
    return { ...cart, currency: currencyObject(visit.presentment.currency) };
  }

  /** A theme template, or (`proxyLiquid`) Liquid an app proxy answered with, rendered for this visit. */
  async function renderPage(
    visit: Visit,
    page: { template: string; variables: Record<string, unknown>; status?: number; proxyLiquid?: string },
  ): Promise<HttpResult> {
    const { shop } = visit;
    const { template, variables } = page;
    const catalog = products(visit);
    const customer = shop.customers.find((c) => c.id === visit.customerId);
    const renderer = createPageRenderer({
      template,
      locale: visit.locale,
      presentment: visit.presentment,
      extensions: visit.extensions,
      placements,
      findProduct: (handle) => catalog.find((product) => product.handle === handle),
      findPage: (handle) => {
        const found = PREVIEW_PAGES.find((candidate) => candidate.handle === handle);
        return found ? pageObject(found, visit.urls) : undefined;
      },
      globals: {
        shop: shopObject(shop, visit.urls),
        customer: customer ? customerObject(shop, customer) : null,
        cart: liquidCart(visit),
        request: {
          locale: languageObject(visit.locale, shop.primaryLocale),
          path: localizedPath(visit.urls.localeRoot, visit.path),
          host: visit.url.host,
          origin,
          page_type: template,
          design_mode: false,
        },
        localization: {
          language: languageObject(visit.locale, shop.primaryLocale),
          available_languages: visit.languages.map((iso) => languageObject(iso, shop.primaryLocale)),
          country: { ...countryObject(visit.country), currency: currencyObject(visit.presentment.currency) },
          available_countries: Object.keys(PREVIEW_COUNTRIES).map((code) => countryObject(code, PREVIEW_COUNTRIES[code])),
        },
        routes: routesObject(visit.urls.localeRoot),
        app: appObject(shop),
        template: { name: template, directory: template.includes("/") ? template.split("/")[0] : null },
      },
    });
    // The current page in each language, for the theme's language links.
    const alternateLanguages = visit.languages.map((iso) => ({
      ...languageObject(iso, shop.primaryLocale),
      url: localizedPath(iso === shop.primaryLocale ? "" : `/${iso}`, visit.path),
      current: iso === visit.locale,
    }));
    const pageVariables = { ...variables, alternate_languages: alternateLanguages };
    const body =
      page.proxyLiquid === undefined
        ? await renderer.renderTemplate(template, pageVariables)
        : await renderer.renderProxyLiquid(page.proxyLiquid, pageVariables);
    return html(page.status ?? 200, body);
  }

  function notFound(visit: Visit): Promise<HttpResult> {
    return renderPage(visit, { template: "404", variables: { page_title: "Page not found" }, status: 404 });
  }

  async function serveFile(file: string): Promise<HttpResult> {
    const contentType = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream";
    const body = await readFile(file).catch(() => null);
    if (body === null) return { status: 404, headers: { "content-type": "text/plain" }, body: "Not found" };
    return { status: 200, headers: { "content-type": contentType, "cache-control": "no-cache" }, body };
  }

  /** /extension-assets/{extension}/{file}: what `asset_url` points at in blocks. */
  async function extensionAsset(visit: Visit, extensionHandle: string, file: string): Promise<HttpResult> {
    const extension = visit.extensions.find((e) => e.handle === extensionHandle);
    if (!extension) return { status: 404, headers: { "content-type": "text/plain" }, body: "Not found" };
    return serveFile(path.join(extension.dir, "assets", file));
  }

  /** /cart/{add,change,update,clear}.js answer JSON; without `.js` (plain forms, links) they go back to the cart page. */
  async function cartEndpoint(
    request: IncomingMessage,
    visit: Visit,
    operation: "add" | "change" | "update" | "clear",
    ajax: boolean,
  ): Promise<HttpResult> {
    const cartPage = `${visit.urls.localeRoot}/cart`;
    if (ajax && request.method !== "POST") return json(405, { status: 405, message: "Method Not Allowed", description: "Use POST" });
    try {
      const fields = await readFields(request, visit.url);
      let answer: unknown;
      if (operation === "add") {
        const items = addRequestItems(fields);
        const touched = addItems(visit.shop, visit.cart, items);
        const lines = touched.map((line) => lineJson(visit.shop, visit.presentment, visit.urls, line));
        answer = fields.items ? { items: lines } : lines[0];
      } else if (operation === "change") {
        changeLine(visit.cart, { id: fields.id, line: fields.line, quantity: fields.quantity });
      } else if (operation === "update") {
        if (fields.updates !== undefined) updateCart(visit.shop, visit.cart, fields.updates);
        if (typeof fields.note === "string") visit.cart.note = fields.note;
      } else {
        clearCart(visit.cart);
      }
      saveCart(visit);
      if (!ajax) return redirect(cartPage);
      return json(200, answer ?? cartJson(visit.shop, visit.presentment, visit.urls, visit.cart));
    } catch (error) {
      if (!(error instanceof CartError || error instanceof SyntaxError)) throw error;
      const cartError = error instanceof CartError ? error : new CartError(400, "Invalid JSON");
      if (ajax) return json(cartError.status, cartError);
      return renderPage(visit, {
        template: "cart",
        variables: { page_title: "Your cart", cart_error: cartError.description },
        status: cartError.status,
      });
    }
  }

  async function login(request: IncomingMessage, visit: Visit): Promise<HttpResult> {
    const accountUrl = `${visit.urls.localeRoot}/account`;
    if (request.method === "POST") {
      const fields = await readFields(request, visit.url);
      const customer = visit.shop.customers.find((c) => String(numericId(c.id)) === String(fields.customer_id));
      if (customer) {
        visit.setCookies.push(cookie(CUSTOMER_COOKIE, String(numericId(customer.id))));
        return redirect(localPath(fields.return_to, accountUrl));
      }
    }
    const customers = visit.shop.customers.map((customer) => customerObject(visit.shop, customer));
    return renderPage(visit, {
      template: "customers/login",
      // `return_url` is what storefront links (the reviews block's "Log in to write a review") pass; `return_to` the theme's form field.
      variables: {
        page_title: "Log in",
        customers,
        return_to: localPath(visit.url.searchParams.get("return_url") ?? visit.url.searchParams.get("return_to"), ""),
      },
    });
  }

  /** Shopify's app proxy: same request to the app, with shop/customer/timestamp and an HMAC signature added. */
  async function appProxy(request: IncomingMessage, visit: Visit): Promise<HttpResult> {
    if (visit.shop.uninstalledAt) return notFound(visit);
    const subPath = visit.path.slice(proxyPrefix.length) || "/";
    const target = appProxyUrl(options.appProxy.target, `${subPath}${visit.url.search}`, {
      shop: visit.shop.domain,
      pathPrefix: proxyPrefix,
      secret: options.apiSecret,
      loggedInCustomerId: visit.customerId ? String(numericId(visit.customerId)) : null,
    });
    const headers: Record<string, string> = {};
    // Cookies stay behind, as on Shopify: the app identifies the shopper by logged_in_customer_id.
    for (const name of ["content-type", "accept", "accept-language", "user-agent"]) {
      const value = request.headers[name];
      if (typeof value === "string") headers[name] = value;
    }
    const hasBody = request.method !== "GET" && request.method !== "HEAD";
    let response: Response;
    try {
      response = await fetch(target, {
        method: request.method,
        headers,
        body: hasBody ? new Uint8Array(await readBody(request)) : undefined,
        redirect: "manual",
        signal: AbortSignal.timeout(PROXY_TIMEOUT_MS),
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return html(502, `<!doctype html><title>App proxy error</title><p>The app did not answer: ${escapeHtml(reason)}</p>`);
    }
    const contentType = response.headers.get("content-type") ?? "";
    const body = Buffer.from(await response.arrayBuffer());
    if (contentType.startsWith("application/liquid")) {
      return renderPage(visit, {
        template: "page",
        variables: { page_title: visit.shop.name },
        status: response.status,
        proxyLiquid: body.toString("utf8"),
      });
    }
    const resultHeaders: Record<string, string> = {};
    if (contentType) resultHeaders["content-type"] = contentType;
    const location = response.headers.get("location");
    if (location) resultHeaders.location = location;
    return { status: response.status, headers: resultHeaders, body };
  }

  /**
   * The app's UI extensions as Shopify's host would show them (ui-extensions.ts): the Rewards page
   * of customer accounts and the thank-you block, here for the cart as it stands.
   */
  async function uiExtensionRoute(visit: Visit): Promise<HttpResult | null> {
    const { apiKey } = options;
    if (!apiKey) return null;
    const bundle = /^\/ui-extensions\/(rewards-page|thank-you)\.js$/.exec(visit.path);
    if (bundle) {
      const script = await previewBundle(bundle[1] as PreviewExtension, new URL(options.appProxy.target).origin);
      return { status: 200, headers: { "content-type": CONTENT_TYPES[".js"]!, "cache-control": "no-cache" }, body: script };
    }
    if (visit.path === "/ui-extensions/session-token") {
      const token = previewSessionToken(visit.shop.domain, visit.customerId, apiKey, options.apiSecret);
      return { status: 200, headers: { "content-type": "text/plain", "cache-control": "no-store" }, body: token };
    }
    if (visit.path === "/account/rewards") return html(200, await previewPage("rewards-page", visit.locale, {}));
    if (visit.path === "/checkout/thank-you") {
      const cart = cartJson(visit.shop, visit.presentment, visit.urls, visit.cart);
      const money = (cents: number) => ({ value: { amount: cents / 100, currencyCode: visit.presentment.currency } });
      const target = {
        orderConfirmation: { value: { order: { id: `gid://shopify/Order/${Date.now()}` }, number: "preview" } },
        cost: {
          subtotalAmount: money(cart.total_price),
          totalShippingAmount: money(0),
          totalTaxAmount: money(0),
          totalAmount: money(cart.total_price),
        },
      };
      return html(200, await previewPage("thank-you", visit.locale, target));
    }
    return null;
  }

  async function route(request: IncomingMessage, visit: Visit): Promise<HttpResult> {
    const { path: pathname, shop } = visit;
    const method = request.method ?? "GET";
    const localeRoot = visit.urls.localeRoot;

    if (pathname === proxyPrefix || pathname.startsWith(`${proxyPrefix}/`)) return appProxy(request, visit);

    const asset = /^\/extension-assets\/([\w-]+)\/([\w-][\w.-]*)$/.exec(pathname);
    if (asset) return extensionAsset(visit, asset[1], asset[2]);
    const themeAsset = /^\/theme-assets\/([\w-][\w.-]*)$/.exec(pathname);
    if (themeAsset) return serveFile(path.join(THEME_DIR, "assets", themeAsset[1]));

    if (pathname === "/cart.js" || pathname === "/cart.json") {
      return json(200, cartJson(shop, visit.presentment, visit.urls, visit.cart));
    }
    const cartAction = /^\/cart\/(add|change|update|clear)(\.js)?$/.exec(pathname);
    if (cartAction) return cartEndpoint(request, visit, cartAction[1] as "add" | "change" | "update" | "clear", cartAction[2] === ".js");

    const uiExtension = await uiExtensionRoute(visit);
    if (uiExtension) return uiExtension;

    if (pathname === "/account/login" || pathname === "/account/register") return login(request, visit);
    if (pathname === "/account/logout") {
      visit.setCookies.push(cookie(CUSTOMER_COOKIE, "", 0));
      return redirect(localeRoot || "/");
    }
    if (pathname === "/account") {
      if (!visit.customerId) return redirect(`${localeRoot}/account/login`);
      return renderPage(visit, { template: "customers/account", variables: { page_title: "Account" } });
    }

    if (method !== "GET" && method !== "HEAD") return { status: 405, headers: { allow: "GET" }, body: "" };
    if (pathname === "/") {
      return renderPage(visit, {
        template: "index",
        variables: { page_title: shop.name, featured_products: products(visit).slice(0, 4) },
      });
    }
    if (pathname === "/collections" || pathname === "/collections/") return redirect(`${localeRoot}/collections/all`);
    if (pathname === "/collections/all") {
      const collection = { title: "All products", handle: "all", url: `${localeRoot}/collections/all`, products: products(visit) };
      return renderPage(visit, { template: "collection", variables: { page_title: collection.title, collection } });
    }
    const productPath = /^\/products\/([^/]+)$/.exec(pathname);
    if (productPath) {
      const product = products(visit).find((p) => p.handle === decodeURIComponent(productPath[1]));
      if (product) return renderPage(visit, { template: "product", variables: { page_title: product.title, product } });
    }
    if (pathname === "/cart") return renderPage(visit, { template: "cart", variables: { page_title: "Your cart" } });
    const pagePath = /^\/pages\/([^/]+)$/.exec(pathname);
    const previewPage = pagePath && PREVIEW_PAGES.find((candidate) => candidate.handle === decodeURIComponent(pagePath[1]));
    if (previewPage) {
      const liquidPage = pageObject(previewPage, visit.urls);
      return renderPage(visit, { template: "page", variables: { page_title: liquidPage.title, page: liquidPage } });
    }
    // Shopify's shareable discount link: the code goes with the cart to checkout (the preview has no checkout; it keeps the code in a cookie).
    const discountPath = /^\/discount\/([^/]+)$/.exec(pathname);
    if (discountPath) {
      visit.setCookies.push(cookie(DISCOUNT_COOKIE, decodeURIComponent(discountPath[1])));
      return redirect(localPath(visit.url.searchParams.get("redirect"), localeRoot || "/"));
    }
    return notFound(visit);
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const shop = options.state.shops.get(options.shopDomain);
    if (!shop) {
      send(response, { status: 503, headers: { "content-type": "text/plain" }, body: `No shop ${options.shopDomain} in the simulator` });
      return;
    }
    const visit = await startVisit(request, shop);
    const result = await route(request, visit);
    if (visit.setCookies.length > 0) response.setHeader("set-cookie", visit.setCookies);
    send(response, compressed(request, result));
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      console.error(`[storefront] ${request.method} ${request.url}: ${message}`);
      if (!response.headersSent) send(response, { status: 500, headers: { "content-type": "text/plain; charset=utf-8" }, body: message });
      else response.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: origin,
    placements,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
