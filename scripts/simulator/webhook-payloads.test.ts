// Every webhook body the simulator sends has the shape of Shopify's documented sample for its
// topic (tests/fixtures/shopify-webhooks): the same keys at every level, the same JSON types.
// The store is driven through every kind of order the app must handle, and each body it sends
// is checked, so a payload that drifts from Shopify's (a key renamed, added or dropped, a string
// turned number) fails here.
import { describe, expect, it } from "vitest";
import { documentedSample, exemplar, type Json, type JsonObject } from "../../tests/fixtures/shopify-webhooks/samples";
import { pathsOf, shapeDifferences, type ShapeRules } from "../../tests/support/payload-shape";
import { seedDemoShop } from "./demo-store";
import { createState, type Discount, type ShopState } from "./state";
import { createStoreActions } from "./store-actions";
import type { SendOptions, WebhookDelivery, WebhookSender } from "./webhooks";

/** Array elements the order samples leave empty, from Shopify's other samples and real payloads. */
const taxLine = (exemplar("2024-04/orders/1").tax_lines as Json[])[0]!;
const allocation = ((documentedSample("refunds/create").refund_line_items as JsonObject[])[3]!.line_item as JsonObject)
  .discount_allocations as Json[];
const ORDER_ELEMENTS: Record<string, Json[]> = {
  fulfillments: [documentedSample("fulfillments/create")],
  "fulfillments[].line_items[].tax_lines": [taxLine],
  "fulfillments[].line_items[].discount_allocations": allocation,
  refunds: [documentedSample("refunds/create")],
  "refunds[].refund_line_items[].line_item.tax_lines": [taxLine],
  tax_lines: [taxLine],
  "line_items[].tax_lines": [taxLine],
  "line_items[].discount_allocations": allocation,
  "shipping_lines[].tax_lines": [taxLine],
  "shipping_lines[].discount_allocations": allocation,
  discount_codes: exemplar("2023-10/orders/1").discount_codes as Json[],
  discount_applications: [
    ...(exemplar("2023-10/orders/1").discount_applications as Json[]),
    ...(exemplar("2024-01/orders/3").discount_applications as Json[]),
  ],
};

/** Nulls Shopify sends although the sample shows a value, with the documentation that says so. */
const ADDRESS_NULLABLE = (prefix: string) => ({
  [`${prefix}.first_name`]: "a buyer may give only a last name",
  [`${prefix}.phone`]: "the phone number is optional at checkout",
  [`${prefix}.company`]: "the company is optional at checkout",
  [`${prefix}.province`]: "countries without provinces (Greece, Germany, France) have none",
  [`${prefix}.province_code`]: "as province",
});
const ORDER_NULLABLE: Record<string, string> = {
  cancelled_at: "Order.cancelledAt: null if the order hasn't been canceled",
  cancel_reason: "Order.cancelReason: null if the order wasn't canceled",
  customer: "Order.customer: null for a checkout without customer authentication, such as a guest checkout",
  "customer.first_name": "a customer created from an email alone has no name",
  "customer.last_name": "as first_name",
  "customer.default_address": "a customer without a saved address",
  shipping_address: "an order with nothing to ship has no shipping address",
  billing_address: "as shipping_address",
  ...ADDRESS_NULLABLE("shipping_address"),
  ...ADDRESS_NULLABLE("billing_address"),
  ...ADDRESS_NULLABLE("fulfillments[].destination"),
  "fulfillments[].tracking_company": "a fulfillment without tracking details",
  "fulfillments[].tracking_number": "as tracking_company",
  "fulfillments[].tracking_url": "as tracking_company",
  "refunds[].note": "Refund.note is optional",
};

const RULES: Record<string, ShapeRules> = {
  "orders/paid": { elements: ORDER_ELEMENTS, nullable: ORDER_NULLABLE },
  "orders/fulfilled": { elements: ORDER_ELEMENTS, nullable: ORDER_NULLABLE },
  "orders/cancelled": { elements: ORDER_ELEMENTS, nullable: ORDER_NULLABLE },
  "orders/updated": { elements: ORDER_ELEMENTS, nullable: ORDER_NULLABLE },
  "refunds/create": { elements: { "refund_line_items[].line_item.tax_lines": [taxLine] }, nullable: { note: "Refund.note is optional" } },
  "customers/create": {
    nullable: {
      first_name: "a customer created from an email alone has no name",
      last_name: "as first_name",
      default_address: "a customer without a saved address",
      note: "optional",
    },
  },
  "fulfillment_events/create": {},
  "customers_email_marketing_consent/update": {},
  "app/uninstalled": {
    nullable: { phone: "a shop without a phone number", province: "Greece has no provinces", province_code: "as province" },
  },
  "customers/data_request": { nullable: { "customer.phone": "a customer without a phone number" } },
  "customers/redact": { nullable: { "customer.phone": "a customer without a phone number" } },
  "shop/redact": {},
};

