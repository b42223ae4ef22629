// The loyalty programme settings form, for the browser and the action alike.
import { z } from "zod";
import { formBoolean, formWholeNumber } from "../lib/forms";

export const LoyaltySettingsInput = z
  .object({
    enabled: formBoolean,
    pointsPerUnit: formWholeNumber(0, 1000),
    excludeShipping: formBoolean,
    excludeTax: formBoolean,
    excludeDiscounts: formBoolean,
    pendingDays: formWholeNumber(0, 365),
    allowNegativeBalance: formBoolean,
    signupPoints: formWholeNumber(0, 100_000),
    reviewPoints: formWholeNumber(0, 100_000),
    reviewPhotoBonus: formWholeNumber(0, 100_000),
    birthdayPoints: formWholeNumber(0, 100_000),
    referrerPoints: formWholeNumber(0, 100_000),
    referralDiscountPercent: formWholeNumber(0, 100),
    tierBasis: z.enum(["points", "spend"], { errorMap: () => ({ message: "Choose points earned or amount spent." }) }),
    expiryMonths: formWholeNumber(0, 120),
    expiryWarningDays: formWholeNumber(0, 365),
    pointsAvailableEmail: formBoolean,
  })
  .refine((input) => input.expiryMonths === 0 || input.expiryWarningDays < input.expiryMonths * 28, {
    path: ["expiryWarningDays"],
    message: "The warning must come before the points expire.",
  });
export type LoyaltySettingsInput = z.infer<typeof LoyaltySettingsInput>;
