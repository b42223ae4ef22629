// The dashboard bar charts' bars, pure. Polaris Viz leaves out the date under a bar narrower
// than 14 px, so a range longer than two weeks is drawn a week a bar (from the range's first
// day; the last bar may be shorter) and every bar keeps its date, on a phone too.
import type { DayPoint } from "./summary";

export const MAX_DAILY_BARS = 14;

const SUMMED = ["orders", "repeatOrders", "emailsSent", "emailsFailed", "unsubscribes", "pointsIssued", "pointsRedeemed"] as const;
type Summed = (typeof SUMMED)[number];

export type BarPoint = Record<Summed, number> & {
  /** The bar's date under it: the day, or the first day of the week ("7/11"). */
  label: string;
};

/** "2026-11-07" → "7/11" (day/month, as the shop's calendar days are stored). */
export function shortDay(day: string): string {
  const [, month, date] = day.split("-");
  return month && date ? `${Number(date)}/${Number(month)}` : day;
}

export function barPoints(series: DayPoint[]): { period: "day" | "week"; bars: BarPoint[] } {
  const size = series.length > MAX_DAILY_BARS ? 7 : 1;
  const bars: BarPoint[] = [];
  for (let start = 0; start < series.length; start += size) {
    const days = series.slice(start, start + size);
    // A week's bar is named by its first day: short enough to stand level under the bar.
    const bar = { label: shortDay(days[0]!.day) } as BarPoint;
    for (const field of SUMMED) bar[field] = days.reduce((sum, day) => sum + day[field], 0);
    bars.push(bar);
  }
  return { period: size === 1 ? "day" : "week", bars };
}
