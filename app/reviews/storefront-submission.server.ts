// A review posted from the storefront (the reviews block's form or a review-request landing page,
// through the app proxy): the photos checked, the buyer established (a review link's token, else
// the logged-in customer), the review submitted, and the outcome as the storefront hears it
// (HTTP status and the form's own field names). The route authenticates, limits the rate, reads
// the form and answers. Also what the block offers a shopper before they write (writeAccess).
import type { Db } from "../db.server";
import { AdminApiError, type AdminClient } from "../shopify/admin.server";
import { checkPhotos, storeReviewPhotos, type PhotoUpload } from "./photos.server";
import { shopHasProduct } from "./product-exists.server";
import { loadReviewSettings } from "./review-settings.server";
import { verifyReviewToken } from "./review-links";
import { submitReview, type Reviewer, type SubmitErrorCode } from "./submit-review.server";

/** The form's fields, named as the domain names them; each undefined when the form left it out. */
export interface StorefrontReviewForm {
  rating?: string;
  title?: string;
  body?: string;
  authorName?: string;
  authorEmail?: string;
  locale?: string;
  productId?: string;
  honeypot?: string;
  /** A review-request link's token: verifies the buyer. */
  token?: string;
  photos: PhotoUpload[];
}

export interface StorefrontReviewContext {
  shop: string;
  /** The logged-in customer the app proxy vouches for, or null for a guest. */
  customerId: string | null;
  /** Signs review-link tokens. */
  secret: string;
  /** hashIp() of the request's IP. */
  ipHash: string;
  now: Date;
  admin(): Promise<AdminClient>;
}

export type StorefrontReviewOutcome =
  /** status is "pending" after a honeypot hit too: the bot is told it worked, and nothing was stored. */
  | { kind: "accepted"; status: "published" | "pending" }
  | { kind: "refused"; httpStatus: number; error: string; field?: string }
  /** Shopify is down or rate-limiting the shop (checking the product, storing the photos): worth trying again. */
  | { kind: "shopify_unavailable" };

const REFUSAL_STATUS: Record<SubmitErrorCode, number> = {
  invalid: 422,
  anonymous_not_allowed: 403,
  product_not_in_order: 403,
  product_not_found: 404,
  already_reviewed: 409,
  duplicate_content: 409,
};

/** The form's field names are the storefront's, not the domain's. */
const FORM_FIELDS: Record<string, string> = { authorName: "author_name", authorEmail: "author_email", productId: "product_id" };
const formFieldName = (path: string) => FORM_FIELDS[path] ?? path;

export async function submitStorefrontReview(
  db: Db,
  form: StorefrontReviewForm,
  context: StorefrontReviewContext,
): Promise<StorefrontReviewOutcome> {
  const { photos, token, ...fields } = form;
  const photoCheck = checkPhotos(photos);
  if (!photoCheck.ok) return { kind: "refused", httpStatus: 422, error: photoCheck.message, field: "photos" };

  // A review-request link verifies the buyer; otherwise the logged-in customer's orders do.
  let via: Reviewer = context.customerId ? { kind: "customer", customerId: context.customerId } : { kind: "anonymous" };
  if (token) {
    const link = verifyReviewToken(token, { shop: context.shop, secret: context.secret, now: context.now });
    if (!link.ok) return { kind: "refused", httpStatus: 403, error: "This review link has expired or is not valid.", field: "token" };
    via = { kind: "review_link", claims: link.claims };
  }
  // The reviews block does not ask a logged-in customer for their name and email: the app has them.
  if (via.kind === "customer") Object.assign(fields, await customerDefaults(db, context.shop, via.customerId, fields));

  try {
    const result = await submitReview(db, fields, {
      shop: context.shop,
      via,
      ipHash: context.ipHash,
      now: context.now,
      productExists: (productId) => shopHasProduct(context.shop, productId, context.admin),
      storePhotos: photos.length ? async (authorName) => storeReviewPhotos(await context.admin(), photos, authorName) : undefined,
    });
    if (!result.ok) {
      const field = result.field ? formFieldName(result.field.split(".")[0]!) : undefined;
      return { kind: "refused", httpStatus: REFUSAL_STATUS[result.code], error: result.message, ...(field ? { field } : {}) };
    }
    return { kind: "accepted", status: result.review?.status === "published" ? "published" : "pending" };
  } catch (error) {
    if (error instanceof AdminApiError && (error.kind === "unreachable" || error.kind === "throttled"))
      return { kind: "shopify_unavailable" };
    throw error;
  }
}

/**
 * What the app knows of a logged-in customer, for the fields the block's form leaves out: the
 * first name and address of their latest order in the shop. A name or address the form sent wins.
 */
async function customerDefaults(
  db: Db,
  shop: string,
  customerId: string,
  form: Pick<StorefrontReviewForm, "authorName" | "authorEmail">,
): Promise<Pick<StorefrontReviewForm, "authorName" | "authorEmail">> {
  const given = (value: string | undefined) => (value?.trim() ? value : undefined);
  if (given(form.authorName) && given(form.authorEmail)) return {};
  const order = await db.order.findFirst({
    where: { shop, customerId, OR: [{ customerFirstName: { not: null } }, { email: { not: null } }] },
    orderBy: { processedAt: "desc" },
    select: { customerFirstName: true, email: true },
  });
  return {
    authorName: given(form.authorName) ?? order?.customerFirstName ?? undefined,
    authorEmail: given(form.authorEmail) ?? order?.email ?? undefined,
  };
}

/** What the reviews block offers a shopper: the form, a link to log in, or a thank-you for their review. */
export type WriteAccess = "form" | "login" | "already_reviewed";

/**
 * Told before the shopper fills in the form: a guest may write only where the merchant allows
 * anonymous reviews, and a customer who already reviewed the product (the database keeps one
 * review per verified buyer, and submitReview refuses a second) is thanked instead.
 */
export async function writeAccess(db: Db, shop: string, productId: string, customerId: string | null): Promise<WriteAccess> {
  if (!customerId) return (await loadReviewSettings(db, shop)).allowAnonymous ? "form" : "login";
  const existing = await db.review.findFirst({ where: { shop, productId, customerId }, select: { id: true } });
  return existing ? "already_reviewed" : "form";
}
