import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import db from "../db.server";
import { env } from "../config.server";
import { adminFor, requireCheckout } from "../shopify.server";
import { rateLimitedResponse, rateLimiter, shopperKey } from "../security/rate-limit.server";
import { extensionRoute } from "../security/extension-route.server";
import { referralShareUrl } from "../loyalty/actions.server";
import { thankYouView } from "../loyalty/account.server";
import { privateJson } from "../lib/private-responses";

const amount = z.string().regex(/^\d{1,12}(\.\d{1,4})?$/, "Amounts are decimal strings.");
// What the thank-you block reads from the checkout: the order's id and its Cost API amounts.
const ThankYouQuery = z.object({
  order: z.string().regex(/^gid:\/\/shopify\/(Order|OrderIdentity)\/\d{1,20}$/, "order is an order GID."),
  currency: z.string().regex(/^[A-Z]{3}$/, "currency is an ISO 4217 code."),
  subtotal: amount,
  shipping: amount.default("0"),
  tax: amount.default("0"),
  total: amount,
});

// GET /extension-api/thank-you?order=…&currency=…&subtotal=…&shipping=…&tax=…&total=… (checkout
// UI extension on the thank-you page): the points this order earns and when they become
// spendable; for guests, what signing up keeps for them; for members, whether they can refer.
export const loader = extensionRoute(async ({ request }: LoaderFunctionArgs) => {
  const { shop, customerId } = await requireCheckout(request);
  const query = ThankYouQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) return privateJson({ error: query.error.issues[0]!.message }, 400);
  const { order, currency, ...amounts } = query.data;
  // The Order Confirmation API names the order gid://shopify/Order/… (earlier API versions:
  // gid://shopify/OrderIdentity/…, with the same number); the app records it as an Order.
  const orderId = `gid://shopify/Order/${order.split("/").pop()}`;
  return privateJson(await thankYouView(db, shop, customerId, orderId, { currencyCode: currency, ...amounts }, new Date()));
});

// POST /extension-api/thank-you: the member's referral link (made in Shopify on first use), under
// the storefront's rate limit for loyalty actions.
export const action = extensionRoute(async ({ request }: ActionFunctionArgs) => {
  const { shop, customerId } = await requireCheckout(request);
  if (!customerId) return privateJson({ error: "Log in to your account to refer friends.", reason: "logged_out" }, 401);
  const limit = await rateLimiter().consume("loyalty_action", shopperKey(request, shop, customerId, env().SHOPIFY_API_SECRET));
  if (limit.limited) return rateLimitedResponse(limit.retryAfterSeconds);
  const result = await referralShareUrl(db, () => adminFor(shop), shop, customerId, new Date());
  if (!result.ok) return privateJson({ error: result.error }, 422);
  return privateJson({ url: result.url, code: result.code });
});
