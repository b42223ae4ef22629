// The only module that talks to the Shopify Admin GraphQL API. Each export is one operation;
// callers never write GraphQL themselves.
//
// Adding an operation: pass it to `run` inline, as a #graphql template string holding one named
// query or mutation (and any fragments it spreads), with its variables; then `npm run codegen`.
// The generated app/shopify/generated/admin.generated.d.ts keys each operation's result and
// variable types by its exact text, so tsc checks both; `npm test` fails when an operation no
// longer fits Shopify's schema, uses a deprecated field, or its generated types are stale.
import { GraphqlQueryError, HttpMaxRetriesError, HttpRequestError, HttpResponseError } from "@shopify/shopify-api";
import type { CountryCode, CurrencyCode } from "./generated/admin.types";

/** What both `authenticate.admin()` and `unauthenticated.admin()` give us. */
export interface AdminClient {
  graphql(query: string, options?: { variables?: Record<string, unknown>; signal?: AbortSignal }): Promise<Response>;
}

/**
 * The client with every request tied to `signal` (a job's): the library's clients hand it to
 * fetch, and the request is also raced against it, so a client that ignores it (the
 * simulator's, tests') cannot keep a cancelled job going either.
 */
export function abortableAdmin(admin: AdminClient, signal: AbortSignal): AdminClient {
  return {
    async graphql(query, options) {
      signal.throwIfAborted();
      let onAbort = () => {};
      const aborted = new Promise<never>((_, reject) => {
        onAbort = () => reject(signal.reason);
        signal.addEventListener("abort", onAbort, { once: true });
      });
      try {
        return await Promise.race([admin.graphql(query, { ...options, signal }), aborted]);
      } finally {
        signal.removeEventListener("abort", onAbort);
      }
    },
  };
}

/** Every operation of this module by its text, with its result and variables: filled in by the generated admin.generated.d.ts. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- extended by the generated declarations
export interface AdminQueries {}
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- extended by the generated declarations
export interface AdminMutations {}

type Operations = AdminQueries & AdminMutations;
type Operation = keyof Operations & string;
type ResultOf<O extends Operation> = Operations[O] extends { return: infer R } ? R : never;
type VariablesOf<O extends Operation> = Operations[O] extends { variables: infer V } ? V : never;
/** Variables are required exactly when the operation declares a required one. */
type VariablesArg<O extends Operation> =
  Record<never, never> extends VariablesOf<O> ? [variables?: VariablesOf<O>] : [variables: VariablesOf<O>];

// ── Errors ─────────────────────────────────────────────────────────────────────────────────

/**
 * Why a call failed, which decides what the caller may do next:
 * - access_denied: Shopify refused the app (a missing scope, an inactive or frozen shop, a
 *   revoked token). Nothing happened; asking again will not help until the merchant acts.
 * - throttled: over the rate limit. Nothing happened; the same call works a little later.
 * - invalid: the operation or its variables do not fit the schema. Nothing happened.
 * - user_errors: the mutation ran and Shopify refused the input (its `userErrors`).
 * - unreachable: no answer, or Shopify failed (network, 5xx, INTERNAL_SERVER_ERROR). A mutation
 *   may or may not have taken effect.
 */
export type AdminApiErrorKind = "access_denied" | "throttled" | "invalid" | "user_errors" | "unreachable";

export class AdminApiError extends Error {
  constructor(
    message: string,
    readonly kind: AdminApiErrorKind,
    readonly details: unknown,
  ) {
    super(message);
    this.name = "AdminApiError";
  }
}

/** A top-level GraphQL error as Shopify sends it. */
interface GraphqlError {
  message: string;
  extensions?: { code?: string };
}

// Shopify's top-level error codes (shopify.dev, "Status and error codes"); anything else, such
// as graphql-js validation codes (undefinedField…) or MAX_COST_EXCEEDED, is a request that
// does not fit the schema or its limits.
function kindOfGraphqlErrors(errors: readonly GraphqlError[]): AdminApiErrorKind {
  const codes = new Set(errors.map((error) => error.extensions?.code));
  if (codes.has("INTERNAL_SERVER_ERROR")) return "unreachable";
  if (codes.has("THROTTLED")) return "throttled";
  if (codes.has("ACCESS_DENIED") || codes.has("SHOP_INACTIVE")) return "access_denied";
  return "invalid";
}

