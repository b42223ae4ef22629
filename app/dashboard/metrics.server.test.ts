import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import db from "../db.server";
import { postToLedger } from "../loyalty/ledger.server";
import { addDays } from "./days";
import { loadDashboard } from "./metrics.server";

const newShop = () => `dashboard-${randomUUID().slice(0, 8)}.myshopify.com`;
const NOW = new Date("2031-01-31T12:00:00Z");
const RANGE = { from: "2031-01-25", to: "2031-01-31" };

async function metric(shop: string, day: string, figures: Record<string, number>) {
  await db.dailyMetric.create({ data: { shop, day, computedAt: new Date(`${day}T23:00:00Z`), ...figures } });
}

describe("loadDashboard", () => {
  it("totals the range, compares with the period before it and fills days without a row", async () => {
    const shop = newShop();
    await db.shop.create({ data: { domain: shop, name: "Demo", currencyCode: "EUR", ianaTimezone: "Pacific/Auckland" } });
    await metric(shop, "2031-01-25", {
      orders: 4,
      repeatOrders: 1,
      revenueCents: 10_000,
      reviews: 2,
      ratingSum: 9,
      reviewRequestsSent: 4,
      reviewsFromRequests: 1,
      freeShippingTrackedOrders: 4,
      freeShippingEligibleOrders: 3,
    });
    await metric(shop, "2031-01-31", {
      orders: 6,
      repeatOrders: 3,
      revenueCents: 20_000,
      loyaltyRevenueCents: 3_000,
      reviews: 2,
      ratingSum: 6,
      emailsSent: 7,
      pointsIssued: 300,
      pointsRedeemed: 100,
    });
    await metric(shop, "2031-01-20", { orders: 5, repeatOrders: 1, revenueCents: 15_000, reviews: 1, ratingSum: 3 }); // the previous period
    await metric(shop, "2031-01-10", { orders: 99 }); // neither period
    await metric(newShop(), "2031-01-31", { orders: 50 }); // another shop

    const dashboard = await loadDashboard(db, shop, RANGE, NOW);
    expect(dashboard.today).toBe("2031-02-01"); // already tomorrow in Auckland
    expect(dashboard.currencyCode).toBe("EUR");
    expect(dashboard.hasData).toBe(true);
    expect(dashboard.previousRange).toEqual({ from: "2031-01-18", to: "2031-01-24" });
    expect(dashboard.totals).toMatchObject({
      orders: 10,
      repeatOrders: 4,
      revenueCents: 30_000,
      reviews: 4,
      ratingSum: 15,
      emailsSent: 7,
      pointsIssued: 300,
    });
    expect(dashboard.ratios).toEqual({
      repeatPurchaseRate: 0.4,
      reviewConversion: 0.25,
      averageRating: 3.75,
      freeShippingShare: 0.75,
      loyaltyRevenueShare: 0.1,
    });
    expect(dashboard.previousRatios).toMatchObject({ repeatPurchaseRate: 0.2, averageRating: 3, reviewConversion: null });
    expect(dashboard.trends).toMatchObject({ orders: 1, revenue: 1, repeatPurchaseRate: 1, averageRating: 0.25, reviewConversion: null });
    expect(dashboard.series.map((point) => point.day)).toEqual([
      "2031-01-25",
      "2031-01-26",
      "2031-01-27",
      "2031-01-28",
      "2031-01-29",
      "2031-01-30",
      "2031-01-31",
    ]);
    expect(dashboard.series[0]).toMatchObject({ orders: 4, averageRating: 4.5 });
    expect(dashboard.series[1]).toMatchObject({ orders: 0, averageRating: null });
  });

  it("reads the points liability from the members as they are now, open tasks and the onboarding state", async () => {
    const shop = newShop();
    await db.shop.create({ data: { domain: shop, name: "Demo", testEmailSentAt: NOW } });
    await db.merchantTask.createMany({
      data: [
        { shop, kind: "low_rating", subjectId: "r1", summary: "2★" },
        { shop, kind: "low_rating", subjectId: "r2", summary: "1★" },
        { shop, kind: "low_rating", subjectId: "r3", summary: "1★", status: "done" },
        { shop, kind: "unhappy_survey", subjectId: "s1", summary: "2/5" },
      ],
    });
    await db.loyaltySettings.create({ data: { shop, enabled: true } });
    await db.emailSettings.create({ data: { shop } });
    await db.freeShippingSettings.create({ data: { shop, enabled: false } });

    await metric(shop, "2031-01-29", {});
    await metric(shop, "2031-01-30", {}); // a rollup of a quiet day is not data yet
    const member = async (n: number, balance: number, pending: number, memberShop = shop) => {
      const { id } = await db.loyaltyMember.create({
        data: { shop: memberShop, email: `m${n}@example.com`, referralCode: `R${n}${randomUUID()}` },
      });
      await postToLedger(db, memberShop, id, NOW, async () => [
        { kind: "earn", bucket: "balance", points: balance, idempotencyKey: `earn:${n}` },
        { kind: "pending", bucket: "pending", points: pending, idempotencyKey: `pending:${n}` },
      ]);
    };
    await member(1, 100, 20);
    await member(2, 25, 15); // points moved since the last rollup: the page shows them as they are
    await member(3, 1000, 1000, newShop());
    const dashboard = await loadDashboard(db, shop, RANGE, NOW);
    expect(dashboard.hasData).toBe(false);
    expect(dashboard.computedAt).toEqual(new Date("2031-01-30T23:00:00Z"));
    expect(dashboard.points).toEqual({ balance: 125, pending: 35, outstanding: 160 });
    expect(dashboard.tasks).toEqual({ lowRating: 2, unhappySurvey: 1, open: 3 });
    expect(dashboard.onboarding).toEqual({
      reviewsConfigured: false,
      emailsConfigured: true,
      loyaltyEnabled: true,
      freeShippingEnabled: false,
      testEmailSentAt: NOW,
    });
    expect(dashboard.ratios).toEqual({
      repeatPurchaseRate: null,
      reviewConversion: null,
      averageRating: null,
      freeShippingShare: null,
      loyaltyRevenueShare: null,
    });
    expect(dashboard.series).toHaveLength(7);
  });

  it("reads only the days of the range and of the period before it", async () => {
    const shop = newShop();
    await db.shop.create({ data: { domain: shop, name: "Demo" } });
    const days = Array.from({ length: 365 }, (_, index) => addDays("2030-02-01", index));
    await db.dailyMetric.createMany({ data: days.map((day) => ({ shop, day, orders: 1, revenueCents: 100 })) });
    const dashboard = await loadDashboard(db, shop, { from: "2030-11-03", to: "2031-01-31" }, NOW);
    expect(dashboard.series).toHaveLength(90);
    expect(dashboard.totals.orders).toBe(90);
    expect(dashboard.previousTotals.orders).toBe(90);
  });
});
