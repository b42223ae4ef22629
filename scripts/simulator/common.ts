// Small helpers shared by the simulator's GraphQL, webhook and store-action code.
import { createHash } from "node:crypto";
import type { ShopState, SimulatorState } from "./state";

/** Money is kept as decimal strings in state; arithmetic happens in integer cents so sums never drift. */
export function toCents(amount: string | number): number {
  return Math.round(Number(amount) * 100);
}

/** "19.90" — the two-decimal form REST payloads and the Money scalar use. */
export function fromCents(cents: number): string {
  return (cents / 100).toFixed(2);
}

/** "19.9", "20.0" — how Shopify serializes the GraphQL Decimal scalar (no padding zeros, at least one decimal). */
export function shopifyDecimal(amount: string): string {
  const fixed = fromCents(toCents(amount));
  return fixed.replace(/0$/, "");
}

/** Renders an amount with a shop money format such as "${{amount}}" or "{{amount_with_comma_separator}} €". */
export function formatMoney(format: string, amount: string): string {
  const cents = toCents(amount);
  const grouped = (value: string, thousands: string, decimal: string) => {
    const [whole, fraction] = value.split(".");
    const withSeparators = whole.replace(/\B(?=(\d{3})+(?!\d))/g, thousands);
    return fraction === undefined ? withSeparators : `${withSeparators}${decimal}${fraction}`;
  };
  const fixed = fromCents(cents);
  const whole = String(Math.round(cents / 100));
  return format.replace(/\{\{\s*(\w+)\s*\}\}/g, (placeholder, name: string) => {
    switch (name) {
      case "amount":
        return grouped(fixed, ",", ".");
      case "amount_no_decimals":
        return grouped(whole, ",", ".");
      case "amount_with_comma_separator":
        return grouped(fixed, ".", ",");
      case "amount_no_decimals_with_comma_separator":
        return grouped(whole, ".", ",");
      default:
        return placeholder;
    }
  });
}

/** Fixed demo exchange rates against USD; the shop currency is converted through USD. */
const USD_RATES: Record<string, number> = { USD: 1, EUR: 0.92, GBP: 0.79, CAD: 1.36, AUD: 1.52, JPY: 151 };

export function presentmentRate(shopCurrency: string, presentmentCurrency: string): string {
  const from = USD_RATES[shopCurrency];
  const to = USD_RATES[presentmentCurrency];
  if (from === undefined || to === undefined) throw new Error(`No demo exchange rate for ${shopCurrency}->${presentmentCurrency}`);
  return (to / from).toFixed(6);
}

export function convert(amount: string, rate: string): string {
  return fromCents(Math.round(toCents(amount) * Number(rate)));
}

/** Shopify timestamps carry seconds, not milliseconds: "2026-01-05T10:00:00Z". */
export function isoTimestamp(date: Date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** A stable positive number derived from text, for ids Shopify has but the state does not store (shop, app). */
export function stableNumber(text: string, digits = 9): number {
  const low = 10 ** (digits - 1);
  const hash = BigInt(`0x${createHash("sha256").update(text).digest("hex").slice(0, 13)}`);
  return low + Number(hash % BigInt(9 * low));
}

export function shopGid(shop: ShopState): string {
  return `gid://shopify/Shop/${stableNumber(shop.domain)}`;
}

export function gidType(gid: string): string | null {
  const match = /^gid:\/\/shopify\/(\w+)\/\d+/.exec(gid);
  return match ? match[1] : null;
}

/** The shop named by the caller, or the only shop when there is just one. */
export function findShop(state: SimulatorState, domain?: string | null): ShopState | undefined {
  if (domain) return state.shops.get(domain);
  return state.shops.size === 1 ? [...state.shops.values()][0] : undefined;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
