// Public routes (app proxy, webhooks, email links) answer a database outage with 503 and
// Retry-After rather than a bare 500: Shopify retries webhooks, the storefront widgets show
// "try again", and monitoring can tell an outage from a bug.
import { isDatabaseUnavailable } from "../db.server";
import { log } from "../lib/log.server";

export const RETRY_AFTER_SECONDS = 5;

export function serviceUnavailable(): Response {
  return Response.json(
    { error: "The service is briefly unavailable. Please try again in a moment." },
    { status: 503, headers: { "Retry-After": String(RETRY_AFTER_SECONDS), "Cache-Control": "no-store" } },
  );
}

/** Wraps a public route's loader or action: a database outage becomes a 503, anything else passes through. */
export function publicRoute<Args, Answer = Response>(handler: (args: Args) => Promise<Answer>): (args: Args) => Promise<Answer | Response> {
  return async (args) => {
    try {
      return await handler(args);
    } catch (error) {
      if (isDatabaseUnavailable(error)) {
        log.error({ error: error instanceof Error ? error.message.split("\n").at(-1) : String(error) }, "database unavailable");
        return serviceUnavailable();
      }
      throw error;
    }
  };
}
