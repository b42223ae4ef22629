import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import db from "../db.server";
import { env } from "../config.server";
import { adminFor, requireAppProxy } from "../shopify.server";
import { verifyReviewToken, type ReviewLinkClaims } from "../reviews/review-links";
import { reviewProductImages } from "../reviews/product-images.server";
import { loadReviewPage, submitReviewPage } from "../reviews/review-page.server";
import { parseReviewPageForm } from "../reviews/review-page-form";
import { productGid } from "../reviews/product-id";
import {
  allReviewedPage,
  landingLocale,
  reviewFormPage,
  reviewLinkProblemPage,
  reviewProblemPage,
  reviewThanksPage,
  type LandingLocale,
} from "../reviews/review-landing";
import { LANDING_TEXT } from "../reviews/review-landing-text";
import { hashIp } from "../lib/hash.server";
import { readForm, RequestBodyError } from "../security/request-body.server";
import { clientIp, rateLimiter, retryAfterHeaders, shopperKey } from "../security/rate-limit.server";
import { publicRoute } from "../security/public-route.server";
import { privateLiquid } from "../lib/private-responses";

// Every answer here is a page in the shop's theme (privateLiquid), never JSON: shoppers reach it from an email.

const Query = z.object({
  token: z.string().default(""),
  locale: z.string().optional(),
  // The email's one-click stars: the product (its number) and the rating chosen.
  product: z.string().optional(),
  rating: z
    .string()
    .regex(/^[1-5]$/)
    .transform(Number)
    .optional()
    .catch(undefined),
});

type Link = { ok: true; claims: ReviewLinkClaims } | { ok: false; page: Response };

function verifyLink(token: string, shop: string, locale: LandingLocale): Link {
  const verified = verifyReviewToken(token, { shop, secret: env().SHOPIFY_API_SECRET, now: new Date() });
  if (verified.ok) return verified;
  return { ok: false, page: privateLiquid(reviewLinkProblemPage(locale, verified.reason === "expired" ? "expired" : "invalid"), 403) };
}

const images = (shop: string) => (ids: string[]) => reviewProductImages(shop, () => adminFor(shop), ids);

// GET /apps/retention/review?token=…[&product=…&rating=…]: the review request email's page.
export const loader = publicRoute(async ({ request }: LoaderFunctionArgs) => {
  const { shop, query: params } = await requireAppProxy(request);
  const query = Query.safeParse(Object.fromEntries(params));
  const { token, locale: linkLocale, product, rating } = query.success ? query.data : { token: "" };
  const link = verifyLink(token, shop, landingLocale(linkLocale));
  if (!link.ok) return link.page;

  const state = await loadReviewPage(db, link.claims, images(shop));
  const locale = landingLocale(linkLocale ?? state.order?.customerLocale);
  if (state.open.length === 0) return privateLiquid(allReviewedPage(locale, state.reviewed));
  const productId = product ? productGid(product) : null;
  const prefill = productId && rating ? { productId, rating } : null;
  return privateLiquid(reviewFormPage({ locale, token, state, prefill }));
});

const MAX_BODY_BYTES = 60 * 1024 * 1024; // a few products' photos (5 of 5 MB each at most) plus the text

// POST (the page's own form, multipart): every product's review at once.
export const action = publicRoute(async ({ request }: ActionFunctionArgs) => {
  const { shop, customerId, query } = await requireAppProxy(request);
  const secret = env().SHOPIFY_API_SECRET;
  const queryLocale = query.get("locale");
  const limit = await rateLimiter().consume("review_submit", shopperKey(request, shop, customerId, secret));
  if (limit.limited) {
    const locale = landingLocale(queryLocale);
    return privateLiquid(
      reviewProblemPage(locale, LANDING_TEXT[locale].errors.rateLimited),
      429,
      retryAfterHeaders(limit.retryAfterSeconds),
    );
  }
  let form: FormData;
  try {
    form = await readForm(request, MAX_BODY_BYTES);
  } catch (error) {
    if (!(error instanceof RequestBodyError)) throw error;
    const locale = landingLocale(queryLocale);
    const t = LANDING_TEXT[locale].errors;
    return privateLiquid(reviewProblemPage(locale, error.status === 413 ? t.tooLarge : t.badForm), error.status);
  }
  const posted = (name: string) => (typeof form.get(name) === "string" ? (form.get(name) as string) : "");
  const locale = landingLocale(posted("locale") || queryLocale);
  const token = posted("token");
  const link = verifyLink(token, shop, locale);
  if (!link.ok) return link.page;

  const state = await loadReviewPage(db, link.claims, images(shop));
  if (state.open.length === 0) return privateLiquid(allReviewedPage(locale, state.reviewed));
  const parsed = await parseReviewPageForm(
    form,
    locale,
    state.open.map((product) => product.id),
  );
  if (!parsed.ok) return privateLiquid(reviewFormPage({ locale, token, state, ...parsed }), 422);

  const { submitted, errors } = await submitReviewPage(db, parsed, {
    claims: link.claims,
    locale,
    ipHash: hashIp(clientIp(request), secret),
    now: new Date(),
    admin: () => adminFor(shop),
  });
  const after = await loadReviewPage(db, link.claims, images(shop));
  const product = (id: string) => state.open.find((candidate) => candidate.id === id)!;
  if (Object.keys(errors).length > 0) {
    const sentTitles = submitted.map((review) => product(review.productId).title);
    const { values, photosChosen } = parsed;
    return privateLiquid(reviewFormPage({ locale, token, state: after, values, errors, photosChosen, sentTitles }), 422);
  }
  const reviews = submitted.map((review) => ({ ...review, product: product(review.productId) }));
  return privateLiquid(reviewThanksPage({ locale, token, submitted: reviews, remaining: after.open.length }));
});
