// The simulated Admin GraphQL endpoint: POST /admin/api/{version}/graphql.json.
// graphql-js executes Shopify's own schema (the Admin API introspection committed in
// app/shopify/schema/, for ADMIN_API_VERSION) against the in-memory state, with the resolver
// modules in ./graphql. What Shopify checks, the simulator checks the same way: static validation
// against the real schema, variables coerced against the real input types (@oneOf included),
// and the access scopes the shop granted at install. The HTTP edges (authentication, error
// shapes, extensions.cost) follow what Shopify returns.
import { randomUUID } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import {
  BREAK,
  buildClientSchema,
  execute,
  getLocation,
  getNamedType,
  getOperationAST,
  GraphQLError,
  isAbstractType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  NoDeprecatedCustomRule,
  parse,
  typeFromAST,
  validate,
  valueFromAST,
  visit,
  type ASTNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLFieldResolver,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type GraphQLTypeResolver,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type VariableDefinitionNode,
} from "graphql";
import { readAdminIntrospection } from "../../app/shopify/schema/introspection";
import { ADMIN_API_VERSION } from "../../app/shopify/schema/source";
import { accessRequirement, grantsAny, typeRequirement, type AccessRequirement } from "./access-scopes";
import { findShop, stableNumber } from "./common";
import { internalErrorBody, throttledBody, userErrorsPayload, type FaultPlan } from "./faults";
import { catalogResolvers } from "./graphql/catalog";
import type { AdminContext, ResolverModule } from "./graphql/context";
import { discountResolvers } from "./graphql/discounts";
import { fileResolvers } from "./graphql/files";
import { flowResolvers } from "./graphql/flow";
import { metafieldResolvers } from "./graphql/metafields";
import { metaobjectResolvers } from "./graphql/metaobjects";
import { nodeResolvers } from "./graphql/nodes";
import { orderResolvers } from "./graphql/orders";
import { shopResolvers } from "./graphql/shop";
import { storeCreditResolvers } from "./graphql/store-credit";
import { themeResolvers } from "./graphql/themes";
import { json, type HttpResult } from "./http";
import type { SimulatorState } from "./state";

export const RESOLVER_MODULES: readonly ResolverModule[] = [
  shopResolvers,
  catalogResolvers,
  orderResolvers,
  metafieldResolvers,
  metaobjectResolvers,
  discountResolvers,
  fileResolvers,
  nodeResolvers,
  themeResolvers,
  storeCreditResolvers,
  flowResolvers,
];

// ---------------------------------------------------------------- access scopes

/** Where Shopify's ACCESS_DENIED errors point (extensions.documentation). */
const ACCESS_SCOPES_DOCUMENTATION = "https://shopify.dev/api/usage/access-scopes";

/**
 * Shopify's refusal of a field the app's scopes do not cover. The shape is Shopify's, as recorded
 * from real responses: "Access denied for translatableResource field. Required access:
 * `read_translations` access scope." with extensions { code: "ACCESS_DENIED", documentation:
 * "https://shopify.dev/api/usage/access-scopes", requiredAccess: "`read_translations` access scope." }
 * and the field's path (a logged response found with the search tool's code corpus; the 2020-07
 * changelog "New error messages for GraphQL operations without necessary access scopes" on
 * shopify.dev announces this format). A field refused because of its type's requirement rather than
 * its own (QueryRoot.products, whose Product type needs read_products) was recorded as "Access
 * denied for products field." with code and documentation only, so that case names no scope.
 * As in any GraphQL execution the field is null and the null spreads up to the nearest nullable
 * field, so refusing a non-null root field (shopLocales) makes `data` null.
 */
function accessDenied(fieldName: string, requirement: AccessRequirement | undefined): GraphQLError {
  if (!requirement) {
    return new GraphQLError(`Access denied for ${fieldName} field.`, {
      extensions: { code: "ACCESS_DENIED", documentation: ACCESS_SCOPES_DOCUMENTATION },
    });
  }
  return new GraphQLError(`Access denied for ${fieldName} field. Required access: ${requirement.requiredAccess}`, {
    extensions: { code: "ACCESS_DENIED", documentation: ACCESS_SCOPES_DOCUMENTATION, requiredAccess: requirement.requiredAccess },
  });
}

