// When each post-purchase email should go, from what is known about the order. Pure:
// the outbox calls these when an order changes and again just before sending, so an
// email planned for an order that was since cancelled, refunded or reviewed is dropped.
import type { EmailSettingsValues } from "./email-settings.server";
import { applySendWindow, type SendWindow } from "./send-window";

export type EmailFlow = "thank_you" | "review_request";

export interface OrderFacts {
  email: string | null;
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

function stopReason(order: OrderFacts): string | null {
  if (order.cancelledAt) return "Order cancelled";
  if (order.fullyRefunded) return "Order refunded";
  if (!order.email) return "Order has no email address";
  return null;
}

export function planThankYou(order: OrderFacts, settings: EmailSettingsValues, window: SendWindow | null): EmailPlan {
  if (!settings.thankYouEnabled) return { action: "cancel", status: "cancelled", reason: "Thank-you emails are turned off" };
  const stop = stopReason(order);
  if (stop) return { action: "cancel", status: "cancelled", reason: stop };
  if (!order.paidAt) return { action: "wait" };
  return { action: "schedule", sendAt: applySendWindow(new Date(order.paidAt.getTime() + settings.thankYouDelayMinutes * MINUTE), window) };
}

/**
 * After delivery + N days; when the carrier never reports delivery, after fulfilment + M days.
 * Only paid orders are asked, and only about products still reviewable.
 */
export function planReviewRequest(order: OrderFacts, settings: EmailSettingsValues, window: SendWindow | null): EmailPlan {
  if (!settings.reviewRequestEnabled) return { action: "cancel", status: "cancelled", reason: "Review requests are turned off" };
  const stop = stopReason(order);
  if (stop) return { action: "cancel", status: "cancelled", reason: stop };
  if (order.reviewableProductIds.length === 0) return { action: "cancel", status: "skipped", reason: "Every product is reviewed or refunded" };
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
  return { action: "schedule", sendAt: applySendWindow(new Date(sendAt), window) };
}

/** Reminder `step` (1 or 2) follows the previous email by the reminder interval, if reminders remain. */
export function planReminder(step: number, previousSentAt: Date, settings: EmailSettingsValues, window: SendWindow | null): Date | null {
  if (step > settings.reviewReminders) return null;
  return applySendWindow(new Date(previousSentAt.getTime() + settings.reviewReminderIntervalDays * DAY), window);
}
