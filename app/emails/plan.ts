// When each post-purchase email should go, from what is known about the order. Pure:
// the outbox calls these when an order changes and again just before sending, so an
// email planned for an order that was since cancelled, refunded or reviewed is dropped.
import type { EmailSettingsValues } from "./email-settings.server";
import { applySendWindow, type SendWindow } from "./send-window";

export type EmailFlow = "thank_you" | "review_request";

export interface OrderFacts {
  paidAt: Date | null;
  fulfilledAt: Date | null;
  deliveredAt: Date | null;
  cancelledAt: Date | null;
  fullyRefunded: boolean;
  /** Products of the order still worth asking about: not refunded, not yet reviewed. */
  reviewableProductIds: string[];
}

export type EmailPlan =
  | { action: "schedule"; sendAt: Date }
  | { action: "cancel"; status: "cancelled" | "skipped"; reason: string }
  /** Not yet: the milestone the email waits for has not happened. */
  | { action: "wait" };

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/**
 * How late an email may still be planned. Send times follow the order's own timestamps, so an
 * order paid or delivered long before the app heard of it (placed before the install, imported
 * with its original date, paid long after checkout) plans an email whose time is long past: it is
 * skipped, not sent out of the blue. Two days cover Shopify's 4 hours of webhook retries and a
 * webhook route that was down for a while.
 */
export const LATE_SEND_LIMIT_MS = 2 * DAY;

function stopReason(order: OrderFacts): string | null {
  if (order.cancelledAt) return "Order cancelled";
  if (order.fullyRefunded) return "Order refunded";
  return null;
}

/**
 * Schedules at `due` (moved into the send window), unless `due` is too long past to send `now`.
 * `now` is null when lateness does not apply: the re-check of an email already planned.
 */
function scheduleAt(due: number, now: Date | null, window: SendWindow | null): EmailPlan {
  if (now && now.getTime() - due > LATE_SEND_LIMIT_MS) {
    return { action: "cancel", status: "skipped", reason: `Was due ${new Date(due).toISOString().slice(0, 10)}, too long ago to send` };
  }
  return { action: "schedule", sendAt: applySendWindow(new Date(due), window) };
}

export function planThankYou(order: OrderFacts, settings: EmailSettingsValues, window: SendWindow | null, now: Date | null): EmailPlan {
  if (!settings.thankYouEnabled) return { action: "cancel", status: "cancelled", reason: "Thank-you emails are turned off" };
  const stop = stopReason(order);
  if (stop) return { action: "cancel", status: "cancelled", reason: stop };
  if (!order.paidAt) return { action: "wait" };
  return scheduleAt(order.paidAt.getTime() + settings.thankYouDelayMinutes * MINUTE, now, window);
}

/**
 * After delivery + N days; when the carrier never reports delivery, after fulfilment + M days.
 * Only paid orders are asked, and only about products still reviewable.
 */
export function planReviewRequest(
  order: OrderFacts,
  settings: EmailSettingsValues,
  window: SendWindow | null,
  now: Date | null,
): EmailPlan {
  if (!settings.reviewRequestEnabled) return { action: "cancel", status: "cancelled", reason: "Review requests are turned off" };
  const stop = stopReason(order);
  if (stop) return { action: "cancel", status: "cancelled", reason: stop };
  if (order.reviewableProductIds.length === 0)
    return { action: "cancel", status: "skipped", reason: "Every product is reviewed or refunded" };
  if (!order.paidAt) return { action: "wait" };
  let sendAt: number;
  if (settings.reviewRequestTrigger === "fulfillment") {
    if (!order.fulfilledAt) return { action: "wait" };
    sendAt = order.fulfilledAt.getTime() + settings.reviewRequestDelayDays * DAY;
  } else if (order.deliveredAt) {
    sendAt = order.deliveredAt.getTime() + settings.reviewRequestDelayDays * DAY;
  } else if (order.fulfilledAt) {
    sendAt = order.fulfilledAt.getTime() + settings.reviewRequestFallbackDays * DAY;
  } else {
    return { action: "wait" };
  }
  return scheduleAt(sendAt, now, window);
}

/** Reminder `step` (1 or 2) follows the previous email by the reminder interval, if reminders remain. */
export function planReminder(step: number, previousSentAt: Date, settings: EmailSettingsValues, window: SendWindow | null): Date | null {
  if (step > settings.reviewReminders) return null;
  return applySendWindow(new Date(previousSentAt.getTime() + settings.reviewReminderIntervalDays * DAY), window);
}
