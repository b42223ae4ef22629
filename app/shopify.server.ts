import "@shopify/shopify-app-remix/adapters/node";
import { ApiVersion, AppDistribution, LogSeverity, shopifyApp } from "@shopify/shopify-app-remix/server";
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import db from "./db.server";
import { env } from "./config.server";
import { enqueue } from "./jobs/queue.server";
import { addLogContext } from "./lib/log.server";
import { answerBodyError, readBodyBytes } from "./security/request-body.server";
import { verifyAppProxySignature } from "./security/app-proxy-signature";
import { extensionCaller, MYSHOPIFY_DOMAIN, type ExtensionCaller } from "./security/extension-session";
import type { AdminClient } from "./shopify/admin.server";
import { readAppScopes } from "./shopify/app-config.server";

export const API_VERSION = ApiVersion.October26;

const config = env();

// With SHOPIFY_ADMIN_API_ORIGIN set (the local simulator), Admin API calls that would go
// to https://{shop}/admin/... go to that origin instead, naming the shop in a header.
if (config.SHOPIFY_ADMIN_API_ORIGIN) {
  const origin = config.SHOPIFY_ADMIN_API_ORIGIN;
  const realFetch = globalThis.fetch;
  setAbstractFetchFunc((input, init) => {
    const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
    if (!url.pathname.startsWith("/admin/")) return realFetch(input, init);
    const headers = new Headers(init?.headers);
    headers.set("X-Shopify-Shop-Domain", url.host);
    return realFetch(`${origin}${url.pathname}${url.search}`, { ...init, headers });
  });
}

export const sessionStorage = new PrismaSessionStorage(db);

const shopify = shopifyApp({
  apiKey: config.SHOPIFY_API_KEY,
  apiSecretKey: config.SHOPIFY_API_SECRET,
  apiVersion: API_VERSION,
  scopes: config.SCOPES ? config.SCOPES.split(",").filter(Boolean) : readAppScopes(),
  appUrl: config.SHOPIFY_APP_URL,
  authPathPrefix: "/auth",
  sessionStorage,
  distribution: AppDistribution.AppStore,
  future: { unstable_newEmbeddedAuthStrategy: true, expiringOfflineAccessTokens: true },
  // The library logs every authenticated request at Info: useful in development, a synchronous
  // write per storefront request in production.
  logger: { level: config.NODE_ENV === "production" ? LogSeverity.Warning : LogSeverity.Info },
  hooks: {
    // Install or re-auth: refresh what we know about the shop in the background.
    afterAuth: async ({ session }) => {
      await enqueue(db, { shop: session.shop, type: "shop.sync", payload: {} });
    },
  },
});

export default shopify;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const authenticate = shopify.authenticate;
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const registerWebhooks = shopify.registerWebhooks;

export interface AdminContext {
  admin: AdminClient;
  shop: string;
  /** False in the local demo, where the admin runs outside Shopify's iframe. */
  embedded: boolean;
}

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Every admin loader and action starts here. With DEMO_SHOP set (local demo only; refused
 * in production by config.server.ts) the admin opens on loopback without OAuth.
 */
export async function requireAdmin(request: Request): Promise<AdminContext> {
  if (config.DEMO_SHOP) {
    if (!LOOPBACK_HOSTS.has(new URL(request.url).hostname)) {
      throw new Response("The demo admin only answers on localhost", { status: 403 });
    }
    const { admin } = await unauthenticated.admin(config.DEMO_SHOP);
    addLogContext({ shop: config.DEMO_SHOP });
    return { admin, shop: config.DEMO_SHOP, embedded: false };
  }
  const { admin, session } = await authenticate.admin(request);
  addLogContext({ shop: session.shop });
  return { admin, shop: session.shop, embedded: true };
}

/** Admin API access for background jobs, with the shop's offline token. */
export async function adminFor(shop: string): Promise<AdminClient> {
  return (await unauthenticated.admin(shop)).admin;
}

