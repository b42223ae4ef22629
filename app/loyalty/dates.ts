// Calendar rules of the loyalty programme, pure: birthdays on the shop's calendar and when
// inactive points expire. The shop's clock itself is app/lib/time-zone.ts.
import type { LocalDay } from "../lib/time-zone";

const DAY_MS = 86_400_000;
const pad = (n: number) => String(n).padStart(2, "0");

/** MM-DD, as birthdays are stored. */
export const monthDay = (day: LocalDay) => `${pad(day.month)}-${pad(day.day)}`;

export const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** "MM-DD" naming a day that exists in some year: 02-29 is a birthday, 02-30 is not. */
export function isCalendarDay(value: string): boolean {
  const match = /^(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const month = Number(match[1]);
  const day = Number(match[2]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(2000, month); // 2000 was a leap year
}

/** The birthdays celebrated on `day`: its own, and 29 February on the 28th when the year has no 29th. */
export function birthdaysOn(day: LocalDay): string[] {
  const own = monthDay(day);
  return own === "02-28" && !isLeapYear(day.year) ? [own, "02-29"] : [own];
}

/** Calendar months later (or earlier, negative), in UTC; the 31st becomes the month's last day. */
export function addMonths(at: Date, months: number): Date {
  const year = at.getUTCFullYear();
  const month = at.getUTCMonth() + months;
  const targetYear = year + Math.floor(month / 12);
  const targetMonth = ((month % 12) + 12) % 12;
  const day = Math.min(at.getUTCDate(), daysInMonth(targetYear, targetMonth + 1));
  return new Date(
    Date.UTC(targetYear, targetMonth, day, at.getUTCHours(), at.getUTCMinutes(), at.getUTCSeconds(), at.getUTCMilliseconds()),
  );
}

export interface ExpiryRules {
  expiryMonths: number; // 0: points never expire
  expiryWarningDays: number; // 0: no warning
}

export interface ExpiryState {
  lastActivityAt: Date;
  expiryWarnedAt: Date | null;
}

/** When the warning is due: `expiryWarningDays` before the points would expire. Null: no warning. */
export function warningDueAt(member: ExpiryState, rules: ExpiryRules): Date | null {
  if (rules.expiryMonths <= 0 || rules.expiryWarningDays <= 0) return null;
  return new Date(addMonths(member.lastActivityAt, rules.expiryMonths).getTime() - rules.expiryWarningDays * DAY_MS);
}

/**
 * When a member's points expire: `expiryMonths` after their last activity, but, when warnings
 * are on, never before the warning has been out for `expiryWarningDays`. Points do not vanish
 * unannounced when the merchant shortens the period or the daily run was missed: the warning
 * goes first and the date moves. Null: never (expiry off, or the warning is still to go).
 */
export function pointsExpireAt(member: ExpiryState, rules: ExpiryRules): Date | null {
  if (rules.expiryMonths <= 0) return null;
  const due = addMonths(member.lastActivityAt, rules.expiryMonths);
  if (rules.expiryWarningDays <= 0) return due;
  if (!member.expiryWarnedAt) return null;
  return new Date(Math.max(due.getTime(), member.expiryWarnedAt.getTime() + rules.expiryWarningDays * DAY_MS));
}
