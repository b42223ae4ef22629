// How the Admin API's failures reach the app: whatever the client (the library's, which throws,
// or one handing back Shopify's raw answer), callers get an AdminApiError whose kind tells a
// refusal from an outage.
import { GraphqlQueryError } from "@shopify/shopify-api";
import { describe, expect, it } from "vitest";
import { accessDenied, internalError, libraryAdmin, throttled, undefinedField } from "../../tests/support/shopify-answers";
import {
  AdminApiError,
  createDiscountCode,
  deleteMetaobject,
  discountIdByCode,
  enableStandardMetaobjectDefinition,
  fetchAutomaticFreeShipping,
  type AdminApiErrorKind,
  type AdminClient,
} from "./admin.server";

const SHOP = "answers.myshopify.com";
const CODE_INPUT = {
  title: "Reward",
  code: "REWARD-ABCDEFGH",
  value: { kind: "amount_off", amount: "5.00" },
  customerId: "gid://shopify/Customer/1",
  usageLimit: 1,
  minimumSubtotal: null,
  startsAt: new Date("2030-01-01T00:00:00Z"),
} as const;

async function failure(call: Promise<unknown>): Promise<AdminApiError> {
  const error = await call.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(AdminApiError);
  return error as AdminApiError;
}

const json = (body: unknown, status = 200) => Response.json(body, { status });

