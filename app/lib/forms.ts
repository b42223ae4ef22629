// Helpers shared by forms: how HTML forms post values, the one way text people type is made
// storable (admin, storefront and email-link pages alike), and how a zod failure becomes one
// message per field for Polaris' `error` props.
import { z } from "zod";
import { hasVisibleText, storableText } from "./text";

/** A checkbox posts "on" when checked and nothing when not; scripts may post "true"/"false". */
export const formBoolean = z.preprocess(
  (value) => {
    if (value === undefined || value === null || value === "" || value === "false" || value === "off") return false;
    if (value === "on" || value === "true" || value === true) return true;
    return value;
  },
  z.boolean({ invalid_type_error: "Choose on or off." }),
);

/** A text field: a field the form did not post reads as empty. */
export const formText = z.preprocess((value) => (value === undefined || value === null ? "" : value), z.string());

const figure = (value: number) => value.toLocaleString("en");

/**
 * A required whole number from `min` to `max`, typed with spaces around it or not. Each problem
 * says what is wrong: "-5" in a 0..365 field reads "Enter 0 or more.", "2.5" asks for a whole
 * number, and an empty, unreadable or too large value gets the range.
 */
export const formWholeNumber = (min: number, max: number) => {
  const range = `Enter a number from ${figure(min)} to ${figure(max)}.`;
  return z.preprocess(
    (value) => {
      const trimmed = typeof value === "string" ? value.trim() : value;
      return trimmed === "" || trimmed === null ? undefined : trimmed;
    },
    z.coerce
      .number({ required_error: range, invalid_type_error: range })
      .int("Enter a whole number, without decimals.")
      .min(min, `Enter ${figure(min)} or more.`)
      .max(max, range),
  );
};

/** An optional number field: empty means "not set". */
export const formOptionalInt = (message: string) =>
  z.preprocess(
    (value) => (value === "" || value === undefined || value === null ? null : value),
    z.coerce.number({ invalid_type_error: message }).int(message).nullable(),
  );

/**
 * Text a person typed that the app stores (shoppers, customers and merchants alike), checked by the
 * field's own `schema`. It is made storable first (storableText: PostgreSQL refuses U+0000 with
 * 22021), and text that shows nothing (spaces, zero-width characters) counts as empty, so the
 * field's own "required" or minimum-length message applies exactly as to an empty field, and an
 * optional field stores "" rather than an invisible name. Every such schema uses this, so there is
 * one sanitiser.
 */
export function storedText<T extends z.ZodTypeAny>(schema: T) {
  return z.preprocess((value) => {
    if (typeof value !== "string") return value;
    const text = storableText(value);
    return hasVisibleText(text) ? text : "";
  }, schema);
}

export type FieldErrors<T> = Partial<Record<keyof T, string>>;

/** The first problem of each field. */
export function fieldErrors<T>(error: z.ZodError<T>): FieldErrors<T> {
  const errors: FieldErrors<T> = {};
  for (const issue of error.issues) {
    const field = issue.path[0] as keyof T;
    errors[field] ??= issue.message;
  }
  return errors;
}

/** A change the admin could not make: one message per field, or a message for the whole form. */
export interface Refused<Input> {
  ok: false;
  /** The item edited is not (or no longer) in this shop. */
  notFound: boolean;
  message: string;
  errors: FieldErrors<Input>;
}

export const refused = <Input>(message: string, errors: FieldErrors<Input> = {}, notFound = false): Refused<Input> => ({
  ok: false,
  notFound,
  message,
  errors,
});

/** A form zod refused: its problems per field. */
export const invalid = <Input>(error: z.ZodError<Input>): Refused<Input> => refused("Check the highlighted fields.", fieldErrors(error));

/** What a ticked checkbox posts (formBoolean reads it as true; an unticked one posts "" or nothing). */
export const CHECKED = "on";

/** Saved values as a form posts them, for a form's defaults: a ticked checkbox "on", no value "". */
export function formStrings(values: Record<string, string | number | boolean | null>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values).map(([name, value]) => [
      name,
      typeof value === "boolean" ? (value ? CHECKED : "") : value === null ? "" : String(value),
    ]),
  );
}

/** A refusal's problems as Conform's `submission.reply({ fieldErrors })` takes them. */
export function replyFieldErrors<T>(errors: FieldErrors<T>): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(errors).flatMap(([field, message]) => (typeof message === "string" ? [[field, [message]]] : [])),
  );
}

/**
 * A refusal as Conform's `submission.reply()` takes it: its problems per field, or its message
 * for the whole form (the item is gone, say), which the form shows as a banner.
 */
export function refusalReply<T>(refusal: Pick<Refused<T>, "message" | "errors" | "notFound">) {
  // An item that is not the shop's is not named back, not even its id.
  if (refusal.notFound) return { formErrors: [refusal.message], hideFields: ["id"] };
  const fieldErrors = replyFieldErrors(refusal.errors);
  return Object.keys(fieldErrors).length > 0 ? { fieldErrors } : { formErrors: [refusal.message] };
}
