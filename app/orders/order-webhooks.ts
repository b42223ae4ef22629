// Shopify's REST webhook payloads for orders and refunds, validated and mapped to
// the app's Order and Refund rows. Pure functions: no database, no framework.
import { z } from "zod";

const moneySet = z.object({
  shop_money: z.object({ amount: z.string(), currency_code: z.string() }),
  presentment_money: z.object({ amount: z.string(), currency_code: z.string() }),
});

export const OrderPayload = z.object({
  id: z.number(),
  admin_graphql_api_id: z.string(),
  name: z.string(),
  email: z.string().nullish(),
  customer: z
    .object({
      admin_graphql_api_id: z.string(),
      first_name: z.string().nullish(),
      email_marketing_consent: z.object({ state: z.string() }).nullish(),
    })
    .nullish(),
  customer_locale: z.string().nullish(),
  buyer_accepts_marketing: z.boolean().nullish(),
  currency: z.string(),
  presentment_currency: z.string(),
  total_price_set: moneySet,
  subtotal_price_set: moneySet,
  total_shipping_price_set: moneySet.nullish(),
  total_tax_set: moneySet.nullish(),
  total_discounts_set: moneySet.nullish(),
  discount_codes: z.array(z.object({ code: z.string() })).nullish(),
  shipping_address: z.object({ country_code: z.string().nullish() }).nullish(),
  financial_status: z.string().nullish(),
  processed_at: z.string(),
  cancelled_at: z.string().nullish(),
  line_items: z.array(
    z.object({
      admin_graphql_api_id: z.string(),
      product_id: z.number().nullish(),
      variant_id: z.number().nullish(),
      title: z.string(),
      quantity: z.number(),
      price_set: moneySet,
    }),
  ),
});
export type OrderPayload = z.infer<typeof OrderPayload>;

export interface OrderLine {
  lineItemId: string;
  productId: string | null;
  variantId: string | null;
  title: string;
  quantity: number;
  price: string; // per unit, shop currency
}

export function orderRowFromPayload(shop: string, order: OrderPayload) {
  const lines: OrderLine[] = order.line_items.map((item) => ({
    lineItemId: item.admin_graphql_api_id,
    productId: item.product_id ? `gid://shopify/Product/${item.product_id}` : null,
    variantId: item.variant_id ? `gid://shopify/ProductVariant/${item.variant_id}` : null,
    title: item.title,
    quantity: item.quantity,
    price: item.price_set.shop_money.amount,
  }));
  return {
    id: order.admin_graphql_api_id,
    shop,
    name: order.name,
    email: order.email ?? null,
    customerId: order.customer?.admin_graphql_api_id ?? null,
    customerFirstName: order.customer?.first_name || null,
    customerLocale: order.customer_locale ?? null,
    // Consent as the customer record holds it now, else what the buyer ticked at checkout.
    acceptsMarketing: order.customer?.email_marketing_consent
      ? order.customer.email_marketing_consent.state === "subscribed"
      : (order.buyer_accepts_marketing ?? false),
    currencyCode: order.currency,
    presentmentCurrencyCode: order.presentment_currency,
    totalPrice: order.total_price_set.shop_money.amount,
    presentmentTotalPrice: order.total_price_set.presentment_money.amount,
    subtotalPrice: order.subtotal_price_set.shop_money.amount,
    totalShipping: order.total_shipping_price_set?.shop_money.amount ?? "0.00",
    totalTax: order.total_tax_set?.shop_money.amount ?? "0.00",
    totalDiscounts: order.total_discounts_set?.shop_money.amount ?? "0.00",
    discountCodes: JSON.stringify((order.discount_codes ?? []).map((discount) => discount.code)),
    shippingCountry: order.shipping_address?.country_code?.toUpperCase() || null,
    financialStatus: (order.financial_status ?? "pending").toLowerCase(),
    lineItems: JSON.stringify(lines),
    processedAt: new Date(order.processed_at),
    cancelledAt: order.cancelled_at ? new Date(order.cancelled_at) : null,
  };
}

export const RefundPayload = z.object({
  id: z.number(),
  admin_graphql_api_id: z.string().optional(),
  order_id: z.number(),
  created_at: z.string(),
  refund_line_items: z.array(
    z.object({ line_item_id: z.number(), quantity: z.number(), subtotal_set: moneySet.optional(), subtotal: z.union([z.string(), z.number()]).optional() }),
  ),
  transactions: z.array(
    z.object({ amount: z.string(), currency: z.string().nullish(), kind: z.string(), status: z.string().nullish() }),
  ),
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
  // Refunds to store credit arrive as transactions too; failed transactions moved no money.
  // Transactions are in the currency the customer paid in; the app accounts in shop currency
  // at the order's own rate, so a full refund always equals the order total.
  const presentmentCents = refund.transactions
    .filter((t) => t.kind === "refund" && t.status !== "failure" && t.status !== "error")
    .reduce((sum, t) => sum + toCents(t.amount), 0);
  const sameCurrency = order.presentmentCurrencyCode === order.currencyCode;
  const shopTotal = toCents(order.totalPrice);
  const presentmentTotal = toCents(order.presentmentTotalPrice);
  const amount =
    sameCurrency || presentmentTotal === 0
      ? presentmentCents
      : Math.round((presentmentCents * shopTotal) / presentmentTotal);
  return {
    id: refund.admin_graphql_api_id ?? `gid://shopify/Refund/${refund.id}`,
    shop,
    orderId: `gid://shopify/Order/${refund.order_id}`,
    amount: fromCents(amount),
    lineItems: JSON.stringify(
      refund.refund_line_items.map((line) => ({
        lineItemId: `gid://shopify/LineItem/${line.line_item_id}`,
        quantity: line.quantity,
        subtotal: line.subtotal_set?.shop_money.amount ?? String(line.subtotal ?? "0"),
      })),
    ),
    createdAt: new Date(refund.created_at),
  };
}

export function toCents(amount: string): number {
  return Math.round(Number(amount) * 100);
}

export function fromCents(cents: number): string {
  return (cents / 100).toFixed(2);
}

export const FulfillmentEventPayload = z.object({
  order_id: z.number(),
  status: z.string(),
  happened_at: z.string().nullish(),
  created_at: z.string(),
});
