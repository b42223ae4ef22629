// GraphQL config for graphql-codegen (`npm run codegen`) and editors: Admin API operations in
// app/shopify are typed from Shopify's introspection committed in app/shopify/schema.
import { ApiType, pluckConfig } from "@shopify/api-codegen-preset";
import type { IGraphQLProject } from "graphql-config";
import { adminOperationsPreset, adminSchemaLoader, countryCodesPreset } from "./app/shopify/schema/codegen";
import { ADMIN_SCHEMA_PATH } from "./app/shopify/schema/source";

const config: IGraphQLProject = {
  // graphql-config's types only describe URL pointers; @graphql-tools/load accepts a loader function.
  schema: { [ADMIN_SCHEMA_PATH]: { loader: adminSchemaLoader } } as unknown as IGraphQLProject["schema"],
  documents: ["app/shopify/**/*.ts", "!app/shopify/generated/**", "!app/shopify/schema/**", "!app/shopify/**/*.test.ts"],
  extensions: {
    codegen: {
      pluckConfig,
      generates: {
        // The schema's scalars, enums (as string unions) and input types, which the operation types use.
        // Custom scalars (URL, Decimal, DateTime…) travel as strings, as Shopify's shopifyApiTypes() configures them.
        "app/shopify/generated/admin.types.d.ts": {
          plugins: ["typescript"],
          config: { defaultScalarType: "string", scalars: { JSON: "unknown" }, onlyOperationTypes: true, enumsAsTypes: true },
        },
        "app/shopify/generated/admin.generated.d.ts": {
          preset: adminOperationsPreset,
          // The operation types extend AdminQueries/AdminMutations of our own module, which `run` is keyed by.
          presetConfig: { apiType: ApiType.Admin, module: "../admin.server" },
          config: { defaultScalarType: "string", scalars: { JSON: "unknown" } },
        },
        "app/shopify/generated/country-codes.ts": { preset: countryCodesPreset },
      },
    },
  },
};

export default config;
