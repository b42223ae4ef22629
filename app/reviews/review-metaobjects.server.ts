// Syndication of published reviews to Shopify's standard product review metaobjects (see
// ./review-metaobjects.ts for Shopify's definition). Part of each product's review sync
// (./sync-product.server.ts), which holds the product's lease while it runs: one metaobject per
// published review, upserted under a handle derived from the review's id (a retried or repeated
// sync finds the same metaobject), deleted by its stored GID once the review is unpublished or
// its author's data erased, or the merchant turns syndication off.
import { randomUUID } from "node:crypto";
import type { Prisma } from "@prisma/client";
import type { Db } from "../db.server";
import { enqueue } from "../jobs/queue.server";
import { sha256 } from "../lib/hash.server";
import { deleteMetaobject, metaobjectIdByHandle, upsertMetaobject, type AdminClient } from "../shopify/admin.server";
import { PRODUCT_REVIEW_TYPE, reviewMetaobjectFields, reviewMetaobjectHandle } from "./review-metaobjects";

export const METAOBJECT_SWEEP_JOB = "reviews.metaobject_sweep";

/** Admin API writes one sync makes at most; a product with more to do gets another sync after it. */
export const METAOBJECT_WRITES_PER_SYNC = 50;
/** Reviews read at a time while looking for work: a product's thousands of reviews are never all in memory. */
const REVIEWS_PER_READ = 500;

const COLUMNS = {
  id: true,
  productId: true,
  rating: true,
  title: true,
  body: true,
  authorName: true,
  reply: true,
  repliedAt: true,
  createdAt: true,
  publishedAt: true,
  importedFrom: true,
  status: true,
  erasedAt: true,
  metaobjectHandle: true,
  metaobjectId: true,
  metaobjectDigest: true,
  photos: { select: { url: true }, orderBy: { position: "asc" } },
} satisfies Prisma.ReviewSelect;

/** Published reviews whose author's data was not erased: what is syndicated while the merchant has it on. */
export const SYNDICATED: Prisma.ReviewWhereInput = { status: "published", erasedAt: null };

const digestOf = (fields: { key: string; value: string }[]) => sha256(JSON.stringify(fields)).slice(0, 32);

/**
 * Makes the product's metaobjects match its reviews: upserts those of syndicated reviews whose
 * values changed (or that have none yet) and deletes the others'. Returns done: false when it
 * stopped at METAOBJECT_WRITES_PER_SYNC with work left. Shopify's refusals and throttling throw
 * (AdminApiError): the job retries, and what was written before stays recorded.
 */
export async function syncReviewMetaobjects(
  db: Db,
  admin: AdminClient,
  shop: string,
  productId: string,
  { enabled, signal }: { enabled: boolean; signal?: AbortSignal },
): Promise<{ done: boolean }> {
  // Reviews that may have a metaobject, and while syndication is on, those that should have one.
  const where: Prisma.ReviewWhereInput = {
    shop,
    productId,
    OR: [{ metaobjectHandle: { not: null } }, ...(enabled ? [SYNDICATED] : [])],
  };
  const record = (id: string, data: Prisma.ReviewUpdateManyMutationInput) => {
    signal?.throwIfAborted();
    return db.review.updateMany({ where: { id, shop }, data });
  };
  let writes = 0;
  let after: string | undefined;
  for (;;) {
    const reviews = await db.review.findMany({
      where: after === undefined ? where : { AND: [where, { id: { gt: after } }] },
      select: COLUMNS,
      orderBy: { id: "asc" },
      take: REVIEWS_PER_READ,
    });
    for (const review of reviews) {
      if (writes === METAOBJECT_WRITES_PER_SYNC) return { done: false };
      const handle = reviewMetaobjectHandle(review.id);
      if (enabled && review.status === "published" && review.erasedAt === null) {
        const fields = reviewMetaobjectFields(review);
        const digest = digestOf(fields);
        if (review.metaobjectId !== null && review.metaobjectDigest === digest) continue;
        // Recorded first: should the worker die after Shopify created it, the handle still leads to it.
        if (review.metaobjectHandle === null) await record(review.id, { metaobjectHandle: handle });
        const metaobjectId = await upsertMetaobject(admin, { type: PRODUCT_REVIEW_TYPE, handle, fields });
        await record(review.id, { metaobjectId, metaobjectDigest: digest });
      } else {
        const metaobjectId = review.metaobjectId ?? (await metaobjectIdByHandle(admin, PRODUCT_REVIEW_TYPE, handle));
        if (metaobjectId !== null) await deleteMetaobject(admin, metaobjectId);
        await record(review.id, { metaobjectHandle: null, metaobjectId: null, metaobjectDigest: null });
      }
      writes += 1;
    }
    if (reviews.length < REVIEWS_PER_READ) return { done: true };
    after = reviews[reviews.length - 1]!.id;
  }
}

/**
 * Queues a sync of every product that has published reviews or metaobjects, when the merchant
 * turns syndication on (the backfill) or off (the removal): `sweepId` names this sweep, so a
 * sweep job that runs twice hands over to its next page once.
 */
export async function enqueueMetaobjectSweep(db: Pick<Db, "job" | "$queryRaw">, shop: string): Promise<void> {
  await enqueue(db, { shop, type: METAOBJECT_SWEEP_JOB, payload: { sweepId: randomUUID(), afterProductId: null } });
}
