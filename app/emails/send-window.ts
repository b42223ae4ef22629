// Keeps emails inside the hours a merchant chose, in the shop's time zone: a send time that
// falls outside the window moves to the window's next opening.
import { addLocalDays, localDay, localHour, zonedTime } from "../lib/time-zone";

export interface SendWindow {
  startHour: number; // 0..23, local
  endHour: number; // 1..24, local, exclusive
  timeZone: string; // IANA, e.g. "Europe/Athens"
}

export function applySendWindow(at: Date, window: SendWindow | null): Date {
  if (!window) return at;
  const open = (moment: Date) => {
    const hour = localHour(moment, window.timeZone);
    return hour >= window.startHour && hour < window.endHour;
  };
  if (open(at)) return at;
  // The next opening is today's or tomorrow's; when clocks go forward the window's hours may not
  // exist that day (a 03:00–04:00 window in Athens on the last Sunday of March), then the day after.
  const today = localDay(at, window.timeZone);
  for (let days = 0; days <= 2; days++) {
    const opening = zonedTime(addLocalDays(today, days), window.startHour, window.timeZone);
    if (opening > at && open(opening)) return opening;
  }
  // Only a window that never opens (start not before end, which the settings form refuses) gets here.
  return at;
}

/** The shop's window from its settings, or null when the merchant did not set one. */
export function sendWindowOf(
  settings: { sendWindowStartHour: number | null; sendWindowEndHour: number | null },
  timeZone: string,
): SendWindow | null {
  if (settings.sendWindowStartHour === null || settings.sendWindowEndHour === null) return null;
  return { startHour: settings.sendWindowStartHour, endHour: settings.sendWindowEndHour, timeZone };
}
