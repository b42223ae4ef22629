// LCP, CLS and the latency of one interaction from the performance entries Chromium records,
// computed as Google's web-vitals library does (https://web.dev/articles/cls, /articles/inp).

/** What the page's PerformanceObservers saw, reduced to the fields the metrics need. */
export interface PerformanceRecord {
  /** largest-contentful-paint entries: `startTime` is the render time of each new largest element. */
  largestPaints: { startTime: number }[];
  layoutShifts: { value: number; startTime: number; hadRecentInput: boolean }[];
  /** Event Timing `event` and `first-input` entries. */
  events: { name: string; startTime: number; duration: number; interactionId: number }[];
}

/** The render time of the last (largest) candidate, or null when the page painted none. */
export function largestContentfulPaint(record: PerformanceRecord): number | null {
  return record.largestPaints.length ? Math.max(...record.largestPaints.map((entry) => entry.startTime)) : null;
}

const SESSION_GAP_MS = 1000;
const SESSION_MAX_MS = 5000;

/**
 * The largest session window of layout shifts that had no recent input: shifts less than 1 s apart
 * belong to one window, and a window lasts at most 5 s (web-vitals' CLS).
 */
export function cumulativeLayoutShift(record: PerformanceRecord): number {
  let largest = 0;
  let window = { sum: 0, first: -Infinity, last: -Infinity };
  const shifts = record.layoutShifts.filter((shift) => !shift.hadRecentInput).sort((a, b) => a.startTime - b.startTime);
  for (const shift of shifts) {
    const continues = shift.startTime - window.last < SESSION_GAP_MS && shift.startTime - window.first < SESSION_MAX_MS;
    window = continues
      ? { ...window, sum: window.sum + shift.value, last: shift.startTime }
      : { sum: shift.value, first: shift.startTime, last: shift.startTime };
    largest = Math.max(largest, window.sum);
  }
  return largest;
}

/**
 * The latency of the interactions that started at or after `since` (ms on the page's clock): the
 * longest duration among their entries (input delay + handlers + the next paint). Null when none
 * was recorded: Chromium reports `event` entries only from the observer's durationThreshold (16 ms).
 */
export function interactionLatency(record: PerformanceRecord, since: number): number | null {
  const durations = record.events.filter((entry) => entry.interactionId > 0 && entry.startTime >= since).map((entry) => entry.duration);
  return durations.length ? Math.max(...durations) : null;
}
