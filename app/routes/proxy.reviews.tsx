import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import db from "../db.server";
import { env } from "../config.server";
import { adminFor, requireAppProxy } from "../shopify.server";
import { publishedReviewsPage, SHOPPER_PAGE_SIZE_MAX } from "../reviews/storefront-reviews.server";
import { decodeShopperCursor, SHOPPER_SORTS } from "../reviews/shopper-cursor";
import { submitStorefrontReview } from "../reviews/storefront-submission.server";
import { ProductIdField } from "../reviews/product-id";
import { hashIp } from "../lib/hash.server";
import { answerBodyError, readForm } from "../security/request-body.server";
import { clientIp, rateLimitedResponse, rateLimiter, shopperKey, waitText } from "../security/rate-limit.server";
import { landingLocale, reviewMessagePage } from "../reviews/review-landing";
import { publicRoute, RETRY_AFTER_SECONDS } from "../security/public-route.server";
import { privateJson } from "../lib/private-responses";

const ListQuery = z.object({
  product_id: ProductIdField,
  sort: z.enum(SHOPPER_SORTS).default("newest"),
  rating: z.preprocess((v) => (v === "" ? undefined : v), z.coerce.number().int().min(1).max(5).optional()),
  cursor: z.string().max(300).optional(),
});

// GET /apps/retention/reviews: more published reviews of a product, as JSON for the reviews block.
export const loader = publicRoute(async ({ request }: LoaderFunctionArgs) => {
  const { shop, query: params } = await requireAppProxy(request);
  const query = ListQuery.safeParse(Object.fromEntries(params));
  if (!query.success) return privateJson({ error: query.error.issues[0]!.message }, 400);
  const { product_id, sort, rating, cursor } = query.data;
  const after = cursor ? decodeShopperCursor(cursor, { sort, rating }) : null;
  if (cursor && !after) return privateJson({ error: "The cursor is not one this list gave: start again from the first page." }, 400);
  return privateJson(await publishedReviewsPage(db, shop, product_id, { sort, rating, after, pageSize: SHOPPER_PAGE_SIZE_MAX }));
});

const MAX_BODY_BYTES = 30 * 1024 * 1024; // 5 photos of 5 MB plus the text and multipart framing

// POST /apps/retention/reviews: a review written on the storefront (multipart form, or a plain
// form without photos). Counted against the shopper's rate limit before the body is read.
export const action = publicRoute(async ({ request }: ActionFunctionArgs) => {
  const { shop, customerId } = await requireAppProxy(request);
  const secret = env().SHOPIFY_API_SECRET;
  const limit = await rateLimiter().consume("review_submit", shopperKey(request, shop, customerId, secret));
  if (limit.limited)
    return rateLimitedResponse(
      limit.retryAfterSeconds,
      `Too many reviews were sent in a short time. Please try again ${waitText(limit.retryAfterSeconds)}.`,
    );
  const form = await readForm(request, MAX_BODY_BYTES).catch(answerBodyError);

  const text = (name: string) => (typeof form.get(name) === "string" ? (form.get(name) as string) : undefined);
  const files = form.getAll("photos").filter((entry): entry is File => typeof entry !== "string" && entry.size > 0);
  const locale = text("locale");
  const outcome = await submitStorefrontReview(
    db,
    {
      rating: text("rating"),
      title: text("title"),
      body: text("body"),
      authorName: text("author_name"),
      authorEmail: text("author_email"),
      locale,
      productId: text("product_id"),
      honeypot: text("website"),
      token: text("token"),
      photos: await Promise.all(files.map(async (file) => ({ filename: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }))),
    },
    { shop, customerId, secret, ipHash: hashIp(clientIp(request), secret), now: new Date(), admin: () => adminFor(shop) },
  );

  switch (outcome.kind) {
    case "shopify_unavailable":
      return privateJson({ error: "We could not reach the store just now. Please try again in a minute." }, 503, {
        "Retry-After": String(RETRY_AFTER_SECONDS),
      });
    case "refused":
      return privateJson({ error: outcome.error, field: outcome.field }, outcome.httpStatus);
    case "accepted":
      // A form posted without JavaScript gets a page in the shop's theme rather than JSON.
      if (request.headers.get("accept")?.includes("text/html")) {
        const page = reviewMessagePage(landingLocale(locale), outcome.status === "published" ? "thanksPublished" : "thanksPending");
        return new Response(page, { status: 201, headers: { "Content-Type": "application/liquid" } });
      }
      return privateJson({ status: outcome.status }, 201);
  }
});