// HTTP statuses of the Admin API (shopify.dev, "API response status and error codes"): 401
// invalid token, 402 frozen shop, 403 forbidden, 404 shop not found, 423 locked shop are the
// shop refusing the app; other 4xx are a malformed request.
function kindOfStatus(status: number): AdminApiErrorKind {
  if (status === 429) return "throttled";
  if (status >= 500) return "unreachable";
  if ([401, 402, 403, 404, 423].includes(status)) return "access_denied";
  return "invalid";
}

const graphqlErrorsError = (operation: string, errors: readonly GraphqlError[]) =>
  new AdminApiError(`${operation}: ${errors.map((error) => error.message).join("; ")}`, kindOfGraphqlErrors(errors), errors);

/**
 * The AdminApiError for what the Admin API client threw, or null for anything else (a Response
 * thrown by authenticate.admin's client, e.g. its re-authentication on 401, must reach Remix).
 * @shopify/shopify-api throws GraphqlQueryError for an answer with top-level `errors` (they are
 * in `body.errors.graphQLErrors`), HttpResponseError and its subclasses for other statuses,
 * HttpRequestError when no response came and HttpMaxRetriesError after its retries.
 */
function clientError(operation: string, error: unknown): AdminApiError | null {
  if (error instanceof GraphqlQueryError) return graphqlErrorsError(operation, (error.body?.errors?.graphQLErrors ?? []) as GraphqlError[]);
  if (error instanceof HttpResponseError) {
    return new AdminApiError(
      `${operation}: HTTP ${error.response.code} ${error.response.statusText}`,
      kindOfStatus(error.response.code),
      error.response.body,
    );
  }
  // fetch rejects with a TypeError when the network fails, and with an AbortError or TimeoutError on a signal.
  const aborted = error instanceof DOMException && (error.name === "AbortError" || error.name === "TimeoutError");
  if (error instanceof HttpRequestError || error instanceof HttpMaxRetriesError || error instanceof TypeError || aborted) {
    return new AdminApiError(`${operation}: ${error.message}`, "unreachable", error);
  }
  return null;
}

const operationName = (operation: string) => /\b(?:query|mutation)\s+(\w+)/.exec(operation)?.[1] ?? "Admin API request";

/**
 * Runs one operation of this module. The library's admin clients throw on failure; clients that
 * hand back Shopify's raw answer (the simulator's, tests') return it as a Response. Both end as
 * an AdminApiError with its kind.
 */
async function run<O extends Operation>(admin: AdminClient, operation: O, ...[variables]: VariablesArg<O>): Promise<ResultOf<O>> {
  const name = operationName(operation);
  let response: Response;
  try {
    response = await admin.graphql(operation, { variables: variables as Record<string, unknown> | undefined });
  } catch (error) {
    throw clientError(name, error) ?? error;
  }
  if (!response.ok)
    throw new AdminApiError(
      `${name}: HTTP ${response.status} ${response.statusText}`,
      kindOfStatus(response.status),
      await response.text(),
    );
  let body: { data?: ResultOf<O> | null; errors?: GraphqlError[] };
  try {
    body = await response.json();
  } catch (error) {
    // A reply that is not JSON comes from something in front of Shopify failing.
    throw new AdminApiError(`${name}: the answer was not JSON`, "unreachable", error);
  }
  if (body.errors && body.errors.length > 0) throw graphqlErrorsError(name, body.errors);
  if (!body.data) throw new AdminApiError(`${name}: Shopify answered without data`, "unreachable", body);
  return body.data;
}

interface UserError {
  field?: string[] | null;
  message: string;
}

/**
 * A mutation's payload once Shopify accepted the input. Payloads are nullable in the schema
 * but null only alongside top-level errors, which `run` has already thrown.
 */
function accepted<P extends { userErrors: UserError[] }>(mutation: string, payload: P | null | undefined): P {
  if (!payload) throw new AdminApiError(`${mutation}: Shopify returned no result`, "invalid", payload);
  if (payload.userErrors.length > 0) {
    throw new AdminApiError(`${mutation}: ${payload.userErrors.map((e) => e.message).join("; ")}`, "user_errors", payload.userErrors);
  }
  return payload;
}

