// Things that happen in the store (a customer signs up, an order is placed, shipped, refunded…):
// each mutates state the way Shopify would and sends the webhook Shopify would send.
import { convert, findShop, fromCents, isoTimestamp, presentmentRate, stableNumber, toCents } from "./common";
import { codeRejection, findCodeDiscount, priceCheckout } from "./discount-rules";
import { findVariant } from "./graphql/nodes";
import { currentTotal, discountedUnitPrice, taxOn, totalRefunded } from "./order-totals";
import { nextGid, type Customer, type Order, type Refund, type ShopState, type SimulatorState } from "./state";
import { addStoreCredit } from "./store-credit";
import {
  customerPayload,
  customersDataRequestPayload,
  customersRedactPayload,
  emailMarketingConsentPayload,
  fulfillmentEventPayload,
  orderPayload,
  refundPayload,
  shopPayload,
  shopRedactPayload,
} from "./webhook-payloads";
import type { WebhookDelivery, WebhookSender } from "./webhooks";

/** Every order ships at one flat rate (shop currency) unless a free-shipping discount applies. */
export const FLAT_SHIPPING_RATE = "5.00";
/** The shop is in Athens: checkouts without a shipping country ship to Greece. */
export const DEFAULT_SHIPPING_COUNTRY = "GR";

/** A request the store would refuse (unknown order, invalid discount code…): the control API answers 4xx. */
export class StoreActionError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404 = 400,
  ) {
    super(message);
    this.name = "StoreActionError";
  }
}

export function requireShop(state: SimulatorState, domain: string | undefined): ShopState {
  const shop = findShop(state, domain);
  if (!shop) throw new StoreActionError(domain ? `No shop ${domain}` : "Several shops are simulated: name one with `shop`", 404);
  return shop;
}

function requireOrder(shop: ShopState, orderId: string): Order {
  const order = shop.orders.find((candidate) => candidate.id === orderId);
  if (!order) throw new StoreActionError(`No order ${orderId} in ${shop.domain}`, 404);
  return order;
}

function requireCustomer(shop: ShopState, customerId: string): Customer {
  const customer = shop.customers.find((candidate) => candidate.id === customerId);
  if (!customer) throw new StoreActionError(`No customer ${customerId} in ${shop.domain}`, 404);
  return customer;
}

// ---------------------------------------------------------------- state changes (no webhooks)

export interface NewCustomer {
  email: string;
  firstName?: string;
  lastName?: string;
  locale?: string;
  emailMarketingConsent?: Customer["emailMarketingConsent"];
  createdAt?: string;
}

export function addCustomer(state: SimulatorState, shop: ShopState, input: NewCustomer): Customer {
  const email = input.email.trim().toLowerCase();
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw new StoreActionError("Email is invalid");
  if (shop.customers.some((customer) => customer.email === email)) throw new StoreActionError("Email has already been taken");
  const customer: Customer = {
    id: nextGid(state, "Customer"),
    email,
    firstName: input.firstName ?? "",
    lastName: input.lastName ?? "",
    locale: input.locale ?? shop.primaryLocale,
    emailMarketingConsent: input.emailMarketingConsent ?? "NOT_SUBSCRIBED",
    emailMarketingConsentUpdatedAt: null,
    createdAt: input.createdAt ?? isoTimestamp(),
  };
  shop.customers.push(customer);
  return customer;
}

export interface OrderLineInput {
  variantId: string;
  quantity: number;
}

export interface NewOrder {
  /** The buyer: a customer of the shop, or a guest checkout (no customer record) by email and name. */
  customerId?: string;
  guest?: { email: string; firstName?: string; lastName: string };
  /** Paid through Shopify's Bogus Gateway (a test order). */
  test?: boolean;
  lines: OrderLineInput[];
  presentmentCurrency?: string;
  shippingCountry?: string;
  discountCode?: string;
  processedAt?: string;
}

