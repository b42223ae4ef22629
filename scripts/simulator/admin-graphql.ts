// The simulated Admin GraphQL endpoint: POST /admin/api/{version}/graphql.json.
// graphql-js executes admin-schema.graphql against the in-memory state; the HTTP edges
// (authentication, error shapes, extensions.cost) follow what Shopify returns.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import type { IncomingHttpHeaders } from "node:http";
import {
  BREAK,
  buildSchema,
  execute,
  getNamedType,
  getOperationAST,
  GraphQLError,
  isAbstractType,
  isInterfaceType,
  isLeafType,
  isObjectType,
  Kind,
  parse,
  validate,
  visit,
  type ASTNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLFieldResolver,
  type GraphQLNamedType,
  type GraphQLSchema,
  type SelectionSetNode,
} from "graphql";
import { findShop, stableNumber } from "./common";
import { catalogResolvers } from "./graphql/catalog";
import type { AdminContext } from "./graphql/context";
import { discountResolvers } from "./graphql/discounts";
import { fileResolvers } from "./graphql/files";
import { metafieldResolvers } from "./graphql/metafields";
import { nodeResolvers } from "./graphql/nodes";
import { orderResolvers } from "./graphql/orders";
import { shopResolvers } from "./graphql/shop";
import { themeResolvers } from "./graphql/themes";
import { json, type HttpResult } from "./http";
import type { SimulatorState } from "./state";

const RESOLVER_MODULES = [shopResolvers, catalogResolvers, orderResolvers, metafieldResolvers, discountResolvers, fileResolvers, nodeResolvers, themeResolvers];

export function buildAdminSchema(): GraphQLSchema {
  const schema = buildSchema(readFileSync(new URL("./admin-schema.graphql", import.meta.url), "utf8"));
  for (const module of RESOLVER_MODULES) {
    for (const [typeName, resolvers] of Object.entries(module.fields)) {
      const type = schema.getType(typeName);
      if (!isObjectType(type)) throw new Error(`Resolvers for ${typeName}, which is not an object type in admin-schema.graphql`);
      const fields = type.getFields();
      for (const [fieldName, resolve] of Object.entries(resolvers)) {
        const field = fields[fieldName];
        if (!field) throw new Error(`Resolver for ${typeName}.${fieldName}, which admin-schema.graphql does not declare`);
        if (field.resolve) throw new Error(`Two resolvers for ${typeName}.${fieldName}`);
        field.resolve = resolve as GraphQLFieldResolver<unknown, AdminContext>;
      }
    }
    for (const [typeName, resolveType] of Object.entries(module.abstractTypes ?? {})) {
      const type = schema.getType(typeName);
      if (!isAbstractType(type)) throw new Error(`Type resolver for ${typeName}, which is not a union or interface`);
      type.resolveType = (value) => resolveType(value as never);
    }
  }
  // Root fields have no state property to fall back on, so each must have a resolver.
  for (const root of [schema.getQueryType(), schema.getMutationType()]) {
    for (const field of Object.values(root?.getFields() ?? {})) {
      if (!field.resolve) throw new Error(`No resolver for ${root?.name}.${field.name}`);
    }
  }
  return schema;
}

// ---------------------------------------------------------------- cost

const MUTATION_COST = 10;
const MAXIMUM_AVAILABLE = 2000;

