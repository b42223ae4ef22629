// A published review as Shopify's standard product review metaobject, which Shopify shows
// beyond the shop's own theme (the Shop app) when the merchant syndicates reviews.
//
// What Shopify publishes, and where:
// - The definition: type `product_review`, enabled from Shopify's template with
//   standardMetaobjectDefinitionEnable (shopify.dev "Standard metaobject definitions"). Shopify
//   reserves it for apps in its "standard product review syndication program" (shopify.dev
//   "Standard product review metaobject definition"): access is requested per app in the Partner
//   Dashboard, beside the scopes; without it Shopify refuses, and the setting says so.
// - Its fields (same page, by name and type): Rating (rating, required), Title
//   (single_line_text_field), Body (multi_line_text_field), Submitted At (date_time, required),
//   Edited At, Published At (date_time), Source (single_line_text_field, required), Author
//   (customer_reference), Author display name (single_line_text_field), Order (order_reference),
//   Product (product_reference), Product Variant (variant_reference), Merchant Reply
//   (multi_line_text_field), Merchant Replied At (date_time), Media URLs (list.url), Language.
// - A rating value is JSON with `value`, `scale_min` and `scale_max` (shopify.dev metafield types,
//   and the Liquid `rating` object), as the product's reviews.rating metafield.
// - metaobjectUpsert creates or updates by (type, handle); metaobjectDelete takes the GID
//   (Admin API 2026-10 introspection, app/shopify/schema). Both need write_metaobjects, enabling
//   the definition write_metaobject_definitions (the introspection's required access).
// - metaobjectByHandle finds one by (type, handle), with read_metaobjects (granted by the write scope).
// Assumptions, where the docs are silent: the field keys are the names in snake_case (the docs
// list names only; public code reading these metaobjects uses the same keys); an empty value
// clears an optional field; `source` names where the review was collected; how Shopify refuses
// an app outside the programme (a userError or ACCESS_DENIED: either is shown to the merchant).
// Left out on purpose: the author and order references (personal data, and the erasure rules
// are simpler without them), the variant and the language (its type is not documented).
import type { Review, ReviewImportFormat, ReviewPhoto } from "@prisma/client";

export const PRODUCT_REVIEW_TYPE = "product_review";

/** Where reviews were collected: this app, or the app an import came from. */
const SOURCES: Record<ReviewImportFormat | "retention", string> = { retention: "Retention", judgeme: "Judge.me", okendo: "Okendo" };

export type SyndicatedReview = Pick<
  Review,
  "id" | "productId" | "rating" | "title" | "body" | "authorName" | "reply" | "repliedAt" | "createdAt" | "publishedAt" | "importedFrom"
> & { photos: Pick<ReviewPhoto, "url">[] };

/** One handle per review, so every retry or concurrent sync upserts the same metaobject. */
export function reviewMetaobjectHandle(reviewId: string): string {
  // Handles are lowercase letters, digits and hyphens; review ids are cuids (lowercase letters and digits).
  return `retention-review-${reviewId.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
}

const dateTime = (date: Date | null) => (date ? date.toISOString() : "");

/** Every field the app writes, in a fixed order (the digest depends on it). */
export function reviewMetaobjectFields(review: SyndicatedReview): { key: string; value: string }[] {
  return [
    { key: "rating", value: JSON.stringify({ value: review.rating.toFixed(1), scale_min: "1.0", scale_max: "5.0" }) },
    { key: "title", value: review.title.replace(/\s+/g, " ").trim() },
    { key: "body", value: review.body },
    { key: "submitted_at", value: dateTime(review.createdAt) },
    { key: "published_at", value: dateTime(review.publishedAt) },
    { key: "source", value: SOURCES[review.importedFrom ?? "retention"] },
    { key: "author_display_name", value: review.authorName },
    { key: "product", value: review.productId },
    { key: "merchant_reply", value: review.reply ?? "" },
    { key: "merchant_replied_at", value: dateTime(review.reply === null ? null : review.repliedAt) },
    { key: "media_urls", value: review.photos.length > 0 ? JSON.stringify(review.photos.map((photo) => photo.url)) : "" },
  ];
}
