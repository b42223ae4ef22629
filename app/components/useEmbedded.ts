import { useRouteLoaderData } from "@remix-run/react";
import { ADMIN_LAYOUT_ROUTE_ID, type AdminLayoutData } from "../nav";

/**
 * True inside Shopify admin (App Bridge is loaded), false in the standalone demo, where the
 * layout wraps pages in Polaris' Frame instead.
 */
export function useEmbedded(): boolean {
  return useRouteLoaderData<AdminLayoutData>(ADMIN_LAYOUT_ROUTE_ID)?.embedded ?? false;
}
