// Points arithmetic, pure: what an order earns, how much of it a refund takes back, which
// tier a customer is in. Amounts are shop currency (orders paid in another currency are
// counted by their shop-money amounts, at the order's own rate).
import { minorUnitDigits, toMinorUnits } from "../lib/money";

export interface EarningRules {
  pointsPerUnit: number;
  excludeShipping: boolean;
  excludeTax: boolean;
  excludeDiscounts: boolean;
}

export interface OrderAmounts {
  currencyCode: string; // the shop's currency, which every amount below is in
  subtotalPrice: string; // line items after discounts; includes their tax when taxesIncluded
  taxesIncluded: boolean; // the shop's prices include tax (EU, UK, AU shops)
  totalDiscounts: string;
  totalShipping: string; // after shipping discounts; includes its tax when taxesIncluded
  shippingTax: string; // the part of totalTax charged on shipping
  totalTax: string; // line items' and shipping's tax
}

/**
 * The part of the order that earns points, in the currency's minor units: the line items after discounts, without
 * tax; discounts, shipping and tax added back as the rules say. Shopify's subtotal and shipping
 * include their tax when the order's taxes_included is true ("If taxesIncluded is true, then the
 * subtotal also includes tax"; likewise currentShippingPriceSet), so the tax is taken out of
 * them then rather than left in. Tax counts only on what earns: the shipping's tax only when
 * shipping does.
 */
export function earnableMinorUnits(order: OrderAmounts, rules: EarningRules): number {
  const minor = (amount: string) => toMinorUnits(amount, order.currencyCode);
  const shippingTax = minor(order.shippingTax);
  const itemsTax = minor(order.totalTax) - shippingTax;
  let earnable = minor(order.subtotalPrice) - (order.taxesIncluded ? itemsTax : 0);
  if (!rules.excludeDiscounts) earnable += minor(order.totalDiscounts);
  if (!rules.excludeShipping) earnable += minor(order.totalShipping) - (order.taxesIncluded ? shippingTax : 0);
  if (!rules.excludeTax) earnable += itemsTax + (rules.excludeShipping ? 0 : shippingTax);
  return Math.max(0, earnable);
}

/** Whole points, rounded down: 1 point per unit earns 42 points on 42.99. */
export function pointsForOrder(order: OrderAmounts, rules: EarningRules, multiplierPercent = 100): number {
  const perUnit = 10 ** minorUnitDigits(order.currencyCode) * 100; // minor units per whole unit, times 100 for the percentage
  return Math.floor((earnableMinorUnits(order, rules) * rules.pointsPerUnit * multiplierPercent) / perUnit);
}

/**
 * Points to take back now so that, in total, the refunded share of the order's points is
 * reversed: cumulative, so refunds arriving in any order and any number reverse exactly
 * the order's points once everything is refunded, never more. Amounts in the same minor units.
 */
export function reversalDue(earned: number, alreadyReversed: number, refunded: number, orderTotal: number): number {
  if (earned <= 0 || orderTotal <= 0) return 0;
  const target = refunded >= orderTotal ? earned : Math.floor((earned * Math.max(0, refunded)) / orderTotal);
  return Math.max(0, target - alreadyReversed);
}

export interface TierRule {
  id: string;
  name: string;
  threshold: number;
  multiplierPercent: number;
}

/** The highest tier whose threshold the value reaches, or null below every tier. */
export function tierFor<T extends TierRule>(value: number, tiers: T[]): T | null {
  let best: T | null = null;
  for (const tier of tiers) if (value >= tier.threshold && (!best || tier.threshold > best.threshold)) best = tier;
  return best;
}

/** The next tier above the current value, for "N points to Gold". */
export function nextTier<T extends TierRule>(value: number, tiers: T[]): T | null {
  return [...tiers].sort((a, b) => a.threshold - b.threshold).find((tier) => tier.threshold > value) ?? null;
}