// ---------------------------------------------------------------- schema

/** Whether a state value has the shape a field returns, so reading it as the field cannot mislead. */
function fitsFieldType(value: unknown, type: GraphQLOutputType): boolean {
  const inner = isNonNullType(type) ? type.ofType : type;
  if (value === null || value === undefined) return true;
  if (isListType(inner)) return Array.isArray(value);
  if (isLeafType(inner)) return inner.name === "JSON" || typeof value !== "object";
  // An object field read from an array (Shop.orders from the shop's list of orders) would mislead.
  return typeof value === "object" && !Array.isArray(value);
}

/** Every field's resolver: the access check, an injected fault, then the module's resolver or the source's property. */
function fieldResolver(
  schema: GraphQLSchema,
  parent: GraphQLObjectType,
  field: GraphQLField<unknown, unknown>,
  resolve: GraphQLFieldResolver<unknown, AdminContext> | undefined,
): GraphQLFieldResolver<unknown, AdminContext> {
  const coordinate = `${parent.name}.${field.name}`;
  const own = accessRequirement(coordinate);
  const ofType = typeRequirement(getNamedType(field.type));
  const isRoot = parent === schema.getQueryType() || parent === schema.getMutationType();
  return (source, args, ctx, info) => {
    const granted = ctx.shop.grantedScopes ?? [];
    if (own && !grantsAny(granted, own.anyOf)) throw accessDenied(field.name, own);
    if (ofType && !grantsAny(granted, ofType.anyOf)) throw accessDenied(field.name, undefined);
    if (isRoot && ctx.injected?.field === coordinate) return ctx.injected.payload;
    if (resolve) return resolve(source, args, ctx, info);
    if (source !== null && typeof source === "object" && Object.hasOwn(source, field.name)) {
      const value = (source as Record<string, unknown>)[field.name];
      if (fitsFieldType(value, field.type)) return value;
    }
    // Shopify has hundreds of fields the simulator has no state for: say so rather than answer null.
    throw new GraphQLError(`the simulator does not implement ${coordinate}`);
  };
}

/** Every abstract type's type resolver: the concrete type, which must be one the app may read. */
function typeResolver(resolveType: ((value: never) => string) | undefined): GraphQLTypeResolver<unknown, AdminContext> {
  return (value, ctx, info, abstractType) => {
    const name = resolveType ? resolveType(value as never) : (value as { __typename?: unknown } | null)?.__typename;
    if (typeof name !== "string") throw new GraphQLError(`the simulator cannot tell which ${abstractType.name} this value is`);
    const requirement = accessRequirement(name);
    if (requirement && !grantsAny(ctx.shop.grantedScopes ?? [], requirement.anyOf)) throw accessDenied(info.fieldName, undefined);
    return name;
  };
}

let defaultSchema: GraphQLSchema | undefined;

/**
 * Shopify's Admin API schema for ADMIN_API_VERSION with the simulator's resolvers attached. A
 * resolver for a type or field Shopify's schema lacks is a mistake in the simulator and stops it.
 * The default build is shared: resolvers keep no state of their own, everything is in the context.
 */
