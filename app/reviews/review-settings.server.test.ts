import { describe, expect, it } from "vitest";
import db from "../db.server";
import { DEFAULT_REVIEW_SETTINGS, loadReviewSettings } from "./review-settings.server";
import { newShop } from "./test-fixtures";

describe("loadReviewSettings", () => {
  it("gives a shop without saved settings exactly the schema's defaults", async () => {
    const shop = newShop();
    expect(await loadReviewSettings(db, shop)).toEqual(DEFAULT_REVIEW_SETTINGS);
    // A row created with nothing but the shop holds the schema's defaults.
    await db.reviewSettings.create({ data: { shop } });
    expect(await loadReviewSettings(db, shop)).toEqual(DEFAULT_REVIEW_SETTINGS);
  });

  it("returns the merchant's saved settings", async () => {
    const shop = newShop();
    await db.reviewSettings.create({ data: { shop, autoPublish: false, allowAnonymous: true, autoPublishMinRating: 1 } });
    expect(await loadReviewSettings(db, shop)).toEqual({ ...DEFAULT_REVIEW_SETTINGS, autoPublish: false, allowAnonymous: true, autoPublishMinRating: 1 });
  });
});
