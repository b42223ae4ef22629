// Links from the app's pages to Shopify admin, pure. Embedded, App Bridge opens `shopify://admin/…`
// links in the admin around the app (shopify.dev, App Home "Navigation API": `<a href="shopify://admin/orders/456"
// target="_top">`). Outside the admin (the standalone demo) there is no App Bridge to resolve
// them, so the link is the admin's own web address for the store.

/** "gid://shopify/Order/450789469" → "450789469"; null for anything else. */
export function orderNumber(orderGid: string): string | null {
  return /^gid:\/\/shopify\/Order\/([0-9]+)$/.exec(orderGid)?.[1] ?? null;
}

/** The order's page in Shopify admin, or null when `orderGid` is not an Order GID. */
export function adminOrderUrl(orderGid: string, { embedded, shop }: { embedded: boolean; shop: string }): string | null {
  const id = orderNumber(orderGid);
  if (!id) return null;
  if (embedded) return `shopify://admin/orders/${id}`;
  const store = shop.replace(/\.myshopify\.com$/, "");
  return `https://admin.shopify.com/store/${encodeURIComponent(store)}/orders/${id}`;
}
