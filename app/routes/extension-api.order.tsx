import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import db from "../db.server";
import { env } from "../config.server";
import { requireCustomerAccount } from "../shopify.server";
import { extensionRoute } from "../security/extension-route.server";
import { orderPoints } from "../loyalty/account.server";
import { orderReviewUrl } from "../reviews/order-review-link.server";
import { privateJson } from "../lib/private-responses";

const OrderId = z.string().regex(/^gid:\/\/shopify\/Order\/\d{1,20}$/);

// GET /extension-api/order?id=gid://shopify/Order/… (customer accounts, order-status block): the
// points this order earned for the customer and when they become spendable, and the signed
// review link once it is delivered and something in it is not reviewed. Nothing for guests or
// for another customer's order.
export const loader = extensionRoute(async ({ request }: LoaderFunctionArgs) => {
  const { shop, customerId } = await requireCustomerAccount(request);
  const orderId = OrderId.safeParse(new URL(request.url).searchParams.get("id"));
  if (!orderId.success) return privateJson({ error: "id is an order GID." }, 400);
  const now = new Date();
  const [order, reviewUrl] = customerId
    ? await Promise.all([
        orderPoints(db, shop, customerId, orderId.data),
        orderReviewUrl(db, shop, customerId, orderId.data, env().SHOPIFY_API_SECRET, now),
      ])
    : [null, null];
  return privateJson({ order, review_url: reviewUrl });
});

// Remix sends every method but GET to the action: here only the browser's preflight (OPTIONS),
// which requireCustomerAccount answers.
export const action = extensionRoute(async ({ request }: ActionFunctionArgs) => {
  await requireCustomerAccount(request);
  return Response.json({ error: "Use GET." }, { status: 405, headers: { Allow: "GET, OPTIONS" } });
});
