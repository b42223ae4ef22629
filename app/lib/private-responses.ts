// Answers meant for one shopper or customer (storefront and customer-account routes): no shared
// cache (Shopify's, a CDN's) or browser may keep them.

const PRIVATE = { "Cache-Control": "private, no-store" } as const;

export function privateJson(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { ...PRIVATE, ...headers } });
}

/** A page Shopify's app proxy renders inside the shop's theme. */
export function privateLiquid(body: string, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(body, { status, headers: { "Content-Type": "application/liquid", ...PRIVATE, ...headers } });
}
