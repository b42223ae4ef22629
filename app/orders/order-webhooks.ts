// Shopify's REST webhook payloads for orders and refunds, validated and mapped to
// the app's Order and Refund rows. Pure functions: no database, no framework.
// The same schemas check each body when the webhook arrives (app/webhooks/accept.server.ts), so a body
// the jobs could not read is refused there, with the reason, and never becomes a job.
import { z } from "zod";
import { fromMinorUnits, toMinorUnits } from "../lib/money";
import { currencyCode, gid, moneyAmount, moneySet, quantity, shopifyId, timestamp } from "../webhooks/fields";
import type { OrderLine, RefundLine } from "./order-lines";

// The fields the app reads, named and typed as in Shopify's documented samples
// (tests/fixtures/shopify-webhooks/2026-04/orders/*.json). An app without protected customer data
// approval receives no `email` and no customer names: those keys are missing, not null.
export const OrderPayload = z.object({
  id: shopifyId,
  admin_graphql_api_id: gid("Order"),
  name: z.string(),
  email: z.string().nullish(),
  // null for a guest checkout. Email marketing consent is not here: order webhooks stopped
  // carrying customer.email_marketing_consent in API 2025-01 (see app/emails/consent.server.ts).
  customer: z.object({ admin_graphql_api_id: gid("Customer"), first_name: z.string().nullish() }).nullish(),
  customer_locale: z.string().nullish(),
  buyer_accepts_marketing: z.boolean().nullish(),
  test: z.boolean(),
  currency: currencyCode,
  presentment_currency: currencyCode,
  // "Whether taxes are included in the subtotal price of the order" (Order.taxesIncluded).
  taxes_included: z.boolean(),
  total_price_set: moneySet,
  subtotal_price_set: moneySet,
  // After shipping discounts (and shipping refunds); total_shipping_price_set is before discounts.
  current_shipping_price_set: moneySet,
  total_tax_set: moneySet.nullish(),
  total_discounts_set: moneySet.nullish(),
  discount_codes: z.array(z.object({ code: z.string() })).nullish(),
  shipping_address: z.object({ country_code: z.string().nullish() }).nullish(),
  shipping_lines: z.array(z.object({ tax_lines: z.array(z.object({ price_set: moneySet })) })).default([]),
  financial_status: z.string().nullish(),
  fulfillment_status: z.string().nullish(),
  fulfillments: z.array(z.object({ status: z.string(), created_at: timestamp })).default([]),
  processed_at: timestamp,
  updated_at: timestamp,
  cancelled_at: timestamp.nullish(),
  line_items: z.array(
    z.object({
      admin_graphql_api_id: gid("LineItem"),
      product_id: shopifyId.nullish(),
      variant_id: shopifyId.nullish(),
      title: z.string(),
      quantity,
      price_set: moneySet,
    }),
  ),
});
export type OrderPayload = z.infer<typeof OrderPayload>;

export function orderRowFromPayload(shop: string, order: OrderPayload) {
  const lines: OrderLine[] = order.line_items.map((item) => ({
    lineItemId: item.admin_graphql_api_id,
    productId: item.product_id ? `gid://shopify/Product/${item.product_id}` : null,
    variantId: item.variant_id ? `gid://shopify/ProductVariant/${item.variant_id}` : null,
    title: item.title,
    quantity: item.quantity,
    price: item.price_set.shop_money.amount,
  }));
  const shippingTax = order.shipping_lines
    .flatMap((line) => line.tax_lines)
    .reduce((sum, tax) => sum + toMinorUnits(tax.price_set.shop_money.amount, order.currency), 0);
  return {
    id: order.admin_graphql_api_id,
    shop,
    name: order.name,
    email: order.email || null,
    customerId: order.customer?.admin_graphql_api_id ?? null,
    customerFirstName: order.customer?.first_name || null,
    customerLocale: order.customer_locale ?? null,
    acceptsMarketing: order.buyer_accepts_marketing ?? false,
    currencyCode: order.currency,
    presentmentCurrencyCode: order.presentment_currency,
    totalPrice: order.total_price_set.shop_money.amount,
    presentmentTotalPrice: order.total_price_set.presentment_money.amount,
    subtotalPrice: order.subtotal_price_set.shop_money.amount,
    taxesIncluded: order.taxes_included,
    // The one shop-level shipping figure after shipping discounts. Shopify's current_* amounts also
    // drop what was refunded, but shipping only feeds points, which are earned once when the order
    // is paid (before any refund) and reversed through the refunds themselves.
    totalShipping: order.current_shipping_price_set.shop_money.amount,
    shippingTax: fromMinorUnits(shippingTax, order.currency),
    totalTax: order.total_tax_set?.shop_money.amount ?? "0.00",
    totalDiscounts: order.total_discounts_set?.shop_money.amount ?? "0.00",
    discountCodes: (order.discount_codes ?? []).map((discount) => discount.code),
    shippingCountry: order.shipping_address?.country_code?.toUpperCase() || null,
    financialStatus: (order.financial_status ?? "pending").toLowerCase(),
    lineItems: lines,
    processedAt: new Date(order.processed_at),
    cancelledAt: order.cancelled_at ? new Date(order.cancelled_at) : null,
  };
}

