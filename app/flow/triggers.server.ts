// Shopify Flow triggers: what happens in the reviews and the loyalty programme, handed to the
// merchant's workflows (each trigger is an extension, extensions/flow-<handle>/). Every event
// enqueues a flow.trigger job in the transaction that makes its change, with a dedupe key naming
// the event: the change and its trigger commit together, and a webhook, job or request retried
// after the change finds nothing left to do, so each event reaches Flow once. The job
// (./jobs.server.ts) sends it with flowTriggerReceive.
//
// Payloads follow Shopify's Flow trigger reference: a reference field is sent under its fixed key
// (customer_id, product_id, the resource's numeric ID, as in Shopify's example payload) and every
// other field under its TOML key. A reference the event does not have (an anonymous review's
// customer) is left out; we assume Flow accepts a payload without one of the trigger's fields, as
// its docs describe for fields a workflow may find missing.
import type { LoyaltyEntry, LoyaltyMember, LoyaltyReward } from "@prisma/client";
import type { Db } from "../db.server";
import { enqueue } from "../jobs/queue.server";
import { truncate } from "../lib/text";
import { raisesFollowUpTask } from "../reviews/moderation";
import type { FlowTriggerPayload } from "./trigger-payload";

export const FLOW_TRIGGER_JOB = "flow.trigger";

/** What enqueues a trigger: the caller's transaction (or the client, outside one). */
type JobWriter = Pick<Db, "job" | "$queryRaw">;

/** Text fields are single_line_text_field: kept to a line's worth, as a workflow shows them. */
const TEXT_MAX = 255;
const text = (value: string) => truncate(value.replace(/\s+/g, " ").trim(), TEXT_MAX);

/** The resource's numeric ID from its GID, as Flow's reference fields take it; null when there is none. */
function legacyId(gid: string | null): number | null {
  const id = Number(gid?.split("/").pop());
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

function customerReference(customerId: string | null): FlowTriggerPayload {
  const id = legacyId(customerId);
  return id === null ? {} : { customer_id: id };
}

async function sendTrigger(tx: JobWriter, shop: string, handle: string, event: string, payload: FlowTriggerPayload): Promise<void> {
  await enqueue(tx, { shop, type: FLOW_TRIGGER_JOB, payload: { handle, payload }, dedupeKey: `flow:${handle}:${event}` });
}

// ── Reviews ────────────────────────────────────────────────────────────────────────────────

export interface ReviewFacts {
  id: string;
  productId: string;
  customerId: string | null;
  rating: number;
  title: string;
  authorName: string;
  verified: boolean;
}

/** The review's payload; null without a product to reference (the triggers are about one). */
function reviewPayload(review: ReviewFacts): FlowTriggerPayload | null {
  const productId = legacyId(review.productId);
  if (productId === null) return null;
  return {
    product_id: productId,
    ...customerReference(review.customerId),
    Rating: review.rating,
    "Review title": text(review.title),
    "Author name": text(review.authorName),
    "Verified buyer": review.verified,
  };
}

/**
 * A review was written: "Review submitted", and "Low rating received" for a rating that raises a
 * follow-up task (LOW_RATING_MAX stars or fewer, app/reviews/moderation.ts).
 */
export async function triggerReviewSubmitted(
  tx: JobWriter,
  shop: string,
  review: ReviewFacts & { status: "published" | "pending" | "rejected" },
): Promise<void> {
  const payload = reviewPayload(review);
  if (!payload) return;
  await sendTrigger(tx, shop, "review-submitted", review.id, { ...payload, Published: review.status === "published" });
  if (raisesFollowUpTask(review.rating)) await sendTrigger(tx, shop, "low-rating-received", review.id, payload);
}

/**
 * A review went live, as its transaction just recorded (publishedAt set): "Review published".
 * A review published again after a rejection is a new event, told apart by its publishedAt.
 */
export async function triggerReviewPublished(tx: JobWriter & Pick<Db, "review">, shop: string, reviewId: string): Promise<void> {
  const review = await tx.review.findFirst({
    where: { id: reviewId, shop, status: "published" },
    select: { id: true, productId: true, customerId: true, rating: true, title: true, authorName: true, verified: true, publishedAt: true },
  });
  const payload = review?.publishedAt ? reviewPayload(review) : null;
  if (!review?.publishedAt || !payload) return;
  await sendTrigger(tx, shop, "review-published", `${review.id}:${review.publishedAt.getTime()}`, payload);
}

// ── Loyalty ────────────────────────────────────────────────────────────────────────────────

/**
 * Points the customer earned, as the ledger posts them: "earn" entries (sign-up, reviews,
 * birthdays, referrals, orders without a returns window) and "pending" ones (orders, spendable
 * after the returns window; their later release is not a second earning). Adjustments, by hand or
 * by a Flow action, are the merchant's own doing and are left out, so a workflow that awards
 * points on this trigger cannot trigger itself. Members known only by email (guest checkouts)
 * have no customer to reference and send nothing. Each entry's idempotency key names its event.
 */
export async function triggerPointsEarned(tx: JobWriter, member: LoyaltyMember, posted: LoyaltyEntry[]): Promise<void> {
  const customer = customerReference(member.customerId);
  if (!customer.customer_id) return;
  const balance = member.balance + posted.filter((entry) => entry.bucket === "balance").reduce((sum, entry) => sum + entry.points, 0);
  for (const entry of posted) {
    if (entry.points <= 0 || (entry.kind !== "earn" && entry.kind !== "pending")) continue;
    await sendTrigger(tx, member.shop, "points-earned", entry.idempotencyKey, {
      ...customer,
      Points: entry.points,
      Reason: text(entry.note),
      Pending: entry.bucket === "pending",
      "Points balance": balance,
    });
  }
}

/** The member moved from one tier to another (either may be none, ""), as the caller just recorded it at `now`. */
export async function triggerTierChanged(
  tx: JobWriter,
  member: Pick<LoyaltyMember, "id" | "shop" | "customerId">,
  tiers: { previous: string; next: string },
  now: Date,
): Promise<void> {
  const customer = customerReference(member.customerId);
  if (!customer.customer_id) return;
  await sendTrigger(tx, member.shop, "tier-changed", `${member.id}:${now.getTime()}:${tiers.previous}>${tiers.next}`, {
    ...customer,
    "Previous tier": text(tiers.previous),
    "New tier": text(tiers.next),
  });
}

/** The member spent points on a reward (`balance`: what they hold after it), in the redemption's transaction. */
export async function triggerRewardRedeemed(
  tx: JobWriter,
  member: Pick<LoyaltyMember, "shop" | "customerId">,
  redemption: { id: string; points: number },
  reward: Pick<LoyaltyReward, "name">,
  balance: number,
): Promise<void> {
  const customer = customerReference(member.customerId);
  if (!customer.customer_id) return;
  await sendTrigger(tx, member.shop, "reward-redeemed", redemption.id, {
    ...customer,
    Reward: text(reward.name),
    "Points spent": redemption.points,
    "Points balance": balance,
  });
}
