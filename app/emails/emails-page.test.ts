import { describe, expect, it } from "vitest";
import { DEFAULT_EMAIL_SETTINGS } from "./email-settings.server";
import { emailTypeLabel, flowCards, sendLogEntry, suppressionEntry, templateLinks } from "./emails-page";
import type { SendLogRow } from "./send-log.server";

const formatDate = (date: Date) => date.toISOString().slice(0, 10);
const summary = { sent: 4, scheduled: 1, failed: 0, tracked: 3, opened: 2, clicked: 1, opens: 5, clicks: 1 };

function message(overrides: Partial<SendLogRow>): SendLogRow {
  return {
    id: "m1",
    orderName: "#1001",
    flow: "review_request",
    step: 1,
    template: "review_request",
    recipient: "ana@example.com",
    locale: "en",
    status: "scheduled",
    statusReason: null,
    scheduledFor: new Date("2026-03-10T09:00:00Z"),
    sentAt: null,
    createdAt: new Date("2026-03-01T09:00:00Z"),
    ...overrides,
  };
}

describe("flowCards", () => {
  it("shows opened and clicked shares, and says when tracking is off", () => {
    const none = { sent: 0, scheduled: 0, failed: 0, tracked: 0, opened: 0, clicked: 0, opens: 0, clicks: 0 };
    const on = flowCards(
      DEFAULT_EMAIL_SETTINGS,
      { thank_you: none, review_request: { ...none, sent: 10, tracked: 8, opened: 3, clicked: 1 } },
      "UTC",
    );
    expect(on.thank_you.engagement).toEqual({ opened: "–", clicked: "–" });
    expect(on.review_request.engagement).toEqual({ opened: "38%", clicked: "13%" });
    const off = flowCards({ ...DEFAULT_EMAIL_SETTINGS, trackingEnabled: false }, { thank_you: none, review_request: summary }, "UTC");
    expect(off.thank_you.engagement).toBeNull();
    // What was recorded while it was on still shows.
    expect(off.review_request.engagement).toEqual({ opened: "67%", clicked: "33%" });
    expect(off.thank_you.notes).toContain("Open and click tracking is off");
  });

  it("describes each flow with its timing, the survey question, the send window and the consent rule", () => {
    const cards = flowCards(
      { ...DEFAULT_EMAIL_SETTINGS, thankYouSurvey: false, marketingConsentOnly: true },
      { thank_you: summary, review_request: summary },
      "UTC",
    );
    expect(cards.thank_you).toEqual({
      enabled: true,
      timing: "1 hour after payment",
      notes: ["Without the satisfaction question", "Sent at any hour", "Only to customers who accept email marketing"],
      summary,
      engagement: { opened: "67%", clicked: "33%" },
    });
    expect(cards.review_request.notes).toEqual(["Sent at any hour", "Only to customers who accept email marketing"]);
  });

  it("says a flow is off", () => {
    const cards = flowCards(
      { ...DEFAULT_EMAIL_SETTINGS, reviewRequestEnabled: false },
      { thank_you: summary, review_request: summary },
      "UTC",
    );
    expect(cards.review_request.enabled).toBe(false);
    expect(cards.thank_you.notes[0]).toBe("With the satisfaction question");
  });
});

describe("templateLinks", () => {
  it("files each template under the flow that sends it", () => {
    const links = templateLinks([
      { kind: "review_reminder", locale: "el", label: "Review reminder", customized: true },
      { kind: "points_expiry", locale: "en", label: "Points expiry warning", customized: false },
    ]);
    expect(links.map((link) => link.flow)).toEqual(["review_request", "points_expiry"]);
  });
});

describe("send log rows", () => {
  it("numbers reminders after the first and keeps the name of a template the app no longer has", () => {
    expect(emailTypeLabel("review_reminder", 1)).toBe("Review reminder");
    expect(emailTypeLabel("review_reminder", 2)).toBe("Review reminder 2");
    expect(emailTypeLabel("old_kind", 1)).toBe("old_kind");
  });

  it("says when a sent email went, and when an unsent one is or was due", () => {
    expect(sendLogEntry(message({ status: "sent", sentAt: new Date("2026-03-11T10:00:00Z") }), formatDate).when).toBe("Sent 2026-03-11");
    expect(sendLogEntry(message({ status: "scheduled" }), formatDate).when).toBe("Due 2026-03-10");
    expect(sendLogEntry(message({ status: "failed" }), formatDate).when).toBe("Was due 2026-03-10");
  });

  it("keeps the status reason for every status, a sent email's too", () => {
    const reason = "rendered with the default template: unknown variable";
    expect(sendLogEntry(message({ status: "sent", sentAt: new Date(), statusReason: reason }), formatDate).statusReason).toBe(reason);
    expect(sendLogEntry(message({ status: "skipped", statusReason: "no address" }), formatDate).statusReason).toBe("no address");
  });

  it("shows a dash for an email without a recipient", () => {
    expect(sendLogEntry(message({ recipient: "" }), formatDate).recipient).toBe("—");
  });
});

describe("suppressionEntry", () => {
  it("names the reason in the merchant's words and dates the entry", () => {
    const row = { id: "s1", email: "ana@example.com", reason: "manual", detail: null, createdAt: new Date("2026-03-02T08:00:00Z") };
    expect(suppressionEntry(row, formatDate)).toEqual({
      id: "s1",
      email: "ana@example.com",
      reason: "Added by you",
      detail: null,
      date: "2026-03-02",
    });
    expect(suppressionEntry({ ...row, reason: "bounced", detail: "550 no such user" }, formatDate)).toMatchObject({
      reason: "Bounced",
      detail: "550 no such user",
    });
  });
});
