// The dashboard's headline figures as the page shows them, pure: each group's figures written out
// (counts, percentages, money, ratings) with a line of context or the trend on the previous period.
import { countOf, formatNumber } from "../lib/format";
import { formatMoney, fromMinorUnits } from "../lib/money";
import type { Dashboard } from "./metrics.server";

export interface HeadlineFigure {
  label: string;
  value: string;
  help: string;
  tone?: "critical";
}

export interface FigureGroup {
  title: string;
  figures: HeadlineFigure[];
  action?: { label: string; url: string };
}

type Figures = Pick<Dashboard, "totals" | "previousTotals" | "ratios" | "previousRatios" | "trends" | "points" | "tasks" | "currencyCode">;

const percent = (value: number | null) => (value === null ? "–" : `${(value * 100).toFixed(value < 0.1 ? 1 : 0)}%`);
const rating = (value: number | null) => (value === null ? "–" : `${value.toFixed(2)} ★`);

/** The change on the previous period, rounded to a whole percent. */
export function trendHelp(change: number | null, previous: string): string {
  if (change === null) return `Previous period: ${previous}`;
  const rounded = Math.round(change * 100);
  if (rounded === 0) return `Same as the previous period (${previous})`;
  return `${rounded > 0 ? "▲" : "▼"} ${Math.abs(rounded)}% on the previous period (${previous})`;
}

/** The figures, with money in the shop's currency as the merchant's `locale` writes it. */
export function figureGroups(dashboard: Figures, locale: string): FigureGroup[] {
  const { totals, previousTotals, ratios, previousRatios, trends, points, tasks } = dashboard;
  const integer = formatNumber;
  const money = (minor: number) => formatMoney(fromMinorUnits(minor, dashboard.currencyCode), dashboard.currencyCode, { locale });
  return [
    {
      title: "Customers",
      figures: [
        { label: "Orders", value: integer(totals.orders), help: trendHelp(trends.orders, integer(previousTotals.orders)) },
        {
          label: "Repeat-purchase rate",
          value: percent(ratios.repeatPurchaseRate),
          help: `${countOf(totals.repeatOrders, "order", "orders")} from returning customers`,
        },
        {
          label: "Revenue from loyalty codes",
          value: money(totals.loyaltyRevenueCents),
          help: `${countOf(totals.loyaltyOrders, "order", "orders")} used a reward code; ${percent(ratios.loyaltyRevenueShare)} of ${money(totals.revenueCents)} net sales`,
        },
        {
          label: "Orders over the free-shipping threshold",
          value: percent(ratios.freeShippingShare),
          help: `${integer(totals.freeShippingEligibleOrders)} of ${countOf(totals.freeShippingTrackedOrders, "order", "orders")} a threshold applied to`,
        },
      ],
    },
    {
      title: "Reviews",
      action: tasks.open > 0 ? { label: "See follow-up tasks", url: "/app/reviews/tasks" } : undefined,
      figures: [
        {
          label: "Average rating",
          value: rating(ratios.averageRating),
          help: trendHelp(trends.averageRating, rating(previousRatios.averageRating)),
        },
        { label: "Reviews written", value: integer(totals.reviews), help: "Imported reviews are not counted" },
        {
          label: "Review request conversion",
          value: percent(ratios.reviewConversion),
          help: `${countOf(totals.reviewsFromRequests, "review", "reviews")} from ${countOf(totals.reviewRequestsSent, "review request", "review requests")}`,
        },
        {
          label: "Open follow-up tasks",
          value: integer(tasks.open),
          help: `${countOf(tasks.lowRating, "low rating", "low ratings")}, ${countOf(tasks.unhappySurvey, "unhappy survey answer", "unhappy survey answers")}`,
          tone: tasks.open > 0 ? "critical" : undefined,
        },
      ],
    },
    {
      title: "Emails and points",
      figures: [
        {
          label: "Emails sent",
          value: integer(totals.emailsSent),
          help: `${integer(totals.emailsFailed)} failed, ${integer(totals.emailsBounced)} bounced`,
        },
        { label: "Unsubscribes", value: integer(totals.unsubscribes), help: "Customers who used the one-click unsubscribe link" },
        {
          label: "Points issued / redeemed",
          value: `${integer(totals.pointsIssued)} / ${integer(totals.pointsRedeemed)}`,
          help: `${integer(totals.pointsExpired)} expired, ${integer(totals.pointsReversed)} reversed`,
        },
        {
          label: "Outstanding points",
          value: integer(points.outstanding),
          help: `Spendable ${integer(points.balance)}, pending ${integer(points.pending)}: what customers can still redeem`,
        },
      ],
    },
  ];
}
