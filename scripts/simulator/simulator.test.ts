// The Shopify simulator against the contracts the app relies on: Admin GraphQL shapes and
// errors, staged uploads, webhooks verified by @shopify/shopify-api, and app proxy signatures.
import "@shopify/shopify-api/adapters/node";
import { ApiVersion, LogSeverity, Session, shopifyApi } from "@shopify/shopify-api";
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { createHmac, timingSafeEqual } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { appProxyUrl, signAppProxyQuery } from "./app-proxy";
import { DEMO_ACCESS_TOKEN, DEMO_SHOP_DOMAIN } from "./demo-store";
import { startSimulator, type Simulator } from "./server";
import type { ShopState } from "./state";

const API_KEY = "test-api-key";
const API_SECRET = "test-api-secret";

const shopify = shopifyApi({
  apiKey: API_KEY,
  apiSecretKey: API_SECRET,
  hostName: "localhost",
  apiVersion: ApiVersion.October26,
  isEmbeddedApp: true,
  logger: { level: LogSeverity.Error },
});

// ---------------------------------------------------------------- a webhook receiver standing in for the app

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  validation: Awaited<ReturnType<typeof shopify.webhooks.validate>>;
}

let received: Received[] = [];
let receiverStatus = 200;
let receiver: Server;
let receiverUrl: string;
let configDir: string;
let sim: Simulator;
let shop: ShopState;

function fixtureToml(appUrl: string): string {
  // Stands in for the project's shopify.app.toml: relative URIs, regular and compliance topics.
  return `client_id = "${API_KEY}"
application_url = "${appUrl}"

[webhooks]
api_version = "2026-10"

  [[webhooks.subscriptions]]
  topics = ["orders/paid", "orders/fulfilled", "orders/cancelled", "refunds/create", "fulfillment_events/create", "customers/create", "app/uninstalled"]
  uri = "/webhooks"

  [[webhooks.subscriptions]]
  compliance_topics = ["customers/data_request", "customers/redact", "shop/redact"]
  uri = "/webhooks/compliance"
`;
}

beforeAll(async () => {
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", async () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const validation = await shopify.webhooks.validate({ rawBody: body, rawRequest: request, rawResponse: response });
      received.push({ path: request.url ?? "", headers: request.headers, body, validation });
      response.writeHead(receiverStatus).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

  configDir = mkdtempSync(join(tmpdir(), "simulator-test-"));
  writeFileSync(join(configDir, "shopify.app.toml"), fixtureToml(receiverUrl));
  sim = await startSimulator({ port: 0, appUrl: receiverUrl, apiKey: API_KEY, apiSecret: API_SECRET, appConfigPath: join(configDir, "shopify.app.toml") });
  shop = sim.state.shops.get(DEMO_SHOP_DOMAIN) as ShopState;
});

afterAll(async () => {
  await sim.close();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
  rmSync(configDir, { recursive: true, force: true });
});

beforeEach(() => {
  received = [];
  receiverStatus = 200;
});

// ---------------------------------------------------------------- helpers

interface GraphqlBody<T> {
  data?: T;
  errors?: { message: string; locations?: unknown; path?: unknown; extensions?: Record<string, unknown> }[];
  extensions?: { cost: { requestedQueryCost: number; actualQueryCost: number; throttleStatus: Record<string, number> } };
}

async function admin<T>(query: string, variables: Record<string, unknown> = {}, token = DEMO_ACCESS_TOKEN): Promise<{ status: number; body: GraphqlBody<T> }> {
  const response = await fetch(`${sim.url}/admin/api/2026-10/graphql.json`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-shopify-access-token": token, "x-shopify-shop-domain": DEMO_SHOP_DOMAIN },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as GraphqlBody<T> };
}

async function adminData<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const { status, body } = await admin<T>(query, variables);
  expect(status).toBe(200);
  expect(body.errors).toBeUndefined();
  return body.data as T;
}

const payloadOf = (entry: Received) => JSON.parse(entry.body) as Record<string, unknown>;
const customerByEmail = (email: string) => shop.customers.find((customer) => customer.email === email)!;
const variantOf = (handle: string, index = 0) => shop.products.find((product) => product.handle === handle)!.variants[index].id;

// ---------------------------------------------------------------- Admin GraphQL

