// Webhook bodies in Shopify's REST shape (snake_case, numeric `id` plus `admin_graphql_api_id`),
// built from simulator state. Money is in shop currency with `_set` fields adding presentment.
import { convert, fromCents, shopGid, stableNumber, toCents } from "./common";
import { findCodeDiscount } from "./discount-rules";
import { currentTotal, discountedUnitPrice, lineItemsTotal, totalRefunded } from "./order-totals";
import { numericId, type Customer, type LineItem, type Order, type Refund, type ShopState } from "./state";

function moneySet(order: Order, amount: string) {
  return {
    shop_money: { amount: fromCents(toCents(amount)), currency_code: order.currencyCode },
    presentment_money: { amount: convert(amount, order.presentmentRate), currency_code: order.presentmentCurrencyCode },
  };
}

function findVariantTitle(shop: ShopState, line: LineItem): { title: string | null; sku: string | null; vendor: string | null } {
  const product = shop.products.find((candidate) => candidate.id === line.productId);
  const variant = product?.variants.find((candidate) => candidate.id === line.variantId);
  return { title: variant?.title ?? null, sku: variant?.sku ?? null, vendor: product?.vendor ?? null };
}

function lineItemPayload(shop: ShopState, order: Order, line: LineItem) {
  const { title: variantTitle, sku, vendor } = findVariantTitle(shop, line);
  const discountCents = (toCents(line.price) - toCents(discountedUnitPrice(order, line.id))) * line.quantity;
  const refunded = order.refunds.flatMap((refund) => refund.lineItems).filter((item) => item.lineItemId === line.id).reduce((sum, item) => sum + item.quantity, 0);
  const fulfilled = order.fulfillmentStatus === "FULFILLED";
  return {
    id: numericId(line.id),
    admin_graphql_api_id: line.id,
    product_id: numericId(line.productId),
    variant_id: numericId(line.variantId),
    title: line.title,
    name: variantTitle && variantTitle !== "Default Title" ? `${line.title} - ${variantTitle}` : line.title,
    variant_title: variantTitle === "Default Title" ? null : variantTitle,
    vendor,
    sku,
    quantity: line.quantity,
    current_quantity: line.quantity - refunded,
    fulfillable_quantity: fulfilled || order.cancelledAt ? 0 : line.quantity - refunded,
    fulfillment_status: fulfilled ? "fulfilled" : null,
    fulfillment_service: "manual",
    price: fromCents(toCents(line.price)),
    price_set: moneySet(order, line.price),
    total_discount: "0.00",
    total_discount_set: moneySet(order, "0"),
    discount_allocations:
      discountCents > 0 ? [{ amount: fromCents(discountCents), amount_set: moneySet(order, fromCents(discountCents)), discount_application_index: 0 }] : [],
    gift_card: false,
    grams: 0,
    product_exists: true,
    properties: [],
    requires_shipping: true,
    taxable: true,
    tax_lines: [],
    duties: [],
  };
}

/** The REST customer as embedded in orders and sent with customers/create. */
export function customerPayload(shop: ShopState, customer: Customer) {
  const consent = { SUBSCRIBED: "subscribed", NOT_SUBSCRIBED: "not_subscribed", UNSUBSCRIBED: "unsubscribed" }[customer.emailMarketingConsent];
  return {
    id: numericId(customer.id),
    admin_graphql_api_id: customer.id,
    email: customer.email,
    first_name: customer.firstName,
    last_name: customer.lastName,
    created_at: customer.createdAt,
    updated_at: customer.createdAt,
    state: "enabled",
    note: null,
    verified_email: true,
    multipass_identifier: null,
    tax_exempt: false,
    tax_exemptions: [],
    phone: null,
    tags: "",
    currency: shop.currencyCode,
    email_marketing_consent: { state: consent, opt_in_level: "single_opt_in", consent_updated_at: null },
    sms_marketing_consent: null,
    default_address: null,
  };
}

function discountCodesPayload(shop: ShopState, order: Order, shippingRate: string) {
  return order.discountCodes.map((code) => {
    const discount = findCodeDiscount(shop, code);
    if (discount?.kind === "code_free_shipping") {
      // A free-shipping code is worth the shipping it waived.
      return { code, amount: fromCents(toCents(shippingRate) - toCents(order.totalShipping)), type: "shipping" };
    }
    return { code, amount: fromCents(toCents(order.totalDiscounts)), type: discount?.value?.percentage !== undefined ? "percentage" : "fixed_amount" };
  });
}

