import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { documentedSample } from "../../tests/fixtures/shopify-webhooks/samples";
import { OrderPayload, orderRowFromPayload } from "../orders/order-webhooks";
import { earnableMinorUnits, nextTier, pointsForOrder, reversalDue, tierFor, type EarningRules, type OrderAmounts } from "./points";

const RULES: EarningRules = { pointsPerUnit: 1, excludeShipping: true, excludeTax: true, excludeDiscounts: true };
const ORDER: OrderAmounts = {
  currencyCode: "USD",
  subtotalPrice: "42.99",
  taxesIncluded: false,
  totalDiscounts: "5.00",
  totalShipping: "4.50",
  shippingTax: "0.00",
  totalTax: "8.61",
};
const NOTHING_ELSE = {
  currencyCode: "USD",
  taxesIncluded: false,
  totalDiscounts: "0",
  totalShipping: "0",
  shippingTax: "0",
  totalTax: "0",
};

describe("earning", () => {
  it("earns on the subtotal after discounts by default, rounding down to whole points", () => {
    expect(earnableMinorUnits(ORDER, RULES)).toBe(4299);
    expect(pointsForOrder(ORDER, RULES)).toBe(42);
    expect(pointsForOrder({ ...ORDER, subtotalPrice: "0.99" }, RULES)).toBe(0);
    expect(pointsForOrder({ ...ORDER, subtotalPrice: "9.999" }, RULES)).toBe(10); // 9.999 is 1000 cents
  });

  it("adds shipping, tax and discounts only when they are not excluded", () => {
    expect(earnableMinorUnits(ORDER, { ...RULES, excludeShipping: false })).toBe(4299 + 450);
    expect(earnableMinorUnits(ORDER, { ...RULES, excludeTax: false })).toBe(4299 + 861);
    expect(earnableMinorUnits(ORDER, { ...RULES, excludeDiscounts: false })).toBe(4299 + 500);
    const everything = { pointsPerUnit: 1, excludeShipping: false, excludeTax: false, excludeDiscounts: false };
    expect(earnableMinorUnits(ORDER, everything)).toBe(4299 + 450 + 861 + 500);
    expect(pointsForOrder(ORDER, everything)).toBe(61); // 61.10
  });

  it("takes the tax out of a tax-inclusive order's subtotal and shipping", () => {
    // An AUD order with GST included (10%): 755.00 of items hold 68.64 of tax, 11.00 of shipping 1.00.
    const gst = {
      currencyCode: "AUD",
      subtotalPrice: "755.00",
      taxesIncluded: true,
      totalDiscounts: "0.00",
      totalShipping: "11.00",
      shippingTax: "1.00",
      totalTax: "69.64",
    };
    expect(pointsForOrder(gst, RULES)).toBe(686); // 686.36, not 755
    expect(earnableMinorUnits(gst, { ...RULES, excludeShipping: false })).toBe(68636 + 1000);
    expect(earnableMinorUnits(gst, { ...RULES, excludeTax: false })).toBe(75500); // the items' tax, not the shipping's
    expect(earnableMinorUnits(gst, { ...RULES, excludeTax: false, excludeShipping: false })).toBe(75500 + 1100);
  });

  it("adds a tax-exclusive order's tax on top only when tax counts, its shipping's tax only with the shipping", () => {
    const salesTax = {
      currencyCode: "USD",
      subtotalPrice: "100.00",
      taxesIncluded: false,
      totalDiscounts: "0.00",
      totalShipping: "10.00",
      shippingTax: "0.80",
      totalTax: "8.80",
    };
    expect(earnableMinorUnits(salesTax, RULES)).toBe(10000);
    expect(earnableMinorUnits(salesTax, { ...RULES, excludeTax: false })).toBe(10000 + 800);
    expect(earnableMinorUnits(salesTax, { ...RULES, excludeTax: false, excludeShipping: false })).toBe(10000 + 1000 + 880);
  });

  it("counts whole units of currencies without cents or with three decimals", () => {
    const yen = { ...NOTHING_ELSE, currencyCode: "JPY", subtotalPrice: "8000", totalShipping: "500" };
    expect(earnableMinorUnits(yen, RULES)).toBe(8000);
    expect(pointsForOrder(yen, RULES)).toBe(8000);
    expect(pointsForOrder(yen, { ...RULES, excludeShipping: false }, 150)).toBe(12750);
    const dinar = { ...NOTHING_ELSE, currencyCode: "KWD", subtotalPrice: "42.995", totalShipping: "1.500" };
    expect(earnableMinorUnits(dinar, RULES)).toBe(42995);
    expect(pointsForOrder(dinar, RULES)).toBe(42);
    expect(pointsForOrder(dinar, { ...RULES, excludeShipping: false, pointsPerUnit: 10 })).toBe(444); // 444.95
  });

  it("never earns on a negative amount", () => {
    expect(earnableMinorUnits({ ...NOTHING_ELSE, subtotalPrice: "-3.00" }, RULES)).toBe(0);
    expect(pointsForOrder({ ...NOTHING_ELSE, subtotalPrice: "-3.00" }, RULES)).toBe(0);
  });

  it("applies points per unit and the tier multiplier before rounding down", () => {
    expect(pointsForOrder(ORDER, { ...RULES, pointsPerUnit: 10 })).toBe(429); // 429.9
    expect(pointsForOrder(ORDER, RULES, 150)).toBe(64); // 64.485
    expect(pointsForOrder(ORDER, { ...RULES, pointsPerUnit: 3 }, 125)).toBe(161); // 161.2125
    expect(pointsForOrder(ORDER, { ...RULES, pointsPerUnit: 0 })).toBe(0);
    // Rounding happens once, at the end: 0.99 × 2 points × 1.5 = 2.97 points, not 0 × … = 0.
    expect(pointsForOrder({ ...ORDER, subtotalPrice: "0.99" }, { ...RULES, pointsPerUnit: 2 }, 150)).toBe(2);
  });

  it("is exact for every amount: floor(cents × rate × multiplier / 10 000)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 100, max: 500 }),
        (cents, perUnit, multiplier) => {
          const amounts = { ...NOTHING_ELSE, subtotalPrice: (cents / 100).toFixed(2) };
          const points = pointsForOrder(amounts, { ...RULES, pointsPerUnit: perUnit }, multiplier);
          expect(points).toBe(Number((BigInt(cents) * BigInt(perUnit) * BigInt(multiplier)) / 10_000n));
        },
      ),
    );
  });

  it("counts an order paid in another currency by its shop-currency amounts", () => {
    const money = (shop: string, presentment: string) => ({
      shop_money: { amount: shop, currency_code: "USD" },
      presentment_money: { amount: presentment, currency_code: "JPY" },
    });
    // Shopify's documented orders/paid sample, paid in yen.
    const payload = OrderPayload.parse({
      ...documentedSample("orders/paid"),
      presentment_currency: "JPY",
      total_price_set: money("61.10", "9226.10"),
      subtotal_price_set: money("42.99", "6491.49"),
      current_shipping_price_set: money("4.50", "679.50"),
      total_tax_set: money("8.61", "1300.11"),
      total_discounts_set: money("5.00", "755.00"),
    });
    const row = orderRowFromPayload("shop.myshopify.com", payload);
    expect(pointsForOrder(row, RULES)).toBe(42);
    expect(pointsForOrder(row, { pointsPerUnit: 1, excludeShipping: false, excludeTax: false, excludeDiscounts: false })).toBe(61);
  });
});