export function buildAdminSchema(modules: readonly ResolverModule[] = RESOLVER_MODULES): GraphQLSchema {
  if (modules === RESOLVER_MODULES && defaultSchema) return defaultSchema;
  const schema = buildClientSchema(readAdminIntrospection().introspection);
  const resolvers = new Map<string, GraphQLFieldResolver<unknown, AdminContext>>();
  const typeResolvers = new Map<string, (value: never) => string>();
  for (const module of modules) {
    for (const [typeName, fields] of Object.entries(module.fields)) {
      const type = schema.getType(typeName);
      if (!type) throw new Error(`Resolvers for ${typeName}, a type Shopify's Admin API ${ADMIN_API_VERSION} does not have`);
      if (!isObjectType(type))
        throw new Error(`Resolvers for ${typeName}, which is not an object type in Shopify's Admin API ${ADMIN_API_VERSION}`);
      const known = type.getFields();
      for (const [fieldName, resolve] of Object.entries(fields)) {
        if (!known[fieldName])
          throw new Error(`Resolver for ${typeName}.${fieldName}, a field Shopify's Admin API ${ADMIN_API_VERSION} does not have`);
        if (resolvers.has(`${typeName}.${fieldName}`)) throw new Error(`Two resolvers for ${typeName}.${fieldName}`);
        resolvers.set(`${typeName}.${fieldName}`, resolve as GraphQLFieldResolver<unknown, AdminContext>);
      }
    }
    for (const [typeName, resolveType] of Object.entries(module.abstractTypes ?? {})) {
      const type = schema.getType(typeName);
      if (!isAbstractType(type))
        throw new Error(`Type resolver for ${typeName}, which is not a union or interface in Shopify's Admin API ${ADMIN_API_VERSION}`);
      if (typeResolvers.has(typeName)) throw new Error(`Two type resolvers for ${typeName}`);
      typeResolvers.set(typeName, resolveType);
    }
  }
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith("__")) continue;
    if (isObjectType(type)) {
      for (const field of Object.values(type.getFields()))
        field.resolve = fieldResolver(schema, type, field, resolvers.get(`${type.name}.${field.name}`));
    } else if (isAbstractType(type)) {
      type.resolveType = typeResolver(typeResolvers.get(type.name));
    }
  }
  if (modules === RESOLVER_MODULES) defaultSchema = schema;
  return schema;
}

// ---------------------------------------------------------------- cost

const MUTATION_COST = 10;
const MAXIMUM_AVAILABLE = 2000;
const RESTORE_RATE = 100;

