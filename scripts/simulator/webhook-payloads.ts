// Webhook bodies as Shopify sends them for API 2026-10, built from simulator state. Every body
// has the keys and JSON types of Shopify's documented sample for its topic (the newest version
// published, 2026-04: tests/fixtures/shopify-webhooks/), and webhook-payloads.test.ts fails when
// one drifts. Money is in shop currency with `_set` fields adding the presentment side.
import { createHash } from "node:crypto";
import { convert, fromCents, shopGid, shopifyDecimal, stableNumber, toCents } from "./common";
import { findCodeDiscount } from "./discount-rules";
import { currentTotal, discountedUnitPrice, lineItemsTotal, refundedLines } from "./order-totals";
import { numericId, type Customer, type LineItem, type Order, type Refund, type ShopState } from "./state";

type Json = Record<string, unknown>;

const regionNames = new Intl.DisplayNames(["en"], { type: "region" });

function moneySet(order: Order, amount: string) {
  return {
    shop_money: { amount: fromCents(toCents(amount)), currency_code: order.currencyCode },
    presentment_money: { amount: convert(amount, order.presentmentRate), currency_code: order.presentmentCurrencyCode },
  };
}

/**
 * Without protected customer data approval Shopify leaves names, emails, phones and street
 * addresses out of webhook bodies: the keys are missing, not null (a real orders webhook to such
 * an app: tests/fixtures/shopify-webhooks/exemplars/2025-04/orders/1.json).
 */
const approved = (shop: ShopState) => shop.protectedCustomerData !== false;
const only = (allowed: boolean, fields: Json): Json => (allowed ? fields : {});

/** Test orders are paid through Shopify's Bogus Gateway. */
const paymentGateway = (order: Order) => (order.test ? "bogus" : "shopify_payments");

/** Where simulated buyers live: the simulator keeps only the country of an order's address. */
const STREET_ADDRESSES: Record<
  string,
  { address1: string; city: string; zip: string; province: string | null; province_code: string | null }
> = {
  GR: { address1: "Ermou 15", city: "Athens", zip: "105 63", province: null, province_code: null },
  CY: { address1: "Ledras 20", city: "Nicosia", zip: "1011", province: null, province_code: null },
  DE: { address1: "Friedrichstraße 43", city: "Berlin", zip: "10117", province: null, province_code: null },
  FR: { address1: "12 Rue de Rivoli", city: "Paris", zip: "75004", province: null, province_code: null },
  IT: { address1: "Via del Corso 101", city: "Roma", zip: "00186", province: "Roma", province_code: "RM" },
  ES: { address1: "Calle Mayor 5", city: "Madrid", zip: "28013", province: "Madrid", province_code: "M" },
  GB: { address1: "10 Baker Street", city: "London", zip: "NW1 6XE", province: "England", province_code: "ENG" },
  US: { address1: "350 Fifth Avenue", city: "New York", zip: "10118", province: "New York", province_code: "NY" },
  CA: { address1: "151 O'Connor Street", city: "Ottawa", zip: "K2P 2L8", province: "Ontario", province_code: "ON" },
  AU: { address1: "1 Macquarie Street", city: "Sydney", zip: "2000", province: "New South Wales", province_code: "NSW" },
};

function streetAddress(countryCode: string) {
  return (
    STREET_ADDRESSES[countryCode] ?? {
      address1: "1 Main Street",
      city: regionNames.of(countryCode) ?? countryCode,
      zip: "00000",
      province: null,
      province_code: null,
    }
  );
}

