// "Helpful" votes on published reviews, one per shopper and review. The shopper is the
// logged-in customer the app proxy signs, else a guest known by a keyed hash of their IP address
// and user agent (see voterKey). A vote is a ReviewVote row (primary key: review and voter) and
// Review.helpfulCount moves in the same transaction only when a row was really added or removed,
// so repeated and concurrent votes by one shopper count once. Request rate limits are the route's.
import { z } from "zod";
import type { Db } from "../db.server";
import { isUniqueViolation } from "../db.server";
import { hmacSha256 } from "../lib/hash.server";
import { ProductIdField } from "./product-id";

/** POST /apps/retention/reviews/helpful: the review, and whether the shopper finds it helpful (a form sends text). */
export const HelpfulVoteForm = z.object({
  review_id: z
    .string({ required_error: "Say which review the vote is for." })
    .trim()
    .min(1, "Say which review the vote is for.")
    .max(64, "That is not a review id."),
  helpful: z.enum(["true", "false"], { message: "helpful must be true or false." }).transform((value) => value === "true"),
});

/** GET /apps/retention/reviews/shopper: the product and the reviews on the shopper's screen (comma-separated ids). */
export const SHOPPER_STATE_IDS_MAX = 60;
export const ShopperStateQuery = z.object({
  product_id: ProductIdField,
  ids: z
    .string()
    .default("")
    .transform((value) => [...new Set(value.split(",").filter(Boolean))])
    .refine(
      (ids) => ids.length <= SHOPPER_STATE_IDS_MAX && ids.every((id) => id.length <= 64),
      `Ask for at most ${SHOPPER_STATE_IDS_MAX} reviews at a time.`,
    ),
});

/** Who is voting: what the app proxy says about the request. */
export interface Voter {
  customerId: string | null;
  ip: string;
  userAgent: string;
}

/**
 * "customer:<GID>" for a logged-in customer. A guest is "guest:" and an HMAC of their IP and
 * user agent: a cookie cannot be used (Shopify's app proxy strips cookies), and an id the
 * widget kept in localStorage would be minted afresh by any script, one per vote. The hash
 * ties a guest's vote to their connection and browser without storing either; two guests
 * behind one address with the same browser share a vote, which undercounts rather than inflates.
 */
export function voterKey(voter: Voter, secret: string): string {
  if (voter.customerId) return `customer:${voter.customerId}`;
  const ip = voter.ip
    .trim()
    .toLowerCase()
    .replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, "");
  return `guest:${hmacSha256(secret, `review-vote\n${ip}\n${voter.userAgent.trim()}`, "hex")}`;
}

export type VoteResult = { ok: true; helpful: boolean; helpfulCount: number } | { ok: false; reason: "not_found" };

/**
 * Sets the shopper's vote on a review to `helpful` (true: found it helpful; false: withdrawn).
 * Idempotent: setting what is already set changes nothing. Only published reviews of `shop`.
 */
export async function setHelpfulVote(db: Db, shop: string, reviewId: string, voter: string, helpful: boolean): Promise<VoteResult> {
  const review = await db.review.findFirst({ where: { id: reviewId, shop, status: "published" }, select: { id: true } });
  if (!review) return { ok: false, reason: "not_found" };
  if (helpful) {
    try {
      // The insert decides: a second vote by the same shopper (however concurrent) fails on the
      // primary key, and the whole batch, the increment with it, is rolled back.
      await db.$transaction([
        db.reviewVote.create({ data: { reviewId, shop, voter } }),
        db.review.update({ where: { id: reviewId }, data: { helpfulCount: { increment: 1 } } }),
      ]);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  } else {
    await db.$transaction(async (tx) => {
      // A concurrent withdrawal waits for this row's lock, then deletes nothing and counts nothing.
      const { count } = await tx.reviewVote.deleteMany({ where: { reviewId, shop, voter } });
      if (count > 0) await tx.review.update({ where: { id: reviewId }, data: { helpfulCount: { decrement: count } } });
    });
  }
  const { helpfulCount } = await db.review.findUniqueOrThrow({ where: { id: reviewId }, select: { helpfulCount: true } });
  return { ok: true, helpful, helpfulCount };
}

/** Of `reviewIds` (published reviews of the shop), the current helpful counts and which the voter found helpful. */
export async function helpfulState(
  db: Db,
  shop: string,
  reviewIds: string[],
  voter: string,
): Promise<{ counts: Record<string, number>; voted: string[] }> {
  if (reviewIds.length === 0) return { counts: {}, voted: [] };
  const [reviews, votes] = await Promise.all([
    db.review.findMany({ where: { shop, id: { in: reviewIds }, status: "published" }, select: { id: true, helpfulCount: true } }),
    db.reviewVote.findMany({ where: { shop, voter, reviewId: { in: reviewIds } }, select: { reviewId: true } }),
  ]);
  return {
    counts: Object.fromEntries(reviews.map((review) => [review.id, review.helpfulCount])),
    voted: votes.map((vote) => vote.reviewId),
  };
}
