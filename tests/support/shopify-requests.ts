// Requests as Shopify sends them to the app, signed with the test app's secret: an embedded
// admin fetch with a session token, a storefront request through the app proxy, a webhook.
// The routes verify these exactly as they verify Shopify's, so tests call loaders and
// actions with no shortcut around authentication.
import { randomUUID } from "node:crypto";
import { getJwt } from "@shopify/shopify-api/test-helpers";
import { appProxyUrl } from "../../scripts/simulator/app-proxy";
import { signWebhook } from "../../scripts/simulator/webhooks";

const APP_URL = "http://localhost:3000";
const apiKey = () => process.env.SHOPIFY_API_KEY!;
const apiSecret = () => process.env.SHOPIFY_API_SECRET!;

export type FormFields = Record<string, string>;

/**
 * An admin request from inside Shopify admin: App Bridge adds `Authorization: Bearer <session
 * token>`, a JWT for the shop signed with the app's secret. The shop needs a stored offline
 * session (storeOfflineSession), or the app would try to exchange the token with Shopify.
 */
export async function adminRequest(shop: string, path: string, form?: FormFields): Promise<Request> {
  // getJwt takes the shop's name and adds ".myshopify.com" itself.
  const { token } = await getJwt(shop.replace(/\.myshopify\.com$/, ""), apiKey(), apiSecret());
  const headers = { authorization: `Bearer ${token}` };
  if (!form) return new Request(new URL(path, APP_URL), { headers });
  return new Request(new URL(path, APP_URL), { method: "POST", headers, body: new URLSearchParams(form) });
}

export interface AppProxyInit {
  /** The logged-in shopper's numeric customer id (Shopify signs it); none for a guest. */
  customerId?: string | null;
  method?: "GET" | "POST";
  body?: BodyInit;
  headers?: Record<string, string>;
  /** Where the app runs (default: the test app URL the loaders are called with). */
  appUrl?: string;
}

/** A storefront request for `/apps/retention<path>` as Shopify's app proxy forwards it to `/proxy<path>`. */
export function appProxyRequest(shop: string, path: string, init: AppProxyInit = {}): Request {
  const url = appProxyUrl(`${init.appUrl ?? APP_URL}/proxy`, path, {
    shop,
    pathPrefix: "/apps/retention",
    secret: apiSecret(),
    loggedInCustomerId: init.customerId ?? null,
  });
  return new Request(url, { method: init.method ?? "GET", body: init.body, headers: init.headers });
}

/** A webhook delivery for `shop`, signed over the exact body Shopify would send. */
export function webhookRequest(shop: string, topic: string, payload: unknown, webhookId: string = randomUUID()): Request {
  const body = JSON.stringify(payload);
  return new Request(`${APP_URL}/webhooks`, {
    method: "POST",
    body,
    headers: {
      "Content-Type": "application/json",
      "X-Shopify-Topic": topic,
      "X-Shopify-Hmac-Sha256": signWebhook(body, apiSecret()),
      "X-Shopify-Shop-Domain": shop,
      "X-Shopify-Webhook-Id": webhookId,
      "X-Shopify-Event-Id": randomUUID(),
      "X-Shopify-Triggered-At": new Date().toISOString(),
      "X-Shopify-API-Version": "2026-10",
    },
  });
}

/** What a loader or action produced, as the HTTP response Remix would send (thrown Responses included). */
export async function routeResponse(call: () => Promise<unknown>): Promise<Response> {
  try {
    const result = await call();
    if (result instanceof Response) return result;
    // data(value, init) from a route (single fetch): the status and headers Remix would send.
    if (isDataWithInit(result)) return Response.json(result.data, result.init ?? undefined);
    return Response.json(result);
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

function isDataWithInit(value: unknown): value is { data: unknown; init: ResponseInit | null } {
  return typeof value === "object" && value !== null && (value as { type?: unknown }).type === "DataWithResponseInit";
}