/** Shopify's calculated query cost, simplified: objects 1, leaves 0, connections 2 + size × node cost, mutations 10. */
function estimateCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
  variables: Record<string, unknown>,
): number {
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
    ([, field, type]) => ({
      message: `Field '${field}' doesn't exist on type '${type}'`,
      extensions: { code: "undefinedField", typeName: type, fieldName: field },
    }),
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

/**
 * The simulator's strictness, not Shopify's: Shopify still runs deprecated fields, arguments, input
 * fields and enum values (until the API version that removes them). The simulator refuses them,
 * unless started with allowDeprecated, so a test fails while the app still uses one, with
 * graphql-js's NoDeprecatedCustomRule message naming it and Shopify's deprecationReason (what to
 * use instead). The rule sees the document only; variableErrors applies the same to variables.
 */
const DEPRECATION_NOTE = " (The simulator refuses deprecated schema elements so that tests catch them; Shopify still accepts them.)";

function formatDeprecationError(error: GraphQLError, document: DocumentNode): ShopifyGraphqlError {
  return {
    message: `${error.message}${DEPRECATION_NOTE}`,
    locations: error.locations,
    path: staticPath(document, error.nodes?.[0]),
  };
}

function formatExecutionError(error: GraphQLError): ShopifyGraphqlError {
  const extensions = error.extensions && Object.keys(error.extensions).length > 0 ? { extensions: { ...error.extensions } } : {};
  return { message: error.message, locations: error.locations, path: error.path, ...extensions };
}

// ---------------------------------------------------------------- variables

interface VariableProblem {
  path: (string | number)[];
  explanation: string;
}

/** GraphQL::Language.serialize, which graphql-ruby quotes invalid input values with. */
function serialize(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(serialize).join(", ")}]`;
  if (typeof value === "object") {
    return `{${Object.entries(value)
      .map(([key, item]) => `${key}: ${serialize(item)}`)
      .join(", ")}}`;
  }
  return String(value);
}

const BUILT_IN_SCALARS = new Set(["String", "Int", "Float", "Boolean", "ID"]);

/**
 * Checks an input value against a Shopify input type with graphql-ruby's rules and wording
 * (Shopify runs graphql-ruby): GraphQL::Schema::NonNull "Expected value to not be null",
 * InputObject "Field is not defined on X", Enum 'Expected "V" to be one of: ...', Scalar "Could
 * not coerce value V to T", and OneOf "'X' requires exactly one argument, but N were provided." /
 * "... but 'k' was `null`." (graphql-ruby's lib/graphql/schema/{non_null,input_object,enum,scalar}.rb
 * and spec/graphql/schema/directive/one_of_spec.rb). @oneOf comes from the introspection's
 * isOneOf, which graphql-js 16 reads too (buildClientSchema), so literals are checked statically
 * by its ValuesOfCorrectTypeRule and variables here. Shopify's own scalars (DateTime, Decimal,
 * URL, UnsignedInt64...) are not described by the introspection, so any value passes them here:
 * an assumption that lets through what Shopify's scalar parsing might refuse.
 */
function checkInput(
  value: unknown,
  type: GraphQLInputType,
  path: (string | number)[],
  problems: VariableProblem[],
  deprecations: string[],
): void {
  if (isNonNullType(type)) {
    if (value === null || value === undefined) problems.push({ path, explanation: "Expected value to not be null" });
    else checkInput(value, type.ofType, path, problems, deprecations);
    return;
  }
  if (value === null || value === undefined) return;
  if (isListType(type)) {
    // A single value where a list is expected is a list of one, in graphql-ruby as in the spec.
    if (Array.isArray(value)) value.forEach((item, index) => checkInput(item, type.ofType, [...path, index], problems, deprecations));
    else checkInput(value, type.ofType, path, problems, deprecations);
    return;
  }
  if (isInputObjectType(type)) {
    if (typeof value !== "object" || Array.isArray(value)) {
      problems.push({
        path,
        explanation: `Expected ${JSON.stringify(value)} to be a key-value object responding to \`to_h\` or \`to_unsafe_h\`.`,
      });
      return;
    }
    const fields = type.getFields();
    const given = value as Record<string, unknown>;
    for (const [key, item] of Object.entries(given)) {
      const field = fields[key];
      if (!field) problems.push({ path: [...path, key], explanation: `Field is not defined on ${type.name}` });
      else checkInput(item, field.type, [...path, key], problems, deprecations);
      // NoDeprecatedCustomRule's wording, for what it cannot see: values passed in variables.
      if (field?.deprecationReason && item !== undefined)
        deprecations.push(`The input field ${type.name}.${key} is deprecated. ${field.deprecationReason}`);
    }
    for (const field of Object.values(fields)) {
      if (!(field.name in given) && isNonNullType(field.type) && field.defaultValue === undefined) {
        problems.push({ path: [...path, field.name], explanation: "Expected value to not be null" });
      }
    }
    if (type.isOneOf) {
      const keys = Object.keys(given);
      if (keys.length !== 1)
        problems.push({ path, explanation: `'${type.name}' requires exactly one argument, but ${keys.length} were provided.` });
      else if (given[keys[0]] === null)
        problems.push({ path, explanation: `'${type.name}' requires exactly one argument, but '${keys[0]}' was \`null\`.` });
    }
    return;
  }
  if (isEnumType(type)) {
    const enumValue = typeof value === "string" ? type.getValue(value) : undefined;
    if (!enumValue) {
      problems.push({
        path,
        explanation: `Expected ${serialize(value)} to be one of: ${type
          .getValues()
          .map((candidate) => candidate.name)
          .join(", ")}`,
      });
    } else if (enumValue.deprecationReason) {
      deprecations.push(`The enum value "${type.name}.${enumValue.name}" is deprecated. ${enumValue.deprecationReason}`);
    }
    return;
  }
  if (BUILT_IN_SCALARS.has(type.name)) {
    try {
      type.parseValue(value);
    } catch {
      problems.push({ path, explanation: `Could not coerce value ${serialize(value)} to ${type.name}` });
    }
  }
}