/** Prices a checkout and adds the paid order to the shop. */
export function addOrder(state: SimulatorState, shop: ShopState, input: NewOrder): Order {
  const customer = input.customerId ? requireCustomer(shop, input.customerId) : null;
  if (!customer && !input.guest) throw new StoreActionError("An order needs a customer or a guest's email");
  if (input.lines.length === 0) throw new StoreActionError("An order needs at least one line");
  const lines = input.lines.map((line) => {
    const found = findVariant(shop, line.variantId);
    if (!found) throw new StoreActionError(`No variant ${line.variantId} in ${shop.domain}`, 404);
    if (!Number.isInteger(line.quantity) || line.quantity < 1) throw new StoreActionError("Quantity must be a positive whole number");
    return { ...found, quantity: line.quantity };
  });
  const presentment = input.presentmentCurrency ?? shop.currencyCode;
  if (!shop.enabledPresentmentCurrencies.includes(presentment))
    throw new StoreActionError(`${presentment} is not enabled for ${shop.domain}`);
  const country = (input.shippingCountry ?? DEFAULT_SHIPPING_COUNTRY).toUpperCase();

  const checkout = {
    lineItemsTotal: fromCents(lines.reduce((sum, line) => sum + toCents(line.variant.price) * line.quantity, 0)),
    itemCount: lines.reduce((sum, line) => sum + line.quantity, 0),
    customerId: customer?.id ?? null,
    country,
    shippingRate: FLAT_SHIPPING_RATE,
  };
  let code = null;
  if (input.discountCode?.trim()) {
    code = findCodeDiscount(shop, input.discountCode) ?? null;
    const rejection = codeRejection(shop, code ?? undefined, checkout);
    if (rejection) throw new StoreActionError(rejection);
  }
  const totals = priceCheckout(shop, checkout, code);

  const taxesIncluded = shop.taxesIncluded ?? false;
  const tax = shop.tax ?? { title: "Tax", rate: 0 };
  const order: Order = {
    id: nextGid(state, "Order"),
    name: `#${1001 + shop.orders.length}`,
    email: customer?.email ?? input.guest!.email.trim().toLowerCase(),
    customerId: customer?.id ?? null,
    buyer: { firstName: customer?.firstName ?? input.guest?.firstName ?? "", lastName: customer?.lastName ?? input.guest?.lastName ?? "" },
    test: input.test ?? false,
    currencyCode: shop.currencyCode,
    presentmentCurrencyCode: presentment,
    presentmentRate: presentmentRate(shop.currencyCode, presentment),
    lineItems: lines.map((line) => ({
      id: nextGid(state, "LineItem"),
      productId: line.product.id,
      variantId: line.variant.id,
      title: line.product.title,
      quantity: line.quantity,
      price: line.variant.price,
      tax: "0.00",
    })),
    subtotalPrice: totals.subtotal,
    taxesIncluded,
    taxTitle: tax.title,
    taxRate: tax.rate,
    shippingPrice: FLAT_SHIPPING_RATE,
    totalShipping: totals.shipping,
    shippingTax: taxOn(totals.shipping, tax.rate, taxesIncluded),
    totalTax: "0.00",
    totalDiscounts: totals.totalDiscounts,
    totalPrice: "0.00",
    financialStatus: "PAID",
    fulfillmentStatus: "UNFULFILLED",
    discountCodes: code?.code ? [code.code] : [],
    shippingDiscount: totals.shippingDiscount ? { title: totals.shippingDiscount.title, code: totals.shippingDiscount.code } : null,
    shippingCountryCode: country,
    processedAt: input.processedAt ?? isoTimestamp(),
    cancelledAt: null,
    fulfillments: [],
    refunds: [],
  };
  // Tax per line on what the line cost after discounts, as Shopify's tax lines do.
  for (const line of order.lineItems) {
    line.tax = taxOn(fromCents(toCents(discountedUnitPrice(order, line.id)) * line.quantity), tax.rate, taxesIncluded);
  }
  const taxCents = order.lineItems.reduce((sum, line) => sum + toCents(line.tax), toCents(order.shippingTax));
  order.totalTax = fromCents(taxCents);
  // Tax-inclusive prices already hold their tax; otherwise it is added on top.
  order.totalPrice = fromCents(toCents(totals.subtotal) + toCents(totals.shipping) + (taxesIncluded ? 0 : taxCents));
  shop.orders.push(order);
  return order;
}

