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

/** Pages under the menu's, by path; a member or template page takes its section's title. */
const SUBPAGE_TITLES: Record<string, string> = {
  "/app/reviews/settings": "Review settings",
  "/app/reviews/import": "Import reviews",
  "/app/reviews/tasks": "Follow-up tasks",
  "/app/emails/settings": "Email settings",
  "/app/emails/templates": "Email template",
  "/app/loyalty/members": "Members",
  "/app/loyalty/rewards": "Rewards",
  "/app/loyalty/tiers": "VIP tiers",
  "/app/loyalty/settings": "Loyalty settings",
};

/** The browser tab's title for an admin path: "Review settings · Retention". */
export function adminPageTitle(pathname: string): string {
  const path = pathname.replace(/\/+$/, "") || "/";
  const longest = (candidates: [string, string][]) =>
    candidates.filter(([url]) => path === url || path.startsWith(`${url}/`)).sort(([a], [b]) => b.length - a.length)[0]?.[1];
  const page =
    longest(Object.entries(SUBPAGE_TITLES)) ??
    longest(NAV_ITEMS.filter((item) => item.url !== "/app").map((item) => [item.url, item.label])) ??
    "Dashboard";
  return `${page} · Retention`;
}

/** What the admin layout (routes/app.tsx) loads for every page under it. */
export interface AdminLayoutData {
  apiKey: string;
  /** True inside Shopify admin (App Bridge), false in the standalone demo. */
  embedded: boolean;
  shop: string;
}

/** The layout route's id, for useRouteLoaderData. */
export const ADMIN_LAYOUT_ROUTE_ID = "routes/app";
