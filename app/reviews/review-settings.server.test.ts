import { describe, expect, it } from "vitest";
import db from "../db.server";
import { DEFAULT_REVIEW_SETTINGS, loadReviewSettings, saveReviewSettings } from "./review-settings.server";
import { ReviewSettingsInput } from "./review-settings-form";
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
    expect(await loadReviewSettings(db, shop)).toEqual({
      ...DEFAULT_REVIEW_SETTINGS,
      autoPublish: false,
      allowAnonymous: true,
      autoPublishMinRating: 1,
    });
  });
});

describe("ReviewSettingsInput", () => {
  it("reads checkboxes: 'on'/'true' are on, 'false' or missing are off", () => {
    expect(
      ReviewSettingsInput.parse({ autoPublish: "on", autoPublishMinRating: "3", autoPublishVerifiedOnly: "true", allowAnonymous: "false" }),
    ).toEqual({
      autoPublish: true,
      autoPublishMinRating: 3,
      autoPublishVerifiedOnly: true,
      allowAnonymous: false,
    });
    expect(ReviewSettingsInput.parse({ autoPublishMinRating: "5" })).toEqual({
      autoPublish: false,
      autoPublishMinRating: 5,
      autoPublishVerifiedOnly: false,
      allowAnonymous: false,
    });
  });

  it("rejects a minimum rating outside 1..5 stars with a clear message", () => {
    for (const autoPublishMinRating of ["0", "6", "2.5", "abc", ""]) {
      const result = ReviewSettingsInput.safeParse({ autoPublishMinRating });
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.path).toEqual(["autoPublishMinRating"]);
      expect(result.error?.issues[0]?.message).toBe("Choose a minimum rating from 1 to 5 stars.");
    }
    expect(ReviewSettingsInput.safeParse({ autoPublishMinRating: "3", autoPublish: "maybe" }).success).toBe(false);
  });
});

describe("saveReviewSettings", () => {
  it("creates then updates the shop's settings, and load returns them", async () => {
    const shop = newShop();
    const other = newShop();
    const first = ReviewSettingsInput.parse({ autoPublishMinRating: "2", allowAnonymous: "on" });
    expect(await saveReviewSettings(db, shop, first)).toEqual({ ...first, syndicateToMetaobject: false });
    expect(await loadReviewSettings(db, shop)).toEqual({ ...first, syndicateToMetaobject: false });

    await db.reviewSettings.update({ where: { shop }, data: { syndicateToMetaobject: true } });
    const second = ReviewSettingsInput.parse({ autoPublish: "on", autoPublishMinRating: "5", autoPublishVerifiedOnly: "on" });
    await saveReviewSettings(db, shop, second);
    // The form does not offer syndication, so saving keeps the stored value.
    expect(await loadReviewSettings(db, shop)).toEqual({ ...second, syndicateToMetaobject: true });
    expect(await loadReviewSettings(db, other)).toEqual(DEFAULT_REVIEW_SETTINGS);
  });
});