/** The REST MailingAddress of an order's shipping and billing address. */
function addressPayload(shop: ShopState, order: Order) {
  if (!order.shippingCountryCode) return null;
  const street = streetAddress(order.shippingCountryCode);
  const { firstName, lastName } = order.buyer;
  const name = `${firstName} ${lastName}`.trim();
  const allowed = approved(shop);
  return {
    ...only(allowed, { first_name: firstName || null, address1: street.address1, phone: null, city: street.city, zip: street.zip }),
    province: street.province,
    country: regionNames.of(order.shippingCountryCode) ?? order.shippingCountryCode,
    // Checkout requires a last name on an address; the first name is optional.
    ...only(allowed, { last_name: lastName, address2: null, company: null, latitude: null, longitude: null, name }),
    country_code: order.shippingCountryCode,
    province_code: street.province_code,
  };
}

function findVariant(shop: ShopState, line: LineItem) {
  const product = shop.products.find((candidate) => candidate.id === line.productId);
  const variant = product?.variants.find((candidate) => candidate.id === line.variantId);
  return { variantTitle: variant?.title ?? null, sku: variant?.sku ?? "", vendor: product?.vendor ?? null, exists: Boolean(variant) };
}

function taxLine(order: Order, amount: string) {
  return {
    price: fromCents(toCents(amount)),
    rate: order.taxRate,
    title: order.taxTitle,
    price_set: moneySet(order, amount),
    channel_liable: false,
  };
}

/** Tax lines for an amount of tax: none when the shop charges no tax. */
const taxLines = (order: Order, amount: string) => (order.taxRate > 0 ? [taxLine(order, amount)] : []);

/** The order's discount applications, and which index each kind of discount got. */
function discountApplications(shop: ShopState, order: Order) {
  const applications: Json[] = [];
  let lineIndex: number | null = null;
  let shippingIndex: number | null = null;
  for (const code of order.discountCodes) {
    const discount = findCodeDiscount(shop, code);
    if (!discount || discount.kind !== "code_basic" || toCents(order.totalDiscounts) === 0) continue;
    const percentage = discount.value?.percentage;
    lineIndex = applications.length;
    applications.push({
      type: "discount_code",
      value: percentage !== undefined ? shopifyDecimal(String(percentage * 100)) : shopifyDecimal(discount.value?.amount ?? "0"),
      value_type: percentage !== undefined ? "percentage" : "fixed_amount",
      allocation_method: discount.value?.appliesOnEachItem ? "each" : "across",
      code: discount.code,
      target_selection: "all",
      target_type: "line_item",
    });
  }
  if (order.shippingDiscount) {
    shippingIndex = applications.length;
    const waived = {
      value: "100.0",
      value_type: "percentage",
      allocation_method: "each",
      target_selection: "all",
      target_type: "shipping_line",
    };
    applications.push(
      order.shippingDiscount.code
        ? { type: "discount_code", ...waived, code: order.shippingDiscount.code }
        : { type: "automatic", title: order.shippingDiscount.title, description: order.shippingDiscount.title, ...waived },
    );
  }
  return { applications, lineIndex, shippingIndex };
}

function allocation(order: Order, cents: number, index: number) {
  return { amount: fromCents(cents), discount_application_index: index, amount_set: moneySet(order, fromCents(cents)) };
}

/**
 * A line item. Orders list it with their current quantity, staff attribution and bundle group;
 * refunds and fulfillments embed it without those (as Shopify's samples of each show).
 */
