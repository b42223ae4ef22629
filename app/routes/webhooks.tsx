import type { ActionFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { authenticate } from "../shopify.server";
import { verifyWebhookRequest } from "../security/webhook-request.server";
import { acceptWebhook } from "../webhooks/accept.server";
import { publicRoute } from "../security/public-route.server";

// Every topic in shopify.app.toml is delivered here. Nothing is written before the request is
// verified: an oversized body is refused (413), a bad HMAC answered 401, and a genuine delivery
// whose body is not a JSON object 400/415; the real work runs as jobs.
export const action = publicRoute(async ({ request }: ActionFunctionArgs) => {
  const delivery = await verifyWebhookRequest(request, authenticate.webhook);
  const result = await acceptWebhook(db, delivery);
  if (result.status === "invalid") return Response.json({ error: result.error }, { status: 400 });
  return Response.json(result);
});
