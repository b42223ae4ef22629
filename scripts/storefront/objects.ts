// Liquid objects built from the simulator state, shaped like Shopify's (product, shop, customer,
// request, localization, routes, app, metafields). Money is in the presentment currency's minor
// units, as Shopify's money filters expect.
import { Drop } from "liquidjs";
import { convert, formatMoney, gidType, presentmentRate, shopGid, toCents } from "../simulator/common.ts";
import { numericId, type Customer, type Metafield, type Product, type ShopState } from "../simulator/state.ts";

/** The currency a visitor sees and how to get there from shop-currency amounts. */
export interface Presentment {
  currency: string;
  rate: string; // presentment = shop * rate
  moneyFormat: string;
}

// Shopify's default formats; the shop's own format applies to its own currency.
const MONEY_FORMATS: Record<string, string> = {
  USD: "${{amount}}",
  CAD: "${{amount}}",
  AUD: "${{amount}}",
  EUR: "€{{amount_with_comma_separator}}",
  GBP: "£{{amount}}",
  JPY: "¥{{amount_no_decimals}}",
};

export function presentmentFor(shop: ShopState, currency: string): Presentment {
  if (currency === shop.currencyCode) return { currency, rate: "1", moneyFormat: shop.moneyFormat };
  return {
    currency,
    rate: presentmentRate(shop.currencyCode, currency),
    moneyFormat: MONEY_FORMATS[currency] ?? `{{amount}} ${currency}`,
  };
}

/** A shop-currency decimal amount as presentment cents. */
export function presentmentCents(presentment: Presentment, amount: string): number {
  return toCents(convert(amount, presentment.rate));
}

export type MoneyStyle = "money" | "money_with_currency" | "money_without_currency";

export function formatCents(presentment: Presentment, cents: number, style: MoneyStyle): string {
  const amount = (cents / 100).toFixed(2);
  switch (style) {
    case "money":
      return formatMoney(presentment.moneyFormat, amount);
    case "money_with_currency":
      return `${formatMoney(presentment.moneyFormat, amount)} ${presentment.currency}`;
    case "money_without_currency": {
      const placeholder = /{{\s*\w+\s*}}/.exec(presentment.moneyFormat)?.[0] ?? "{{amount}}";
      return formatMoney(placeholder, amount);
    }
  }
}

// ---------------------------------------------------------------- metafields

type RatingValue = { rating: number; scale_min: number; scale_max: number };

/** The Admin API stores ratings as {"value","scale_min","scale_max"}; Liquid exposes `rating`. */
function ratingValue(raw: unknown): RatingValue {
  const { value, scale_min, scale_max } = raw as Record<string, string>;
  return { rating: Number(value), scale_min: Number(scale_min), scale_max: Number(scale_max) };
}

function parseMetafieldValue(type: string, value: string): unknown {
  const listOf = type.startsWith("list.") ? type.slice("list.".length) : null;
  try {
    if (listOf) {
      const items = JSON.parse(value) as unknown[];
      if (listOf === "rating") return items.map(ratingValue);
      if (listOf.startsWith("number_")) return items.map(Number);
      return items;
    }
    switch (type) {
      case "rating":
        return ratingValue(JSON.parse(value));
      case "number_integer":
      case "number_decimal":
        return Number(value);
      case "boolean":
        return value === "true";
      case "json":
      case "money":
      case "dimension":
      case "volume":
      case "weight":
        return JSON.parse(value);
      default:
        return value;
    }
  } catch {
    return value; // Shopify validates on write; a bad value here came from a hand-edited state
  }
}

export class MetafieldDrop extends Drop {
  readonly namespace: string;
  readonly key: string;
  readonly type: string;
  readonly list: boolean;
  readonly value: unknown;
  readonly #raw: string;

  constructor(metafield: Metafield) {
    super();
    this.namespace = metafield.namespace;
    this.key = metafield.key;
    this.type = metafield.type;
    this.list = metafield.type.startsWith("list.");
    this.value = parseMetafieldValue(metafield.type, metafield.value);
    this.#raw = metafield.value;
  }

  /** `{{ metafield }}` prints the stored string, as on Shopify. */
  valueOf(): string {
    return this.#raw;
  }

  toJSON(): unknown {
    return this.value;
  }
}

type MetafieldNamespaces = Record<string, Record<string, MetafieldDrop>>;

const RESERVED_NAMESPACE = /^app--\d+(?:--(.+))?$/;

/** State keeps reserved namespaces resolved ("app--123--retention"); Liquid may also say "$app:retention". */
function namespaceNames(namespace: string): string[] {
  const reserved = RESERVED_NAMESPACE.exec(namespace);
  if (!reserved) return [namespace];
  return [namespace, reserved[1] === undefined ? "$app" : `$app:${reserved[1]}`];
}

function groupMetafields(metafields: Metafield[]): MetafieldNamespaces {
  const namespaces: MetafieldNamespaces = {};
  for (const metafield of metafields) {
    const drop = new MetafieldDrop(metafield);
    for (const name of namespaceNames(metafield.namespace)) (namespaces[name] ??= {})[metafield.key] = drop;
  }
  return namespaces;
}

