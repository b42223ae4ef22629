// Where Shopify's Admin GraphQL introspection comes from, and which API version the app speaks.
// Bump both together, then `npx tsx scripts/shopify-schema.ts` and `npm run codegen`.
import { fileURLToPath } from "node:url";

export const ADMIN_API_VERSION = "2026-10";
export const SCHEMA_SOURCE_PACKAGE = "@shopify/dev-mcp@1.16.0";
export const ADMIN_SCHEMA_PATH = fileURLToPath(new URL(`./admin_${ADMIN_API_VERSION}.json.gz`, import.meta.url));
