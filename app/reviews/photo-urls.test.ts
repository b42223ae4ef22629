import { describe, expect, it } from "vitest";
import { REVIEW_THUMBNAIL_SIZE, resizedPhotoUrl, sizedPhoto } from "./photo-urls";

const FILE = "https://cdn.shopify.com/s/files/1/0496/1950/1218/files/trail.jpg?v=1601961395";

describe("resizedPhotoUrl", () => {
  it("adds Shopify's CDN parameters after the file's version, as image_url does", () => {
    expect(resizedPhotoUrl(FILE, { width: 450 })).toBe(`${FILE}&width=450`);
  });

  it("starts the query when the URL has none", () => {
    expect(resizedPhotoUrl("https://cdn.shopify.com/files/trail.jpg", { width: 160, height: 160, crop: "center" })).toBe(
      "https://cdn.shopify.com/files/trail.jpg?width=160&height=160&crop=center",
    );
  });
});

describe("sizedPhoto", () => {
  it("gives a square thumbnail at the size shown and twice it, and a lightbox copy 1200 px wide", () => {
    expect(sizedPhoto(FILE, "Boots on the trail", REVIEW_THUMBNAIL_SIZE)).toEqual({
      thumbnailSrc: `${FILE}&width=80&height=80&crop=center`,
      thumbnailSrcset: `${FILE}&width=80&height=80&crop=center 1x, ${FILE}&width=160&height=160&crop=center 2x`,
      lightboxSrc: `${FILE}&width=1200`,
      alt: "Boots on the trail",
    });
  });
});
