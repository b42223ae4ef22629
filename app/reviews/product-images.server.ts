// Product images for the review request email and the review page. Order webhooks carry no
// images, so each product's featured image is asked of Shopify when one of them is shown. The
// image only decorates: when Shopify cannot be asked, both go without it rather than not at all.
import { log } from "../lib/log.server";
import { productImages, type AdminClient } from "../shopify/admin.server";

/** Each product's image URL by Product GID; empty when Shopify could not be asked. */
export async function reviewProductImages(
  shop: string,
  admin: () => Promise<AdminClient>,
  productIds: string[],
  signal?: AbortSignal,
): Promise<Map<string, string>> {
  try {
    return await productImages(await admin(), productIds);
  } catch (error) {
    // A cancelled job stops here as anywhere else.
    signal?.throwIfAborted();
    log.warn({ shop, err: error }, "product images unavailable; showing products without them");
    return new Map();
  }
}