export function refundPayload(shop: ShopState, order: Order, refund: Refund) {
  const refundNumber = numericId(refund.id);
  return {
    id: refundNumber,
    admin_graphql_api_id: refund.id,
    order_id: numericId(order.id),
    created_at: refund.createdAt,
    processed_at: refund.createdAt,
    note: refund.note ?? null,
    user_id: null,
    restock: false,
    duties: [],
    total_duties_set: moneySet(order, "0"),
    return: null,
    refund_shipping_lines: [],
    order_adjustments: [],
    refund_line_items: refund.lineItems.map((item) => {
      const line = order.lineItems.find((candidate) => candidate.id === item.lineItemId);
      return {
        id: stableNumber(`${refund.id}:${item.lineItemId}`),
        line_item_id: numericId(item.lineItemId),
        quantity: item.quantity,
        location_id: null,
        restock_type: "no_restock",
        subtotal: Number(item.subtotal), // a JSON number here, unlike the string amounts elsewhere
        subtotal_set: moneySet(order, item.subtotal),
        total_tax: 0,
        total_tax_set: moneySet(order, "0"),
        line_item: line ? lineItemPayload(shop, order, line) : null,
      };
    }),
    // Transactions move money in the currency the customer paid in.
    transactions: [
      {
        id: stableNumber(`${refund.id}:transaction`),
        admin_graphql_api_id: `gid://shopify/OrderTransaction/${stableNumber(`${refund.id}:transaction`)}`,
        order_id: numericId(order.id),
        kind: "refund",
        gateway: "shopify_payments",
        status: "success",
        message: "Transaction approved",
        created_at: refund.createdAt,
        processed_at: refund.createdAt,
        test: false,
        authorization: null,
        parent_id: null,
        location_id: null,
        user_id: null,
        device_id: null,
        error_code: null,
        source_name: "web",
        receipt: {},
        amount: convert(refund.amount, order.presentmentRate),
        currency: order.presentmentCurrencyCode,
        manual_payment_gateway: false,
      },
    ],
  };
}

export function orderPayload(shop: ShopState, order: Order, shippingRate: string) {
  const customer = shop.customers.find((candidate) => candidate.id === order.customerId) ?? null;
  const current = currentTotal(order);
  const currentSubtotal = fromCents(Math.max(0, toCents(order.subtotalPrice) - toCents(totalRefunded(order))));
  const orderNumber = Number(order.name.replace(/\D/g, ""));
  return {
    id: numericId(order.id),
    admin_graphql_api_id: order.id,
    name: order.name,
    order_number: orderNumber,
    number: orderNumber - 1000,
    email: order.email,
    contact_email: order.email,
    customer: customer ? customerPayload(shop, customer) : null,
    customer_locale: customer?.locale ?? shop.primaryLocale,
    buyer_accepts_marketing: customer?.emailMarketingConsent === "SUBSCRIBED",
    currency: order.currencyCode,
    presentment_currency: order.presentmentCurrencyCode,
    created_at: order.processedAt,
    updated_at: order.cancelledAt ?? order.processedAt,
    processed_at: order.processedAt,
    cancelled_at: order.cancelledAt,
    cancel_reason: order.cancelledAt ? "customer" : null,
    closed_at: null,
    confirmed: true,
    test: false,
    source_name: "web",
    financial_status: order.financialStatus.toLowerCase(),
    fulfillment_status: order.fulfillmentStatus === "FULFILLED" ? "fulfilled" : null,
    taxes_included: false,
    estimated_taxes: false,
    tags: "",
    note: null,
    total_line_items_price: lineItemsTotal(order),
    total_line_items_price_set: moneySet(order, lineItemsTotal(order)),
    subtotal_price: fromCents(toCents(order.subtotalPrice)),
    subtotal_price_set: moneySet(order, order.subtotalPrice),
    total_discounts: fromCents(toCents(order.totalDiscounts)),
    total_discounts_set: moneySet(order, order.totalDiscounts),
    total_shipping_price_set: moneySet(order, order.totalShipping),
    total_tax: fromCents(toCents(order.totalTax)),
    total_tax_set: moneySet(order, order.totalTax),
    total_price: fromCents(toCents(order.totalPrice)),
    total_price_set: moneySet(order, order.totalPrice),
    current_total_price: current,
    current_total_price_set: moneySet(order, current),
    current_subtotal_price: currentSubtotal,
    current_subtotal_price_set: moneySet(order, currentSubtotal),
    total_outstanding: "0.00",
    total_weight: 0,
    discount_codes: discountCodesPayload(shop, order, shippingRate),
    line_items: order.lineItems.map((line) => lineItemPayload(shop, order, line)),
    shipping_address: order.shippingCountryCode ? { country_code: order.shippingCountryCode } : null,
    shipping_lines: [
      {
        id: stableNumber(`${order.id}:shipping`),
        title: "Standard",
        code: "Standard",
        source: "shopify",
        price: fromCents(toCents(shippingRate)),
        price_set: moneySet(order, shippingRate),
        discounted_price: fromCents(toCents(order.totalShipping)),
        discounted_price_set: moneySet(order, order.totalShipping),
      },
    ],
    fulfillments: order.fulfillments.map((fulfillment) => ({
      id: numericId(fulfillment.id),
      admin_graphql_api_id: fulfillment.id,
      order_id: numericId(order.id),
      status: "success",
      shipment_status: fulfillment.deliveredAt ? "delivered" : null,
      created_at: fulfillment.createdAt,
    })),
    refunds: order.refunds.map((refund) => refundPayload(shop, order, refund)),
  };
}

