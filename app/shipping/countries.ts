// Country codes as Shopify knows them. Zone and excluded countries end up in Shopify's
// discounts and are compared with the shopper's shipping country, both of which use Shopify's
// CountryCode enum (generated from the Admin API schema), not every ISO code: UK, EU or PR
// would be refused by the discount mutations or never match a cart.
import type { CountryCode } from "../shopify/generated/admin.types";
import { COUNTRY_CODES } from "../shopify/generated/country-codes";

export function isCountryCode(code: string): code is CountryCode {
  return Object.hasOwn(COUNTRY_CODES, code);
}

/** "United Kingdom" for GB: Shopify's name for one of its country codes. */
export function countryName(code: CountryCode): string {
  return COUNTRY_CODES[code as keyof typeof COUNTRY_CODES] ?? code;
}

const regionNames = new Intl.DisplayNames(["en"], { type: "region", fallback: "none" });
const codeByName = new Map<string, string>(Object.entries(COUNTRY_CODES).map(([code, name]) => [name, code]));

// Shopify's address data lists these as regions of the United States, not as countries
// (Shopify/worldwide, db/data/regions/US.yml), and its CountryCode enum has none of them.
const US_REGIONS = new Set(["AS", "FM", "GU", "MH", "MP", "PR", "PW", "VI"]);

/** Why Shopify does not know `code`, and what to write instead when there is something. */
function unknownCodeMessage(code: string): string {
  const name = /^[A-Z]{2}$/.test(code) ? regionNames.of(code) : undefined;
  const named = name ? `${code} (${name})` : code;
  // Old or alternative codes whose country Shopify has under another code: UK → GB, FX → FR…
  const replacement = name ? codeByName.get(name) : undefined;
  if (replacement) return `${named} is not a country code Shopify knows; use ${replacement}.`;
  if (US_REGIONS.has(code))
    return `${named} is not a country code Shopify knows: Shopify ships there as part of the United States; use US.`;
  return `${named} is not a country code Shopify knows.`;
}

/** One sentence per code Shopify's CountryCode enum does not have; null when all are known. */
export function unknownCountriesMessage(codes: readonly string[]): string | null {
  const unknown = codes.filter((code) => !isCountryCode(code));
  return unknown.length > 0 ? unknown.map(unknownCodeMessage).join(" ") : null;
}

/** The codes the shop does not ship to, as a message naming them; null when it ships to all. */
export function notShippedMessage(codes: readonly CountryCode[], shipsTo: readonly string[]): string | null {
  const missing = codes.filter((code) => !shipsTo.includes(code));
  if (missing.length === 0) return null;
  const list = missing.map((code) => `${code} (${countryName(code)})`).join(", ");
  return `Your store does not ship to ${list}: add ${missing.length === 1 ? "it" : "them"} to a shipping zone in Shopify's shipping settings first.`;
}

/** "gr, de  FR" → ["GR", "DE", "FR"], and the codes among them Shopify does not know. */
export function parseCountries(input: string): { countries: CountryCode[]; unknown: string[] } {
  const codes = [
    ...new Set(
      input
        .split(/[\s,;]+/)
        .map((code) => code.trim().toUpperCase())
        .filter(Boolean),
    ),
  ];
  return { countries: codes.filter(isCountryCode), unknown: codes.filter((code) => !isCountryCode(code)) };
}
