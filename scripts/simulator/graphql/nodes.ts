// Global-ID lookup shared by `node(id)`, metafield owners and abstract-type resolution.
import { gidType, shopGid } from "../common";
import { numericId, type Discount, type LineItem, type Order, type Product, type ShopState, type StoredFile, type Variant } from "../state";
import type { AdminContext, ResolverModule, Root } from "./context";

/** What a LineItem resolves from: the state line plus the order it belongs to (for currencies). */
export type LineItemSource = LineItem & { order: Order };
/** DiscountNode shares its number with the code/automatic node but is a different GraphQL type. */
export interface DiscountNodeSource {
  __typename: "DiscountNode";
  id: string;
  discount: Discount;
}
export interface DomainSource {
  id: string;
  host: string;
  url: string;
  sslEnabled: boolean;
}

export function findVariant(shop: ShopState, id: string): { product: Product; variant: Variant } | undefined {
  for (const product of shop.products) {
    const variant = product.variants.find((candidate) => candidate.id === id);
    if (variant) return { product, variant };
  }
  return undefined;
}

/** The product's featured media: a MediaImage in the shop's Files, as Shopify keeps product images. */
export function productMedia(shop: ShopState, product: Product): StoredFile | undefined {
  return product.imageMediaId ? shop.files.find((file) => file.id === product.imageMediaId) : undefined;
}

export function discountNodeSource(discount: Discount): DiscountNodeSource {
  return { __typename: "DiscountNode", id: `gid://shopify/DiscountNode/${numericId(discount.id)}`, discount };
}

export function domainSource(shop: ShopState): DomainSource {
  const url = new URL(shop.primaryDomainUrl ?? `https://${shop.domain}`);
  return { id: `gid://shopify/Domain/${numericId(shopGid(shop))}`, host: url.host, url: url.origin, sslEnabled: url.protocol === "https:" };
}

/** Discounts are addressed as DiscountCodeNode/N, DiscountAutomaticNode/N or DiscountNode/N alike. */
export function findDiscount(shop: ShopState, id: string): Discount | undefined {
  const type = gidType(id);
  if (type !== "DiscountCodeNode" && type !== "DiscountAutomaticNode" && type !== "DiscountNode") return undefined;
  const wanted = numericId(id);
  return shop.discounts.find((discount) => numericId(discount.id) === wanted && (type === "DiscountNode" || gidType(discount.id) === type));
}

export function findNode(ctx: AdminContext, id: string): unknown {
  const { shop } = ctx;
  switch (gidType(id)) {
    case "Shop":
      return id === shopGid(shop) ? shop : null;
    case "Domain":
      return id === domainSource(shop).id ? domainSource(shop) : null;
    case "Product":
      return shop.products.find((product) => product.id === id) ?? null;
    case "ProductVariant":
      return findVariant(shop, id)?.variant ?? null;
    case "Customer":
      return shop.customers.find((customer) => customer.id === id) ?? null;
    case "Order":
      return shop.orders.find((order) => order.id === id) ?? null;
    case "LineItem":
      for (const order of shop.orders) {
        const item = order.lineItems.find((line) => line.id === id);
        if (item) return { ...item, order } satisfies LineItemSource;
      }
      return null;
    case "Metafield":
      return shop.metafields.find((metafield) => metafield.id === id) ?? null;
    case "MediaImage":
    case "GenericFile":
      return shop.files.find((file) => file.id === id) ?? null;
    case "Metaobject":
      return shop.metaobjects?.find((metaobject) => metaobject.id === id) ?? null;
    case "MetaobjectDefinition":
      return shop.metaobjectDefinitions?.find((definition) => definition.id === id) ?? null;
    case "OnlineStoreTheme":
      return shop.themes?.find((theme) => theme.id === id) ?? null;
    case "DiscountCodeNode":
    case "DiscountAutomaticNode":
      return findDiscount(shop, id) ?? null;
    case "DiscountNode": {
      const discount = findDiscount(shop, id);
      return discount ? discountNodeSource(discount) : null;
    }
    default:
      return null;
  }
}

/** The concrete type of anything `findNode` returns: views say so, state objects by their GID. */
export function typeOfNode(value: unknown): string {
  const record = value as { __typename?: unknown; id?: unknown; accessToken?: unknown };
  if (typeof record.__typename === "string") return record.__typename;
  if (typeof record.accessToken === "string") return "Shop";
  const type = typeof record.id === "string" ? gidType(record.id) : null;
  if (!type) throw new Error("Cannot tell the GraphQL type of a node without a Shopify GID");
  return type;
}

export const nodeResolvers: ResolverModule = {
  fields: {
    QueryRoot: {
      node: (_root: Root, { id }: { id: string }, ctx) => findNode(ctx, id),
      nodes: (_root: Root, { ids }: { ids: string[] }, ctx) => ids.map((id) => findNode(ctx, id)),
    },
  },
  abstractTypes: { Node: typeOfNode, HasMetafields: typeOfNode, File: typeOfNode, Media: typeOfNode },
};
