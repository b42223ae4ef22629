// Keeps a product's review metafields (and, when the merchant syndicates reviews, its product
// review metaobjects) in step with its published reviews. Every change that affects what
// shoppers see enqueues a sync in the same transaction; the sync recomputes everything from the
// database, so running it twice is harmless, and the product's lease makes syncs of one product
// take turns (./product-sync-lease.server.ts).
import type { Db } from "../db.server";
import { enqueue, enqueueAll, type EnqueueInput } from "../jobs/queue.server";
import type { JobHandlers } from "../jobs/worker.server";
import { deleteMetafields, setMetafields } from "../shopify/admin.server";
import { LATEST_IN_SUMMARY, productReviewMetafields } from "./metafield-sync";
import { withProductSyncLease } from "./product-sync-lease.server";
import { METAOBJECT_SWEEP_JOB, SYNDICATED, syncReviewMetaobjects } from "./review-metaobjects.server";
import { loadReviewSettings } from "./review-settings.server";
import { productPhotoGallery, productReviewSummary, publishedReviewsPage } from "./storefront-reviews.server";

export const SYNC_PRODUCT_JOB = "reviews.sync_product";

/** Products one sweep job enqueues syncs for, in one transaction, before handing over to the next. */
export const SWEEP_PRODUCTS_PER_JOB = 200;

// No dedupe key: a job deduplicated against one that already ran would miss this change.
export async function enqueueProductSync(db: Pick<Db, "job" | "$queryRaw">, shop: string, productId: string): Promise<void> {
  await enqueue(db, { shop, type: SYNC_PRODUCT_JOB, payload: { productId } });
}

export const reviewJobHandlers = {
  async [SYNC_PRODUCT_JOB]({ db, shop, payload, admin, now, signal }) {
    const { productId } = payload;
    const enqueueRerun = (tx: Pick<Db, "job" | "$queryRaw">) => enqueueProductSync(tx, shop, productId);
    await withProductSyncLease({ db, shop, productId, now, enqueueRerun }, async () => {
      const summary = await productReviewSummary(db, shop, productId);
      const latest = await publishedReviewsPage(db, shop, productId, { sort: "newest", pageSize: LATEST_IN_SUMMARY });
      const gallery = await productPhotoGallery(db, shop, productId);
      const client = await admin();
      await setMetafields(client, productReviewMetafields(productId, summary, latest.reviews, gallery));
      // A rating cannot be written as "none": once nothing is published, the old one is removed.
      if (summary.count === 0) await deleteMetafields(client, [{ ownerId: productId, namespace: "reviews", key: "rating" }]);
      const { syndicateToMetaobject } = await loadReviewSettings(db, shop);
      const { done } = await syncReviewMetaobjects(db, client, shop, productId, { enabled: syndicateToMetaobject, signal });
      return { rerun: !done };
    });
  },

  // One page of products per job: a shop with 10,000 products gets 50 small jobs, each one short
  // transaction, rather than one job (or one transaction) enqueueing every product.
  async [METAOBJECT_SWEEP_JOB]({ db, shop, payload }) {
    const { sweepId, afterProductId } = payload;
    const products = await db.review.groupBy({
      by: ["productId"],
      where: {
        shop,
        ...(afterProductId === null ? {} : { productId: { gt: afterProductId } }),
        OR: [SYNDICATED, { metaobjectHandle: { not: null } }],
      },
      orderBy: { productId: "asc" },
      take: SWEEP_PRODUCTS_PER_JOB,
    });
    await db.$transaction(async (tx) => {
      await enqueueAll(
        tx,
        products.map(({ productId }): EnqueueInput => ({ shop, type: SYNC_PRODUCT_JOB, payload: { productId } })),
      );
      if (products.length === SWEEP_PRODUCTS_PER_JOB) {
        const next = products[products.length - 1]!.productId;
        await enqueue(tx, {
          shop,
          type: METAOBJECT_SWEEP_JOB,
          payload: { sweepId, afterProductId: next },
          dedupeKey: `${METAOBJECT_SWEEP_JOB}:${sweepId}:${next}`,
        });
      }
    });
  },
} satisfies JobHandlers;
