import { describe, expect, it } from "vitest";
import db from "../db.server";
import { loadReviewPage, submitReviewPage } from "./review-page.server";
import type { ReviewLinkClaims } from "./review-links";
import { newShop, recordOrder, storeReview } from "./test-fixtures";

const SOAP = "gid://shopify/Product/11";
const MUG = "gid://shopify/Product/12";
const TEA = "gid://shopify/Product/13";
const CUSTOMER = "gid://shopify/Customer/5";
const now = new Date("2030-03-01T10:00:00Z");
const images = async (ids: string[]) =>
  new Map(ids.filter((id) => id !== TEA).map((id) => [id, `https://cdn.example/${id.split("/").pop()}.png`]));
const noAdmin = () => Promise.reject(new Error("Shopify is not asked: the link proves the products"));

async function linkFor(productIds = [SOAP, MUG, TEA]): Promise<ReviewLinkClaims> {
  const shop = newShop();
  const orderId = await recordOrder(db, shop, { customerId: CUSTOMER, productIds });
  await db.order.update({ where: { id: orderId }, data: { email: "Buyer@Example.com", customerFirstName: "Ana", customerLocale: "el" } });
  return { shop, orderId, productIds, expiresAt: new Date("2030-04-01T00:00:00Z") };
}

describe("loadReviewPage", () => {
  it("offers every product of the link with its title and image, in the link's order", async () => {
    const claims = await linkFor();
    const state = await loadReviewPage(db, claims, images);
    expect(state.order).toMatchObject({ customerFirstName: "Ana", customerLocale: "el" });
    expect(state.open).toEqual([
      { id: SOAP, index: 0, title: "Product 1", imageUrl: "https://cdn.example/11.png", rating: null },
      { id: MUG, index: 1, title: "Product 2", imageUrl: "https://cdn.example/12.png", rating: null },
      { id: TEA, index: 2, title: "Product 3", imageUrl: null, rating: null },
    ]);
    expect(state.reviewed).toEqual([]);
  });

  it("leaves out what the buyer reviewed: from this order, as the customer elsewhere, or by the order's address", async () => {
    const claims = await linkFor();
    await storeReview(db, claims.shop, { productId: SOAP, orderId: claims.orderId });
    await storeReview(db, claims.shop, { productId: MUG, customerId: CUSTOMER, orderId: null, rating: 2 });
    const state = await loadReviewPage(db, claims, images);
    expect(state.open.map((product) => product.id)).toEqual([TEA]);
    expect(state.reviewed.map((product) => [product.id, product.rating])).toEqual([
      [SOAP, 5],
      [MUG, 2],
    ]);

    await storeReview(db, claims.shop, { productId: TEA, authorEmail: "buyer@example.com" });
    expect((await loadReviewPage(db, claims, images)).open).toEqual([]);
  });

  it("does not count someone else's review, or another shop's", async () => {
    const claims = await linkFor();
    await storeReview(db, claims.shop, { productId: SOAP, customerId: "gid://shopify/Customer/99", authorEmail: "other@example.com" });
    await storeReview(db, newShop(), { productId: MUG, customerId: CUSTOMER });
    expect((await loadReviewPage(db, claims, images)).open).toHaveLength(3);
  });
});

describe("submitReviewPage", () => {
  const entry = (index: number, productId: string, body: string) => ({ index, productId, rating: 5 - index, title: "", body, photos: [] });

  it("submits each product's review as a verified buyer's, one refusal leaving the others in", async () => {
    const claims = await linkFor();
    const copied = "Exactly the words someone already posted.";
    await storeReview(db, claims.shop, { productId: MUG, body: copied, customerId: "gid://shopify/Customer/99" });
    const { submitted, errors } = await submitReviewPage(
      db,
      { entries: [entry(0, SOAP, "Creamy lather, lasts for weeks."), entry(1, MUG, copied)], authorName: "Ana", honeypot: "" },
      { claims, locale: "en", ipHash: "ip", now, admin: noAdmin },
    );
    expect(submitted).toEqual([{ productId: SOAP, rating: 5, title: "", status: "published", photoCount: 0 }]);
    expect(errors).toEqual({ "reviews[1].body": ["This review has already been submitted."] });
    const stored = await db.review.findFirstOrThrow({ where: { shop: claims.shop, orderId: claims.orderId } });
    expect(stored).toMatchObject({
      productId: SOAP,
      verified: true,
      source: "request_email",
      authorName: "Ana",
      authorEmail: "buyer@example.com",
    });
  });

  it("takes a product reviewed from another tab meanwhile as done, without an error", async () => {
    const claims = await linkFor();
    await storeReview(db, claims.shop, { productId: SOAP, orderId: claims.orderId });
    const result = await submitReviewPage(
      db,
      { entries: [entry(0, SOAP, "A second try at the same soap.")], authorName: "Ana", honeypot: "" },
      { claims, locale: "el", ipHash: "ip", now, admin: noAdmin },
    );
    expect(result).toEqual({ submitted: [], errors: {} });
  });
});
