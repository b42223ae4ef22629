import { describe, expect, it } from "vitest";
import { productReviewMetafields, SUMMARY_MAX_BYTES } from "./metafield-sync";
import { REVIEW_THUMBNAIL_SIZE, sizedPhoto } from "./photo-urls";
import type { ShopperReview } from "./shopper-view";

const PRODUCT = "gid://shopify/Product/42";

const review = (n: number, overrides: Partial<ShopperReview> = {}): ShopperReview => ({
  id: `r${n}`,
  rating: 5,
  title: `Title ${n}`,
  body: `Body ${n}`,
  authorName: `Author ${n}`,
  verified: true,
  createdAt: "2030-01-02",
  reply: null,
  helpfulCount: 0,
  photos: [],
  ...overrides,
});

describe("productReviewMetafields", () => {
  it("writes the standard rating and count and the app's summary", () => {
    const summary = { average: 4.5, count: 2, distribution: { 1: 0, 2: 0, 3: 0, 4: 1, 5: 1 } };
    const latest = [
      review(2, { photos: [sizedPhoto("https://cdn.example/a.jpg", "Worn", REVIEW_THUMBNAIL_SIZE)], reply: "Thank you!" }),
      review(1, { rating: 4, verified: false }),
    ];
    expect(productReviewMetafields(PRODUCT, summary, latest)).toEqual([
      {
        ownerId: PRODUCT,
        namespace: "reviews",
        key: "rating",
        type: "rating",
        value: '{"value":"4.5","scale_min":"1.0","scale_max":"5.0"}',
      },
      { ownerId: PRODUCT, namespace: "reviews", key: "rating_count", type: "number_integer", value: "2" },
      {
        ownerId: PRODUCT,
        namespace: "$app:reviews",
        key: "summary",
        type: "json",
        value:
          '{"average":4.5,"count":2,"distribution":{"1":0,"2":0,"3":0,"4":1,"5":1},"latest":[' +
          '{"id":"r2","rating":5,"title":"Title 2","body":"Body 2","authorName":"Author 2","verified":true,"createdAt":"2030-01-02","reply":"Thank you!","helpfulCount":0,"photos":[' +
          '{"thumbnailSrc":"https://cdn.example/a.jpg?width=80&height=80&crop=center",' +
          '"thumbnailSrcset":"https://cdn.example/a.jpg?width=80&height=80&crop=center 1x, https://cdn.example/a.jpg?width=160&height=160&crop=center 2x",' +
          '"lightboxSrc":"https://cdn.example/a.jpg?width=1200","alt":"Worn"}]},' +
          '{"id":"r1","rating":4,"title":"Title 1","body":"Body 1","authorName":"Author 1","verified":false,"createdAt":"2030-01-02","reply":null,"helpfulCount":0,"photos":[]}],"gallery":[]}',
      },
    ]);
  });

  it("writes a whole-number average with one decimal", () => {
    const [rating] = productReviewMetafields(PRODUCT, { average: 5, count: 1, distribution: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 1 } }, [
      review(1),
    ]);
    expect(rating!.value).toBe('{"value":"5.0","scale_min":"1.0","scale_max":"5.0"}');
  });

  it("writes no rating (it must be within its scale) but a zero count when there are no reviews", () => {
    expect(productReviewMetafields(PRODUCT, { average: 0, count: 0, distribution: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 } }, [])).toEqual([
      { ownerId: PRODUCT, namespace: "reviews", key: "rating_count", type: "number_integer", value: "0" },
      {
        ownerId: PRODUCT,
        namespace: "$app:reviews",
        key: "summary",
        type: "json",
        value: '{"average":0,"count":0,"distribution":{"1":0,"2":0,"3":0,"4":0,"5":0},"latest":[],"gallery":[]}',
      },
    ]);
  });

  it("keeps the 10 latest reviews with bodies and replies cut to 1000 characters", () => {
    const summary = { average: 5, count: 12, distribution: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 12 } };
    const latest = Array.from({ length: 12 }, (_, n) => review(n, { body: "b".repeat(5000), reply: "r".repeat(2000) }));
    const json = JSON.parse(productReviewMetafields(PRODUCT, summary, latest).at(-1)!.value) as { latest: ShopperReview[] };
    expect(json.latest.map((r) => r.id)).toEqual(["r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9"]);
    expect(json.latest[0]!.body).toBe(`${"b".repeat(999)}…`);
    expect(json.latest[0]!.reply).toBe(`${"r".repeat(999)}…`);
  });

  it("stays within Shopify's 64 KB for long multi-byte reviews by dropping the oldest", () => {
    const summary = { average: 5, count: 10, distribution: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 10 } };
    const wide = "😀".repeat(5000); // 4 bytes each
    const latest = Array.from({ length: 10 }, (_, n) =>
      review(n, {
        title: "界".repeat(120),
        body: wide,
        reply: wide,
        photos: Array.from({ length: 5 }, () =>
          sizedPhoto(`https://cdn.example/${"p".repeat(300)}.jpg`, "界".repeat(120), REVIEW_THUMBNAIL_SIZE),
        ),
      }),
    );
    const value = productReviewMetafields(PRODUCT, summary, latest).at(-1)!.value;
    expect(Buffer.byteLength(value)).toBeLessThanOrEqual(SUMMARY_MAX_BYTES);
    const json = JSON.parse(value) as { count: number; latest: ShopperReview[] };
    expect(json.count).toBe(10);
    expect(json.latest.length).toBeGreaterThan(0);
    expect(json.latest.length).toBeLessThan(10);
    expect(json.latest[0]!.id).toBe("r0"); // the newest are kept
  });
});
