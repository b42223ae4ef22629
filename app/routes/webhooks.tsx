import type { ActionFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { authenticate } from "../shopify.server";
import { acceptWebhook } from "../webhooks/accept.server";

// Every topic in shopify.app.toml is delivered here. authenticate.webhook answers 401
// to a bad HMAC before anything is read or written; the real work runs as jobs.
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, payload, webhookId } = await authenticate.webhook(request);
  const topic = request.headers.get("x-shopify-topic") ?? "";
  const result = await acceptWebhook(db, { shop, topic, webhookId, payload });
  return Response.json(result);
};
