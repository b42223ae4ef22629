// A shopper submits a review: from a review-request link, logged in on the storefront, or
// anonymously when the merchant allows it. Validates, decides whether the purchase is
// verified, checks the product and duplicates, uploads the photos only then, and stores the
// review with its follow-up task and storefront sync in one transaction. One review per product
// and verified buyer is the database's to keep (Review.buyerKey, see buyer-key.ts): submissions
// that race past the checks here lose at the insert. Request rate limits are the route's
// (app/security/rate-limit.server.ts).
import type { Review } from "@prisma/client";
import { z } from "zod";
import { isUniqueViolation, type Db } from "../db.server";
import { planOrderEmails } from "../emails/outbox.server";
import { storedText } from "../lib/forms";
import { orderLines } from "../orders/order-lines";
import { buyerKey } from "./buyer-key";
import { moderationDecision, raisesFollowUpTask } from "./moderation";
import type { StoredPhoto } from "./photos.server";
import { ProductIdField } from "./product-id";
import type { ReviewLinkClaims } from "./review-links";
import { loadReviewSettings } from "./review-settings.server";
import { contentHash, countLinks, honeypotFilled, REVIEW_LIMITS as LIMITS } from "./spam";
import { triggerReviewSubmitted } from "../flow/triggers.server";
import { reviewPublished } from "./published.server";
import { enqueueProductSync } from "./sync-product.server";
import { truncate } from "../lib/text";

const RATING_MESSAGE = "Choose a rating from 1 to 5 stars.";
const NO_LINKS = (text: string) => countLinks(text) === 0;
// Forms send "" for a field left empty.
const emptyAsMissing = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

export const ReviewSubmission = z.object({
  // Forms send numbers as text.
  rating: z.coerce.number({ invalid_type_error: RATING_MESSAGE }).int(RATING_MESSAGE).min(1, RATING_MESSAGE).max(5, RATING_MESSAGE),
  title: storedText(
    z
      .string({ invalid_type_error: "The title must be text." })
      .trim()
      .max(LIMITS.titleMax, `Keep the title to ${LIMITS.titleMax} characters or fewer.`)
      .refine(NO_LINKS, "Links are not allowed in the title."),
  ).default(""),
  body: storedText(
    z
      .string({ required_error: "Write your review.", invalid_type_error: "The review must be text." })
      .trim()
      .min(LIMITS.bodyMin, `Write at least ${LIMITS.bodyMin} characters.`)
      .max(LIMITS.bodyMax, `Keep the review to ${LIMITS.bodyMax} characters or fewer.`)
      .refine((body) => countLinks(body) <= LIMITS.bodyLinksMax, `A review can contain at most ${LIMITS.bodyLinksMax} link.`),
  ),
  authorName: storedText(
    z
      .string({ required_error: "Enter your name.", invalid_type_error: "The name must be text." })
      .trim()
      .min(LIMITS.authorNameMin, "Enter your name.")
      .max(LIMITS.authorNameMax, `Keep the name to ${LIMITS.authorNameMax} characters or fewer.`)
      .refine(NO_LINKS, "Links are not allowed in the name."),
  ),
  authorEmail: storedText(
    z.preprocess(emptyAsMissing, z.string().trim().toLowerCase().email("Enter a valid email address, or leave it empty.").optional()),
  ),
  locale: z.preprocess(
    emptyAsMissing,
    z
      .string()
      .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "The locale must look like en or pt-BR.")
      .default("en"),
  ),
  // The number (the theme block's form) or the GID; stored as the GID.
  productId: ProductIdField,
  honeypot: z.string().optional(),
});
export type ReviewSubmission = z.infer<typeof ReviewSubmission>;

/** Who is writing: the route establishes this (token verified, customer logged in) before calling. */
export type Reviewer = { kind: "review_link"; claims: ReviewLinkClaims } | { kind: "customer"; customerId: string } | { kind: "anonymous" };

export interface SubmissionContext {
  shop: string;
  via: Reviewer;
  /** hashIp() of the request's IP. */
  ipHash: string;
  now: Date;
  /**
   * Whether the shop has the product (app/reviews/product-exists.server.ts). Asked only when no
   * order proves it: a review link's products and a verified customer's paid order do.
   */
  productExists(productId: string): Promise<boolean>;
  /** Uploads the review's photos; called only once the review has passed every check. */
  storePhotos?(authorName: string): Promise<StoredPhoto[]>;
}

