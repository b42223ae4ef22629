// The embedded admin as the demo shop sees it, for tests that post to admin routes: the app's
// Admin API calls go to a simulator, and the shop has its offline session.
import { startSimulator } from "../../scripts/simulator/server";
import { storeOfflineSession } from "../../scripts/simulator/install";
import { DEMO_ACCESS_TOKEN, DEMO_SHOP_DOMAIN } from "../../scripts/simulator/demo-store";
import { adminRequest, routeResponse, type FormFields } from "./shopify-requests";

export const ADMIN_SHOP = DEMO_SHOP_DOMAIN;

export interface AdminApp {
  db: typeof import("../../app/db.server").default;
  /** The admin route's action, as Remix would answer the embedded admin's form post. */
  post(route: string, form: FormFields, params?: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }>;
  close(): Promise<void>;
}

export async function startAdminApp(): Promise<AdminApp> {
  const simulator = await startSimulator({
    appUrl: "http://127.0.0.1:9",
    apiKey: process.env.SHOPIFY_API_KEY!,
    apiSecret: process.env.SHOPIFY_API_SECRET!,
  });
  process.env.SHOPIFY_ADMIN_API_ORIGIN = simulator.url;
  const shopify = await import("../../app/shopify.server");
  const db = (await import("../../app/db.server")).default;
  await storeOfflineSession(shopify.sessionStorage, { shop: ADMIN_SHOP, accessToken: DEMO_ACCESS_TOKEN });
  return {
    db,
    async post(route, form, params = {}) {
      const module = (await import(`../../app/routes/${route}.tsx`)) as { action: (args: never) => Promise<unknown> };
      const request = await adminRequest(ADMIN_SHOP, "/", form);
      const response = await routeResponse(() => module.action({ request, params, context: {} } as never));
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    },
    close: () => simulator.close(),
  };
}