function lineItemPayload(shop: ShopState, order: Order, line: LineItem, within: "order" | "embedded") {
  const { variantTitle, sku, vendor, exists } = findVariant(shop, line);
  const discountCents = (toCents(line.price) - toCents(discountedUnitPrice(order, line.id))) * line.quantity;
  const lineIndex = discountApplications(shop, order).lineIndex;
  const refunded = order.refunds
    .flatMap((refund) => refund.lineItems)
    .filter((item) => item.lineItemId === line.id)
    .reduce((sum, item) => sum + item.quantity, 0);
  const fulfilled = order.fulfillmentStatus === "FULFILLED";
  const ofOrder = within === "order";
  return {
    id: numericId(line.id),
    admin_graphql_api_id: line.id,
    ...only(ofOrder, { attributed_staffs: [], current_quantity: line.quantity - refunded }),
    fulfillable_quantity: fulfilled || order.cancelledAt ? 0 : line.quantity - refunded,
    fulfillment_service: "manual",
    fulfillment_status: fulfilled ? "fulfilled" : null,
    gift_card: false,
    grams: 0,
    name: variantTitle && variantTitle !== "Default Title" ? `${line.title} - ${variantTitle}` : line.title,
    price: fromCents(toCents(line.price)),
    price_set: moneySet(order, line.price),
    product_exists: exists,
    product_id: numericId(line.productId),
    properties: [],
    quantity: line.quantity,
    requires_shipping: true,
    ...only(ofOrder, { sales_line_item_group_id: null }),
    sku,
    taxable: order.taxRate > 0,
    title: line.title,
    // Deprecated by Shopify in favour of discount_allocations, which carry the amounts.
    total_discount: "0.00",
    total_discount_set: moneySet(order, "0"),
    variant_id: numericId(line.variantId),
    variant_inventory_management: "shopify",
    variant_title: variantTitle === "Default Title" ? null : variantTitle,
    vendor,
    tax_lines: taxLines(order, line.tax),
    duties: [],
    discount_allocations: discountCents > 0 && lineIndex !== null ? [allocation(order, discountCents, lineIndex)] : [],
  };
}

/** The REST customer, embedded in orders, and with its address book in customers/create. */
export function customerPayload(shop: ShopState, customer: Customer, within: "order" | "customers/create" = "customers/create") {
  const allowed = approved(shop);
  return {
    id: numericId(customer.id),
    created_at: customer.createdAt,
    updated_at: customer.emailMarketingConsentUpdatedAt ?? customer.createdAt,
    ...only(allowed, { first_name: customer.firstName || null, last_name: customer.lastName || null }),
    state: "enabled",
    note: null,
    verified_email: true,
    multipass_identifier: null,
    tax_exempt: false,
    ...only(allowed, { email: customer.email, phone: null }),
    currency: shop.currencyCode,
    ...only(within === "customers/create", { addresses: [] }),
    tax_exemptions: [],
    admin_graphql_api_id: customer.id,
    // The simulator keeps no address book: customers have no saved default address.
    default_address: null,
  };
}

function discountCodesPayload(shop: ShopState, order: Order) {
  return order.discountCodes.map((code) => {
    const discount = findCodeDiscount(shop, code);
    if (discount?.kind === "code_free_shipping") {
      // A free-shipping code is worth the shipping it waived.
      return { code, amount: fromCents(toCents(order.shippingPrice) - toCents(order.totalShipping)), type: "shipping" };
    }
    return {
      code,
      amount: fromCents(toCents(order.totalDiscounts)),
      type: discount?.value?.percentage !== undefined ? "percentage" : "fixed_amount",
    };
  });
}

/** The shop's one inventory location. */
const primaryLocationId = (shop: ShopState) => stableNumber(`${shop.domain}:location`);

/** The staff account the simulated merchant works in (refunds record who made them). */
const staffUserId = (shop: ShopState) => stableNumber(`${shop.domain}:owner`);

/**
 * The money of a refund: what goes back to the original payment (its transaction pending when
 * the payment provider has not settled it yet) and what is issued as store credit. Transactions
 * are in the currency the customer paid in. A refund to store credit is one of the refund's
 * transactions: the Admin schema makes an OrderTransaction the origin of the store credit it
 * issues (StoreCreditAccountTransactionOrigin, event ORDER_REFUND). Assumption: its kind is
 * "refund" and its gateway "shopify_store_credit", the name Shopify gives store-credit payments
 * in payment_gateway_names (no documented refunds/create sample shows one).
 */
