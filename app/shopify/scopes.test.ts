// The app asks for exactly the access scopes its code uses: every Admin operation and webhook
// topic is checked against the scopes Shopify's own introspection lists, and every scope in
// shopify.app.toml must be the only way to satisfy at least one of them (least privilege, which
// app review checks).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { AuthScopes } from "@shopify/shopify-api";
import {
  getNamedType,
  Kind,
  parse,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
} from "graphql";
import { describe, expect, it } from "vitest";
import {
  accessRequirement,
  grantsAny,
  typeRequirement,
  webhookTopicScopes,
  type AccessRequirement,
} from "../../scripts/simulator/access-scopes";
import { readFlowExtensions } from "../../scripts/simulator/flow";
import { API_VERSION } from "../shopify.server";
import { APP_TOML_PATH, readAppScopes, readAppToml } from "./app-config.server";
import { adminSchema } from "./schema/introspection";
import { ADMIN_API_VERSION } from "./schema/source";

interface Need {
  what: string;
  anyOf: string[];
}

/** Every `#graphql` document in app/shopify, fragments shared across a file's documents. */
function appOperations(): { file: string; operation: OperationDefinitionNode; fragments: FragmentDefinitionNode[] }[] {
  const dir = new URL(".", import.meta.url).pathname;
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".server.ts"))
    .flatMap((file) => {
      const source = readFileSync(join(dir, file), "utf8");
      const documents: DocumentNode[] = [...source.matchAll(/`#graphql([^`]*)`/g)].map((match) => parse(match[1]!));
      const definitions = documents.flatMap((document) => document.definitions);
      const fragments = definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION);
      return definitions
        .filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
        .map((operation) => ({ file, operation, fragments }));
    });
}

/** What Shopify requires for each field an operation selects: the field's own scopes and its type's. */
function operationNeeds(operation: OperationDefinitionNode, fragments: FragmentDefinitionNode[]): Need[] {
  const schema = adminSchema();
  const needs: Need[] = [];
  const need = (key: string, requirement: AccessRequirement | undefined) => {
    if (requirement) needs.push({ what: `${operation.name?.value}: ${key}`, anyOf: requirement.anyOf });
  };
  const typeInfo = new TypeInfo(schema);
  const document: DocumentNode = { kind: Kind.DOCUMENT, definitions: [operation, ...fragments] };
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field() {
        const parent = typeInfo.getParentType();
        const field = typeInfo.getFieldDef();
        if (!parent || !field) return;
        const coordinate = `${parent.name}.${field.name}`;
        need(coordinate, accessRequirement(coordinate));
        const type = getNamedType(field.type);
        need(type.name, typeRequirement(type));
      },
      InlineFragment(node) {
        const type = node.typeCondition && schema.getType(node.typeCondition.name.value);
        if (type) need(type.name, typeRequirement(type));
      },
    }),
  );
  return needs;
}

// metafieldsSet and metafieldsDelete list no scopes of their own: Shopify requires write access to
// the owner's resource (shop metafields need none). This is Shopify's documented rule for
// metafields, which the introspection cannot express, so the owners the app writes are listed here.
const METAFIELD_OWNER_NEEDS: Need[] = [
  { what: "product metafields reviews.rating (app/reviews/metafield-sync.ts)", anyOf: ["write_products"] },
  { what: "customer metafield $app:loyalty.status (app/loyalty/metafield-sync.server.ts)", anyOf: ["write_customers"] },
];

const topicNeed = (topic: string): Need => ({ what: `webhook ${topic}`, anyOf: webhookTopicScopes(topic) });

// Shopify: "Configuring an app proxy requires the write_app_proxy access scope"
// (shopify.dev/docs/apps/build/online-store/app-proxies).
function appProxyNeeds(): Need[] {
  return readAppToml().app_proxy ? [{ what: "[app_proxy]", anyOf: ["write_app_proxy"] }] : [];
}

// flowTriggerReceive lists no scope, but a trigger's reference field needs read access to its
// resource: "Your application has access to the read_customers scope. The trigger you will build
// [...] will be using a customer reference which requires that scope" (shopify.dev, Create a Flow trigger).
const REFERENCE_SCOPES: Record<string, string> = {
  customer_reference: "read_customers",
  product_reference: "read_products",
  order_reference: "read_orders",
};

function flowTriggerNeeds(): Need[] {
  return readFlowExtensions(APP_TOML_PATH)
    .filter((extension) => extension.type === "flow_trigger")
    .flatMap((trigger) =>
      trigger.fields.flatMap((field) => {
        const scope = REFERENCE_SCOPES[field.type];
        return scope ? [{ what: `Flow trigger ${trigger.handle}: ${field.type}`, anyOf: [scope] }] : [];
      }),
    );
}

function subscribedTopics(): string[] {
  const subscriptions = readAppToml().webhooks?.subscriptions as { topics?: string[] }[];
  // Compliance topics are mandatory for every app and need no scope.
  return subscriptions.flatMap((subscription) => subscription.topics ?? []);
}

function allNeeds(): Need[] {
  const operationNeedsList = appOperations().flatMap(({ operation, fragments }) => operationNeeds(operation, fragments));
  return [
    ...operationNeedsList,
    ...METAFIELD_OWNER_NEEDS,
    ...subscribedTopics().map(topicNeed),
    ...appProxyNeeds(),
    ...flowTriggerNeeds(),
  ].filter((need) => need.anyOf.length > 0);
}

const satisfied = (scopes: string[], need: Need) => grantsAny(scopes, need.anyOf);

describe("access scopes", () => {
  it("finds the app's Admin operations", () => {
    expect(appOperations().length).toBeGreaterThan(10);
  });

  it("finds the Flow triggers' references", () => {
    expect(flowTriggerNeeds().map((need) => need.anyOf[0])).toEqual(expect.arrayContaining(["read_customers", "read_products"]));
  });

  it("shopify.app.toml grants every scope the operations and topics need", () => {
    const scopes = readAppScopes();
    const missing = allNeeds().filter((need) => !satisfied(scopes, need));
    expect(missing.map((need) => `${need.what} needs one of ${need.anyOf.join(", ")}`)).toEqual([]);
  });

  it("asks for no scope the code does not need", () => {
    const scopes = readAppScopes();
    const needs = allNeeds().filter((need) => satisfied(scopes, need));
    const unneeded = scopes.filter((scope) => {
      const without = scopes.filter((other) => other !== scope);
      return needs.every((need) => satisfied(without, need));
    });
    expect(unneeded).toEqual([]);
  });

  it("lists the scopes in .env.example as in shopify.app.toml, when it lists them at all", () => {
    const line = readFileSync(new URL("../../.env.example", import.meta.url), "utf8").match(/^SCOPES=(.*)$/m);
    if (line?.[1]) expect(new AuthScopes(line[1]).equals(readAppScopes())).toBe(true);
  });

  it("speaks one API version: the library, the schema file and the webhooks", () => {
    expect(API_VERSION).toBe(ADMIN_API_VERSION);
    expect(readAppToml().webhooks?.api_version).toBe(ADMIN_API_VERSION);
  });
});
