import { describe, expect, it } from "vitest";
import { addMonths, birthdaysOn, isCalendarDay, pointsExpireAt, warningDueAt } from "./dates";

const DAY = 86_400_000;

describe("birthdays", () => {
  it("accepts real calendar days only, 29 February included", () => {
    for (const day of ["01-01", "02-29", "04-30", "12-31"]) expect(isCalendarDay(day), day).toBe(true);
    for (const day of ["02-30", "04-31", "13-01", "00-10", "01-00", "1-5", "01-5", "2031-01-05", "", "ab-cd"])
      expect(isCalendarDay(day), day).toBe(false);
  });

  it("celebrates 29 February on the 28th when the year has no 29th", () => {
    expect(birthdaysOn({ year: 2031, month: 2, day: 28 })).toEqual(["02-28", "02-29"]);
    expect(birthdaysOn({ year: 2032, month: 2, day: 28 })).toEqual(["02-28"]);
    expect(birthdaysOn({ year: 2032, month: 2, day: 29 })).toEqual(["02-29"]);
    expect(birthdaysOn({ year: 2031, month: 3, day: 1 })).toEqual(["03-01"]);
  });
});

describe("expiry dates", () => {
  it("adds calendar months, keeping the day or taking the month's last", () => {
    expect(addMonths(new Date("2031-01-15T10:00:00Z"), 12).toISOString()).toBe("2032-01-15T10:00:00.000Z");
    expect(addMonths(new Date("2031-01-31T10:00:00Z"), 1).toISOString()).toBe("2031-02-28T10:00:00.000Z");
    expect(addMonths(new Date("2031-12-31T10:00:00Z"), 2).toISOString()).toBe("2032-02-29T10:00:00.000Z");
    expect(addMonths(new Date("2031-03-31T10:00:00Z"), -1).toISOString()).toBe("2031-02-28T10:00:00.000Z");
    expect(addMonths(new Date("2031-01-10T10:00:00Z"), -13).toISOString()).toBe("2029-12-10T10:00:00.000Z");
  });

  const active = new Date("2031-01-15T10:00:00Z");
  const rules = { expiryMonths: 12, expiryWarningDays: 30 };

  it("warns the set number of days before the points would expire", () => {
    expect(warningDueAt({ lastActivityAt: active, expiryWarnedAt: null }, rules)?.toISOString()).toBe("2031-12-16T10:00:00.000Z");
    expect(warningDueAt({ lastActivityAt: active, expiryWarnedAt: null }, { expiryMonths: 12, expiryWarningDays: 0 })).toBeNull();
    expect(warningDueAt({ lastActivityAt: active, expiryWarnedAt: null }, { expiryMonths: 0, expiryWarningDays: 30 })).toBeNull();
  });

  it("expires after the months of inactivity, but never sooner than the warning period after the warning", () => {
    const due = new Date("2032-01-15T10:00:00Z");
    // Not warned yet: the points cannot expire.
    expect(pointsExpireAt({ lastActivityAt: active, expiryWarnedAt: null }, rules)).toBeNull();
    // Warned on time: they expire when due.
    expect(pointsExpireAt({ lastActivityAt: active, expiryWarnedAt: new Date(due.getTime() - 30 * DAY) }, rules)).toEqual(due);
    // Warned late (the period was shortened, or the daily run was missed): 30 days after the warning.
    const late = new Date("2032-03-01T08:00:00Z");
    expect(pointsExpireAt({ lastActivityAt: active, expiryWarnedAt: late }, rules)).toEqual(new Date(late.getTime() + 30 * DAY));
    // No warnings: when due. Expiry off: never.
    expect(pointsExpireAt({ lastActivityAt: active, expiryWarnedAt: null }, { expiryMonths: 12, expiryWarningDays: 0 })).toEqual(due);
    expect(pointsExpireAt({ lastActivityAt: active, expiryWarnedAt: late }, { expiryMonths: 0, expiryWarningDays: 30 })).toBeNull();
  });
});
