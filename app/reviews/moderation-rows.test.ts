import { describe, expect, it } from "vitest";
import type { AdminReview } from "./moderate.server";
import { moderationRow, stars } from "./moderation-rows";

const formatDate = (date: Date) => date.toISOString().slice(0, 10);
const TITLES = new Map([["gid://shopify/Product/1", "Olive Oil Soap"]]);

function review(overrides: Partial<AdminReview>): AdminReview {
  return {
    id: "r1",
    productId: "gid://shopify/Product/1",
    orderId: "gid://shopify/Order/9",
    customerId: "gid://shopify/Customer/5",
    rating: 4,
    title: "Lovely",
    body: "Smells great.",
    authorName: "Ana",
    authorEmail: "ana@example.com",
    locale: "en",
    verified: true,
    verifiedBy: "order",
    status: "pending",
    source: "storefront",
    importedFrom: null,
    reply: null,
    repliedAt: null,
    createdAt: new Date("2026-03-04T10:00:00Z"),
    publishedAt: null,
    photos: [],
    ...overrides,
  } as AdminReview;
}

describe("stars", () => {
  it("fills one star per point of the rating", () => {
    expect(stars(4)).toBe("★★★★☆");
    expect(stars(1)).toBe("★☆☆☆☆");
  });
});

describe("moderationRow", () => {
  it("keeps what the list shows and leaves the buyer's email and order out", () => {
    const row = moderationRow(review({}), formatDate, TITLES);
    expect(row).toEqual({
      id: "r1",
      rating: 4,
      title: "Lovely",
      excerpt: "Smells great.",
      reply: null,
      authorName: "Ana",
      product: "Olive Oil Soap",
      verified: true,
      origin: "Verified",
      photos: [],
      date: "2026-03-04",
    });
  });

  it("names the product by its number when the app knows no title for it", () => {
    expect(moderationRow(review({ productId: "gid://shopify/Product/42" }), formatDate, TITLES).product).toBe("Product 42");
  });

  it("cuts a long review to 160 characters, the ellipsis included", () => {
    const excerpt = moderationRow(review({ body: "a".repeat(200) }), formatDate, TITLES).excerpt;
    expect(excerpt).toBe(`${"a".repeat(159)}…`);
    expect(moderationRow(review({ body: "b".repeat(160) }), formatDate, TITLES).excerpt).toBe("b".repeat(160));
  });

  it("says where an unverified review came from", () => {
    expect(moderationRow(review({ verified: false, source: "import" }), formatDate, TITLES).origin).toBe("Imported");
    expect(moderationRow(review({ verified: false, source: "storefront" }), formatDate, TITLES).origin).toBe("Unverified");
  });

  it("gives each photo its alt text, or names the author when it has none", () => {
    const photos = [
      { id: "p1", url: "https://cdn.example/1.jpg", altText: "The jar" },
      { id: "p2", url: "https://cdn.example/2.jpg", altText: null },
    ];
    expect(moderationRow(review({ photos } as Partial<AdminReview>), formatDate, TITLES).photos).toEqual([
      { id: "p1", url: "https://cdn.example/1.jpg", alt: "The jar" },
      { id: "p2", url: "https://cdn.example/2.jpg", alt: "Photo by Ana" },
    ]);
  });
});
