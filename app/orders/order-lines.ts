// The JSON the app keeps on its Order and Refund rows (Order.lineItems, Order.discountCodes,
// Refund.lineItems), with one reader each. The rows are written from validated webhooks
// (order-webhooks.ts); reading them through these schemas keeps a malformed row from being
// taken for an order with no lines.
import { z } from "zod";

export const OrderLine = z.object({
  lineItemId: z.string(), // Shopify LineItem GID
  productId: z.string().nullable(), // null for a custom item or a deleted product
  variantId: z.string().nullable(),
  title: z.string(),
  quantity: z.number().int(),
  price: z.string(), // per unit, shop currency
});
export type OrderLine = z.infer<typeof OrderLine>;

export const RefundLine = z.object({
  lineItemId: z.string(),
  quantity: z.number().int(),
  subtotal: z.string(), // shop currency: what the units cost after discounts (with their tax when the order's taxesIncluded)
  tax: z.string().optional(), // shop currency: the units' tax (rows recorded before it was kept have none)
});
export type RefundLine = z.infer<typeof RefundLine>;

const OrderLines = z.array(OrderLine);
const RefundLines = z.array(RefundLine);
const DiscountCodes = z.array(z.string());

/** The order's line items. */
export const orderLines = (order: { lineItems: unknown }): OrderLine[] => OrderLines.parse(order.lineItems);

/** The refunded line items of a refund. */
export const refundLines = (refund: { lineItems: unknown }): RefundLine[] => RefundLines.parse(refund.lineItems);

/** The discount codes used at checkout. */
export const discountCodes = (order: { discountCodes: unknown }): string[] => DiscountCodes.parse(order.discountCodes);