/**
 * What Shopify leaves out for an app without protected customer data approval: the paths the
 * documented sample has and the real payload to such an app (2025-04) lacks, apart from fields
 * added to the API after 2025-04.
 */
const ADDED_AFTER_2025_04 = new Set([
  "line_item_groups",
  "line_items[].attributed_staffs",
  "line_items[].attributed_staffs[].id",
  "line_items[].attributed_staffs[].quantity",
]);
const redacted = exemplar("2025-04/orders/1");
const ORDER_WITHOUT_PCD = new Set(
  [...pathsOf(documentedSample("orders/paid"))].filter(
    (path) => !pathsOf(redacted).has(path) && !ADDED_AFTER_2025_04.has(path) && !path.startsWith("customer.default_address"),
  ),
);
const fulfillmentWithoutPcd = [...pathsOf(documentedSample("fulfillments/create"))].filter(
  (path) => !pathsOf((redacted.fulfillments as Json[])[0]!).has(path),
);
for (const path of fulfillmentWithoutPcd) ORDER_WITHOUT_PCD.add(`fulfillments[].${path}`);
const CUSTOMER_WITHOUT_PCD = new Set(
  [...ORDER_WITHOUT_PCD].filter((path) => path.startsWith("customer.")).map((path) => path.slice("customer.".length)),
);

function recordingStore(shop: ShopState, state: ReturnType<typeof createState>) {
  const sent: SendOptions[] = [];
  const sender = {
    async send(options: SendOptions): Promise<WebhookDelivery> {
      sent.push(options);
      return {
        webhookId: String(sent.length),
        eventId: "",
        topic: options.topic,
        shop: options.shop,
        url: null,
        apiVersion: "2026-10",
        triggeredAt: "",
        body: "",
        status: 200,
        error: null,
        attempts: 1,
        lastAttemptAt: "",
        forged: false,
      };
    },
  } as unknown as WebhookSender;
  return { actions: createStoreActions(state, sender), sent, shop };
}

function demo() {
  const state = createState();
  const shop = seedDemoShop(state, { baseUrl: "http://127.0.0.1:9" });
  const at = (index: number) => shop.customers[index]!.id;
  const variant = (handle: string) => shop.products.find((product) => product.handle === handle)!.variants[0]!.id;
  return { ...recordingStore(shop, state), at, variant };
}

function discount(id: string, fields: Partial<Discount> & Pick<Discount, "kind" | "title">): Discount {
  return {
    id,
    code: null,
    status: "ACTIVE",
    startsAt: "2026-01-01T00:00:00Z",
    endsAt: null,
    usageLimit: null,
    appliesOncePerCustomer: false,
    customerIds: null,
    value: null,
    minimumSubtotal: null,
    destinationCountryCodes: null,
    createdAt: "2026-01-01T00:00:00Z",
    ...fields,
  };
}

function expectDocumentedShapes(sent: SendOptions[], absent: { order?: ReadonlySet<string>; customer?: ReadonlySet<string> } = {}) {
  for (const { topic, payload } of sent) {
    const rules = RULES[topic];
    expect(rules, `a rule set for ${topic}`).toBeDefined();
    const body = JSON.parse(JSON.stringify(payload)) as JsonObject;
    const without = topic.startsWith("orders/") ? absent.order : topic === "customers/create" ? absent.customer : undefined;
    expect(shapeDifferences(documentedSample(topic), body, { ...rules, absent: without }), topic).toEqual([]);
  }
}

