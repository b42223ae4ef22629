import { describe, expect, it } from "vitest";
import { figureGroups, trendHelp } from "./headline-figures";
import { change, emptyTotals, ratiosOf, type Totals } from "./summary";

function figuresFor(
  totals: Partial<Totals>,
  previous: Partial<Totals> = {},
  tasks = { open: 0, lowRating: 0, unhappySurvey: 0 },
  locale = "en",
) {
  const current = { ...emptyTotals(), ...totals };
  const before = { ...emptyTotals(), ...previous };
  const ratios = ratiosOf(current);
  const previousRatios = ratiosOf(before);
  const groups = figureGroups(
    {
      totals: current,
      previousTotals: before,
      ratios,
      previousRatios,
      trends: {
        orders: change(current.orders, before.orders),
        revenue: change(current.revenueCents, before.revenueCents),
        repeatPurchaseRate: change(ratios.repeatPurchaseRate, previousRatios.repeatPurchaseRate),
        reviewConversion: change(ratios.reviewConversion, previousRatios.reviewConversion),
        averageRating: change(ratios.averageRating, previousRatios.averageRating),
        freeShippingShare: change(ratios.freeShippingShare, previousRatios.freeShippingShare),
      },
      points: { balance: 1200, pending: 300, outstanding: 1500 },
      tasks,
      currencyCode: "EUR",
    },
    locale,
  );
  return { groups, figure: (label: string) => groups.flatMap((group) => group.figures).find((figure) => figure.label === label)! };
}

describe("trendHelp", () => {
  it("gives the previous figure alone when there is no trend", () => {
    expect(trendHelp(null, "0")).toBe("Previous period: 0");
  });

  it("rounds to a whole percent with an arrow, and says when nothing changed", () => {
    expect(trendHelp(0.254, "40")).toBe("▲ 25% on the previous period (40)");
    expect(trendHelp(-0.5, "40")).toBe("▼ 50% on the previous period (40)");
    expect(trendHelp(0.004, "40")).toBe("Same as the previous period (40)");
  });
});

describe("figureGroups", () => {
  it("writes counts with separators, ratios as percentages and money in the shop's currency", () => {
    const { figure } = figuresFor(
      { orders: 1250, repeatOrders: 50, revenueCents: 1_000_000, loyaltyOrders: 3, loyaltyRevenueCents: 12_345 },
      { orders: 1000 },
    );
    expect(figure("Orders")).toEqual({ label: "Orders", value: "1,250", help: "▲ 25% on the previous period (1,000)" });
    // Under 10% a ratio keeps one decimal.
    expect(figure("Repeat-purchase rate").value).toBe("4.0%");
    expect(figure("Revenue from loyalty codes")).toMatchObject({
      value: "€123.45",
      help: "3 orders used a reward code; 1.2% of €10,000.00 net sales",
    });
  });

  it("writes money as the merchant's locale does", () => {
    const { figure } = figuresFor({ loyaltyRevenueCents: 12_345 }, {}, undefined, "de");
    expect(figure("Revenue from loyalty codes").value).toBe("123,45\u00a0€");
  });

  it("writes one order, review or request in the singular", () => {
    const { figure } = figuresFor({
      orders: 1,
      repeatOrders: 1,
      loyaltyOrders: 1,
      freeShippingEligibleOrders: 1,
      freeShippingTrackedOrders: 1,
      reviewsFromRequests: 1,
      reviewRequestsSent: 1,
    });
    expect(figure("Repeat-purchase rate").help).toBe("1 order from returning customers");
    expect(figure("Revenue from loyalty codes").help).toMatch(/^1 order used a reward code;/);
    expect(figure("Orders over the free-shipping threshold").help).toBe("1 of 1 order a threshold applied to");
    expect(figure("Review request conversion").help).toBe("1 review from 1 review request");
  });

  it("shows a dash, not 0%, where there is nothing to divide by", () => {
    const { figure } = figuresFor({});
    expect(figure("Repeat-purchase rate").value).toBe("–");
    expect(figure("Average rating")).toMatchObject({ value: "–", help: "Previous period: –" });
  });

  it("writes the average rating with two decimals and a star", () => {
    expect(figuresFor({ reviews: 3, ratingSum: 13 }).figure("Average rating").value).toBe("4.33 ★");
  });

  it("points to the follow-up tasks, in red, only while some are open", () => {
    const none = figuresFor({});
    expect(none.groups.find((group) => group.title === "Reviews")!.action).toBeUndefined();
    expect(none.figure("Open follow-up tasks").tone).toBeUndefined();
    const open = figuresFor({}, {}, { open: 3, lowRating: 2, unhappySurvey: 1 });
    expect(open.groups.find((group) => group.title === "Reviews")!.action).toEqual({
      label: "See follow-up tasks",
      url: "/app/reviews/tasks",
    });
    expect(open.figure("Open follow-up tasks")).toMatchObject({
      value: "3",
      help: "2 low ratings, 1 unhappy survey answer",
      tone: "critical",
    });
  });

  it("adds up outstanding points from spendable and pending", () => {
    expect(figuresFor({}).figure("Outstanding points")).toMatchObject({
      value: "1,500",
      help: "Spendable 1,200, pending 300: what customers can still redeem",
    });
  });
});