const PAID_STATUSES = ["paid", "partially_refunded", "refunded"];

/**
 * When the order was paid and fulfilled, from the order's own timestamps: never the time the
 * webhook happens to be processed, so an order paid months before the app was installed (or
 * imported with its original date) is not taken for one paid today.
 * - Paid: processed_at, "the date that appears on your orders": when a checkout was paid, or an
 *   imported order's original date. A missed orders/paid must not cost the order its emails, so a
 *   later event whose financial status says paid counts too.
 * - Fulfilled: when the last successful fulfillment was created (the one that completed the
 *   order); updated_at, the fulfilment event's time, when the payload lists none.
 */
export function orderMilestones(topic: string, order: OrderPayload): { paidAt?: Date; fulfilledAt?: Date } {
  const paid = topic === "orders/paid" || PAID_STATUSES.includes((order.financial_status ?? "").toLowerCase());
  const fulfilled = topic === "orders/fulfilled" || order.fulfillment_status === "fulfilled";
  const shipped = order.fulfillments
    .filter((fulfillment) => fulfillment.status === "success")
    .map((fulfillment) => Date.parse(fulfillment.created_at));
  return {
    ...(paid ? { paidAt: new Date(order.processed_at) } : {}),
    ...(fulfilled ? { fulfilledAt: new Date(shipped.length > 0 ? Math.max(...shipped) : Date.parse(order.updated_at)) } : {}),
  };
}

export const RefundPayload = z.object({
  id: shopifyId,
  admin_graphql_api_id: gid("Refund"),
  order_id: shopifyId,
  created_at: timestamp,
  refund_line_items: z.array(
    z.object({
      line_item_id: shopifyId,
      quantity,
      subtotal_set: moneySet,
      total_tax_set: moneySet,
    }),
  ),
  transactions: z.array(z.object({ amount: moneyAmount, kind: z.string(), status: z.string().nullish(), test: z.boolean() })),
});
export type RefundPayload = z.infer<typeof RefundPayload>;

/** The recorded order a refund belongs to: its totals in both currencies. */
export interface RefundedOrder {
  currencyCode: string;
  presentmentCurrencyCode: string;
  totalPrice: string;
  presentmentTotalPrice: string;
}

export function refundRowFromPayload(shop: string, refund: RefundPayload, order: RefundedOrder) {
  // refunds/create "occurs whenever a new refund is created without errors on an order,
  // independent from the movement of money": the money is in its transactions, refunds to store
  // credit included. A pending transaction (a bank refund not settled yet) counts: the merchant
  // has refunded, and no webhook the app receives would report it later. Failed ones
  // (failure, error) moved nothing.
  // Transactions are in the currency the customer paid in; the app accounts in shop currency
  // at the order's own rate, so a full refund always equals the order total.
  const presentmentRefunded = refund.transactions
    .filter((t) => t.kind === "refund" && t.status !== "failure" && t.status !== "error")
    .reduce((sum, t) => sum + toMinorUnits(t.amount, order.presentmentCurrencyCode), 0);
  const sameCurrency = order.presentmentCurrencyCode === order.currencyCode;
  const shopTotal = toMinorUnits(order.totalPrice, order.currencyCode);
  const presentmentTotal = toMinorUnits(order.presentmentTotalPrice, order.presentmentCurrencyCode);
  const amount =
    sameCurrency || presentmentTotal === 0 ? presentmentRefunded : Math.round((presentmentRefunded * shopTotal) / presentmentTotal);
  return {
    id: refund.admin_graphql_api_id,
    shop,
    orderId: `gid://shopify/Order/${refund.order_id}`,
    amount: fromMinorUnits(amount, order.currencyCode),
    lineItems: refund.refund_line_items.map((line): RefundLine => ({
      lineItemId: `gid://shopify/LineItem/${line.line_item_id}`,
      quantity: line.quantity,
      subtotal: line.subtotal_set.shop_money.amount,
      tax: line.total_tax_set.shop_money.amount,
    })),
    createdAt: new Date(refund.created_at),
  };
}

export const FulfillmentEventPayload = z.object({
  order_id: shopifyId,
  status: z.string(),
  happened_at: timestamp.nullish(),
  created_at: timestamp,
});