export function addFulfillment(state: SimulatorState, order: Order, createdAt: string = isoTimestamp()): Order["fulfillments"][number] {
  if (order.cancelledAt) throw new StoreActionError(`${order.name} is cancelled`);
  if (order.fulfillmentStatus === "FULFILLED") throw new StoreActionError(`${order.name} is already fulfilled`);
  const fulfillment = { id: nextGid(state, "Fulfillment"), createdAt, deliveredAt: null };
  order.fulfillments.push(fulfillment);
  order.fulfillmentStatus = "FULFILLED";
  return fulfillment;
}

export function markDelivered(order: Order, deliveredAt: string = isoTimestamp()): Order["fulfillments"][number] {
  const fulfillment = order.fulfillments.find((candidate) => candidate.deliveredAt === null);
  if (!fulfillment)
    throw new StoreActionError(
      order.fulfillments.length ? `${order.name} is already delivered` : `${order.name} has not been fulfilled yet`,
    );
  fulfillment.deliveredAt = deliveredAt;
  return fulfillment;
}

export interface RefundInput {
  lines?: { lineItemId: string; quantity: number }[];
  /** The refunded units go back to inventory: returned when the order was fulfilled, cancelled when not. */
  restock?: boolean;
  amount?: string; // shop currency; defaults to the refunded lines' value, or everything left
  note?: string;
  /** Where the money goes: all of it to new store credit, or (the default) to the original payment, less `storeCredit`. */
  method?: "original" | "store_credit";
  storeCredit?: string; // shop currency: with the original method, this much of the amount is issued as store credit
  pending?: boolean; // the refund to the original payment method is still pending
}

export function addRefund(state: SimulatorState, order: Order, input: RefundInput): Refund {
  const refundedQuantity = (lineItemId: string) =>
    order.refunds
      .flatMap((refund) => refund.lineItems)
      .filter((line) => line.lineItemId === lineItemId)
      .reduce((sum, line) => sum + line.quantity, 0);
  const fullRefund = !input.lines && input.amount === undefined;
  const requested = fullRefund
    ? order.lineItems
        .map((line) => ({ lineItemId: line.id, quantity: line.quantity - refundedQuantity(line.id) }))
        .filter((line) => line.quantity > 0)
    : (input.lines ?? []);
  const lineItems = requested.map(({ lineItemId, quantity }) => {
    const line = order.lineItems.find((candidate) => candidate.id === lineItemId);
    if (!line) throw new StoreActionError(`${order.name} has no line item ${lineItemId}`, 404);
    const remaining = line.quantity - refundedQuantity(line.id);
    if (!Number.isInteger(quantity) || quantity < 1 || quantity > remaining) {
      throw new StoreActionError(`Quantity for ${line.title} must be between 1 and ${remaining}`);
    }
    // The units' share of the line's tax (the last units take what rounding left).
    const tax =
      quantity === remaining
        ? toCents(line.tax) - Math.round((toCents(line.tax) * (line.quantity - remaining)) / line.quantity)
        : Math.round((toCents(line.tax) * quantity) / line.quantity);
    const restockType: Refund["lineItems"][number]["restockType"] = !input.restock
      ? "no_restock"
      : order.fulfillmentStatus === "FULFILLED"
        ? "return"
        : "cancel";
    return {
      lineItemId,
      quantity,
      subtotal: fromCents(toCents(discountedUnitPrice(order, lineItemId)) * quantity),
      tax: fromCents(tax),
      restockType,
    };
  });
  if (new Set(lineItems.map((line) => line.lineItemId)).size !== lineItems.length)
    throw new StoreActionError("Each line item can be listed once in a refund");
  for (const [name, value] of [
    ["Refund amount", input.amount],
    ["Store credit", input.storeCredit],
  ] as const) {
    if (value !== undefined && !/^\d+(\.\d{1,2})?$/.test(value.trim())) throw new StoreActionError(`${name} must be an amount like 10.50`);
  }
  const refundable = toCents(currentTotal(order));
  const amountCents = fullRefund
    ? refundable
    : input.amount !== undefined
      ? toCents(input.amount)
      : lineItems.reduce((sum, line) => sum + toCents(line.subtotal) + (order.taxesIncluded ? 0 : toCents(line.tax)), 0);
  if (amountCents <= 0 || amountCents > refundable)
    throw new StoreActionError(`Refund amount must be between 0.01 and ${fromCents(refundable)}`);
  const storeCreditCents = input.method === "store_credit" ? amountCents : toCents(input.storeCredit ?? "0");
  if (storeCreditCents < 0 || storeCreditCents > amountCents)
    throw new StoreActionError(`Store credit must be between 0.00 and ${fromCents(amountCents)}`);
  if (storeCreditCents > 0 && !order.customerId)
    throw new StoreActionError("Store credit needs a customer: a guest order can only be refunded to its payment");
  const refund: Refund = {
    id: nextGid(state, "Refund"),
    createdAt: isoTimestamp(),
    note: input.note,
    lineItems,
    amount: fromCents(amountCents),
    storeCredit: fromCents(storeCreditCents),
    paymentStatus: input.pending ? "pending" : "success",
  };
  order.refunds.push(refund);
  order.financialStatus = toCents(totalRefunded(order)) >= toCents(order.totalPrice) ? "REFUNDED" : "PARTIALLY_REFUNDED";
  return refund;
}