export type SubmitErrorCode =
  "invalid" | "anonymous_not_allowed" | "product_not_in_order" | "product_not_found" | "already_reviewed" | "duplicate_content";

export type SubmittedReview = Pick<Review, "id" | "productId" | "rating" | "status" | "verified">;

export type SubmitResult =
  /** review is null when the honeypot was filled: answer exactly as for an accepted review; nothing was stored. */
  { ok: true; review: SubmittedReview | null } | { ok: false; code: SubmitErrorCode; message: string; field?: string };

// Paid orders, wholly or partly kept by the customer.
const PAID_STATUSES = ["paid", "partially_refunded"];

interface Author {
  verified: boolean;
  verifiedBy: "review_link" | "customer_order" | null;
  orderId: string | null;
  customerId: string | null;
  /** The address the review is stored with: a review link's order's, else what the shopper typed. */
  authorEmail: string | null;
  source: "request_email" | "storefront";
}

type Refusal = Extract<SubmitResult, { ok: false }>;

function refuse(code: SubmitErrorCode, message: string, field?: string): Refusal {
  return field ? { ok: false, code, message, field } : { ok: false, code, message };
}

const alreadyReviewed = () => refuse("already_reviewed", "You have already reviewed this product.");

/** The insert lost to another review with the same buyerKey (Review's only other unique key is its generated id). */
const buyerAlreadyReviewed = (error: unknown) =>
  isUniqueViolation(error) && (error as { meta?: { modelName?: string } }).meta?.modelName === "Review";

export async function submitReview(db: Db, input: unknown, context: SubmissionContext): Promise<SubmitResult> {
  // Before validation: a bot must not learn from error messages which fields it got wrong.
  if (honeypotFilled((input as { honeypot?: unknown } | null | undefined)?.honeypot)) return { ok: true, review: null };

  const parsed = ReviewSubmission.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return refuse("invalid", issue.message, issue.path.join(".") || undefined);
  }
  const submission = parsed.data;
  const { shop, now } = context;
  const settings = await loadReviewSettings(db, shop);

  const author = await identifyAuthor(db, shop, submission, context.via, settings.allowAnonymous);
  if ("ok" in author) return author;
  if (!author.verified && !(await context.productExists(submission.productId))) {
    return refuse("product_not_found", "This product is not in the shop.", "productId");
  }

  const hash = contentHash(submission.body);
  // The friendly answer in the usual case; two submissions racing both pass it, and the insert decides.
  const duplicate = await findDuplicate(db, shop, submission, author, hash);
  if (duplicate) return duplicate;

  const photos = context.storePhotos ? await context.storePhotos(submission.authorName) : [];
  const status = moderationDecision(settings, {
    rating: submission.rating,
    verified: author.verified,
    anonymous: context.via.kind === "anonymous",
  });
  const write = db.$transaction(async (tx) => {
    const review = await tx.review.create({
      data: {
        shop,
        productId: submission.productId,
        orderId: author.orderId,
        customerId: author.customerId,
        rating: submission.rating,
        title: submission.title,
        body: submission.body,
        authorName: submission.authorName,
        authorEmail: author.authorEmail,
        locale: submission.locale,
        verified: author.verified,
        verifiedBy: author.verifiedBy,
        status,
        source: author.source,
        ipHash: context.ipHash,
        contentHash: hash,
        createdAt: now,
        publishedAt: status === "published" ? now : null,
        photoCount: photos.length,
        photos: { create: photos.map((photo, position) => ({ ...photo, position })) },
        buyerKey: buyerKey({ verified: author.verified, customerId: author.customerId, authorEmail: author.authorEmail }),
      },
      select: { id: true, productId: true, rating: true, status: true, verified: true },
    });
    if (raisesFollowUpTask(submission.rating)) {
      await tx.merchantTask.create({
        data: { shop, kind: "low_rating", subjectId: review.id, summary: lowRatingSummary(submission) },
      });
    }
    await triggerReviewSubmitted(tx, shop, {
      ...review,
      customerId: author.customerId,
      title: submission.title,
      authorName: submission.authorName,
    });
    if (status === "published") {
      await enqueueProductSync(tx, shop, submission.productId);
      await reviewPublished(tx, shop, { id: review.id, customerId: author.customerId, orderId: author.orderId });
    }
    return review;
  });
  let review: Awaited<typeof write>;
  try {
    review = await write;
  } catch (error) {
    // The whole transaction is rolled back, the photo rows with it: nothing of this submission remains.
    if (buyerAlreadyReviewed(error)) return alreadyReviewed();
    throw error;
  }
  // The order's review emails are planned again now, not when they fall due: once every product is
  // reviewed, a scheduled reminder shows as skipped on the send log at once.
  if (author.orderId) await planOrderEmails(db, shop, author.orderId, now);
  return { ok: true, review };
}

