// Calendar days of the dashboard, pure: YYYY-MM-DD on the shop's clock, the instants a day
// spans, date ranges and the period before a range (for trends).
import { addLocalDays, dayKey, daysBetween, localDay, localDayBounds, parseDayKey, type LocalDay } from "../lib/time-zone";

export interface DayRange {
  /** YYYY-MM-DD, inclusive. */
  from: string;
  /** YYYY-MM-DD, inclusive. */
  to: string;
}

export function isDay(value: string): boolean {
  return parseDayKey(value) !== null;
}

function parseDay(day: string): LocalDay {
  const parsed = parseDayKey(day);
  if (!parsed) throw new Error(`Not a day: ${day}`);
  return parsed;
}

/** The shop's calendar day at `at`. */
export function dayOf(at: Date, timeZone: string): string {
  return dayKey(localDay(at, timeZone));
}

/** The instants the shop's day covers: [start, end). 23 or 25 hours across a DST change. */
export function dayBounds(day: string, timeZone: string): { start: Date; end: Date } {
  return localDayBounds(parseDay(day), timeZone);
}

export function addDays(day: string, days: number): string {
  return dayKey(addLocalDays(parseDay(day), days));
}

/** Every day of the range, in order. */
export function daysIn(range: DayRange): string[] {
  const days: string[] = [];
  for (let day = range.from; day <= range.to; day = addDays(day, 1)) days.push(day);
  return days;
}

export function rangeLength(range: DayRange): number {
  return daysBetween(parseDay(range.from), parseDay(range.to)) + 1;
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
