import { describe, expect, it } from "vitest";
import { DEFAULT_EMAIL_SETTINGS, type EmailSettingsValues } from "./email-settings.server";
import { LATE_SEND_LIMIT_MS, planReminder, planReviewRequest, planThankYou, type OrderFacts } from "./plan";
import type { SendWindow } from "./send-window";

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const PAID = new Date("2030-03-02T10:15:30.250Z");

const settings = (overrides: Partial<EmailSettingsValues> = {}): EmailSettingsValues => ({ ...DEFAULT_EMAIL_SETTINGS, ...overrides });
const order = (overrides: Partial<OrderFacts> = {}): OrderFacts => ({
  paidAt: PAID,
  fulfilledAt: null,
  deliveredAt: null,
  cancelledAt: null,
  fullyRefunded: false,
  reviewableProductIds: ["gid://shopify/Product/1", "gid://shopify/Product/2"],
  ...overrides,
});
const at = (ms: number) => ({ action: "schedule", sendAt: new Date(ms) });

describe("planThankYou", () => {
  it("sends the configured delay after payment", () => {
    expect(planThankYou(order(), settings(), null, PAID)).toEqual(at(PAID.getTime() + 60 * MINUTE));
    expect(planThankYou(order(), settings({ thankYouDelayMinutes: 0 }), null, PAID)).toEqual(at(PAID.getTime()));
    expect(planThankYou(order(), settings({ thankYouDelayMinutes: 24 * 60 }), null, PAID)).toEqual(at(PAID.getTime() + DAY));
  });

  it("waits for payment", () => {
    expect(planThankYou(order({ paidAt: null }), settings(), null, PAID)).toEqual({ action: "wait" });
  });

  it("cancels for a cancelled or fully refunded order, or when turned off", () => {
    expect(planThankYou(order({ cancelledAt: PAID }), settings(), null, PAID)).toEqual({
      action: "cancel",
      status: "cancelled",
      reason: "Order cancelled",
    });
    expect(planThankYou(order({ fullyRefunded: true }), settings(), null, PAID)).toEqual({
      action: "cancel",
      status: "cancelled",
      reason: "Order refunded",
    });
    expect(planThankYou(order(), settings({ thankYouEnabled: false }), null, PAID)).toEqual({
      action: "cancel",
      status: "cancelled",
      reason: "Thank-you emails are turned off",
    });
  });

  it("skips a thank-you whose time is long past (an order paid months before the app heard of it), and still sends a late one", () => {
    const monthsLater = new Date(PAID.getTime() + 120 * DAY);
    expect(planThankYou(order(), settings(), null, monthsLater)).toEqual({
      action: "cancel",
      status: "skipped",
      reason: "Was due 2030-03-02, too long ago to send",
    });
    const due = PAID.getTime() + 60 * MINUTE;
    expect(planThankYou(order(), settings(), null, new Date(due + LATE_SEND_LIMIT_MS))).toEqual(at(due));
    expect(planThankYou(order(), settings(), null, new Date(due + LATE_SEND_LIMIT_MS + 1))).toMatchObject({
      action: "cancel",
      status: "skipped",
    });
    // A reminder's re-check (no `now`) never counts as late.
    expect(planThankYou(order(), settings(), null, null)).toEqual(at(due));
  });

  it("does not depend on reviewable products: an order whose products are all reviewed still gets its thank-you", () => {
    expect(planThankYou(order({ reviewableProductIds: [] }), settings(), null, PAID)).toEqual(at(PAID.getTime() + 60 * MINUTE));
  });

  it("moves a send time outside the send window to the window's next opening", () => {
    const window: SendWindow = { startHour: 9, endHour: 17, timeZone: "UTC" };
    // Paid 10:15 UTC + 60 min = 11:15: inside.
    expect(planThankYou(order(), settings(), window, PAID)).toEqual(at(PAID.getTime() + 60 * MINUTE));
    // Paid at 22:00 UTC: 23:00 is outside; next opening 09:00 the next day.
    expect(planThankYou(order({ paidAt: new Date("2030-03-02T22:00:00Z") }), settings(), window, PAID)).toEqual(
      at(Date.parse("2030-03-03T09:00:00Z")),
    );
  });
});

