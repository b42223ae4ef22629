// The free-shipping forms (the programme and a zone), for the browser and the action alike.
import { z } from "zod";
import { formBoolean, formText as text, storedText } from "../lib/forms";
import { notShippedMessage, parseCountries, unknownCountriesMessage } from "./countries";
import { LOCALES, MESSAGE_KINDS } from "./messages";
import { minorUnitDigits, parseTypedAmount } from "../lib/money";

const MAX_AMOUNT = 100_000_000; // whole units, in any currency

function checkAmount(value: string, currency: string, ctx: z.RefinementCtx, path: string, label: string, required: boolean) {
  if (!value.trim()) {
    if (required) ctx.addIssue({ code: "custom", path: [path], message: `Enter ${label}.` });
    return;
  }
  const digits = minorUnitDigits(currency);
  const minor = parseTypedAmount(value, digits);
  const Label = `${label[0]!.toUpperCase()}${label.slice(1)}`;
  if (minor === null) {
    ctx.addIssue({
      code: "custom",
      path: [path],
      message:
        digits === 0
          ? `Enter ${label} as a whole number: ${currency} has no decimals.`
          : `Enter ${label} such as 50 or 49.90 (at most ${digits} decimals).`,
    });
  } else if (minor <= 0) ctx.addIssue({ code: "custom", path: [path], message: `${Label} must be more than 0.` });
  else if (minor > MAX_AMOUNT * 10 ** digits) ctx.addIssue({ code: "custom", path: [path], message: `${Label} is too large.` });
}

const messageField = text.pipe(storedText(z.string().trim().max(200, "Messages are limited to 200 characters.")));

const settingsShape = {
  enabled: formBoolean,
  baseAmount: text,
  excludedCountries: text,
  ...Object.fromEntries(LOCALES.flatMap((locale) => MESSAGE_KINDS.map((kind) => [`message_${locale}_${kind}`, messageField]))),
} as Record<string, z.ZodTypeAny>;

export type FreeShippingSettingsInput = Record<string, string> & { enabled?: string; baseAmount?: string; excludedCountries?: string };

/** The programme form; amounts are checked against the decimals of the shop's currency. */
export function settingsSchema(currency: string) {
  return z.object(settingsShape).superRefine((input: Record<string, unknown>, ctx) => {
    checkAmount(String(input.baseAmount), currency, ctx, "baseAmount", "the threshold", false);
    // Excluded countries are compared with the cart's shipping country, one of Shopify's codes;
    // a country the shop does not ship to yet may be excluded ahead of time.
    const unknown = unknownCountriesMessage(parseCountries(String(input.excludedCountries)).unknown);
    if (unknown) ctx.addIssue({ code: "custom", path: ["excludedCountries"], message: unknown });
    for (const locale of LOCALES) {
      for (const kind of MESSAGE_KINDS) {
        const field = `message_${locale}_${kind}`;
        const message = String(input[field] ?? "").trim();
        if (!message) ctx.addIssue({ code: "custom", path: [field], message: "Write a message." });
        else if (kind !== "reached" && !message.includes("{amount}")) {
          ctx.addIssue({ code: "custom", path: [field], message: "Include {amount}, where the amount goes." });
        } else if (/\{(?!amount\})[^}]*\}/.test(message)) {
          ctx.addIssue({ code: "custom", path: [field], message: "The only placeholder is {amount}." });
        }
      }
    }
  });
}

/**
 * A zone's form. Its countries become the destinations of a Shopify discount: each must be one
 * of Shopify's country codes and, when `shipsTo` is known, a country the shop ships to.
 */
export const zoneSchema = (shipsTo: readonly string[] | null) =>
  z
    .object({
      name: text.pipe(storedText(z.string().trim().min(1, "Give the zone a name.").max(60, "Zone names are limited to 60 characters."))),
      countries: text,
      currency: text.pipe(
        z
          .string()
          .trim()
          .toUpperCase()
          .regex(/^[A-Z]{3}$/, "Enter a 3-letter currency code, e.g. EUR."),
      ),
      amount: text,
      rateToShop: text,
    })
    .superRefine((input, ctx) => {
      const { countries, unknown } = parseCountries(input.countries);
      const countriesProblem =
        unknownCountriesMessage(unknown) ??
        (countries.length === 0 ? "List the zone's countries, e.g. GR, DE, FR." : null) ??
        (shipsTo ? notShippedMessage(countries, shipsTo) : null);
      if (countriesProblem) ctx.addIssue({ code: "custom", path: ["countries"], message: countriesProblem });
      if (/^[A-Z]{3}$/.test(input.currency)) checkAmount(input.amount, input.currency, ctx, "amount", "the threshold", true);
      const rate = input.rateToShop.trim().replace(",", ".");
      if (!rate) ctx.addIssue({ code: "custom", path: ["rateToShop"], message: "Enter the exchange rate." });
      else if (!/^\d{1,9}(\.\d{1,6})?$/.test(rate) || !(Number(rate) > 0)) {
        ctx.addIssue({ code: "custom", path: ["rateToShop"], message: "Enter a rate above 0 with at most 6 decimals, e.g. 0.92." });
      }
    });
export type ZoneInput = z.input<ReturnType<typeof zoneSchema>>;
