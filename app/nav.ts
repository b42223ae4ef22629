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
