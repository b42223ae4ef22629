/** The admin's pages, in menu order. */
export const NAV_ITEMS = [
  { url: "/app", label: "Dashboard" },
  { url: "/app/reviews", label: "Reviews" },
  { url: "/app/emails", label: "Emails" },
  { url: "/app/loyalty", label: "Loyalty" },
  { url: "/app/free-shipping", label: "Free shipping" },
  { url: "/app/privacy", label: "Privacy" },
  { url: "/app/settings", label: "Settings" },
] as const;

/** What the admin layout (routes/app.tsx) loads for every page under it. */
export interface AdminLayoutData {
  apiKey: string;
  /** True inside Shopify admin (App Bridge), false in the standalone demo. */
  embedded: boolean;
  shop: string;
}

/** The layout route's id, for useRouteLoaderData. */
export const ADMIN_LAYOUT_ROUTE_ID = "routes/app";
