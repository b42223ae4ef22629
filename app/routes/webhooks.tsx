import type { ActionFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { authenticate } from "../shopify.server";
import { methodNotAllowed, verifyWebhookRequest } from "../security/webhook-request.server";
import { acceptWebhook } from "../webhooks/accept.server";
import { publicRoute } from "../security/public-route.server";

// Every topic in shopify.app.toml is delivered here. Nothing is written before the request is
// verified: an oversized body is refused (413), a bad HMAC answered 401, and a genuine delivery
// whose body is not a JSON object or that lacks Shopify's headers 400/415; then
// app/webhooks/accept.server.ts decides whether it is acted on, and the real work runs as jobs.
export const action = publicRoute(async ({ request }: ActionFunctionArgs) => {
  const delivery = await verifyWebhookRequest(request, authenticate.webhook);
  const result = await acceptWebhook(db, delivery);
  // A shop the app has no installation for yet (see acceptWebhook): Shopify retries any answer
  // outside 2xx, and by then OAuth has stored the shop's session. Nothing was written.
  if (result.status === "not_installed") {
    return Response.json({ error: result.error }, { status: 503, headers: { "Retry-After": "60", "Cache-Control": "no-store" } });
  }
  // Refused deliveries are answered 200 like accepted ones, and recorded with the reason. A forged
  // or replayed one must not make Shopify retry, and one Shopify sent malformed, stale, for another
  // shop or a topic the app does not take would be refused again on every retry, and any answer
  // outside 2xx makes Shopify retry (8 times over 4 hours).
  return Response.json(result);
});

// Without a loader, Remix answers a GET with 400 "Unexpected Server Error"; a webhook URL opened in
// a browser or probed by a scanner is told what the route takes instead.
export const loader = () => methodNotAllowed();
