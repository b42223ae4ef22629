import { describe, expect, it } from "vitest";
import { barPoints, shortDay } from "./chart-bars";
import { daysIn, lastDays } from "./days";
import type { DayPoint } from "./summary";

const series = (days: number): DayPoint[] =>
  daysIn(lastDays(days, "2026-12-06")).map((day, index) => ({
    day,
    orders: index + 1,
    repeatOrders: index % 2,
    revenueCents: 0,
    loyaltyRevenueCents: 0,
    reviews: 0,
    averageRating: null,
    emailsSent: 2,
    emailsFailed: 0,
    unsubscribes: 0,
    pointsIssued: 10,
    pointsRedeemed: 0,
  }));

describe("barPoints", () => {
  it("draws a bar a day for two weeks or less", () => {
    const { period, bars } = barPoints(series(7));
    expect(period).toBe("day");
    expect(bars.map((bar) => bar.label)).toEqual(["30/11", "1/12", "2/12", "3/12", "4/12", "5/12", "6/12"]);
    expect(bars[2]).toMatchObject({ orders: 3, repeatOrders: 0, emailsSent: 2, pointsIssued: 10 });
  });

  it("draws a week a bar for longer ranges, summing the days and keeping every day", () => {
    const { period, bars } = barPoints(series(30));
    expect(period).toBe("week");
    expect(bars.map((bar) => bar.label)).toEqual(["7/11", "14/11", "21/11", "28/11", "5/12"]);
    expect(bars[0]).toMatchObject({ orders: 1 + 2 + 3 + 4 + 5 + 6 + 7, repeatOrders: 3, emailsSent: 14, pointsIssued: 70 });
    expect(bars.at(-1)).toMatchObject({ orders: 29 + 30, emailsSent: 4 });
    expect(bars.reduce((sum, bar) => sum + bar.orders, 0)).toBe((30 * 31) / 2);
    expect(barPoints(series(90)).bars).toHaveLength(13);
  });

  it("writes days as day/month", () => {
    expect(shortDay("2031-01-05")).toBe("5/1");
  });
});
