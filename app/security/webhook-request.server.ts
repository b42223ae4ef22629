// A webhook request from the door to a verified payload, with a clear 4xx for everything
// else: too large (413, before the signature can even be checked), a bad or missing
// signature (401), missing Shopify headers (400), then, for a genuine delivery, a body
// that is not JSON (415 or 400). Nothing is written before this returns.
//
// The signature is checked here rather than by shopify-app-remix's authenticate.webhook, which
// also loads (and may refresh) the shop's offline session on every delivery: the intake only
// verifies, records and answers, and the job that acts on the delivery reads what it needs.
import { hmacSha256, signaturesMatch } from "../lib/hash.server";
import { mediaTypeOf, parseJsonText, readBodyBytes, RequestBodyError } from "./request-body.server";

/**
 * Shopify's largest webhook bodies are orders with hundreds of lines (around 1 MB); 5 MB leaves
 * room and still stops a flood from being buffered.
 */
export const WEBHOOK_MAX_BYTES = 5 * 1024 * 1024;

export interface VerifiedWebhook {
  shop: string;
  topic: string;
  webhookId: string;
  /** X-Shopify-Event-Id and X-Shopify-Triggered-At, as sent: app/webhooks/accept.server.ts judges them. */
  eventId: string;
  triggeredAt: string;
  /** The body as sent: the bytes the signature covers. */
  rawBody: string;
  payload: Record<string, unknown>;
}

const refusal = (status: number, error: string) =>
  // A 405 names the method that is allowed (RFC 9110, 15.5.6).
  Response.json({ error }, { status, headers: { "Cache-Control": "no-store", ...(status === 405 ? { Allow: "POST" } : {}) } });

/** The answer to anything but POST (a GET reaches the route's loader, other methods its action). */
export function methodNotAllowed(): Response {
  return refusal(405, AUTH_MESSAGES[405]!);
}

const AUTH_MESSAGES: Record<number, string> = {
  400: "Webhook is missing Shopify's headers (X-Shopify-Topic, X-Shopify-Shop-Domain, X-Shopify-Hmac-Sha256, X-Shopify-Webhook-Id, X-Shopify-Event-Id, X-Shopify-Triggered-At, X-Shopify-API-Version)",
  401: "Webhook signature (X-Shopify-Hmac-Sha256) is not valid",
  405: "Webhooks must be sent with POST",
};

/**
 * A webhook request as a server received it: Remix's Fetch request (incomingWebhook), or Node's
 * own request on the production server's path for deliveries (scripts/server-app.ts), which
 * skips building a Fetch request and its body stream.
 */
export interface IncomingWebhook {
  method: string;
  /** A header's value by its lower-case name. */
  header(name: string): string | undefined;
  /** The raw body, refused (RequestBodyError 413) past maxBytes. */
  readBody(maxBytes: number): Promise<Uint8Array>;
}

/** A Fetch request as an IncomingWebhook. */
export function incomingWebhook(request: Request): IncomingWebhook {
  return {
    method: request.method,
    header: (name) => request.headers.get(name) ?? undefined,
    readBody: (maxBytes) => readBodyBytes(request, maxBytes),
  };
}

const utf8 = new TextDecoder();

/** Verifies a webhook request; throws a Response (4xx with a JSON message) when it cannot be accepted. */
export async function verifyWebhook(incoming: IncomingWebhook, apiSecret: string, maxBytes = WEBHOOK_MAX_BYTES): Promise<VerifiedWebhook> {
  if (incoming.method !== "POST") throw methodNotAllowed();
  try {
    // Read once with the cap; the signature covers exactly these bytes.
    const rawBody = utf8.decode(await incoming.readBody(maxBytes));
    // "Compute the HMAC digest [...] using the SHA256 hash function [and the app's client secret]
    // and compare it to the base64-encoded value in the X-Shopify-Hmac-Sha256 header"
    // (shopify.dev, Deliver webhooks through HTTPS, Step 5: Verify the webhook).
    const signature = incoming.header("x-shopify-hmac-sha256");
    if (!signature) throw refusal(401, "Webhook is not signed (X-Shopify-Hmac-Sha256 is missing)");
    if (!signaturesMatch(signature, hmacSha256(apiSecret, rawBody, "base64"))) throw refusal(401, AUTH_MESSAGES[401]!);
    // Shopify sends all of these on every delivery (shopify.dev, "Webhooks delivery structure"):
    // the event id and trigger time are how repeats and stale replays are told apart.
    const header = (name: string) => incoming.header(name)?.trim() || undefined;
    const shop = header("x-shopify-shop-domain");
    const topic = header("x-shopify-topic");
    const webhookId = header("x-shopify-webhook-id");
    const eventId = header("x-shopify-event-id");
    const triggeredAt = header("x-shopify-triggered-at");
    if (!shop || !topic || !webhookId || !eventId || !triggeredAt || !header("x-shopify-api-version"))
      throw refusal(400, AUTH_MESSAGES[400]!);
    const type = mediaTypeOf(incoming.header("content-type"));
    if (type !== "application/json") throw new RequestBodyError(415, `Content-Type must be application/json${type ? `, not ${type}` : ""}`);
    const payload = parseJsonText(rawBody);
    // Every topic's body is a JSON object; anything else was never a webhook body.
    if (typeof payload !== "object" || payload === null || Array.isArray(payload))
      throw refusal(400, "Webhook payload must be a JSON object");
    return { shop, topic, webhookId, eventId, triggeredAt, rawBody, payload: payload as Record<string, unknown> };
  } catch (error) {
    if (error instanceof RequestBodyError) throw error.toResponse();
    throw error;
  }
}
