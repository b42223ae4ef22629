import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { documentedSample } from "../../tests/fixtures/shopify-webhooks/samples";
import { OrderPayload, orderRowFromPayload } from "../orders/order-webhooks";
import {
  earnableMinorUnits,
  nextTier,
  pointsForOrder,
  refundedShare,
  reversalDue,
  tierFor,
  type EarningRules,
  type OrderAmounts,
  type RefundedAmounts,
} from "./points";

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

describe("the refunded share of an order", () => {
  const cents = (n: number) => (n / 100).toFixed(2);
  // Three items: 2 × 20.00, 1 × 30.00, 3 × 10.00 (100.00), shipping 5.00, no tax.
  const ORDER3 = { ...NOTHING_ELSE, subtotalPrice: "100.00", totalShipping: "5.00", totalPrice: "105.00" };
  const line = (subtotal: string, tax = "0.00", discount = "0.00") => ({ subtotal, tax, discount });
  const reversedAfter = (earned: number, order: typeof ORDER3, rules: EarningRules, refunds: RefundedAmounts[]) => {
    let reversed = 0;
    for (let n = 1; n <= refunds.length; n += 1) {
      const { refunded, total } = refundedShare(order, rules, refunds.slice(0, n));
      reversed += reversalDue(earned, reversed, refunded, total);
    }
    return reversed;
  };

  it("takes back a refunded item's points by what it earned, a goodwill amount by its share of the total", () => {
    // 100 points on the items (shipping excluded).
    expect(pointsForOrder(ORDER3, RULES)).toBe(100);
    const oneMug = { amount: "20.00", lines: [line("20.00")] };
    expect(reversedAfter(100, ORDER3, RULES, [oneMug])).toBe(20); // 20.00 of the 100.00 that earned
    const goodwill = { amount: "10.50", lines: [] };
    expect(reversedAfter(100, ORDER3, RULES, [oneMug, goodwill])).toBe(30); // + 10.50 of 105.00
    // Everything else, to store credit: 74.50 — the order is refunded in full.
    expect(reversedAfter(100, ORDER3, RULES, [oneMug, goodwill, { amount: "74.50", lines: [] }])).toBe(100);
  });

  it("takes back every item's points when every item is returned and the shipping kept", () => {
    const all = { amount: "100.00", lines: [line("40.00"), line("30.00"), line("30.00")] };
    expect(reversedAfter(100, ORDER3, RULES, [all])).toBe(100);
    // Shipping earns too: the items' 100 of 105 points.
    expect(reversedAfter(105, ORDER3, { ...RULES, excludeShipping: false }, [all])).toBe(100);
  });

  it("counts a refunded line's tax and discount as earning counts them", () => {
    // Tax-inclusive, 24%: one line of 2 × 62.00 listed, 10% off: 111.60 with 21.60 tax; shipping 5.00 with 0.97 tax.
    const order = {
      currencyCode: "EUR",
      taxesIncluded: true,
      subtotalPrice: "111.60",
      totalDiscounts: "12.40",
      totalShipping: "5.00",
      shippingTax: "0.97",
      totalTax: "22.57",
      totalPrice: "116.60",
    };
    const oneUnit = { amount: "55.80", lines: [line("55.80", "10.80", "6.20")] };
    expect(pointsForOrder(order, RULES)).toBe(90); // 111.60 − 21.60
    expect(reversedAfter(90, order, RULES, [oneUnit])).toBe(45); // 45.00 of 90.00
    const withTaxAndDiscounts = { ...RULES, excludeTax: false, excludeDiscounts: false };
    expect(pointsForOrder(order, withTaxAndDiscounts)).toBe(124); // 111.60 + 12.40
    expect(reversedAfter(124, order, withTaxAndDiscounts, [oneUnit])).toBe(62); // 55.80 + 6.20 of 124.00
  });

  it("counts a line refund that gives back less money than the items by its items, and more by the extra", () => {
    const kept = { amount: "15.00", lines: [line("20.00")] }; // a restocking fee kept
    expect(reversedAfter(100, ORDER3, RULES, [kept])).toBe(20);
    const withShipping = { amount: "25.00", lines: [line("20.00")] }; // the item and the shipping
    expect(reversedAfter(100, ORDER3, RULES, [withShipping])).toBe(24); // 20/100 + 5/105
  });

  it("is the same for the same refunds whatever happens in between: a repeat takes nothing more", () => {
    const refunds = [{ amount: "20.00", lines: [line("20.00")] }];
    const { refunded, total } = refundedShare(ORDER3, RULES, refunds);
    expect(reversalDue(100, 20, refunded, total)).toBe(0);
  });

  it("reverses exactly the points earned once a series of line and amount refunds gives back the whole order (property)", () => {
    const orderArb = fc.record({
      lines: fc.array(
        fc.record({
          price: fc.integer({ min: 50, max: 20_000 }),
          quantity: fc.integer({ min: 1, max: 5 }),
          off: fc.integer({ min: 0, max: 40 }),
        }),
        { minLength: 1, maxLength: 4 },
      ),
      shipping: fc.integer({ min: 0, max: 2_000 }),
      taxRate: fc.constantFrom(0, 0.08875, 0.24),
      taxesIncluded: fc.boolean(),
      rules: fc.record({
        pointsPerUnit: fc.integer({ min: 1, max: 10 }),
        excludeShipping: fc.boolean(),
        excludeTax: fc.boolean(),
        excludeDiscounts: fc.boolean(),
      }),
      steps: fc.array(
        fc.record({ kind: fc.constantFrom("line", "amount"), pick: fc.nat(), part: fc.double({ min: 0, max: 1, noNaN: true }) }),
        {
          maxLength: 8,
        },
      ),
    });
    fc.assert(
      fc.property(orderArb, ({ lines, shipping, taxRate, taxesIncluded, rules, steps }) => {
        const taxOn = (c: number) => Math.round(taxesIncluded ? (c * taxRate) / (1 + taxRate) : c * taxRate);
        const items = lines.map((l) => {
          const subtotal = Math.round((l.price * (100 - l.off)) / 100) * l.quantity;
          return { ...l, subtotal, discount: l.price * l.quantity - subtotal, tax: taxOn(subtotal), refunded: 0 };
        });
        const shippingTax = taxOn(shipping);
        const itemsTax = items.reduce((sum, i) => sum + i.tax, 0);
        const subtotal = items.reduce((sum, i) => sum + i.subtotal, 0);
        const totalPrice = subtotal + shipping + (taxesIncluded ? 0 : itemsTax + shippingTax);
        const order = {
          currencyCode: "USD",
          taxesIncluded,
          subtotalPrice: cents(subtotal),
          totalDiscounts: cents(items.reduce((sum, i) => sum + i.discount, 0)),
          totalShipping: cents(shipping),
          shippingTax: cents(shippingTax),
          totalTax: cents(itemsTax + shippingTax),
          totalPrice: cents(totalPrice),
        };
        const earned = pointsForOrder(order, rules);
        // The units' share of a line's amounts, the last units taking what rounding left (as Shopify's refund lines do).
        const unitsOf = (item: (typeof items)[number], quantity: number) => {
          const share = (amount: number) =>
            item.refunded + quantity === item.quantity
              ? amount - Math.round((amount * item.refunded) / item.quantity)
              : Math.round((amount * quantity) / item.quantity);
          item.refunded += quantity;
          return { subtotal: share(item.subtotal), tax: share(item.tax), discount: share(item.discount) };
        };
        const refunds: RefundedAmounts[] = [];
        let money = 0;
        let reversed = 0;
        const refund = (amount: number, refundLines: { subtotal: number; tax: number; discount: number }[]) => {
          money += amount;
          refunds.push({
            amount: cents(amount),
            lines: refundLines.map((l) => ({ subtotal: cents(l.subtotal), tax: cents(l.tax), discount: cents(l.discount) })),
          });
          const { refunded, total } = refundedShare(order, rules, refunds);
          const due = reversalDue(earned, reversed, refunded, total);
          expect(due).toBeGreaterThanOrEqual(0);
          reversed += due;
          expect(reversed).toBeLessThanOrEqual(earned);
          // A retry of the same refunds takes nothing more.
          expect(reversalDue(earned, reversed, refunded, total)).toBe(0);
        };
        const itemMoney = (u: { subtotal: number; tax: number }) => u.subtotal + (taxesIncluded ? 0 : u.tax);
        for (const step of steps) {
          const open = items.filter((i) => i.refunded < i.quantity);
          const left = totalPrice - money;
          if (step.kind === "line" && open.length > 0) {
            const item = open[step.pick % open.length]!;
            const quantity = 1 + (step.pick % (item.quantity - item.refunded));
            const units = unitsOf(item, quantity);
            if (itemMoney(units) <= left) refund(itemMoney(units), [units]);
            else item.refunded -= quantity;
          } else if (left > 1) {
            // A goodwill amount, leaving enough for the items not refunded yet.
            const owed = items.reduce((sum, i) => sum + (i.refunded < i.quantity ? i.subtotal + i.tax : 0), 0);
            const amount = Math.floor((left - owed) * step.part);
            if (amount > 0) refund(amount, []);
          }
        }
        // The rest: every unit not refunded yet, and whatever money is left, to store credit.
        const rest = items.filter((i) => i.refunded < i.quantity).map((i) => unitsOf(i, i.quantity - i.refunded));
        refund(Math.max(0, totalPrice - money), rest);
        expect(reversed).toBe(earned);
      }),
      { numRuns: 300 },
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
