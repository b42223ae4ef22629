import { describe, expect, it } from "vitest";
import db from "../db.server";
import { productReviewSummary, publishedReviewsPage } from "./storefront-reviews.server";
import { REVIEW_THUMBNAIL_SIZE, sizedPhoto } from "./photo-urls";
import { decodeShopperCursor, SHOPPER_SORTS, type ShopperPosition, type ShopperSort } from "./shopper-cursor";
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
    const one = await storeReview(db, shop, {
      productId: JACKET,
      rating: 1,
      createdAt: new Date(Date.UTC(2030, 0, 3, 23, 59, 59, 999)),
      reply: "Sorry! We sent a new one.",
    });
    const newFive = await storeReview(db, shop, { productId: JACKET, rating: 5, createdAt: at(4) });
    await storeReview(db, shop, { productId: JACKET, rating: 5, createdAt: at(5), status: "pending" });
    return { shop, ids: { oldFive: oldFive.id, three: three.id, one: one.id, newFive: newFive.id } };
  }
  const idsOf = (page: { reviews: { id: string }[] }) => page.reviews.map((review) => review.id);

  it("sorts by newest, highest, lowest and photos first", async () => {
    const { shop, ids } = await seed();
    const page = (sort: ShopperSort) => publishedReviewsPage(db, shop, JACKET, { sort, pageSize: 10 });
    expect(idsOf(await page("newest"))).toEqual([ids.newFive, ids.one, ids.three, ids.oldFive]);
    expect(idsOf(await page("highest"))).toEqual([ids.newFive, ids.oldFive, ids.three, ids.one]);
    expect(idsOf(await page("lowest"))).toEqual([ids.one, ids.three, ids.newFive, ids.oldFive]);
    expect(idsOf(await page("photos"))).toEqual([ids.three, ids.newFive, ids.one, ids.oldFive]);
    expect((await page("newest")).nextCursor).toBeNull();
  });

  it("filters by rating, at most 20 a page", async () => {
    const { shop, ids } = await seed();
    const first = await publishedReviewsPage(db, shop, JACKET, { sort: "newest", rating: 5, pageSize: 1 });
    expect(idsOf(first)).toEqual([ids.newFive]);
    const after = decodeShopperCursor(first.nextCursor!, { sort: "newest", rating: 5 });
    expect(await publishedReviewsPage(db, shop, JACKET, { sort: "newest", rating: 5, after, pageSize: 1 })).toMatchObject({
      reviews: [{ id: ids.oldFive }],
      nextCursor: null,
    });
    expect(idsOf(await publishedReviewsPage(db, shop, JACKET, { sort: "lowest", rating: 3, pageSize: 5 }))).toEqual([ids.three]);
    expect((await publishedReviewsPage(db, shop, JACKET, { sort: "newest", pageSize: 500 })).reviews).toHaveLength(4);
    expect((await publishedReviewsPage(db, newShop(), JACKET, { sort: "newest", pageSize: 5 })).reviews).toEqual([]);
  });

  // Many reviews share a rating, a photo count, a helpful count and even a timestamp, and some are a
  // millisecond apart: the cursor must neither skip nor repeat any of them, in every sort, with and
  // without a rating filter.
  it("walks every sort page by page with cursors: each review once, in the one-query order", async () => {
    const shop = newShop();
    const sameMoment = at(9);
    for (let n = 0; n < 23; n++) {
      await storeReview(db, shop, {
        productId: JACKET,
        rating: 1 + (n % 5),
        createdAt: n % 4 === 0 ? sameMoment : new Date(at(1 + (n % 7)).getTime() + (n % 3)),
        helpfulCount: n % 3,
        photos: n % 6 === 0 ? [{ url: `https://cdn.example/${n}.jpg` }] : [],
      });
    }
    await storeReview(db, shop, { productId: JACKET, rating: 5, status: "pending" });
    const all = await db.review.findMany({ where: { shop, status: "published" } });
    const newestFirst = (a: (typeof all)[number], b: (typeof all)[number]) =>
      b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
    const expected: Record<ShopperSort, (a: (typeof all)[number], b: (typeof all)[number]) => number> = {
      newest: newestFirst,
      highest: (a, b) => b.rating - a.rating || newestFirst(a, b),
      lowest: (a, b) => a.rating - b.rating || newestFirst(a, b),
      photos: (a, b) => b.photoCount - a.photoCount || newestFirst(a, b),
      helpful: (a, b) => b.helpfulCount - a.helpfulCount || newestFirst(a, b),
    };
    for (const sort of SHOPPER_SORTS) {
      for (const rating of [undefined, 2]) {
        const walked: string[] = [];
        let after: ShopperPosition | null = null;
        for (let pages = 0; pages < 30; pages++) {
          const page = await publishedReviewsPage(db, shop, JACKET, { sort, rating, after, pageSize: 4 });
          walked.push(...idsOf(page));
          if (!page.nextCursor) break;
          after = decodeShopperCursor(page.nextCursor, { sort, rating });
          expect(after, `${sort} ${rating}`).not.toBeNull();
        }
        const rows = all.filter((review) => !rating || review.rating === rating).sort(expected[sort]);
        expect(walked, `${sort}, rating ${rating ?? "any"}`).toEqual(rows.map((review) => review.id));
      }
    }
  });

  it("gives no next cursor when the page ends exactly at the last review", async () => {
    const { shop } = await seed();
    const first = await publishedReviewsPage(db, shop, JACKET, { sort: "highest", pageSize: 2 });
    const after = decodeShopperCursor(first.nextCursor!, { sort: "highest" });
    expect(await publishedReviewsPage(db, shop, JACKET, { sort: "highest", after, pageSize: 2 })).toMatchObject({ nextCursor: null });
  });

  it("returns only what shoppers may see, as plain JSON", async () => {
    const { shop, ids } = await seed();
    await db.review.updateMany({
      where: { shop },
      data: { authorEmail: "private@example.com", customerId: "gid://shopify/Customer/1", ipHash: "h" },
    });
    const { reviews } = await publishedReviewsPage(db, shop, JACKET, { sort: "lowest", pageSize: 2 });
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
          sizedPhoto("https://cdn.example/2.jpg", "second", REVIEW_THUMBNAIL_SIZE),
          sizedPhoto("https://cdn.example/1.jpg", "", REVIEW_THUMBNAIL_SIZE),
        ],
      },
    ]);
    expect(JSON.parse(JSON.stringify(reviews))).toEqual(reviews);
  });
});
