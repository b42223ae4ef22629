import type { ActionFunctionArgs } from "@remix-run/node";
import { incomingWebhook, methodNotAllowed } from "../security/webhook-request.server";
import { webhookIntake } from "../webhooks/intake.server";

// Every topic in shopify.app.toml is delivered here. Nothing is written before the request is
// verified: an oversized body is refused (413), a bad HMAC answered 401, and a genuine delivery
// whose body is not a JSON object or that lacks Shopify's headers 400/415. A verified delivery
// is recorded once (retries of it too) and answered 200 at once; its job
// (app/webhooks/accept.server.ts) decides whether it is acted on and queues the work.
// In production, scripts/server-app.ts runs the same intake on Node's request without Remix.
export async function action({ request }: ActionFunctionArgs): Promise<Response> {
  const answer = await webhookIntake(incomingWebhook(request));
  return answer instanceof Response ? answer : Response.json(answer);
}

// Without a loader, Remix answers a GET with 400 "Unexpected Server Error"; a webhook URL opened in
// a browser or probed by a scanner is told what the route takes instead.
export const loader = () => methodNotAllowed();
