// The admin's points adjustment form (a member's page), for the browser and the action alike.
// Whether the balance may go below zero is the action's to say (members.server.ts).
import { z } from "zod";
import { storedText } from "../lib/forms";

const POINTS_MESSAGE = "Enter a whole number of points from -1,000,000 to 1,000,000: positive to add, negative to deduct.";

export const AdjustInput = z.object({
  points: z.preprocess(
    (value) =>
      typeof value === "string"
        ? value
            .trim()
            .replace(/^\+/, "")
            .replace(/^[\u2212\u2013]/, "-") || undefined
        : value,
    z.coerce
      .number({ required_error: POINTS_MESSAGE, invalid_type_error: POINTS_MESSAGE })
      .int(POINTS_MESSAGE)
      .min(-1_000_000, POINTS_MESSAGE)
      .max(1_000_000, POINTS_MESSAGE)
      .refine((points) => points !== 0, "Enter points to add, or a negative number to deduct."),
  ),
  reason: z.preprocess(
    (value) => value ?? "",
    storedText(
      z
        .string()
        .trim()
        .min(3, "Give a reason of at least 3 characters; it is shown in the points history.")
        .max(200, "Reasons are limited to 200 characters."),
    ),
  ),
  /**
   * Names this adjustment (the admin form gets a fresh one each time it is shown), so a form
   * sent twice adjusts once. Without it every call is a new adjustment.
   */
  key: z.preprocess((value) => value || undefined, z.string().uuid("Reload the page and try again.").optional()),
});
export type AdjustInput = z.input<typeof AdjustInput>;
