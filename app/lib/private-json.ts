// JSON answers meant for one shopper or customer (storefront and customer-account routes): no
// shared cache (Shopify's, a CDN's) or browser may keep them.

export function privateJson(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { "Cache-Control": "private, no-store", ...headers } });
}
