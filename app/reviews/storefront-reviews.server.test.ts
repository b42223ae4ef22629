import { describe, expect, it } from "vitest";
import db from "../db.server";
import { productReviewSummary, publishedReviewsPage } from "./storefront-reviews.server";
import { newShop, storeReview } from "./test-fixtures";

const JACKET = "gid://shopify/Product/301";
const at = (day: number) => new Date(Date.UTC(2030, 0, day, 12));

describe("productReviewSummary", () => {
  it("summarises the product's published reviews only", async () => {
    const shop = newShop();
    for (const rating of [5, 5, 4, 2]) await storeReview(db, shop, { productId: JACKET, rating });
    await storeReview(db, shop, { productId: JACKET, rating: 1, status: "pending" });
    await storeReview(db, shop, { productId: JACKET, rating: 1, status: "rejected" });
    await storeReview(db, shop, { productId: "gid://shopify/Product/302", rating: 1 });
    await storeReview(db, newShop(), { productId: JACKET, rating: 1 });

    expect(await productReviewSummary(db, shop, JACKET)).toEqual({ average: 4, count: 4, distribution: { 1: 0, 2: 1, 3: 0, 4: 1, 5: 2 } });
    expect(await productReviewSummary(db, shop, "gid://shopify/Product/999")).toEqual({
      average: 0,
      count: 0,
      distribution: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 },
    });
  });
});

describe("publishedReviewsPage", () => {
  async function seed() {
    const shop = newShop();
    const oldFive = await storeReview(db, shop, { productId: JACKET, rating: 5, createdAt: at(1) });
    const three = await storeReview(db, shop, {
      productId: JACKET,
      rating: 3,
      createdAt: at(2),
      photos: [{ url: "https://cdn.example/2.jpg", altText: "second" }, { url: "https://cdn.example/1.jpg" }],
    });
    const one = await storeReview(db, shop, { productId: JACKET, rating: 1, createdAt: at(3), reply: "Sorry! We sent a new one." });
    const newFive = await storeReview(db, shop, { productId: JACKET, rating: 5, createdAt: at(4) });
    await storeReview(db, shop, { productId: JACKET, rating: 5, createdAt: at(5), status: "pending" });
    return { shop, ids: { oldFive: oldFive.id, three: three.id, one: one.id, newFive: newFive.id } };
  }
  const idsOf = (page: { reviews: { id: string }[] }) => page.reviews.map((review) => review.id);

  it("sorts by newest, highest, lowest and photos first", async () => {
    const { shop, ids } = await seed();
    const page = (sort: "newest" | "highest" | "lowest" | "photos") =>
      publishedReviewsPage(db, shop, JACKET, { sort, page: 1, pageSize: 10 });
    expect(idsOf(await page("newest"))).toEqual([ids.newFive, ids.one, ids.three, ids.oldFive]);
    expect(idsOf(await page("highest"))).toEqual([ids.newFive, ids.oldFive, ids.three, ids.one]);
    expect(idsOf(await page("lowest"))).toEqual([ids.one, ids.three, ids.newFive, ids.oldFive]);
    expect(idsOf(await page("photos"))).toEqual([ids.three, ids.newFive, ids.one, ids.oldFive]);
  });

  it("filters by rating and pages, at most 20 a page", async () => {
    const { shop, ids } = await seed();
    expect(await publishedReviewsPage(db, shop, JACKET, { sort: "newest", rating: 5, page: 2, pageSize: 1 })).toMatchObject({
      reviews: [{ id: ids.oldFive }],
      page: 2,
      pageSize: 1,
      hasMore: false,
    });
    expect(await publishedReviewsPage(db, shop, JACKET, { sort: "newest", rating: 5, page: 1, pageSize: 1 })).toMatchObject({
      reviews: [{ id: ids.newFive }],
      hasMore: true,
    });
    expect((await publishedReviewsPage(db, shop, JACKET, { sort: "newest", page: 1, pageSize: 500 })).pageSize).toBe(20);
    expect((await publishedReviewsPage(db, newShop(), JACKET, { sort: "newest", page: 1, pageSize: 5 })).reviews).toEqual([]);
  });

  it("returns only what shoppers may see, as plain JSON", async () => {
    const { shop, ids } = await seed();
    await db.review.updateMany({
      where: { shop },
      data: { authorEmail: "private@example.com", customerId: "gid://shopify/Customer/1", ipHash: "h" },
    });
    const { reviews } = await publishedReviewsPage(db, shop, JACKET, { sort: "lowest", page: 1, pageSize: 2 });
    expect(reviews).toEqual([
      {
        id: ids.one,
        rating: 1,
        title: "",
        body: expect.any(String),
        authorName: "Sam",
        verified: false,
        createdAt: "2030-01-03",
        reply: "Sorry! We sent a new one.",
        helpfulCount: 0,
        photos: [],
      },
      {
        id: ids.three,
        rating: 3,
        title: "",
        body: expect.any(String),
        authorName: "Sam",
        verified: false,
        createdAt: "2030-01-02",
        reply: null,
        helpfulCount: 0,
        photos: [
          { url: "https://cdn.example/2.jpg", alt: "second" },
          { url: "https://cdn.example/1.jpg", alt: "" },
        ],
      },
    ]);
    expect(JSON.parse(JSON.stringify(reviews))).toEqual(reviews);
  });
});