describe("Admin GraphQL", () => {
  it("refuses a wrong access token with Shopify's 401 body", async () => {
    const { status, body } = await admin("{ shop { name } }", {}, "shpat_wrong");
    expect(status).toBe(401);
    expect(body).toEqual({ errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" });
  });

  it("answers the shopify-api GraphQL client when https://{shop}/admin is rewritten to it, as the app does", async () => {
    const realFetch = globalThis.fetch;
    setAbstractFetchFunc((input, init) => {
      const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
      const headers = new Headers(init?.headers);
      headers.set("X-Shopify-Shop-Domain", url.host);
      return realFetch(`${sim.url}${url.pathname}${url.search}`, { ...init, headers });
    });
    try {
      const session = new Session({ id: "offline_demo", shop: DEMO_SHOP_DOMAIN, state: "", isOnline: false, accessToken: DEMO_ACCESS_TOKEN });
      const client = new shopify.clients.Graphql({ session });
      const response = await client.request<{ shop: { name: string; currencyCode: string; ianaTimezone: string }; shopLocales: { locale: string; primary: boolean }[] }>(
        `query { shop { name currencyCode ianaTimezone } shopLocales { locale primary } }`,
      );
      expect(response.data?.shop).toEqual({ name: "Demo Retention Store", currencyCode: "USD", ianaTimezone: "Europe/Athens" });
      expect(response.data?.shopLocales).toEqual([
        { locale: "en", primary: true },
        { locale: "el", primary: false },
      ]);
      expect(response.extensions?.cost).toMatchObject({ requestedQueryCost: expect.any(Number), throttleStatus: { maximumAvailable: 2000 } });
    } finally {
      setAbstractFetchFunc(realFetch);
    }
  });

  it("reports invalid queries the way Shopify does", async () => {
    const { status, body } = await admin("query ShopInfo { shop { nme } }");
    expect(status).toBe(200);
    expect(body.errors).toEqual([
      {
        message: "Field 'nme' doesn't exist on type 'Shop'",
        locations: [{ line: 1, column: 25 }],
        path: ["query ShopInfo", "shop", "nme"],
        extensions: { code: "undefinedField", typeName: "Shop", fieldName: "nme" },
      },
    ]);
    const unpaged = await admin("{ products { nodes { id } } }");
    expect(unpaged.body.errors?.[0]).toMatchObject({ message: "you must provide one of first or last", path: ["products"] });
  });

  it("pages products with Shopify's connection shape and search syntax", async () => {
    type Page = { products: { nodes: { handle: string }[]; edges: { cursor: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string; hasPreviousPage: boolean } } };
    const query = `query Products($first: Int!, $after: String, $query: String) {
      products(first: $first, after: $after, query: $query) { nodes { handle } edges { cursor } pageInfo { hasNextPage endCursor hasPreviousPage startCursor } }
    }`;
    const first = await adminData<Page>(query, { first: 5 });
    expect(first.products.nodes).toHaveLength(5);
    expect(first.products.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false, endCursor: first.products.edges[4].cursor });
    const rest = await adminData<Page>(query, { first: 5, after: first.products.pageInfo.endCursor });
    expect(rest.products.nodes).toHaveLength(shop.products.length - 5);
    expect(rest.products.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const honey = await adminData<Page>(query, { first: 10, query: "title:thyme* OR handle:mountain-tea" });
    expect(honey.products.nodes.map((node) => node.handle)).toEqual(["mountain-tea", "thyme-honey"]);
  });

  it("finds customers by email with Shopify's field types", async () => {
    const data = await adminData<{ customers: { nodes: Record<string, unknown>[] } }>(
      `{ customers(first: 5, query: "email:maria.papadopoulou@example.com") {
          nodes { email locale displayName numberOfOrders amountSpent { amount currencyCode } emailMarketingConsent { marketingState } }
      } }`,
    );
    expect(data.customers.nodes).toEqual([
      {
        email: "maria.papadopoulou@example.com",
        locale: "el",
        displayName: "Μαρία Παπαδοπούλου",
        numberOfOrders: "1", // UnsignedInt64 is a string
        amountSpent: { amount: "67.0", currencyCode: "USD" }, // Decimal: no padding zero
        emailMarketingConsent: { marketingState: "SUBSCRIBED" },
      },
    ]);
  });

  it("round-trips metafields through metafieldsSet, reads and metafieldsDelete", async () => {
    const product = shop.products[0];
    const set = await adminData<{ metafieldsSet: { metafields: { id: string; namespace: string; key: string; type: string; value: string }[]; userErrors: unknown[] } }>(
      `mutation Set($metafields: [MetafieldsSetInput!]!) {
        metafieldsSet(metafields: $metafields) { metafields { id namespace key type value } userErrors { field message code } }
      }`,
      {
        metafields: [
          { ownerId: product.id, namespace: "reviews", key: "rating", type: "rating", value: JSON.stringify({ value: "4.5", scale_min: "1", scale_max: "5" }) },
          { ownerId: product.id, namespace: "reviews", key: "rating_count", type: "number_integer", value: "12" },
        ],
      },
    );
    expect(set.metafieldsSet.userErrors).toEqual([]);
    expect(set.metafieldsSet.metafields.map((m) => `${m.namespace}.${m.key}:${m.type}`)).toEqual(["reviews.rating:rating", "reviews.rating_count:number_integer"]);

    const shopId = (await adminData<{ shop: { id: string } }>("{ shop { id } }")).shop.id;
    await adminData(`mutation($m: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $m) { userErrors { message } } }`, {
      m: [{ ownerId: shopId, namespace: "$app", key: "settings", type: "json", value: '{ "threshold": 50 }' }],
    });

    const read = await adminData<{
      product: { rating: { value: string; jsonValue: unknown } | null; all: { nodes: { key: string }[] } };
      shop: { metafield: { namespace: string; value: string; jsonValue: unknown } };
    }>(
      `query($id: ID!) {
        product(id: $id) { rating: metafield(namespace: "reviews", key: "rating") { value jsonValue } all: metafields(first: 10, namespace: "reviews") { nodes { key } } }
        shop { metafield(namespace: "$app", key: "settings") { namespace value jsonValue } }
      }`,
      { id: product.id },
    );
    expect(read.product.rating?.jsonValue).toEqual({ value: "4.5", scale_min: "1", scale_max: "5" });
    expect(read.product.all.nodes.map((node) => node.key)).toEqual(["rating", "rating_count"]);
    // "$app" is stored resolved, and JSON is stored re-serialized.
    expect(read.shop.metafield).toEqual({ namespace: expect.stringMatching(/^app--\d+$/), value: '{"threshold":50}', jsonValue: { threshold: 50 } });

    const fromState = (await (await fetch(`${sim.url}/state/${DEMO_SHOP_DOMAIN}/metafields?ownerId=${encodeURIComponent(product.id)}`)).json()) as { key: string }[];
    expect(fromState.map((m) => m.key)).toEqual(["rating", "rating_count"]);

    const deleted = await adminData<{ metafieldsDelete: { deletedMetafields: ({ key: string } | null)[] } }>(
      `mutation($m: [MetafieldIdentifierInput!]!) { metafieldsDelete(metafields: $m) { deletedMetafields { ownerId namespace key } userErrors { message } } }`,
      { m: [{ ownerId: product.id, namespace: "reviews", key: "rating_count" }, { ownerId: product.id, namespace: "reviews", key: "missing" }] },
    );
    expect(deleted.metafieldsDelete.deletedMetafields).toEqual([{ ownerId: product.id, namespace: "reviews", key: "rating_count" }, null]);
  });

  it("validates metafieldsSet atomically, with Shopify's error shape and limits", async () => {
    const product = shop.products[1];
    const before = shop.metafields.length;
    const mutation = `mutation($m: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $m) { metafields { id } userErrors { field message code elementIndex } } }`;
    const bad = await adminData<{ metafieldsSet: { metafields: null; userErrors: unknown[] } }>(mutation, {
      m: [
        { ownerId: product.id, namespace: "reviews", key: "ok", type: "single_line_text_field", value: "fine" },
        { ownerId: product.id, namespace: "reviews", key: "count", type: "number_integer", value: "12.5" },
        { ownerId: product.id, namespace: "reviews", key: "stars", type: "rating", value: JSON.stringify({ value: "7", scale_min: "1", scale_max: "5" }) },
        { ownerId: product.id, namespace: "reviews", key: "flag", type: "boolean", value: "yes" },
        { ownerId: product.id, namespace: "reviews", key: "blob", type: "json", value: "{oops" },
        { ownerId: product.id, namespace: "reviews", key: "what", type: "not_a_type", value: "x" },
      ],
    });
    expect(bad.metafieldsSet.metafields).toBeNull();
    expect(bad.metafieldsSet.userErrors).toEqual([
      { field: ["metafields", "1", "value"], message: "Value must be an integer.", code: "INVALID_VALUE", elementIndex: null },
      { field: ["metafields", "2", "value"], message: "Value must be between 1 and 5.", code: "INVALID_VALUE", elementIndex: null },
      { field: ["metafields", "3", "value"], message: "Value must be true or false.", code: "INVALID_VALUE", elementIndex: null },
      { field: ["metafields", "4", "value"], message: expect.stringMatching(/^Value is invalid JSON/), code: "INVALID_VALUE", elementIndex: null },
      { field: ["metafields", "5", "type"], message: expect.any(String), code: "INVALID_TYPE", elementIndex: null },
    ]);
    expect(shop.metafields).toHaveLength(before); // the valid first input was not written either

    const tooMany = await adminData<{ metafieldsSet: { userErrors: { code: string }[] } }>(mutation, {
      m: Array.from({ length: 26 }, (_, index) => ({ ownerId: product.id, namespace: "reviews", key: `k${index}x`, type: "number_integer", value: "1" })),
    });
    expect(tooMany.metafieldsSet.userErrors).toEqual([expect.objectContaining({ code: "LESS_THAN_OR_EQUAL_TO", field: ["metafields"] })]);

    // compareDigest: null means "must not exist yet"; a stale digest is refused.
    const digestMutation = `mutation($m: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $m) { metafields { compareDigest } userErrors { code } } }`;
    const created = await adminData<{ metafieldsSet: { metafields: { compareDigest: string }[]; userErrors: unknown[] } }>(digestMutation, {
      m: [{ ownerId: product.id, namespace: "reviews", key: "guarded", type: "number_integer", value: "1", compareDigest: null }],
    });
    expect(created.metafieldsSet.userErrors).toEqual([]);
    const stale = await adminData<{ metafieldsSet: { userErrors: { code: string }[] } }>(digestMutation, {
      m: [{ ownerId: product.id, namespace: "reviews", key: "guarded", type: "number_integer", value: "2", compareDigest: "stale" }],
    });
    expect(stale.metafieldsSet.userErrors).toEqual([{ code: "STALE_OBJECT" }]);
    const fresh = await adminData<{ metafieldsSet: { userErrors: unknown[] } }>(digestMutation, {
      m: [{ ownerId: product.id, namespace: "reviews", key: "guarded", type: "number_integer", value: "2", compareDigest: created.metafieldsSet.metafields[0].compareDigest }],
    });
    expect(fresh.metafieldsSet.userErrors).toEqual([]);
  });

  it("creates code discounts, refuses a duplicate code like Shopify, and applies the code at checkout", async () => {
    const alex = customerByEmail("alex.morgan@example.com");
    const create = `mutation Create($basicCodeDiscount: DiscountCodeBasicInput!) {
      discountCodeBasicCreate(basicCodeDiscount: $basicCodeDiscount) {
        codeDiscountNode { id codeDiscount { ... on DiscountCodeBasic { title status codes(first: 1) { nodes { code } } } } }
        userErrors { field message code }
      }
    }`;
    const input = {
      title: "Thank you 15%",
      code: "THANKS-ALEX",
      startsAt: "2025-01-01T00:00:00Z",
      usageLimit: 1,
      appliesOncePerCustomer: true,
      context: { customers: { add: [alex.id] } },
      customerGets: { value: { percentage: 0.15 }, items: { all: true } },
      minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: "20.00" } },
    };
    type CreatePayload = { discountCodeBasicCreate: { codeDiscountNode: { id: string; codeDiscount: Record<string, unknown> } | null; userErrors: unknown[] } };
    const created = await adminData<CreatePayload>(create, { basicCodeDiscount: input });
    expect(created.discountCodeBasicCreate.userErrors).toEqual([]);
    expect(created.discountCodeBasicCreate.codeDiscountNode?.id).toMatch(/^gid:\/\/shopify\/DiscountCodeNode\/\d+$/);
    expect(created.discountCodeBasicCreate.codeDiscountNode?.codeDiscount).toEqual({ title: "Thank you 15%", status: "ACTIVE", codes: { nodes: [{ code: "THANKS-ALEX" }] } });

    const duplicate = await adminData<CreatePayload>(create, { basicCodeDiscount: { ...input, title: "Again", code: "thanks-alex" } });
    expect(duplicate.discountCodeBasicCreate).toEqual({
      codeDiscountNode: null,
      userErrors: [{ field: ["basicCodeDiscount", "code"], message: "Code must be unique. Please try a different code.", code: "TAKEN" }],
    });

    const byCode = await adminData<{ codeDiscountNodeByCode: { codeDiscount: Record<string, unknown> } }>(
      `{ codeDiscountNodeByCode(code: "THANKS-ALEX") { codeDiscount { ... on DiscountCodeBasic {
          summary asyncUsageCount usageLimit appliesOncePerCustomer
          customerGets { value { ... on DiscountPercentage { percentage } } items { ... on AllDiscountItems { allItems } } }
          minimumRequirement { ... on DiscountMinimumSubtotal { greaterThanOrEqualToSubtotal { amount currencyCode } } }
          context { ... on DiscountCustomers { customers { email } } }
      } } } }`,
    );
    expect(byCode.codeDiscountNodeByCode.codeDiscount).toEqual({
      summary: "15% off entire order • Minimum purchase of $20.00 • For 1 customer • One use per customer • Limit of 1 use",
      asyncUsageCount: 0,
      usageLimit: 1,
      appliesOncePerCustomer: true,
      customerGets: { value: { percentage: 0.15 }, items: { allItems: true } },
      minimumRequirement: { greaterThanOrEqualToSubtotal: { amount: "20.0", currencyCode: "USD" } },
      context: { customers: [{ email: "alex.morgan@example.com" }] },
    });

    // Another customer cannot use it; Alex can, once.
    await expect(
      sim.actions.placeOrder({ customerId: customerByEmail("emma.clarke@example.com").id, lines: [{ variantId: variantOf("scented-candle"), quantity: 1 }], discountCode: "THANKS-ALEX" }),
    ).rejects.toThrow(/isn’t available/);
    const { order } = await sim.actions.placeOrder({ customerId: alex.id, lines: [{ variantId: variantOf("cotton-beach-towel"), quantity: 1 }], discountCode: "thanks-alex", shippingCountry: "US" });
    expect(order).toMatchObject({ discountCodes: ["THANKS-ALEX"], totalDiscounts: "4.80", subtotalPrice: "27.20", totalShipping: "5.00", totalPrice: "32.20" });
    await expect(
      sim.actions.placeOrder({ customerId: alex.id, lines: [{ variantId: variantOf("cotton-beach-towel"), quantity: 1 }], discountCode: "THANKS-ALEX" }),
    ).rejects.toThrow(/isn’t available/);
    const discounts = (await (await fetch(`${sim.url}/state/${DEMO_SHOP_DOMAIN}/discounts`)).json()) as { code: string; usageCount: number }[];
    expect(discounts.find((discount) => discount.code === "THANKS-ALEX")?.usageCount).toBe(1);
    expect(received.find((entry) => entry.headers["x-shopify-topic"] === "orders/paid")).toBeDefined();
    expect(payloadOf(received.find((entry) => entry.headers["x-shopify-topic"] === "orders/paid")!).discount_codes).toEqual([
      { code: "THANKS-ALEX", amount: "4.80", type: "percentage" },
    ]);
  });

  it("manages an automatic free-shipping threshold that checkout honours", async () => {
    type Payload = { automaticDiscountNode: { id: string; automaticDiscount: Record<string, unknown> } | null; userErrors: unknown[] };
    const fields = `automaticDiscountNode { id automaticDiscount { ... on DiscountAutomaticFreeShipping {
        title status
        minimumRequirement { ... on DiscountMinimumSubtotal { greaterThanOrEqualToSubtotal { amount } } }
        destinationSelection { ... on DiscountCountries { countries includeRestOfWorld } ... on DiscountCountryAll { allCountries } }
      } } } userErrors { field message code }`;
    const created = await adminData<{ discountAutomaticFreeShippingCreate: Payload }>(
      `mutation($input: DiscountAutomaticFreeShippingInput!) { discountAutomaticFreeShippingCreate(freeShippingAutomaticDiscount: $input) { ${fields} } }`,
      {
        input: {
          title: "Free shipping over $60",
          startsAt: "2025-01-01T00:00:00Z",
          minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: 60 } },
          destination: { countries: { add: ["GR", "CY"], includeRestOfWorld: false } },
          combinesWith: { orderDiscounts: true },
        },
      },
    );
    const node = created.discountAutomaticFreeShippingCreate.automaticDiscountNode!;
    expect(node.automaticDiscount).toEqual({
      title: "Free shipping over $60",
      status: "ACTIVE",
      minimumRequirement: { greaterThanOrEqualToSubtotal: { amount: "60.0" } },
      destinationSelection: { countries: ["GR", "CY"], includeRestOfWorld: false },
    });

    const nikos = customerByEmail("nikos.georgiou@example.com");
    const sandals = { customerId: nikos.id, lines: [{ variantId: variantOf("leather-sandals"), quantity: 1 }] };
    expect((await sim.actions.placeOrder({ ...sandals, shippingCountry: "GR" })).order.totalShipping).toBe("0.00");
    expect((await sim.actions.placeOrder({ ...sandals, shippingCountry: "US" })).order.totalShipping).toBe("5.00");

    const updated = await adminData<{ discountAutomaticFreeShippingUpdate: Payload }>(
      `mutation($id: ID!, $input: DiscountAutomaticFreeShippingInput!) { discountAutomaticFreeShippingUpdate(id: $id, freeShippingAutomaticDiscount: $input) { ${fields} } }`,
      { id: node.id, input: { minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: "100.00" } }, destination: { all: true } } },
    );
    expect(updated.discountAutomaticFreeShippingUpdate.automaticDiscountNode?.automaticDiscount).toMatchObject({
      minimumRequirement: { greaterThanOrEqualToSubtotal: { amount: "100.0" } },
      destinationSelection: { allCountries: true },
    });
    expect((await sim.actions.placeOrder({ ...sandals, shippingCountry: "US" })).order.totalShipping).toBe("5.00");

    const listed = await adminData<{ discountNodes: { nodes: { id: string; discount: { __typename: string; title: string } }[] } }>(
      `{ discountNodes(first: 20) { nodes { id discount { __typename ... on DiscountAutomaticFreeShipping { title } ... on DiscountCodeBasic { title } ... on DiscountCodeFreeShipping { title } } } } }`,
    );
    expect(listed.discountNodes.nodes).toContainEqual({
      id: node.id.replace("DiscountAutomaticNode", "DiscountNode"),
      discount: { __typename: "DiscountAutomaticFreeShipping", title: "Free shipping over $60" },
    });

    const removed = await adminData<{ discountAutomaticDelete: { deletedAutomaticDiscountId: string; userErrors: unknown[] } }>(
      `mutation($id: ID!) { discountAutomaticDelete(id: $id) { deletedAutomaticDiscountId userErrors { message } } }`,
      { id: node.id },
    );
    expect(removed.discountAutomaticDelete).toEqual({ deletedAutomaticDiscountId: node.id, userErrors: [] });
    const automatic = await adminData<{ automaticDiscountNodes: { nodes: unknown[] } }>("{ automaticDiscountNodes(first: 5) { nodes { id } } }");
    expect(automatic.automaticDiscountNodes.nodes).toEqual([]);
  });

  it("creates, lists and deletes free-shipping codes", async () => {
    const created = await adminData<{ discountCodeFreeShippingCreate: { codeDiscountNode: { id: string }; userErrors: unknown[] } }>(
      `mutation($input: DiscountCodeFreeShippingInput!) {
        discountCodeFreeShippingCreate(freeShippingCodeDiscount: $input) { codeDiscountNode { id } userErrors { field message code } }
      }`,
      { input: { title: "Ship free", code: "SHIPFREE", startsAt: "2025-01-01T00:00:00Z", context: { all: "ALL" }, destination: { all: true } } },
    );
    expect(created.discountCodeFreeShippingCreate.userErrors).toEqual([]);
    const { id } = created.discountCodeFreeShippingCreate.codeDiscountNode;

    const listed = await adminData<{ codeDiscountNodes: { nodes: { id: string; codeDiscount: Record<string, unknown> }[] } }>(
      `{ codeDiscountNodes(first: 10, query: "discount_type:free_shipping") { nodes { id codeDiscount { __typename ... on DiscountCodeFreeShipping {
          title destinationSelection { ... on DiscountCountryAll { allCountries } } context { ... on DiscountBuyerSelectionAll { all } }
      } } } } }`,
    );
    expect(listed.codeDiscountNodes.nodes).toEqual([
      { id, codeDiscount: { __typename: "DiscountCodeFreeShipping", title: "Ship free", destinationSelection: { allCountries: true }, context: { all: "ALL" } } },
    ]);

    const { order } = await sim.actions.placeOrder({ email: "alex.morgan@example.com", lines: [{ variantId: variantOf("mountain-tea"), quantity: 1 }], discountCode: "SHIPFREE" });
    expect(order).toMatchObject({ totalShipping: "0.00", totalPrice: "6.90", discountCodes: ["SHIPFREE"] });

    const deleted = await adminData<{ discountCodeDelete: { deletedCodeDiscountId: string | null; userErrors: { message: string }[] } }>(
      `mutation($id: ID!) { discountCodeDelete(id: $id) { deletedCodeDiscountId userErrors { field message code } } }`,
      { id },
    );
    expect(deleted.discountCodeDelete).toEqual({ deletedCodeDiscountId: id, userErrors: [] });
    const again = await adminData<{ discountCodeDelete: { deletedCodeDiscountId: string | null; userErrors: unknown[] } }>(
      `mutation($id: ID!) { discountCodeDelete(id: $id) { deletedCodeDiscountId userErrors { field message code } } }`,
      { id },
    );
    expect(again.discountCodeDelete).toEqual({ deletedCodeDiscountId: null, userErrors: [{ field: ["id"], message: "Discount does not exist", code: "INVALID" }] });
  });

  it("accepts PUT uploads to staged targets as well", async () => {
    const staged = await adminData<{ stagedUploadsCreate: { stagedTargets: { url: string; resourceUrl: string; parameters: { name: string; value: string }[] }[] } }>(
      `mutation($input: [StagedUploadInput!]!) { stagedUploadsCreate(input: $input) { stagedTargets { url resourceUrl parameters { name value } } } }`,
      { input: [{ filename: "terms.txt", mimeType: "text/plain", resource: "FILE" }] }, // httpMethod defaults to PUT
    );
    const [target] = staged.stagedUploadsCreate.stagedTargets;
    expect(target.parameters.map((parameter) => parameter.name)).toEqual(["content_type", "acl"]);
    const upload = await fetch(target.url, { method: "PUT", headers: { "content-type": "text/plain" }, body: "Be kind." });
    expect(upload.status).toBe(200);
    const created = await adminData<{ fileCreate: { files: { id: string }[] } }>(
      `mutation($files: [FileCreateInput!]!) { fileCreate(files: $files) { files { id } userErrors { message } } }`,
      { files: [{ originalSource: target.resourceUrl, contentType: "FILE" }] },
    );
    const [file] = created.fileCreate.files;
    const read = await adminData<{ node: { url: string; mimeType: string; originalFileSize: number } }>(
      `query($id: ID!) { node(id: $id) { ... on GenericFile { url mimeType originalFileSize } } }`,
      { id: file.id },
    );
    expect(read.node).toMatchObject({ mimeType: "text/plain", originalFileSize: 8 });
    expect(await (await fetch(read.node.url)).text()).toBe("Be kind.");
  });

  it("uploads a file through a staged upload target and serves it after fileCreate", async () => {
    const png = Buffer.from("89504e470d0a1a0a0000000d4948445200000001000000010806000000", "hex");
    const staged = await adminData<{ stagedUploadsCreate: { stagedTargets: { url: string; resourceUrl: string; parameters: { name: string; value: string }[] }[] } }>(
      `mutation($input: [StagedUploadInput!]!) { stagedUploadsCreate(input: $input) { stagedTargets { url resourceUrl parameters { name value } } userErrors { field message } } }`,
      { input: [{ filename: "review photo.png", mimeType: "image/png", resource: "IMAGE", httpMethod: "POST", fileSize: String(png.length) }] },
    );
    const [target] = staged.stagedUploadsCreate.stagedTargets;
    expect(target.url.startsWith(sim.url)).toBe(true);

    // Exactly how Shopify's docs upload to a staged target: the parameters, then the file last.
    const form = new FormData();
    for (const { name, value } of target.parameters) form.append(name, value);
    form.append("file", new Blob([png], { type: "image/png" }), "review photo.png");
    const upload = await fetch(target.url, { method: "POST", body: form });
    expect(upload.status).toBe(201);

    const forged = new FormData();
    for (const { name, value } of target.parameters) forged.append(name, name === "x-goog-signature" ? "0".repeat(64) : value);
    forged.append("file", new Blob([png]), "x.png");
    expect((await fetch(target.url, { method: "POST", body: forged })).status).toBe(403);

    type FilePayload = { fileCreate: { files: { id: string; alt: string; fileStatus: string; image: { url: string } | null }[] | null; userErrors: unknown[] } };
    const created = await adminData<FilePayload>(
      `mutation($files: [FileCreateInput!]!) { fileCreate(files: $files) { files { id alt fileStatus ... on MediaImage { image { url } } } userErrors { field message code } } }`,
      { files: [{ originalSource: target.resourceUrl, alt: "Customer photo", contentType: "IMAGE" }] },
    );
    expect(created.fileCreate.userErrors).toEqual([]);
    const [file] = created.fileCreate.files!;
    // Like Shopify, the file is still processing in the mutation's own response.
    expect(file).toMatchObject({ id: expect.stringMatching(/^gid:\/\/shopify\/MediaImage\/\d+$/), alt: "Customer photo", fileStatus: "UPLOADED", image: null });

    const ready = await adminData<{ node: { fileStatus: string; image: { url: string } } }>(
      `query($id: ID!) { node(id: $id) { ... on MediaImage { fileStatus image { url } } } }`,
      { id: file.id },
    );
    expect(ready.node.fileStatus).toBe("READY");
    const served = await fetch(ready.node.image.url);
    expect(served.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await served.arrayBuffer())).toEqual(png);

    const listed = await adminData<{ files: { nodes: { id: string }[] } }>(`{ files(first: 10, query: "media_type:IMAGE") { nodes { id } } }`);
    expect(listed.files.nodes).toContainEqual({ id: file.id });

    const missing = await adminData<FilePayload>(
      `mutation($files: [FileCreateInput!]!) { fileCreate(files: $files) { files { id } userErrors { field message code } } }`,
      { files: [{ originalSource: `${sim.url}/staged-uploads/tmp/none` }] },
    );
    expect(missing.fileCreate.userErrors).toEqual([expect.objectContaining({ field: ["files", "0", "originalSource"] })]);
  });

  it("serves products' images as SVGs from the simulator", async () => {
    const data = await adminData<{ products: { nodes: { featuredImage: { url: string } }[] } }>("{ products(first: 1) { nodes { featuredImage { url } } } }");
    const image = await fetch(data.products.nodes[0].featuredImage.url);
    expect(image.headers.get("content-type")).toBe("image/svg+xml");
    expect(await image.text()).toContain("<svg");
  });
});

