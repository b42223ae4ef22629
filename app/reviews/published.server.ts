// A review going live is news to other features (the loyalty programme awards points for it;
// Shopify Flow's "Review published" trigger tells the merchant's workflows). They hear it as a
// job, enqueued in the transaction that publishes the review, so the reviews code does not
// depend on theirs and a crash cannot lose the event.
import type { Db } from "../db.server";
import { triggerReviewPublished } from "../flow/triggers.server";
import { enqueue } from "../jobs/queue.server";

/** Handled in app/loyalty/jobs.server.ts. */
export const REVIEW_POINTS_JOB = "loyalty.review_points";

/** Reviews whose author we know (a customer account or an order) may earn; others have nobody to tell. */
export async function reviewPublished(
  tx: Pick<Db, "job" | "$queryRaw" | "review">,
  shop: string,
  review: { id: string; customerId: string | null; orderId: string | null },
): Promise<void> {
  await triggerReviewPublished(tx, shop, review.id);
  if (!review.customerId && !review.orderId) return;
  await enqueue(tx, { shop, type: REVIEW_POINTS_JOB, payload: { reviewId: review.id } });
}
