// The metafields a product's reviews are published through. Liquid renders the storefront's
// first view from them, so pages need no request to the app:
// - reviews.rating / reviews.rating_count: Shopify's standard definitions, which themes,
//   search and Google Shopping read;
// - $app:reviews.summary: the app's own JSON for the reviews block (summary + latest reviews).
import type { MetafieldInput } from "../shopify/admin.server";
import type { GalleryPhoto, ReviewSummary, ShopperReview } from "./shopper-view";
import { truncate } from "../lib/text";

export const LATEST_IN_SUMMARY = 10;
const TEXT_MAX_IN_SUMMARY = 1000;
/** Shopify's size limit for a json metafield value. */
export const SUMMARY_MAX_BYTES = 64 * 1024;

export function productReviewMetafields(
  productId: string,
  summary: ReviewSummary,
  latest: ShopperReview[],
  gallery: GalleryPhoto[] = [],
): MetafieldInput[] {
  const metafields: MetafieldInput[] = [];
  // A rating must lie within its scale, so a product without reviews gets no rating at all.
  if (summary.count > 0) {
    metafields.push({
      ownerId: productId,
      namespace: "reviews",
      key: "rating",
      type: "rating",
      value: JSON.stringify({ value: summary.average.toFixed(1), scale_min: "1.0", scale_max: "5.0" }),
    });
  }
  metafields.push(
    { ownerId: productId, namespace: "reviews", key: "rating_count", type: "number_integer", value: String(summary.count) },
    { ownerId: productId, namespace: "$app:reviews", key: "summary", type: "json", value: summaryJson(summary, latest, gallery) },
  );
  return metafields;
}

function summaryJson(summary: ReviewSummary, latest: ShopperReview[], gallery: GalleryPhoto[]): string {
  const reviews = latest.slice(0, LATEST_IN_SUMMARY).map((review) => ({
    ...review,
    body: truncate(review.body, TEXT_MAX_IN_SUMMARY),
    reply: review.reply === null ? null : truncate(review.reply, TEXT_MAX_IN_SUMMARY),
  }));
  const json = () =>
    JSON.stringify({ average: summary.average, count: summary.count, distribution: summary.distribution, latest: reviews, gallery });
  // Capped texts fit in ASCII; multi-byte text can still overflow, so drop the oldest until it fits.
  let value = json();
  while (Buffer.byteLength(value) > SUMMARY_MAX_BYTES && reviews.length > 0) {
    reviews.pop();
    value = json();
  }
  return value;
}
