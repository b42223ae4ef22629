// The value types Shopify's REST webhook bodies are made of, as zod schemas: the one definition
// the webhook intake (app/webhooks/accept.server.ts) and the jobs that later read the same bodies
// share. A signed body that does not fit is refused when it arrives, instead of becoming a job that
// dies minutes later on a NaN, an Invalid Date or an amount no shop ever charged.
import { z } from "zod";

/**
 * Shopify's REST ids are 64-bit integers. JSON numbers above 2^53 lose precision (Shopify's own
 * documented samples have such ids), so the bound is the 64-bit range, not Number.MAX_SAFE_INTEGER.
 */
export const MAX_SHOPIFY_ID = 2 ** 63;
const ID_MESSAGE = { message: "must be a positive integer within 64 bits" };
export const shopifyId = z.number().int(ID_MESSAGE).positive(ID_MESSAGE).lt(MAX_SHOPIFY_ID, ID_MESSAGE);

/** A GraphQL id of the given type, as the bodies' admin_graphql_api_id fields carry: gid://shopify/Order/123. */
export const gid = (type: string) =>
  z.string().regex(new RegExp(`^gid://shopify/${type}/[1-9][0-9]{0,18}$`), { message: `must be a gid://shopify/${type}/<id>` });

/**
 * The largest amount the app accepts in one money field. Shopify sends amounts as decimal strings
 * ("404.95"); a trillion in any currency is beyond any real order, and keeps arithmetic in minor
 * units (app/lib/money.ts; a thousandth for the dinars) exact below 2^53.
 */
export const MAX_MONEY_AMOUNT = 1e12;
export const moneyAmount = z
  .string()
  .regex(/^\d{1,13}(\.\d{1,6})?$/, { message: "must be a decimal amount such as 19.99" })
  .refine((amount) => Number(amount) <= MAX_MONEY_AMOUNT, { message: `must be at most ${MAX_MONEY_AMOUNT}` });

/** ISO 4217 code (Shopify's samples use "XXX", ISO's "no currency", where there is none). */
export const currencyCode = z.string().regex(/^[A-Z]{3}$/, { message: "must be a three-letter currency code" });

/** Shopify's MoneyBag in REST bodies: the amount in the shop's and in the customer's currency. */
export const moneySet = z.object({
  shop_money: z.object({ amount: moneyAmount, currency_code: currencyCode }),
  presentment_money: z.object({ amount: moneyAmount, currency_code: currencyCode }),
});

/**
 * A time with its offset, as Shopify writes them: "2021-12-31T19:00:00-05:00", and in some bodies
 * "2019-01-01 00:00:00.000Z". Without an offset the time would be read in the server's zone.
 */
export const timestamp = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/, {
    message: "must be a date and time with its offset",
  })
  .refine((text) => !Number.isNaN(Date.parse(text.replace(" ", "T"))), { message: "must be a valid date" });

/**
 * A count of items. GraphQL's Int (what Shopify's quantities are in the Admin API) is 32-bit
 * signed, so no real quantity is larger.
 */
export const quantity = z
  .number()
  .int()
  .nonnegative()
  .max(2 ** 31 - 1);

/** The first problems of a failed parse, as one line for the merchant and for support: "line_items.0.quantity: Expected number, received string". */
export function describeIssues(error: z.ZodError, limit = 3): string {
  const issues = error.issues.slice(0, limit).map((issue) => `${issue.path.length > 0 ? issue.path.join(".") : "body"}: ${issue.message}`);
  const more = error.issues.length - limit;
  return `${issues.join("; ")}${more > 0 ? ` (and ${more} more)` : ""}`;
}