async function identifyAuthor(
  db: Db,
  shop: string,
  submission: ReviewSubmission,
  via: Reviewer,
  allowAnonymous: boolean,
): Promise<Author | Refusal> {
  const { productId } = submission;
  const typedEmail = submission.authorEmail ?? null;
  switch (via.kind) {
    case "review_link": {
      if (via.claims.shop !== shop) throw new Error("submitReview: review link claims are for another shop");
      if (!via.claims.productIds.includes(productId)) {
        return refuse("product_not_in_order", "This review link is not for this product.", "productId");
      }
      // The order is usually recorded. Its customer, else its address (where the link was sent), is
      // the buyer: the review's buyerKey comes from them, so a guest cannot get round "one review
      // per product" by typing another address into each of several submissions.
      const order = await db.order.findFirst({ where: { id: via.claims.orderId, shop }, select: { customerId: true, email: true } });
      return {
        verified: true,
        verifiedBy: "review_link",
        orderId: via.claims.orderId,
        customerId: order?.customerId ?? null,
        authorEmail: order?.email?.toLowerCase() || typedEmail,
        source: "request_email",
      };
    }
    case "customer": {
      const orderId = await paidOrderWithProduct(db, shop, via.customerId, productId);
      return {
        verified: orderId !== null,
        verifiedBy: orderId ? "customer_order" : null,
        orderId,
        customerId: via.customerId,
        authorEmail: typedEmail,
        source: "storefront",
      };
    }
    case "anonymous":
      if (!allowAnonymous) return refuse("anonymous_not_allowed", "Please log in to your account to write a review.");
      return { verified: false, verifiedBy: null, orderId: null, customerId: null, authorEmail: typedEmail, source: "storefront" };
  }
}

/** The customer's latest paid, not cancelled order containing the product. */
async function paidOrderWithProduct(db: Db, shop: string, customerId: string, productId: string): Promise<string | null> {
  const orders = await db.order.findMany({
    where: {
      shop,
      customerId,
      cancelledAt: null,
      financialStatus: { in: PAID_STATUSES },
    },
    orderBy: { processedAt: "desc" },
    select: { id: true, lineItems: true },
  });
  const match = orders.find((order) => orderLines(order).some((line) => line.productId === productId));
  return match?.id ?? null;
}

async function findDuplicate(db: Db, shop: string, submission: ReviewSubmission, author: Author, hash: string): Promise<Refusal | null> {
  const { productId } = submission;
  const sameAuthor = [
    ...(author.customerId ? [{ customerId: author.customerId }] : []),
    ...(author.authorEmail ? [{ authorEmail: author.authorEmail }] : []),
    ...(author.orderId ? [{ orderId: author.orderId }] : []),
  ];
  if (sameAuthor.length > 0 && (await db.review.findFirst({ where: { shop, productId, OR: sameAuthor }, select: { id: true } })))
    return alreadyReviewed();
  if (await db.review.findFirst({ where: { shop, productId, contentHash: hash }, select: { id: true } })) {
    return refuse("duplicate_content", "This review has already been submitted.", "body");
  }
  return null;
}

function lowRatingSummary(review: ReviewSubmission): string {
  return `${review.rating}-star review from ${review.authorName}: “${truncate(review.title || review.body, 80)}”`;
}