// ---------------------------------------------------------------- actions (state change + webhook)

export interface ShopScoped {
  shop?: string; // domain; optional when only one shop is simulated
}

export type PlaceOrderInput = ShopScoped &
  Omit<NewOrder, "customerId" | "guest" | "processedAt"> &
  (
    | { customerId: string; email?: undefined; guest?: undefined }
    // An email new to the shop becomes a customer, as in Shopify checkout…
    | { email: string; customerId?: undefined; guest?: undefined }
    // …unless the checkout is a guest's: no customer record, and the order's customer is null.
    | { guest: NonNullable<NewOrder["guest"]>; customerId?: undefined; email?: undefined }
  );

/** install: what installing the app does to a shop (grants the app TOML's scopes; see installation.ts). */
export function createStoreActions(state: SimulatorState, webhooks: WebhookSender, install: (shop: ShopState) => void = () => {}) {
  const send = (shop: ShopState, topic: string, payload: unknown) => webhooks.send({ shop: shop.domain, topic, payload });

  return {
    async createCustomer(input: ShopScoped & NewCustomer): Promise<{ customer: Customer; webhook: WebhookDelivery }> {
      const shop = requireShop(state, input.shop);
      const customer = addCustomer(state, shop, { ...input, createdAt: undefined });
      return { customer, webhook: await send(shop, "customers/create", customerPayload(shop, customer)) };
    },

    /** Checks out and pays. A guest email that is new to the shop becomes a customer first, as in Shopify checkout. */
    async placeOrder(input: PlaceOrderInput): Promise<{ order: Order; webhook: WebhookDelivery }> {
      const shop = requireShop(state, input.shop);
      let customerId = input.customerId;
      if (!customerId && !input.guest) {
        const email = input.email?.trim().toLowerCase() ?? "";
        const existing = shop.customers.find((customer) => customer.email === email);
        if (existing) customerId = existing.id;
        else {
          const customer = addCustomer(state, shop, { email });
          await send(shop, "customers/create", customerPayload(shop, customer));
          customerId = customer.id;
        }
      }
      const order = addOrder(state, shop, { ...input, customerId });
      return { order, webhook: await send(shop, "orders/paid", orderPayload(shop, order)) };
    },

    async fulfilOrder(
      input: ShopScoped & { orderId: string },
    ): Promise<{ order: Order; fulfillment: Order["fulfillments"][number]; webhook: WebhookDelivery }> {
      const shop = requireShop(state, input.shop);
      const order = requireOrder(shop, input.orderId);
      const fulfillment = addFulfillment(state, order);
      return { order, fulfillment, webhook: await send(shop, "orders/fulfilled", orderPayload(shop, order)) };
    },

    /** The carrier reports delivery: a fulfillment event with status "delivered". */
    async deliverOrder(
      input: ShopScoped & { orderId: string },
    ): Promise<{ order: Order; fulfillment: Order["fulfillments"][number]; webhook: WebhookDelivery }> {
      const shop = requireShop(state, input.shop);
      const order = requireOrder(shop, input.orderId);
      const fulfillment = markDelivered(order);
      return {
        order,
        fulfillment,
        webhook: await send(shop, "fulfillment_events/create", fulfillmentEventPayload(shop, order, fulfillment)),
      };
    },

    /**
     * Refunds the given lines, a bare amount, or (with neither) everything not yet refunded.
     * Shopify sends refunds/create, and orders/updated for the order it changed (its refunds,
     * current amounts and financial status); `webhook` is the refunds/create delivery.
     */
    async refundOrder(
      input: ShopScoped & { orderId: string } & RefundInput,
    ): Promise<{ order: Order; refund: Refund; webhook: WebhookDelivery; orderUpdated: WebhookDelivery }> {
      const shop = requireShop(state, input.shop);
      const order = requireOrder(shop, input.orderId);
      const refund = addRefund(state, order, input);
      // The store-credit part lands on the customer's account, in the currency of the refund's
      // transactions (an assumption: Shopify documents no currency for refund credits).
      if (toCents(refund.storeCredit) > 0)
        addStoreCredit(state, shop, order.customerId!, {
          amount: convert(refund.storeCredit, order.presentmentRate),
          currencyCode: order.presentmentCurrencyCode,
          expiresAt: null,
          event: "ORDER_REFUND",
        });
      const webhook = await send(shop, "refunds/create", refundPayload(shop, order, refund));
      return { order, refund, webhook, orderUpdated: await send(shop, "orders/updated", orderPayload(shop, order)) };
    },

    async cancelOrder(input: ShopScoped & { orderId: string }): Promise<{ order: Order; webhook: WebhookDelivery }> {
      const shop = requireShop(state, input.shop);
      const order = requireOrder(shop, input.orderId);
      if (order.cancelledAt) throw new StoreActionError(`${order.name} is already cancelled`);
      order.cancelledAt = isoTimestamp();
      return { order, webhook: await send(shop, "orders/cancelled", orderPayload(shop, order)) };
    },

    /** The customer subscribes to or unsubscribes from email marketing (a checkout box, a form, an unsubscribe link). */
    async setEmailMarketingConsent(
      input: ShopScoped & { customerId: string; state: Customer["emailMarketingConsent"] },
    ): Promise<{ customer: Customer; webhook: WebhookDelivery }> {
      const shop = requireShop(state, input.shop);
      const customer = requireCustomer(shop, input.customerId);
      customer.emailMarketingConsent = input.state;
      customer.emailMarketingConsentUpdatedAt = isoTimestamp();
      return { customer, webhook: await send(shop, "customers_email_marketing_consent/update", emailMarketingConsentPayload(customer)) };
    },

    /** The merchant removes the app: its token stops working at once, then app/uninstalled is sent. */
    async uninstallApp(input: ShopScoped = {}): Promise<{ shop: ShopState; webhook: WebhookDelivery }> {
      const shop = requireShop(state, input.shop);
      if (shop.uninstalledAt) throw new StoreActionError(`The app is not installed on ${shop.domain}`);
      shop.uninstalledAt = isoTimestamp();
      return { shop, webhook: await send(shop, "app/uninstalled", shopPayload(shop)) };
    },

    /**
     * Installs the app again with the same token (the simulator has no OAuth to issue a new one),
     * granting the scopes the app's TOML lists now, as the merchant's approval does.
     */
    reinstallApp(input: ShopScoped = {}): { shop: ShopState } {
      const shop = requireShop(state, input.shop);
      install(shop);
      shop.uninstalledAt = null;
      return { shop };
    },

    async requestCustomerData(input: ShopScoped & { customerId: string }): Promise<{ customer: Customer; webhook: WebhookDelivery }> {
      const shop = requireShop(state, input.shop);
      const customer = requireCustomer(shop, input.customerId);
      const dataRequestId = stableNumber(`${customer.id}:${Date.now()}`);
      return { customer, webhook: await send(shop, "customers/data_request", customersDataRequestPayload(shop, customer, dataRequestId)) };
    },

    async redactCustomer(input: ShopScoped & { customerId: string }): Promise<{ customer: Customer; webhook: WebhookDelivery }> {
      const shop = requireShop(state, input.shop);
      const customer = requireCustomer(shop, input.customerId);
      return { customer, webhook: await send(shop, "customers/redact", customersRedactPayload(shop, customer)) };
    },

    async redactShop(input: ShopScoped = {}): Promise<{ shop: ShopState; webhook: WebhookDelivery }> {
      const shop = requireShop(state, input.shop);
      return { shop, webhook: await send(shop, "shop/redact", shopRedactPayload(shop)) };
    },
  };
}

export type StoreActions = ReturnType<typeof createStoreActions>;
