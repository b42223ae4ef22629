// A shop's review settings. Shops that never saved them get the schema's defaults.
import type { ReviewSettings } from "@prisma/client";
import { z } from "zod";
import type { Db } from "../db.server";
import { formBoolean } from "../forms";

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

const MIN_RATING_MESSAGE = "Choose a minimum rating from 1 to 5 stars.";

/** The settings form. syndicateToMetaobject is not offered (not implemented), so saving leaves it as it is. */
export const ReviewSettingsInput = z.object({
  autoPublish: formBoolean,
  autoPublishMinRating: z.coerce
    .number({ invalid_type_error: MIN_RATING_MESSAGE })
    .int(MIN_RATING_MESSAGE)
    .min(1, MIN_RATING_MESSAGE)
    .max(5, MIN_RATING_MESSAGE),
  autoPublishVerifiedOnly: formBoolean,
  allowAnonymous: formBoolean,
});
export type ReviewSettingsInput = z.infer<typeof ReviewSettingsInput>;

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
