// What shoppers may see of a product's reviews: the rating summary and the public fields
// of each review. Never the email, customer, order or IP hash. JSON-safe (dates as text),
// because it goes to the storefront both as JSON and inside metafields.
import { GALLERY_THUMBNAIL_SIZE, REVIEW_THUMBNAIL_SIZE, sizedPhoto, type SizedPhoto } from "./photo-urls";

export type Stars = 1 | 2 | 3 | 4 | 5;

export interface ReviewSummary {
  /** Mean of published ratings to one decimal; 0 when there are none. */
  average: number;
  count: number;
  distribution: Record<Stars, number>;
}

export interface ShopperReview {
  id: string;
  rating: number;
  title: string;
  body: string;
  authorName: string;
  verified: boolean;
  /** YYYY-MM-DD */
  createdAt: string;
  reply: string | null;
  /** Shoppers who found the review helpful. */
  helpfulCount: number;
  photos: SizedPhoto[];
}

/** A photo in the block's gallery of photo reviews, with the review it belongs to (for the lightbox's caption). */
export interface GalleryPhoto extends SizedPhoto {
  reviewId: string;
  rating: number;
  authorName: string;
}

/** The columns a ShopperReview is made from: its fields, with the creation time as ISO 8601 text in UTC. */
export type ShopperReviewRow = Omit<ShopperReview, "createdAt" | "photos"> & { createdAtIso: string };

/** A review photo as stored. */
export interface StoredPhoto {
  url: string;
  altText: string;
}

const STARS: Stars[] = [1, 2, 3, 4, 5];

export function summarizeRatings(counts: { rating: number; count: number }[]): ReviewSummary {
  const distribution: Record<Stars, number> = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };
  for (const { rating, count } of counts) {
    if (STARS.includes(rating as Stars)) distribution[rating as Stars] += count;
  }
  const count = STARS.reduce((sum, stars) => sum + distribution[stars], 0);
  const total = STARS.reduce((sum, stars) => sum + stars * distribution[stars], 0);
  // Integer arithmetic before the one division, so 4.45 rounds to 4.5 and not 4.4.
  const average = count === 0 ? 0 : Math.round((total * 10) / count) / 10;
  return { average, count, distribution };
}

// The row and its photos come apart: copying a row into a new object with its photos (a spread)
// made a storefront page's 20 reviews a measurable part of the request.
export function toShopperReview(row: ShopperReviewRow, photos: StoredPhoto[]): ShopperReview {
  return {
    id: row.id,
    rating: row.rating,
    title: row.title,
    body: row.body,
    authorName: row.authorName,
    verified: row.verified,
    createdAt: row.createdAtIso.slice(0, 10),
    reply: row.reply,
    helpfulCount: row.helpfulCount,
    photos: photos.map((photo) => sizedPhoto(photo.url, photo.altText, REVIEW_THUMBNAIL_SIZE)),
  };
}

export function toGalleryPhoto(photo: {
  reviewId: string;
  url: string;
  altText: string;
  review: { rating: number; authorName: string };
}): GalleryPhoto {
  return {
    reviewId: photo.reviewId,
    rating: photo.review.rating,
    authorName: photo.review.authorName,
    ...sizedPhoto(photo.url, photo.altText, GALLERY_THUMBNAIL_SIZE),
  };
}
