// Keeps emails inside the hours a merchant chose, in the shop's time zone: a send time that
// falls outside the window moves to the window's next opening.

export interface SendWindow {
  startHour: number; // 0..23, local
  endHour: number; // 1..24, local, exclusive
  timeZone: string; // IANA, e.g. "Europe/Athens"
}

function localTime(at: Date, timeZone: string): { hour: number; minute: number } {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone, hour: "numeric", minute: "numeric", hourCycle: "h23" }).formatToParts(at);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { hour: part("hour"), minute: part("minute") };
}

export function applySendWindow(at: Date, window: SendWindow | null): Date {
  if (!window) return at;
  let candidate = at;
  // Walk from local hour boundary to boundary. A day has at most 25 of them (DST), but when
  // clocks go forward the window's hours may not exist that day (a 03:00–04:00 window in
  // Athens on the last Sunday of March): then the next opening is the day after, up to 48 on.
  for (let step = 0; step < 49; step++) {
    const { hour, minute } = localTime(candidate, window.timeZone);
    if (hour >= window.startHour && hour < window.endHour) return candidate;
    const secondsIntoMinute = candidate.getTime() % 60_000;
    candidate = new Date(candidate.getTime() - secondsIntoMinute + (60 - minute) * 60_000);
  }
  return candidate;
}

/** The shop's window from its settings, or null when the merchant did not set one. */
export function sendWindowOf(
  settings: { sendWindowStartHour: number | null; sendWindowEndHour: number | null },
  timeZone: string,
): SendWindow | null {
  if (settings.sendWindowStartHour === null || settings.sendWindowEndHour === null) return null;
  return { startHour: settings.sendWindowStartHour, endHour: settings.sendWindowEndHour, timeZone };
}
