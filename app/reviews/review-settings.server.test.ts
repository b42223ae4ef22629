import { describe, expect, it } from "vitest";
import db from "../db.server";
import type { AdminClient } from "../shopify/admin.server";
import { METAOBJECT_SWEEP_JOB } from "./review-metaobjects.server";
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
      syndicateToMetaobject: false,
    });
    expect(ReviewSettingsInput.parse({ autoPublishMinRating: "5" })).toEqual({
      autoPublish: false,
      autoPublishMinRating: 5,
      autoPublishVerifiedOnly: false,
      allowAnonymous: false,
      syndicateToMetaobject: false,
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

/** Answers standardMetaobjectDefinitionEnable as Shopify would, with `userErrors`; records each call. */
function definitionAdmin(userErrors: { field: string[]; message: string; code: string }[] = []) {
  const calls: unknown[] = [];
  const admin: AdminClient = {
    async graphql(_query, options) {
      calls.push(options?.variables);
      return Response.json({
        data: {
          standardMetaobjectDefinitionEnable: {
            metaobjectDefinition: userErrors.length ? null : { id: "gid://shopify/MetaobjectDefinition/1", type: "product_review" },
            userErrors,
          },
        },
      });
    },
  };
  return { admin, calls };
}

const sweeps = (shop: string) => db.job.count({ where: { shop, type: METAOBJECT_SWEEP_JOB } });

describe("saveReviewSettings", () => {
  it("creates then updates the shop's settings, and load returns them", async () => {
    const shop = newShop();
    const other = newShop();
    const { admin, calls } = definitionAdmin();
    const first = ReviewSettingsInput.parse({ autoPublishMinRating: "2", allowAnonymous: "on" });
    expect(await saveReviewSettings(db, admin, shop, first)).toEqual({ ok: true, settings: first });
    expect(await loadReviewSettings(db, shop)).toEqual(first);

    const second = ReviewSettingsInput.parse({ autoPublish: "on", autoPublishMinRating: "5", autoPublishVerifiedOnly: "on" });
    await saveReviewSettings(db, admin, shop, second);
    expect(await loadReviewSettings(db, shop)).toEqual(second);
    expect(await loadReviewSettings(db, other)).toEqual(DEFAULT_REVIEW_SETTINGS);
    // Syndication stayed off: Shopify was not asked for anything, and no sweep was queued.
    expect(calls).toEqual([]);
    expect(await sweeps(shop)).toBe(0);
  });

  it("enables Shopify's product review definition when syndication is turned on, and sweeps on each change", async () => {
    const shop = newShop();
    const { admin, calls } = definitionAdmin();
    const on = ReviewSettingsInput.parse({ autoPublishMinRating: "4", syndicateToMetaobject: "on" });
    expect(await saveReviewSettings(db, admin, shop, on)).toMatchObject({ ok: true, settings: { syndicateToMetaobject: true } });
    expect(calls).toEqual([{ type: "product_review" }]);
    expect(await sweeps(shop)).toBe(1);
    await saveReviewSettings(db, admin, shop, on);
    expect(calls).toHaveLength(1);
    expect(await sweeps(shop)).toBe(1);
    await saveReviewSettings(db, admin, shop, ReviewSettingsInput.parse({ autoPublishMinRating: "4" }));
    expect(await sweeps(shop)).toBe(2);
    expect(calls).toHaveLength(1);
  });

  it("takes a definition Shopify has already as enabled, and saves nothing when Shopify refuses it", async () => {
    const on = ReviewSettingsInput.parse({ autoPublishMinRating: "4", syndicateToMetaobject: "on" });
    const enabledBefore = newShop();
    const taken = definitionAdmin([{ field: ["type"], message: "Type has already been taken.", code: "TAKEN" }]);
    expect(await saveReviewSettings(db, taken.admin, enabledBefore, on)).toMatchObject({ ok: true });

    const refusedShop = newShop();
    const refused = definitionAdmin([{ field: ["type"], message: "Not authorized.", code: "NOT_AUTHORIZED" }]);
    expect(await saveReviewSettings(db, refused.admin, refusedShop, on)).toEqual({
      ok: false,
      field: "syndicateToMetaobject",
      message: "Shopify did not enable product review metaobjects: standardMetaobjectDefinitionEnable: Not authorized.",
    });
    expect(await loadReviewSettings(db, refusedShop)).toEqual(DEFAULT_REVIEW_SETTINGS);
    expect(await sweeps(refusedShop)).toBe(0);
  });
});
