// The only module that talks to the Shopify Admin GraphQL API. Each export is one typed
// operation; callers never write GraphQL themselves.

/** What both `authenticate.admin()` and `unauthenticated.admin()` give us. */
export interface AdminClient {
  graphql(query: string, options?: { variables?: Record<string, unknown> }): Promise<Response>;
}

export interface UserError {
  field?: string[] | null;
  message: string;
  code?: string | null;
}

export class AdminApiError extends Error {
  constructor(
    message: string,
    readonly details: unknown,
  ) {
    super(message);
    this.name = "AdminApiError";
  }
}

async function run<T>(admin: AdminClient, query: string, variables?: Record<string, unknown>): Promise<T> {
  const response = await admin.graphql(query, { variables });
  const body = (await response.json()) as { data?: T; errors?: unknown };
  if (body.errors || !body.data) {
    throw new AdminApiError(`Admin API request failed: ${JSON.stringify(body.errors)}`, body.errors);
  }
  return body.data;
}

function assertNoUserErrors(operation: string, userErrors: UserError[]): void {
  if (userErrors.length > 0) {
    throw new AdminApiError(`${operation}: ${userErrors.map((e) => e.message).join("; ")}`, userErrors);
  }
}

export interface ShopInfo {
  name: string;
  email: string;
  myshopifyDomain: string;
  currencyCode: string;
  ianaTimezone: string;
  primaryLocale: string;
}

export async function fetchShop(admin: AdminClient): Promise<ShopInfo> {
  const data = await run<{
    shop: Omit<ShopInfo, "primaryLocale">;
    shopLocales: { locale: string; primary: boolean }[];
  }>(
    admin,
    `#graphql
    query ShopInfo {
      shop { name email myshopifyDomain currencyCode ianaTimezone }
      shopLocales { locale primary }
    }`,
  );
  const primary = data.shopLocales.find((l) => l.primary)?.locale ?? "en";
  return { ...data.shop, primaryLocale: primary };
}

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
    const data = await run<{ metafieldsSet: { userErrors: UserError[] } }>(
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
    assertNoUserErrors("metafieldsSet", data.metafieldsSet.userErrors);
  }
}

export interface ProductSummary {
  id: string;
  title: string;
  handle: string;
  imageUrl: string | null;
}

export async function fetchProducts(
  admin: AdminClient,
  { first = 50, after }: { first?: number; after?: string } = {},
): Promise<{ products: ProductSummary[]; endCursor: string | null; hasNextPage: boolean }> {
  const data = await run<{
    products: {
      nodes: { id: string; title: string; handle: string; featuredImage: { url: string } | null }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  }>(
    admin,
    `#graphql
    query Products($first: Int!, $after: String) {
      products(first: $first, after: $after) {
        nodes { id title handle featuredImage { url } }
        pageInfo { hasNextPage endCursor }
      }
    }`,
    { first, after },
  );
  return {
    products: data.products.nodes.map((p) => ({ id: p.id, title: p.title, handle: p.handle, imageUrl: p.featuredImage?.url ?? null })),
    endCursor: data.products.pageInfo.endCursor,
    hasNextPage: data.products.pageInfo.hasNextPage,
  };
}

/**
 * The product with this handle, or null. Uses the products search (`handle:` filter), which
 * every Admin API version has, and keeps only an exact handle match: search is not an
 * equality test.
 */
export async function productIdByHandle(admin: AdminClient, handle: string): Promise<string | null> {
  const data = await run<{ products: { nodes: { id: string; handle: string }[] } }>(
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
