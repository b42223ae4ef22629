// The reward form (add and edit), for the browser and the action alike.
import { z } from "zod";
import { formBoolean, formOptionalInt, formText, formWholeNumber, storedText } from "../lib/forms";
import { minorUnitDigits, parseTypedAmount } from "../lib/money";

export const REWARD_KINDS = ["amount_off", "percent_off", "free_shipping", "store_credit"] as const;
export type RewardKind = (typeof REWARD_KINDS)[number];

const MAX_AMOUNT = 1_000_000; // whole units of the shop's currency
export const MAX_CREDIT_EXPIRY_DAYS = 3650;
const EXPIRY_MESSAGE = `Enter a whole number of days from 1 to ${MAX_CREDIT_EXPIRY_DAYS.toLocaleString("en")}, or leave it empty for credit that never expires.`;

/**
 * The reward form for a shop whose currency is `currency`: amounts take at most its decimals
 * (none for JPY, three for KWD), percentages at most two.
 */
export function rewardSchema(currency: string) {
  const digits = minorUnitDigits(currency);
  const amount = (input: string) => parseTypedAmount(input, digits);
  const maxMinor = MAX_AMOUNT * 10 ** digits;
  const amountHint =
    digits === 0
      ? `a whole amount such as 500 (${currency} has no decimals)`
      : `an amount such as 5 or 4.50 (at most ${digits} decimal places)`;
  return z
    .object({
      name: formText.pipe(
        storedText(z.string().trim().min(1, "Give the reward a name.").max(80, "Reward names are limited to 80 characters.")),
      ),
      kind: z.enum(REWARD_KINDS, {
        errorMap: () => ({ message: "Choose an amount off, a percentage off, free shipping or store credit." }),
      }),
      value: formText,
      pointsCost: formWholeNumber(1, 1_000_000),
      minimumOrder: formText,
      // Store credit only: the form leaves the field out for the other kinds, and it reads as empty.
      creditExpiryDays: formOptionalInt(EXPIRY_MESSAGE),
      enabled: formBoolean,
    })
    .superRefine((input, ctx) => {
      const value = input.value.trim();
      if (input.kind === "amount_off" || input.kind === "store_credit") {
        const what = input.kind === "amount_off" ? "amount off" : "store credit amount";
        const minor = amount(value);
        if (!value) ctx.addIssue({ code: "custom", path: ["value"], message: `Enter the ${what}.` });
        else if (minor === null) ctx.addIssue({ code: "custom", path: ["value"], message: `Enter ${amountHint}.` });
        else if (minor <= 0) ctx.addIssue({ code: "custom", path: ["value"], message: `The ${what} must be more than 0.` });
        else if (minor > maxMinor) ctx.addIssue({ code: "custom", path: ["value"], message: `The ${what} can be at most 1,000,000.` });
      } else if (input.kind === "percent_off") {
        const hundredths = parseTypedAmount(value, 2);
        if (!value) ctx.addIssue({ code: "custom", path: ["value"], message: "Enter the percentage off." });
        else if (hundredths === null || hundredths < 100 || hundredths > 10_000) {
          ctx.addIssue({ code: "custom", path: ["value"], message: "The percentage off must be from 1 to 100." });
        }
      }
      const days = input.creditExpiryDays;
      if (input.kind === "store_credit" && days !== null && (days < 1 || days > MAX_CREDIT_EXPIRY_DAYS)) {
        ctx.addIssue({ code: "custom", path: ["creditExpiryDays"], message: EXPIRY_MESSAGE });
      }
      const minimum = input.minimumOrder.trim();
      const minimumMinor = minimum ? amount(minimum) : 0;
      if (minimumMinor === null) {
        const example = digits === 0 ? `as a whole amount such as 2000 (${currency} has no decimals)` : "such as 20 or 19.99";
        ctx.addIssue({ code: "custom", path: ["minimumOrder"], message: `Enter a minimum order ${example}, or leave it empty for none.` });
      } else if (minimumMinor > maxMinor) {
        ctx.addIssue({ code: "custom", path: ["minimumOrder"], message: "The minimum order can be at most 1,000,000." });
      }
    });
}
export type RewardInput = z.input<ReturnType<typeof rewardSchema>>;
export type RewardFields = z.output<ReturnType<typeof rewardSchema>>;
