// Who a UI extension's request comes from. Customer-account and checkout extensions send the
// session token Shopify gives them (`shopify.sessionToken.get()`) as a Bearer token: a JWT signed
// with the app's secret (HS256, 5 minutes). @shopify/shopify-app-remix's
// `authenticate.public.customerAccount` / `.checkout` verify the signature, exp and nbf, but not
// the audience, and they leave the shop and the customer to the app: this reads them. Claims as
// Shopify documents them (customer-account-ui-extensions, Session Token API): `dest` is the shop
// ("store-name.myshopify.com"), `aud` the app's client id, `sub` the customer's GID when a
// customer is logged in and the app may read customers (absent for guests).

export interface ExtensionCaller {
  shop: string;
  /** The logged-in customer's GID; null for a guest (no `sub`). */
  customerId: string | null;
}

export const MYSHOPIFY_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;
const CUSTOMER_GID = /^gid:\/\/shopify\/Customer\/[1-9]\d{0,19}$/;

/** The shop and customer a verified token names; null when it is not a token for this app and a shop. */
export function extensionCaller(claims: { aud?: unknown; dest?: unknown; sub?: unknown }, apiKey: string): ExtensionCaller | null {
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.includes(apiKey)) return null;
  // Admin tokens carry "https://store.myshopify.com" in dest; extension tokens the bare domain.
  const shop = typeof claims.dest === "string" ? claims.dest.replace(/^https:\/\//, "") : "";
  if (!MYSHOPIFY_DOMAIN.test(shop)) return null;
  if (claims.sub === undefined || claims.sub === null || claims.sub === "") return { shop, customerId: null };
  if (typeof claims.sub !== "string" || !CUSTOMER_GID.test(claims.sub)) return null;
  return { shop, customerId: claims.sub };
}
