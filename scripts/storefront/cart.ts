// The storefront cart: kept in a cookie (the preview has no server-side sessions), exposed in
// Shopify's Ajax API shape (/cart.js) and as the Liquid `cart` object.
import { createHash, randomUUID } from "node:crypto";
import { numericId, type Product, type ShopState, type Variant } from "../simulator/state.ts";
import { presentmentCents, type Presentment, type UrlContext } from "./objects.ts";

export interface CartLine {
  variantId: number;
  quantity: number;
  properties: Record<string, string>;
}

export interface Cart {
  token: string;
  note: string;
  lines: CartLine[];
}

export class CartError extends Error {
  constructor(
    readonly status: number,
    readonly description: string,
  ) {
    super(description);
  }

  /** The body Shopify's Ajax API answers with when a cart request fails. */
  toJSON() {
    return { status: this.status, message: "Cart Error", description: this.description };
  }
}

export const CART_COOKIE = "cart";

export function emptyCart(): Cart {
  return { token: randomUUID().replaceAll("-", ""), note: "", lines: [] };
}

export function encodeCart(cart: Cart): string {
  return Buffer.from(JSON.stringify(cart)).toString("base64url");
}

/** A cookie the visitor can edit is untrusted input: anything malformed starts a fresh cart. */
export function decodeCart(cookie: string | undefined): Cart {
  if (!cookie) return emptyCart();
  try {
    const parsed = JSON.parse(Buffer.from(cookie, "base64url").toString("utf8")) as Partial<Cart>;
    const lines = Array.isArray(parsed.lines) ? parsed.lines : [];
    return {
      token: typeof parsed.token === "string" ? parsed.token : emptyCart().token,
      note: typeof parsed.note === "string" ? parsed.note : "",
      lines: lines.filter(
        (line): line is CartLine =>
          Number.isInteger(line?.variantId) &&
          Number.isInteger(line?.quantity) &&
          line.quantity > 0 &&
          typeof line.properties === "object" &&
          line.properties !== null,
      ),
    };
  } catch {
    return emptyCart();
  }
}

interface VariantMatch {
  product: Product;
  variant: Variant;
}

function findVariant(shop: ShopState, variantId: number): VariantMatch | undefined {
  for (const product of shop.products) {
    const variant = product.variants.find((v) => numericId(v.id) === variantId);
    if (variant) return { product, variant };
  }
  return undefined;
}

/** Shopify's line key: the variant id plus a hash of the line's properties. */
function lineKey(line: CartLine): string {
  const hash = createHash("md5").update(JSON.stringify(line.properties)).digest("hex");
  return `${line.variantId}:${hash}`;
}

function toQuantity(value: unknown, fallback: number): number {
  if (value === undefined || value === null || value === "") return fallback;
  const quantity = Number(value);
  if (!Number.isInteger(quantity) || quantity < 0) throw new CartError(422, "Quantity must be a whole number of 0 or more");
  return quantity;
}

function toProperties(value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value)) throw new CartError(422, "properties must be an object");
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, String(item)]));
}

export interface AddItem {
  id: unknown;
  quantity?: unknown;
  properties?: unknown;
}

/** /cart/add.js: merges with an existing line of the same variant and properties. Returns the touched lines. */
export function addItems(shop: ShopState, cart: Cart, items: AddItem[]): CartLine[] {
  if (items.length === 0) throw new CartError(422, "No items to add");
  const touched: CartLine[] = [];
  for (const item of items) {
    const variantId = Number(item.id);
    if (!findVariant(shop, variantId)) throw new CartError(404, "Cannot find variant");
    const quantity = toQuantity(item.quantity, 1);
    const candidate: CartLine = { variantId, quantity, properties: toProperties(item.properties) };
    const existing = cart.lines.find((line) => lineKey(line) === lineKey(candidate));
    if (existing) existing.quantity += quantity;
    else if (quantity > 0) cart.lines.push(candidate);
    touched.push(existing ?? candidate);
  }
  return touched;
}

/** /cart/change.js: `line` (1-based) or `id` (line key or variant id) with a new quantity; 0 removes. */
export function changeLine(cart: Cart, change: { id?: unknown; line?: unknown; quantity?: unknown }): void {
  let index = -1;
  if (change.line !== undefined && change.line !== null && change.line !== "") {
    index = Number(change.line) - 1;
  } else if (change.id !== undefined && change.id !== null) {
    const id = String(change.id);
    index = cart.lines.findIndex((line) => lineKey(line) === id || String(line.variantId) === id);
  }
  if (!Number.isInteger(index) || index < 0 || index >= cart.lines.length) {
    throw new CartError(400, "no valid id or line parameter");
  }
  const quantity = toQuantity(change.quantity, cart.lines[index].quantity);
  if (quantity === 0) cart.lines.splice(index, 1);
  else cart.lines[index].quantity = quantity;
}

