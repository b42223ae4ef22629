// Fault injection: a test makes the next Admin API call that selects a given root field fail the
// way Shopify fails, to check that the app copes (gives points back, retries, heals later). Each
// fault is an answer Shopify really gives, in Shopify's shape; the source of each is cited below.
import { getNamedType, GraphQLError, isEnumType, isObjectType, type GraphQLNamedType, type GraphQLSchema } from "graphql";

export type Fault =
  /** Shopify answers the mutation but refuses it: the payload's userErrors, every other payload field null. */
  | { kind: "userErrors"; userErrors: Record<string, unknown>[] }
  /** The app's query-cost bucket is empty: nothing runs, Shopify answers THROTTLED. */
  | { kind: "throttled" }
  /** Shopify fails inside: nothing is known to have run, Shopify answers INTERNAL_SERVER_ERROR. */
  | { kind: "internalError" }
  /** The connection drops before Shopify runs the operation: the app gets no answer and nothing happened. */
  | { kind: "dropRequest" }
  /** Shopify runs the operation but the connection drops before its answer reaches the app. */
  | { kind: "dropResponse" };

export interface FaultRequest {
  /** The shop whose next call fails. */
  shop: string;
  /** The root field, as "Mutation.discountCodeBasicCreate" or "QueryRoot.products". */
  field: string;
  fault: Fault;
}

/** The documentation link Shopify puts in THROTTLED errors. */
const RATE_LIMITS_DOCUMENTATION = "https://shopify.dev/api/usage/rate-limits";

/**
 * Shopify's throttled answer, as posted from a real response in
 * https://community.shopify.com/t/throttled/254776 : one "Throttled" error with code THROTTLED and
 * the rate-limit documentation, no data, and the cost extension with actualQueryCost null. The
 * HTTP status is 200: Shopify reports GraphQL throttling in the body (an assumption the thread
 * https://community.shopify.com/t/graphql-admin-api-example-throttled-requests-response/8456 leaves
 * open; the body is what the app reads either way).
 */
export function throttledBody(requestedQueryCost: number, maximumAvailable: number, restoreRate: number) {
  return {
    errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: RATE_LIMITS_DOCUMENTATION } }],
    extensions: {
      cost: {
        requestedQueryCost,
        actualQueryCost: null,
        throttleStatus: { maximumAvailable, currentlyAvailable: 0, restoreRate },
      },
    },
  };
}

/**
 * Shopify's internal error, as recorded from Shopify in the shopify_graphql gem's fixture
 * test/fixtures/mutations/server_error.json (github.com/kirillplatonov/shopify_graphql), whose
 * test also shows it arrives with HTTP 200.
 */
export function internalErrorBody(requestId: string) {
  return {
    errors: [
      {
        message: `Internal error. Looks like something went wrong on our end.\nRequest ID: ${requestId} (include this in support requests).`,
        extensions: { code: "INTERNAL_SERVER_ERROR", requestId },
      },
    ],
  };
}

/** Faults armed by tests, each used by the first matching call. */
export class FaultPlan {
  private armed: FaultRequest[] = [];

  constructor(private readonly schema: GraphQLSchema) {}

  /** Arms a fault for the shop's next call selecting `field`; refuses one Shopify could not give. */
  failNext(request: FaultRequest): void {
    const field = rootField(this.schema, request.field);
    if (!field) throw new Error(`${request.field} is not a root field of Shopify's Admin API (use QueryRoot.x or Mutation.x)`);
    if (request.fault.kind === "userErrors") this.checkUserErrors(request.field, getNamedType(field.type), request.fault.userErrors);
    this.armed.push(request);
  }

  /** Takes the first fault armed for this shop on any of the operation's root fields. */
  take(shop: string, rootFields: readonly string[]): FaultRequest | undefined {
    const index = this.armed.findIndex((request) => request.shop === shop && rootFields.includes(request.field));
    return index < 0 ? undefined : this.armed.splice(index, 1)[0];
  }

  /** Disarms every fault (of one shop, when given). */
  clear(shop?: string): void {
    this.armed = shop ? this.armed.filter((request) => request.shop !== shop) : [];
  }

  /** userErrors must fit the payload's own userErrors type, field by field, as Shopify's would. */
  private checkUserErrors(coordinate: string, payloadType: GraphQLNamedType, userErrors: Record<string, unknown>[]): void {
    const listField = isObjectType(payloadType) ? payloadType.getFields().userErrors : undefined;
    if (!listField) throw new Error(`${coordinate} returns ${payloadType.name}, which has no userErrors`);
    const errorType = getNamedType(listField.type);
    if (!isObjectType(errorType)) throw new Error(`${payloadType.name}.userErrors is not a list of objects`);
    if (userErrors.length === 0) throw new Error("A userErrors fault needs at least one user error");
    const fields = errorType.getFields();
    for (const userError of userErrors) {
      if (typeof userError.message !== "string") throw new Error(`Each ${errorType.name} needs a message`);
      for (const [key, value] of Object.entries(userError)) {
        const field = fields[key];
        if (!field) throw new Error(`${errorType.name} has no field ${key}`);
        const named = getNamedType(field.type);
        if (isEnumType(named) && value !== null && !named.getValue(String(value))) {
          throw new Error(`${String(value)} is not a ${named.name} value`);
        }
      }
    }
  }
}

function rootField(schema: GraphQLSchema, coordinate: string) {
  const [typeName, fieldName] = coordinate.split(".");
  const root = [schema.getQueryType(), schema.getMutationType()].find((type) => type?.name === typeName);
  return root?.getFields()[fieldName ?? ""];
}

/** The payload a userErrors fault answers with: its userErrors and null for every other field. */
export function userErrorsPayload(
  schema: GraphQLSchema,
  coordinate: string,
  userErrors: Record<string, unknown>[],
): Record<string, unknown> {
  const field = rootField(schema, coordinate);
  const payloadType = field ? getNamedType(field.type) : undefined;
  if (!isObjectType(payloadType)) throw new GraphQLError(`${coordinate} has no payload object`);
  const fields = payloadType.getFields();
  const errorType = getNamedType(fields.userErrors?.type);
  const errorFields = isObjectType(errorType) ? Object.keys(errorType.getFields()) : [];
  const payload: Record<string, unknown> = Object.fromEntries(Object.keys(fields).map((name) => [name, null]));
  // Fields a test leaves out are null, as Shopify leaves them when it has nothing to say (field, code).
  payload.userErrors = userErrors.map((userError) => ({ ...Object.fromEntries(errorFields.map((name) => [name, null])), ...userError }));
  return payload;
}