function refundTransactions(order: Order, refund: Refund) {
  const toPayment = toCents(refund.amount) - toCents(refund.storeCredit);
  const parts = [
    { key: "payment", gateway: paymentGateway(order), cents: toPayment, status: refund.paymentStatus },
    { key: "store-credit", gateway: "shopify_store_credit", cents: toCents(refund.storeCredit), status: "success" as const },
  ].filter((part) => part.cents > 0);
  return parts.map((part, index) => {
    const id = stableNumber(`${refund.id}:${part.key}`);
    return {
      id,
      order_id: numericId(order.id),
      kind: "refund",
      gateway: part.gateway,
      status: part.status,
      message: part.status === "pending" ? "Refund pending" : "Refund approved",
      created_at: refund.createdAt,
      test: order.test,
      authorization: null,
      location_id: null,
      user_id: null,
      parent_id: null,
      processed_at: refund.createdAt,
      device_id: null,
      error_code: null,
      source_name: "web",
      receipt: {},
      amount: convert(fromCents(part.cents), order.presentmentRate),
      currency: order.presentmentCurrencyCode,
      payment_id: `${order.name.replace("#", "c")}.${order.refunds.indexOf(refund) + 2 + index}`,
      total_unsettled_set: {
        presentment_money: {
          amount: part.status === "pending" ? convert(fromCents(part.cents), order.presentmentRate) : "0.00",
          currency: order.presentmentCurrencyCode,
        },
        shop_money: { amount: part.status === "pending" ? fromCents(part.cents) : "0.00", currency: order.currencyCode },
      },
      manual_payment_gateway: false,
      amount_rounding: null,
      admin_graphql_api_id: `gid://shopify/OrderTransaction/${id}`,
    };
  });
}

export function refundPayload(shop: ShopState, order: Order, refund: Refund) {
  return {
    id: numericId(refund.id),
    order_id: numericId(order.id),
    created_at: refund.createdAt,
    note: refund.note ?? null,
    user_id: staffUserId(shop),
    processed_at: refund.createdAt,
    duties: [],
    total_duties_set: moneySet(order, "0"),
    return: null,
    // Deprecated by Shopify for refund_line_items[].restock_type; true when any unit went back to inventory.
    restock: refund.lineItems.some((item) => item.restockType !== "no_restock"),
    refund_shipping_lines: [],
    admin_graphql_api_id: refund.id,
    // Empty, also for an amount not tied to lines (a goodwill refund): Shopify records the
    // difference between calculated and refunded amounts as an order adjustment, but no documented
    // sample shows one's REST shape, so the simulator sends none. The money is in `transactions`.
    order_adjustments: [],
    refund_line_items: refund.lineItems.map((item) => {
      const line = order.lineItems.find((candidate) => candidate.id === item.lineItemId);
      if (!line) throw new Error(`${order.name} has no line item ${item.lineItemId}`);
      return {
        id: stableNumber(`${refund.id}:${item.lineItemId}`),
        quantity: item.quantity,
        line_item_id: numericId(item.lineItemId),
        // The location restocked (the shop's one location), empty when nothing is restocked (RefundLineItemInput.locationId).
        location_id: item.restockType === "no_restock" ? null : primaryLocationId(shop),
        restock_type: item.restockType,
        subtotal: Number(item.subtotal), // JSON numbers here, unlike the string amounts elsewhere
        total_tax: Number(item.tax),
        subtotal_set: moneySet(order, item.subtotal),
        total_tax_set: moneySet(order, item.tax),
        line_item: lineItemPayload(shop, order, line, "embedded"),
      };
    }),
    transactions: refundTransactions(order, refund),
  };
}

/** The REST Fulfillment, as orders embed it (Shopify's fulfillments/create sample shape). */
function fulfillmentPayload(shop: ShopState, order: Order, fulfillment: Order["fulfillments"][number], index: number) {
  const allowed = approved(shop);
  return {
    id: numericId(fulfillment.id),
    order_id: numericId(order.id),
    status: "success",
    created_at: fulfillment.createdAt,
    service: "manual",
    updated_at: fulfillment.deliveredAt ?? fulfillment.createdAt,
    // Simulated shipments carry no tracking details.
    tracking_company: null,
    shipment_status: fulfillment.deliveredAt ? "delivered" : null,
    location_id: null,
    origin_address: null,
    ...only(allowed, { email: order.email, destination: addressPayload(shop, order) }),
    line_items: order.lineItems.map((line) => lineItemPayload(shop, order, line, "embedded")),
    tracking_number: null,
    tracking_numbers: [],
    tracking_url: null,
    tracking_urls: [],
    receipt: {},
    name: `${order.name}.${index + 1}`,
    admin_graphql_api_id: fulfillment.id,
  };
}