// ── Shop ───────────────────────────────────────────────────────────────────────────────────

export interface ShopInfo {
  id: string; // Shop GID, the owner of shop metafields
  name: string;
  email: string;
  myshopifyDomain: string;
  currencyCode: string;
  ianaTimezone: string;
  primaryLocale: string;
  /** The storefront's address on its primary domain, e.g. https://example.com. */
  storefrontUrl: string;
}

export async function fetchShop(admin: AdminClient): Promise<ShopInfo> {
  const data = await run(
    admin,
    `#graphql
    query ShopInfo {
      shop { id name email myshopifyDomain currencyCode ianaTimezone primaryDomain { url } }
      shopLocales { locale primary }
    }`,
  );
  const primary = data.shopLocales.find((l) => l.primary)?.locale ?? "en";
  const { primaryDomain, ...shop } = data.shop;
  return { ...shop, primaryLocale: primary, storefrontUrl: primaryDomain.url };
}

/** The countries the shop's shipping zones reach, sorted. */
export async function fetchShipsToCountries(admin: AdminClient): Promise<CountryCode[]> {
  const data = await run(
    admin,
    `#graphql
    query ShipsToCountries { shop { shipsToCountries } }`,
  );
  return [...data.shop.shipsToCountries].sort();
}

// ── Metafields ─────────────────────────────────────────────────────────────────────────────

export interface MetafieldInput {
  ownerId: string;
  namespace: string;
  key: string;
  type: string;
  value: string;
}

const METAFIELDS_PER_CALL = 25; // Shopify's limit for metafieldsSet

export async function setMetafields(admin: AdminClient, metafields: MetafieldInput[]): Promise<void> {
  for (let i = 0; i < metafields.length; i += METAFIELDS_PER_CALL) {
    const data = await run(
      admin,
      `#graphql
      mutation SetMetafields($metafields: [MetafieldsSetInput!]!) {
        metafieldsSet(metafields: $metafields) {
          metafields { id }
          userErrors { field message code }
        }
      }`,
      { metafields: metafields.slice(i, i + METAFIELDS_PER_CALL) },
    );
    accepted("metafieldsSet", data.metafieldsSet);
  }
}

export async function deleteMetafields(
  admin: AdminClient,
  metafields: Pick<MetafieldInput, "ownerId" | "namespace" | "key">[],
): Promise<void> {
  const data = await run(
    admin,
    `#graphql
    mutation DeleteMetafields($metafields: [MetafieldIdentifierInput!]!) {
      metafieldsDelete(metafields: $metafields) {
        deletedMetafields { key namespace ownerId }
        userErrors { field message }
      }
    }`,
    { metafields },
  );
  accepted("metafieldsDelete", data.metafieldsDelete);
}

// ── Metaobjects ────────────────────────────────────────────────────────────────────────────

/**
 * Enables one of Shopify's standard metaobject definitions (its fields come from Shopify's
 * template). Enabling one the shop already has is not a failure: Shopify's schema has no code
 * for it, and TAKEN (the code Shopify uses for a type already defined) is assumed to be it.
 */
export async function enableStandardMetaobjectDefinition(admin: AdminClient, type: string): Promise<void> {
  const data = await run(
    admin,
    `#graphql
    mutation EnableStandardMetaobjectDefinition($type: String!) {
      standardMetaobjectDefinitionEnable(type: $type) {
        metaobjectDefinition { id type }
        userErrors { field message code }
      }
    }`,
    { type },
  );
  const payload = data.standardMetaobjectDefinitionEnable;
  if (payload && payload.userErrors.length > 0 && payload.userErrors.every((error) => error.code === "TAKEN")) return;
  accepted("standardMetaobjectDefinitionEnable", payload);
}

export interface MetaobjectInput {
  type: string;
  handle: string;
  /** Every field the app writes; an empty value clears the field. */
  fields: { key: string; value: string }[];
}

