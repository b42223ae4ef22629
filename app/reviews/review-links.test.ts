import { describe, expect, it } from "vitest";
import { createReviewToken, verifyReviewToken } from "./review-links";

const SECRET = "review-link-secret";
const SHOP = "alpine-outfitters.myshopify.com";
const now = new Date("2030-05-01T12:00:00Z");
const claims = {
  shop: SHOP,
  orderId: "gid://shopify/Order/1001",
  productIds: ["gid://shopify/Product/1", "gid://shopify/Product/2"],
  expiresAt: new Date("2030-06-01T12:00:00Z"),
};

/** Replaces one character with another of the base64url alphabet. */
function flip(text: string, index: number): string {
  return text.slice(0, index) + (text[index] === "A" ? "B" : "A") + text.slice(index + 1);
}

describe("review links", () => {
  it("round-trips the claims of a valid token, URL-safe as it is", () => {
    const token = createReviewToken(claims, SECRET);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(verifyReviewToken(token, { shop: SHOP, secret: SECRET, now })).toEqual({ ok: true, claims });
  });

  it("refuses an expired token, from the second it expires", () => {
    const token = createReviewToken(claims, SECRET);
    expect(verifyReviewToken(token, { shop: SHOP, secret: SECRET, now: claims.expiresAt })).toEqual({ ok: false, reason: "expired" });
    expect(verifyReviewToken(token, { shop: SHOP, secret: SECRET, now: new Date(claims.expiresAt.getTime() - 1000) }).ok).toBe(true);
  });

  it("refuses a token whose payload was changed to add a product", () => {
    const token = createReviewToken(claims, SECRET);
    const [, signature] = token.split(".");
    const forgedPayload = Buffer.from(
      JSON.stringify({
        shop: SHOP,
        orderId: claims.orderId,
        productIds: [...claims.productIds, "gid://shopify/Product/3"],
        exp: 1_900_000_000,
      }),
    ).toString("base64url");
    expect(verifyReviewToken(`${forgedPayload}.${signature}`, { shop: SHOP, secret: SECRET, now })).toEqual({
      ok: false,
      reason: "bad_signature",
    });
    expect(verifyReviewToken(flip(token, 5), { shop: SHOP, secret: SECRET, now })).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("refuses a token with a changed signature, including its last character", () => {
    const token = createReviewToken(claims, SECRET);
    expect(verifyReviewToken(flip(token, token.length - 1), { shop: SHOP, secret: SECRET, now })).toEqual({
      ok: false,
      reason: "bad_signature",
    });
    expect(verifyReviewToken(flip(token, token.indexOf(".") + 1), { shop: SHOP, secret: SECRET, now })).toEqual({
      ok: false,
      reason: "bad_signature",
    });
    expect(verifyReviewToken(createReviewToken(claims, "another-secret"), { shop: SHOP, secret: SECRET, now })).toEqual({
      ok: false,
      reason: "bad_signature",
    });
  });

  it("refuses another shop's token", () => {
    const token = createReviewToken({ ...claims, shop: "other-store.myshopify.com" }, SECRET);
    expect(verifyReviewToken(token, { shop: SHOP, secret: SECRET, now })).toEqual({ ok: false, reason: "wrong_shop" });
  });

  it("refuses to sign a link that covers no product", () => {
    expect(() => createReviewToken({ ...claims, productIds: [] }, SECRET)).toThrow(/without products/);
  });

  it("calls anything that is not a token malformed", () => {
    for (const token of ["", "abc", "a.b", "a.b.c", `${"x".repeat(10)}.${"y".repeat(42)}`, "héllo.wörld"]) {
      expect(verifyReviewToken(token, { shop: SHOP, secret: SECRET, now })).toEqual({ ok: false, reason: "malformed" });
    }
  });
});
