import type { ActionFunctionArgs } from "@remix-run/node";
import { env } from "../config.server";
import db from "../db.server";
import { methodNotAllowed, verifyWebhookRequest } from "../security/webhook-request.server";
import { recordDelivery } from "../webhooks/intake.server";
import { publicRoute } from "../security/public-route.server";

// Every topic in shopify.app.toml is delivered here. Nothing is written before the request is
// verified: an oversized body is refused (413), a bad HMAC answered 401, and a genuine delivery
// whose body is not a JSON object or that lacks Shopify's headers 400/415. A verified delivery
// is recorded once (retries of it too) and answered 200 at once; its job
// (app/webhooks/accept.server.ts) decides whether it is acted on and queues the work.
export const action = publicRoute(async ({ request }: ActionFunctionArgs) => {
  const delivery = await verifyWebhookRequest(request, env().SHOPIFY_API_SECRET);
  return Response.json({ status: await recordDelivery(db, delivery) });
});

// Without a loader, Remix answers a GET with 400 "Unexpected Server Error"; a webhook URL opened in
// a browser or probed by a scanner is told what the route takes instead.
export const loader = () => methodNotAllowed();