/** Creates the metaobject with this handle or updates it in place (same GID); returns its GID. */
export async function upsertMetaobject(admin: AdminClient, { type, handle, fields }: MetaobjectInput): Promise<string> {
  const data = await run(
    admin,
    `#graphql
    mutation UpsertMetaobject($handle: MetaobjectHandleInput!, $metaobject: MetaobjectUpsertInput!) {
      metaobjectUpsert(handle: $handle, metaobject: $metaobject) {
        metaobject { id }
        userErrors { field message code }
      }
    }`,
    { handle: { type, handle }, metaobject: { fields } },
  );
  const { metaobject } = accepted("metaobjectUpsert", data.metaobjectUpsert);
  if (!metaobject) throw new AdminApiError("metaobjectUpsert: Shopify returned no metaobject", "invalid", data);
  return metaobject.id;
}

/** The GID of the metaobject with this handle, or null when there is none. */
export async function metaobjectIdByHandle(admin: AdminClient, type: string, handle: string): Promise<string | null> {
  const data = await run(
    admin,
    `#graphql
    query MetaobjectIdByHandle($handle: MetaobjectHandleInput!) {
      metaobjectByHandle(handle: $handle) { id }
    }`,
    { handle: { type, handle } },
  );
  return data.metaobjectByHandle?.id ?? null;
}

/** Deletes a metaobject; false when it did not exist (already deleted, here or in Shopify admin). */
export async function deleteMetaobject(admin: AdminClient, id: string): Promise<boolean> {
  const data = await run(
    admin,
    `#graphql
    mutation DeleteMetaobject($id: ID!) {
      metaobjectDelete(id: $id) {
        deletedId
        userErrors { field message code }
      }
    }`,
    { id },
  );
  const payload = data.metaobjectDelete;
  if (payload?.deletedId) return true;
  if (payload && payload.userErrors.length > 0 && payload.userErrors.every((error) => error.code === "RECORD_NOT_FOUND")) return false;
  accepted("metaobjectDelete", payload);
  return false;
}

// ── Products ───────────────────────────────────────────────────────────────────────────────

/**
 * The product with this handle, or null. Uses the products search (`handle:` filter), which
 * every Admin API version has, and keeps only an exact handle match: search is not an
 * equality test.
 */
export async function productIdByHandle(admin: AdminClient, handle: string): Promise<string | null> {
  const data = await run(
    admin,
    `#graphql
    query ProductIdByHandle($query: String!) {
      products(first: 5, query: $query) {
        nodes { id handle }
      }
    }`,
    { query: `handle:"${handle.replace(/["\\]/g, "")}"` },
  );
  return data.products.nodes.find((node) => node.handle === handle)?.id ?? null;
}

/** Whether the shop has the product with this GID: Shopify answers null for one it does not have. */
export async function productExists(admin: AdminClient, id: string): Promise<boolean> {
  const data = await run(
    admin,
    `#graphql
    query ProductExists($id: ID!) {
      product(id: $id) { id }
    }`,
    { id },
  );
  return data.product !== null;
}

/**
 * Each product's featured image (Product.featuredMedia; Product.featuredImage is deprecated for
 * it), as a small square for emails and the review page; absent for a product without one or
 * one the shop no longer has. Order webhooks carry no images, so they are asked for when needed.
 */
export async function productImages(admin: AdminClient, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const data = await run(
    admin,
    `#graphql
    query ProductImages($ids: [ID!]!) {
      nodes(ids: $ids) {
        ... on Product {
          id
          featuredMedia {
            preview {
              image { url(transform: { maxWidth: 240, maxHeight: 240, crop: CENTER }) }
            }
          }
        }
      }
    }`,
    { ids },
  );
  const images = new Map<string, string>();
  for (const node of data.nodes) {
    const url = node && "id" in node ? node.featuredMedia?.preview?.image?.url : undefined;
    if (node && "id" in node && url) images.set(node.id, url);
  }
  return images;
}

// ── Files ──────────────────────────────────────────────────────────────────────────────────

export interface UploadedImage {
  fileId: string;
  url: string;
}

/**
 * Stores an image in Shopify Files: a staged upload target, the bytes POSTed to it, then
 * fileCreate. Shopify processes images asynchronously, so the URL is read once the file is READY.
 */
