// Published reviews as shoppers see them: a product's rating summary and pages of reviews
// for the storefront's "more reviews" requests (the first view comes from metafields).
import { Prisma } from "@prisma/client";
import type { Db } from "../db.server";
import {
  summarizeRatings,
  toShopperReview,
  type GalleryPhoto,
  type ReviewSummary,
  type ShopperReview,
  type ShopperReviewRow,
} from "./shopper-view";

export const SHOPPER_SORTS = ["newest", "highest", "lowest", "photos", "helpful"] as const;
export type ShopperSort = (typeof SHOPPER_SORTS)[number];

export const SHOPPER_PAGE_SIZE_MAX = 20;

export interface ShopperReviewsPage {
  reviews: ShopperReview[];
  page: number;
  pageSize: number;
  /** Whether a next page exists: one row past the page says so, where counting 100k rows per request would not be cheap. */
  hasMore: boolean;
}

type PageRow = Omit<ShopperReviewRow, "photos"> & { photoCount: number };

// Only what a shopper may see: naming columns (not omitting them) keeps new private ones out.
const SHOPPER_COLUMNS = Prisma.sql`"id", "rating", "title", "body", "authorName", "verified", "createdAt", "reply", "helpfulCount", "photoCount"`;

const NEWEST_FIRST = Prisma.sql`"createdAt" DESC, "id" DESC`;

const ORDER: Record<ShopperSort, Prisma.Sql> = {
  newest: NEWEST_FIRST,
  highest: Prisma.sql`"rating" DESC, ${NEWEST_FIRST}`,
  lowest: Prisma.sql`"rating" ASC, ${NEWEST_FIRST}`,
  photos: Prisma.sql`"photoCount" DESC, ${NEWEST_FIRST}`,
  helpful: Prisma.sql`"helpfulCount" DESC, ${NEWEST_FIRST}`,
};

/** Photos in the block's gallery: enough for two rows of thumbnails on a wide page. */
export const GALLERY_SIZE = 12;

/** The newest published reviews' photos, for the gallery above the list (rendered from the summary metafield). */
export async function productPhotoGallery(db: Db, shop: string, productId: string, limit = GALLERY_SIZE): Promise<GalleryPhoto[]> {
  const photos = await db.reviewPhoto.findMany({
    where: { review: { shop, productId, status: "published" } },
    orderBy: [{ review: { createdAt: "desc" } }, { reviewId: "desc" }, { position: "asc" }],
    take: limit,
    select: { reviewId: true, url: true, altText: true, review: { select: { rating: true, authorName: true } } },
  });
  return photos.map((photo) => ({
    reviewId: photo.reviewId,
    url: photo.url,
    alt: photo.altText,
    rating: photo.review.rating,
    authorName: photo.review.authorName,
  }));
}

export async function productReviewSummary(db: Db, shop: string, productId: string): Promise<ReviewSummary> {
  const groups = await db.review.groupBy({
    by: ["rating"],
    where: { shop, productId, status: "published" },
    _count: { _all: true },
  });
  return summarizeRatings(groups.map((group) => ({ rating: group.rating, count: group._count._all })));
}

export async function publishedReviewsPage(
  db: Db,
  shop: string,
  productId: string,
  options: { sort: ShopperSort; rating?: number; page: number; pageSize: number },
): Promise<ShopperReviewsPage> {
  const pageSize = Math.min(Math.max(Math.trunc(options.pageSize) || 1, 1), SHOPPER_PAGE_SIZE_MAX);
  const page = Math.max(Math.trunc(options.page) || 1, 1);
  // The storefront's busiest request, so SQL rather than findMany: Prisma's query building
  // and result mapping cost more than the indexed read itself (see bench/proxy-throughput.ts).
  const rating = options.rating ? Prisma.sql`AND "rating" = ${options.rating}` : Prisma.empty;
  const rows = await db.$queryRaw<PageRow[]>`
    SELECT ${SHOPPER_COLUMNS} FROM "Review"
     WHERE "shop" = ${shop} AND "productId" = ${productId} AND "status" = 'published' ${rating}
     ORDER BY ${ORDER[options.sort]}
     LIMIT ${pageSize + 1} OFFSET ${(page - 1) * pageSize}`;
  const pageRows = rows.slice(0, pageSize);
  // Most reviews have no photos: a second query only when some on the page do.
  const withPhotos = pageRows.filter((row) => row.photoCount > 0).map((row) => row.id);
  const photos = withPhotos.length
    ? await db.reviewPhoto.findMany({
        where: { reviewId: { in: withPhotos } },
        orderBy: { position: "asc" },
        select: { reviewId: true, url: true, altText: true },
      })
    : [];
  const reviews = pageRows.map((row) => toShopperReview({ ...row, photos: photos.filter((photo) => photo.reviewId === row.id) }));
  return { reviews, page, pageSize, hasMore: rows.length > pageSize };
}
