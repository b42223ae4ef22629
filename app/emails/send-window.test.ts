import { describe, expect, it } from "vitest";
import { applySendWindow, sendWindowOf, type SendWindow } from "./send-window";

const iso = (value: string) => new Date(value);
const window = (timeZone: string, startHour = 9, endHour = 17): SendWindow => ({ startHour, endHour, timeZone });

/** Local wall-clock time of `at` in `timeZone`, as "YYYY-MM-DD HH:mm:ss". */
function local(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${get("year")}-${get("month")}-${get("day")} ${get("hour")}:${get("minute")}:${get("second")}`;
}

describe("applySendWindow", () => {
  it("leaves the time alone without a window", () => {
    const at = iso("2026-01-15T03:17:45.123Z");
    expect(applySendWindow(at, null).getTime()).toBe(at.getTime());
  });

  describe("Europe/Athens, 09–18", () => {
    const athens = window("Europe/Athens", 9, 18);

    it("keeps a time inside the window to the millisecond", () => {
      const at = iso("2026-01-15T10:07:31.500Z"); // 12:07 local (UTC+2)
      expect(applySendWindow(at, athens).toISOString()).toBe(at.toISOString());
      expect(applySendWindow(iso("2026-01-15T07:00:00Z"), athens).toISOString()).toBe("2026-01-15T07:00:00.000Z"); // 09:00 sharp: open
      expect(applySendWindow(iso("2026-01-15T15:59:59Z"), athens).toISOString()).toBe("2026-01-15T15:59:59.000Z"); // 17:59:59
    });

    it("moves a time before the window to its opening the same day", () => {
      const moved = applySendWindow(iso("2026-01-15T04:30:15.123Z"), athens); // 06:30:15 local
      expect(moved.toISOString()).toBe("2026-01-15T07:00:00.000Z");
      expect(local(moved, "Europe/Athens")).toBe("2026-01-15 09:00:00");
    });

    it("moves a time after the window (the end hour is exclusive) to the next day's opening", () => {
      expect(applySendWindow(iso("2026-01-15T17:30:00Z"), athens).toISOString()).toBe("2026-01-16T07:00:00.000Z"); // 19:30 local
      expect(applySendWindow(iso("2026-01-15T16:00:00Z"), athens).toISOString()).toBe("2026-01-16T07:00:00.000Z"); // 18:00 local
    });

    it("opens at 09:00 local on the day clocks go forward (EET → EEST) and back", () => {
      // Saturday 19:00 EET; Sunday 29 March 2026 09:00 is EEST, UTC+3.
      expect(applySendWindow(iso("2026-03-28T17:00:00Z"), athens).toISOString()).toBe("2026-03-29T06:00:00.000Z");
      // Saturday 19:00 EEST; Sunday 25 October 2026 09:00 is EET, UTC+2.
      expect(applySendWindow(iso("2026-10-24T16:00:00Z"), athens).toISOString()).toBe("2026-10-25T07:00:00.000Z");
      // 02:30 EET, half an hour before the skipped hour.
      expect(local(applySendWindow(iso("2026-03-29T00:30:00Z"), athens), "Europe/Athens")).toBe("2026-03-29 09:00:00");
    });
  });

  describe("America/New_York, 09–17", () => {
    const newYork = window("America/New_York");

    it("moves early and late times to 09:00 Eastern", () => {
      expect(applySendWindow(iso("2026-01-15T12:00:00Z"), newYork).toISOString()).toBe("2026-01-15T14:00:00.000Z"); // 07:00 EST
      expect(applySendWindow(iso("2026-01-15T23:00:00Z"), newYork).toISOString()).toBe("2026-01-16T14:00:00.000Z"); // 18:00 EST
      expect(applySendWindow(iso("2026-07-15T15:00:00Z"), newYork).toISOString()).toBe("2026-07-15T15:00:00.000Z"); // 11:00 EDT: inside
    });

    it("opens at 09:00 local across both DST changes", () => {
      // Saturday 18:00 EST → Sunday 8 March 2026 09:00 EDT (UTC-4).
      expect(applySendWindow(iso("2026-03-07T23:00:00Z"), newYork).toISOString()).toBe("2026-03-08T13:00:00.000Z");
      // Saturday 18:00 EDT → Sunday 1 November 2026 09:00 EST (UTC-5): the day has 25 hours.
      expect(applySendWindow(iso("2026-10-31T22:00:00Z"), newYork).toISOString()).toBe("2026-11-01T14:00:00.000Z");
    });
  });

  describe("Asia/Kathmandu (UTC+05:45), 09–17", () => {
    const kathmandu = window("Asia/Kathmandu");

    it("moves to the local hour boundary, which is a quarter past in UTC", () => {
      expect(applySendWindow(iso("2026-01-15T01:00:00Z"), kathmandu).toISOString()).toBe("2026-01-15T03:15:00.000Z"); // 06:45 → 09:00
      expect(applySendWindow(iso("2026-01-15T03:14:00Z"), kathmandu).toISOString()).toBe("2026-01-15T03:15:00.000Z"); // 08:59 → 09:00
      expect(applySendWindow(iso("2026-01-15T03:15:00Z"), kathmandu).toISOString()).toBe("2026-01-15T03:15:00.000Z"); // 09:00: open
      expect(applySendWindow(iso("2026-01-15T12:00:00Z"), kathmandu).toISOString()).toBe("2026-01-16T03:15:00.000Z"); // 17:45 → next day
    });
  });

  it("skips to the next day when the window's hours do not exist on the day clocks go forward", () => {
    // 03:00–04:00 local does not exist on 29 March 2026 (03:00 EET → 04:00 EEST).
    const small = window("Europe/Athens", 3, 4);
    const moved = applySendWindow(iso("2026-03-28T02:00:00Z"), small); // Saturday 04:00 EET, just closed
    expect(local(moved, "Europe/Athens")).toBe("2026-03-30 03:00:00");
    expect(moved.toISOString()).toBe("2026-03-30T00:00:00.000Z");
    // The same in New York, where 02:00–03:00 is skipped on 8 March 2026.
    expect(local(applySendWindow(iso("2026-03-07T08:00:00Z"), window("America/New_York", 2, 3)), "America/New_York")).toBe(
      "2026-03-09 02:00:00",
    );
  });

  it("supports a window that runs to midnight (end hour 24)", () => {
    const evening = window("UTC", 20, 24);
    expect(applySendWindow(iso("2026-05-01T23:59:59Z"), evening).toISOString()).toBe("2026-05-01T23:59:59.000Z");
    expect(applySendWindow(iso("2026-05-02T00:30:00Z"), evening).toISOString()).toBe("2026-05-02T20:00:00.000Z");
  });

  it("always lands inside the window at the earliest possible moment, through a month with DST changes", () => {
    for (const timeZone of ["Europe/Athens", "America/New_York", "Asia/Kathmandu"]) {
      const w = window(timeZone, 8, 20);
      // Every 71 minutes and 13 seconds across March 2026 (Athens and New York change clocks in it).
      for (let t = Date.parse("2026-03-01T00:00:00Z"); t < Date.parse("2026-04-01T00:00:00Z"); t += 71 * 60_000 + 13_000) {
        const input = new Date(t);
        const result = applySendWindow(input, w);
        const [, time] = local(result, timeZone).split(" ");
        const hour = Number(time!.slice(0, 2));
        expect(hour >= 8 && hour < 20, `${input.toISOString()} in ${timeZone} → ${local(result, timeZone)}`).toBe(true);
        if (result.getTime() !== input.getTime()) {
          // Moved: to the opening sharp, less than a day later, and the input was outside the window.
          expect(time, `${input.toISOString()} in ${timeZone}`).toBe("08:00:00");
          expect(result.getTime() - input.getTime()).toBeGreaterThan(0);
          expect(result.getTime() - input.getTime()).toBeLessThanOrEqual(13 * 3_600_000);
          const inputHour = Number(local(input, timeZone).split(" ")[1]!.slice(0, 2));
          expect(inputHour < 8 || inputHour >= 20).toBe(true);
        }
      }
    }
  });
});

describe("sendWindowOf", () => {
  it("is null unless both hours are set", () => {
    expect(sendWindowOf({ sendWindowStartHour: null, sendWindowEndHour: null }, "Europe/Athens")).toBeNull();
    expect(sendWindowOf({ sendWindowStartHour: 9, sendWindowEndHour: null }, "Europe/Athens")).toBeNull();
    expect(sendWindowOf({ sendWindowStartHour: null, sendWindowEndHour: 17 }, "Europe/Athens")).toBeNull();
    expect(sendWindowOf({ sendWindowStartHour: 0, sendWindowEndHour: 17 }, "Europe/Athens")).toEqual({
      startHour: 0,
      endHour: 17,
      timeZone: "Europe/Athens",
    });
  });
});