describe("reversal of refunded points", () => {
  it("takes back the refunded share, rounded down, and everything at a full refund", () => {
    expect(reversalDue(100, 0, 2500, 10_000)).toBe(25);
    expect(reversalDue(100, 0, 3333, 10_000)).toBe(33);
    expect(reversalDue(100, 33, 6666, 10_000)).toBe(33);
    expect(reversalDue(100, 66, 10_000, 10_000)).toBe(34);
    expect(reversalDue(7, 0, 1, 3)).toBe(2);
  });

  it("caps an over-refund at the points earned", () => {
    expect(reversalDue(100, 0, 15_000, 10_000)).toBe(100);
    expect(reversalDue(100, 40, 10_001, 10_000)).toBe(60);
  });

  it("never asks for a negative reversal", () => {
    expect(reversalDue(100, 100, 10_000, 10_000)).toBe(0);
    expect(reversalDue(100, 60, 5000, 10_000)).toBe(0); // more was already taken (e.g. cancelled first)
    expect(reversalDue(100, 0, -500, 10_000)).toBe(0);
    expect(reversalDue(0, 0, 10_000, 10_000)).toBe(0);
    expect(reversalDue(-5, 0, 10_000, 10_000)).toBe(0);
    expect(reversalDue(100, 0, 10_000, 0)).toBe(0);
  });

  it("reverses exactly the points earned once partial refunds add up to the total, in any order", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.array(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 1, maxLength: 12 }),
        (earned, total, weights) => {
          // Split the total into parts (some may be zero), then refund them one by one.
          const sum = weights.reduce((a, b) => a + b, 0);
          const parts = weights.map((w) => Math.floor((w * total) / sum));
          parts[parts.length - 1] += total - parts.reduce((a, b) => a + b, 0);
          let refunded = 0;
          let reversed = 0;
          for (const part of parts) {
            refunded += part;
            const due = reversalDue(earned, reversed, refunded, total);
            expect(due).toBeGreaterThanOrEqual(0);
            reversed += due;
            expect(reversed).toBeLessThanOrEqual(earned);
            expect(reversed).toBe(refunded >= total ? earned : Math.floor((earned * refunded) / total));
          }
          expect(reversed).toBe(earned);
          // A refund delivered again (same cumulative total) takes nothing more.
          expect(reversalDue(earned, reversed, refunded, total)).toBe(0);
          // Nor does an over-refund.
          expect(reversalDue(earned, reversed, refunded + 100, total)).toBe(0);
        },
      ),
    );
  });
});

describe("tiers", () => {
  const tiers = [
    { id: "gold", name: "Gold", threshold: 1000, multiplierPercent: 150 },
    { id: "bronze", name: "Bronze", threshold: 0, multiplierPercent: 100 },
    { id: "silver", name: "Silver", threshold: 500, multiplierPercent: 125 },
  ];

  it("puts a value in the highest tier it reaches, whatever order the tiers come in", () => {
    expect(tierFor(0, tiers)?.id).toBe("bronze");
    expect(tierFor(499, tiers)?.id).toBe("bronze");
    expect(tierFor(500, tiers)?.id).toBe("silver");
    expect(tierFor(999, tiers)?.id).toBe("silver");
    expect(tierFor(1000, tiers)?.id).toBe("gold");
    expect(tierFor(50_000, tiers)?.id).toBe("gold");
    expect(
      tierFor(
        100,
        tiers.filter((t) => t.id !== "bronze"),
      ),
    ).toBeNull();
    expect(tierFor(100, [])).toBeNull();
  });

  it("names the next tier above a value", () => {
    expect(nextTier(0, tiers)?.id).toBe("silver");
    expect(nextTier(499, tiers)?.id).toBe("silver");
    expect(nextTier(500, tiers)?.id).toBe("gold");
    expect(nextTier(1000, tiers)).toBeNull();
    expect(nextTier(10, [])).toBeNull();
  });
});
