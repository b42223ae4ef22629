import { describe, expect, it } from "vitest";
import { documentedSample, exemplar, type JsonObject } from "../../tests/fixtures/shopify-webhooks/samples";
import { seedDemoShop } from "../../scripts/simulator/demo-store";
import { createState } from "../../scripts/simulator/state";
import { orderPayload } from "../../scripts/simulator/webhook-payloads";
import { orderMilestones, OrderPayload, orderRowFromPayload, RefundPayload, refundRowFromPayload } from "./order-webhooks";

const SHOP = "shop.myshopify.com";
const money = (amount: string, currency = "USD") => ({
  shop_money: { amount, currency_code: currency },
  presentment_money: { amount, currency_code: currency },
});

/** Shopify's documented orders/paid sample: a real paid order, with the changes given. */
const paidSample = (changes: JsonObject = {}) =>
  OrderPayload.parse({ ...documentedSample("orders/paid"), financial_status: "paid", cancelled_at: null, test: false, ...changes });

describe("orderRowFromPayload", () => {
  it("reads Shopify's documented sample", () => {
    const row = orderRowFromPayload(SHOP, paidSample());
    expect(row).toMatchObject({
      id: "gid://shopify/Order/820982911946154508",
      name: "#9999",
      email: "jon@example.com",
      customerId: "gid://shopify/Customer/115310627314723954",
      customerFirstName: "John",
      acceptsMarketing: true,
      subtotalPrice: "404.95",
      taxesIncluded: false,
      // current_shipping_price_set (after the shipping discount), not total_shipping_price_set (10.00, before it)
      totalShipping: "0.00",
      shippingCountry: "US",
    });
  });

  it("keeps the shipping address's country, which picks the free-shipping threshold", () => {
    const shop = seedDemoShop(createState(), { baseUrl: "http://127.0.0.1:9" });
    const greek = shop.orders.find((order) => order.shippingCountryCode === "GR")!;
    const body = OrderPayload.parse(JSON.parse(JSON.stringify(orderPayload(shop, greek))));
    expect(orderRowFromPayload(shop.domain, body).shippingCountry).toBe("GR");
    const noAddress = OrderPayload.parse({ ...body, shipping_address: null });
    expect(orderRowFromPayload(shop.domain, noAddress).shippingCountry).toBeNull();
    const lowerCase = OrderPayload.parse({ ...body, shipping_address: { country_code: "de" } });
    expect(orderRowFromPayload(shop.domain, lowerCase).shippingCountry).toBe("DE");
  });

  it("records whether prices include tax and the tax on shipping, which tax-inclusive subtotals hold", () => {
    const sample = documentedSample("orders/paid");
    const shipping = (sample.shipping_lines as JsonObject[])[0]!;
    const row = orderRowFromPayload(
      SHOP,
      paidSample({
        taxes_included: true,
        total_tax_set: money("69.64", "AUD"),
        shipping_lines: [
          { ...shipping, tax_lines: [{ price: "1.00", rate: 0.1, title: "GST", price_set: money("1.00", "AUD"), channel_liable: false }] },
        ],
      }),
    );
    expect(row).toMatchObject({ taxesIncluded: true, totalTax: "69.64", shippingTax: "1.00" });
  });

  it("reads an order sent to an app without protected customer data approval: no email, no names", () => {
    // The documented sample with only the keys a real payload to such an app has: email,
    // contact_email and the customer's names are missing, not null.
    const redacted = exemplar("2025-04/orders/1");
    const keep = (object: JsonObject, like: JsonObject) => Object.fromEntries(Object.entries(object).filter(([key]) => key in like));
    const sample = documentedSample("orders/paid");
    const body = OrderPayload.parse({
      ...keep(sample, redacted),
      customer: keep(sample.customer as JsonObject, redacted.customer as JsonObject),
    });
    expect("email" in body).toBe(false);
    expect(orderRowFromPayload(SHOP, body)).toMatchObject({
      email: null,
      customerId: "gid://shopify/Customer/115310627314723954",
      customerFirstName: null,
    });
  });

  it("reads a guest checkout: no customer", () => {
    expect(orderRowFromPayload(SHOP, paidSample({ customer: null }))).toMatchObject({ customerId: null, email: "jon@example.com" });
  });
});

