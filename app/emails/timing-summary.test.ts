import { describe, expect, it } from "vitest";
import { DEFAULT_EMAIL_SETTINGS } from "./email-settings.server";
import { formatDuration, reviewRequestTiming, sendWindowTiming, thankYouTiming } from "./timing-summary";

describe("email timing descriptions", () => {
  it("describes the thank-you delay in days, hours and minutes", () => {
    expect(formatDuration(90)).toBe("1 hour 30 minutes");
    expect(formatDuration(2 * 1440 + 1)).toBe("2 days 1 minute");
    expect(thankYouTiming(DEFAULT_EMAIL_SETTINGS)).toBe("1 hour after payment");
    expect(thankYouTiming({ thankYouDelayMinutes: 0 })).toBe("Right after payment");
  });

  it("describes the review request's trigger, fallback and reminders", () => {
    expect(reviewRequestTiming(DEFAULT_EMAIL_SETTINGS)).toBe(
      "7 days after delivery (14 days after fulfilment if no delivery is reported), 1 reminder 5 days later",
    );
    expect(
      reviewRequestTiming({
        ...DEFAULT_EMAIL_SETTINGS,
        reviewRequestTrigger: "fulfillment",
        reviewRequestDelayDays: 1,
        reviewReminders: 2,
        reviewReminderIntervalDays: 1,
      }),
    ).toBe("1 day after fulfilment, 2 reminders 1 day apart");
    expect(
      reviewRequestTiming({ ...DEFAULT_EMAIL_SETTINGS, reviewRequestDelayDays: 0, reviewRequestFallbackDays: 0, reviewReminders: 0 }),
    ).toBe("Right after delivery (right after fulfilment if no delivery is reported), no reminders");
  });

  it("describes the send window in the shop's time zone", () => {
    expect(sendWindowTiming(DEFAULT_EMAIL_SETTINGS, "UTC")).toBe("Sent at any hour");
    expect(sendWindowTiming({ sendWindowStartHour: 9, sendWindowEndHour: 24 }, "Europe/Athens")).toBe(
      "Sent between 09:00 and 24:00 (Europe/Athens)",
    );
  });
});
