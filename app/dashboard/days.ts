// Calendar days of the dashboard, pure: YYYY-MM-DD on the shop's clock, the instants a day
// spans, date ranges and the period before a range (for trends).
import { dayKey, localDay, nextDay, zonedTime, type LocalDay } from "../loyalty/dates";

const DAY_MS = 86_400_000;
const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface DayRange {
  /** YYYY-MM-DD, inclusive. */
  from: string;
  /** YYYY-MM-DD, inclusive. */
  to: string;
}

export function isDay(value: string): boolean {
  const match = DAY_PATTERN.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

function parseDay(day: string): LocalDay {
  const match = DAY_PATTERN.exec(day);
  if (!match) throw new Error(`Not a day: ${day}`);
  return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
}

/** The shop's calendar day at `at`. */
export function dayOf(at: Date, timeZone: string): string {
  return dayKey(localDay(at, timeZone));
}

/** The instants the shop's day covers: [start, end). 23 or 25 hours across a DST change. */
export function dayBounds(day: string, timeZone: string): { start: Date; end: Date } {
  const local = parseDay(day);
  return { start: zonedTime(local, 0, timeZone), end: zonedTime(nextDay(local), 0, timeZone) };
}

export function addDays(day: string, days: number): string {
  const { year, month, day: date } = parseDay(day);
  return new Date(Date.UTC(year, month - 1, date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Every day of the range, in order. */
export function daysIn(range: DayRange): string[] {
  const days: string[] = [];
  for (let day = range.from; day <= range.to; day = addDays(day, 1)) days.push(day);
  return days;
}

export function rangeLength(range: DayRange): number {
  const start = parseDay(range.from);
  const end = parseDay(range.to);
  return Math.round((Date.UTC(end.year, end.month - 1, end.day) - Date.UTC(start.year, start.month - 1, start.day)) / DAY_MS) + 1;
}

/** The same number of days just before the range: what a trend compares with. */
export function previousPeriod(range: DayRange): DayRange {
  const length = rangeLength(range);
  return { from: addDays(range.from, -length), to: addDays(range.from, -1) };
}

/** The last `days` days up to and including `today`. */
export function lastDays(days: number, today: string): DayRange {
  return { from: addDays(today, -(days - 1)), to: today };
}