/** Shopify's calculated query cost, simplified: objects 1, leaves 0, connections 2 + size × node cost, mutations 10. */
function estimateCost(schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined, variables: Record<string, unknown>): number {
  const operation = getOperationAST(document, operationName);
  if (!operation) return 0;
  if (operation.operation === "mutation") return MUTATION_COST * operation.selectionSet.selections.length;
  const fragments = new Map(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  const pageSize = (field: FieldNode) => {
    for (const argument of field.arguments ?? []) {
      if (argument.name.value !== "first" && argument.name.value !== "last") continue;
      if (argument.value.kind === Kind.INT) return Number(argument.value.value);
      if (argument.value.kind === Kind.VARIABLE) return Number(variables[argument.value.name.value] ?? 0);
    }
    return 0;
  };
  const costOf = (selectionSet: SelectionSetNode, parent: GraphQLNamedType | null | undefined): number =>
    selectionSet.selections.reduce((sum, selection) => {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        return sum + costOf(selection.selectionSet, selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent);
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        return sum + (fragment ? costOf(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value)) : 0);
      }
      const definition = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[selection.name.value] : undefined;
      if (!definition) return sum;
      const type = getNamedType(definition.type);
      if (isLeafType(type)) return sum;
      const children = selection.selectionSet ? costOf(selection.selectionSet, type) : 0;
      return sum + (type.name.endsWith("Connection") ? 2 + pageSize(selection) * children : 1 + children);
    }, 0);
  return costOf(operation.selectionSet, schema.getQueryType());
}

// ---------------------------------------------------------------- errors

interface ShopifyGraphqlError {
  message: string;
  locations?: readonly { line: number; column: number }[];
  path?: readonly (string | number)[];
  extensions?: Record<string, unknown>;
}

function segmentOf(node: ASTNode): string[] {
  switch (node.kind) {
    case Kind.OPERATION_DEFINITION:
      return [node.name ? `${node.operation} ${node.name.value}` : node.operation];
    case Kind.FRAGMENT_DEFINITION:
      return [`fragment ${node.name.value}`];
    case Kind.INLINE_FRAGMENT:
      return [node.typeCondition ? `... on ${node.typeCondition.name.value}` : "..."];
    case Kind.FIELD:
      return [node.alias?.value ?? node.name.value];
    case Kind.ARGUMENT:
      return [node.name.value];
    default:
      return [];
  }
}

/** graphql-ruby (Shopify) reports where a static error sits as a path of operation, fields and arguments. */
function staticPath(document: DocumentNode, target: ASTNode | undefined): string[] | undefined {
  if (!target) return undefined;
  let path: string[] | undefined;
  visit(document, {
    enter(node, _key, _parent, _path, ancestors) {
      if (node !== target) return undefined;
      const chain = [...ancestors.filter((ancestor): ancestor is ASTNode => !Array.isArray(ancestor)), node];
      path = chain.flatMap(segmentOf);
      return BREAK;
    },
  });
  return path;
}

const STATIC_ERROR_WORDING: [RegExp, (match: RegExpExecArray) => Pick<ShopifyGraphqlError, "message" | "extensions">][] = [
  [
    /^Cannot query field "(\w+)" on type "(\w+)"\./,
    ([, field, type]) => ({ message: `Field '${field}' doesn't exist on type '${type}'`, extensions: { code: "undefinedField", typeName: type, fieldName: field } }),
  ],
  [
    /^Unknown argument "(\w+)" on field "\w+\.(\w+)"\./,
    ([, argument, field]) => ({
      message: `Field '${field}' doesn't accept argument '${argument}'`,
      extensions: { code: "argumentNotAccepted", name: field, typeName: "Field", argumentName: argument },
    }),
  ],
  [
    /^Field "(\w+)" argument "(\w+)" of type ".+" is required, but it was not provided\./,
    ([, field, argument]) => ({
      message: `Field '${field}' is missing required arguments: ${argument}`,
      extensions: { code: "missingRequiredArguments", className: "Field", name: field, arguments: argument },
    }),
  ],
  [
    /^Field "(\w+)" of type "(.+)" must have a selection of subfields\./,
    ([, field, type]) => ({
      message: `Field must have selections (field '${field}' returns ${type.replace(/[[\]!]/g, "")} but has no selections. Did you mean '${field} { ... }'?)`,
      extensions: { code: "selectionMismatch", nodeName: `field '${field}'`, typeName: type.replace(/[[\]!]/g, "") },
    }),
  ],
];