export interface AppProxyContext {
  shop: string;
  /** The logged-in shopper as a Customer GID, or null for guests. Shopify signs this value. */
  customerId: string | null;
  /** The request's query, signed by Shopify as a whole (the route's own parameters included). */
  query: URLSearchParams;
}

/**
 * Every storefront (app proxy) loader and action starts here. A request whose signature
 * does not verify is refused with 401 before anything else happens.
 */
export async function requireAppProxy(request: Request): Promise<AppProxyContext> {
  const params = new URL(request.url).searchParams;
  const shop = params.get("shop") ?? "";
  if (!MYSHOPIFY_DOMAIN.test(shop) || !verifyAppProxySignature(params, config.SHOPIFY_API_SECRET, new Date())) {
    throw Response.json({ error: "Invalid app proxy signature" }, { status: 401 });
  }
  const customer = params.get("logged_in_customer_id");
  addLogContext({ shop });
  return {
    shop,
    customerId: customer ? `gid://shopify/Customer/${customer}` : null,
    query: params,
  };
}

/** A Flow action's body is its properties, a few hundred bytes: this stops a flood from being buffered before the signature is checked. */
const FLOW_ACTION_MAX_BYTES = 64 * 1024;

export interface FlowActionContext {
  shop: string;
  /** The request body as Flow sent it (shopify.dev, "Create Flow action endpoints"), not yet parsed. */
  payload: unknown;
}

/**
 * Every Shopify Flow action request starts here. The library's authenticate.flow checks the
 * X-Shopify-Hmac-Sha256 signature over the body and finds the shop's offline session; it answers
 * a request it cannot verify (a bad or missing signature, a shop without the app) with a bare
 * 400, answered 401 here as the app's other signed routes do. Flow counts any 4XX but 429 as the
 * action failed, without retrying it.
 */
export async function requireFlowAction(request: Request): Promise<FlowActionContext> {
  if (request.method !== "POST")
    throw Response.json({ error: "Flow actions are sent with POST" }, { status: 405, headers: { Allow: "POST" } });
  const body = await readBodyBytes(request, FLOW_ACTION_MAX_BYTES).catch(answerBodyError);
  let verified: Awaited<ReturnType<typeof authenticate.flow>>;
  try {
    verified = await authenticate.flow(new Request(request.url, { method: "POST", headers: request.headers, body }));
  } catch (error) {
    if (error instanceof Response && error.status === 400) {
      throw Response.json({ error: "The request is not signed by Shopify Flow for a shop that has the app" }, { status: 401 });
    }
    throw error;
  }
  addLogContext({ shop: verified.session.shop });
  return { shop: verified.session.shop, payload: verified.payload };
}

type AuthenticateExtension = (request: Request) => Promise<{ sessionToken: { aud?: unknown; dest?: unknown; sub?: unknown } }>;

async function requireExtension(request: Request, authenticateExtension: AuthenticateExtension): Promise<ExtensionCaller> {
  // Answers a preflight (OPTIONS) with 204; refuses a missing, forged or expired token with 401.
  const { sessionToken } = await authenticateExtension(request);
  const caller = extensionCaller(sessionToken, config.SHOPIFY_API_KEY);
  if (!caller) throw Response.json({ error: "Invalid session token" }, { status: 401 });
  addLogContext({ shop: caller.shop });
  return caller;
}

/**
 * Every customer-account UI extension route starts here: the session token verified, the shop
 * from its `dest`, the customer from its `sub` (null for none). Routes wrap their loader and
 * action in extensionRoute (CORS on every answer).
 */
export const requireCustomerAccount = (request: Request) => requireExtension(request, authenticate.public.customerAccount);

/** Every checkout UI extension (thank-you page) route starts here; guests have no customer. */
export const requireCheckout = (request: Request) => requireExtension(request, authenticate.public.checkout);
