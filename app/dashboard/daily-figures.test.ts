import { describe, expect, it } from "vitest";
import { dailyFigures, type DayOrder, type DayRows } from "./daily-figures";

const order = (overrides: Partial<DayOrder>): DayOrder => ({
  processedAt: new Date("2031-01-10T10:00:00Z"),
  customerKey: "gid://shopify/Customer/1",
  currencyCode: "USD",
  presentmentCurrencyCode: "USD",
  totalPrice: "100.00",
  presentmentTotalPrice: "100.00",
  subtotalPrice: "100.00",
  refunded: "0.00",
  discountCodes: [],
  shippingCountry: "US",
  ...overrides,
});

const rows = (overrides: Partial<DayRows>): DayRows => ({
  orders: [],
  firstOrderAt: new Map(),
  loyaltyCodes: new Set(),
  thresholds: {
    settings: { enabled: true, shopCurrency: "USD", baseAmount: "75.00", excludedCountries: ["AU"] },
    zones: [{ id: "eu", name: "Europe", countries: ["GR", "DE"], currency: "EUR", amount: "60.00", rateToShop: "0.92" }],
  },
  emails: { sent: 0, failed: 0, bounced: 0, reviewRequestsSent: 0, unsubscribes: 0 },
  reviews: { count: 0, ratingSum: 0, fromRequests: 0 },
  ledger: [],
  ...overrides,
});

describe("dailyFigures", () => {
  it("counts repeat orders by the customer's first order, the same day's second order included", () => {
    const first = new Date("2031-01-10T09:00:00Z");
    const figures = dailyFigures(
      rows({
        orders: [
          order({ processedAt: first, customerKey: "c1" }),
          order({ processedAt: new Date("2031-01-10T12:00:00Z"), customerKey: "c1" }),
          order({ customerKey: "c2" }),
          order({ customerKey: null }),
        ],
        firstOrderAt: new Map([
          ["c1", first],
          ["c2", new Date("2030-12-01T00:00:00Z")],
        ]),
      }),
    );
    expect(figures).toMatchObject({ orders: 4, repeatOrders: 2, revenueCents: 40_000 });
  });

  it("takes refunds off revenue and counts orders that used a loyalty code, in any letter case", () => {
    const figures = dailyFigures(
      rows({
        orders: [
          order({ refunded: "25.50", discountCodes: ["reward-ab12"] }),
          order({ totalPrice: "40.00", discountCodes: ["WELCOME10"] }),
        ],
        loyaltyCodes: new Set(["REWARD-AB12"]),
      }),
    );
    expect(figures).toMatchObject({ revenueCents: 11_450, loyaltyOrders: 1, loyaltyRevenueCents: 7_450 });
  });

  it("tracks free shipping only where a threshold applies, comparing the subtotal in the currency paid", () => {
    const figures = dailyFigures(
      rows({
        orders: [
          order({ subtotalPrice: "80.00" }), // USD over 75: eligible
          order({ subtotalPrice: "74.99" }), // under
          order({ shippingCountry: "AU" }), // excluded country: no threshold
          // €: subtotal 70.00 shop money at the order's rate 0.92 is €64.40, over €60
          order({
            presentmentCurrencyCode: "EUR",
            shippingCountry: "GR",
            totalPrice: "70.00",
            presentmentTotalPrice: "64.40",
            subtotalPrice: "70.00",
          }),
          // € to a country outside the zone: the base threshold is in $, so none applies
          order({ presentmentCurrencyCode: "EUR", shippingCountry: "US", presentmentTotalPrice: "92.00" }),
        ],
      }),
    );
    expect(figures).toMatchObject({ freeShippingTrackedOrders: 3, freeShippingEligibleOrders: 2 });
    expect(
      dailyFigures(
        rows({
          orders: [order({})],
          thresholds: { settings: { enabled: false, shopCurrency: "USD", baseAmount: "75.00", excludedCountries: [] }, zones: [] },
        }),
      ).freeShippingTrackedOrders,
    ).toBe(0);
  });

  it("sorts ledger sums into issued, redeemed, expired and reversed; releases move nothing", () => {
    const figures = dailyFigures(
      rows({
        ledger: [
          { kind: "earn", credited: 100, debited: 0 },
          { kind: "pending", credited: 50, debited: -40 },
          { kind: "release", credited: 40, debited: -40 },
          { kind: "adjust", credited: 20, debited: -5 },
          { kind: "redeem", credited: 30, debited: -130 },
          { kind: "expire", credited: 0, debited: -10 },
          { kind: "reverse", credited: 0, debited: -15 },
        ],
      }),
    );
    expect(figures).toMatchObject({ pointsIssued: 170, pointsRedeemed: 100, pointsExpired: 10, pointsReversed: 20 });
  });

  it("passes email and review counts through", () => {
    const figures = dailyFigures(
      rows({
        emails: { sent: 5, failed: 1, bounced: 2, reviewRequestsSent: 3, unsubscribes: 1 },
        reviews: { count: 4, ratingSum: 17, fromRequests: 2 },
      }),
    );
    expect(figures).toMatchObject({
      emailsSent: 5,
      emailsFailed: 1,
      emailsBounced: 2,
      reviewRequestsSent: 3,
      unsubscribes: 1,
      reviews: 4,
      ratingSum: 17,
      reviewsFromRequests: 2,
    });
  });
});
