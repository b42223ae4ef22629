// Published reviews as shoppers see them: a product's rating summary and pages of reviews
// for the storefront's "more reviews" requests (the first view comes from metafields).
import { Prisma } from "@prisma/client";
import { dbProvider, readRows, type Db } from "../db.server";
import type { DbProvider } from "../db/provider";
import { encodeShopperCursor, type ShopperListScope, type ShopperPosition, type ShopperSort } from "./shopper-cursor";
import {
  summarizeRatings,
  toGalleryPhoto,
  toShopperReview,
  type GalleryPhoto,
  type ReviewSummary,
  type ShopperReview,
  type ShopperReviewRow,
} from "./shopper-view";

export const SHOPPER_PAGE_SIZE_MAX = 20;

export interface ShopperReviewsPage {
  reviews: ShopperReview[];
  /** Pass back as `cursor` for the next page; null on the last. One row past the page says whether there is one. */
  nextCursor: string | null;
}

type PageRow = ShopperReviewRow & { photoCount: number };

// Only what a shopper may see: naming columns (not omitting them) keeps new private ones out.
// The creation time comes as ISO 8601 text in UTC, as readRows wants it, not as a DateTime column.
// The alias is not "createdAt", as ORDER BY "createdAt" would then sort by the text expression
// instead of seeking the index.
const shopperColumns = (createdAtIso: Prisma.Sql) =>
  Prisma.sql`"id", "rating", "title", "body", "authorName", "verified", ${createdAtIso} AS "createdAtIso", "reply", "helpfulCount", "photoCount"`;
const SHOPPER_COLUMNS: Record<DbProvider, Prisma.Sql> = {
  // SQLite holds the adapter's own ISO text (`2030-01-02T23:59:00.000+00:00`, always UTC): the cast only drops the DATETIME type.
  sqlite: shopperColumns(Prisma.sql`CAST("createdAt" AS TEXT)`),
  // PostgreSQL's timestamp(3) holds UTC without a zone.
  postgresql: shopperColumns(Prisma.sql`to_char("createdAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`),
};

/** The column each sort orders by before newest first ("newest": none); each has an index on (shop, productId, status, column, createdAt, id). */
const SORT_KEY = {
  newest: null,
  highest: "rating",
  lowest: "rating",
  photos: "photoCount",
  helpful: "helpfulCount",
} as const satisfies Record<ShopperSort, keyof PageRow | null>;

/** Ratings in the order a rating sort lists them. */
const RATING_ORDER = { highest: [5, 4, 3, 2, 1], lowest: [1, 2, 3, 4, 5] } as const;

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
  return photos.map(toGalleryPhoto);
}

export async function productReviewSummary(db: Db, shop: string, productId: string): Promise<ReviewSummary> {
  const groups = await db.review.groupBy({
    by: ["rating"],
    where: { shop, productId, status: "published" },
    _count: { _all: true },
  });
  return summarizeRatings(groups.map((group) => ({ rating: group.rating, count: group._count._all })));
}

/**
 * A page of a product's published reviews after `after` (null: the first page). Every query is an
 * index seek to the cursor, so page 500 costs what page 1 does. The rating sorts run newest first
 * within each rating, one rating at a time (a seek per rating, at most five): the mixed order of
 * "lowest" (rating up, date down) is one no single index scan gives.
 */
export async function publishedReviewsPage(
  db: Db,
  shop: string,
  productId: string,
  options: ShopperListScope & { after?: ShopperPosition | null; pageSize: number },
): Promise<ShopperReviewsPage> {
  const pageSize = Math.min(Math.max(Math.trunc(options.pageSize) || 1, 1), SHOPPER_PAGE_SIZE_MAX);
  const { sort, rating } = options;
  const key = SORT_KEY[sort];
  const after = options.after ?? null;
  const columns = SHOPPER_COLUMNS[dbProvider(db)];
  // The storefront's busiest request, so SQL on the driver rather than findMany: Prisma's query
  // building and result mapping cost more than the indexed read itself (see readRows).
  const read = (where: Prisma.Sql, order: Prisma.Sql, take: number) =>
    readRows<PageRow>(
      db,
      Prisma.sql`
    SELECT ${columns} FROM "Review"
     WHERE "shop" = ${shop} AND "productId" = ${productId} AND "status" = 'published' ${where}
     ORDER BY ${order} "createdAt" DESC, "id" DESC
     LIMIT ${take}`,
    );
  const ratingFilter = rating ? Prisma.sql`AND "rating" = ${rating}` : Prisma.empty;
  let rows: PageRow[] = [];
  if (sort === "highest" || sort === "lowest") {
    const ratings = RATING_ORDER[sort].filter((stars) => (!rating || stars === rating) && (!after || isAtOrPast(sort, stars, after.key!)));
    for (const stars of ratings) {
      const within = after && stars === after.key ? olderThanCursor(after) : Prisma.empty;
      rows = rows.concat(await read(Prisma.sql`AND "rating" = ${stars} ${within}`, Prisma.empty, pageSize + 1 - rows.length));
      if (rows.length > pageSize) break;
    }
  } else {
    const order = key ? Prisma.sql`${Prisma.raw(`"${key}"`)} DESC,` : Prisma.empty;
    rows = await read(Prisma.sql`${ratingFilter} ${after ? pastCursor(key, after) : Prisma.empty}`, order, pageSize + 1);
  }
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
  const reviews = pageRows.map((row) =>
    toShopperReview(row, row.photoCount > 0 ? photos.filter((photo) => photo.reviewId === row.id) : []),
  );
  const last = pageRows.at(-1);
  return {
    reviews,
    nextCursor:
      rows.length > pageSize && last
        ? encodeShopperCursor(
            { sort, rating },
            { key: key ? Number(last[key]) : null, createdAt: new Date(last.createdAtIso), id: last.id },
          )
        : null,
  };
}

/** Whether the rating sort reaches `stars` at or after the cursor's rating. */
function isAtOrPast(sort: "highest" | "lowest", stars: number, cursorStars: number): boolean {
  return sort === "highest" ? stars <= cursorStars : stars >= cursorStars;
}

/** Reviews after the cursor in newest-first order: older, or as old with a smaller id. */
function olderThanCursor(after: ShopperPosition): Prisma.Sql {
  // The plain bound lets the database seek the index; the row value then settles ties on createdAt.
  return Prisma.sql`AND "createdAt" <= ${after.createdAt} AND ("createdAt", "id") < (${after.createdAt}, ${after.id})`;
}

/** Reviews after the cursor in (key DESC, newest first) order, for the single-direction sorts. */
function pastCursor(key: (typeof SORT_KEY)[ShopperSort], after: ShopperPosition): Prisma.Sql {
  if (key === null) return olderThanCursor(after);
  const column = Prisma.raw(`"${key}"`);
  return Prisma.sql`AND (${column}, "createdAt") <= (${after.key}, ${after.createdAt}) AND (${column}, "createdAt", "id") < (${after.key}, ${after.createdAt}, ${after.id})`;
}