/** When Shopify last changed the order: its latest event. */
function updatedAt(order: Order): string {
  const times = [
    order.processedAt,
    order.cancelledAt,
    ...order.fulfillments.flatMap((fulfillment) => [fulfillment.createdAt, fulfillment.deliveredAt]),
    ...order.refunds.map((refund) => refund.createdAt),
  ].filter((time): time is string => Boolean(time));
  return times.reduce((latest, time) => (Date.parse(time) > Date.parse(latest) ? time : latest));
}

const hexToken = (text: string) => createHash("sha256").update(text).digest("hex").slice(0, 32);

export function orderPayload(shop: ShopState, order: Order) {
  const allowed = approved(shop);
  const customer = order.customerId ? (shop.customers.find((candidate) => candidate.id === order.customerId) ?? null) : null;
  const refunded = refundedLines(order);
  const current = currentTotal(order);
  const currentSubtotal = fromCents(toCents(order.subtotalPrice) - toCents(refunded.subtotal));
  const currentTax = fromCents(toCents(order.totalTax) - toCents(refunded.tax));
  const currentDiscounts = fromCents(toCents(order.totalDiscounts) - toCents(refunded.discount));
  const { applications, shippingIndex } = discountApplications(shop, order);
  const orderNumber = Number(order.name.replace(/\D/g, ""));
  const shopNumber = numericId(shopGid(shop));
  const token = hexToken(order.id);
  const address = addressPayload(shop, order);
  const shippingDiscountCents = toCents(order.shippingPrice) - toCents(order.totalShipping);
  return {
    id: numericId(order.id),
    admin_graphql_api_id: order.id,
    app_id: null,
    browser_ip: null,
    buyer_accepts_marketing: customer?.emailMarketingConsent === "SUBSCRIBED",
    cancel_reason: order.cancelledAt ? "customer" : null,
    cancelled_at: order.cancelledAt,
    cart_token: null,
    checkout_token: null,
    client_details: null,
    closed_at: null,
    confirmation_number: null,
    confirmed: true,
    ...only(allowed, { contact_email: order.email }),
    created_at: order.processedAt,
    currency: order.currencyCode,
    // After shipping discounts (and refunds of shipping, which the simulator does not make);
    // total_shipping_price_set below is before them.
    current_shipping_price_set: moneySet(order, order.totalShipping),
    current_subtotal_price: currentSubtotal,
    current_subtotal_price_set: moneySet(order, currentSubtotal),
    current_total_additional_fees_set: null,
    current_total_discounts: currentDiscounts,
    current_total_discounts_set: moneySet(order, currentDiscounts),
    current_total_duties_set: null,
    current_total_price: current,
    current_total_price_set: moneySet(order, current),
    current_total_tax: currentTax,
    current_total_tax_set: moneySet(order, currentTax),
    customer_locale: customer?.locale ?? shop.primaryLocale,
    device_id: null,
    discount_codes: discountCodesPayload(shop, order),
    duties_included: false,
    ...only(allowed, { email: order.email }),
    estimated_taxes: false,
    financial_status: order.financialStatus.toLowerCase(),
    fulfillment_status: order.fulfillmentStatus === "FULFILLED" ? "fulfilled" : null,
    landing_site: null,
    landing_site_ref: null,
    location_id: null,
    merchant_business_entity_id: Buffer.from(String(shopNumber)).toString("base64").replace(/=+$/, ""),
    merchant_of_record_app_id: null,
    name: order.name,
    note: null,
    note_attributes: [],
    number: orderNumber - 1000,
    order_number: orderNumber,
    ...only(allowed, {
      order_status_url: `https://${shop.domain}/${shopNumber}/orders/${token}/authenticate?key=${hexToken(`${order.id}:key`)}`,
    }),
    original_total_additional_fees_set: null,
    original_total_duties_set: null,
    payment_gateway_names: [paymentGateway(order)],
    ...only(allowed, { phone: null }),
    po_number: null,
    presentment_currency: order.presentmentCurrencyCode,
    processed_at: order.processedAt,
    reference: null,
    referring_site: null,
    source_identifier: null,
    source_name: "web",
    source_url: null,
    subtotal_price: fromCents(toCents(order.subtotalPrice)),
    subtotal_price_set: moneySet(order, order.subtotalPrice),
    tags: "",
    tax_exempt: false,
    tax_lines: taxLines(order, order.totalTax),
    taxes_included: order.taxesIncluded,
    test: order.test,
    token,
    total_cash_rounding_payment_adjustment_set: moneySet(order, "0"),
    total_cash_rounding_refund_adjustment_set: moneySet(order, "0"),
    total_discounts: fromCents(toCents(order.totalDiscounts)),
    total_discounts_set: moneySet(order, order.totalDiscounts),
    total_line_items_price: lineItemsTotal(order),
    total_line_items_price_set: moneySet(order, lineItemsTotal(order)),
    total_outstanding: order.financialStatus === "PENDING" ? fromCents(toCents(order.totalPrice)) : "0.00",
    total_price: fromCents(toCents(order.totalPrice)),
    total_price_set: moneySet(order, order.totalPrice),
    total_shipping_price_set: moneySet(order, order.shippingPrice),
    total_tax: fromCents(toCents(order.totalTax)),
    total_tax_set: moneySet(order, order.totalTax),
    total_tip_received: "0.00",
    total_weight: 0,
    updated_at: updatedAt(order),
    user_id: null,
    billing_address: address,
    customer: customer ? customerPayload(shop, customer, "order") : null,
    discount_applications: applications,
    fulfillments: order.fulfillments.map((fulfillment, index) => fulfillmentPayload(shop, order, fulfillment, index)),
    line_items: order.lineItems.map((line) => lineItemPayload(shop, order, line, "order")),
    payment_terms: null,
    refunds: order.refunds.map((refund) => refundPayload(shop, order, refund)),
    shipping_address: address,
    shipping_lines: [
      {
        id: stableNumber(`${order.id}:shipping`),
        carrier_identifier: null,
        code: "Standard",
        current_discounted_price_set: moneySet(order, order.totalShipping),
        discounted_price: fromCents(toCents(order.totalShipping)),
        discounted_price_set: moneySet(order, order.totalShipping),
        is_removed: false,
        phone: null,
        price: fromCents(toCents(order.shippingPrice)),
        price_set: moneySet(order, order.shippingPrice),
        requested_fulfillment_service_id: null,
        source: "shopify",
        title: "Standard",
        tax_lines: taxLines(order, order.shippingTax),
        discount_allocations:
          shippingDiscountCents > 0 && shippingIndex !== null ? [allocation(order, shippingDiscountCents, shippingIndex)] : [],
      },
    ],
    returns: [],
    line_item_groups: [],
  };
}

