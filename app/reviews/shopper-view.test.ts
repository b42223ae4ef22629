import { describe, expect, it } from "vitest";
import { summarizeRatings, toShopperReview } from "./shopper-view";

describe("summarizeRatings", () => {
  it("averages to one decimal, rounding half up", () => {
    // 9 × 5 + 11 × 4 = 89 over 20 = 4.45
    expect(
      summarizeRatings([
        { rating: 5, count: 9 },
        { rating: 4, count: 11 },
      ]),
    ).toEqual({
      average: 4.5,
      count: 20,
      distribution: { 1: 0, 2: 0, 3: 0, 4: 11, 5: 9 },
    });
  });

  it("is all zeros without reviews and ignores ratings outside 1..5", () => {
    expect(summarizeRatings([{ rating: 0, count: 3 }])).toEqual({ average: 0, count: 0, distribution: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 } });
  });
});

describe("toShopperReview", () => {
  it("keeps public fields only, with a date and photo alt text", () => {
    const shown = {
      id: "r1",
      rating: 4,
      title: "Warm",
      body: "Kept me warm on the ridge.",
      authorName: "Ana",
      verified: true,
      reply: null,
      helpfulCount: 3,
    };
    const row = { ...shown, createdAtIso: "2030-01-02T23:59:59.999+00:00", authorEmail: "ana@example.com" };
    expect(toShopperReview(row, [{ url: "https://cdn.example/p.jpg", altText: "On the ridge" }])).toEqual({
      ...shown,
      createdAt: "2030-01-02",
      photos: [
        {
          thumbnailSrc: "https://cdn.example/p.jpg?width=80&height=80&crop=center",
          thumbnailSrcset:
            "https://cdn.example/p.jpg?width=80&height=80&crop=center 1x, https://cdn.example/p.jpg?width=160&height=160&crop=center 2x",
          lightboxSrc: "https://cdn.example/p.jpg?width=1200",
          alt: "On the ridge",
        },
      ],
    });
  });
});
