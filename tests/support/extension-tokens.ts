// Session tokens for the app's UI-extension routes, signed as Shopify signs them
// (signSessionToken), with the test app's key and secret unless a test forges them.
import { signSessionToken } from "../../scripts/storefront/session-token";

export interface TokenClaims {
  shop: string;
  /** Customer GID; null for a guest (no sub claim). */
  customerId: string | null;
  apiKey?: string;
  secret?: string;
  /** Seconds from now; negative for an expired token. */
  expiresIn?: number;
}

export function extensionSessionToken({ shop, customerId, apiKey, secret, expiresIn }: TokenClaims): string {
  return signSessionToken(
    { shop, customerId, apiKey: apiKey ?? process.env.SHOPIFY_API_KEY!, expiresIn },
    secret ?? process.env.SHOPIFY_API_SECRET!,
  );
}
