// Whether a product a shopper reviews from the storefront is in the shop. The form posts any
// product_id it is given; an order proves the products it contains (submitReview asks only when
// none does), anything else is asked of Shopify once and remembered per shop and product, so the
// storefront stays fast and a product that does not exist is refused before anything is stored.
import { productExists, type AdminClient } from "../shopify/admin.server";

// A product found stays found for an hour (a deleted product's reviews are harmless; it only
// spares Shopify). One not found is asked again after a minute: it may have just been created.
export const FOUND_FOR_MS = 60 * 60 * 1000;
export const MISSING_FOR_MS = 60 * 1000;
// Bounds the memory one process spends: the oldest entries go first.
const MAX_ENTRIES = 10_000;

const remembered = new Map<string, { exists: boolean; until: number }>();

/** `productId` is a Product GID. Throws AdminApiError when Shopify cannot answer. */
export async function shopHasProduct(
  shop: string,
  productId: string,
  admin: () => Promise<AdminClient>,
  now: () => number = Date.now,
): Promise<boolean> {
  const key = `${shop} ${productId}`;
  const known = remembered.get(key);
  if (known && known.until > now()) return known.exists;
  const exists = await productExists(await admin(), productId);
  remembered.delete(key);
  if (remembered.size >= MAX_ENTRIES) remembered.delete(remembered.keys().next().value!);
  remembered.set(key, { exists, until: now() + (exists ? FOUND_FOR_MS : MISSING_FOR_MS) });
  return exists;
}
