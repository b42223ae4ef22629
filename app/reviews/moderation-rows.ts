// The moderation list's rows as the admin shows them, pure: stars, a short excerpt, who wrote it
// and how they are known, and the date on the shop's clock. Only what the page needs reaches
// the browser (no buyer email or order).
import { truncate } from "../lib/text";
import type { AdminReview } from "./moderate.server";

/** The list shows at most this many characters of a review, the ellipsis included. */
const EXCERPT_LENGTH = 160;

// A type, not an interface: Polaris' useIndexResourceState wants rows with an index signature.
export type ModerationRow = {
  id: string;
  rating: number;
  title: string;
  excerpt: string;
  reply: string | null;
  authorName: string;
  /** The product's title, or its number when the app knows no title for it. */
  product: string;
  verified: boolean;
  /** The badge beside an unverified author: where the review came from. */
  origin: "Verified" | "Imported" | "Unverified";
  photos: { id: string; url: string; alt: string }[];
  date: string;
};

/** "★★★★☆" for 4. */
export const stars = (rating: number) => "★".repeat(rating) + "☆".repeat(5 - rating);

/** "gid://shopify/Product/42" → "Product 42". */
const productNumber = (gid: string) => `Product ${gid.slice(gid.lastIndexOf("/") + 1)}`;

export function moderationRow(
  review: AdminReview,
  formatDate: (date: Date) => string,
  productTitles: ReadonlyMap<string, string>,
): ModerationRow {
  return {
    id: review.id,
    rating: review.rating,
    title: review.title,
    excerpt: truncate(review.body, EXCERPT_LENGTH),
    reply: review.reply,
    authorName: review.authorName,
    product: productTitles.get(review.productId) ?? productNumber(review.productId),
    verified: review.verified,
    origin: review.verified ? "Verified" : review.source === "import" ? "Imported" : "Unverified",
    photos: review.photos.map((photo) => ({ id: photo.id, url: photo.url, alt: photo.altText || `Photo by ${review.authorName}` })),
    date: formatDate(review.createdAt),
  };
}
