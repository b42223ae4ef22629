// Products, variants and customers.
import { fromCents, shopifyDecimal, toCents } from "../common";
import { numericId, type Customer, type Product, type Variant } from "../state";
import { amountSpent, customerOrderCount } from "../order-totals";
import { paginate, type ConnectionArgs } from "./connection";
import type { AdminContext, ResolverModule, Root, TypeResolvers } from "./context";
import { metafieldFields } from "./metafields";
import { findVariant, productMedia } from "./nodes";
import { filterByQuery, sorterFor } from "./search";

type SortedConnectionArgs = ConnectionArgs & { query?: string | null; sortKey: string };

const byId = (a: { id: string }, b: { id: string }) => numericId(a.id) - numericId(b.id);
const byText =
  <T>(read: (item: T) => string) =>
  (a: T, b: T) =>
    read(a).localeCompare(read(b));

function products(_root: Root, args: SortedConnectionArgs, ctx: AdminContext) {
  const matching = filterByQuery(
    ctx.shop.products,
    args.query,
    {
      id: (p) => numericId(p.id),
      title: (p) => p.title,
      handle: (p) => p.handle,
      vendor: (p) => p.vendor,
      sku: (p) => p.variants.flatMap((v) => (v.sku ? [v.sku] : [])),
    },
    (p) => [p.title, p.handle, p.vendor],
  );
  const sorters = { ID: byId, TITLE: byText<Product>((p) => p.title), VENDOR: byText<Product>((p) => p.vendor) };
  return paginate(matching.sort(sorterFor("ProductSortKeys", sorters, args.sortKey)), args, (p) => p.id);
}

function customers(_root: Root, args: SortedConnectionArgs, ctx: AdminContext) {
  const { shop } = ctx;
  const matching = filterByQuery(
    shop.customers,
    args.query,
    {
      id: (c) => numericId(c.id),
      email: (c) => c.email,
      first_name: (c) => c.firstName,
      last_name: (c) => c.lastName,
      customer_date: (c) => c.createdAt,
      created_at: (c) => c.createdAt,
      orders_count: (c) => customerOrderCount(shop, c.id),
      total_spent: (c) => Number(amountSpent(shop, c.id)),
      accepts_marketing: (c) => c.emailMarketingConsent === "SUBSCRIBED",
      email_marketing_state: (c) => c.emailMarketingConsent,
    },
    (c) => [c.email, c.firstName, c.lastName, `${c.firstName} ${c.lastName}`],
  );
  const sorters = {
    ID: byId,
    NAME: byText<Customer>((c) => `${c.firstName} ${c.lastName}`),
    CREATED_AT: byText<Customer>((c) => c.createdAt),
  };
  return paginate(matching.sort(sorterFor("CustomerSortKeys", sorters, args.sortKey)), args, (c) => c.id);
}

const ProductType: TypeResolvers<Product> = {
  description: (product: Product, { truncateAt }: { truncateAt?: number | null }) =>
    truncateAt != null && product.description.length > truncateAt ? `${product.description.slice(0, truncateAt)}…` : product.description,
  // Deprecated in favour of featuredMedia; kept so an app still selecting it works when the
  // simulator runs with allowDeprecated (by default the simulator refuses it).
  featuredImage: (product: Product) =>
    product.imageUrl
      ? {
          id: `gid://shopify/ProductImage/${numericId(product.id)}`,
          url: product.imageUrl,
          altText: product.title,
          width: 600,
          height: 600,
        }
      : null,
  // The product's image is a MediaImage kept in the shop's Files, as Shopify keeps product media.
  featuredMedia: (product: Product, _args: unknown, ctx: AdminContext) => productMedia(ctx.shop, product) ?? null,
  media: (product: Product, args: ConnectionArgs, ctx: AdminContext) => {
    const media = productMedia(ctx.shop, product);
    return paginate(media ? [media] : [], args, (file) => file.id);
  },
  variants: (product: Product, args: ConnectionArgs) => paginate(product.variants, args, (v) => v.id),
  ...metafieldFields<Product>((product) => product.id),
};

const ProductVariantType: TypeResolvers<Variant> = {
  price: (variant: Variant) => fromCents(toCents(variant.price)),
  sku: (variant: Variant) => variant.sku ?? null,
  product: (variant: Variant, _args: unknown, ctx: AdminContext) => findVariant(ctx.shop, variant.id)?.product,
  displayName: (variant: Variant, _args: unknown, ctx: AdminContext) =>
    `${findVariant(ctx.shop, variant.id)?.product.title ?? ""} - ${variant.title}`,
  ...metafieldFields<Variant>((variant) => variant.id),
};

const CustomerType: TypeResolvers<Customer> = {
  displayName: (c: Customer) => `${c.firstName} ${c.lastName}`.trim() || c.email,
  updatedAt: (c: Customer) => c.emailMarketingConsentUpdatedAt ?? c.createdAt,
  // Where Shopify keeps the email and its marketing consent now (Customer.email and
  // Customer.emailMarketingConsent are deprecated for it).
  defaultEmailAddress: (c: Customer) => ({
    emailAddress: c.email,
    marketingState: c.emailMarketingConsent,
    marketingUpdatedAt: c.emailMarketingConsentUpdatedAt ?? null,
  }),
  // UnsignedInt64 is serialized as a string by Shopify.
  numberOfOrders: (c: Customer, _args: unknown, ctx: AdminContext) => String(customerOrderCount(ctx.shop, c.id)),
  amountSpent: (c: Customer, _args: unknown, ctx: AdminContext) => ({
    amount: shopifyDecimal(amountSpent(ctx.shop, c.id)),
    currencyCode: ctx.shop.currencyCode,
  }),
  emailMarketingConsent: (c: Customer) => ({
    marketingState: c.emailMarketingConsent,
    consentUpdatedAt: c.emailMarketingConsentUpdatedAt ?? null,
  }),
  ...metafieldFields<Customer>((customer) => customer.id),
};

export const catalogResolvers: ResolverModule = {
  fields: {
    QueryRoot: {
      product: (_root: Root, { id }: { id: string }, ctx: AdminContext) => ctx.shop.products.find((p) => p.id === id) ?? null,
      products,
      customer: (_root: Root, { id }: { id: string }, ctx: AdminContext) => ctx.shop.customers.find((c) => c.id === id) ?? null,
      customers,
    },
    Product: ProductType,
    ProductVariant: ProductVariantType,
    Customer: CustomerType,
  },
};
