// Published reviews as shoppers see them: a product's rating summary and pages of reviews
// for the storefront's "more reviews" requests (the first view comes from metafields).
import type { Prisma } from "@prisma/client";
import type { Db } from "../db.server";
import { summarizeRatings, toShopperReview, type ReviewSummary, type ShopperReview } from "./shopper-view";

export type ShopperSort = "newest" | "highest" | "lowest" | "photos";

export const SHOPPER_PAGE_SIZE_MAX = 20;

export interface ShopperReviewsPage {
  reviews: ShopperReview[];
  page: number;
  pageSize: number;
  /** Whether a next page exists: one row past the page says so, where counting 100k rows per request would not be cheap. */
  hasMore: boolean;
}

// Only what a shopper may see: selecting columns (not omitting them) keeps new private ones out.
const SHOPPER_COLUMNS = {
  id: true,
  rating: true,
  title: true,
  body: true,
  authorName: true,
  verified: true,
  createdAt: true,
  reply: true,
  photoCount: true,
} satisfies Prisma.ReviewSelect;

const NEWEST_FIRST = [{ createdAt: "desc" }, { id: "desc" }] satisfies Prisma.ReviewOrderByWithRelationInput[];

const ORDER: Record<ShopperSort, Prisma.ReviewOrderByWithRelationInput[]> = {
  newest: NEWEST_FIRST,
  highest: [{ rating: "desc" }, ...NEWEST_FIRST],
  lowest: [{ rating: "asc" }, ...NEWEST_FIRST],
  photos: [{ photoCount: "desc" }, ...NEWEST_FIRST],
};

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
  const where: Prisma.ReviewWhereInput = { shop, productId, status: "published", ...(options.rating ? { rating: options.rating } : {}) };
  const rows = await db.review.findMany({ where, orderBy: ORDER[options.sort], skip: (page - 1) * pageSize, take: pageSize + 1, select: SHOPPER_COLUMNS });
  const pageRows = rows.slice(0, pageSize);
  // Most reviews have no photos: a second query only when some on the page do.
  const withPhotos = pageRows.filter((row) => row.photoCount > 0).map((row) => row.id);
  const photos = withPhotos.length
    ? await db.reviewPhoto.findMany({ where: { reviewId: { in: withPhotos } }, orderBy: { position: "asc" }, select: { reviewId: true, url: true, altText: true } })
    : [];
  const reviews = pageRows.map((row) => toShopperReview({ ...row, photos: photos.filter((photo) => photo.reviewId === row.id) }));
  return { reviews, page, pageSize, hasMore: rows.length > pageSize };
}
