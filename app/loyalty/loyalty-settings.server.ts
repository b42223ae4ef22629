// A shop's loyalty programme settings. Shops that never saved them get the defaults
// (the programme starts switched off).
import type { LoyaltySettings } from "@prisma/client";
import { z } from "zod";
import type { Db } from "../db.server";
import { formBoolean } from "../forms";

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
};

export async function loadLoyaltySettings(db: Pick<Db, "loyaltySettings">, shop: string): Promise<LoyaltySettingsValues> {
  const row = await db.loyaltySettings.findUnique({ where: { shop } });
  if (!row) return { ...DEFAULT_LOYALTY_SETTINGS };
  const { shop: _shop, updatedAt: _updatedAt, ...values } = row;
  return values;
}

const wholeNumber = (label: string, min: number, max: number) => {
  const message = `${label} must be a whole number from ${min} to ${max.toLocaleString("en")}.`;
  return z.preprocess(
    (value) => (value === "" || value === null ? undefined : value),
    z.coerce.number({ required_error: message, invalid_type_error: message }).int(message).min(min, message).max(max, message),
  );
};

export const LoyaltySettingsInput = z
  .object({
    enabled: formBoolean,
    pointsPerUnit: wholeNumber("Points per unit of currency", 0, 1000),
    excludeShipping: formBoolean,
    excludeTax: formBoolean,
    excludeDiscounts: formBoolean,
    pendingDays: wholeNumber("Days before points can be spent", 0, 365),
    allowNegativeBalance: formBoolean,
    signupPoints: wholeNumber("Points for creating an account", 0, 100_000),
    reviewPoints: wholeNumber("Points for a review", 0, 100_000),
    reviewPhotoBonus: wholeNumber("Bonus for a photo", 0, 100_000),
    birthdayPoints: wholeNumber("Birthday points", 0, 100_000),
    referrerPoints: wholeNumber("Points for a referral", 0, 100_000),
    referralDiscountPercent: wholeNumber("The friend's discount", 0, 100),
    tierBasis: z.enum(["points", "spend"], { errorMap: () => ({ message: "Choose points earned or amount spent." }) }),
    expiryMonths: wholeNumber("Months without activity before points expire", 0, 120),
    expiryWarningDays: wholeNumber("Days of warning before points expire", 0, 365),
  })
  .refine((input) => input.expiryMonths === 0 || input.expiryWarningDays < input.expiryMonths * 28, {
    path: ["expiryWarningDays"],
    message: "The warning must come before the points expire.",
  });
export type LoyaltySettingsInput = z.infer<typeof LoyaltySettingsInput>;

export async function saveLoyaltySettings(db: Pick<Db, "loyaltySettings">, shop: string, input: LoyaltySettingsInput): Promise<LoyaltySettingsValues> {
  const data: LoyaltySettingsValues = { ...input };
  const row = await db.loyaltySettings.upsert({ where: { shop }, create: { shop, ...data }, update: data });
  const { shop: _shop, updatedAt: _updatedAt, ...values } = row;
  return values;
}
