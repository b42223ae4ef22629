// Points arithmetic, pure: what an order earns, how much of it a refund takes back, which
// tier a customer is in. Amounts are shop currency (orders paid in another currency are
// counted by their shop-money amounts, at the order's own rate).
import { toCents } from "../orders/order-webhooks";

export interface EarningRules {
  pointsPerUnit: number;
  excludeShipping: boolean;
  excludeTax: boolean;
  excludeDiscounts: boolean;
}

export interface OrderAmounts {
  subtotalPrice: string; // line items after discounts; includes their tax when taxesIncluded
  taxesIncluded: boolean; // the shop's prices include tax (EU, UK, AU shops)
  totalDiscounts: string;
  totalShipping: string; // after shipping discounts; includes its tax when taxesIncluded
  shippingTax: string; // the part of totalTax charged on shipping
  totalTax: string; // line items' and shipping's tax
}

/**
 * The part of the order that earns points, in cents: the line items after discounts, without
 * tax; discounts, shipping and tax added back as the rules say. Shopify's subtotal and shipping
 * include their tax when the order's taxes_included is true ("If taxesIncluded is true, then the
 * subtotal also includes tax"; likewise currentShippingPriceSet), so the tax is taken out of
 * them then rather than left in. Tax counts only on what earns: the shipping's tax only when
 * shipping does.
 */
export function earnableCents(order: OrderAmounts, rules: EarningRules): number {
  const shippingTax = toCents(order.shippingTax);
  const itemsTax = toCents(order.totalTax) - shippingTax;
  let cents = toCents(order.subtotalPrice) - (order.taxesIncluded ? itemsTax : 0);
  if (!rules.excludeDiscounts) cents += toCents(order.totalDiscounts);
  if (!rules.excludeShipping) cents += toCents(order.totalShipping) - (order.taxesIncluded ? shippingTax : 0);
  if (!rules.excludeTax) cents += itemsTax + (rules.excludeShipping ? 0 : shippingTax);
  return Math.max(0, cents);
}

/** Whole points, rounded down: 1 point per unit earns 42 points on 42.99. */
export function pointsForOrder(order: OrderAmounts, rules: EarningRules, multiplierPercent = 100): number {
  return Math.floor((earnableCents(order, rules) * rules.pointsPerUnit * multiplierPercent) / 10_000);
}

/**
 * Points to take back now so that, in total, the refunded share of the order's points is
 * reversed: cumulative, so refunds arriving in any order and any number reverse exactly
 * the order's points once everything is refunded, never more.
 */
export function reversalDue(earned: number, alreadyReversed: number, refundedCents: number, orderTotalCents: number): number {
  if (earned <= 0 || orderTotalCents <= 0) return 0;
  const target = refundedCents >= orderTotalCents ? earned : Math.floor((earned * Math.max(0, refundedCents)) / orderTotalCents);
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