describe("planReviewRequest", () => {
  const fulfilledAt = new Date(PAID.getTime() + 2 * DAY);
  const deliveredAt = new Date(PAID.getTime() + 5 * DAY + 3 * 3_600_000);

  it("asks N days after delivery", () => {
    expect(planReviewRequest(order({ fulfilledAt, deliveredAt }), settings(), null, PAID)).toEqual(at(deliveredAt.getTime() + 7 * DAY));
    expect(planReviewRequest(order({ fulfilledAt, deliveredAt }), settings({ reviewRequestDelayDays: 3 }), null, PAID)).toEqual(
      at(deliveredAt.getTime() + 3 * DAY),
    );
  });

  it("falls back to M days after fulfilment while no delivery is reported", () => {
    expect(planReviewRequest(order({ fulfilledAt }), settings(), null, PAID)).toEqual(at(fulfilledAt.getTime() + 14 * DAY));
    expect(planReviewRequest(order({ fulfilledAt }), settings({ reviewRequestFallbackDays: 20 }), null, PAID)).toEqual(
      at(fulfilledAt.getTime() + 20 * DAY),
    );
  });

  it("with trigger=fulfillment, counts N days from fulfilment even when delivery is known", () => {
    const s = settings({ reviewRequestTrigger: "fulfillment", reviewRequestDelayDays: 4 });
    expect(planReviewRequest(order({ fulfilledAt, deliveredAt }), s, null, PAID)).toEqual(at(fulfilledAt.getTime() + 4 * DAY));
    expect(planReviewRequest(order({ fulfilledAt }), s, null, PAID)).toEqual(at(fulfilledAt.getTime() + 4 * DAY));
    // A delivery without a recorded fulfilment does not start the clock for this trigger.
    expect(planReviewRequest(order({ deliveredAt }), s, null, PAID)).toEqual({ action: "wait" });
  });

  it("waits while the order is unpaid or not yet shipped", () => {
    expect(planReviewRequest(order(), settings(), null, PAID)).toEqual({ action: "wait" });
    expect(planReviewRequest(order({ paidAt: null, fulfilledAt, deliveredAt }), settings(), null, PAID)).toEqual({ action: "wait" });
    expect(planReviewRequest(order({ paidAt: null, fulfilledAt }), settings({ reviewRequestTrigger: "fulfillment" }), null, PAID)).toEqual({
      action: "wait",
    });
  });

  it("cancels for a cancelled or fully refunded order, or when turned off", () => {
    const shipped = { fulfilledAt, deliveredAt };
    expect(planReviewRequest(order({ ...shipped, cancelledAt: PAID }), settings(), null, PAID)).toEqual({
      action: "cancel",
      status: "cancelled",
      reason: "Order cancelled",
    });
    expect(planReviewRequest(order({ ...shipped, fullyRefunded: true }), settings(), null, PAID)).toEqual({
      action: "cancel",
      status: "cancelled",
      reason: "Order refunded",
    });
    expect(planReviewRequest(order(shipped), settings({ reviewRequestEnabled: false }), null, PAID)).toEqual({
      action: "cancel",
      status: "cancelled",
      reason: "Review requests are turned off",
    });
    // Cancelled before it was even paid: nothing to wait for.
    expect(planReviewRequest(order({ paidAt: null, cancelledAt: PAID }), settings(), null, PAID)).toMatchObject({
      action: "cancel",
      status: "cancelled",
    });
  });

  it("skips a review request due long ago: an order delivered months before the app heard of it", () => {
    const monthsLater = new Date(deliveredAt.getTime() + 90 * DAY);
    expect(planReviewRequest(order({ fulfilledAt, deliveredAt }), settings(), null, monthsLater)).toMatchObject({
      action: "cancel",
      status: "skipped",
    });
    expect(planReviewRequest(order({ fulfilledAt, deliveredAt }), settings(), null, new Date(deliveredAt.getTime() + 8 * DAY))).toEqual(
      at(deliveredAt.getTime() + 7 * DAY),
    );
  });

  it("skips when nothing is left to review (all reviewed or refunded)", () => {
    expect(planReviewRequest(order({ fulfilledAt, deliveredAt, reviewableProductIds: [] }), settings(), null, PAID)).toEqual({
      action: "cancel",
      status: "skipped",
      reason: "Every product is reviewed or refunded",
    });
  });

  it("a cancelled order that is later fulfilled and delivered still cancels", () => {
    const cancelledAt = new Date(PAID.getTime() + DAY);
    expect(planReviewRequest(order({ cancelledAt, fulfilledAt }), settings(), null, PAID)).toEqual({
      action: "cancel",
      status: "cancelled",
      reason: "Order cancelled",
    });
    expect(planReviewRequest(order({ cancelledAt, fulfilledAt, deliveredAt }), settings(), null, PAID)).toEqual({
      action: "cancel",
      status: "cancelled",
      reason: "Order cancelled",
    });
    expect(
      planReviewRequest(order({ cancelledAt, fulfilledAt }), settings({ reviewRequestTrigger: "fulfillment" }), null, PAID),
    ).toMatchObject({
      action: "cancel",
    });
  });

  it("applies the send window to the review request", () => {
    const window: SendWindow = { startHour: 9, endHour: 17, timeZone: "UTC" };
    const lateDelivery = new Date("2030-03-07T20:30:00Z");
    expect(planReviewRequest(order({ fulfilledAt, deliveredAt: lateDelivery }), settings(), window, PAID)).toEqual(
      at(Date.parse("2030-03-15T09:00:00Z")),
    );
  });
});

describe("planReminder", () => {
  const sentAt = new Date("2030-04-01T12:00:00Z");

  it("follows the previous email by the reminder interval", () => {
    expect(planReminder(1, sentAt, settings(), null)).toEqual(new Date(sentAt.getTime() + 5 * DAY));
    expect(planReminder(1, sentAt, settings({ reviewReminderIntervalDays: 2 }), null)).toEqual(new Date(sentAt.getTime() + 2 * DAY));
  });

  it("plans only as many reminders as configured", () => {
    expect(planReminder(1, sentAt, settings({ reviewReminders: 0 }), null)).toBeNull();
    expect(planReminder(1, sentAt, settings({ reviewReminders: 1 }), null)).not.toBeNull();
    expect(planReminder(2, sentAt, settings({ reviewReminders: 1 }), null)).toBeNull();
    expect(planReminder(2, sentAt, settings({ reviewReminders: 2 }), null)).toEqual(new Date(sentAt.getTime() + 5 * DAY));
    expect(planReminder(3, sentAt, settings({ reviewReminders: 2 }), null)).toBeNull();
  });

  it("keeps reminders inside the send window", () => {
    const window: SendWindow = { startHour: 14, endHour: 16, timeZone: "UTC" };
    expect(planReminder(1, sentAt, settings(), window)).toEqual(new Date("2030-04-06T14:00:00Z"));
  });
});