/** fulfillment_events/create for a carrier's "delivered" scan. */
export function fulfillmentEventPayload(shop: ShopState, order: Order, fulfillment: Order["fulfillments"][number]) {
  const eventNumber = stableNumber(`${fulfillment.id}:delivered`);
  const happenedAt = fulfillment.deliveredAt ?? fulfillment.createdAt;
  return {
    id: eventNumber,
    fulfillment_id: numericId(fulfillment.id),
    status: "delivered",
    message: "Delivered",
    happened_at: happenedAt,
    // Where the carrier scanned the parcel; simulated carriers report the country only.
    city: null,
    province: null,
    country: order.shippingCountryCode,
    zip: null,
    address1: null,
    latitude: null,
    longitude: null,
    shop_id: numericId(shopGid(shop)),
    created_at: happenedAt,
    updated_at: happenedAt,
    estimated_delivery_at: null,
    order_id: numericId(order.id),
    admin_graphql_api_id: `gid://shopify/FulfillmentEvent/${eventNumber}`,
  };
}

/** customers_email_marketing_consent/update. */
export function emailMarketingConsentPayload(customer: Customer) {
  return {
    customer_id: numericId(customer.id),
    email_address: customer.email,
    email_marketing_consent: {
      state: customer.emailMarketingConsent.toLowerCase(),
      opt_in_level: customer.emailMarketingConsent === "SUBSCRIBED" ? "single_opt_in" : null,
      consent_updated_at: customer.emailMarketingConsentUpdatedAt,
    },
  };
}

