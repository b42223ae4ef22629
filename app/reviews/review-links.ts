// Signed, expiring links from review-request emails. One token covers every product of an
// order, so a buyer can review them all from one email; the signature binds it to the shop
// and the order, so a link cannot be edited to review other products or another shop.
import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";

export interface ReviewLinkClaims {
  shop: string;
  orderId: string;
  productIds: string[];
  expiresAt: Date;
}

export type ReviewTokenRejection = "malformed" | "bad_signature" | "expired" | "wrong_shop";

export type ReviewTokenResult = { ok: true; claims: ReviewLinkClaims } | { ok: false; reason: ReviewTokenRejection };

// The secret may sign other things too; the purpose prefix keeps those from verifying here.
const PURPOSE = "review-link.v1";
// payload "." signature, both base64url; a SHA-256 signature is 43 characters.
const TOKEN = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{43})$/;

const Payload = z.object({
  shop: z.string(),
  orderId: z.string(),
  productIds: z.array(z.string()).min(1),
  exp: z.number().int(), // seconds since the epoch
});

function sign(payload: string, secret: string): string {
  return createHmac("sha256", secret).update(`${PURPOSE}.${payload}`).digest("base64url");
}

export function createReviewToken(claims: ReviewLinkClaims, secret: string): string {
  if (claims.productIds.length === 0) throw new Error("createReviewToken: an order without products has nothing to review");
  const payload = Buffer.from(
    JSON.stringify({
      shop: claims.shop,
      orderId: claims.orderId,
      productIds: [...new Set(claims.productIds)],
      exp: Math.floor(claims.expiresAt.getTime() / 1000),
    }),
  ).toString("base64url");
  return `${payload}.${sign(payload, secret)}`;
}

export function verifyReviewToken(token: string, { shop, secret, now }: { shop: string; secret: string; now: Date }): ReviewTokenResult {
  const match = TOKEN.exec(token);
  if (!match) return { ok: false, reason: "malformed" };
  const [, payload, signature] = match;
  // Compared as text, not decoded bytes: base64url has several spellings of the same bytes.
  const expected = Buffer.from(sign(payload, secret));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "bad_signature" };

  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    return { ok: false, reason: "malformed" };
  }
  const claims = Payload.safeParse(parsed);
  if (!claims.success) return { ok: false, reason: "malformed" };
  if (claims.data.shop !== shop) return { ok: false, reason: "wrong_shop" };
  const expiresAt = new Date(claims.data.exp * 1000);
  if (now.getTime() >= expiresAt.getTime()) return { ok: false, reason: "expired" };
  return { ok: true, claims: { shop: claims.data.shop, orderId: claims.data.orderId, productIds: claims.data.productIds, expiresAt } };
}
