// A shop's review settings. Shops that never saved them get the schema's defaults.
import type { ReviewSettings } from "@prisma/client";
import type { Db } from "../db.server";
import { AdminApiError, enableStandardMetaobjectDefinition, type AdminClient } from "../shopify/admin.server";
import { PRODUCT_REVIEW_TYPE } from "./review-metaobjects";
import { enqueueMetaobjectSweep } from "./review-metaobjects.server";
import type { ReviewSettingsInput } from "./review-settings-form";

export type ReviewSettingsValues = Omit<ReviewSettings, "shop" | "updatedAt">;

/** The defaults in prisma/schema.prisma; a test keeps the two in step. */
export const DEFAULT_REVIEW_SETTINGS: Readonly<ReviewSettingsValues> = {
  autoPublish: true,
  autoPublishMinRating: 4,
  autoPublishVerifiedOnly: true,
  allowAnonymous: false,
  syndicateToMetaobject: false,
};

export async function loadReviewSettings(db: Pick<Db, "reviewSettings">, shop: string): Promise<ReviewSettingsValues> {
  const row = await db.reviewSettings.findUnique({ where: { shop } });
  if (!row) return { ...DEFAULT_REVIEW_SETTINGS };
  const { shop: _shop, updatedAt: _updatedAt, ...values } = row;
  return values;
}

export type SaveReviewSettingsResult =
  | { ok: true; settings: ReviewSettingsValues }
  /** Shopify did not enable its product review definition: nothing was saved. */
  | { ok: false; field: "syndicateToMetaobject"; message: string };

/**
 * Creates or updates the shop's settings and returns what is now stored. Turning syndication on
 * first enables Shopify's product review definition (enabled already is fine); turning it on or
 * off queues a sweep over the reviewed products, in the same transaction as the setting, that
 * creates or removes their metaobjects.
 */
export async function saveReviewSettings(
  db: Db,
  admin: AdminClient,
  shop: string,
  input: ReviewSettingsInput,
): Promise<SaveReviewSettingsResult> {
  if (input.syndicateToMetaobject && !(await loadReviewSettings(db, shop)).syndicateToMetaobject) {
    try {
      await enableStandardMetaobjectDefinition(admin, PRODUCT_REVIEW_TYPE);
    } catch (error) {
      // Refused (the definition is reserved for approved review apps), or no answer: the merchant is told, nothing is saved.
      if (!(error instanceof AdminApiError)) throw error;
      return { ok: false, field: "syndicateToMetaobject", message: `Shopify did not enable product review metaobjects: ${error.message}` };
    }
  }
  return db.$transaction(async (tx) => {
    const before = await loadReviewSettings(tx, shop);
    const row = await tx.reviewSettings.upsert({ where: { shop }, create: { shop, ...input }, update: input });
    if (row.syndicateToMetaobject !== before.syndicateToMetaobject) await enqueueMetaobjectSweep(tx, shop);
    const { shop: _shop, updatedAt: _updatedAt, ...settings } = row;
    return { ok: true, settings };
  });
}