/**
 * /cart/update.js: `updates` as {key or variant id: quantity} or a list of quantities by line
 * (0 removes); an id not in the cart is added, as on Shopify.
 */
export function updateCart(shop: ShopState, cart: Cart, updates: unknown): void {
  if (Array.isArray(updates)) {
    const quantities = updates.map((value) => toQuantity(value, 0));
    if (quantities.length > cart.lines.length) throw new CartError(422, "More updates than cart lines");
    const kept = cart.lines.map((line, index) => ({ line, quantity: quantities[index] ?? line.quantity }));
    cart.lines = kept.filter((entry) => entry.quantity > 0).map(({ line, quantity }) => ({ ...line, quantity }));
    return;
  }
  if (!updates || typeof updates !== "object") throw new CartError(422, "updates must be an object or a list");
  for (const [id, value] of Object.entries(updates)) {
    const quantity = toQuantity(value, 0);
    const index = cart.lines.findIndex((line) => lineKey(line) === id || String(line.variantId) === id);
    if (index >= 0) {
      if (quantity === 0) cart.lines.splice(index, 1);
      else cart.lines[index].quantity = quantity;
    } else if (quantity > 0) {
      addItems(shop, cart, [{ id, quantity }]);
    }
  }
}

export function clearCart(cart: Cart): void {
  cart.lines = [];
  cart.note = "";
}

/** Lines resolved against the catalog; lines whose variant was deleted drop out, as on Shopify. */
function resolvedLines(shop: ShopState, cart: Cart) {
  return cart.lines.flatMap((line) => {
    const match = findVariant(shop, line.variantId);
    return match ? [{ line, ...match }] : [];
  });
}

/** Shopify's /cart.js line item, prices in presentment cents. */
function lineItemJson(presentment: Presentment, urls: UrlContext, match: VariantMatch, line: CartLine) {
  const price = presentmentCents(presentment, match.variant.price);
  const url = `${urls.localeRoot}/products/${match.product.handle}?variant=${line.variantId}`;
  const defaultVariant = match.product.variants.length === 1 && match.variant.title === "Default Title";
  return {
    id: line.variantId,
    key: lineKey(line),
    properties: line.properties,
    quantity: line.quantity,
    variant_id: line.variantId,
    product_id: numericId(match.product.id),
    title: defaultVariant ? match.product.title : `${match.product.title} - ${match.variant.title}`,
    product_title: match.product.title,
    variant_title: defaultVariant ? null : match.variant.title,
    product_has_only_default_variant: defaultVariant,
    vendor: match.product.vendor,
    sku: match.variant.sku ?? null,
    handle: match.product.handle,
    url,
    image: match.product.imageUrl ?? null,
    featured_image: match.product.imageUrl ? { url: match.product.imageUrl, alt: match.product.title } : null,
    price,
    original_price: price,
    discounted_price: price,
    final_price: price,
    line_price: price * line.quantity,
    original_line_price: price * line.quantity,
    final_line_price: price * line.quantity,
    total_discount: 0,
    discounts: [],
    requires_shipping: true,
    gift_card: false,
    taxable: true,
  };
}

export type CartLineJson = ReturnType<typeof lineItemJson>;

export function lineJson(shop: ShopState, presentment: Presentment, urls: UrlContext, line: CartLine): CartLineJson {
  const match = findVariant(shop, line.variantId);
  if (!match) throw new CartError(404, "Cannot find variant");
  return lineItemJson(presentment, urls, match, line);
}

/** GET /cart.js; the same data backs the Liquid `cart` object. */
export function cartJson(shop: ShopState, presentment: Presentment, urls: UrlContext, cart: Cart) {
  const items = resolvedLines(shop, cart).map(({ line, product, variant }) => lineItemJson(presentment, urls, { product, variant }, line));
  const total = items.reduce((sum, item) => sum + item.final_line_price, 0);
  return {
    token: cart.token,
    note: cart.note,
    attributes: {},
    original_total_price: total,
    total_price: total,
    total_discount: 0,
    total_weight: 0,
    item_count: items.reduce((sum, item) => sum + item.quantity, 0),
    items,
    requires_shipping: items.length > 0,
    currency: presentment.currency,
    items_subtotal_price: total,
    cart_level_discount_applications: [],
  };
}
