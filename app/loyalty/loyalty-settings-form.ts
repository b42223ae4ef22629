// The loyalty programme settings form, for the browser and the action alike.
import { z } from "zod";
import { formBoolean, formWholeNumber } from "../lib/forms";

const wholeNumber = (label: string, min: number, max: number) =>
  formWholeNumber(`${label} must be a whole number from ${min} to ${max.toLocaleString("en")}.`, min, max);

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
    pointsAvailableEmail: formBoolean,
  })
  .refine((input) => input.expiryMonths === 0 || input.expiryWarningDays < input.expiryMonths * 28, {
    path: ["expiryWarningDays"],
    message: "The warning must come before the points expire.",
  });
export type LoyaltySettingsInput = z.infer<typeof LoyaltySettingsInput>;
