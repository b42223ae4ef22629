// Session tokens for the app's UI extensions in the storefront preview and the tests.
import { createHmac, randomUUID } from "node:crypto";
/**
 * A session token as Shopify gives the extensions (customer-account-ui-extensions, Session Token
 * API): an HS256 JWT signed with the app's secret, `dest` the shop's myshopify domain, `aud` the
 * app's client id, five minutes long, `sub` the customer's GID only for a logged-in customer.
 */
export function signSessionToken(
  {
    shop,
    customerId,
    apiKey,
    expiresIn = 300,
    extra = {},
  }: { shop: string; customerId: string | null; apiKey: string; expiresIn?: number; extra?: Record<string, unknown> },
  secret: string,
): string {
  const now = Math.floor(Date.now() / 1000);
  const payload = {
    dest: shop,
    aud: apiKey,
    exp: now + expiresIn,
    nbf: now - 5,
    iat: now - 5,
    jti: randomUUID(),
    ...(customerId ? { sub: customerId } : {}),
    ...extra,
  };
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const unsigned = `${encode({ alg: "HS256", typ: "JWT" })}.${encode(payload)}`;
  return `${unsigned}.${createHmac("sha256", secret).update(unsigned).digest("base64url")}`;
}