function timezoneLabel(ianaTimezone: string): string {
  const offset = new Intl.DateTimeFormat("en-US", { timeZone: ianaTimezone, timeZoneName: "longOffset" })
    .formatToParts(new Date())
    .find((part) => part.type === "timeZoneName")?.value;
  return `(${offset === "GMT" ? "GMT+00:00" : offset}) ${ianaTimezone}`;
}

/** The simulated shops trade from Athens, like the demo store. */
const SHOP_COUNTRY = "GR";

/** The shop object app/uninstalled carries (the REST Shop resource). */
export function shopPayload(shop: ShopState) {
  const street = streetAddress(SHOP_COUNTRY);
  return {
    id: numericId(shopGid(shop)),
    name: shop.name,
    email: shop.email,
    domain: new URL(shop.primaryDomainUrl ?? `https://${shop.domain}`).host,
    province: street.province,
    country: SHOP_COUNTRY,
    address1: street.address1,
    zip: street.zip,
    city: street.city,
    source: null,
    phone: null,
    latitude: null,
    longitude: null,
    primary_locale: shop.primaryLocale,
    address2: null,
    created_at: null,
    updated_at: null,
    country_code: SHOP_COUNTRY,
    country_name: regionNames.of(SHOP_COUNTRY) ?? SHOP_COUNTRY,
    currency: shop.currencyCode,
    customer_email: shop.email,
    timezone: timezoneLabel(shop.ianaTimezone),
    iana_timezone: shop.ianaTimezone,
    shop_owner: shop.name,
    money_format: shop.moneyFormat,
    money_with_currency_format: `${shop.moneyFormat} ${shop.currencyCode}`,
    weight_unit: "kg",
    province_code: street.province_code,
    taxes_included: shop.taxesIncluded ?? false,
    auto_configure_tax_inclusivity: null,
    tax_shipping: null,
    county_taxes: null,
    plan_display_name: "Development",
    plan_name: "partner_test",
    has_discounts: shop.discounts.length > 0,
    has_gift_cards: false,
    myshopify_domain: shop.domain,
    google_apps_domain: null,
    google_apps_login_enabled: null,
    money_in_emails_format: shop.moneyFormat,
    money_with_currency_in_emails_format: `${shop.moneyFormat} ${shop.currencyCode}`,
    eligible_for_payments: true,
    requires_extra_payments_agreement: false,
    password_enabled: false,
    has_storefront: true,
    finances: true,
    primary_location_id: primaryLocationId(shop),
    checkout_api_supported: true,
    multi_location_enabled: false,
    setup_required: false,
    pre_launch_enabled: false,
    enabled_presentment_currencies: shop.enabledPresentmentCurrencies,
    marketing_sms_consent_enabled_at_checkout: false,
    transactional_sms_disabled: false,
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
    customer: customerIdentity(customer),
    orders_requested: customerOrderIds(shop, customer),
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
