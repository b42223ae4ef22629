// Free-shipping thresholds, pure: which threshold a shopper sees (by cart currency and
// shipping country), how far their cart is from it, and the automatic free-shipping
// discounts that make checkout keep the same promise. Shared by the admin's preview, the
// sync job and the metafield the storefront bar reads.
import { decimalToMinor, minorToDecimal, minorUnitDigits, normalizeAmount } from "../lib/money";

export interface Money {
  /** Decimal string in `currency`'s minor units: "50.00", "8000" for JPY. */
  amount: string;
  currency: string;
}

export interface ThresholdSettings {
  enabled: boolean;
  shopCurrency: string;
  /** The base threshold in shop currency; null: only zones get free shipping. */
  baseAmount: string | null;
  excludedCountries: string[];
}

export interface ThresholdZone {
  id: string;
  name: string;
  countries: string[];
  currency: string;
  amount: string;
  /** Units of `currency` per 1 unit of shop currency. */
  rateToShop: string;
}

const upper = (codes: string[]) => codes.map((code) => code.trim().toUpperCase());

/**
 * The threshold a shopper paying in `currency` and shipping to `country` sees, or null for
 * none. An excluded country never gets one. A zone listing the country counts only when the
 * cart is in the zone's currency; otherwise the base threshold, which is in shop currency,
 * counts only for carts in shop currency: a market paying in € never sees "$50".
 */
export function thresholdFor(
  cart: { currency: string; country: string | null },
  settings: ThresholdSettings,
  zones: ThresholdZone[],
): Money | null {
  if (!settings.enabled) return null;
  const currency = cart.currency.toUpperCase();
  const country = cart.country?.toUpperCase() ?? null;
  if (country && upper(settings.excludedCountries).includes(country)) return null;
  if (country) {
    const zone = zones.find((candidate) => upper(candidate.countries).includes(country) && candidate.currency.toUpperCase() === currency);
    if (zone) {
      const amount = normalizeAmount(zone.amount, currency);
      if (amount !== null) return { amount, currency };
    }
  }
  if (settings.baseAmount !== null && currency === settings.shopCurrency.toUpperCase()) {
    const amount = normalizeAmount(settings.baseAmount, currency);
    if (amount !== null) return { amount, currency };
  }
  return null;
}

export interface Progress {
  /** What is left to spend, in the threshold's currency and minor units ("0.00" once reached). */
  remaining: string;
  reached: boolean;
  /** 0–100, rounded down: the bar is never full before free shipping is reached. */
  percent: number;
}

/** How far a cart subtotal (in the threshold's currency) is from free shipping. */
export function progress(subtotal: string | number, threshold: Money): Progress {
  const digits = minorUnitDigits(threshold.currency);
  const cart = Math.max(0, decimalToMinor(subtotal, digits) ?? 0);
  const goal = decimalToMinor(threshold.amount, digits) ?? 0;
  if (cart >= goal) return { remaining: minorToDecimal(0, digits), reached: true, percent: 100 };
  return { remaining: minorToDecimal(goal - cart, digits), reached: false, percent: Math.min(99, Math.floor((cart * 100) / goal)) };
}

export interface DiscountPlan {
  /** "base" or the zone's id. */
  key: string;
  title: string;
  /** Destination countries, sorted; never empty. */
  countries: string[];
  /** Minimum subtotal in shop currency. */
  minimumSubtotal: string;
}

/**
 * The zone's threshold in shop currency: amount / rateToShop, rounded DOWN to the shop
 * currency's minor units, so a cart that reaches the amount shown in the zone's currency
 * always qualifies at checkout (rounding half up could ask for a cent more than shown).
 */
export function zoneMinimumInShopCurrency(
  zone: Pick<ThresholdZone, "amount" | "currency" | "rateToShop">,
  shopCurrency: string,
): string | null {
  const zoneDigits = minorUnitDigits(zone.currency);
  const shopDigits = minorUnitDigits(shopCurrency);
  const amount = decimalToMinor(zone.amount, zoneDigits);
  const rate = Number(zone.rateToShop);
  if (amount === null || !(rate > 0)) return null;
  // Work in integers of 10^-6 of the rate to avoid binary fractions: shopMinor = amount / 10^zd / rate * 10^sd.
  const rateMicros = Math.round(rate * 1_000_000);
  const numerator = BigInt(amount) * 10n ** BigInt(shopDigits) * 1_000_000n;
  const denominator = BigInt(rateMicros) * 10n ** BigInt(zoneDigits);
  return minorToDecimal(Number(numerator / denominator), shopDigits);
}

/**
 * The automatic free-shipping discounts checkout needs: one per zone (its countries less the
 * excluded ones, a country already taken by an earlier zone going to that zone) and the base
 * one for every other country the shop ships to. None while the programme is off; a plan
 * with no country left is left out (its discount is removed).
 */
export function discountPlans(settings: ThresholdSettings, zones: ThresholdZone[], shipsToCountries: string[]): DiscountPlan[] {
  if (!settings.enabled) return [];
  const excluded = new Set(upper(settings.excludedCountries));
  const taken = new Set<string>();
  const plans: DiscountPlan[] = [];
  for (const zone of zones) {
    const countries = [...new Set(upper(zone.countries))].filter((country) => !excluded.has(country) && !taken.has(country)).sort();
    countries.forEach((country) => taken.add(country));
    const minimum = zoneMinimumInShopCurrency(zone, settings.shopCurrency);
    if (countries.length === 0 || minimum === null) continue;
    plans.push({ key: zone.id, title: `Free shipping: ${zone.name}`, countries, minimumSubtotal: minimum });
  }
  const baseMinimum = settings.baseAmount === null ? null : normalizeAmount(settings.baseAmount, settings.shopCurrency);
  if (baseMinimum !== null) {
    const countries = [...new Set(upper(shipsToCountries))].filter((country) => !excluded.has(country) && !taken.has(country)).sort();
    if (countries.length > 0) plans.unshift({ key: "base", title: "Free shipping", countries, minimumSubtotal: baseMinimum });
  }
  return plans;
}

/** Puts the formatted amount into a message: "Free shipping over {amount}". */
export function fillMessage(message: string, formattedAmount: string): string {
  return message.replaceAll("{amount}", formattedAmount);
}

/**
 * A message split around its {amount} placeholders, the amount pieces marked, so the bar can set
 * the amount apart (bold, never broken across lines) as the storefront's does.
 */
export function messageParts(message: string, formattedAmount: string): { text: string; amount: boolean }[] {
  return message
    .split("{amount}")
    .flatMap((text, index) =>
      index === 0
        ? [{ text, amount: false }]
        : [
            { text: formattedAmount, amount: true },
            { text, amount: false },
          ],
    )
    .filter((part) => part.text !== "");
}

/** "gr, de  fr" → ["GR", "DE", "FR"]: the codes as typed in a form, de-duplicated (not checked). */
export function parseCountriesForForm(input: string): string[] {
  return [
    ...new Set(
      input
        .split(/[\s,;]+/)
        .map((code) => code.trim().toUpperCase())
        .filter(Boolean),
    ),
  ];
}
