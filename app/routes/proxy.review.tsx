import type { LoaderFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { env } from "../config.server";
import { requireAppProxy } from "../shopify.server";
import { verifyReviewToken } from "../reviews/review-links";
import { landingLocale, reviewLandingPage, reviewMessagePage } from "../reviews/review-landing";
import { orderLines } from "../orders/order-lines";
import { publicRoute } from "../security/public-route.server";

const liquid = (body: string, status = 200) =>
  new Response(body, { status, headers: { "Content-Type": "application/liquid", "Cache-Control": "private, no-store" } });

// GET /apps/retention/review?token=…: the landing page of a review-request email.
export const loader = publicRoute(async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAppProxy(request);
  const params = new URL(request.url).searchParams;
  const locale = landingLocale(params.get("locale"));
  const token = params.get("token") ?? "";
  const verified = verifyReviewToken(token, { shop, secret: env().SHOPIFY_API_SECRET, now: new Date() });
  if (!verified.ok) return liquid(reviewMessagePage(locale, "expired"), 403);

  const order = await db.order.findFirst({ where: { id: verified.claims.orderId, shop } });
  const lines = order ? orderLines(order) : [];
  const products = verified.claims.productIds.map((productId) => ({
    numericId: productId.split("/").pop()!,
    title: lines.find((line) => line.productId === productId)?.title ?? "",
  }));
  return liquid(reviewLandingPage({ products, token, locale }));
});
