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
  const data = await run<{
    shop: Omit<ShopInfo, "primaryLocale" | "storefrontUrl"> & { primaryDomain: { url: string } };
    shopLocales: { locale: string; primary: boolean }[];
  }>(
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

export async function deleteMetafields(admin: AdminClient, metafields: Pick<MetafieldInput, "ownerId" | "namespace" | "key">[]): Promise<void> {
  const data = await run<{ metafieldsDelete: { userErrors: UserError[] } }>(
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
  assertNoUserErrors("metafieldsDelete", data.metafieldsDelete.userErrors);
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
  const staged = await run<{
    stagedUploadsCreate: { stagedTargets: { url: string; resourceUrl: string; parameters: { name: string; value: string }[] }[]; userErrors: UserError[] };
  }>(
    admin,
    `#graphql
    mutation StageImage($input: [StagedUploadInput!]!) {
      stagedUploadsCreate(input: $input) {
        stagedTargets { url resourceUrl parameters { name value } }
        userErrors { field message }
      }
    }`,
    { input: [{ resource: "IMAGE", filename: image.filename, mimeType: image.mimeType, fileSize: String(image.bytes.byteLength), httpMethod: "POST" }] },
  );
  assertNoUserErrors("stagedUploadsCreate", staged.stagedUploadsCreate.userErrors);
  const target = staged.stagedUploadsCreate.stagedTargets[0]!;

  const form = new FormData();
  for (const { name, value } of target.parameters) form.append(name, value);
  form.append("file", new Blob([new Uint8Array(image.bytes)], { type: image.mimeType }), image.filename);
  const upload = await fetch(target.url, { method: "POST", body: form });
  if (!upload.ok) throw new AdminApiError(`staged upload failed with HTTP ${upload.status}`, await upload.text());

  const created = await run<{ fileCreate: { files: { id: string }[]; userErrors: UserError[] } }>(
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
  assertNoUserErrors("fileCreate", created.fileCreate.userErrors);
  const fileId = created.fileCreate.files[0]!.id;

  for (let attempt = 0; attempt < attempts; attempt++) {
    const { node } = await run<{ node: { fileStatus: string; image: { url: string } | null } | null }>(
      admin,
      `#graphql
      query ImageFile($id: ID!) {
        node(id: $id) { ... on MediaImage { fileStatus image { url } } }
      }`,
      { id: fileId },
    );
    if (node?.fileStatus === "FAILED") throw new AdminApiError(`Shopify could not process ${image.filename}`, node);
    if (node?.fileStatus === "READY" && node.image) return { fileId, url: node.image.url };
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  throw new AdminApiError(`${image.filename} was not ready in time`, { fileId });
}

export type DiscountCodeValue =
  | { kind: "amount_off"; amount: string }
  | { kind: "percent_off"; percent: number }
  | { kind: "free_shipping" };

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
    context: input.customerId ? { customers: { add: [input.customerId] } } : { all: "ALL" },
    minimumRequirement: input.minimumSubtotal ? { subtotal: { greaterThanOrEqualToSubtotal: input.minimumSubtotal } } : null,
    combinesWith: { orderDiscounts: false, productDiscounts: true, shippingDiscounts: input.value.kind !== "free_shipping" },
  };
  type Payload = { codeDiscountNode: { id: string } | null; userErrors: UserError[] };
  if (input.value.kind === "free_shipping") {
    const data = await run<{ discountCodeFreeShippingCreate: Payload }>(
      admin,
      `#graphql
      mutation CreateFreeShippingCode($discount: DiscountCodeFreeShippingInput!) {
        discountCodeFreeShippingCreate(freeShippingCodeDiscount: $discount) { codeDiscountNode { id } userErrors { field message code } }
      }`,
      { discount: { ...common, destination: { all: true } } },
    );
    assertNoUserErrors("discountCodeFreeShippingCreate", data.discountCodeFreeShippingCreate.userErrors);
    return data.discountCodeFreeShippingCreate.codeDiscountNode!.id;
  }
  const value =
    input.value.kind === "amount_off"
      ? { discountAmount: { amount: input.value.amount, appliesOnEachItem: false } }
      : { percentage: input.value.percent / 100 };
  const data = await run<{ discountCodeBasicCreate: Payload }>(
    admin,
    `#graphql
    mutation CreateBasicCode($discount: DiscountCodeBasicInput!) {
      discountCodeBasicCreate(basicCodeDiscount: $discount) { codeDiscountNode { id } userErrors { field message code } }
    }`,
    { discount: { ...common, customerGets: { value, items: { all: true } } } },
  );
  assertNoUserErrors("discountCodeBasicCreate", data.discountCodeBasicCreate.userErrors);
  return data.discountCodeBasicCreate.codeDiscountNode!.id;
}

/** The code discount's GID, or null when no discount has this code. */
export async function discountIdByCode(admin: AdminClient, code: string): Promise<string | null> {
  const data = await run<{ codeDiscountNodeByCode: { id: string } | null }>(
    admin,
    `#graphql
    query DiscountByCode($code: String!) { codeDiscountNodeByCode(code: $code) { id } }`,
    { code },
  );
  return data.codeDiscountNodeByCode?.id ?? null;
}

/** The countries the shop's shipping zones reach (ISO 3166-1 alpha-2), sorted. */
export async function fetchShipsToCountries(admin: AdminClient): Promise<string[]> {
  const data = await run<{ shop: { shipsToCountries: string[] } }>(
    admin,
    `#graphql
    query ShipsToCountries { shop { shipsToCountries } }`,
  );
  return [...data.shop.shipsToCountries].sort();
}

export interface AutomaticFreeShippingInput {
  title: string;
  /** Destination countries (ISO codes); never empty. */
  countries: string[];
  /** Minimum subtotal in shop currency, e.g. "50.00". */
  minimumSubtotal: string;
}

export interface AutomaticFreeShipping extends AutomaticFreeShippingInput {
  id: string;
  status: string;
}

const automaticFreeShippingFields = `
  id
  automaticDiscount {
    ... on DiscountAutomaticFreeShipping {
      title
      status
      minimumRequirement { ... on DiscountMinimumSubtotal { greaterThanOrEqualToSubtotal { amount } } }
      destinationSelection {
        ... on DiscountCountries { countries includeRestOfWorld }
        ... on DiscountCountryAll { allCountries }
      }
    }
  }`;

interface AutomaticDiscountNode {
  id: string;
  automaticDiscount: {
    title?: string;
    status?: string;
    minimumRequirement?: { greaterThanOrEqualToSubtotal?: { amount: string } } | null;
    destinationSelection?: { countries?: string[]; allCountries?: boolean } | null;
  } | null;
}

function automaticFreeShippingFrom(node: AutomaticDiscountNode): AutomaticFreeShipping | null {
  const discount = node.automaticDiscount;
  if (!discount || discount.title === undefined) return null; // another kind of automatic discount
  const amount = discount.minimumRequirement?.greaterThanOrEqualToSubtotal?.amount;
  return {
    id: node.id,
    title: discount.title,
    status: discount.status ?? "ACTIVE",
    countries: [...(discount.destinationSelection?.countries ?? [])].sort(),
    minimumSubtotal: amount === undefined ? "0.00" : Number(amount).toFixed(2),
  };
}

/** The automatic free-shipping discount with this GID, or null when it no longer exists (e.g. deleted in Shopify admin). */
export async function fetchAutomaticFreeShipping(admin: AdminClient, id: string): Promise<AutomaticFreeShipping | null> {
  const data = await run<{ automaticDiscountNode: AutomaticDiscountNode | null }>(
    admin,
    `#graphql
    query AutomaticFreeShipping($id: ID!) { automaticDiscountNode(id: $id) { ${automaticFreeShippingFields} } }`,
    { id },
  );
  return data.automaticDiscountNode ? automaticFreeShippingFrom(data.automaticDiscountNode) : null;
}

// Free shipping combines with product and order discounts (a loyalty code still works with it).
const FREE_SHIPPING_COMBINES_WITH = { orderDiscounts: true, productDiscounts: true, shippingDiscounts: false };

/** Creates an automatic free-shipping discount for everyone to these countries from this subtotal. Returns its GID. */
export async function createAutomaticFreeShipping(admin: AdminClient, input: AutomaticFreeShippingInput, startsAt: Date): Promise<string> {
  const data = await run<{ discountAutomaticFreeShippingCreate: { automaticDiscountNode: { id: string } | null; userErrors: UserError[] } }>(
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
  assertNoUserErrors("discountAutomaticFreeShippingCreate", data.discountAutomaticFreeShippingCreate.userErrors);
  return data.discountAutomaticFreeShippingCreate.automaticDiscountNode!.id;
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
  previousCountries: string[],
): Promise<void> {
  const remove = previousCountries.filter((country) => !input.countries.includes(country));
  const data = await run<{ discountAutomaticFreeShippingUpdate: { automaticDiscountNode: { id: string } | null; userErrors: UserError[] } }>(
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
  assertNoUserErrors("discountAutomaticFreeShippingUpdate", data.discountAutomaticFreeShippingUpdate.userErrors);
}

/** Deletes an automatic discount; false when it did not exist (already deleted). */
export async function deleteAutomaticDiscount(admin: AdminClient, id: string): Promise<boolean> {
  const data = await run<{ discountAutomaticDelete: { deletedAutomaticDiscountId: string | null; userErrors: UserError[] } }>(
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
  if (payload.deletedAutomaticDiscountId) return true;
  if (payload.userErrors.length > 0 && payload.userErrors.every((error) => /does not exist|not found/i.test(error.message))) return false;
  assertNoUserErrors("discountAutomaticDelete", payload.userErrors);
  return false;
}

export interface ThemeFiles {
  themeName: string;
  /** Text content by filename; a file the theme does not have is absent. */
  files: Record<string, string>;
}

/** The live (MAIN) theme's text files among `filenames`, or null when the shop has no live theme. */
export async function fetchMainThemeFiles(admin: AdminClient, filenames: readonly string[]): Promise<ThemeFiles | null> {
  const data = await run<{
    themes: {
      nodes: {
        name: string;
        files: { nodes: { filename: string; body: { __typename: string; content?: string } }[] } | null;
      }[];
    };
  }>(
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
    { filenames },
  );
  const theme = data.themes.nodes[0];
  if (!theme) return null;
  const files: Record<string, string> = {};
  for (const file of theme.files?.nodes ?? []) if (typeof file.body.content === "string") files[file.filename] = file.body.content;
  return { themeName: theme.name, files };
}
