// Keeps a product's review metafields in step with its published reviews. Every change that
// affects what shoppers see enqueues a sync in the same transaction; the sync recomputes
// everything from the database, so running it twice is harmless.
import type { Db } from "../db.server";
import { enqueue } from "../jobs/queue.server";
import type { JobHandlers } from "../jobs/worker.server";
import { deleteMetafields, setMetafields } from "../shopify/admin.server";
import { LATEST_IN_SUMMARY, productReviewMetafields } from "./metafield-sync";
import { productPhotoGallery, productReviewSummary, publishedReviewsPage } from "./storefront-reviews.server";

export const SYNC_PRODUCT_JOB = "reviews.sync_product";

// No dedupe key: a job deduplicated against one that already ran would miss this change.
export async function enqueueProductSync(db: Pick<Db, "job" | "$queryRaw">, shop: string, productId: string): Promise<void> {
  await enqueue(db, { shop, type: SYNC_PRODUCT_JOB, payload: { productId } });
}

export const reviewJobHandlers = {
  async [SYNC_PRODUCT_JOB]({ db, shop, payload, admin }) {
    const { productId } = payload;
    const summary = await productReviewSummary(db, shop, productId);
    const latest = await publishedReviewsPage(db, shop, productId, { sort: "newest", pageSize: LATEST_IN_SUMMARY });
    const gallery = await productPhotoGallery(db, shop, productId);
    const client = await admin();
    await setMetafields(client, productReviewMetafields(productId, summary, latest.reviews, gallery));
    // A rating cannot be written as "none": once nothing is published, the old one is removed.
    if (summary.count === 0) await deleteMetafields(client, [{ ownerId: productId, namespace: "reviews", key: "rating" }]);
  },
} satisfies JobHandlers;
