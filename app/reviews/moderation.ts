// Whether a new review goes live at once or waits for the merchant. Only the merchant's
// auto-publish rules decide: a low rating is held exactly when any other rating would be,
// and is never hidden for being low. Low ratings additionally raise a follow-up task, so
// the merchant can reach out to an unhappy customer.
import type { ReviewSettings } from "@prisma/client";

export type AutoPublishRules = Pick<ReviewSettings, "autoPublish" | "autoPublishMinRating" | "autoPublishVerifiedOnly">;

export type NewReviewStatus = "published" | "pending";

export function moderationDecision(
  rules: AutoPublishRules,
  review: { rating: number; verified: boolean; anonymous: boolean },
): NewReviewStatus {
  // Nobody stands behind an anonymous review, so the merchant always reads it first.
  if (review.anonymous || !rules.autoPublish) return "pending";
  if (review.rating < rules.autoPublishMinRating) return "pending";
  if (rules.autoPublishVerifiedOnly && !review.verified) return "pending";
  return "published";
}

/** Ratings at or below this raise a low_rating task for the merchant and Shopify Flow's "Low rating received" trigger. */
export const LOW_RATING_MAX = 2;

export function raisesFollowUpTask(rating: number): boolean {
  return rating <= LOW_RATING_MAX;
}