describe("orderMilestones: the order's own timestamps, never the time the webhook is processed", () => {
  const processed = "2026-01-10T09:30:00-05:00";

  it("an order is paid when it was processed (imported orders keep their original date)", () => {
    const order = paidSample({ processed_at: processed, updated_at: "2026-07-01T10:00:00Z" });
    expect(orderMilestones("orders/paid", order)).toEqual({ paidAt: new Date(processed) });
    // A later event says paid too, when orders/paid never came.
    expect(orderMilestones("orders/cancelled", paidSample({ processed_at: processed, financial_status: "refunded" }))).toEqual({
      paidAt: new Date(processed),
    });
    expect(orderMilestones("orders/cancelled", paidSample({ financial_status: "pending" }))).toEqual({});
  });

  it("an order is fulfilled when its last successful fulfillment was created", () => {
    const fulfillment = documentedSample("fulfillments/create");
    const order = paidSample({
      fulfillment_status: "fulfilled",
      fulfillments: [
        { ...fulfillment, status: "success", created_at: "2026-01-11T10:00:00Z" },
        { ...fulfillment, status: "success", created_at: "2026-01-12T10:00:00Z" },
        { ...fulfillment, status: "cancelled", created_at: "2026-01-13T10:00:00Z" },
      ],
    });
    expect(orderMilestones("orders/fulfilled", order).fulfilledAt).toEqual(new Date("2026-01-12T10:00:00Z"));
    // Without fulfillments in the payload: the event's own time.
    expect(orderMilestones("orders/fulfilled", paidSample({ updated_at: "2026-01-14T10:00:00Z" })).fulfilledAt).toEqual(
      new Date("2026-01-14T10:00:00Z"),
    );
  });
});

describe("refundRowFromPayload", () => {
  const order = { currencyCode: "USD", presentmentCurrencyCode: "USD", totalPrice: "404.95", presentmentTotalPrice: "404.95" };
  const transaction = (documentedSample("refunds/create").transactions as JsonObject[])[0]!;
  const refund = (transactions: JsonObject[]) => RefundPayload.parse({ ...documentedSample("refunds/create"), transactions });

  it("counts money back to the payment and to store credit, pending included, failed not", () => {
    const row = refundRowFromPayload(
      SHOP,
      refund([
        { ...transaction, amount: "30.00", status: "success" },
        { ...transaction, amount: "20.00", gateway: "shopify_store_credit", status: "success" },
        { ...transaction, amount: "5.00", status: "pending" },
        { ...transaction, amount: "100.00", status: "failure" },
      ]),
      order,
    );
    expect(row).toMatchObject({ id: "gid://shopify/Refund/890088186047892319", amount: "55.00" });
    expect(row.lineItems).toHaveLength(5);
  });

  it("converts money back in the customer's currency at the order's own rate, in each currency's minor units", () => {
    const paidInYen = { currencyCode: "KWD", presentmentCurrencyCode: "JPY", totalPrice: "100.500", presentmentTotalPrice: "48000" };
    expect(refundRowFromPayload(SHOP, refund([{ ...transaction, amount: "12000", status: "success" }]), paidInYen).amount).toBe("25.125");
    const yenShop = { currencyCode: "JPY", presentmentCurrencyCode: "USD", totalPrice: "8000", presentmentTotalPrice: "53.33" };
    expect(refundRowFromPayload(SHOP, refund([{ ...transaction, amount: "26.67", status: "success" }]), yenShop).amount).toBe("4001"); // 4000.75
  });
});
