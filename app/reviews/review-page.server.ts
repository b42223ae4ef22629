// The review page behind a review-request link: which of the order's products are still to
// review (a product the buyer reviewed, from this order or any other, is not offered again),
// and taking the reviews of one submission through submitReview, one per product.
import type { Db } from "../db.server";
import { orderLines } from "../orders/order-lines";
import { AdminApiError, type AdminClient } from "../shopify/admin.server";
import { storeReviewPhotos } from "./photos.server";
import { shopHasProduct } from "./product-exists.server";
import type { ReviewLinkClaims } from "./review-links";
import { LANDING_TEXT, type LandingLocale } from "./review-landing-text";
import { FORM_FIELDS, reviewField, type FieldErrors, type ReviewEntry } from "./review-page-form";
import { submitReview } from "./submit-review.server";

export interface ReviewPageProduct {
  id: string; // Product GID
  /** Its place in the link's list: the index of its fields in the form. */
  index: number;
  title: string;
  imageUrl: string | null;
  /** The buyer's rating, once they reviewed it. */
  rating: number | null;
}

export interface ReviewPageState {
  /** Null when the order is not recorded (the link still proves the purchase). */
  order: { name: string; customerFirstName: string; customerLocale: string | null } | null;
  /** Still to review, in the link's order. */
  open: ReviewPageProduct[];
  reviewed: ReviewPageProduct[];
}

/** The link's products, split into still to review and already reviewed by this buyer. */
export async function loadReviewPage(
  db: Db,
  claims: ReviewLinkClaims,
  images: (productIds: string[]) => Promise<Map<string, string>>,
): Promise<ReviewPageState> {
  const { shop, orderId, productIds } = claims;
  const order = await db.order.findFirst({ where: { id: orderId, shop } });
  const lines = order ? orderLines(order) : [];
  // The buyer as submitReview knows them: the order, its customer, its address.
  const buyer = [
    { orderId },
    ...(order?.customerId ? [{ customerId: order.customerId }] : []),
    ...(order?.email ? [{ authorEmail: order.email.toLowerCase() }] : []),
  ];
  const reviews = await db.review.findMany({
    where: { shop, productId: { in: productIds }, OR: buyer },
    select: { productId: true, rating: true },
  });
  const ratings = new Map(reviews.map((review) => [review.productId, review.rating]));
  const imageUrls = await images(productIds);
  const products = productIds.map((id, index) => ({
    id,
    index,
    title: lines.find((line) => line.productId === id)?.title ?? "",
    imageUrl: imageUrls.get(id) ?? null,
    rating: ratings.get(id) ?? null,
  }));
  return {
    order: order ? { name: order.name, customerFirstName: order.customerFirstName ?? "", customerLocale: order.customerLocale } : null,
    open: products.filter((product) => product.rating === null),
    reviewed: products.filter((product) => product.rating !== null),
  };
}

export interface SubmittedReview {
  productId: string;
  rating: number;
  title: string;
  status: "published" | "pending";
  photoCount: number;
}

export interface ReviewPageContext {
  claims: ReviewLinkClaims;
  locale: LandingLocale;
  /** hashIp() of the request's IP. */
  ipHash: string;
  now: Date;
  admin(): Promise<AdminClient>;
}

/** The submission's field names, as submitReview reports them, in the page's form. */
const FIELD_OF: Record<string, Parameters<typeof reviewField>[1] | typeof FORM_FIELDS.authorName> = {
  rating: "rating",
  title: "title",
  body: "body",
  authorName: FORM_FIELDS.authorName,
};

/**
 * Submits each review. Each stands alone: one refused (its text already sent, Shopify down while
 * storing its photos) leaves the others submitted, and its message is returned by field.
 */
export async function submitReviewPage(
  db: Db,
  submission: { entries: ReviewEntry[]; authorName: string; honeypot: string },
  context: ReviewPageContext,
): Promise<{ submitted: SubmittedReview[]; errors: FieldErrors }> {
  const { claims, locale } = context;
  const t = LANDING_TEXT[locale];
  const submitted: SubmittedReview[] = [];
  const errors: FieldErrors = {};
  const add = (field: string, message: string) => (errors[field] ??= []).push(message);
  for (const entry of submission.entries) {
    const field = (name: Parameters<typeof reviewField>[1]) => reviewField(entry.index, name);
    try {
      const result = await submitReview(
        db,
        {
          rating: entry.rating,
          title: entry.title,
          body: entry.body,
          authorName: submission.authorName,
          locale,
          productId: entry.productId,
          honeypot: submission.honeypot,
        },
        {
          shop: claims.shop,
          via: { kind: "review_link", claims },
          ipHash: context.ipHash,
          now: context.now,
          productExists: (productId) => shopHasProduct(claims.shop, productId, context.admin),
          storePhotos: entry.photos.length
            ? async (authorName) =>
                storeReviewPhotos(
                  await context.admin(),
                  await Promise.all(
                    entry.photos.map(async (file) => ({ filename: file.name, bytes: new Uint8Array(await file.arrayBuffer()) })),
                  ),
                  authorName,
                )
            : undefined,
        },
      );
      if (result.ok) {
        // A bot that filled the honeypot is thanked like anyone else; nothing was stored.
        const status = result.review?.status === "published" ? "published" : "pending";
        submitted.push({ productId: entry.productId, rating: entry.rating, title: entry.title, status, photoCount: entry.photos.length });
        continue;
      }
      switch (result.code) {
        case "already_reviewed":
          // Sent from another tab meanwhile: the page lists it as reviewed.
          break;
        case "duplicate_content":
          add(field("body"), t.errors.duplicate);
          break;
        case "invalid": {
          const name = FIELD_OF[result.field?.split(".")[0] ?? ""];
          add(name === FORM_FIELDS.authorName ? name : name ? field(name) : "", result.message);
          break;
        }
        default:
          add("", t.errors.productGone);
      }
    } catch (error) {
      if (error instanceof AdminApiError && (error.kind === "unreachable" || error.kind === "throttled")) {
        add(field("photos"), t.errors.shopifyDown);
        continue;
      }
      throw error;
    }
  }
  return { submitted, errors };
}
