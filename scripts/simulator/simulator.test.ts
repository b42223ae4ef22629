// The Shopify simulator against the contracts the app relies on: Admin GraphQL shapes and
// errors, staged uploads, webhooks verified by @shopify/shopify-api, and app proxy signatures.
import "@shopify/shopify-api/adapters/node";
import { ApiVersion, LogSeverity, Session, shopifyApi } from "@shopify/shopify-api";
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { createHmac, timingSafeEqual } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { REVIEW_THUMBNAIL_SIZE, sizedPhoto } from "../../app/reviews/photo-urls";
import { buildAdminSchema } from "./admin-graphql";
import { readFlowExtensions } from "./flow";
import { appProxyUrl, signAppProxyQuery } from "./app-proxy";
import { DEMO_ACCESS_TOKEN, DEMO_SHOP_DOMAIN } from "./demo-store";
import { shopResolvers } from "./graphql/shop";
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
/** Flow action requests (paths under /flow/), checked with @shopify/shopify-api's flow.validate and answered 401 when it refuses them. */
let flowReceived: { path: string; body: string; valid: boolean }[] = [];
let receiverStatus = 200;
let receiver: Server;
let receiverUrl: string;
let configDir: string;
let sim: Simulator;
let shop: ShopState;

/** The scopes the fixture app asks for: what each topic and query below needs, a write scope standing for its read. */
const FIXTURE_SCOPES = [
  "read_orders",
  "read_fulfillments",
  "write_products",
  "write_customers",
  "write_discounts",
  "write_files",
  "read_themes",
  "read_locales",
  "write_store_credit_account_transactions",
  "read_store_credit_accounts",
  "write_metaobjects",
  "write_metaobject_definitions",
];
const FIXTURE_TOPICS = [
  "orders/paid",
  "orders/fulfilled",
  "orders/cancelled",
  "refunds/create",
  "fulfillment_events/create",
  "customers/create",
  "app/uninstalled",
];

