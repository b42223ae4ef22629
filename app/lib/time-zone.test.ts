import { describe, expect, it } from "vitest";
import { addLocalDays, dayKey, daysBetween, localDay, localDayBounds, localHour, parseDayKey, zonedTime } from "./time-zone";

const day = (key: string) => parseDayKey(key)!;

describe("localDay and localHour", () => {
  it("read the shop's calendar and clock, not UTC's", () => {
    const at = new Date("2031-03-14T12:30:00Z");
    expect(dayKey(localDay(at, "UTC"))).toBe("2031-03-14");
    expect(dayKey(localDay(at, "Pacific/Auckland"))).toBe("2031-03-15"); // UTC+13
    expect(dayKey(localDay(new Date("2031-03-14T02:00:00Z"), "America/Los_Angeles"))).toBe("2031-03-13");
    expect(dayKey(localDay(new Date("2031-01-09T22:30:00Z"), "Europe/Athens"))).toBe("2031-01-10");
    expect(localHour(at, "Asia/Kathmandu")).toBe(18); // UTC+05:45
    expect(localHour(new Date("2031-07-10T06:00:00Z"), "Europe/Athens")).toBe(9); // summer time, UTC+3
  });

  it("read an unknown zone as UTC", () => {
    const at = new Date("2031-03-14T23:30:00Z");
    expect(dayKey(localDay(at, "Not/AZone"))).toBe("2031-03-14");
    expect(localHour(at, "Not/AZone")).toBe(23);
  });
});

describe("zonedTime", () => {
  it("finds the instant of a local hour, across daylight saving changes", () => {
    expect(zonedTime(day("2031-01-10"), 9, "Europe/Athens").toISOString()).toBe("2031-01-10T07:00:00.000Z"); // UTC+2
    expect(zonedTime(day("2031-07-10"), 9, "Europe/Athens").toISOString()).toBe("2031-07-10T06:00:00.000Z"); // UTC+3
    // Athens moves to summer time at 03:00 on the last Sunday of March (2031-03-30).
    expect(zonedTime(day("2031-03-30"), 9, "Europe/Athens").toISOString()).toBe("2031-03-30T06:00:00.000Z");
    expect(zonedTime(day("2031-03-29"), 9, "Europe/Athens").toISOString()).toBe("2031-03-29T07:00:00.000Z");
    expect(zonedTime(day("2031-06-01"), 9, "UTC").toISOString()).toBe("2031-06-01T09:00:00.000Z");
    expect(zonedTime(day("2031-06-01"), 9, "Not/AZone").toISOString()).toBe("2031-06-01T09:00:00.000Z");
  });

  it("gives the hour after a skipped hour, and the first of a repeated one", () => {
    // 03:00 does not exist in Athens on 2031-03-30 (03:00 EET → 04:00 EEST).
    expect(zonedTime(day("2031-03-30"), 3, "Europe/Athens").toISOString()).toBe("2031-03-30T01:00:00.000Z"); // 04:00 EEST
    // 03:00 happens twice on 2031-10-26 (04:00 EEST → 03:00 EET): the first is 00:00 UTC.
    expect(zonedTime(day("2031-10-26"), 3, "Europe/Athens").toISOString()).toBe("2031-10-26T00:00:00.000Z");
  });
});

describe("localDayBounds", () => {
  it("bounds a day on the shop's clock, 23 hours on the day summer time starts and 25 on the day it ends", () => {
    expect(localDayBounds(day("2031-01-10"), "Europe/Athens")).toEqual({
      start: new Date("2031-01-09T22:00:00Z"),
      end: new Date("2031-01-10T22:00:00Z"),
    });
    expect(localDayBounds(day("2031-03-30"), "Europe/Athens")).toEqual({
      start: new Date("2031-03-29T22:00:00Z"),
      end: new Date("2031-03-30T21:00:00Z"),
    });
    const autumn = localDayBounds(day("2031-10-26"), "Europe/Athens");
    expect(autumn.end.getTime() - autumn.start.getTime()).toBe(25 * 3_600_000);
    expect(localDayBounds(day("2031-01-10"), "America/Los_Angeles").start).toEqual(new Date("2031-01-10T08:00:00Z"));
  });

  it("starts the day at its first midnight where clocks go back over midnight", () => {
    // Cuba goes from 01:00 CDT back to 00:00 CST on 2026-11-01: midnight happens twice.
    const havana = localDayBounds(day("2026-11-01"), "America/Havana");
    expect(havana.start).toEqual(new Date("2026-11-01T04:00:00Z"));
    expect(havana.end.getTime() - havana.start.getTime()).toBe(25 * 3_600_000);
  });
});

describe("calendar days", () => {
  it("step over month and year ends and count the days between", () => {
    expect(dayKey(addLocalDays(day("2031-12-31"), 1))).toBe("2032-01-01");
    expect(dayKey(addLocalDays(day("2032-02-28"), 1))).toBe("2032-02-29");
    expect(dayKey(addLocalDays(day("2031-02-28"), 1))).toBe("2031-03-01");
    expect(dayKey(addLocalDays(day("2032-03-01"), -1))).toBe("2032-02-29");
    expect(daysBetween(day("2031-01-01"), day("2031-01-30"))).toBe(29);
    expect(daysBetween(day("2031-03-01"), day("2031-02-28"))).toBe(-1);
  });

  it("parse only real calendar days written YYYY-MM-DD", () => {
    expect(parseDayKey("2031-02-28")).toEqual({ year: 2031, month: 2, day: 28 });
    for (const bad of ["2031-02-29", "2031-1-5", "2031-13-01", "", "31-01-2031"]) expect(parseDayKey(bad), bad).toBeNull();
  });
});