/**
 * Shopify's answer to variables that do not fit their declared types, as graphql-ruby's
 * Query::VariableValidationError builds it ("Variable $input of type ProductInput! was provided
 * invalid value for variants (Field is not defined on ProductInput)", the problems in
 * extensions) with Shopify's extensions.code INVALID_VARIABLE, located at the variable's definition.
 */
function variableErrors(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  allowDeprecated: boolean,
): ShopifyGraphqlError[] {
  return (operation.variableDefinitions ?? []).flatMap((definition: VariableDefinitionNode) => {
    const type = typeFromAST(schema, definition.type) as GraphQLInputType | undefined;
    if (!type) return []; // static validation already reported the unknown type
    const name = definition.variable.name.value;
    const provided = Object.hasOwn(variables, name);
    if (!provided && definition.defaultValue) return []; // the default was validated statically
    const value = provided ? variables[name] : valueFromAST(definition.defaultValue, type);
    const problems: VariableProblem[] = [];
    const deprecations: string[] = [];
    checkInput(value, type, [], problems, deprecations);
    const locations = definition.loc ? [getLocation(definition.loc.source, definition.loc.start)] : undefined;
    if (problems.length === 0) {
      // See formatDeprecationError: the simulator's strictness, not Shopify's.
      return allowDeprecated ? [] : deprecations.map((message) => ({ message: `${message}${DEPRECATION_NOTE}`, locations }));
    }
    const located = problems
      .filter((problem) => problem.path.length > 0)
      .map((problem) => `${problem.path.join(".")} (${problem.explanation})`);
    return [
      {
        message: `Variable $${name} of type ${String(type)} was provided invalid value${located.length > 0 ? ` for ${located.join(", ")}` : ""}`,
        locations,
        extensions: { code: "INVALID_VARIABLE", value: value ?? null, problems },
      },
    ];
  });
}

// ---------------------------------------------------------------- HTTP