describe("the simulator's webhook bodies have Shopify's documented shapes", () => {
  it("an order's life: paid, fulfilled, delivered, refunded in part, cancelled; a customer signing up and changing consent", async () => {
    const { actions, sent, at, variant } = demo();
    const { customer } = await actions.createCustomer({ email: "new@example.com", firstName: "Nea", lastName: "Pelatis" });
    await actions.setEmailMarketingConsent({ customerId: customer.id, state: "SUBSCRIBED" });
    const { order } = await actions.placeOrder({
      customerId: at(0),
      lines: [
        { variantId: variant("thyme-honey"), quantity: 2 },
        { variantId: variant("ceramic-mug"), quantity: 1 },
      ],
    });
    await actions.fulfilOrder({ orderId: order.id });
    await actions.deliverOrder({ orderId: order.id });
    await actions.refundOrder({ orderId: order.id, lines: [{ lineItemId: order.lineItems[0]!.id, quantity: 1 }] });
    await actions.cancelOrder({ orderId: order.id });
    expect(sent.map((delivery) => delivery.topic)).toEqual([
      "customers/create",
      "customers_email_marketing_consent/update",
      "orders/paid",
      "orders/fulfilled",
      "fulfillment_events/create",
      "refunds/create",
      "orders/updated",
      "orders/cancelled",
    ]);
    expectDocumentedShapes(sent);
  });

  it("an order of three products refunded in parts: a line with restock, a goodwill amount, the rest to store credit", async () => {
    const { actions, sent, shop, at, variant } = demo();
    shop.tax = { title: "Sales tax", rate: 0.08875 };
    const { order } = await actions.placeOrder({
      customerId: at(0),
      lines: [
        { variantId: variant("thyme-honey"), quantity: 3 },
        { variantId: variant("ceramic-mug"), quantity: 1 },
        { variantId: variant("scented-candle"), quantity: 2 },
      ],
    });
    await actions.fulfilOrder({ orderId: order.id });
    await actions.refundOrder({ orderId: order.id, lines: [{ lineItemId: order.lineItems[0]!.id, quantity: 1 }], restock: true });
    await actions.refundOrder({ orderId: order.id, amount: "10.00", note: "Goodwill" });
    await actions.refundOrder({ orderId: order.id, method: "store_credit" });
    const refunds = sent.filter((delivery) => delivery.topic === "refunds/create").map((delivery) => delivery.payload as JsonObject);
    expect(refunds.map((refund) => (refund.refund_line_items as JsonObject[]).map((line) => [line.quantity, line.restock_type]))).toEqual([
      [[1, "return"]],
      [],
      [
        [2, "no_restock"],
        [1, "no_restock"],
        [2, "no_restock"],
      ],
    ]);
    expect(refunds.map((refund) => (refund.transactions as JsonObject[]).map((t) => [t.gateway, t.amount]))).toEqual([
      [["shopify_payments", "15.79"]], // 14.50 and its 1.29 tax
      [["shopify_payments", "10.00"]],
      [["shopify_store_credit", order.refunds[2]!.amount]],
    ]);
    expect(order.financialStatus).toBe("REFUNDED");
    expectDocumentedShapes(sent);
  });

  it("a tax-inclusive shop, another presentment currency, a discount code and an automatic free-shipping discount, refunds to store credit and pending", async () => {
    const { actions, sent, shop, at, variant } = demo();
    shop.taxesIncluded = true;
    shop.tax = { title: "GR VAT", rate: 0.24 };
    shop.discounts.push(
      discount("gid://shopify/DiscountCodeNode/1", { kind: "code_basic", title: "Ten off", code: "TEN", value: { percentage: 0.1 } }),
      discount("gid://shopify/DiscountAutomaticNode/2", {
        kind: "automatic_free_shipping",
        title: "Free shipping over 20",
        minimumSubtotal: "20.00",
        combinesWith: { orderDiscounts: true, productDiscounts: true, shippingDiscounts: true },
      }),
    );
    shop.discounts[0]!.combinesWith = { orderDiscounts: true, productDiscounts: true, shippingDiscounts: true };
    const { order } = await actions.placeOrder({
      customerId: at(1),
      lines: [{ variantId: variant("leather-sandals"), quantity: 1 }],
      presentmentCurrency: "EUR",
      discountCode: "TEN",
    });
    await actions.refundOrder({ orderId: order.id, amount: "20.00", storeCredit: "15.00", pending: true });
    const paid = sent.find((delivery) => delivery.topic === "orders/paid")!.payload as JsonObject;
    expect(paid).toMatchObject({
      taxes_included: true,
      presentment_currency: "EUR",
      current_shipping_price_set: { shop_money: { amount: "0.00" } },
      total_shipping_price_set: { shop_money: { amount: "5.00" } },
    });
    expect((paid.discount_applications as JsonObject[]).map((application) => application.type)).toEqual(["discount_code", "automatic"]);
    expect((paid.tax_lines as JsonObject[])[0]).toMatchObject({ title: "GR VAT", rate: 0.24 });
    const refund = sent.find((delivery) => delivery.topic === "refunds/create")!.payload as JsonObject;
    expect((refund.transactions as JsonObject[]).map(({ gateway, status }) => ({ gateway, status }))).toEqual([
      { gateway: "shopify_payments", status: "pending" },
      { gateway: "shopify_store_credit", status: "success" },
    ]);
    expectDocumentedShapes(sent);
  });

  it("a tax-exclusive shop with a free-shipping code, a test order and a guest checkout", async () => {
    const { actions, sent, shop, at, variant } = demo();
    shop.tax = { title: "Sales tax", rate: 0.08875 };
    shop.discounts.push(discount("gid://shopify/DiscountCodeNode/3", { kind: "code_free_shipping", title: "Ship free", code: "SHIPFREE" }));
    const taxed = await actions.placeOrder({
      customerId: at(2),
      lines: [{ variantId: variant("scented-candle"), quantity: 3 }],
      shippingCountry: "US",
      discountCode: "SHIPFREE",
    });
    await actions.refundOrder({ orderId: taxed.order.id });
    await actions.placeOrder({ customerId: at(0), lines: [{ variantId: variant("mountain-tea"), quantity: 1 }], test: true });
    await actions.placeOrder({
      guest: { email: "guest@example.com", lastName: "Xenou" },
      lines: [{ variantId: variant("olive-oil-soap"), quantity: 1 }],
    });
    expect(sent.map((delivery) => delivery.topic)).toEqual([
      "orders/paid",
      "refunds/create",
      "orders/updated",
      "orders/paid",
      "orders/paid",
    ]);
    const [taxedPaid, , refunded, testPaid, guestPaid] = sent.map((delivery) => delivery.payload as JsonObject);
    // The order after its full refund, as orders/updated carries it.
    expect(refunded).toMatchObject({ financial_status: "refunded", current_total_price: "0.00", total_price: "68.59" });
    expect(taxedPaid).toMatchObject({
      taxes_included: false,
      total_tax: "5.59",
      total_price: "68.59",
      discount_codes: [{ code: "SHIPFREE", type: "shipping", amount: "5.00" }],
    });
    expect(testPaid).toMatchObject({ test: true, payment_gateway_names: ["bogus"] });
    expect(guestPaid).toMatchObject({ customer: null, email: "guest@example.com" });
    expectDocumentedShapes(sent);
  });

  it("for an app without protected customer data approval, leaves out exactly what Shopify leaves out", async () => {
    const { actions, sent, shop, at, variant } = demo();
    shop.protectedCustomerData = false;
    await actions.createCustomer({ email: "private@example.com", firstName: "Idiotis" });
    const { order } = await actions.placeOrder({ customerId: at(3), lines: [{ variantId: variant("linen-tote-bag"), quantity: 1 }] });
    await actions.fulfilOrder({ orderId: order.id });
    expectDocumentedShapes(sent, { order: ORDER_WITHOUT_PCD, customer: CUSTOMER_WITHOUT_PCD });
    // Left out, not nulled: every path Shopify drops is gone.
    for (const { topic, payload } of sent) {
      const paths = pathsOf(JSON.parse(JSON.stringify(payload)) as Json);
      const dropped = topic === "customers/create" ? CUSTOMER_WITHOUT_PCD : ORDER_WITHOUT_PCD;
      expect(
        [...dropped].filter((path) => paths.has(path)),
        topic,
      ).toEqual([]);
    }
    expect([...ORDER_WITHOUT_PCD]).toEqual(
      expect.arrayContaining([
        "email",
        "contact_email",
        "customer.email",
        "customer.first_name",
        "shipping_address.name",
        "fulfillments[].email",
      ]),
    );
  });

  it("the app's lifecycle and the compliance topics", async () => {
    const { actions, sent, at } = demo();
    await actions.requestCustomerData({ customerId: at(0) });
    await actions.redactCustomer({ customerId: at(0) });
    await actions.uninstallApp();
    await actions.redactShop();
    expect(sent.map((delivery) => delivery.topic)).toEqual([
      "customers/data_request",
      "customers/redact",
      "app/uninstalled",
      "shop/redact",
    ]);
    expectDocumentedShapes(sent);
  });

  it("fails on a body that drifts from the sample", () => {
    const sample = documentedSample("orders/paid");
    const drifted = { ...sample, total_price: 404.95, invented_field: true } as JsonObject;
    delete drifted.current_shipping_price_set;
    expect(shapeDifferences(sample, drifted, RULES["orders/paid"])).toEqual([
      "current_shipping_price_set: missing",
      "total_price: number where Shopify's sample has string",
      "invented_field: not in Shopify's sample",
    ]);
  });
});
