// Everything the dashboard page shows, read from DailyMetric rows (two periods' worth), the shop's
// points totals and a few indexed aggregates: its cost grows with neither the ledger, the members nor the reviews.
import type { Db } from "../db.server";
import { pointsOutstanding } from "../loyalty/points-total.server";
import { dayOf, previousPeriod, type DayRange } from "./days";
import { change, ratiosOf, seriesOf, totalsOf, type MetricRow } from "./summary";

export async function loadDashboard(db: Db, shop: string, range: DayRange, now: Date) {
  const previous = previousPeriod(range);
  const [shopRow, rows, lastComputed, firstActivity, tasks, reviewSettings, emailSettings, loyalty, freeShipping, points] =
    await Promise.all([
      db.shop.findUnique({ where: { domain: shop }, select: { ianaTimezone: true, currencyCode: true, testEmailSentAt: true } }),
      db.dailyMetric.findMany({ where: { shop, day: { gte: previous.from, lte: range.to } } }),
      db.dailyMetric.findFirst({ where: { shop }, orderBy: { computedAt: "desc" }, select: { computedAt: true } }),
      db.dailyMetric.findFirst({
        where: { shop, OR: [{ orders: { gt: 0 } }, { emailsSent: { gt: 0 } }, { reviews: { gt: 0 } }, { pointsIssued: { gt: 0 } }] },
        select: { day: true },
      }),
      db.merchantTask.groupBy({ by: ["kind"], where: { shop, status: "open" }, _count: { _all: true } }),
      db.reviewSettings.findUnique({ where: { shop }, select: { shop: true } }),
      db.emailSettings.findUnique({ where: { shop }, select: { shop: true } }),
      db.loyaltySettings.findUnique({ where: { shop }, select: { enabled: true } }),
      db.freeShippingSettings.findUnique({ where: { shop }, select: { enabled: true } }),
      // The outstanding points as they are now, the Loyalty page's figure (a rollup's snapshot can be minutes old).
      pointsOutstanding(db, shop),
    ]);
  const metricRows: MetricRow[] = rows;
  const totals = totalsOf(metricRows, range);
  const previousTotals = totalsOf(metricRows, previous);
  const ratios = ratiosOf(totals);
  const previousRatios = ratiosOf(previousTotals);
  const openTasks = (kind: string) => tasks.find((row) => row.kind === kind)?._count._all ?? 0;
  return {
    range,
    previousRange: previous,
    timeZone: shopRow?.ianaTimezone ?? "UTC",
    today: dayOf(now, shopRow?.ianaTimezone ?? "UTC"),
    currencyCode: shopRow?.currencyCode ?? "USD",
    /** False until a day has had an order, an email, a review or points: the page shows its empty state. */
    hasData: firstActivity !== null,
    computedAt: lastComputed?.computedAt ?? null,
    totals,
    previousTotals,
    ratios,
    trends: {
      orders: change(totals.orders, previousTotals.orders),
      revenue: change(totals.revenueCents, previousTotals.revenueCents),
      repeatPurchaseRate: change(ratios.repeatPurchaseRate, previousRatios.repeatPurchaseRate),
      reviewConversion: change(ratios.reviewConversion, previousRatios.reviewConversion),
      averageRating: change(ratios.averageRating, previousRatios.averageRating),
      freeShippingShare: change(ratios.freeShippingShare, previousRatios.freeShippingShare),
    },
    previousRatios,
    series: seriesOf(metricRows, range),
    points: { ...points, outstanding: points.balance + points.pending },
    tasks: {
      lowRating: openTasks("low_rating"),
      unhappySurvey: openTasks("unhappy_survey"),
      open: tasks.reduce((sum, row) => sum + row._count._all, 0),
    },
    onboarding: {
      reviewsConfigured: reviewSettings !== null,
      emailsConfigured: emailSettings !== null,
      loyaltyEnabled: loyalty?.enabled ?? false,
      freeShippingEnabled: freeShipping?.enabled ?? false,
      testEmailSentAt: shopRow?.testEmailSentAt ?? null,
    },
  };
}

export type Dashboard = Awaited<ReturnType<typeof loadDashboard>>;
