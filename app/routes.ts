// The app's routes: one file per URL under app/routes (Remix flat routes), as Shopify's app
// template lays them out. Tests beside routes are not routes.
import type { RouteConfig } from "@remix-run/route-config";
import { flatRoutes } from "@remix-run/fs-routes";

export default flatRoutes({ ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}"] }) satisfies RouteConfig;
