// Plain-English descriptions of when each post-purchase email goes, from the email
// settings: the Emails page's flow cards and the live hints on the settings form.
import type { EmailSettingsValues } from "./email-settings.server";

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);
const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;

/** 90 → "1 hour 30 minutes", 2880 → "2 days", 0 → "". */
export function formatDuration(minutes: number): string {
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  return [days ? plural(days, "day") : "", hours ? plural(hours, "hour") : "", rest ? plural(rest, "minute") : ""]
    .filter(Boolean)
    .join(" ");
}

const after = (minutes: number, event: string) => (minutes > 0 ? `${formatDuration(minutes)} after ${event}` : `Right after ${event}`);
const afterDays = (days: number, event: string) => after(days * 1440, event);

type ThankYouTiming = Pick<EmailSettingsValues, "thankYouDelayMinutes">;
type ReviewTiming = Pick<
  EmailSettingsValues,
  "reviewRequestTrigger" | "reviewRequestDelayDays" | "reviewRequestFallbackDays" | "reviewReminders" | "reviewReminderIntervalDays"
>;

/** "1 hour after payment" */
export function thankYouTiming(settings: ThankYouTiming): string {
  return after(settings.thankYouDelayMinutes, "payment");
}

/** "7 days after delivery (14 days after fulfilment if no delivery is reported), 1 reminder 5 days later" */
export function reviewRequestTiming(settings: ReviewTiming): string {
  const first =
    settings.reviewRequestTrigger === "fulfillment"
      ? afterDays(settings.reviewRequestDelayDays, "fulfilment")
      : `${afterDays(settings.reviewRequestDelayDays, "delivery")} (${lowerFirst(afterDays(settings.reviewRequestFallbackDays, "fulfilment"))} if no delivery is reported)`;
  return `${first}, ${reminderTiming(settings)}`;
}

/** "no reminders", "1 reminder 5 days later", "2 reminders 5 days apart" */
export function reminderTiming(settings: Pick<ReviewTiming, "reviewReminders" | "reviewReminderIntervalDays">): string {
  const interval = plural(settings.reviewReminderIntervalDays, "day");
  if (settings.reviewReminders <= 0) return "no reminders";
  if (settings.reviewReminders === 1) return `1 reminder ${interval} later`;
  return `${settings.reviewReminders} reminders ${interval} apart`;
}

/** 9 → "09:00"; 24 is midnight at the end of the day. */
export const hourLabel = (hour: number) => `${String(hour).padStart(2, "0")}:00`;

/** "Sent between 09:00 and 18:00 (Europe/Athens)", or at any hour. */
export function sendWindowTiming(
  settings: Pick<EmailSettingsValues, "sendWindowStartHour" | "sendWindowEndHour">,
  timeZone: string,
): string {
  if (settings.sendWindowStartHour === null || settings.sendWindowEndHour === null) return "Sent at any hour";
  return `Sent between ${hourLabel(settings.sendWindowStartHour)} and ${hourLabel(settings.sendWindowEndHour)} (${timeZone})`;
}
