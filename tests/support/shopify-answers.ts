// Shopify's failure answers, and the Admin API client the app uses in production
// (shopify-app-remix's unauthenticated.admin over @shopify/shopify-api) with Shopify's
// answers replaced, so a test sees errors exactly as the library throws them.
import { Session } from "@shopify/shopify-api";
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import type { AdminClient } from "../../app/shopify/admin.server";

/**
 * The app lacks a scope: the field is null and the error says which scope (Shopify's format
 * since 2020-07, shopify.dev changelog "New error messages for GraphQL operations without
 * necessary access scopes").
 */
export const accessDenied = (field: string, scope: string) => ({
  errors: [
    {
      message: `Access denied for ${field} field. Required access: \`${scope}\` access scope.`,
      locations: [{ line: 2, column: 3 }],
      path: [field],
      extensions: {
        code: "ACCESS_DENIED",
        documentation: "https://shopify.dev/api/usage/access-scopes",
        requiredAccess: `\`${scope}\` access scope.`,
      },
    },
  ],
  data: { [field]: null },
});

/** Over the rate limit: nothing ran (no data, the cost extension says how much is left). */
export const throttled = {
  errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } }],
  extensions: {
    cost: {
      requestedQueryCost: 12,
      actualQueryCost: null,
      throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 4, restoreRate: 100 },
    },
  },
};

/** A field the schema does not have, as GraphQL validation reports it (graphql-ruby's static validation codes). */
export const undefinedField = (typeName: string, fieldName: string) => ({
  errors: [
    {
      message: `Field '${fieldName}' doesn't exist on type '${typeName}'`,
      locations: [{ line: 3, column: 7 }],
      path: ["query", fieldName],
      extensions: { code: "undefinedField", typeName, fieldName },
    },
  ],
});

/** Shopify failed while running the request (shopify.dev "Status and error codes": returned instead of a 500). */
export const internalError = {
  errors: [
    {
      message:
        "Internal error. Looks like something went wrong on our end.\nRequest ID: 1b355a21-7117-44c5-8d8b-8948082f40a8 (include this in support requests).",
      extensions: { code: "INTERNAL_SERVER_ERROR", requestId: "1b355a21-7117-44c5-8d8b-8948082f40a8" },
    },
  ],
};

export interface AdminRequest {
  query: string;
  variables?: Record<string, unknown>;
}

/**
 * `shop`'s admin client as production builds it (an offline session in the app's session
 * storage, app/shopify.server.ts's `unauthenticated.admin`), every HTTP request answered by
 * `answer` instead of Shopify. Replaces the library's fetch for the whole test file.
 */
export async function libraryAdmin(shop: string, answer: (request: AdminRequest) => Response | Promise<Response>): Promise<AdminClient> {
  const { sessionStorage, unauthenticated } = await import("../../app/shopify.server");
  await sessionStorage.storeSession(
    new Session({ id: `offline_${shop}`, shop, state: "", isOnline: false, accessToken: "shpat_test", scope: "write_discounts" }),
  );
  setAbstractFetchFunc(async (_url, init) => answer(JSON.parse(String(init?.body)) as AdminRequest));
  return (await unauthenticated.admin(shop)).admin;
}
