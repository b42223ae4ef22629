import { describe, expect, it } from "vitest";
import { addDays, dayBounds, dayOf, daysIn, isDay, lastDays, previousPeriod, rangeLength } from "./days";

describe("dashboard days", () => {
  it("bounds and names the shop's day as YYYY-MM-DD (DST edges: app/lib/time-zone.test.ts)", () => {
    expect(dayBounds("2031-01-10", "Europe/Athens")).toEqual({
      start: new Date("2031-01-09T22:00:00Z"),
      end: new Date("2031-01-10T22:00:00Z"),
    });
    expect(dayOf(new Date("2031-01-09T22:30:00Z"), "Europe/Athens")).toBe("2031-01-10");
    expect(dayOf(new Date("2031-01-10T07:59:00Z"), "America/Los_Angeles")).toBe("2031-01-09");
    expect(() => dayBounds("2031-02-30", "UTC")).toThrow("Not a day");
  });

  it("steps through ranges across month and year ends", () => {
    expect(addDays("2030-12-31", 1)).toBe("2031-01-01");
    expect(addDays("2032-03-01", -1)).toBe("2032-02-29");
    expect(daysIn({ from: "2031-02-27", to: "2031-03-02" })).toEqual(["2031-02-27", "2031-02-28", "2031-03-01", "2031-03-02"]);
    expect(rangeLength({ from: "2031-01-01", to: "2031-01-30" })).toBe(30);
    expect(lastDays(7, "2031-01-10")).toEqual({ from: "2031-01-04", to: "2031-01-10" });
    expect(previousPeriod({ from: "2031-01-04", to: "2031-01-10" })).toEqual({ from: "2030-12-28", to: "2031-01-03" });
  });

  it("accepts only real calendar days", () => {
    expect(isDay("2031-02-28")).toBe(true);
    expect(isDay("2031-02-29")).toBe(false);
    expect(isDay("2031-1-5")).toBe(false);
  });
});