function fixtureToml(
  appUrl: string,
  { scopes = FIXTURE_SCOPES, topics = FIXTURE_TOPICS }: { scopes?: string[]; topics?: string[] } = {},
): string {
  // Stands in for the project's shopify.app.toml: scopes, relative URIs, regular and compliance topics.
  return `client_id = "${API_KEY}"
application_url = "${appUrl}"

[access_scopes]
scopes = "${scopes.join(",")}"

[webhooks]
api_version = "2026-10"

  [[webhooks.subscriptions]]
  topics = ${JSON.stringify(topics)}
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
      if (request.url?.startsWith("/flow/")) {
        const { valid } = await shopify.flow.validate({ rawBody: body, rawRequest: request, rawResponse: response });
        flowReceived.push({ path: request.url, body, valid });
        response.writeHead(valid ? 200 : 401).end(JSON.stringify({ message: "done" }));
        return;
      }
      const validation = await shopify.webhooks.validate({ rawBody: body, rawRequest: request, rawResponse: response });
      received.push({ path: request.url ?? "", headers: request.headers, body, validation });
      response.writeHead(receiverStatus).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

  configDir = mkdtempSync(join(tmpdir(), "simulator-test-"));
  writeFileSync(join(configDir, "shopify.app.toml"), fixtureToml(receiverUrl));
  sim = await startSimulator({
    port: 0,
    appUrl: receiverUrl,
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    appConfigPath: join(configDir, "shopify.app.toml"),
  });
  shop = sim.state.shops.get(DEMO_SHOP_DOMAIN) as ShopState;
});

afterAll(async () => {
  await sim.close();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
  rmSync(configDir, { recursive: true, force: true });
});

beforeEach(() => {
  received = [];
  flowReceived = [];
  receiverStatus = 200;
});

// ---------------------------------------------------------------- helpers

interface GraphqlBody<T> {
  data?: T;
  errors?: { message: string; locations?: unknown; path?: unknown; extensions?: Record<string, unknown> }[];
  extensions?: { cost: { requestedQueryCost: number; actualQueryCost: number; throttleStatus: Record<string, number> } };
}

async function admin<T>(
  query: string,
  variables: Record<string, unknown> = {},
  token = DEMO_ACCESS_TOKEN,
): Promise<{ status: number; body: GraphqlBody<T> }> {
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
      const session = new Session({
        id: "offline_demo",
        shop: DEMO_SHOP_DOMAIN,
        state: "",
        isOnline: false,
        accessToken: DEMO_ACCESS_TOKEN,
      });
      const client = new shopify.clients.Graphql({ session });
      const response = await client.request<{
        shop: { name: string; currencyCode: string; ianaTimezone: string };
        shopLocales: { locale: string; primary: boolean }[];
      }>(`query { shop { name currencyCode ianaTimezone } shopLocales { locale primary } }`);
      expect(response.data?.shop).toEqual({ name: "Demo Retention Store", currencyCode: "USD", ianaTimezone: "Europe/Athens" });
      expect(response.data?.shopLocales).toEqual([
        { locale: "en", primary: true },
        { locale: "el", primary: false },
      ]);
      expect(response.extensions?.cost).toMatchObject({
        requestedQueryCost: expect.any(Number),
        throttleStatus: { maximumAvailable: 2000 },
      });
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
    type Page = {
      products: {
        nodes: { handle: string }[];
        edges: { cursor: string }[];
        pageInfo: { hasNextPage: boolean; endCursor: string; hasPreviousPage: boolean };
      };
    };
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
          nodes { defaultEmailAddress { emailAddress marketingState } locale displayName numberOfOrders amountSpent { amount currencyCode } }
      } }`,
    );
    expect(data.customers.nodes).toEqual([
      {
        defaultEmailAddress: { emailAddress: "maria.papadopoulou@example.com", marketingState: "SUBSCRIBED" },
        locale: "el",
        displayName: "Μαρία Παπαδοπούλου",
        numberOfOrders: "1", // UnsignedInt64 is a string
        amountSpent: { amount: "67.0", currencyCode: "USD" }, // Decimal: no padding zero
      },
    ]);
  });

  it("round-trips metafields through metafieldsSet, reads and metafieldsDelete", async () => {
    const product = shop.products[0];
    const set = await adminData<{
      metafieldsSet: { metafields: { id: string; namespace: string; key: string; type: string; value: string }[]; userErrors: unknown[] };
    }>(
      `mutation Set($metafields: [MetafieldsSetInput!]!) {
        metafieldsSet(metafields: $metafields) { metafields { id namespace key type value } userErrors { field message code } }
      }`,
      {
        metafields: [
          {
            ownerId: product.id,
            namespace: "reviews",
            key: "rating",
            type: "rating",
            value: JSON.stringify({ value: "4.5", scale_min: "1", scale_max: "5" }),
          },
          { ownerId: product.id, namespace: "reviews", key: "rating_count", type: "number_integer", value: "12" },
        ],
      },
    );
    expect(set.metafieldsSet.userErrors).toEqual([]);
    expect(set.metafieldsSet.metafields.map((m) => `${m.namespace}.${m.key}:${m.type}`)).toEqual([
      "reviews.rating:rating",
      "reviews.rating_count:number_integer",
    ]);

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
    expect(read.shop.metafield).toEqual({
      namespace: expect.stringMatching(/^app--\d+$/),
      value: '{"threshold":50}',
      jsonValue: { threshold: 50 },
    });

    const fromState = (await (
      await fetch(`${sim.url}/state/${DEMO_SHOP_DOMAIN}/metafields?ownerId=${encodeURIComponent(product.id)}`)
    ).json()) as { key: string }[];
    expect(fromState.map((m) => m.key)).toEqual(["rating", "rating_count"]);

    const deleted = await adminData<{ metafieldsDelete: { deletedMetafields: ({ key: string } | null)[] } }>(
      `mutation($m: [MetafieldIdentifierInput!]!) { metafieldsDelete(metafields: $m) { deletedMetafields { ownerId namespace key } userErrors { message } } }`,
      {
        m: [
          { ownerId: product.id, namespace: "reviews", key: "rating_count" },
          { ownerId: product.id, namespace: "reviews", key: "missing" },
        ],
      },
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
        {
          ownerId: product.id,
          namespace: "reviews",
          key: "stars",
          type: "rating",
          value: JSON.stringify({ value: "7", scale_min: "1", scale_max: "5" }),
        },
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
      {
        field: ["metafields", "4", "value"],
        message: expect.stringMatching(/^Value is invalid JSON/),
        code: "INVALID_VALUE",
        elementIndex: null,
      },
      { field: ["metafields", "5", "type"], message: expect.any(String), code: "INVALID_TYPE", elementIndex: null },
    ]);
    expect(shop.metafields).toHaveLength(before); // the valid first input was not written either

    const tooMany = await adminData<{ metafieldsSet: { userErrors: { code: string }[] } }>(mutation, {
      m: Array.from({ length: 26 }, (_, index) => ({
        ownerId: product.id,
        namespace: "reviews",
        key: `k${index}x`,
        type: "number_integer",
        value: "1",
      })),
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
      m: [
        {
          ownerId: product.id,
          namespace: "reviews",
          key: "guarded",
          type: "number_integer",
          value: "2",
          compareDigest: created.metafieldsSet.metafields[0].compareDigest,
        },
      ],
    });
    expect(fresh.metafieldsSet.userErrors).toEqual([]);
  });

  it("enables Shopify's standard product review definition once, and upserts, reads and deletes its metaobjects by handle", async () => {
    const enable = `mutation($type: String!) {
      standardMetaobjectDefinitionEnable(type: $type) { metaobjectDefinition { id type name } userErrors { field message code } }
    }`;
    type Enabled = {
      standardMetaobjectDefinitionEnable: { metaobjectDefinition: { type: string; name: string } | null; userErrors: { code: string }[] };
    };
    const upsert = `mutation($handle: MetaobjectHandleInput!, $metaobject: MetaobjectUpsertInput!) {
      metaobjectUpsert(handle: $handle, metaobject: $metaobject) {
        metaobject { id handle type fields { key type value } rating: field(key: "rating") { jsonValue } }
        userErrors { field message code elementKey }
      }
    }`;
    type Upserted = {
      metaobjectUpsert: {
        metaobject: {
          id: string;
          handle: string;
          fields: { key: string; type: string; value: string | null }[];
          rating: { jsonValue: unknown };
        } | null;
        userErrors: { code: string; elementKey: string | null }[];
      };
    };
    const handle = { type: "product_review", handle: "review-1" };
    const product = shop.products[0].id;
    const fields = (extra: { key: string; value: string }[] = []) => [
      { key: "rating", value: JSON.stringify({ value: "4.0", scale_min: "1.0", scale_max: "5.0" }) },
      { key: "submitted_at", value: "2030-01-01T08:00:00Z" },
      { key: "source", value: "Retention" },
      { key: "product", value: product },
      ...extra,
    ];

    // No definition yet: the type is unknown.
    const early = await adminData<Upserted>(upsert, { handle, metaobject: { fields: fields() } });
    expect(early.metaobjectUpsert.userErrors).toEqual([expect.objectContaining({ code: "UNDEFINED_OBJECT_TYPE" })]);

    const enabled = await adminData<Enabled>(enable, { type: "product_review" });
    expect(enabled.standardMetaobjectDefinitionEnable).toMatchObject({
      metaobjectDefinition: { type: "product_review", name: "Product Review" },
      userErrors: [],
    });
    const again = await adminData<Enabled>(enable, { type: "product_review" });
    expect(again.standardMetaobjectDefinitionEnable.userErrors).toEqual([expect.objectContaining({ code: "TAKEN" })]);

    const created = await adminData<Upserted>(upsert, {
      handle,
      metaobject: { fields: fields([{ key: "merchant_reply", value: "Thanks" }]) },
    });
    expect(created.metaobjectUpsert.userErrors).toEqual([]);
    const metaobject = created.metaobjectUpsert.metaobject!;
    expect(metaobject.handle).toBe("review-1");
    expect(metaobject.rating.jsonValue).toEqual({ value: "4.0", scale_min: "1.0", scale_max: "5.0" });
    expect(metaobject.fields.find((field) => field.key === "product")).toEqual({
      key: "product",
      type: "product_reference",
      value: product,
    });

    // The same handle updates the same metaobject; an empty value clears an optional field.
    const updated = await adminData<Upserted>(upsert, { handle, metaobject: { fields: fields([{ key: "merchant_reply", value: "" }]) } });
    expect(updated.metaobjectUpsert.metaobject?.id).toBe(metaobject.id);
    expect(updated.metaobjectUpsert.metaobject?.fields.find((field) => field.key === "merchant_reply")?.value).toBeNull();
    expect(shop.metaobjects?.filter((m) => m.handle === "review-1")).toHaveLength(1);

    const refused = await adminData<Upserted>(upsert, {
      handle: { type: "product_review", handle: "review-2" },
      metaobject: {
        fields: [
          { key: "rating", value: JSON.stringify({ value: "9", scale_min: "1.0", scale_max: "5.0" }) },
          { key: "nickname", value: "x" },
        ],
      },
    });
    expect(refused.metaobjectUpsert.metaobject).toBeNull();
    expect(refused.metaobjectUpsert.userErrors.map((error) => [error.code, error.elementKey])).toEqual([
      ["INVALID_VALUE", "rating"],
      ["UNDEFINED_OBJECT_FIELD", "nickname"],
      ["OBJECT_FIELD_REQUIRED", "submitted_at"],
      ["OBJECT_FIELD_REQUIRED", "source"],
    ]);

    const found = await adminData<{
      metaobjectByHandle: { id: string } | null;
      missing: null;
      metaobjects: { nodes: { handle: string }[] };
    }>(
      `query($handle: MetaobjectHandleInput!, $missing: MetaobjectHandleInput!) {
        metaobjectByHandle(handle: $handle) { id }
        missing: metaobjectByHandle(handle: $missing) { id }
        metaobjects(type: "product_review", first: 10) { nodes { handle } }
      }`,
      { handle, missing: { type: "product_review", handle: "review-9" } },
    );
    expect(found).toEqual({ metaobjectByHandle: { id: metaobject.id }, missing: null, metaobjects: { nodes: [{ handle: "review-1" }] } });

    const remove = `mutation($id: ID!) { metaobjectDelete(id: $id) { deletedId userErrors { field message code } } }`;
    type Deleted = { metaobjectDelete: { deletedId: string | null; userErrors: { code: string }[] } };
    expect((await adminData<Deleted>(remove, { id: metaobject.id })).metaobjectDelete).toEqual({
      deletedId: metaobject.id,
      userErrors: [],
    });
    const twice = await adminData<Deleted>(remove, { id: metaobject.id });
    expect(twice.metaobjectDelete).toEqual({ deletedId: null, userErrors: [expect.objectContaining({ code: "RECORD_NOT_FOUND" })] });
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
    type CreatePayload = {
      discountCodeBasicCreate: { codeDiscountNode: { id: string; codeDiscount: Record<string, unknown> } | null; userErrors: unknown[] };
    };
    const created = await adminData<CreatePayload>(create, { basicCodeDiscount: input });
    expect(created.discountCodeBasicCreate.userErrors).toEqual([]);
    expect(created.discountCodeBasicCreate.codeDiscountNode?.id).toMatch(/^gid:\/\/shopify\/DiscountCodeNode\/\d+$/);
    expect(created.discountCodeBasicCreate.codeDiscountNode?.codeDiscount).toEqual({
      title: "Thank you 15%",
      status: "ACTIVE",
      codes: { nodes: [{ code: "THANKS-ALEX" }] },
    });

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
          context { ... on DiscountCustomers { customers { defaultEmailAddress { emailAddress } } } }
      } } } }`,
    );
    expect(byCode.codeDiscountNodeByCode.codeDiscount).toEqual({
      summary: "15% off entire order • Minimum purchase of $20.00 • For 1 customer • One use per customer • Limit of 1 use",
      asyncUsageCount: 0,
      usageLimit: 1,
      appliesOncePerCustomer: true,
      customerGets: { value: { percentage: 0.15 }, items: { allItems: true } },
      minimumRequirement: { greaterThanOrEqualToSubtotal: { amount: "20.0", currencyCode: "USD" } },
      context: { customers: [{ defaultEmailAddress: { emailAddress: "alex.morgan@example.com" } }] },
    });

    // Another customer cannot use it; Alex can, once.
    await expect(
      sim.actions.placeOrder({
        customerId: customerByEmail("emma.clarke@example.com").id,
        lines: [{ variantId: variantOf("scented-candle"), quantity: 1 }],
        discountCode: "THANKS-ALEX",
      }),
    ).rejects.toThrow(/isn’t available/);
    const { order } = await sim.actions.placeOrder({
      customerId: alex.id,
      lines: [{ variantId: variantOf("cotton-beach-towel"), quantity: 1 }],
      discountCode: "thanks-alex",
      shippingCountry: "US",
    });
    expect(order).toMatchObject({
      discountCodes: ["THANKS-ALEX"],
      totalDiscounts: "4.80",
      subtotalPrice: "27.20",
      totalShipping: "5.00",
      totalPrice: "32.20",
    });
    await expect(
      sim.actions.placeOrder({
        customerId: alex.id,
        lines: [{ variantId: variantOf("cotton-beach-towel"), quantity: 1 }],
        discountCode: "THANKS-ALEX",
      }),
    ).rejects.toThrow(/isn’t available/);
    const discounts = (await (await fetch(`${sim.url}/state/${DEMO_SHOP_DOMAIN}/discounts`)).json()) as {
      code: string;
      usageCount: number;
    }[];
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
    const automatic = await adminData<{ discountNodes: { nodes: unknown[] } }>(
      '{ discountNodes(first: 5, query: "method:automatic") { nodes { id } } }',
    );
    expect(automatic.discountNodes.nodes).toEqual([]);
    const gone = await adminData<{ discountNode: unknown }>("query($id: ID!) { discountNode(id: $id) { id } }", { id: node.id });
    expect(gone.discountNode).toBeNull();
  });

  it("creates, lists and deletes free-shipping codes", async () => {
    const created = await adminData<{ discountCodeFreeShippingCreate: { codeDiscountNode: { id: string }; userErrors: unknown[] } }>(
      `mutation($input: DiscountCodeFreeShippingInput!) {
        discountCodeFreeShippingCreate(freeShippingCodeDiscount: $input) { codeDiscountNode { id } userErrors { field message code } }
      }`,
      {
        input: {
          title: "Ship free",
          code: "SHIPFREE",
          startsAt: "2025-01-01T00:00:00Z",
          context: { all: "ALL" },
          destination: { all: true },
        },
      },
    );
    expect(created.discountCodeFreeShippingCreate.userErrors).toEqual([]);
    const { id } = created.discountCodeFreeShippingCreate.codeDiscountNode;

    const listed = await adminData<{ discountNodes: { nodes: { id: string; discount: Record<string, unknown> }[] } }>(
      `{ discountNodes(first: 10, query: "discount_type:free_shipping method:code") { nodes { id discount { __typename ... on DiscountCodeFreeShipping {
          title destinationSelection { ... on DiscountCountryAll { allCountries } } context { ... on DiscountBuyerSelectionAll { all } }
      } } } } }`,
    );
    expect(listed.discountNodes.nodes).toEqual([
      {
        id: id.replace("DiscountCodeNode", "DiscountNode"),
        discount: {
          __typename: "DiscountCodeFreeShipping",
          title: "Ship free",
          destinationSelection: { allCountries: true },
          context: { all: "ALL" },
        },
      },
    ]);

    const { order } = await sim.actions.placeOrder({
      email: "alex.morgan@example.com",
      lines: [{ variantId: variantOf("mountain-tea"), quantity: 1 }],
      discountCode: "SHIPFREE",
    });
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
    expect(again.discountCodeDelete).toEqual({
      deletedCodeDiscountId: null,
      userErrors: [{ field: ["id"], message: "Discount does not exist", code: "INVALID" }],
    });
  });

  it("accepts PUT uploads to staged targets as well", async () => {
    const staged = await adminData<{
      stagedUploadsCreate: { stagedTargets: { url: string; resourceUrl: string; parameters: { name: string; value: string }[] }[] };
    }>(
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
    const staged = await adminData<{
      stagedUploadsCreate: { stagedTargets: { url: string; resourceUrl: string; parameters: { name: string; value: string }[] }[] };
    }>(
      `mutation($input: [StagedUploadInput!]!) { stagedUploadsCreate(input: $input) { stagedTargets { url resourceUrl parameters { name value } } userErrors { field message } } }`,
      {
        input: [
          { filename: "review photo.png", mimeType: "image/png", resource: "IMAGE", httpMethod: "POST", fileSize: String(png.length) },
        ],
      },
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

    type FilePayload = {
      fileCreate: { files: { id: string; alt: string; fileStatus: string; image: { url: string } | null }[] | null; userErrors: unknown[] };
    };
    const created = await adminData<FilePayload>(
      `mutation($files: [FileCreateInput!]!) { fileCreate(files: $files) { files { id alt fileStatus ... on MediaImage { image { url } } } userErrors { field message code } } }`,
      { files: [{ originalSource: target.resourceUrl, alt: "Customer photo", contentType: "IMAGE" }] },
    );
    expect(created.fileCreate.userErrors).toEqual([]);
    const [file] = created.fileCreate.files!;
    // Like Shopify, the file is still processing in the mutation's own response.
    expect(file).toMatchObject({
      id: expect.stringMatching(/^gid:\/\/shopify\/MediaImage\/\d+$/),
      alt: "Customer photo",
      fileStatus: "UPLOADED",
      image: null,
    });

    const ready = await adminData<{ node: { fileStatus: string; image: { url: string } } }>(
      `query($id: ID!) { node(id: $id) { ... on MediaImage { fileStatus image { url } } } }`,
      { id: file.id },
    );
    expect(ready.node.fileStatus).toBe("READY");
    const served = await fetch(ready.node.image.url);
    expect(served.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await served.arrayBuffer())).toEqual(png);

    const listed = await adminData<{ files: { nodes: { id: string }[] } }>(
      `{ files(first: 10, query: "media_type:IMAGE") { nodes { id } } }`,
    );
    expect(listed.files.nodes).toContainEqual({ id: file.id });

    const missing = await adminData<FilePayload>(
      `mutation($files: [FileCreateInput!]!) { fileCreate(files: $files) { files { id } userErrors { field message code } } }`,
      { files: [{ originalSource: `${sim.url}/staged-uploads/tmp/none` }] },
    );
    expect(missing.fileCreate.userErrors).toEqual([expect.objectContaining({ field: ["files", "0", "originalSource"] })]);
  });

  it("serves an uploaded photo resized by Shopify's CDN parameters, as the storefront's thumbnails and lightbox ask", async () => {
    const photo = await sharp({ create: { width: 2000, height: 1500, channels: 3, background: "#4a7" } })
      .jpeg()
      .toBuffer();
    const staged = await adminData<{ stagedUploadsCreate: { stagedTargets: { url: string; resourceUrl: string }[] } }>(
      `mutation($input: [StagedUploadInput!]!) { stagedUploadsCreate(input: $input) { stagedTargets { url resourceUrl } } }`,
      { input: [{ filename: "trail.jpg", mimeType: "image/jpeg", resource: "IMAGE", httpMethod: "PUT" }] },
    );
    const [target] = staged.stagedUploadsCreate.stagedTargets;
    expect(
      (await fetch(target.url, { method: "PUT", headers: { "content-type": "image/jpeg" }, body: new Uint8Array(photo) })).status,
    ).toBe(200);
    const created = await adminData<{ fileCreate: { files: { id: string }[] } }>(
      `mutation($files: [FileCreateInput!]!) { fileCreate(files: $files) { files { id } userErrors { message } } }`,
      { files: [{ originalSource: target.resourceUrl, contentType: "IMAGE" }] },
    );
    const ready = await adminData<{ node: { image: { url: string } } }>(
      `query($id: ID!) { node(id: $id) { ... on MediaImage { image { url } } } }`,
      {
        id: created.fileCreate.files[0].id,
      },
    );
    const sized = sizedPhoto(ready.node.image.url, "", REVIEW_THUMBNAIL_SIZE);
    const servedSize = async (url: string) => {
      const response = await fetch(url);
      expect(response.headers.get("content-type")).toBe("image/jpeg");
      const { width, height } = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
      return { width, height };
    };
    const [, retinaThumbnail] = /, (\S+) 2x$/.exec(sized.thumbnailSrcset)!;
    expect(await servedSize(sized.thumbnailSrc)).toEqual({ width: 80, height: 80 });
    expect(await servedSize(retinaThumbnail)).toEqual({ width: 160, height: 160 });
    expect(await servedSize(sized.lightboxSrc)).toEqual({ width: 1200, height: 900 });
    expect(await servedSize(ready.node.image.url)).toEqual({ width: 2000, height: 1500 });
    // Never enlarged, as Shopify's CDN; a size it cannot make is refused.
    expect(await servedSize(`${ready.node.image.url}?width=3000`)).toEqual({ width: 2000, height: 1500 });
    expect((await fetch(`${ready.node.image.url}?width=0`)).status).toBe(400);
  });

  it("serves products' images as SVGs from the simulator, as featured media kept in Files", async () => {
    type Media = { id: string; mediaContentType: string; status: string; image: { url: string }; preview: { image: { url: string } } };
    const data = await adminData<{ products: { nodes: { featuredMedia: Media; media: { nodes: { id: string }[] } }[] } }>(
      `{ products(first: 1) { nodes {
          featuredMedia { id mediaContentType status preview { image { url } } ... on MediaImage { image { url } } }
          media(first: 5) { nodes { id } }
      } } }`,
    );
    const [product] = data.products.nodes;
    expect(product.featuredMedia).toMatchObject({
      id: expect.stringMatching(/^gid:\/\/shopify\/MediaImage\/\d+$/),
      mediaContentType: "IMAGE",
      status: "READY",
    });
    expect(product.featuredMedia.preview.image.url).toBe(product.featuredMedia.image.url);
    expect(product.media.nodes).toEqual([{ id: product.featuredMedia.id }]);
    const image = await fetch(product.featuredMedia.image.url);
    expect(image.headers.get("content-type")).toBe("image/svg+xml");
    expect(await image.text()).toContain("<svg");
    const asFile = await adminData<{ node: { fileStatus: string; alt: string } }>(
      "query($id: ID!) { node(id: $id) { ... on MediaImage { fileStatus alt } } }",
      {
        id: product.featuredMedia.id,
      },
    );
    expect(asFile.node).toEqual({ fileStatus: "READY", alt: shop.products[0].title });
  });
});

// ---------------------------------------------------------------- Shopify's schema, validation, scopes, deprecations

describe("store credit", () => {
  const credit = `mutation Credit($id: ID!, $credit: StoreCreditAccountCreditInput!) {
    storeCreditAccountCredit(id: $id, creditInput: $credit) {
      storeCreditAccountTransaction { id amount { amount currencyCode } balanceAfterTransaction { amount } expiresAt event account { id balance { amount } } }
      userErrors { field message code }
    }
  }`;
  type CreditAnswer = {
    storeCreditAccountCredit: {
      storeCreditAccountTransaction: {
        id: string;
        amount: { amount: string; currencyCode: string };
        balanceAfterTransaction: { amount: string };
        expiresAt: string | null;
        event: string;
        account: { id: string; balance: { amount: string } };
      } | null;
      userErrors: { field: string[]; message: string; code: string }[];
    };
  };
  const creditOf = (id: string, amount: string, currencyCode: string, expiresAt: string | null = null) =>
    adminData<CreditAnswer>(credit, { id, credit: { creditAmount: { amount, currencyCode }, expiresAt } }).then(
      (answer) => answer.storeCreditAccountCredit,
    );

  it("opens an account per customer and currency on the first credit and keeps the balance after each credit", async () => {
    const { customer } = await sim.actions.createCustomer({ email: "credit.holder@example.com" });
    const first = await creditOf(customer.id, "10.00", "USD");
    expect(first.userErrors).toEqual([]);
    expect(first.storeCreditAccountTransaction).toMatchObject({
      id: expect.stringMatching(/^gid:\/\/shopify\/StoreCreditAccountCreditTransaction\/\d+$/),
      amount: { amount: "10.0", currencyCode: "USD" },
      balanceAfterTransaction: { amount: "10.0" },
      expiresAt: null,
      event: "ADJUSTMENT",
      account: { id: expect.stringMatching(/^gid:\/\/shopify\/StoreCreditAccount\/\d+$/), balance: { amount: "10.0" } },
    });
    const account = first.storeCreditAccountTransaction!.account.id;
    // The same account by its own ID, with an expiry; another currency opens another account.
    const second = await creditOf(account, "5.50", "USD", "2099-06-30T12:00:00Z");
    expect(second.storeCreditAccountTransaction).toMatchObject({
      balanceAfterTransaction: { amount: "15.5" },
      expiresAt: "2099-06-30T12:00:00Z",
      account: { id: account, balance: { amount: "15.5" } },
    });
    const euros = await creditOf(customer.id, "3.00", "EUR");
    expect(euros.storeCreditAccountTransaction?.account.id).not.toBe(account);

    const read = await adminData<{
      customer: { storeCreditAccounts: { nodes: { id: string; balance: { currencyCode: string }; transactions: { nodes: unknown[] } }[] } };
    }>(
      `query($id: ID!) { customer(id: $id) { storeCreditAccounts(first: 5, query: "currency_code:USD") { nodes {
          id balance { amount currencyCode }
          transactions(first: 10, query: "type:credit", sortKey: CREATED_AT, reverse: true) {
            nodes { amount { amount } balanceAfterTransaction { amount } event ... on StoreCreditAccountCreditTransaction { expiresAt remainingAmount { amount } } }
          }
      } } } }`,
      { id: customer.id },
    );
    expect(read.customer.storeCreditAccounts.nodes).toEqual([
      {
        id: account,
        balance: { amount: "15.5", currencyCode: "USD" },
        transactions: {
          nodes: [
            {
              amount: { amount: "5.5" },
              balanceAfterTransaction: { amount: "15.5" },
              event: "ADJUSTMENT",
              expiresAt: "2099-06-30T12:00:00Z",
              remainingAmount: { amount: "5.5" },
            },
            {
              amount: { amount: "10.0" },
              balanceAfterTransaction: { amount: "10.0" },
              event: "ADJUSTMENT",
              expiresAt: null,
              remainingAmount: { amount: "10.0" },
            },
          ],
        },
      },
    ]);
    expect(
      await adminData(
        'query($id: ID!) { storeCreditAccount(id: $id) { owner { ... on Customer { id } } transactions(first: 5, query: "type:debit") { nodes { event } } } }',
        {
          id: account,
        },
      ),
    ).toEqual({ storeCreditAccount: { owner: { id: customer.id }, transactions: { nodes: [] } } });
  });

  it("refuses with the codes of Shopify's StoreCreditAccountCreditUserErrorCode, crediting nothing", async () => {
    const { customer } = await sim.actions.createCustomer({ email: "credit.refused@example.com" });
    const opened = await creditOf(customer.id, "1.00", "USD");
    const account = opened.storeCreditAccountTransaction!.account.id;
    const refusals: [string, string, string, string | null, { field: string[]; message: string; code: string }[]][] = [
      [
        customer.id,
        "0",
        "USD",
        null,
        [
          {
            field: ["creditInput", "creditAmount", "amount"],
            code: "NEGATIVE_OR_ZERO_AMOUNT",
            message: "A positive amount must be used to credit a store credit account.",
          },
        ],
      ],
      [
        customer.id,
        "-2.00",
        "USD",
        "2020-01-01T00:00:00Z",
        [
          {
            field: ["creditInput", "creditAmount", "amount"],
            code: "NEGATIVE_OR_ZERO_AMOUNT",
            message: "A positive amount must be used to credit a store credit account.",
          },
          { field: ["creditInput", "expiresAt"], code: "EXPIRES_AT_IN_PAST", message: "The expiry date must be in the future." },
        ],
      ],
      [
        customer.id,
        "2.00",
        "CHF",
        null,
        [
          {
            field: ["creditInput", "creditAmount", "currencyCode"],
            code: "UNSUPPORTED_CURRENCY",
            message: "The currency provided is not currently supported.",
          },
        ],
      ],
      ["gid://shopify/Customer/1", "2.00", "USD", null, [{ field: ["id"], code: "OWNER_NOT_FOUND", message: "Owner does not exist." }]],
      [
        account,
        "2.00",
        "EUR",
        null,
        [
          {
            field: ["creditInput", "creditAmount", "currencyCode"],
            code: "MISMATCHING_CURRENCY",
            message: "The currency provided does not match the currency of the store credit account.",
          },
        ],
      ],
      [
        "gid://shopify/StoreCreditAccount/1",
        "2.00",
        "USD",
        null,
        [{ field: ["id"], code: "ACCOUNT_NOT_FOUND", message: "The store credit account could not be found." }],
      ],
    ];
    for (const [id, amount, currencyCode, expiresAt, userErrors] of refusals)
      expect(await creditOf(id, amount, currencyCode, expiresAt)).toEqual({ storeCreditAccountTransaction: null, userErrors });
    expect(shop.storeCreditAccounts!.find((candidate) => candidate.id === account)).toMatchObject({
      balance: "1.00",
      transactions: [expect.anything()],
    });
  });

  it("issues the store-credit part of a refund as an ORDER_REFUND credit in the currency the customer paid in", async () => {
    const { customer } = await sim.actions.createCustomer({ email: "credit.refund@example.com" });
    const { order } = await sim.actions.placeOrder({
      customerId: customer.id,
      lines: [{ variantId: variantOf("mountain-tea"), quantity: 2 }],
    });
    await sim.actions.refundOrder({ orderId: order.id, amount: "4.00", storeCredit: "3.00" });
    expect(shop.storeCreditAccounts!.filter((account) => account.ownerId === customer.id)).toEqual([
      expect.objectContaining({
        currencyCode: order.presentmentCurrencyCode,
        transactions: [expect.objectContaining({ amount: "3.00", event: "ORDER_REFUND", expiresAt: null })],
      }),
    ]);
  });

  it("needs write_store_credit_account_transactions to credit", async () => {
    writeFileSync(
      join(configDir, "shopify.app.toml"),
      fixtureToml(receiverUrl, { scopes: FIXTURE_SCOPES.filter((scope) => !scope.includes("store_credit")) }),
    );
    sim.actions.reinstallApp();
    try {
      const { body } = await admin(credit, {
        id: customerByEmail("alex.morgan@example.com").id,
        credit: { creditAmount: { amount: "1.00", currencyCode: "USD" } },
      });
      expect(body.errors).toEqual([
        expect.objectContaining({ extensions: expect.objectContaining({ code: "ACCESS_DENIED" }), path: ["storeCreditAccountCredit"] }),
      ]);
    } finally {
      writeFileSync(join(configDir, "shopify.app.toml"), fixtureToml(receiverUrl));
      sim.actions.reinstallApp();
    }
  });
});

describe("Shopify's schema", () => {
  it("is built from Shopify's introspection, and a resolver for a type or field Shopify lacks stops it", () => {
    const schema = buildAdminSchema();
    expect(schema.getQueryType()?.name).toBe("QueryRoot");
    // The real Admin API: hundreds of root fields, most of which the simulator does not implement.
    expect(Object.keys(schema.getQueryType()!.getFields()).length).toBeGreaterThan(200);
    expect(() => buildAdminSchema([{ fields: { Shop: { nme: () => null } } }])).toThrow(
      "Resolver for Shop.nme, a field Shopify's Admin API 2026-10 does not have",
    );
    expect(() => buildAdminSchema([{ fields: { Widget: {} } }])).toThrow(
      "Resolvers for Widget, a type Shopify's Admin API 2026-10 does not have",
    );
    expect(() => buildAdminSchema([{ fields: { Node: {} } }])).toThrow("Resolvers for Node, which is not an object type");
    expect(() => buildAdminSchema([{ fields: {}, abstractTypes: { Shop: () => "Shop" } }])).toThrow(
      "Type resolver for Shop, which is not a union or interface",
    );
    expect(() => buildAdminSchema([shopResolvers, shopResolvers])).toThrow("Two resolvers for QueryRoot.shop");
  });

  it("answers a field it does not implement with an error naming it, leaving the rest of the answer", async () => {
    const root = await admin<{ shop: { name: string }; app: null }>("{ shop { name } app { handle } }");
    expect(root.status).toBe(200);
    expect(root.body.errors).toEqual([
      { message: "the simulator does not implement QueryRoot.app", locations: [{ line: 1, column: 17 }], path: ["app"] },
    ]);
    expect(root.body.data).toEqual({ shop: { name: "Demo Retention Store" }, app: null });
    // Shop.createdAt is non-null: as in any GraphQL answer, the null reaches the nearest nullable parent.
    const nested = await admin("{ shop { createdAt } }");
    expect(nested.body.errors).toEqual([
      { message: "the simulator does not implement Shop.createdAt", locations: [{ line: 1, column: 10 }], path: ["shop", "createdAt"] },
    ]);
    expect(nested.body.data).toBeNull();
    const sorted = await admin("{ products(first: 1, sortKey: INVENTORY_TOTAL) { nodes { id } } }");
    expect(sorted.body.errors?.[0]?.message).toBe("the simulator does not implement sorting by ProductSortKeys.INVENTORY_TOTAL");
  });

  it("validates statically against Shopify's schema: enums, required arguments, @oneOf literals", async () => {
    const badEnum = await admin("{ products(first: 1, sortKey: NAME) { nodes { id } } }");
    expect(badEnum.body.errors).toEqual([
      expect.objectContaining({ message: expect.stringContaining('Value "NAME" does not exist in "ProductSortKeys" enum.') }),
    ]);
    expect(badEnum.body.data).toBeUndefined();
    const missing = await admin("query Find { product { id } }");
    expect(missing.body.errors).toEqual([
      {
        message: "Field 'product' is missing required arguments: id",
        locations: [{ line: 1, column: 14 }],
        path: ["query Find", "product"],
        extensions: { code: "missingRequiredArguments", className: "Field", name: "product", arguments: "id" },
      },
    ]);
    const oneOf = await admin(`mutation {
      discountCodeBasicCreate(basicCodeDiscount: { title: "x", code: "X", context: { all: ALL, customers: { add: [] } } }) { userErrors { message } }
    }`);
    expect(oneOf.body.errors?.map((error) => error.message)).toContainEqual(
      expect.stringContaining('OneOf Input Object "DiscountContextInput" must specify exactly one key.'),
    );
  });

  it("coerces variables against Shopify's input types and refuses them as Shopify (graphql-ruby) does", async () => {
    const before = shop.discounts.length;
    const mutation = `mutation Create($discount: DiscountCodeBasicInput!) {
      discountCodeBasicCreate(basicCodeDiscount: $discount) { codeDiscountNode { id } userErrors { message } }
    }`;
    const discount = {
      title: "Bad",
      context: { all: "ALL", customers: { add: [] } },
      customerGets: { value: { percentage: "half" } },
      colour: "red",
    };
    const invalid = await admin(mutation, { discount });
    expect(invalid.status).toBe(200);
    expect(invalid.body).toEqual({
      errors: [
        {
          message:
            "Variable $discount of type DiscountCodeBasicInput! was provided invalid value for context ('DiscountContextInput' requires exactly one argument, but 2 were provided.), customerGets.value.percentage (Could not coerce value \"half\" to Float), colour (Field is not defined on DiscountCodeBasicInput)",
          locations: [{ line: 1, column: 17 }],
          extensions: {
            code: "INVALID_VARIABLE",
            value: discount,
            problems: [
              { path: ["context"], explanation: "'DiscountContextInput' requires exactly one argument, but 2 were provided." },
              { path: ["customerGets", "value", "percentage"], explanation: 'Could not coerce value "half" to Float' },
              { path: ["colour"], explanation: "Field is not defined on DiscountCodeBasicInput" },
            ],
          },
        },
      ],
    });
    const badEnum = await admin(mutation, { discount: { title: "Bad", context: { all: "EVERYONE" } } });
    expect(badEnum.body.errors?.[0]?.extensions?.problems).toEqual([
      { path: ["context", "all"], explanation: 'Expected "EVERYONE" to be one of: ALL' },
    ]);
    const nullOneOf = await admin(mutation, { discount: { title: "Bad", context: { customers: null } } });
    expect(nullOneOf.body.errors?.[0]?.extensions?.problems).toEqual([
      { path: ["context"], explanation: "'DiscountContextInput' requires exactly one argument, but 'customers' was `null`." },
    ]);
    const absent = await admin("query Find($id: ID!) { product(id: $id) { id } }");
    expect(absent.body.errors).toEqual([
      {
        message: "Variable $id of type ID! was provided invalid value",
        locations: [{ line: 1, column: 12 }],
        extensions: { code: "INVALID_VARIABLE", value: null, problems: [{ path: [], explanation: "Expected value to not be null" }] },
      },
    ]);
    const required = await admin("mutation Set($m: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $m) { userErrors { message } } }", {
      m: [{ ownerId: shop.products[0].id, namespace: "reviews", type: "number_integer", value: "1" }],
    });
    expect(required.body.errors?.[0]?.message).toBe(
      "Variable $m of type [MetafieldsSetInput!]! was provided invalid value for 0.key (Expected value to not be null)",
    );
    expect(shop.discounts).toHaveLength(before);
  });
});

describe("access scopes", () => {
  const configPath = () => join(configDir, "shopify.app.toml");
  /** What the merchant grants when the app is installed again with this TOML. */
  const reinstallWith = (options: { scopes?: string[]; topics?: string[] }) => {
    writeFileSync(configPath(), fixtureToml(receiverUrl, options));
    sim.actions.reinstallApp();
  };

  afterEach(() => reinstallWith({}));

  it("grants at install the scopes the app's TOML lists, read again at each install", () => {
    expect(shop.grantedScopes).toEqual(FIXTURE_SCOPES);
    reinstallWith({ scopes: [...FIXTURE_SCOPES, "read_inventory"] });
    expect(shop.grantedScopes).toEqual([...FIXTURE_SCOPES, "read_inventory"]);
  });

  it("refuses shopLocales without read_locales with Shopify's ACCESS_DENIED error, and answers it with the scope", async () => {
    const query = "query ShopInfo { shop { name } shopLocales { locale primary } }";
    reinstallWith({ scopes: FIXTURE_SCOPES.filter((scope) => scope !== "read_locales") });
    const refused = await admin(query);
    expect(refused.status).toBe(200);
    const requiredAccess = "`read_locales` access scope or `read_markets_home` access scope.";
    expect(refused.body.errors).toEqual([
      {
        message: `Access denied for shopLocales field. Required access: ${requiredAccess}`,
        locations: [{ line: 1, column: 32 }],
        path: ["shopLocales"],
        extensions: { code: "ACCESS_DENIED", documentation: "https://shopify.dev/api/usage/access-scopes", requiredAccess },
      },
    ]);
    // shopLocales is non-null, so its null takes `data` with it, as Shopify's answer does.
    expect(refused.body.data).toBeNull();

    // Any one of the scopes Shopify lists will do.
    reinstallWith({ scopes: [...FIXTURE_SCOPES.filter((scope) => scope !== "read_locales"), "read_markets_home"] });
    expect((await admin(query)).body.errors).toBeUndefined();
    reinstallWith({});
    expect(await adminData(query)).toEqual({
      shop: { name: "Demo Retention Store" },
      shopLocales: [
        { locale: "en", primary: true },
        { locale: "el", primary: false },
      ],
    });
  });

  it("refuses a field whose type the scopes do not cover, and a node of such a type", async () => {
    // Without read_orders the app cannot subscribe to order topics either.
    reinstallWith({ scopes: FIXTURE_SCOPES.filter((scope) => scope !== "read_orders"), topics: ["customers/create", "app/uninstalled"] });
    const orders = await admin("{ orders(first: 1) { nodes { id } } }");
    expect(orders.body.errors).toEqual([
      {
        message: "Access denied for orders field.",
        locations: [{ line: 1, column: 3 }],
        path: ["orders"],
        extensions: { code: "ACCESS_DENIED", documentation: "https://shopify.dev/api/usage/access-scopes" },
      },
    ]);
    const node = await admin<{ node: null; product: { id: string } }>(
      "query($id: ID!, $product: ID!) { node(id: $id) { id } product(id: $product) { id } }",
      {
        id: shop.orders[0].id,
        product: shop.products[0].id,
      },
    );
    expect(node.body.errors).toEqual([expect.objectContaining({ message: "Access denied for node field.", path: ["node"] })]);
    expect(node.body.data).toEqual({ node: null, product: { id: shop.products[0].id } });
  });

  it("counts a write scope as its read scope, never the other way round, and runs no refused mutation", async () => {
    // FIXTURE_SCOPES has write_discounts and no read_discounts.
    expect(await adminData('{ codeDiscountNodeByCode(code: "NONE") { id } }')).toEqual({ codeDiscountNodeByCode: null });

    reinstallWith({ scopes: [...FIXTURE_SCOPES.filter((scope) => scope !== "write_discounts"), "read_discounts"] });
    const before = shop.discounts.length;
    const create = await admin(
      `mutation($discount: DiscountCodeBasicInput!) { discountCodeBasicCreate(basicCodeDiscount: $discount) { codeDiscountNode { id } userErrors { message } } }`,
      {
        discount: {
          title: "No",
          code: "NO-SCOPE",
          startsAt: "2025-01-01T00:00:00Z",
          context: { all: "ALL" },
          customerGets: { value: { percentage: 0.1 }, items: { all: true } },
        },
      },
    );
    expect(create.body.errors).toEqual([
      expect.objectContaining({
        message: "Access denied for discountCodeBasicCreate field. Required access: Apps must have `write_discounts` access scope.",
        path: ["discountCodeBasicCreate"],
        extensions: {
          code: "ACCESS_DENIED",
          documentation: "https://shopify.dev/api/usage/access-scopes",
          requiredAccess: "Apps must have `write_discounts` access scope.",
        },
      }),
    ]);
    expect(create.body.data).toEqual({ discountCodeBasicCreate: null });
    expect(shop.discounts).toHaveLength(before);
    expect(await adminData('{ codeDiscountNodeByCode(code: "NONE") { id } }')).toEqual({ codeDiscountNodeByCode: null });
  });
});

describe("deprecated fields", () => {
  it("are refused by default, naming what to use instead (the simulator's strictness: Shopify accepts them)", async () => {
    const image = await admin("query Products { products(first: 1) { nodes { featuredImage { url } } } }");
    expect(image.body.errors).toEqual([
      {
        message:
          "The field Product.featuredImage is deprecated. Use `featuredMedia` instead. (The simulator refuses deprecated schema elements so that tests catch them; Shopify still accepts them.)",
        locations: [{ line: 1, column: 47 }],
        path: ["query Products", "products", "nodes", "featuredImage"],
      },
    ]);
    const automatic = await admin('{ automaticDiscountNode(id: "gid://shopify/DiscountAutomaticNode/1") { id } }');
    expect(automatic.body.errors?.map((error) => error.message)).toEqual([
      expect.stringMatching(/^The field QueryRoot\.automaticDiscountNode is deprecated\. Use `discountNode` instead\./),
    ]);
    // Deprecated input fields in variables too, which graphql-js's rule cannot see.
    const selection = await admin(
      `mutation($discount: DiscountCodeBasicInput!) { discountCodeBasicCreate(basicCodeDiscount: $discount) { userErrors { message } } }`,
      {
        discount: {
          title: "Old",
          code: "OLD",
          startsAt: "2025-01-01T00:00:00Z",
          customerSelection: { all: true },
          customerGets: { value: { percentage: 0.1 }, items: { all: true } },
        },
      },
    );
    expect(selection.body.errors?.map((error) => error.message)).toEqual([
      expect.stringMatching(/^The input field DiscountCodeBasicInput\.customerSelection is deprecated\. Use `context` instead\./),
    ]);
    expect(shop.discounts.some((discount) => discount.code === "OLD")).toBe(false);
  });

  it("run as on Shopify when the simulator allows them", async () => {
    const lenient = await startSimulator({
      appUrl: receiverUrl,
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      appConfigPath: join(configDir, "shopify.app.toml"),
      allowDeprecated: true,
    });
    try {
      const response = await fetch(`${lenient.url}/admin/api/2026-10/graphql.json`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-shopify-access-token": DEMO_ACCESS_TOKEN,
          "x-shopify-shop-domain": DEMO_SHOP_DOMAIN,
        },
        body: JSON.stringify({
          query:
            "{ products(first: 1) { nodes { featuredImage { url } } } customers(first: 1) { nodes { email emailMarketingConsent { marketingState } } } }",
        }),
      });
      const body = (await response.json()) as GraphqlBody<{
        products: { nodes: { featuredImage: { url: string } }[] };
        customers: { nodes: unknown[] };
      }>;
      expect(body.errors).toBeUndefined();
      expect(body.data?.products.nodes[0].featuredImage.url).toMatch(/\/cdn\/shop\/products\/[\w-]+\.svg$/);
      expect(body.data?.customers.nodes).toEqual([
        { email: "alex.morgan@example.com", emailMarketingConsent: { marketingState: "SUBSCRIBED" } },
      ]);

      const created = await fetch(`${lenient.url}/admin/api/2026-10/graphql.json`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-shopify-access-token": DEMO_ACCESS_TOKEN,
          "x-shopify-shop-domain": DEMO_SHOP_DOMAIN,
        },
        body: JSON.stringify({
          query: `mutation($d: DiscountAutomaticFreeShippingInput!) { discountAutomaticFreeShippingCreate(freeShippingAutomaticDiscount: $d) { automaticDiscountNode { id } } }`,
          variables: {
            d: {
              title: "Free over $50",
              startsAt: "2025-01-01T00:00:00Z",
              minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: "50.00" } },
              destination: { all: true },
            },
          },
        }),
      });
      const { id } = (
        (await created.json()) as { data: { discountAutomaticFreeShippingCreate: { automaticDiscountNode: { id: string } } } }
      ).data.discountAutomaticFreeShippingCreate.automaticDiscountNode;
      const read = await fetch(`${lenient.url}/admin/api/2026-10/graphql.json`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-shopify-access-token": DEMO_ACCESS_TOKEN,
          "x-shopify-shop-domain": DEMO_SHOP_DOMAIN,
        },
        body: JSON.stringify({
          query:
            "query($id: ID!) { automaticDiscountNode(id: $id) { id automaticDiscount { ... on DiscountAutomaticFreeShipping { title } } } discountNode(id: $id) { discount { ... on DiscountAutomaticFreeShipping { title } } } }",
          variables: { id },
        }),
      });
      expect(((await read.json()) as GraphqlBody<unknown>).data).toEqual({
        automaticDiscountNode: { id, automaticDiscount: { title: "Free over $50" } },
        discountNode: { discount: { title: "Free over $50" } },
      });
    } finally {
      await lenient.close();
    }
  });
});

describe("fault injection", () => {
  const create = `mutation Create($discount: DiscountCodeBasicInput!) {
    discountCodeBasicCreate(basicCodeDiscount: $discount) { codeDiscountNode { id } userErrors { field message code extraInfo } }
  }`;
  const discount = (code: string) => ({
    title: code,
    code,
    startsAt: "2025-01-01T00:00:00Z",
    context: { all: "ALL" },
    customerGets: { value: { percentage: 0.1 }, items: { all: true } },
  });
  const codeExists = (code: string) => shop.discounts.some((candidate) => candidate.code === code);
  const taken = { field: ["basicCodeDiscount", "code"], code: "TAKEN", message: "Code must be unique. Please try a different code." };

  afterEach(() => sim.clearFaults());

  it("answers the next call to a mutation with the userErrors given, running nothing, then runs as usual", async () => {
    sim.failNext({ shop: DEMO_SHOP_DOMAIN, field: "Mutation.discountCodeBasicCreate", fault: { kind: "userErrors", userErrors: [taken] } });
    expect(await adminData(create, { discount: discount("FAULT-1") })).toEqual({
      discountCodeBasicCreate: { codeDiscountNode: null, userErrors: [{ ...taken, extraInfo: null }] },
    });
    expect(codeExists("FAULT-1")).toBe(false);
    const again = await adminData<{ discountCodeBasicCreate: { codeDiscountNode: { id: string } } }>(create, {
      discount: discount("FAULT-1"),
    });
    expect(again.discountCodeBasicCreate.codeDiscountNode.id).toMatch(/^gid:\/\/shopify\/DiscountCodeNode\//);
  });

  it("refuses faults Shopify could not give", () => {
    const arm = (field: string, fault: Parameters<Simulator["failNext"]>[0]["fault"]) => () =>
      sim.failNext({ shop: DEMO_SHOP_DOMAIN, field, fault });
    expect(arm("Mutation.discountCodeMake", { kind: "throttled" })).toThrow("Mutation.discountCodeMake is not a root field");
    expect(arm("QueryRoot.shop", { kind: "userErrors", userErrors: [{ message: "No" }] })).toThrow(
      "QueryRoot.shop returns Shop, which has no userErrors",
    );
    expect(arm("Mutation.discountCodeBasicCreate", { kind: "userErrors", userErrors: [{ message: "No", code: "NOPE" }] })).toThrow(
      "NOPE is not a DiscountErrorCode value",
    );
    expect(arm("Mutation.discountCodeBasicCreate", { kind: "userErrors", userErrors: [{ message: "No", reason: "x" }] })).toThrow(
      "DiscountUserError has no field reason",
    );
  });

  it("answers THROTTLED or INTERNAL_SERVER_ERROR as Shopify does, for that shop and field only", async () => {
    sim.failNext({ shop: DEMO_SHOP_DOMAIN, field: "Mutation.discountCodeBasicCreate", fault: { kind: "throttled" } });
    expect((await admin("{ shop { name } }")).body.errors).toBeUndefined(); // another field: not this fault
    const throttled = await admin(create, { discount: discount("FAULT-2") });
    expect(throttled).toEqual({
      status: 200,
      body: {
        errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } }],
        extensions: {
          cost: {
            requestedQueryCost: 10,
            actualQueryCost: null,
            throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 0, restoreRate: 100 },
          },
        },
      },
    });
    expect(codeExists("FAULT-2")).toBe(false);

    sim.failNext({ shop: DEMO_SHOP_DOMAIN, field: "QueryRoot.products", fault: { kind: "internalError" } });
    const response = await fetch(`${sim.url}/admin/api/2026-10/graphql.json`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-shopify-access-token": DEMO_ACCESS_TOKEN,
        "x-shopify-shop-domain": DEMO_SHOP_DOMAIN,
      },
      body: JSON.stringify({ query: "{ products(first: 1) { nodes { id } } }" }),
    });
    const requestId = response.headers.get("x-request-id");
    expect(await response.json()).toEqual({
      errors: [
        {
          message: `Internal error. Looks like something went wrong on our end.\nRequest ID: ${requestId} (include this in support requests).`,
          extensions: { code: "INTERNAL_SERVER_ERROR", requestId },
        },
      ],
    });
    expect((await admin("{ products(first: 1) { nodes { id } } }")).body.errors).toBeUndefined();
  });

  it("drops the connection before running the operation, or after running it", async () => {
    sim.failNext({ shop: DEMO_SHOP_DOMAIN, field: "Mutation.discountCodeBasicCreate", fault: { kind: "dropRequest" } });
    await expect(admin(create, { discount: discount("FAULT-3") })).rejects.toThrow();
    expect(codeExists("FAULT-3")).toBe(false);
    sim.failNext({ shop: DEMO_SHOP_DOMAIN, field: "Mutation.discountCodeBasicCreate", fault: { kind: "dropResponse" } });
    await expect(admin(create, { discount: discount("FAULT-4") })).rejects.toThrow();
    expect(codeExists("FAULT-4")).toBe(true); // Shopify made it; only the answer was lost
  });

  it("is armed through the control API too", async () => {
    const arm = (body: unknown) =>
      fetch(`${sim.url}/simulate/fault`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    expect((await arm({ shop: DEMO_SHOP_DOMAIN, field: "Mutation.discountCodeBasicCreate", fault: { kind: "throttled" } })).status).toBe(
      200,
    );
    expect((await admin(create, { discount: discount("FAULT-5") })).body.errors?.[0]?.message).toBe("Throttled");
    const refused = await arm({ shop: DEMO_SHOP_DOMAIN, field: "Mutation.nothing", fault: { kind: "throttled" } });
    expect(refused.status).toBe(400);
  });
});

describe("webhook subscriptions and scopes", () => {
  const startWith = (toml: string) => {
    const path = join(configDir, `shopify.app.${Math.random().toString(36).slice(2)}.toml`);
    writeFileSync(path, toml);
    return startSimulator({ appUrl: receiverUrl, apiKey: API_KEY, apiSecret: API_SECRET, appConfigPath: path });
  };

  it("refuses to start when a subscribed topic needs a scope the app does not ask for, naming topic and scope", async () => {
    const withoutFulfillments = FIXTURE_SCOPES.filter((scope) => scope !== "read_fulfillments");
    await expect(startWith(fixtureToml(receiverUrl, { scopes: withoutFulfillments }))).rejects.toThrow(
      /Shopify refuses these webhook subscriptions of .*shopify\.app\.\w+\.toml: \[access_scopes\] scopes \(.*\) does not grant\n {2}fulfillment_events\/create requires the read_fulfillments scope$/,
    );
    const withoutOrders = FIXTURE_SCOPES.filter((scope) => scope !== "read_orders");
    await expect(startWith(fixtureToml(receiverUrl, { scopes: withoutOrders }))).rejects.toThrow(
      "orders/paid requires one of the scopes read_orders, read_marketplace_orders",
    );
    await expect(startWith(fixtureToml(receiverUrl, { topics: ["orders/shipped"] }))).rejects.toThrow(
      "orders/shipped is not a webhook topic of Shopify's Admin API",
    );
  });

  it("needs no scope for compliance topics and app/uninstalled", async () => {
    const minimal = await startWith(fixtureToml(receiverUrl, { scopes: ["read_themes"], topics: ["app/uninstalled"] }));
    await minimal.close();
  });

  it("refuses a reinstall under a TOML whose scopes no longer cover its topics, and a topic added while running", async () => {
    const configPath = join(configDir, "shopify.app.toml");
    try {
      writeFileSync(configPath, fixtureToml(receiverUrl, { scopes: FIXTURE_SCOPES.filter((scope) => scope !== "read_orders") }));
      expect(() => sim.actions.reinstallApp()).toThrow("orders/paid requires one of the scopes read_orders, read_marketplace_orders");
      expect(shop.grantedScopes).toEqual(FIXTURE_SCOPES);

      writeFileSync(configPath, fixtureToml(receiverUrl, { topics: [...FIXTURE_TOPICS, "inventory_levels/update"] }));
      const delivery = await sim.webhooks.send({ shop: DEMO_SHOP_DOMAIN, topic: "inventory_levels/update", payload: {} });
      expect(delivery).toMatchObject({
        url: null,
        status: null,
        error: "Shopify refused the subscription to inventory_levels/update: it requires read_inventory, which the app was not granted",
      });
      expect(received).toEqual([]);
    } finally {
      writeFileSync(configPath, fixtureToml(receiverUrl));
    }
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
    expect(delivery.validation).toMatchObject({
      valid: true,
      topic: "ORDERS_PAID",
      domain: DEMO_SHOP_DOMAIN,
      apiVersion: "2026-10",
      webhookId: webhook.webhookId,
    });
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
      customer: {
        id: Number(maria.id.split("/").pop()),
        email: maria.email,
        first_name: "Μαρία",
        last_name: "Παπαδοπούλου",
        admin_graphql_api_id: maria.id,
      },
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
      total_price_set: {
        shop_money: { amount: "34.00", currency_code: "USD" },
        presentment_money: { amount: "31.28", currency_code: "EUR" },
      },
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
    expect(payloadOf(received[0])).toMatchObject({
      email: "retry@example.com",
      first_name: "Re",
      admin_graphql_api_id: expect.stringMatching(/^gid:\/\/shopify\/Customer\//),
    });
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

    expect(received.map(topicOf)).toEqual([
      "orders/paid",
      "orders/fulfilled",
      "fulfillment_events/create",
      "refunds/create",
      "orders/cancelled",
    ]);
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
          subtotal_set: {
            shop_money: { amount: "21.00", currency_code: "USD" },
            presentment_money: { amount: "16.59", currency_code: "GBP" },
          },
        },
      ],
      transactions: [{ kind: "refund", status: "success", gateway: "shopify_payments", amount: "16.59", currency: "GBP" }],
    });
    expect(payloadOf(received[4])).toMatchObject({ cancelled_at: expect.any(String), financial_status: "partially_refunded" });

    const graph = await adminData<{
      order: { displayFinancialStatus: string; cancelledAt: string; totalRefundedSet: { shopMoney: { amount: string } } };
    }>(`query($id: ID!) { order(id: $id) { displayFinancialStatus cancelledAt totalRefundedSet { shopMoney { amount } } } }`, {
      id: order.id,
    });
    expect(graph.order).toMatchObject({
      displayFinancialStatus: "PARTIALLY_REFUNDED",
      cancelledAt: expect.any(String),
      totalRefundedSet: { shopMoney: { amount: "21.0" } },
    });
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
    expect(payloadOf(received[1])).toMatchObject({
      shop_domain: DEMO_SHOP_DOMAIN,
      customer: { email: maria.email },
      orders_to_redact: expect.any(Array),
    });
    expect(payloadOf(received[2])).toEqual({ shop_id: shopId, shop_domain: DEMO_SHOP_DOMAIN });
  });

  it("sends app/uninstalled with the shop and stops accepting the token", async () => {
    const { webhook } = await sim.actions.uninstallApp();
    expect(webhook.status).toBe(200);
    expect(payloadOf(received[0])).toMatchObject({
      myshopify_domain: DEMO_SHOP_DOMAIN,
      name: "Demo Retention Store",
      currency: "USD",
      iana_timezone: "Europe/Athens",
    });
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
    const response = await fetch(`${sim.url}/simulate/${action}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    return {
      status: response.status,
      body: (await response.json()) as Record<string, unknown> & { webhook: { status: number; topic: string } },
    };
  };

  it("drives an order through the JSON control API", async () => {
    const placed = await post("orders", {
      email: "new.buyer@example.com",
      lines: [{ variantId: variantOf("ceramic-mug", 1), quantity: 1 }],
    });
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

  const form = (action: string, fields: Record<string, string>) =>
    fetch(`${sim.url}/simulate/${action}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields).toString(),
      redirect: "manual",
    });

  it("places an order of several products from the control page's quantities, and refunds it in parts from its refund form", async () => {
    const page = await (await fetch(sim.url)).text();
    const honey = variantOf("thyme-honey");
    const mug = variantOf("ceramic-mug", 1);
    const candle = variantOf("scented-candle");
    expect(page).toContain(`name="quantity.${honey}"`);
    expect(page).toContain('aria-label="Quantity of Thyme Honey – 250 g"');
    const alex = customerByEmail("alex.morgan@example.com");
    const placed = await form("orders", {
      shop: DEMO_SHOP_DOMAIN,
      customerId: alex.id,
      [`quantity.${variantOf("olive-oil-soap")}`]: "0", // the page's default for products not chosen
      [`quantity.${honey}`]: "3",
      [`quantity.${mug}`]: "1",
      [`quantity.${candle}`]: "2",
      presentmentCurrency: "USD",
      shippingCountry: "GR",
      discountCode: "",
    });
    expect(placed.status).toBe(303);
    const order = shop.orders.at(-1)!;
    expect(order.lineItems.map((line) => [line.title, line.quantity, line.price])).toEqual([
      ["Thyme Honey", 3, "14.50"],
      ["Ceramic Mug", 1, "18.00"],
      ["Scented Candle", 2, "21.00"],
    ]);
    expect(order.totalPrice).toBe("108.50"); // 43.50 + 18.00 + 42.00 + 5.00 shipping
    await sim.actions.fulfilOrder({ orderId: order.id });

    const honeyLine = order.lineItems[0]!.id;
    const fields = { shop: DEMO_SHOP_DOMAIN, orderId: order.id, method: "original", amount: "", note: "" };
    // One of the three jars back, restocked.
    expect((await form("refund", { ...fields, [`refund.${honeyLine}`]: "1", restock: "on" })).status).toBe(303);
    // A goodwill amount, tied to no line.
    expect((await form("refund", { ...fields, amount: "7.25", note: "Late delivery" })).status).toBe(303);
    // The rest to store credit.
    expect((await form("refund", { ...fields, method: "store_credit" })).status).toBe(303);
    expect(order.refunds.map((refund) => [refund.amount, refund.storeCredit, refund.note ?? null])).toEqual([
      ["14.50", "0.00", null],
      ["7.25", "0.00", "Late delivery"],
      ["86.75", "86.75", null],
    ]);
    expect(order.refunds[0]!.lineItems).toEqual([
      { lineItemId: honeyLine, quantity: 1, subtotal: "14.50", tax: "0.00", restockType: "return" },
    ]);
    expect(order.refunds[1]!.lineItems).toEqual([]);
    expect(order.refunds[2]!.lineItems.map((line) => [line.quantity, line.restockType])).toEqual([
      [2, "no_restock"],
      [1, "no_restock"],
      [2, "no_restock"],
    ]);
    expect(order.financialStatus).toBe("REFUNDED");

    const refunds = received.filter((entry) => entry.headers["x-shopify-topic"] === "refunds/create").map(payloadOf);
    expect(refunds[0]).toMatchObject({
      restock: true,
      refund_line_items: [{ quantity: 1, restock_type: "return", location_id: expect.any(Number), subtotal: 14.5 }],
      transactions: [{ kind: "refund", gateway: "shopify_payments", amount: "14.50" }],
    });
    expect(refunds[1]).toMatchObject({ restock: false, note: "Late delivery", refund_line_items: [], transactions: [{ amount: "7.25" }] });
    expect(refunds[2]).toMatchObject({
      transactions: [{ kind: "refund", gateway: "shopify_store_credit", status: "success", amount: "86.75" }],
    });
    expect((refunds[2]!.refund_line_items as { location_id: unknown }[]).every((line) => line.location_id === null)).toBe(true);

    const after = (await (await fetch(sim.url)).text()).replace(/\s+/g, " ");
    expect(after).toContain('3 × Thyme Honey – 250 g <span class="muted">(3 refunded)</span>');
    expect(after).toContain("refunded $108.50 ($86.75 as store credit)");
  });

  it("restocks an unfulfilled order's units as cancelled, and refuses what Shopify would refuse", async () => {
    const { order } = await sim.actions.placeOrder({
      customerId: customerByEmail("emma.clarke@example.com").id,
      lines: [
        { variantId: variantOf("mountain-tea"), quantity: 2 },
        { variantId: variantOf("linen-tote-bag"), quantity: 1 },
      ],
    });
    const [tea, tote] = order.lineItems.map((line) => line.id);
    const refunded = await post("refund", { orderId: order.id, lines: [{ lineItemId: tea, quantity: 1 }], restock: true });
    expect(refunded.status).toBe(200);
    expect(order.refunds[0]!.lineItems[0]).toMatchObject({ restockType: "cancel", subtotal: "6.90" });
    const refusals = [
      [{ lines: [{ lineItemId: tea, quantity: 2 }] }, "Quantity for Mountain Tea must be between 1 and 1"],
      [
        {
          lines: [
            { lineItemId: tote, quantity: 1 },
            { lineItemId: tote, quantity: 1 },
          ],
        },
        "Each line item can be listed once in a refund",
      ],
      [{ amount: "ten" }, "Refund amount must be an amount like 10.50"],
      [{ amount: "1000.00" }, "Refund amount must be between 0.01 and 35.90"],
      [{ amount: "5.00", storeCredit: "6.00" }, "Store credit must be between 0.00 and 5.00"],
    ] as const;
    for (const [input, error] of refusals) {
      expect(await post("refund", { orderId: order.id, ...input })).toMatchObject({ status: 400, body: { error } });
    }
    // Store credit needs a customer: a guest's order can only be refunded to its payment.
    const guest = await sim.actions.placeOrder({
      guest: { email: "guest@example.com", lastName: "Xenou" },
      lines: [{ variantId: variantOf("mountain-tea"), quantity: 1 }],
    });
    expect(await post("refund", { orderId: guest.order.id, method: "store_credit" })).toMatchObject({
      status: 400,
      body: { error: "Store credit needs a customer: a guest order can only be refunded to its payment" },
    });
    expect(order.refunds).toHaveLength(1);
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
    const message = [...grouped]
      .map(([key, values]) => `${key}=${values.join(",")}`)
      .sort()
      .join("");
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
    const url = appProxyUrl("http://localhost:3000/proxy", "/", {
      shop: DEMO_SHOP_DOMAIN,
      pathPrefix: "/apps/retention",
      secret: API_SECRET,
    });
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

// ---------------------------------------------------------------- Shopify Flow

describe("Shopify Flow", () => {
  // Shopify's own examples (shopify.dev, Flow trigger and action references), as an app's extensions.
  const TRIGGER_TOML = `[[extensions]]
name = "Auction bid placed"
type = "flow_trigger"
handle = "auction-bid-placed"

[settings]

[[settings.fields]]
type = "customer_reference"

[[settings.fields]]
type = "number_decimal"
key = "Amount"

[[settings.fields]]
type = "single_line_text_field"
key = "Auction name"
`;
  const ACTION_TOML = `[[extensions]]
name = "Place auction bid"
type = "flow_action"
handle = "place-auction-bid"
runtime_url = "https://auctions.example.com/flow/bid?source=flow"

[settings]

[[settings.fields]]
type = "customer_reference"
required = true

[[settings.fields]]
type = "number_decimal"
key = "amount"
name = "Amount"
required = true
`;
  const extension = (name: string, toml: string, dir = configDir) => {
    mkdirSync(join(dir, "extensions", name), { recursive: true });
    writeFileSync(join(dir, "extensions", name, "shopify.extension.toml"), toml);
  };
  const receive = (handle: string, payload: unknown) =>
    admin<{ flowTriggerReceive: { userErrors: { field: string[] | null; message: string }[] } }>(
      `mutation Receive($handle: String!, $payload: JSON!) { flowTriggerReceive(handle: $handle, payload: $payload) { userErrors { field message } } }`,
      { handle, payload },
    );

  beforeAll(() => {
    extension("auction-bid-placed", TRIGGER_TOML);
    extension("place-auction-bid", ACTION_TOML);
  });
  afterAll(() => rmSync(join(configDir, "extensions"), { recursive: true, force: true }));

  it("takes a trigger whose payload fits its extension's fields, and records it", async () => {
    shop.flowTriggers = [];
    const payload = { customer_id: 12345, Amount: 30, "Auction name": "Vintage lamp" };
    const { status, body } = await receive("auction-bid-placed", payload);
    expect(status).toBe(200);
    expect(body.data).toEqual({ flowTriggerReceive: { userErrors: [] } });
    // A field may be left out (an event without that reference).
    expect((await receive("auction-bid-placed", { Amount: 5 })).body.data?.flowTriggerReceive.userErrors).toEqual([]);
    expect(shop.flowTriggers.map((trigger) => [trigger.handle, trigger.payload])).toEqual([
      ["auction-bid-placed", payload],
      ["auction-bid-placed", { Amount: 5 }],
    ]);
    const state = (await (await fetch(`${sim.url}/state/${DEMO_SHOP_DOMAIN}/flow-triggers`)).json()) as unknown[];
    expect(state).toHaveLength(2);
  });

  it("refuses an unknown handle, an undeclared field and a value of the wrong type with userErrors, recording nothing", async () => {
    shop.flowTriggers = [];
    const errors = async (handle: string, payload: unknown) => (await receive(handle, payload)).body.data?.flowTriggerReceive.userErrors;
    expect(await errors("auction-ended", { Amount: 1 })).toEqual([
      { field: ["handle"], message: 'The app has no Flow trigger with the handle "auction-ended"' },
    ]);
    expect(await errors("auction-bid-placed", { amount: 1 })).toEqual([
      { field: ["payload", "amount"], message: '"amount" is not a field of the trigger auction-bid-placed' },
    ]);
    expect(await errors("auction-bid-placed", { Amount: "30", customer_id: "gid://shopify/Product/1" })).toEqual([
      { field: ["payload", "Amount"], message: '"Amount" is not a valid number_decimal' },
      { field: ["payload", "customer_id"], message: '"customer_id" is not a valid customer_reference' },
    ]);
    expect(await errors("auction-bid-placed", { "Auction name": "x".repeat(1_000_000) })).toEqual([
      { field: ["payload"], message: "The payload must be less than 1 MB" },
    ]);
    expect(shop.flowTriggers).toEqual([]);
  });

  it("runs an action as Flow documents it: the request POSTed to the runtime_url's path, signed so that the library's flow.validate accepts it", async () => {
    const answer = await sim.runFlowAction({ handle: "place-auction-bid", properties: { customer_id: "12345", amount: 10 } });
    expect(answer).toEqual({
      actionRunId: expect.stringMatching(/^[0-9a-f]{40}$/),
      status: 200,
      body: JSON.stringify({ message: "done" }),
    });
    expect(flowReceived).toHaveLength(1);
    expect(flowReceived[0]!.path).toBe("/flow/bid?source=flow");
    expect(flowReceived[0]!.valid).toBe(true);
    expect(JSON.parse(flowReceived[0]!.body)).toEqual({
      shop_id: expect.stringMatching(/^\d+$/),
      shopify_domain: DEMO_SHOP_DOMAIN,
      action_run_id: answer.actionRunId,
      action_definition_id: "Place auction bid",
      handle: "place-auction-bid",
      properties: { customer_id: "12345", amount: 10 },
    });
    // Sent again, as Flow does when it had no answer: the same run id.
    expect(
      (
        await sim.runFlowAction({
          handle: "place-auction-bid",
          properties: { customer_id: "12345", amount: 10 },
          actionRunId: answer.actionRunId,
        })
      ).actionRunId,
    ).toBe(answer.actionRunId);
  });

  it("signs with another secret when a test asks (a forged request), which the library refuses", async () => {
    const answer = await sim.runFlowAction({ handle: "place-auction-bid", properties: { customer_id: "1", amount: 1 }, secret: "forged" });
    expect(answer.status).toBe(401);
    expect(flowReceived.map((request) => request.valid)).toEqual([false]);
  });

  it("sends only the action's own fields, every required one, and is driven through the control API too", async () => {
    await expect(
      sim.runFlowAction({ handle: "place-auction-bid", properties: { customer_id: "1", amount: 1, note: "x" } }),
    ).rejects.toThrow('"note" is not a field of the action place-auction-bid');
    await expect(sim.runFlowAction({ handle: "place-auction-bid", properties: { amount: 1 } })).rejects.toThrow("requires customer_id");
    await expect(sim.runFlowAction({ handle: "cancel-bid", properties: {} })).rejects.toThrow(
      'no Flow action with the handle "cancel-bid"',
    );
    const response = await fetch(`${sim.url}/simulate/flow-action`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ shop: DEMO_SHOP_DOMAIN, handle: "place-auction-bid", properties: { customer_id: "7", amount: 2 } }),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { flowAction: { status: number } }).flowAction.status).toBe(200);
  });

  it("refuses extensions Shopify would refuse: an unsupported field type, a trigger key that is not letters and spaces, a long handle", () => {
    const dir = mkdtempSync(join(tmpdir(), "simulator-flow-"));
    try {
      const toml = join(dir, "shopify.app.toml");
      extension("bad", TRIGGER_TOML.replace('type = "number_decimal"', 'type = "number_integer"'), dir);
      expect(() => readFlowExtensions(toml)).toThrow("field type number_integer is not supported on Flow triggers");
      extension("bad", TRIGGER_TOML.replace('key = "Amount"', 'key = "amount_2"'), dir);
      expect(() => readFlowExtensions(toml)).toThrow('trigger field key "amount_2" must contain only letters and spaces');
      extension("bad", TRIGGER_TOML.replace('handle = "auction-bid-placed"', `handle = "${"a".repeat(31)}"`), dir);
      expect(() => readFlowExtensions(toml)).toThrow("must be 1 to 30 letters, digits and hyphens");
      extension("bad", ACTION_TOML.replace("https://auctions", "http://auctions"), dir);
      expect(() => readFlowExtensions(toml)).toThrow("runtime_url must be an https URL");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reads the project's own Flow extensions as Shopify would take them", () => {
    const extensions = readFlowExtensions(new URL("../../shopify.app.toml", import.meta.url).pathname);
    expect(extensions.map((candidate) => `${candidate.type} ${candidate.handle}`).sort()).toEqual([
      "flow_action award-points",
      "flow_action deduct-points",
      "flow_action send-review-request",
      "flow_trigger low-rating-received",
      "flow_trigger points-earned",
      "flow_trigger review-published",
      "flow_trigger review-submitted",
      "flow_trigger reward-redeemed",
      "flow_trigger tier-changed",
    ]);
  });
});