function formatStaticError(error: GraphQLError, document: DocumentNode): ShopifyGraphqlError {
  const path = staticPath(document, error.nodes?.[0]);
  for (const [pattern, reword] of STATIC_ERROR_WORDING) {
    const match = pattern.exec(error.message);
    if (match) return { ...reword(match), locations: error.locations, path };
  }
  return { message: error.message, locations: error.locations, path };
}

function formatExecutionError(error: GraphQLError): ShopifyGraphqlError {
  return { message: error.message, locations: error.locations, path: error.path };
}

// ---------------------------------------------------------------- HTTP

const INVALID_TOKEN_BODY = { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" };

export interface AdminGraphqlDeps {
  state: SimulatorState;
  schema: GraphQLSchema;
  baseUrl: string;
  apiKey: string;
  uploadSecret: string;
}

export interface AdminGraphqlRequest {
  apiVersion: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function readOperation(request: AdminGraphqlRequest): { query: string; variables: Record<string, unknown>; operationName?: string } | null {
  const text = request.body.toString("utf8");
  if ((header(request.headers, "content-type") ?? "").includes("application/graphql")) return text.trim() ? { query: text, variables: {} } : null;
  try {
    const parsed = JSON.parse(text) as { query?: unknown; variables?: unknown; operationName?: unknown };
    if (typeof parsed.query !== "string" || !parsed.query.trim()) return null;
    const variables = parsed.variables && typeof parsed.variables === "object" ? (parsed.variables as Record<string, unknown>) : {};
    return { query: parsed.query, variables, operationName: typeof parsed.operationName === "string" ? parsed.operationName : undefined };
  } catch {
    return null;
  }
}

export async function handleAdminGraphql(deps: AdminGraphqlDeps, request: AdminGraphqlRequest): Promise<HttpResult> {
  const headers = { "x-shopify-api-version": request.apiVersion, "x-request-id": randomUUID() };
  const shopDomain = header(request.headers, "x-shopify-shop-domain");
  const shop = findShop(deps.state, shopDomain);
  if (!shop) {
    return shopDomain
      ? json(404, { errors: "Not Found" }, headers)
      : json(400, { errors: "Several shops are simulated: name one with the X-Shopify-Shop-Domain header" }, headers);
  }
  if (shop.uninstalledAt || header(request.headers, "x-shopify-access-token") !== shop.accessToken) {
    return json(401, INVALID_TOKEN_BODY, headers);
  }

  const operation = readOperation(request);
  if (!operation) return json(400, { errors: { query: "Required parameter missing or invalid" } }, headers);

  let document: DocumentNode;
  try {
    document = parse(operation.query);
  } catch (error) {
    const syntaxError = error as GraphQLError;
    return json(200, { errors: [{ message: syntaxError.message, locations: syntaxError.locations }] }, headers);
  }
  const staticErrors = validate(deps.schema, document);
  if (staticErrors.length > 0) return json(200, { errors: staticErrors.map((error) => formatStaticError(error, document)) }, headers);

  const context: AdminContext = {
    state: deps.state,
    shop,
    baseUrl: deps.baseUrl,
    appNamespace: `app--${stableNumber(deps.apiKey, 7)}`,
    uploadSecret: deps.uploadSecret,
  };
  const result = await execute({
    schema: deps.schema,
    document,
    variableValues: operation.variables,
    operationName: operation.operationName,
    contextValue: context,
  });
  const cost = estimateCost(deps.schema, document, operation.operationName, operation.variables);
  const body = {
    ...(result.errors ? { errors: result.errors.map(formatExecutionError) } : {}),
    ...("data" in result ? { data: result.data } : {}),
    extensions: {
      cost: {
        requestedQueryCost: cost,
        actualQueryCost: cost,
        throttleStatus: { maximumAvailable: MAXIMUM_AVAILABLE, currentlyAvailable: MAXIMUM_AVAILABLE - cost, restoreRate: 100 },
      },
    },
  };
  return json(200, body, headers);
}