export async function uploadImageToFiles(
  admin: AdminClient,
  image: { filename: string; mimeType: string; bytes: Uint8Array; alt: string },
  { pollMs = 250, attempts = 20 }: { pollMs?: number; attempts?: number } = {},
): Promise<UploadedImage> {
  const staged = await run(
    admin,
    `#graphql
    mutation StageImage($input: [StagedUploadInput!]!) {
      stagedUploadsCreate(input: $input) {
        stagedTargets { url resourceUrl parameters { name value } }
        userErrors { field message }
      }
    }`,
    {
      input: [
        {
          resource: "IMAGE",
          filename: image.filename,
          mimeType: image.mimeType,
          fileSize: String(image.bytes.byteLength),
          httpMethod: "POST",
        },
      ],
    },
  );
  const target = accepted("stagedUploadsCreate", staged.stagedUploadsCreate).stagedTargets?.[0];
  if (!target?.url || !target.resourceUrl)
    throw new AdminApiError("stagedUploadsCreate: Shopify returned no upload target", "invalid", target);

  const form = new FormData();
  for (const { name, value } of target.parameters) form.append(name, value);
  form.append("file", new Blob([new Uint8Array(image.bytes)], { type: image.mimeType }), image.filename);
  let upload: Response;
  try {
    upload = await fetch(target.url, { method: "POST", body: form });
  } catch (error) {
    throw new AdminApiError(
      `staged upload of ${image.filename} failed: ${error instanceof Error ? error.message : String(error)}`,
      "unreachable",
      error,
    );
  }
  if (!upload.ok)
    throw new AdminApiError(`staged upload failed with HTTP ${upload.status}`, kindOfStatus(upload.status), await upload.text());

  const created = await run(
    admin,
    `#graphql
    mutation CreateImageFile($files: [FileCreateInput!]!) {
      fileCreate(files: $files) {
        files { id }
        userErrors { field message }
      }
    }`,
    { files: [{ originalSource: target.resourceUrl, contentType: "IMAGE", alt: image.alt }] },
  );
  const fileId = accepted("fileCreate", created.fileCreate).files?.[0]?.id;
  if (!fileId) throw new AdminApiError("fileCreate: Shopify returned no file", "invalid", created.fileCreate);

  for (let attempt = 0; attempt < attempts; attempt++) {
    const { node } = await run(
      admin,
      `#graphql
      query ImageFile($id: ID!) {
        node(id: $id) { ... on MediaImage { fileStatus image { url } } }
      }`,
      { id: fileId },
    );
    const file = node && "fileStatus" in node ? node : null;
    // Shopify processed the upload and refused it (not an image it can read): asking again will not help.
    if (file?.fileStatus === "FAILED") throw new AdminApiError(`Shopify could not process ${image.filename}`, "invalid", file);
    if (file?.fileStatus === "READY" && file.image) return { fileId, url: file.image.url };
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  throw new AdminApiError(`${image.filename} was not ready in time`, "unreachable", { fileId });
}

// ── Discount codes ─────────────────────────────────────────────────────────────────────────

export type DiscountCodeValue =
  { kind: "amount_off"; amount: string } | { kind: "percent_off"; percent: number } | { kind: "free_shipping" };

export interface DiscountCodeInput {
  title: string;
  code: string;
  value: DiscountCodeValue;
  /** Only this customer may use it; null: anyone (a referral code shared with friends). */
  customerId: string | null;
  /** null: unlimited (still once per customer). */
  usageLimit: number | null;
  minimumSubtotal: string | null;
  startsAt: Date;
}

/** Creates a code discount (basic or free shipping) that applies once per customer. Returns its GID. */
export async function createDiscountCode(admin: AdminClient, input: DiscountCodeInput): Promise<string> {
  const common = {
    title: input.title,
    code: input.code,
    startsAt: input.startsAt.toISOString(),
    usageLimit: input.usageLimit,
    appliesOncePerCustomer: true,
    context: input.customerId ? { customers: { add: [input.customerId] } } : { all: "ALL" as const },
    minimumRequirement: input.minimumSubtotal ? { subtotal: { greaterThanOrEqualToSubtotal: input.minimumSubtotal } } : null,
    combinesWith: { orderDiscounts: false, productDiscounts: true, shippingDiscounts: input.value.kind !== "free_shipping" },
  };
  const created = (node: { id: string } | null | undefined, mutation: string) => {
    if (!node) throw new AdminApiError(`${mutation}: Shopify returned no discount`, "invalid", node);
    return node.id;
  };
  if (input.value.kind === "free_shipping") {
    const data = await run(
      admin,
      `#graphql
      mutation CreateFreeShippingCode($discount: DiscountCodeFreeShippingInput!) {
        discountCodeFreeShippingCreate(freeShippingCodeDiscount: $discount) { codeDiscountNode { id } userErrors { field message code } }
      }`,
      { discount: { ...common, destination: { all: true } } },
    );
    return created(
      accepted("discountCodeFreeShippingCreate", data.discountCodeFreeShippingCreate).codeDiscountNode,
      "discountCodeFreeShippingCreate",
    );
  }
  const value =
    input.value.kind === "amount_off"
      ? { discountAmount: { amount: input.value.amount, appliesOnEachItem: false } }
      : { percentage: input.value.percent / 100 };
  const data = await run(
    admin,
    `#graphql
    mutation CreateBasicCode($discount: DiscountCodeBasicInput!) {
      discountCodeBasicCreate(basicCodeDiscount: $discount) { codeDiscountNode { id } userErrors { field message code } }
    }`,
    { discount: { ...common, customerGets: { value, items: { all: true } } } },
  );
  return created(accepted("discountCodeBasicCreate", data.discountCodeBasicCreate).codeDiscountNode, "discountCodeBasicCreate");
}

/** The code discount's GID, or null when no discount has this code. */
export async function discountIdByCode(admin: AdminClient, code: string): Promise<string | null> {
  const data = await run(
    admin,
    `#graphql
    query DiscountByCode($code: String!) { codeDiscountNodeByCode(code: $code) { id } }`,
    { code },
  );
  return data.codeDiscountNodeByCode?.id ?? null;
}

// ── Store credit ───────────────────────────────────────────────────────────────────────────

export interface StoreCreditInput {
  customerId: string;
  amount: string;
  /** The shop's currency code, as Shopify gave it. */
  currency: string;
  /** null: the credit never expires. */
  expiresAt: Date | null;
}

/**
 * Credits the customer's store-credit account in this currency; Shopify opens the account on
 * the first credit in a currency. Returns the credit transaction's GID. Not idempotent (Shopify
 * offers no idempotency key for it): app/loyalty/redeem.server.ts says how a lost answer is healed.
 */
export async function creditStoreCredit(admin: AdminClient, input: StoreCreditInput): Promise<string> {
  const data = await run(
    admin,
    `#graphql
    mutation CreditStoreCredit($id: ID!, $credit: StoreCreditAccountCreditInput!) {
      storeCreditAccountCredit(id: $id, creditInput: $credit) {
        storeCreditAccountTransaction { id }
        userErrors { field message code }
      }
    }`,
    {
      id: input.customerId,
      credit: {
        creditAmount: { amount: input.amount, currencyCode: input.currency as CurrencyCode },
        expiresAt: input.expiresAt?.toISOString() ?? null,
      },
    },
  );
  const transaction = accepted("storeCreditAccountCredit", data.storeCreditAccountCredit).storeCreditAccountTransaction;
  if (!transaction) throw new AdminApiError("storeCreditAccountCredit: Shopify returned no transaction", "invalid", data);
  return transaction.id;
}

export interface StoreCreditTransaction {
  id: string;
  amount: string;
  createdAt: Date;
  expiresAt: Date | null;
}

const STORE_CREDIT_PAGE = 50;

/**
 * The credits staff or apps added (event ADJUSTMENT: not refunds to store credit) to the
 * customer's store-credit account in this currency since `since`, newest first; none when the
 * customer has no account in it.
 */
export async function storeCreditsSince(
  admin: AdminClient,
  customerId: string,
  currency: string,
  since: Date,
): Promise<StoreCreditTransaction[]> {
  const credits: StoreCreditTransaction[] = [];
  let after: string | null = null;
  for (;;) {
    const page = await storeCreditPage(admin, customerId, currency, after);
    if (!page) return credits;
    let older = false;
    for (const node of page.nodes) {
      if (Date.parse(node.createdAt) < since.getTime()) older = true;
      else if (node.event === "ADJUSTMENT" && "id" in node && node.amount.currencyCode === currency) {
        credits.push({
          id: node.id,
          amount: node.amount.amount,
          createdAt: new Date(node.createdAt),
          expiresAt: node.expiresAt ? new Date(node.expiresAt) : null,
        });
      }
    }
    // Newest first: once a page reaches past `since`, no later page can hold a newer credit.
    if (older || !page.pageInfo.hasNextPage) return credits;
    after = page.pageInfo.endCursor ?? null;
  }
}

/** One page of the credit transactions of the customer's account in this currency, newest first; null without an account. */
async function storeCreditPage(admin: AdminClient, customerId: string, currency: string, after: string | null) {
  const data = await run(
    admin,
    `#graphql
    query StoreCreditsSince($customerId: ID!, $account: String!, $first: Int!, $after: String) {
      customer(id: $customerId) {
        storeCreditAccounts(first: 1, query: $account) {
          nodes {
            transactions(first: $first, after: $after, query: "type:credit", sortKey: CREATED_AT, reverse: true) {
              nodes {
                createdAt
                event
                amount { amount currencyCode }
                ... on StoreCreditAccountCreditTransaction { id expiresAt }
              }
              pageInfo { hasNextPage endCursor }
            }
          }
        }
      }
    }`,
    { customerId, account: `currency_code:${currency}`, first: STORE_CREDIT_PAGE, after },
  );
  return data.customer?.storeCreditAccounts.nodes[0]?.transactions ?? null;
}

// ── Automatic free-shipping discounts ──────────────────────────────────────────────────────

export interface AutomaticFreeShippingInput {
  title: string;
  /** Destination countries; never empty. */
  countries: CountryCode[];
  /** Minimum subtotal in shop currency, e.g. "50.00". */
  minimumSubtotal: string;
}

export interface AutomaticFreeShipping extends AutomaticFreeShippingInput {
  id: string;
  status: string;
}

/**
 * The automatic free-shipping discount with this GID (DiscountAutomaticNode, as created), or
 * null when it no longer exists (e.g. deleted in Shopify admin) or is another kind of discount.
 * `discountNode` takes the automatic node's GID, as in Shopify's own example for it, but answers
 * with a DiscountNode GID: the id kept is the one the mutations below take.
 */
export async function fetchAutomaticFreeShipping(admin: AdminClient, id: string): Promise<AutomaticFreeShipping | null> {
  const data = await run(
    admin,
    `#graphql
    query AutomaticFreeShipping($id: ID!) {
      discountNode(id: $id) {
        discount { __typename ...AutomaticFreeShippingFields }
      }
    }
    fragment AutomaticFreeShippingFields on DiscountAutomaticFreeShipping {
      title
      status
      minimumRequirement { __typename ... on DiscountMinimumSubtotal { greaterThanOrEqualToSubtotal { amount } } }
      destinationSelection { __typename ... on DiscountCountries { countries } }
    }`,
    { id },
  );
  const discount = data.discountNode?.discount;
  if (discount?.__typename !== "DiscountAutomaticFreeShipping") return null;
  const minimum =
    discount.minimumRequirement?.__typename === "DiscountMinimumSubtotal"
      ? discount.minimumRequirement.greaterThanOrEqualToSubtotal.amount
      : null;
  return {
    id,
    title: discount.title,
    status: discount.status,
    countries: discount.destinationSelection.__typename === "DiscountCountries" ? [...discount.destinationSelection.countries].sort() : [],
    minimumSubtotal: minimum === null ? "0.00" : Number(minimum).toFixed(2),
  };
}

// Free shipping combines with product and order discounts (a loyalty code still works with it).
const FREE_SHIPPING_COMBINES_WITH = { orderDiscounts: true, productDiscounts: true, shippingDiscounts: false };

/** Creates an automatic free-shipping discount for everyone to these countries from this subtotal. Returns its GID. */
export async function createAutomaticFreeShipping(admin: AdminClient, input: AutomaticFreeShippingInput, startsAt: Date): Promise<string> {
  const data = await run(
    admin,
    `#graphql
    mutation CreateAutomaticFreeShipping($discount: DiscountAutomaticFreeShippingInput!) {
      discountAutomaticFreeShippingCreate(freeShippingAutomaticDiscount: $discount) {
        automaticDiscountNode { id }
        userErrors { field message code }
      }
    }`,
    {
      discount: {
        title: input.title,
        startsAt: startsAt.toISOString(),
        minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: input.minimumSubtotal } },
        destination: { countries: { add: input.countries } },
        combinesWith: FREE_SHIPPING_COMBINES_WITH,
      },
    },
  );
  const node = accepted("discountAutomaticFreeShippingCreate", data.discountAutomaticFreeShippingCreate).automaticDiscountNode;
  if (!node) throw new AdminApiError("discountAutomaticFreeShippingCreate: Shopify returned no discount", "invalid", data);
  return node.id;
}

