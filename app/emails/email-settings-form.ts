// The email settings form, for the browser and the action alike.
import { z } from "zod";
import { formBoolean, formOptionalInt } from "../lib/forms";

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;

const wholeNumber = (label: string, min: number, max: number) => {
  const message = `${label} must be a whole number from ${min} to ${max}.`;
  // An emptied field must not count as 0 (z.coerce turns "" into 0).
  return z.preprocess(
    (value) => (value === "" || value === null ? undefined : value),
    z.coerce.number({ required_error: message, invalid_type_error: message }).int(message).min(min, message).max(max, message),
  );
};

const HOUR_MESSAGE = "Choose an hour from 0 to 24.";

/**
 * The settings form, as posted. The admin's form also posts `sendWindow` ("" when switched off,
 * so the hours it keeps for switching back on are not saved); scripts may post the hours alone.
 */
export const EmailSettingsInput = z.preprocess(
  (form) => (isRecord(form) && form.sendWindow === "" ? { ...form, sendWindowStartHour: "", sendWindowEndHour: "" } : form),
  z
    .object({
      thankYouEnabled: formBoolean,
      thankYouDelayMinutes: wholeNumber("The thank-you delay", 0, 7 * 24 * 60),
      thankYouSurvey: formBoolean,
      reviewRequestEnabled: formBoolean,
      reviewRequestTrigger: z.enum(["delivery", "fulfillment"], {
        errorMap: () => ({ message: "Choose delivery or fulfilment." }),
      }),
      reviewRequestDelayDays: wholeNumber("Days after delivery", 0, 90),
      reviewRequestFallbackDays: wholeNumber("Days after fulfilment", 0, 90),
      reviewReminders: wholeNumber("Reminders", 0, 2),
      reviewReminderIntervalDays: wholeNumber("Days between reminders", 1, 30),
      sendWindowStartHour: formOptionalInt(HOUR_MESSAGE).refine(
        (h) => h === null || (h >= 0 && h <= 23),
        "Choose a start hour from 0 to 23.",
      ),
      sendWindowEndHour: formOptionalInt(HOUR_MESSAGE).refine((h) => h === null || (h >= 1 && h <= 24), "Choose an end hour from 1 to 24."),
      marketingConsentOnly: formBoolean,
      trackingEnabled: formBoolean,
    })
    .superRefine((input, ctx) => {
      const start = input.sendWindowStartHour;
      const end = input.sendWindowEndHour;
      if ((start === null) !== (end === null)) {
        ctx.addIssue({
          code: "custom",
          path: [start === null ? "sendWindowStartHour" : "sendWindowEndHour"],
          message: "Set both ends of the send window, or neither.",
        });
      } else if (start !== null && end !== null && start >= end) {
        ctx.addIssue({
          code: "custom",
          path: ["sendWindowEndHour"],
          message: "The window must end after it starts (same day).",
        });
      }
    }),
);
export type EmailSettingsInput = z.infer<typeof EmailSettingsInput>;
