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
 * the order's points once everything is refunded, never more. The share is refunded / orderTotal
 * (any units; bigints for the products refundedShare makes).
 */
export function reversalDue(earned: number, alreadyReversed: number, refunded: number | bigint, orderTotal: number | bigint): number {
  const [part, whole] = [BigInt(refunded), BigInt(orderTotal)];
  if (earned <= 0 || whole <= 0n) return 0;
  const share = part < 0n ? 0n : part;
  const target = share >= whole ? earned : Number((BigInt(earned) * share) / whole);
  return Math.max(0, target - alreadyReversed);
}

/** What one refund gave back, in shop currency. */
export interface RefundedAmounts {
  amount: string; // the money refunded: to the payment method and to store credit
  /** The units refunded: what they cost after discounts (tax included when taxesIncluded), their tax, their discount. */
  lines: { subtotal: string; tax: string; discount: string }[];
}

/**
 * The share of an order its refunds took back, as refunded / total (reversalDue's arguments):
 * - refunded units count by what they earned, as earnableMinorUnits counts them (the units'
 *   price after discounts, tax and discounts in or out as the rules say), out of what the
 *   whole order earned: returning every item takes back every point the items earned, even
 *   when the shipping is kept;
 * - money beyond the refunded units' price (a goodwill amount, shipping) counts by amount,
 *   out of the order's total;
 * - the order is refunded in full once its refunds add up to its total.
 * Refunds in the customer's currency (`converted`) reach shop money one by one, each rounded to
 * the minor unit (refundRowFromPayload): refunding everything can add up to a few minor units
 * short of the total, and a line refund can be one off its lines' price. Up to half a minor unit
 * per refund short counts as everything refunded, and one unit off the lines as no money beyond them.
 */
export function refundedShare(
  order: OrderAmounts & { totalPrice: string },
  rules: EarningRules,
  refunds: RefundedAmounts[],
  converted = false,
): { refunded: bigint; total: bigint } {
  const minor = (amount: string) => toMinorUnits(amount, order.currencyCode);
  const earnable = BigInt(earnableMinorUnits(order, rules));
  const orderTotal = BigInt(minor(order.totalPrice));
  const total = earnable * orderTotal;
  if (total <= 0n) return { refunded: 0n, total: 0n };
  let money = 0;
  let refunded = 0n;
  for (const refund of refunds) {
    let linesEarnable = 0;
    let linesMoney = 0;
    for (const line of refund.lines) {
      const [subtotal, tax, discount] = [minor(line.subtotal), minor(line.tax), Math.max(0, minor(line.discount))];
      linesEarnable += subtotal - (order.taxesIncluded ? tax : 0) + (rules.excludeDiscounts ? 0 : discount) + (rules.excludeTax ? 0 : tax);
      linesMoney += subtotal + (order.taxesIncluded ? 0 : tax);
    }
    const amount = minor(refund.amount);
    money += amount;
    const beyond = amount - linesMoney;
    const beyondLines = refund.lines.length > 0 && converted && beyond <= 1 ? 0 : Math.max(0, beyond);
    refunded += BigInt(Math.max(0, linesEarnable)) * orderTotal + BigInt(beyondLines) * earnable;
  }
  const rounding = converted ? Math.floor(refunds.filter((refund) => minor(refund.amount) !== 0).length / 2) : 0;
  if (money >= Number(orderTotal) - rounding) return { refunded: total, total };
  return { refunded: refunded > total ? total : refunded, total };
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