// Shopify's failures, and the kind each must become.
const FAILURES: { name: string; answer: () => Response; kind: AdminApiErrorKind; message: RegExp }[] = [
  {
    name: "a missing scope (ACCESS_DENIED)",
    answer: () => json(accessDenied("codeDiscountNodeByCode", "read_discounts")),
    kind: "access_denied",
    message: /Required access: `read_discounts`/,
  },
  { name: "the rate limit (THROTTLED)", answer: () => json(throttled), kind: "throttled", message: /Throttled/ },
  {
    name: "a field the schema lacks (undefinedField)",
    answer: () => json(undefinedField("DiscountCodeNode", "codeDiscount")),
    kind: "invalid",
    message: /doesn't exist/,
  },
  { name: "Shopify failing (INTERNAL_SERVER_ERROR)", answer: () => json(internalError), kind: "unreachable", message: /Internal error/ },
  {
    name: "HTTP 429",
    answer: () =>
      json({ errors: "Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service." }, 429),
    kind: "throttled",
    message: /429/,
  },
  {
    name: "HTTP 401 (a revoked token)",
    answer: () => json({ errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" }, 401),
    kind: "access_denied",
    message: /401/,
  },
  { name: "HTTP 402 (a frozen shop)", answer: () => json({ errors: "Unavailable Shop" }, 402), kind: "access_denied", message: /402/ },
  {
    name: "HTTP 502",
    answer: () => new Response("<html>Bad Gateway</html>", { status: 502, headers: { "content-type": "text/html" } }),
    kind: "unreachable",
    message: /502/,
  },
  { name: "HTTP 503", answer: () => new Response("Service Unavailable", { status: 503 }), kind: "unreachable", message: /503/ },
];

describe("the library's admin client (production)", () => {
  it("throws GraphqlQueryError, with Shopify's errors in body.errors.graphQLErrors, for an answer with top-level errors", async () => {
    const admin = await libraryAdmin(SHOP, () => json(accessDenied("codeDiscountNodeByCode", "read_discounts")));
    const thrown = await admin.graphql(`query { codeDiscountNodeByCode(code: "X") { id } }`).catch((error: unknown) => error);
    expect(thrown).toBeInstanceOf(GraphqlQueryError);
    expect((thrown as GraphqlQueryError).body?.errors.graphQLErrors[0].extensions.code).toBe("ACCESS_DENIED");
  });

  it.each(FAILURES)("$name becomes an AdminApiError of kind $kind", async ({ answer, kind, message }) => {
    const admin = await libraryAdmin(SHOP, answer);
    const error = await failure(discountIdByCode(admin, "REWARD-ABCDEFGH"));
    expect(error.kind).toBe(kind);
    expect(error.message).toMatch(/^DiscountByCode: /);
    expect(error.message).toMatch(message);
  });

  it("a network failure (fetch rejects) is unreachable", async () => {
    const admin = await libraryAdmin(SHOP, () => {
      throw new TypeError("fetch failed");
    });
    const error = await failure(discountIdByCode(admin, "REWARD-ABCDEFGH"));
    expect(error).toMatchObject({ kind: "unreachable", message: expect.stringContaining("fetch failed") });
  });

  it("userErrors are user_errors, with Shopify's messages", async () => {
    const admin = await libraryAdmin(SHOP, () =>
      json({
        data: {
          discountCodeBasicCreate: {
            codeDiscountNode: null,
            userErrors: [
              { field: ["basicCodeDiscount", "code"], message: "Code must be unique. Please try a different code.", code: "TAKEN" },
            ],
          },
        },
      }),
    );
    const error = await failure(createDiscountCode(admin, CODE_INPUT));
    expect(error).toMatchObject({
      kind: "user_errors",
      message: "discountCodeBasicCreate: Code must be unique. Please try a different code.",
    });
    expect(error.details).toEqual([expect.objectContaining({ code: "TAKEN" })]);
  });

  it("answers with data come back typed", async () => {
    const admin = await libraryAdmin(SHOP, () => json({ data: { codeDiscountNodeByCode: { id: "gid://shopify/DiscountCodeNode/7" } } }));
    expect(await discountIdByCode(admin, "REWARD-ABCDEFGH")).toBe("gid://shopify/DiscountCodeNode/7");
  });
});

describe("clients that hand back Shopify's raw answer (simulator, tests)", () => {
  const rawAdmin = (answer: () => Response | Promise<Response>): AdminClient => ({ graphql: async () => answer() });

  it.each(FAILURES)("$name becomes an AdminApiError of kind $kind", async ({ answer, kind }) => {
    const error = await failure(discountIdByCode(rawAdmin(answer), "REWARD-ABCDEFGH"));
    expect(error.kind).toBe(kind);
  });

  it("a rejected fetch and a reply that is not JSON are unreachable", async () => {
    const offline = rawAdmin(() => Promise.reject(new TypeError("fetch failed")));
    expect((await failure(discountIdByCode(offline, "X"))).kind).toBe("unreachable");
    const garbled = rawAdmin(() => new Response("<html>upstream connect error</html>", { status: 200 }));
    expect((await failure(discountIdByCode(garbled, "X"))).kind).toBe("unreachable");
  });

  it("leaves alone what is not an Admin API failure, such as the Response authenticate.admin throws to re-authenticate", async () => {
    const reauthorize = new Response(undefined, { status: 401, headers: { "X-Shopify-API-Request-Failure-Reauthorize": "1" } });
    const thrown = await discountIdByCode(
      rawAdmin(() => Promise.reject(reauthorize)),
      "X",
    ).catch((error: unknown) => error);
    expect(thrown).toBe(reauthorize);
  });
});

describe("fetchAutomaticFreeShipping", () => {
  const answering = (discountNode: unknown): AdminClient => ({ graphql: async () => json({ data: { discountNode } }) });
  const ID = "gid://shopify/DiscountAutomaticNode/41";

  it("reads a free-shipping discount, keeping the automatic node's id the mutations take", async () => {
    const node = {
      discount: {
        __typename: "DiscountAutomaticFreeShipping",
        title: "Free shipping: Europe",
        status: "ACTIVE",
        minimumRequirement: { __typename: "DiscountMinimumSubtotal", greaterThanOrEqualToSubtotal: { amount: "48.9" } },
        destinationSelection: { __typename: "DiscountCountries", countries: ["GR", "DE"] },
      },
    };
    expect(await fetchAutomaticFreeShipping(answering(node), ID)).toEqual({
      id: ID,
      title: "Free shipping: Europe",
      status: "ACTIVE",
      countries: ["DE", "GR"],
      minimumSubtotal: "48.90",
    });
  });

  it("is null for another kind of discount and for one that is gone", async () => {
    expect(await fetchAutomaticFreeShipping(answering({ discount: { __typename: "DiscountAutomaticBasic" } }), ID)).toBeNull();
    expect(await fetchAutomaticFreeShipping(answering(null), ID)).toBeNull();
  });
});

describe("metaobjects", () => {
  const answering = (data: unknown): AdminClient => ({ graphql: async () => json({ data }) });
  const userErrors = (code: string, message: string) => [{ field: ["id"], message, code }];

  it("takes a standard definition the shop has already (TAKEN) as enabled, and fails on any other refusal", async () => {
    const enable = (errors: unknown[]) =>
      enableStandardMetaobjectDefinition(
        answering({ standardMetaobjectDefinitionEnable: { metaobjectDefinition: null, userErrors: errors } }),
        "product_review",
      );
    await expect(enable(userErrors("TAKEN", "Type has already been taken."))).resolves.toBeUndefined();
    expect((await failure(enable(userErrors("NOT_AUTHORIZED", "Not authorized.")))).kind).toBe("user_errors");
  });

  it("deletes a metaobject, and reports one already gone (RECORD_NOT_FOUND) as false", async () => {
    const ID = "gid://shopify/Metaobject/7";
    const remove = (payload: unknown) => deleteMetaobject(answering({ metaobjectDelete: payload }), ID);
    expect(await remove({ deletedId: ID, userErrors: [] })).toBe(true);
    expect(await remove({ deletedId: null, userErrors: userErrors("RECORD_NOT_FOUND", "Record not found") })).toBe(false);
    expect((await failure(remove({ deletedId: null, userErrors: userErrors("INTERNAL_ERROR", "Try again.") }))).kind).toBe("user_errors");
  });
});
