// A shop's review settings. Shops that never saved them get the schema's defaults.
import type { ReviewSettings } from "@prisma/client";
import type { Db } from "../db.server";
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

/** Creates or updates the shop's settings and returns what is now stored. */
export async function saveReviewSettings(
  db: Pick<Db, "reviewSettings">,
  shop: string,
  input: ReviewSettingsInput,
): Promise<ReviewSettingsValues> {
  const data = {
    autoPublish: input.autoPublish,
    autoPublishMinRating: input.autoPublishMinRating,
    autoPublishVerifiedOnly: input.autoPublishVerifiedOnly,
    allowAnonymous: input.allowAnonymous,
  };
  const row = await db.reviewSettings.upsert({ where: { shop }, create: { shop, ...data }, update: data });
  const { shop: _shop, updatedAt: _updatedAt, ...values } = row;
  return values;
}
