// What the dashboard shows, from DailyMetric rows, pure: totals over a range, the ratios the
// merchant reads (each null when its denominator is 0: "no data" is not "0%"), and per-day series.
import type { DailyFigures } from "./daily-figures";
import { daysIn, type DayRange } from "./days";

export type MetricRow = DailyFigures & { day: string };

export type Totals = DailyFigures;

export interface Ratios {
  repeatPurchaseRate: number | null;
  reviewConversion: number | null;
  averageRating: number | null;
  freeShippingShare: number | null;
  loyaltyRevenueShare: number | null;
}

export interface DayPoint {
  day: string;
  orders: number;
  repeatOrders: number;
  revenueCents: number;
  loyaltyRevenueCents: number;
  reviews: number;
  averageRating: number | null;
  emailsSent: number;
  emailsFailed: number;
  unsubscribes: number;
  pointsIssued: number;
  pointsRedeemed: number;
}

const FIGURE_KEYS = [
  "orders",
  "repeatOrders",
  "revenueCents",
  "loyaltyOrders",
  "loyaltyRevenueCents",
  "freeShippingEligibleOrders",
  "freeShippingTrackedOrders",
  "reviewRequestsSent",
  "reviewsFromRequests",
  "reviews",
  "ratingSum",
  "emailsSent",
  "emailsFailed",
  "emailsBounced",
  "unsubscribes",
  "pointsIssued",
  "pointsRedeemed",
  "pointsExpired",
  "pointsReversed",
] as const satisfies readonly (keyof DailyFigures)[];

export function emptyTotals(): Totals {
  return Object.fromEntries(FIGURE_KEYS.map((key) => [key, 0])) as unknown as Totals;
}

export function totalsOf(rows: MetricRow[], range: DayRange): Totals {
  const totals = emptyTotals();
  for (const row of rows) {
    if (row.day < range.from || row.day > range.to) continue;
    for (const key of FIGURE_KEYS) totals[key] += row[key];
  }
  return totals;
}

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);

export function ratiosOf(totals: Totals): Ratios {
  return {
    repeatPurchaseRate: ratio(totals.repeatOrders, totals.orders),
    // A request's review can come days later, so a period's conversion may pass 100%: capped.
    reviewConversion: totals.reviewRequestsSent > 0 ? Math.min(1, totals.reviewsFromRequests / totals.reviewRequestsSent) : null,
    averageRating: ratio(totals.ratingSum, totals.reviews),
    freeShippingShare: ratio(totals.freeShippingEligibleOrders, totals.freeShippingTrackedOrders),
    loyaltyRevenueShare: ratio(totals.loyaltyRevenueCents, totals.revenueCents),
  };
}

/** One point per day of the range; days without a row are zeros. */
export function seriesOf(rows: MetricRow[], range: DayRange): DayPoint[] {
  const byDay = new Map(rows.map((row) => [row.day, row]));
  return daysIn(range).map((day) => {
    const row = byDay.get(day);
    return {
      day,
      orders: row?.orders ?? 0,
      repeatOrders: row?.repeatOrders ?? 0,
      revenueCents: row?.revenueCents ?? 0,
      loyaltyRevenueCents: row?.loyaltyRevenueCents ?? 0,
      reviews: row?.reviews ?? 0,
      averageRating: row && row.reviews > 0 ? row.ratingSum / row.reviews : null,
      emailsSent: row?.emailsSent ?? 0,
      emailsFailed: row?.emailsFailed ?? 0,
      unsubscribes: row?.unsubscribes ?? 0,
      pointsIssued: row?.pointsIssued ?? 0,
      pointsRedeemed: row?.pointsRedeemed ?? 0,
    };
  });
}

/** The change from the previous period, as a fraction (0.25 = up 25%); null when there is nothing to compare with. */
export function change(current: number | null, previous: number | null): number | null {
  if (current === null || previous === null || previous === 0) return null;
  return (current - previous) / Math.abs(previous);
}
