import { parseWithZod } from "@conform-to/zod/v3";
import { describe, expect, it } from "vitest";
import { formStrings } from "../lib/forms";
import { LoyaltySettingsInput } from "./loyalty-settings-form";
import { DEFAULT_LOYALTY_SETTINGS } from "./loyalty-settings.server";

const parse = (values: Record<string, string>) =>
  parseWithZod(new URLSearchParams(values), { schema: LoyaltySettingsInput, disableAutoCoercion: true });
// Ticked and unticked boxes both, and values other than the defaults.
const SETTINGS = { ...DEFAULT_LOYALTY_SETTINGS, enabled: true, excludeTax: false, expiryWarningDays: 14 };

describe("the loyalty settings form", () => {
  it("reads the settings back as they were, ticked and unticked boxes alike", () => {
    expect(parse(formStrings(SETTINGS))).toMatchObject({ status: "success", value: SETTINGS });
  });

  it("names each problem on its field", () => {
    expect(
      parse(
        formStrings({
          ...SETTINGS,
          pointsPerUnit: 1001,
          pendingDays: "",
          referralDiscountPercent: "5.5",
          signupPoints: "-5",
          expiryMonths: "six",
          tierBasis: "visits",
        }),
      ).reply().error,
    ).toEqual({
      pointsPerUnit: ["Enter a number from 0 to 1,000."],
      pendingDays: ["Enter a number from 0 to 365."],
      referralDiscountPercent: ["Enter a whole number, without decimals."],
      signupPoints: ["Enter 0 or more."],
      expiryMonths: ["Enter a number from 0 to 120."],
      tierBasis: ["Choose points earned or amount spent."],
    });
    expect(parse(formStrings({ ...SETTINGS, expiryMonths: 1, expiryWarningDays: 28 })).reply().error).toEqual({
      expiryWarningDays: ["The warning must come before the points expire."],
    });
  });
});
