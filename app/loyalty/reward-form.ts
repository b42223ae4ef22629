// The reward form (add and edit), for the browser and the action alike.
import { z } from "zod";
import { formBoolean, formText, formWholeNumber, storedText } from "../lib/forms";

export const REWARD_KINDS = ["amount_off", "percent_off", "free_shipping"] as const;
export type RewardKind = (typeof REWARD_KINDS)[number];

const MAX_AMOUNT_CENTS = 100_000_000; // 1,000,000.00 in the shop's currency

/** "5", "4.5", "4,50" → cents; null unless a plain amount with at most two decimals. */
export function parseAmountCents(input: string): number | null {
  const value = input.trim().replace(/^(\d+),(\d{1,2})$/, "$1.$2");
  const match = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(value);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
}

export const RewardInput = z
  .object({
    name: formText.pipe(storedText(z.string().trim().min(1, "Give the reward a name.").max(80, "Reward names are limited to 80 characters."))),
    kind: z.enum(REWARD_KINDS, { errorMap: () => ({ message: "Choose an amount off, a percentage off or free shipping." }) }),
    value: formText,
    pointsCost: formWholeNumber("The cost must be a whole number of points from 1 to 1,000,000.", 1, 1_000_000),
    minimumOrder: formText,
    enabled: formBoolean,
  })
  .superRefine((input, ctx) => {
    const value = input.value.trim();
    if (input.kind === "amount_off") {
      const cents = parseAmountCents(value);
      if (!value) ctx.addIssue({ code: "custom", path: ["value"], message: "Enter the amount off." });
      else if (cents === null) ctx.addIssue({ code: "custom", path: ["value"], message: "Enter an amount such as 5 or 4.50 (at most 2 decimal places)." });
      else if (cents <= 0) ctx.addIssue({ code: "custom", path: ["value"], message: "The amount off must be more than 0." });
      else if (cents > MAX_AMOUNT_CENTS) ctx.addIssue({ code: "custom", path: ["value"], message: "The amount off can be at most 1,000,000." });
    } else if (input.kind === "percent_off") {
      const hundredths = parseAmountCents(value);
      if (!value) ctx.addIssue({ code: "custom", path: ["value"], message: "Enter the percentage off." });
      else if (hundredths === null || hundredths < 100 || hundredths > 10_000) {
        ctx.addIssue({ code: "custom", path: ["value"], message: "The percentage off must be from 1 to 100." });
      }
    }
    const minimum = input.minimumOrder.trim();
    if (minimum && parseAmountCents(minimum) === null) {
      ctx.addIssue({ code: "custom", path: ["minimumOrder"], message: "Enter a minimum order such as 20 or 19.99, or leave it empty for none." });
    } else if (minimum && parseAmountCents(minimum)! > MAX_AMOUNT_CENTS) {
      ctx.addIssue({ code: "custom", path: ["minimumOrder"], message: "The minimum order can be at most 1,000,000." });
    }
  });
export type RewardInput = z.input<typeof RewardInput>;
