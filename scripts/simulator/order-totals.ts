// Derived order amounts shared by the GraphQL resolvers, webhook payloads and store actions.
import { fromCents, toCents } from "./common";
import type { Order, ShopState } from "./state";

export function totalRefunded(order: Order): string {
  return fromCents(order.refunds.reduce((sum, refund) => sum + toCents(refund.amount), 0));
}

export function currentTotal(order: Order): string {
  return fromCents(toCents(order.totalPrice) - toCents(totalRefunded(order)));
}

export function lineItemsTotal(order: Order): string {
  return fromCents(order.lineItems.reduce((sum, line) => sum + toCents(line.price) * line.quantity, 0));
}

/** What one unit of a line cost after the order's discount, spread over lines by value like Shopify does. */
export function discountedUnitPrice(order: Order, lineItemId: string): string {
  const line = order.lineItems.find((item) => item.id === lineItemId);
  if (!line) throw new Error(`Order ${order.name} has no line item ${lineItemId}`);
  const total = toCents(lineItemsTotal(order));
  const ratio = total === 0 ? 1 : (total - toCents(order.totalDiscounts)) / total;
  return fromCents(Math.round(toCents(line.price) * ratio));
}

/** Money a customer actually paid: captured orders minus refunds, in shop currency. */
export function amountSpent(shop: ShopState, customerId: string): string {
  const paid = shop.orders.filter(
    (order) => order.customerId === customerId && order.financialStatus !== "PENDING" && order.financialStatus !== "VOIDED",
  );
  return fromCents(paid.reduce((sum, order) => sum + toCents(currentTotal(order)), 0));
}

export function customerOrderCount(shop: ShopState, customerId: string): number {
  return shop.orders.filter((order) => order.customerId === customerId).length;
}

/**
 * The tax in an amount at `rate`, rounded to the cent: added on top of tax-exclusive prices, or
 * the part of a tax-inclusive price that is tax (a 24% VAT price of 12.40 holds 2.40 of tax).
 */
export function taxOn(amount: string, rate: number, included: boolean): string {
  const cents = toCents(amount);
  return fromCents(Math.round(included ? (cents * rate) / (1 + rate) : cents * rate));
}

/** What refunds took back so far, by what they refunded: line subtotals and the tax on them. */
export function refundedLines(order: Order): { subtotal: string; tax: string; discount: string } {
  let subtotal = 0;
  let tax = 0;
  let discount = 0;
  for (const line of order.refunds.flatMap((refund) => refund.lineItems)) {
    subtotal += toCents(line.subtotal);
    tax += toCents(line.tax);
    const item = order.lineItems.find((candidate) => candidate.id === line.lineItemId);
    if (item) discount += (toCents(item.price) - toCents(discountedUnitPrice(order, item.id))) * line.quantity;
  }
  return { subtotal: fromCents(subtotal), tax: fromCents(tax), discount: fromCents(discount) };
}