/**
 * Brings an automatic free-shipping discount to this title, minimum and country list. Shopify
 * edits destination countries by adding and removing, so `previousCountries` (what the
 * discount holds now) says which to remove.
 */
export async function updateAutomaticFreeShipping(
  admin: AdminClient,
  id: string,
  input: AutomaticFreeShippingInput,
  previousCountries: CountryCode[],
): Promise<void> {
  const remove = previousCountries.filter((country) => !input.countries.includes(country));
  const data = await run(
    admin,
    `#graphql
    mutation UpdateAutomaticFreeShipping($id: ID!, $discount: DiscountAutomaticFreeShippingInput!) {
      discountAutomaticFreeShippingUpdate(id: $id, freeShippingAutomaticDiscount: $discount) {
        automaticDiscountNode { id }
        userErrors { field message code }
      }
    }`,
    {
      id,
      discount: {
        title: input.title,
        minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: input.minimumSubtotal } },
        destination: { countries: { add: input.countries, ...(remove.length > 0 ? { remove } : {}) } },
        combinesWith: FREE_SHIPPING_COMBINES_WITH,
      },
    },
  );
  accepted("discountAutomaticFreeShippingUpdate", data.discountAutomaticFreeShippingUpdate);
}

/** Deletes an automatic discount; false when it did not exist (already deleted). */
export async function deleteAutomaticDiscount(admin: AdminClient, id: string): Promise<boolean> {
  const data = await run(
    admin,
    `#graphql
    mutation DeleteAutomaticDiscount($id: ID!) {
      discountAutomaticDelete(id: $id) {
        deletedAutomaticDiscountId
        userErrors { field message code }
      }
    }`,
    { id },
  );
  const payload = data.discountAutomaticDelete;
  if (payload?.deletedAutomaticDiscountId) return true;
  if (payload && payload.userErrors.length > 0 && payload.userErrors.every((error) => /does not exist|not found/i.test(error.message)))
    return false;
  accepted("discountAutomaticDelete", payload);
  return false;
}

