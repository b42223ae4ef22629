import { describe, expect, it } from "vitest";
import { reviewMetaobjectFields, reviewMetaobjectHandle, type SyndicatedReview } from "./review-metaobjects";

const review: SyndicatedReview = {
  id: "clx9abc123",
  productId: "gid://shopify/Product/7",
  rating: 5,
  title: "  Great\nfit ",
  body: "Line one.\nLine two.",
  authorName: "Ana",
  reply: null,
  repliedAt: null,
  createdAt: new Date("2030-01-01T08:00:00Z"),
  publishedAt: null,
  importedFrom: null,
  photos: [],
};

describe("reviewMetaobjectHandle", () => {
  it("is one lowercase handle per review id", () => {
    expect(reviewMetaobjectHandle("clx9abc123")).toBe("retention-review-clx9abc123");
    expect(reviewMetaobjectHandle("Imported_Review 7")).toBe("retention-review-imported-review-7");
  });
});

describe("reviewMetaobjectFields", () => {
  it("writes every field, empty where the review has nothing, with the rating on Shopify's 1-5 scale", () => {
    expect(reviewMetaobjectFields(review)).toEqual([
      { key: "rating", value: '{"value":"5.0","scale_min":"1.0","scale_max":"5.0"}' },
      { key: "title", value: "Great fit" },
      { key: "body", value: "Line one.\nLine two." },
      { key: "submitted_at", value: "2030-01-01T08:00:00.000Z" },
      { key: "published_at", value: "" },
      { key: "source", value: "Retention" },
      { key: "author_display_name", value: "Ana" },
      { key: "product", value: "gid://shopify/Product/7" },
      { key: "merchant_reply", value: "" },
      { key: "merchant_replied_at", value: "" },
      { key: "media_urls", value: "" },
    ]);
  });

  it("names the app an imported review came from, and carries the reply and photos", () => {
    const fields = reviewMetaobjectFields({
      ...review,
      importedFrom: "judgeme",
      reply: "Thanks!",
      repliedAt: new Date("2030-01-02T08:00:00Z"),
      photos: [{ url: "https://cdn.example/a.jpg" }, { url: "https://cdn.example/b.jpg" }],
    });
    expect(Object.fromEntries(fields.map((field) => [field.key, field.value]))).toMatchObject({
      source: "Judge.me",
      merchant_reply: "Thanks!",
      merchant_replied_at: "2030-01-02T08:00:00.000Z",
      media_urls: '["https://cdn.example/a.jpg","https://cdn.example/b.jpg"]',
    });
  });
});