export function fulfillmentEventPayload(shop: ShopState, order: Order, fulfillment: Order["fulfillments"][number]) {
  const eventNumber = stableNumber(`${fulfillment.id}:delivered`);
  const happenedAt = fulfillment.deliveredAt ?? fulfillment.createdAt;
  return {
    id: eventNumber,
    admin_graphql_api_id: `gid://shopify/FulfillmentEvent/${eventNumber}`,
    fulfillment_id: numericId(fulfillment.id),
    order_id: numericId(order.id),
    shop_id: numericId(shopGid(shop)),
    status: "delivered",
    message: null,
    happened_at: happenedAt,
    created_at: happenedAt,
    updated_at: happenedAt,
    estimated_delivery_at: null,
    address1: null,
    city: null,
    province: null,
    zip: null,
    country: null,
    latitude: null,
    longitude: null,
  };
}

function timezoneLabel(ianaTimezone: string): string {
  const offset = new Intl.DateTimeFormat("en-US", { timeZone: ianaTimezone, timeZoneName: "longOffset" })
    .formatToParts(new Date())
    .find((part) => part.type === "timeZoneName")?.value;
  return `(${offset === "GMT" ? "GMT+00:00" : offset}) ${ianaTimezone}`;
}

/** The shop object app/uninstalled carries (the REST Shop resource, fields the simulator knows). */
export function shopPayload(shop: ShopState) {
  return {
    id: numericId(shopGid(shop)),
    name: shop.name,
    email: shop.email,
    customer_email: shop.email,
    domain: shop.domain,
    myshopify_domain: shop.domain,
    primary_locale: shop.primaryLocale,
    currency: shop.currencyCode,
    enabled_presentment_currencies: shop.enabledPresentmentCurrencies,
    timezone: timezoneLabel(shop.ianaTimezone),
    iana_timezone: shop.ianaTimezone,
    money_format: shop.moneyFormat,
    money_with_currency_format: `${shop.moneyFormat} ${shop.currencyCode}`,
    money_in_emails_format: shop.moneyFormat,
    money_with_currency_in_emails_format: `${shop.moneyFormat} ${shop.currencyCode}`,
    plan_name: "partner_test",
    plan_display_name: "Development",
    has_discounts: shop.discounts.length > 0,
    has_storefront: true,
    password_enabled: false,
  };
}

function customerIdentity(customer: Customer) {
  return { id: numericId(customer.id), email: customer.email, phone: null };
}

const customerOrderIds = (shop: ShopState, customer: Customer) =>
  shop.orders.filter((order) => order.customerId === customer.id).map((order) => numericId(order.id));

export function customersDataRequestPayload(shop: ShopState, customer: Customer, dataRequestId: number) {
  return {
    shop_id: numericId(shopGid(shop)),
    shop_domain: shop.domain,
    orders_requested: customerOrderIds(shop, customer),
    customer: customerIdentity(customer),
    data_request: { id: dataRequestId },
  };
}

export function customersRedactPayload(shop: ShopState, customer: Customer) {
  return {
    shop_id: numericId(shopGid(shop)),
    shop_domain: shop.domain,
    customer: customerIdentity(customer),
    orders_to_redact: customerOrderIds(shop, customer),
  };
}

export function shopRedactPayload(shop: ShopState) {
  return { shop_id: numericId(shopGid(shop)), shop_domain: shop.domain };
}
