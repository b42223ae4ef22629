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
  payload: unknown;
}

/** shopify-app-remix's authenticate.webhook: verifies the HMAC and parses the body. */
type AuthenticateWebhook = (request: Request) => Promise<{ shop: string; topic: string; webhookId: string; payload: unknown }>;

const refusal = (status: number, error: string) => Response.json({ error }, { status, headers: { "Cache-Control": "no-store" } });

// authenticate.webhook throws bare responses; these say what was wrong.
const AUTH_MESSAGES: Record<number, string> = {
  400: "Webhook is missing Shopify's headers (X-Shopify-Topic, X-Shopify-Shop-Domain, X-Shopify-Hmac-Sha256, X-Shopify-Webhook-Id, X-Shopify-API-Version)",
  401: "Webhook signature (X-Shopify-Hmac-Sha256) is not valid",
  405: "Webhooks must be sent with POST",
};

/** Verifies a webhook request; throws a Response (4xx with a JSON message) when it cannot be accepted. */
export async function verifyWebhookRequest(request: Request, authenticateWebhook: AuthenticateWebhook, maxBytes = WEBHOOK_MAX_BYTES): Promise<VerifiedWebhook> {
  if (request.method !== "POST") throw refusal(405, AUTH_MESSAGES[405]!);
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
    return { shop: verified.shop, topic: request.headers.get("x-shopify-topic") ?? verified.topic, webhookId: verified.webhookId, payload: verified.payload };
  } catch (error) {
    if (error instanceof RequestBodyError) throw error.toResponse();
    throw error;
  }
}

function requireJson(request: Request): void {
  const type = mediaType(request);
  if (type !== "application/json") throw new RequestBodyError(415, `Content-Type must be application/json${type ? `, not ${type}` : ""}`);
}
