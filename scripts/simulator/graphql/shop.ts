// Shop and shop locales.
import { shopGid } from "../common";
import type { ShopState } from "../state";
import type { AdminContext, ResolverModule, Root, TypeResolvers } from "./context";
import { domainSource } from "./nodes";

/** The demo's shipping zones: Greece, the EU's largest markets, the UK, North America and Australia. */
export const DEFAULT_SHIPS_TO_COUNTRIES = ["AU", "CA", "DE", "ES", "FR", "GB", "GR", "IT", "NL", "US"];

const languageNames = new Intl.DisplayNames(["en"], { type: "language" });

const Shop: TypeResolvers<ShopState> = {
  id: (shop: ShopState) => shopGid(shop),
  contactEmail: (shop: ShopState) => shop.email,
  myshopifyDomain: (shop: ShopState) => shop.domain,
  url: (shop: ShopState) => `https://${shop.domain}`,
  primaryDomain: (shop: ShopState) => domainSource(shop),
  shipsToCountries: (shop: ShopState) => shop.shipsToCountries ?? DEFAULT_SHIPS_TO_COUNTRIES,
  currencyFormats: (shop: ShopState) => ({
    moneyFormat: shop.moneyFormat,
    moneyInEmailsFormat: shop.moneyFormat,
    moneyWithCurrencyFormat: `${shop.moneyFormat} ${shop.currencyCode}`,
    moneyWithCurrencyInEmailsFormat: `${shop.moneyFormat} ${shop.currencyCode}`,
  }),
};

function shopLocales(_root: Root, _args: { published: boolean }, ctx: AdminContext) {
  const { primaryLocale, alternateLocales = [] } = ctx.shop;
  // Every locale the simulator knows is published, so the `published` filter changes nothing.
  return [primaryLocale, ...alternateLocales].map((locale) => ({
    locale,
    name: languageNames.of(locale) ?? locale,
    primary: locale === primaryLocale,
    published: true,
  }));
}

export const shopResolvers: ResolverModule = {
  fields: {
    QueryRoot: {
      shop: (_root: Root, _args: unknown, ctx: AdminContext) => ctx.shop,
      shopLocales,
    },
    Shop,
  },
};
