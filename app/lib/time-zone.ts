// The shop's clock: which calendar day and hour it shows at an instant, and the instant it shows a
// given hour of a given day, across daylight saving changes. @date-fns/tz reads the IANA zone
// database through Intl; the calendar arithmetic on days needs no zone at all.
import { TZDate } from "@date-fns/tz";

/** A date on the shop's calendar. */
export interface LocalDay {
  year: number;
  month: number; // 1..12
  day: number; // 1..31
}

const DAY_MS = 86_400_000;
const DAY_KEY = /^(\d{4})-(\d{2})-(\d{2})$/;
const pad = (n: number) => String(n).padStart(2, "0");

const knownZones = new Map<string, boolean>();

/** An unknown zone name (a shop row written by hand) reads as UTC rather than failing a job or a page. */
function zoneOrUtc(timeZone: string): string {
  let known = knownZones.get(timeZone);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone });
      known = true;
    } catch {
      known = false;
    }
    knownZones.set(timeZone, known);
  }
  return known ? timeZone : "UTC";
}

function wallClock(at: Date, timeZone: string) {
  const local = new TZDate(at.getTime(), zoneOrUtc(timeZone));
  return {
    year: local.getFullYear(),
    month: local.getMonth() + 1,
    day: local.getDate(),
    hour: local.getHours(),
    minute: local.getMinutes(),
  };
}

/** The date on the shop's calendar at `at`. */
export function localDay(at: Date, timeZone: string): LocalDay {
  const { year, month, day } = wallClock(at, timeZone);
  return { year, month, day };
}

/** The hour (0..23) the shop's clock shows at `at`. */
export function localHour(at: Date, timeZone: string): number {
  return wallClock(at, timeZone).hour;
}

/** YYYY-MM-DD. */
export const dayKey = (day: LocalDay) => `${day.year}-${pad(day.month)}-${pad(day.day)}`;

/** "2031-02-28" → the day; null unless a real calendar day written YYYY-MM-DD. */
export function parseDayKey(key: string): LocalDay | null {
  const match = DAY_KEY.exec(key);
  if (!match) return null;
  const day = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  return dayKey(addLocalDays(day, 0)) === key ? day : null;
}

/** Calendar days later (or earlier, negative), over month and year ends. */
export function addLocalDays(day: LocalDay, days: number): LocalDay {
  const date = new Date(Date.UTC(day.year, day.month - 1, day.day) + days * DAY_MS);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: LocalDay, to: LocalDay): number {
  return Math.round((Date.UTC(to.year, to.month - 1, to.day) - Date.UTC(from.year, from.month - 1, from.day)) / DAY_MS);
}

/**
 * The first moment the shop's clock shows `hour`:00 on `day`: the earlier of the two when clocks
 * go back over that hour, the moment the skipped hour ends when they go forward over it.
 */
export function zonedTime(day: LocalDay, hour: number, timeZone: string): Date {
  const zone = zoneOrUtc(timeZone);
  const at = new Date(new TZDate(day.year, day.month - 1, day.day, hour, zone).getTime());
  // TZDate may take the later of two equal wall times: the same wall time an hour (one DST shift) earlier is the first.
  const earlier = new Date(at.getTime() - 3_600_000);
  const wall = wallClock(earlier, zone);
  const repeated = wall.year === day.year && wall.month === day.month && wall.day === day.day && wall.hour === hour && wall.minute === 0;
  return repeated ? earlier : at;
}

/** The instants the shop's day covers: [start, end), 23 or 25 hours across a DST change. */
export function localDayBounds(day: LocalDay, timeZone: string): { start: Date; end: Date } {
  return { start: zonedTime(day, 0, timeZone), end: zonedTime(addLocalDays(day, 1), 0, timeZone) };
}