export function metafieldsOf(shop: ShopState, ownerId: string): MetafieldNamespaces {
  return groupMetafields(shop.metafields.filter((metafield) => metafield.ownerId === ownerId));
}

/** `app.metafields`: Shopify's app-data metafields, i.e. the ones owned by the app installation. */
export function appObject(shop: ShopState): { metafields: MetafieldNamespaces } {
  return { metafields: groupMetafields(shop.metafields.filter((m) => gidType(m.ownerId) === "AppInstallation")) };
}

// ---------------------------------------------------------------- resources

export interface UrlContext {
  origin: string; // "http://127.0.0.1:1234"
  localeRoot: string; // "" for the primary locale, "/el" otherwise
}

export function productObject(shop: ShopState, product: Product, presentment: Presentment, urls: UrlContext) {
  const url = `${urls.localeRoot}/products/${product.handle}`;
  const variants = product.variants.map((variant) => ({
    id: numericId(variant.id),
    title: variant.title,
    sku: variant.sku ?? "",
    price: presentmentCents(presentment, variant.price),
    available: true,
    url: `${url}?variant=${numericId(variant.id)}`,
  }));
  const prices = variants.map((variant) => variant.price);
  const image = product.imageUrl ? { src: product.imageUrl, alt: product.title } : null;
  return {
    id: numericId(product.id),
    handle: product.handle,
    title: product.title,
    description: product.description,
    vendor: product.vendor,
    url,
    available: variants.length > 0,
    price: prices.length ? Math.min(...prices) : 0,
    price_min: prices.length ? Math.min(...prices) : 0,
    price_max: prices.length ? Math.max(...prices) : 0,
    price_varies: new Set(prices).size > 1,
    compare_at_price: null,
    featured_image: image,
    images: image ? [image] : [],
    variants,
    first_available_variant: variants[0] ?? null,
    selected_or_first_available_variant: variants[0] ?? null,
    has_only_default_variant: variants.length === 1 && variants[0].title === "Default Title",
    metafields: metafieldsOf(shop, product.id),
  };
}

export function customerObject(shop: ShopState, customer: Customer) {
  return {
    id: numericId(customer.id),
    email: customer.email,
    first_name: customer.firstName,
    last_name: customer.lastName,
    name: `${customer.firstName} ${customer.lastName}`.trim(),
    accepts_marketing: customer.emailMarketingConsent === "SUBSCRIBED",
    orders_count: shop.orders.filter((order) => order.customerId === customer.id).length,
    has_account: true,
    metafields: metafieldsOf(shop, customer.id),
  };
}

/** An online store page (Shopify's are written in the admin; the preview has a fixed few). */
export interface PreviewPage {
  id: number;
  handle: string;
  title: string;
  content: string; // HTML
}

export function pageObject(page: PreviewPage, urls: UrlContext) {
  return { ...page, url: `${urls.localeRoot}/pages/${page.handle}`, metafields: {} };
}

export function currencyObject(isoCode: string) {
  const symbol =
    new Intl.NumberFormat("en", { style: "currency", currency: isoCode, currencyDisplay: "narrowSymbol" })
      .formatToParts(0)
      .find((part) => part.type === "currency")?.value ?? isoCode;
  return { iso_code: isoCode, symbol, name: new Intl.DisplayNames(["en"], { type: "currency" }).of(isoCode) ?? isoCode };
}

/** Liquid's country (localization.country, localization.available_countries). */
export function countryObject(isoCode: string, currency?: string) {
  const name = new Intl.DisplayNames(["en"], { type: "region" }).of(isoCode) ?? isoCode;
  return { iso_code: isoCode, name, ...(currency ? { currency: currencyObject(currency) } : {}) };
}

export function languageObject(isoCode: string, primaryLocale: string) {
  return {
    iso_code: isoCode,
    primary: isoCode === primaryLocale,
    root_url: isoCode === primaryLocale ? "/" : `/${isoCode}`,
    name: new Intl.DisplayNames(["en"], { type: "language" }).of(isoCode) ?? isoCode,
    endonym_name: new Intl.DisplayNames([isoCode], { type: "language" }).of(isoCode) ?? isoCode,
  };
}

export function shopObject(shop: ShopState, urls: UrlContext) {
  return {
    name: shop.name,
    email: shop.email,
    domain: shop.domain,
    permanent_domain: shop.domain,
    url: urls.origin,
    currency: shop.currencyCode,
    money_format: shop.moneyFormat,
    enabled_currencies: shop.enabledPresentmentCurrencies.map(currencyObject),
    locale: shop.primaryLocale,
    metafields: metafieldsOf(shop, shopGid(shop)),
  };
}

export function routesObject(localeRoot: string) {
  return {
    root_url: localeRoot || "/",
    cart_url: `${localeRoot}/cart`,
    cart_add_url: `${localeRoot}/cart/add`,
    cart_change_url: `${localeRoot}/cart/change`,
    cart_clear_url: `${localeRoot}/cart/clear`,
    collections_url: `${localeRoot}/collections`,
    all_products_collection_url: `${localeRoot}/collections/all`,
    account_url: `${localeRoot}/account`,
    account_login_url: `${localeRoot}/account/login`,
    account_register_url: `${localeRoot}/account/register`,
    account_logout_url: `${localeRoot}/account/logout`,
  };
}
