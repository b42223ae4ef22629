// Signed, expiring links from review-request emails. One token covers every product of an
// order, so a buyer can review them all from one email; the signature binds it to the shop
// and the order, so a link cannot be edited to review other products or another shop.
import { z } from "zod";
import { readSignedToken, signToken } from "../security/signed-token";

export interface ReviewLinkClaims {
  shop: string;
  orderId: string;
  productIds: string[];
  expiresAt: Date;
}

export type ReviewTokenRejection = "malformed" | "bad_signature" | "expired" | "wrong_shop";

export type ReviewTokenResult = { ok: true; claims: ReviewLinkClaims } | { ok: false; reason: ReviewTokenRejection };

const PURPOSE = "review-link.v1";

const Payload = z.object({
  shop: z.string(),
  orderId: z.string(),
  productIds: z.array(z.string()).min(1),
  exp: z.number().int(), // seconds since the epoch
});

export function createReviewToken(claims: ReviewLinkClaims, secret: string): string {
  if (claims.productIds.length === 0) throw new Error("createReviewToken: an order without products has nothing to review");
  return signToken(
    PURPOSE,
    {
      shop: claims.shop,
      orderId: claims.orderId,
      productIds: [...new Set(claims.productIds)],
      exp: Math.floor(claims.expiresAt.getTime() / 1000),
    },
    secret,
  );
}

export function verifyReviewToken(token: string, { shop, secret, now }: { shop: string; secret: string; now: Date }): ReviewTokenResult {
  const read = readSignedToken(PURPOSE, token, secret);
  if (!read.ok) return read;
  const claims = Payload.safeParse(read.payload);
  if (!claims.success) return { ok: false, reason: "malformed" };
  if (claims.data.shop !== shop) return { ok: false, reason: "wrong_shop" };
  const expiresAt = new Date(claims.data.exp * 1000);
  if (now.getTime() >= expiresAt.getTime()) return { ok: false, reason: "expired" };
  return { ok: true, claims: { shop: claims.data.shop, orderId: claims.data.orderId, productIds: claims.data.productIds, expiresAt } };
}
