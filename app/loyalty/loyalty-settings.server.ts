// A shop's loyalty programme settings. Shops that never saved them get the defaults
// (the programme starts switched off).
import type { LoyaltySettings } from "@prisma/client";
import type { Db } from "../db.server";
import type { LoyaltySettingsInput } from "./loyalty-settings-form";

export type LoyaltySettingsValues = Omit<LoyaltySettings, "shop" | "updatedAt">;

/** The defaults in prisma/schema.prisma; a test keeps the two in step. */
export const DEFAULT_LOYALTY_SETTINGS: Readonly<LoyaltySettingsValues> = {
  enabled: false,
  pointsPerUnit: 1,
  excludeShipping: true,
  excludeTax: true,
  excludeDiscounts: true,
  pendingDays: 14,
  allowNegativeBalance: false,
  signupPoints: 100,
  reviewPoints: 50,
  reviewPhotoBonus: 25,
  birthdayPoints: 100,
  referrerPoints: 200,
  referralDiscountPercent: 10,
  tierBasis: "points",
  expiryMonths: 12,
  expiryWarningDays: 30,
  pointsAvailableEmail: true,
};

export async function loadLoyaltySettings(db: Pick<Db, "loyaltySettings">, shop: string): Promise<LoyaltySettingsValues> {
  const row = await db.loyaltySettings.findUnique({ where: { shop } });
  if (!row) return { ...DEFAULT_LOYALTY_SETTINGS };
  const { shop: _shop, updatedAt: _updatedAt, ...values } = row;
  return values;
}

export async function saveLoyaltySettings(
  db: Pick<Db, "loyaltySettings">,
  shop: string,
  input: LoyaltySettingsInput,
): Promise<LoyaltySettingsValues> {
  const data: LoyaltySettingsValues = { ...input };
  const row = await db.loyaltySettings.upsert({ where: { shop }, create: { shop, ...data }, update: data });
  const { shop: _shop, updatedAt: _updatedAt, ...values } = row;
  return values;
}
