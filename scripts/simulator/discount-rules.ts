// How discounts behave at checkout: status, usage, eligibility and the totals they produce.
// Shared by the GraphQL resolvers (status, usage counts) and placeOrder (pricing).
import { fromCents, toCents } from "./common";
import type { Discount, ShopState } from "./state";

export function discountStatus(discount: Discount, now: Date = new Date()): Discount["status"] {
  if (Date.parse(discount.startsAt) > now.getTime()) return "SCHEDULED";
  if (discount.endsAt && Date.parse(discount.endsAt) <= now.getTime()) return "EXPIRED";
  return "ACTIVE";
}

export function findCodeDiscount(shop: ShopState, code: string): Discount | undefined {
  // Shopify discount codes are case-insensitive.
  const wanted = code.trim().toLowerCase();
  return shop.discounts.find((discount) => discount.code?.toLowerCase() === wanted);
}

/** Orders that redeemed the code, cancelled ones included, as Shopify counts usage. */
export function usageCount(shop: ShopState, discount: Discount): number {
  const code = discount.code?.toLowerCase();
  if (!code) return 0;
  return shop.orders.filter((order) => order.discountCodes.some((used) => used.toLowerCase() === code)).length;
}

function shipsTo(discount: Discount, country: string | null): boolean {
  if (discount.destinationCountryCodes === null || discount.includeRestOfWorld) return true;
  return country !== null && discount.destinationCountryCodes.includes(country);
}

function buyerAllowed(discount: Discount, customerId: string | null): boolean {
  return discount.customerIds === null || (customerId !== null && discount.customerIds.includes(customerId));
}

export interface CheckoutInput {
  lineItemsTotal: string; // shop currency, before discounts
  itemCount: number;
  customerId: string | null;
  country: string | null;
  shippingRate: string;
  code?: string;
}

export interface CheckoutTotals {
  totalDiscounts: string; // order/product discounts, shop currency
  subtotal: string; // line items after discounts
  shipping: string; // after shipping discounts
  code: Discount | null; // the redeemed code discount
  shippingDiscount: Discount | null; // the discount that waived shipping (the code or an automatic one)
}

/** Why checkout would refuse the code, or null when it applies (messages follow Shopify checkout's wording). */
export function codeRejection(shop: ShopState, discount: Discount | undefined, input: CheckoutInput): string | null {
  if (!discount || discountStatus(discount) !== "ACTIVE") return "Enter a valid discount code";
  if (!buyerAllowed(discount, input.customerId)) return `${discount.code} discount code isn’t available to you right now`;
  if (discount.usageLimit !== null && usageCount(shop, discount) >= discount.usageLimit)
    return `${discount.code} discount code isn’t available to you right now`;
  if (discount.appliesOncePerCustomer) {
    const code = discount.code?.toLowerCase();
    const usedBefore = shop.orders.some(
      (order) => order.customerId === input.customerId && order.discountCodes.some((used) => used.toLowerCase() === code),
    );
    if (input.customerId === null || usedBefore) return `${discount.code} discount code isn’t available to you right now`;
  }
  if (discount.minimumSubtotal !== null && toCents(input.lineItemsTotal) < toCents(discount.minimumSubtotal)) {
    return `${discount.code} discount code requires a minimum purchase of ${discount.minimumSubtotal}`;
  }
  if (discount.kind === "code_free_shipping" && !shipsTo(discount, input.country))
    return `${discount.code} discount code isn’t valid for your shipping address`;
  return null;
}

function codeDiscountCents(discount: Discount, input: CheckoutInput): number {
  const total = toCents(input.lineItemsTotal);
  const value = discount.value;
  if (discount.kind !== "code_basic" || !value) return 0;
  if (value.percentage !== undefined) return Math.round(total * value.percentage);
  const amount = toCents(value.amount ?? "0") * (value.appliesOnEachItem ? input.itemCount : 1);
  return Math.min(amount, total);
}

/**
 * Prices a checkout: the code discount (already checked with codeRejection) and the best
 * automatic free-shipping discount, combined only when both sides allow it, as Shopify does.
 */
export function priceCheckout(shop: ShopState, input: CheckoutInput, code: Discount | null): CheckoutTotals {
  const discountCents = code ? codeDiscountCents(code, input) : 0;
  const subtotalCents = toCents(input.lineItemsTotal) - discountCents;
  const automatic = shop.discounts.find(
    (discount) =>
      discount.kind === "automatic_free_shipping" &&
      discountStatus(discount) === "ACTIVE" &&
      buyerAllowed(discount, input.customerId) &&
      shipsTo(discount, input.country) &&
      (discount.minimumSubtotal === null || subtotalCents >= toCents(discount.minimumSubtotal)),
  );
  const combines =
    !automatic ||
    !code ||
    code.kind === "code_free_shipping" ||
    (Boolean(code.combinesWith?.shippingDiscounts) && Boolean(automatic.combinesWith?.orderDiscounts));
  const freeShipping = code?.kind === "code_free_shipping" || (automatic !== undefined && combines);
  return {
    totalDiscounts: fromCents(discountCents),
    subtotal: fromCents(subtotalCents),
    shipping: freeShipping ? "0.00" : input.shippingRate,
    code,
    shippingDiscount: code?.kind === "code_free_shipping" ? code : freeShipping ? (automatic ?? null) : null,
  };
}
