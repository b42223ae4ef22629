import { useRouteLoaderData } from "@remix-run/react";
import type { loader as adminLayoutLoader } from "../routes/app";

/**
 * True inside Shopify admin (App Bridge is loaded), false in the standalone demo, where the
 * layout wraps pages in Polaris' Frame instead.
 */
export function useEmbedded(): boolean {
  const data = useRouteLoaderData<typeof adminLayoutLoader>("routes/app");
  return data?.embedded ?? false;
}
