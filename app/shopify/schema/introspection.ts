// Reads Shopify's Admin introspection (see README.md here): the schema, and the access scopes
// Shopify lists for each type and field. Used by tools and tests, never by the running app.
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { buildClientSchema, type GraphQLSchema, type IntrospectionQuery } from "graphql";
import { ADMIN_SCHEMA_PATH } from "./source";

/** Shopify's own wording (`requiredAccess`) and the scopes of which any one grants access. */
export interface AccessRequirement {
  requiredAccess: string;
  anyOf: string[];
}

export interface AdminIntrospection {
  introspection: IntrospectionQuery;
  /** Keyed "Type" for a type's own requirement and "Type.field" for a field's; only non-empty ones. */
  access: Map<string, AccessRequirement>;
}

interface OfflineScopeItem {
  type: "type" | "field";
  typeName: string;
  fieldName?: string;
  requiredAccess: string;
  offlineScopes: string[];
}

let cached: AdminIntrospection | undefined;

export function readAdminIntrospection(): AdminIntrospection {
  if (cached) return cached;
  const file = JSON.parse(gunzipSync(readFileSync(ADMIN_SCHEMA_PATH)).toString("utf8")) as {
    data: IntrospectionQuery;
    offline_scopes: { items: OfflineScopeItem[] };
  };
  const access = new Map<string, AccessRequirement>();
  for (const item of file.offline_scopes.items) {
    if (item.offlineScopes.length === 0) continue;
    const key = item.type === "type" ? item.typeName : `${item.typeName}.${item.fieldName}`;
    access.set(key, { requiredAccess: item.requiredAccess, anyOf: item.offlineScopes });
  }
  cached = { introspection: file.data, access };
  return cached;
}

let schema: GraphQLSchema | undefined;

/** Shopify's Admin schema as graphql-js sees it. */
export function adminSchema(): GraphQLSchema {
  schema ??= buildClientSchema(readAdminIntrospection().introspection);
  return schema;
}
