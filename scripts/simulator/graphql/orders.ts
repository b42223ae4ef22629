// Orders and their line items.
import { convert, fromCents, shopifyDecimal, toCents } from "../common";
import { numericId, type Order } from "../state";
import { currentTotal, totalRefunded } from "../order-totals";
import { paginate, type ConnectionArgs } from "./connection";
import type { AdminContext, ResolverModule, Root, TypeResolvers } from "./context";
import { metafieldFields } from "./metafields";
import { findVariant, type LineItemSource } from "./nodes";
import { filterByQuery, sorterFor } from "./search";

const regionNames = new Intl.DisplayNames(["en"], { type: "region" });

/** A MoneyBag from a shop-currency amount: the presentment side uses the order's exchange rate. */
function moneyBag(order: Order, amount: string) {
  return {
    shopMoney: { amount: shopifyDecimal(amount), currencyCode: order.currencyCode },
    presentmentMoney: { amount: shopifyDecimal(convert(amount, order.presentmentRate)), currencyCode: order.presentmentCurrencyCode },
  };
}

const byProcessedAt = (a: Order, b: Order) => a.processedAt.localeCompare(b.processedAt) || numericId(a.id) - numericId(b.id);
const ORDER_SORTERS: Record<string, (a: Order, b: Order) => number> = {
  ID: (a, b) => numericId(a.id) - numericId(b.id),
  CREATED_AT: byProcessedAt, // orders are created when they are processed: the simulator has no drafts
  PROCESSED_AT: byProcessedAt,
};

function orders(_root: Root, args: ConnectionArgs & { query?: string | null; sortKey: string }, ctx: AdminContext) {
  const matching = filterByQuery(
    ctx.shop.orders,
    args.query,
    {
      id: (o) => numericId(o.id),
      name: (o) => [o.name, o.name.replace(/^#/, "")],
      email: (o) => o.email,
      customer_id: (o) => (o.customerId ? numericId(o.customerId) : null),
      financial_status: (o) => o.financialStatus.toLowerCase(),
      fulfillment_status: (o) => (o.fulfillmentStatus === "FULFILLED" ? ["fulfilled", "shipped"] : ["unfulfilled", "unshipped"]),
      status: (o) => (o.cancelledAt ? "cancelled" : "open"),
      created_at: (o) => o.processedAt,
      processed_at: (o) => o.processedAt,
      discount_code: (o) => o.discountCodes,
    },
    (o) => [o.name, o.email ?? ""],
  );
  return paginate(matching.sort(sorterFor("OrderSortKeys", ORDER_SORTERS, args.sortKey)), args, (o) => o.id);
}

const OrderType: TypeResolvers<Order> = {
  createdAt: (order: Order) => order.processedAt,
  displayFinancialStatus: (order: Order) => order.financialStatus,
  displayFulfillmentStatus: (order: Order) => order.fulfillmentStatus,
  customer: (order: Order, _args: unknown, ctx: AdminContext) => ctx.shop.customers.find((c) => c.id === order.customerId) ?? null,
  customerLocale: (order: Order, _args: unknown, ctx: AdminContext) =>
    ctx.shop.customers.find((c) => c.id === order.customerId)?.locale ?? ctx.shop.primaryLocale,
  totalPriceSet: (order: Order) => moneyBag(order, order.totalPrice),
  currentTotalPriceSet: (order: Order) => moneyBag(order, currentTotal(order)),
  subtotalPriceSet: (order: Order) => moneyBag(order, order.subtotalPrice),
  totalShippingPriceSet: (order: Order) => moneyBag(order, order.totalShipping),
  totalTaxSet: (order: Order) => moneyBag(order, order.totalTax),
  totalDiscountsSet: (order: Order) => moneyBag(order, order.totalDiscounts),
  totalRefundedSet: (order: Order) => moneyBag(order, totalRefunded(order)),
  lineItems: (order: Order, args: ConnectionArgs) =>
    paginate(
      order.lineItems.map((item): LineItemSource => ({ ...item, order })),
      args,
      (item) => item.id,
    ),
  shippingAddress: (order: Order) =>
    order.shippingCountryCode
      ? { countryCodeV2: order.shippingCountryCode, country: regionNames.of(order.shippingCountryCode) ?? order.shippingCountryCode }
      : null,
  ...metafieldFields<Order>((order) => order.id),
};

const LineItemType: TypeResolvers<LineItemSource> = {
  name: (item: LineItemSource, _args: unknown, ctx: AdminContext) => {
    const variantTitle = findVariant(ctx.shop, item.variantId)?.variant.title;
    return variantTitle && variantTitle !== "Default Title" ? `${item.title} - ${variantTitle}` : item.title;
  },
  sku: (item: LineItemSource, _args: unknown, ctx: AdminContext) => findVariant(ctx.shop, item.variantId)?.variant.sku ?? null,
  variantTitle: (item: LineItemSource, _args: unknown, ctx: AdminContext) => findVariant(ctx.shop, item.variantId)?.variant.title ?? null,
  product: (item: LineItemSource, _args: unknown, ctx: AdminContext) => ctx.shop.products.find((p) => p.id === item.productId) ?? null,
  variant: (item: LineItemSource, _args: unknown, ctx: AdminContext) => findVariant(ctx.shop, item.variantId)?.variant ?? null,
  originalUnitPriceSet: (item: LineItemSource) => moneyBag(item.order, fromCents(toCents(item.price))),
};

export const orderResolvers: ResolverModule = {
  fields: {
    QueryRoot: {
      order: (_root: Root, { id }: { id: string }, ctx: AdminContext) => ctx.shop.orders.find((o) => o.id === id) ?? null,
      orders,
    },
    Order: OrderType,
    LineItem: LineItemType,
  },
};