const INVALID_TOKEN_BODY = { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" };

export interface AdminGraphqlDeps {
  state: SimulatorState;
  schema: GraphQLSchema;
  baseUrl: string;
  apiKey: string;
  uploadSecret: string;
  /** The app's shopify.app.toml, next to its extensions/ (Flow triggers). */
  appConfigPath: string;
  /** Run deprecated fields (as Shopify does) instead of refusing them (the simulator's default). */
  allowDeprecated: boolean;
  faults: FaultPlan;
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
  if ((header(request.headers, "content-type") ?? "").includes("application/graphql"))
    return text.trim() ? { query: text, variables: {} } : null;
  try {
    const parsed = JSON.parse(text) as { query?: unknown; variables?: unknown; operationName?: unknown };
    if (typeof parsed.query !== "string" || !parsed.query.trim()) return null;
    const variables = parsed.variables && typeof parsed.variables === "object" ? (parsed.variables as Record<string, unknown>) : {};
    return { query: parsed.query, variables, operationName: typeof parsed.operationName === "string" ? parsed.operationName : undefined };
  } catch {
    return null;
  }
}

type CheckedDocument = { document: DocumentNode } | { errors: ShopifyGraphqlError[] };

// Apps send the same few operations over and over: parsing and validating each text once keeps
// the simulator fast against a schema of thousands of types. Keyed by schema and strictness.
const checkedDocuments = new WeakMap<GraphQLSchema, Map<string, CheckedDocument>>();
const CHECKED_DOCUMENTS_KEPT = 500;

/** Parses and validates statically (syntax, Shopify's schema, and deprecations unless allowed). */
function checkDocument(schema: GraphQLSchema, query: string, allowDeprecated: boolean): CheckedDocument {
  let cache = checkedDocuments.get(schema);
  if (!cache) checkedDocuments.set(schema, (cache = new Map()));
  const key = `${allowDeprecated ? "lenient" : "strict"}\n${query}`;
  const known = cache.get(key);
  if (known) return known;
  let checked: CheckedDocument;
  try {
    const document = parse(query);
    const staticErrors = validate(schema, document).map((error) => formatStaticError(error, document));
    const deprecationErrors = allowDeprecated
      ? []
      : validate(schema, document, [NoDeprecatedCustomRule]).map((error) => formatDeprecationError(error, document));
    checked = staticErrors.length + deprecationErrors.length > 0 ? { errors: [...staticErrors, ...deprecationErrors] } : { document };
  } catch (error) {
    const syntaxError = error as GraphQLError;
    checked = { errors: [{ message: syntaxError.message, locations: syntaxError.locations }] };
  }
  if (cache.size >= CHECKED_DOCUMENTS_KEPT) cache.delete(cache.keys().next().value!);
  cache.set(key, checked);
  return checked;
}

/** "QueryRoot.products", "Mutation.discountCodeBasicCreate": the root fields an operation selects. */
function rootFields(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): string[] {
  const root = operation.operation === "mutation" ? schema.getMutationType() : schema.getQueryType();
  const fragments = new Map(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  const names = (selectionSet: SelectionSetNode): string[] =>
    selectionSet.selections.flatMap((selection) => {
      if (selection.kind === Kind.FIELD) return [selection.name.value];
      if (selection.kind === Kind.INLINE_FRAGMENT) return names(selection.selectionSet);
      const fragment = fragments.get(selection.name.value);
      return fragment ? names(fragment.selectionSet) : [];
    });
  return names(operation.selectionSet).map((name) => `${root?.name}.${name}`);
}

export async function handleAdminGraphql(deps: AdminGraphqlDeps, request: AdminGraphqlRequest): Promise<HttpResult> {
  const requestId = randomUUID();
  const headers = { "x-shopify-api-version": request.apiVersion, "x-request-id": requestId };
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

  const checked = checkDocument(deps.schema, operation.query, deps.allowDeprecated);
  if ("errors" in checked) return json(200, { errors: checked.errors }, headers);
  const { document } = checked;

  const executed = getOperationAST(document, operation.operationName);
  const invalidVariables = executed ? variableErrors(deps.schema, executed, operation.variables, deps.allowDeprecated) : [];
  if (invalidVariables.length > 0) return json(200, { errors: invalidVariables }, headers);

  const cost = estimateCost(deps.schema, document, operation.operationName, operation.variables);
  const fault = executed ? deps.faults.take(shop.domain, rootFields(deps.schema, document, executed)) : undefined;
  if (fault?.fault.kind === "throttled") return json(200, throttledBody(cost, MAXIMUM_AVAILABLE, RESTORE_RATE), headers);
  if (fault?.fault.kind === "internalError") return json(200, internalErrorBody(requestId), headers);
  if (fault?.fault.kind === "dropRequest") return { status: 0, drop: true };

  const context: AdminContext = {
    state: deps.state,
    shop,
    baseUrl: deps.baseUrl,
    appNamespace: `app--${stableNumber(deps.apiKey, 7)}`,
    uploadSecret: deps.uploadSecret,
    appConfigPath: deps.appConfigPath,
    injected:
      fault?.fault.kind === "userErrors"
        ? { field: fault.field, payload: userErrorsPayload(deps.schema, fault.field, fault.fault.userErrors) }
        : undefined,
  };
  const result = await execute({
    schema: deps.schema,
    document,
    variableValues: operation.variables,
    operationName: operation.operationName,
    contextValue: context,
  });
  if (fault?.fault.kind === "dropResponse") return { status: 0, drop: true };
  const body = {
    ...(result.errors ? { errors: result.errors.map(formatExecutionError) } : {}),
    ...("data" in result ? { data: result.data } : {}),
    extensions: {
      cost: {
        requestedQueryCost: cost,
        actualQueryCost: cost,
        throttleStatus: { maximumAvailable: MAXIMUM_AVAILABLE, currentlyAvailable: MAXIMUM_AVAILABLE - cost, restoreRate: RESTORE_RATE },
      },
    },
  };
  return json(200, body, headers);
}
