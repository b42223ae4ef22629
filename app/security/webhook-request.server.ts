// A webhook request from the door to a verified payload, with a clear 4xx for everything
// else: too large (413, before the signature can even be checked), a bad or missing
// signature (401), missing Shopify headers (400), then, for a genuine delivery, a body
// that is not JSON (415 or 400). Nothing is written before this returns.
import { mediaType, parseJsonText, readBodyText, RequestBodyError } from "./request-body.server";

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
  payload: unknown;
}

/** shopify-app-remix's authenticate.webhook: verifies the HMAC and parses the body. */
type AuthenticateWebhook = (request: Request) => Promise<{ shop: string; topic: string; webhookId: string; payload: unknown }>;

const refusal = (status: number, error: string) =>
  // A 405 names the method that is allowed (RFC 9110, 15.5.6).
  Response.json({ error }, { status, headers: { "Cache-Control": "no-store", ...(status === 405 ? { Allow: "POST" } : {}) } });

/** The answer to anything but POST (a GET reaches the route's loader, other methods its action). */
export function methodNotAllowed(): Response {
  return refusal(405, AUTH_MESSAGES[405]!);
}

// authenticate.webhook throws bare responses; these say what was wrong.
const AUTH_MESSAGES: Record<number, string> = {
  400: "Webhook is missing Shopify's headers (X-Shopify-Topic, X-Shopify-Shop-Domain, X-Shopify-Hmac-Sha256, X-Shopify-Webhook-Id, X-Shopify-Event-Id, X-Shopify-Triggered-At, X-Shopify-API-Version)",
  401: "Webhook signature (X-Shopify-Hmac-Sha256) is not valid",
  405: "Webhooks must be sent with POST",
};

/** Verifies a webhook request; throws a Response (4xx with a JSON message) when it cannot be accepted. */
export async function verifyWebhookRequest(
  request: Request,
  authenticateWebhook: AuthenticateWebhook,
  maxBytes = WEBHOOK_MAX_BYTES,
): Promise<VerifiedWebhook> {
  if (request.method !== "POST") throw methodNotAllowed();
  try {
    // Read once with the cap; the signature covers exactly these bytes.
    const rawBody = await readBodyText(request, maxBytes);
    const copy = new Request(request.url, { method: "POST", headers: request.headers, body: rawBody });
    let verified: Awaited<ReturnType<AuthenticateWebhook>>;
    try {
      verified = await authenticateWebhook(copy);
    } catch (error) {
      if (error instanceof Response) {
        // Unsigned is unauthorised, not merely incomplete.
        if (!request.headers.has("x-shopify-hmac-sha256")) throw refusal(401, "Webhook is not signed (X-Shopify-Hmac-Sha256 is missing)");
        // The library refuses an empty body before comparing signatures; say so.
        if (rawBody.trim() === "") throw new RequestBodyError(400, "Request body is empty");
        throw refusal(error.status, AUTH_MESSAGES[error.status] ?? "Webhook was refused");
      }
      // The library parses the body after the signature checked out: a genuine delivery whose
      // body is not JSON. parseJsonText says whether it was empty or malformed.
      if (error instanceof SyntaxError) {
        requireJson(request);
        parseJsonText(rawBody);
      }
      throw error;
    }
    requireJson(request);
    // Shopify sends both on every delivery (shopify.dev, "Webhooks delivery structure"); the
    // library treats them as optional, the app does not: they are how repeats and stale replays
    // are told apart. A delivery without them is not as Shopify sends one.
    const eventId = request.headers.get("x-shopify-event-id")?.trim();
    const triggeredAt = request.headers.get("x-shopify-triggered-at")?.trim();
    if (!eventId || !triggeredAt) throw refusal(400, AUTH_MESSAGES[400]!);
    // Every topic's body is a JSON object; anything else was never a webhook body.
    const payload: unknown = verified.payload;
    if (typeof payload !== "object" || payload === null || Array.isArray(payload))
      throw refusal(400, "Webhook payload must be a JSON object");
    return {
      shop: verified.shop,
      topic: request.headers.get("x-shopify-topic") ?? verified.topic,
      webhookId: verified.webhookId,
      eventId,
      triggeredAt,
      payload,
    };
  } catch (error) {
    if (error instanceof RequestBodyError) throw error.toResponse();
    throw error;
  }
}

function requireJson(request: Request): void {
  const type = mediaType(request);
  if (type !== "application/json") throw new RequestBodyError(415, `Content-Type must be application/json${type ? `, not ${type}` : ""}`);
}
