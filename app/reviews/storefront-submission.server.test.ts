import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import db from "../db.server";
import { AdminApiError, type AdminClient } from "../shopify/admin.server";
import { createReviewToken } from "./review-links";
import { submitStorefrontReview, type StorefrontReviewContext, type StorefrontReviewForm } from "./storefront-submission.server";
import { newShop, recordOrder } from "./test-fixtures";

const SECRET = "test-secret";
const now = new Date("2030-03-01T10:00:00Z");
const CUSTOMER = "gid://shopify/Customer/7";
// shopHasProduct remembers answers per shop and product: each test reviews a product of its own.
const newProduct = () => `gid://shopify/Product/${Math.floor(Math.random() * 1e12)}`;

const noAdmin = async (): Promise<AdminClient> => expect.fail("Shopify not asked");

function form(productId: string, overrides: Partial<StorefrontReviewForm> = {}): StorefrontReviewForm {
  return {
    rating: "5",
    title: "Warm",
    body: `Wore it all winter. ${randomUUID()}`,
    authorName: "Ana",
    productId,
    photos: [],
    ...overrides,
  };
}

function context(shop: string, overrides: Partial<StorefrontReviewContext> = {}): StorefrontReviewContext {
  return { shop, customerId: CUSTOMER, secret: SECRET, ipHash: `ip-${randomUUID()}`, now, admin: noAdmin, ...overrides };
}

const storedReviews = (shop: string) => db.review.count({ where: { shop } });

describe("submitStorefrontReview", () => {
  it("accepts a review through a review-request link and publishes it by the default rules", async () => {
    const shop = newShop();
    const product = newProduct();
    const orderId = await recordOrder(db, shop, { customerId: null, productIds: [product] });
    const token = createReviewToken({ shop, orderId, productIds: [product], expiresAt: new Date("2030-04-01T00:00:00Z") }, SECRET);
    const outcome = await submitStorefrontReview(db, form(product, { token }), context(shop, { customerId: null }));
    expect(outcome).toEqual({ kind: "accepted", status: "published" });
    expect(await db.review.findFirst({ where: { shop }, select: { verified: true, verifiedBy: true } })).toEqual({
      verified: true,
      verifiedBy: "review_link",
    });
  });

  it("refuses a link signed for another shop, naming the token field", async () => {
    const shop = newShop();
    const product = newProduct();
    const token = createReviewToken(
      { shop: "other.myshopify.com", orderId: "gid://shopify/Order/1", productIds: [product], expiresAt: new Date("2030-04-01T00:00:00Z") },
      SECRET,
    );
    const outcome = await submitStorefrontReview(db, form(product, { token }), context(shop));
    expect(outcome).toEqual({ kind: "refused", httpStatus: 403, error: "This review link has expired or is not valid.", field: "token" });
    expect(await storedReviews(shop)).toBe(0);
  });

  it("refuses a file that is not an image before anything else", async () => {
    const shop = newShop();
    const photos = [{ filename: "notes.txt", bytes: new TextEncoder().encode("not an image") }];
    const outcome = await submitStorefrontReview(db, form(newProduct(), { photos }), context(shop));
    expect(outcome).toEqual({ kind: "refused", httpStatus: 422, error: "notes.txt is not a JPEG, PNG or WebP image.", field: "photos" });
  });

  it("names a wrong field as the storefront's form names it", async () => {
    const shop = newShop();
    const outcome = await submitStorefrontReview(db, form(newProduct(), { authorName: "" }), context(shop));
    expect(outcome).toMatchObject({ kind: "refused", httpStatus: 422, field: "author_name" });
  });

  it("answers a second review of the same product by the same buyer with 409", async () => {
    const shop = newShop();
    const product = newProduct();
    await recordOrder(db, shop, { customerId: CUSTOMER, productIds: [product] });
    expect(await submitStorefrontReview(db, form(product), context(shop))).toEqual({ kind: "accepted", status: "published" });
    expect(await submitStorefrontReview(db, form(product), context(shop))).toMatchObject({ kind: "refused", httpStatus: 409 });
  });

  it("says Shopify is unavailable when the product cannot be checked, storing nothing", async () => {
    const shop = newShop();
    const admin = async (): Promise<AdminClient> => {
      throw new AdminApiError("Shopify did not answer", "unreachable", null);
    };
    const outcome = await submitStorefrontReview(db, form(newProduct()), context(shop, { admin }));
    expect(outcome).toEqual({ kind: "shopify_unavailable" });
    expect(await storedReviews(shop)).toBe(0);
  });

  it("tells a bot that fills the honeypot its review is pending, storing nothing", async () => {
    const shop = newShop();
    const outcome = await submitStorefrontReview(db, form(newProduct(), { honeypot: "https://spam.example" }), context(shop));
    expect(outcome).toEqual({ kind: "accepted", status: "pending" });
    expect(await storedReviews(shop)).toBe(0);
  });
});