// ---------------------------------------------------------------- webhooks

describe("webhooks", () => {
  const topicOf = (entry: Received) => entry.headers["x-shopify-topic"];

  it("sends orders/paid signed so that @shopify/shopify-api validates it, in Shopify's REST shape", async () => {
    const maria = customerByEmail("maria.papadopoulou@example.com");
    const { order, webhook } = await sim.actions.placeOrder({
      customerId: maria.id,
      lines: [{ variantId: variantOf("thyme-honey", 0), quantity: 2 }],
      presentmentCurrency: "EUR",
      shippingCountry: "GR",
    });
    expect(webhook.status).toBe(200);
    const [delivery] = received;
    expect(delivery.path).toBe("/webhooks");
    expect(delivery.validation).toMatchObject({ valid: true, topic: "ORDERS_PAID", domain: DEMO_SHOP_DOMAIN, apiVersion: "2026-10", webhookId: webhook.webhookId });
    expect(delivery.headers).toMatchObject({
      "content-type": "application/json",
      "x-shopify-topic": "orders/paid",
      "x-shopify-shop-domain": DEMO_SHOP_DOMAIN,
      "x-shopify-webhook-id": webhook.webhookId,
      "x-shopify-event-id": expect.any(String),
      "x-shopify-triggered-at": expect.any(String),
    });
    // Manual check of the documented algorithm too: base64 HMAC-SHA256 of the raw body.
    expect(delivery.headers["x-shopify-hmac-sha256"]).toBe(createHmac("sha256", API_SECRET).update(delivery.body).digest("base64"));

    const payload = payloadOf(delivery);
    expect(payload).toMatchObject({
      id: Number(order.id.split("/").pop()),
      admin_graphql_api_id: order.id,
      name: order.name,
      email: maria.email,
      customer: { id: Number(maria.id.split("/").pop()), email: maria.email, first_name: "Μαρία", last_name: "Παπαδοπούλου", admin_graphql_api_id: maria.id },
      currency: "USD",
      presentment_currency: "EUR",
      financial_status: "paid",
      fulfillment_status: null,
      cancelled_at: null,
      customer_locale: "el",
      subtotal_price: "29.00",
      total_price: "34.00",
      total_tax: "0.00",
      total_discounts: "0.00",
      total_price_set: { shop_money: { amount: "34.00", currency_code: "USD" }, presentment_money: { amount: "31.28", currency_code: "EUR" } },
      subtotal_price_set: { shop_money: { amount: "29.00", currency_code: "USD" } },
      current_total_price_set: { shop_money: { amount: "34.00", currency_code: "USD" } },
      total_shipping_price_set: { shop_money: { amount: "5.00", currency_code: "USD" } },
      discount_codes: [],
      shipping_address: { country_code: "GR" },
      processed_at: order.processedAt,
      created_at: order.processedAt,
    });
    expect((payload.line_items as Record<string, unknown>[])[0]).toMatchObject({
      id: Number(order.lineItems[0].id.split("/").pop()),
      admin_graphql_api_id: order.lineItems[0].id,
      product_id: Number(order.lineItems[0].productId.split("/").pop()),
      variant_id: Number(order.lineItems[0].variantId.split("/").pop()),
      title: "Thyme Honey",
      quantity: 2,
      price: "14.50",
      price_set: { shop_money: { amount: "14.50", currency_code: "USD" }, presentment_money: { amount: "13.34", currency_code: "EUR" } },
    });
  });

  it("re-sends a delivery with the same webhook id, as Shopify's retries do", async () => {
    receiverStatus = 500;
    const { webhook } = await sim.actions.createCustomer({ email: "retry@example.com", firstName: "Re", lastName: "Try", locale: "el" });
    expect(webhook.status).toBe(500);
    receiverStatus = 200;
    const retried = await sim.webhooks.redeliver(webhook.webhookId);
    expect(retried).toMatchObject({ status: 200, attempts: 2, webhookId: webhook.webhookId });
    expect(received.map((entry) => entry.headers["x-shopify-webhook-id"])).toEqual([webhook.webhookId, webhook.webhookId]);
    expect(received[0].body).toBe(received[1].body);
    expect(received[0].headers["x-shopify-triggered-at"]).toBe(received[1].headers["x-shopify-triggered-at"]);
    expect(payloadOf(received[0])).toMatchObject({ email: "retry@example.com", first_name: "Re", admin_graphql_api_id: expect.stringMatching(/^gid:\/\/shopify\/Customer\//) });
  });

  it("can sign with the wrong secret, which the app must reject", async () => {
    const { webhook } = await sim.actions.createCustomer({ email: "forged@example.com" });
    await sim.webhooks.redeliver(webhook.webhookId, { secret: "not-the-app-secret" });
    expect(received[0].validation.valid).toBe(true);
    expect(received[1].validation).toMatchObject({ valid: false, reason: "invalid_hmac" });
    expect(sim.webhooks.deliveries.find((d) => d.webhookId === webhook.webhookId)?.forged).toBe(true);
  });

  it("follows an order through fulfilment, delivery, refund and cancellation", async () => {
    const emma = customerByEmail("emma.clarke@example.com");
    const { order } = await sim.actions.placeOrder({
      customerId: emma.id,
      lines: [
        { variantId: variantOf("scented-candle"), quantity: 2 },
        { variantId: variantOf("olive-oil-soap"), quantity: 1 },
      ],
      presentmentCurrency: "GBP",
      shippingCountry: "GB",
    });
    expect((await sim.actions.fulfilOrder({ orderId: order.id })).webhook.status).toBe(200);
    const delivered = await sim.actions.deliverOrder({ orderId: order.id });
    expect(delivered.webhook.status).toBe(200);
    const refunded = await sim.actions.refundOrder({ orderId: order.id, lines: [{ lineItemId: order.lineItems[0].id, quantity: 1 }] });
    expect(refunded.order.financialStatus).toBe("PARTIALLY_REFUNDED");
    await sim.actions.cancelOrder({ orderId: order.id });

    expect(received.map(topicOf)).toEqual(["orders/paid", "orders/fulfilled", "fulfillment_events/create", "refunds/create", "orders/cancelled"]);
    expect(received.every((entry) => entry.validation.valid)).toBe(true);
    expect(payloadOf(received[1])).toMatchObject({ fulfillment_status: "fulfilled" });
    expect(payloadOf(received[2])).toMatchObject({
      status: "delivered",
      order_id: Number(order.id.split("/").pop()),
      fulfillment_id: Number(delivered.fulfillment.id.split("/").pop()),
    });
    expect(payloadOf(received[3])).toMatchObject({
      admin_graphql_api_id: refunded.refund.id,
      order_id: Number(order.id.split("/").pop()),
      refund_line_items: [
        {
          line_item_id: Number(order.lineItems[0].id.split("/").pop()),
          quantity: 1,
          subtotal: 21,
          subtotal_set: { shop_money: { amount: "21.00", currency_code: "USD" }, presentment_money: { amount: "16.59", currency_code: "GBP" } },
        },
      ],
      transactions: [{ kind: "refund", status: "success", gateway: "shopify_payments", amount: "16.59", currency: "GBP" }],
    });
    expect(payloadOf(received[4])).toMatchObject({ cancelled_at: expect.any(String), financial_status: "partially_refunded" });

    const graph = await adminData<{ order: { displayFinancialStatus: string; cancelledAt: string; totalRefundedSet: { shopMoney: { amount: string } } } }>(
      `query($id: ID!) { order(id: $id) { displayFinancialStatus cancelledAt totalRefundedSet { shopMoney { amount } } } }`,
      { id: order.id },
    );
    expect(graph.order).toMatchObject({ displayFinancialStatus: "PARTIALLY_REFUNDED", cancelledAt: expect.any(String), totalRefundedSet: { shopMoney: { amount: "21.0" } } });
  });

  it("sends compliance topics to their own URI with Shopify's payloads", async () => {
    const maria = customerByEmail("maria.papadopoulou@example.com");
    await sim.actions.requestCustomerData({ customerId: maria.id });
    await sim.actions.redactCustomer({ customerId: maria.id });
    await sim.actions.redactShop();
    expect(received.map((entry) => [entry.path, topicOf(entry)])).toEqual([
      ["/webhooks/compliance", "customers/data_request"],
      ["/webhooks/compliance", "customers/redact"],
      ["/webhooks/compliance", "shop/redact"],
    ]);
    const shopId = expect.any(Number);
    expect(payloadOf(received[0])).toMatchObject({
      shop_id: shopId,
      shop_domain: DEMO_SHOP_DOMAIN,
      customer: { id: Number(maria.id.split("/").pop()), email: maria.email, phone: null },
      orders_requested: expect.arrayContaining([expect.any(Number)]),
      data_request: { id: expect.any(Number) },
    });
    expect(payloadOf(received[1])).toMatchObject({ shop_domain: DEMO_SHOP_DOMAIN, customer: { email: maria.email }, orders_to_redact: expect.any(Array) });
    expect(payloadOf(received[2])).toEqual({ shop_id: shopId, shop_domain: DEMO_SHOP_DOMAIN });
  });

  it("sends app/uninstalled with the shop and stops accepting the token", async () => {
    const { webhook } = await sim.actions.uninstallApp();
    expect(webhook.status).toBe(200);
    expect(payloadOf(received[0])).toMatchObject({ myshopify_domain: DEMO_SHOP_DOMAIN, name: "Demo Retention Store", currency: "USD", iana_timezone: "Europe/Athens" });
    expect((await admin("{ shop { name } }")).status).toBe(401);
    sim.actions.reinstallApp();
    expect((await admin("{ shop { name } }")).status).toBe(200);
  });

  it("records topics the app does not subscribe to without sending them", async () => {
    const delivery = await sim.webhooks.send({ shop: DEMO_SHOP_DOMAIN, topic: "products/update", payload: {} });
    expect(delivery).toMatchObject({ url: null, status: null, error: expect.stringContaining("No subscription") });
    expect(received).toEqual([]);
  });
});

// ---------------------------------------------------------------- control API and page

describe("control API and page", () => {
  const post = async (action: string, body: unknown) => {
    const response = await fetch(`${sim.url}/simulate/${action}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> & { webhook: { status: number; topic: string } } };
  };

  it("drives an order through the JSON control API", async () => {
    const placed = await post("orders", { email: "new.buyer@example.com", lines: [{ variantId: variantOf("ceramic-mug", 1), quantity: 1 }] });
    expect(placed.status).toBe(200);
    expect(placed.body.webhook).toMatchObject({ topic: "orders/paid", status: 200 });
    const orderId = (placed.body.order as { id: string }).id;
    expect((await post("fulfil", { orderId })).body.webhook).toMatchObject({ topic: "orders/fulfilled", status: 200 });
    expect((await post("deliver", { orderId })).body.webhook).toMatchObject({ topic: "fulfillment_events/create", status: 200 });
    expect((await post("refund", { orderId, amount: "5.00" })).body.webhook).toMatchObject({ topic: "refunds/create", status: 200 });
    expect((await post("cancel", { orderId })).body.webhook).toMatchObject({ topic: "orders/cancelled", status: 200 });
    // The guest email became a customer first, as in Shopify checkout.
    expect(received.map((entry) => entry.headers["x-shopify-topic"])[0]).toBe("customers/create");
    expect(await post("deliver", { orderId: "gid://shopify/Order/1" })).toMatchObject({ status: 404 });
  });

  it("renders the control page with every value escaped", async () => {
    await post("customers", { email: "xss@example.com", firstName: "<script>alert(1)</script>" });
    const page = await (await fetch(sim.url)).text();
    expect(page).toContain("<title>Shopify simulator</title>");
    expect(page).toContain('action="/simulate/orders"');
    expect(page).toContain("&#60;script&#62;alert(1)&#60;/script&#62;");
    expect(page).not.toContain("<script>");
    expect(page).toContain("customers/create");
  });

  it("answers form posts with a redirect back to the page", async () => {
    const orderId = shop.orders.find((order) => order.fulfillmentStatus === "UNFULFILLED" && !order.cancelledAt)!.id;
    const response = await fetch(`${sim.url}/simulate/fulfil`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ shop: DEMO_SHOP_DOMAIN, orderId }).toString(),
      redirect: "manual",
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toMatch(/^\/\?message=fulfil/);
  });
});

// ---------------------------------------------------------------- app proxy

describe("app proxy", () => {
  /** Verification as shopify.dev documents it, written independently of app-proxy.ts. */
  function verify(url: string, secret: string): boolean {
    const query = new URL(url).searchParams;
    const signature = query.get("signature") ?? "";
    const grouped = new Map<string, string[]>();
    for (const [key, value] of query) if (key !== "signature") grouped.set(key, [...(grouped.get(key) ?? []), value]);
    const message = [...grouped].map(([key, values]) => `${key}=${values.join(",")}`).sort().join("");
    const expected = createHmac("sha256", secret).update(message).digest("hex");
    return expected.length === signature.length && timingSafeEqual(Buffer.from(expected), Buffer.from(signature));
  }

  it("signs proxied requests the way Shopify does", () => {
    const url = appProxyUrl("http://localhost:3000/proxy", "/reviews/form?product=123&tag=a&tag=b", {
      shop: DEMO_SHOP_DOMAIN,
      pathPrefix: "/apps/retention",
      loggedInCustomerId: "1022",
      secret: API_SECRET,
      timestamp: 1_700_000_000,
    });
    const parsed = new URL(url);
    expect(parsed.origin + parsed.pathname).toBe("http://localhost:3000/proxy/reviews/form");
    expect(Object.fromEntries(parsed.searchParams)).toMatchObject({
      product: "123",
      shop: DEMO_SHOP_DOMAIN,
      logged_in_customer_id: "1022",
      path_prefix: "/apps/retention",
      timestamp: "1700000000",
    });
    expect(parsed.searchParams.getAll("tag")).toEqual(["a", "b"]);
    expect(verify(url, API_SECRET)).toBe(true);
    expect(verify(url, "another-secret")).toBe(false);
    expect(verify(url.replace("product=123", "product=124"), API_SECRET)).toBe(false);
  });

  it("sends an empty logged_in_customer_id for logged-out visitors", () => {
    const url = appProxyUrl("http://localhost:3000/proxy", "/", { shop: DEMO_SHOP_DOMAIN, pathPrefix: "/apps/retention", secret: API_SECRET });
    expect(new URL(url).searchParams.get("logged_in_customer_id")).toBe("");
    expect(verify(url, API_SECRET)).toBe(true);
  });

  it("builds the signed message exactly as documented: sorted key=value pairs, lists joined by commas", () => {
    const params = {
      shop: "shop-name.myshopify.com",
      extra: ["1", "2"],
      timestamp: "1317327555",
      path_prefix: "/apps/awesome_reviews",
      logged_in_customer_id: "1",
    };
    const message = "extra=1,2logged_in_customer_id=1path_prefix=/apps/awesome_reviewsshop=shop-name.myshopify.comtimestamp=1317327555";
    expect(signAppProxyQuery(params, "hush")).toBe(createHmac("sha256", "hush").update(message).digest("hex"));
    expect(signAppProxyQuery({ ...params, signature: "ignored" }, "hush")).toBe(signAppProxyQuery(params, "hush"));
  });
});
