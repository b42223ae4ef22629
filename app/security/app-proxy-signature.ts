// Shopify's app proxy signature (shopify.dev, "Authenticate app proxies"): every query parameter
// except `signature` as key=value (repeated values joined by ","), sorted, concatenated, then hex
// HMAC-SHA256 with the API secret; plus a timestamp within 90 seconds, as Shopify's library
// checks. Verified here rather than with authenticate.public.appProxy, which also loads the
// shop's offline session from the database on every storefront request.
import { hmacSha256, signaturesMatch } from "../lib/hash.server";

export const MAX_CLOCK_SKEW_SECONDS = 90;
// Shopify sends these once; a repeated one is a forgery trying to change what is signed.
const SINGLE_VALUE_PARAMS = ["shop", "signature", "timestamp", "logged_in_customer_id", "path_prefix"];

export function verifyAppProxySignature(params: URLSearchParams, secret: string, now: Date): boolean {
  if (SINGLE_VALUE_PARAMS.some((key) => params.getAll(key).length > 1)) return false;
  const signature = params.get("signature");
  const timestamp = Number(params.get("timestamp"));
  if (!signature || !Number.isInteger(timestamp) || Math.abs(now.getTime() / 1000 - timestamp) > MAX_CLOCK_SKEW_SECONDS) return false;

  const values = new Map<string, string[]>();
  for (const [key, value] of params) if (key !== "signature") values.set(key, [...(values.get(key) ?? []), value]);
  const message = [...values]
    .map(([key, list]) => `${key}=${list.join(",")}`)
    .sort()
    .join("");
  // Hex compared as text: Shopify sends lowercase, and upper case spells the same bytes.
  return signaturesMatch(signature.toLowerCase(), hmacSha256(secret, message, "hex"));
}