// ── Shopify Flow ───────────────────────────────────────────────────────────────────────────

/**
 * Runs the shop's workflows that start with the app's Flow trigger `handle` (an extension under
 * extensions/), with `payload` as the trigger's fields. flowTriggerReceive needs no access scope;
 * Shopify refusing the handle or the payload is a user_errors AdminApiError.
 */
export async function triggerFlow(admin: AdminClient, handle: string, payload: Record<string, string | number | boolean>): Promise<void> {
  const data = await run(
    admin,
    `#graphql
    mutation TriggerFlow($handle: String!, $payload: JSON!) {
      flowTriggerReceive(handle: $handle, payload: $payload) {
        userErrors { field message }
      }
    }`,
    { handle, payload },
  );
  accepted("flowTriggerReceive", data.flowTriggerReceive);
}

// ── Themes ─────────────────────────────────────────────────────────────────────────────────

export interface ThemeFiles {
  themeName: string;
  /** Text content by filename; a file the theme does not have is absent. */
  files: Record<string, string>;
}

/** The live (MAIN) theme's text files among `filenames`, or null when the shop has no live theme. */
export async function fetchMainThemeFiles(admin: AdminClient, filenames: readonly string[]): Promise<ThemeFiles | null> {
  const data = await run(
    admin,
    `#graphql
    query MainThemeFiles($filenames: [String!]!) {
      themes(first: 1, roles: [MAIN]) {
        nodes {
          name
          files(filenames: $filenames, first: 50) {
            nodes {
              filename
              body { __typename ... on OnlineStoreThemeFileBodyText { content } }
            }
          }
        }
      }
    }`,
    { filenames: [...filenames] },
  );
  const theme = data.themes?.nodes[0];
  if (!theme) return null;
  const files: Record<string, string> = {};
  for (const file of theme.files?.nodes ?? [])
    if (file.body.__typename === "OnlineStoreThemeFileBodyText") files[file.filename] = file.body.content;
  return { themeName: theme.name, files };
}
