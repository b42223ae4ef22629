import { describe, expect, it } from "vitest";
import {
  discountPlans,
  fillMessage,
  messageParts,
  progress,
  thresholdFor,
  zoneMinimumInShopCurrency,
  type ThresholdSettings,
  type ThresholdZone,
} from "./thresholds";

const settings: ThresholdSettings = { enabled: true, shopCurrency: "USD", baseAmount: "50", excludedCountries: ["AU"] };
const europe: ThresholdZone = { id: "z1", name: "Europe", countries: ["GR", "DE"], currency: "EUR", amount: "45", rateToShop: "0.92" };
const japan: ThresholdZone = { id: "z2", name: "Japan", countries: ["jp"], currency: "JPY", amount: "8000", rateToShop: "151" };

describe("thresholdFor", () => {
  it("gives a zone's threshold in its currency to its countries", () => {
    expect(thresholdFor({ currency: "EUR", country: "GR" }, settings, [europe])).toEqual({ amount: "45.00", currency: "EUR" });
    expect(thresholdFor({ currency: "jpy", country: "JP" }, settings, [europe, japan])).toEqual({ amount: "8000", currency: "JPY" });
  });

  it("gives the base threshold only to carts in shop currency", () => {
    expect(thresholdFor({ currency: "USD", country: "US" }, settings, [europe])).toEqual({ amount: "50.00", currency: "USD" });
    // A zone country paying in shop currency: the zone is in €, so the base in $ applies.
    expect(thresholdFor({ currency: "USD", country: "GR" }, settings, [europe])).toEqual({ amount: "50.00", currency: "USD" });
    expect(thresholdFor({ currency: "USD", country: null }, settings, [])).toEqual({ amount: "50.00", currency: "USD" });
  });

  it("never shows a threshold in another currency than the cart's", () => {
    expect(thresholdFor({ currency: "EUR", country: "FR" }, settings, [europe])).toBeNull(); // € cart, France not in the zone
    expect(thresholdFor({ currency: "GBP", country: "GB" }, settings, [europe])).toBeNull();
    expect(thresholdFor({ currency: "EUR", country: "US" }, settings, [])).toBeNull();
  });

  it("gives nothing to excluded countries, without a base, or while off", () => {
    expect(thresholdFor({ currency: "USD", country: "AU" }, settings, [europe])).toBeNull();
    expect(thresholdFor({ currency: "EUR", country: "GR" }, { ...settings, excludedCountries: ["gr"] }, [europe])).toBeNull();
    expect(thresholdFor({ currency: "USD", country: "US" }, { ...settings, baseAmount: null }, [europe])).toBeNull();
    expect(thresholdFor({ currency: "EUR", country: "GR" }, { ...settings, enabled: false }, [europe])).toBeNull();
  });
});

describe("progress", () => {
  it("rounds to the currency's minor units", () => {
    expect(progress("32.555", { amount: "50.00", currency: "USD" })).toEqual({ remaining: "17.44", reached: false, percent: 65 });
    expect(progress(1234.6, { amount: "8000", currency: "JPY" })).toEqual({ remaining: "6765", reached: false, percent: 15 });
    expect(progress("0.1", { amount: "0.3", currency: "EUR" })).toEqual({ remaining: "0.20", reached: false, percent: 33 });
  });

  it("is reached at the threshold exactly and never full before", () => {
    expect(progress("50", { amount: "50.00", currency: "USD" })).toEqual({ remaining: "0.00", reached: true, percent: 100 });
    expect(progress("120", { amount: "50.00", currency: "USD" })).toEqual({ remaining: "0.00", reached: true, percent: 100 });
    expect(progress("49.999", { amount: "50.00", currency: "USD" })).toMatchObject({ reached: true }); // 50.00 in cents
    expect(progress("49.99", { amount: "50.00", currency: "USD" })).toEqual({ remaining: "0.01", reached: false, percent: 99 });
    expect(progress("0", { amount: "50.00", currency: "USD" })).toEqual({ remaining: "50.00", reached: false, percent: 0 });
  });

  it("fills the amount into the message", () => {
    expect(fillMessage("You're {amount} away", "€5.00")).toBe("You're €5.00 away");
  });
});

describe("discountPlans", () => {
  const shipsTo = ["US", "CA", "GR", "DE", "FR", "AU", "JP"];

  it("gives the base the ships-to countries less excluded and zone ones, and each zone its countries in shop currency", () => {
    expect(discountPlans(settings, [europe, japan], shipsTo)).toEqual([
      { key: "base", title: "Free shipping", countries: ["CA", "FR", "US"], minimumSubtotal: "50.00" },
      { key: "z1", title: "Free shipping: Europe", countries: ["DE", "GR"], minimumSubtotal: "48.91" }, // 45 / 0.92 = 48.913…
      { key: "z2", title: "Free shipping: Japan", countries: ["JP"], minimumSubtotal: "52.98" }, // 8000 / 151 = 52.980…
    ]);
  });

  it("rounds a zone's minimum down so the amount shown always qualifies", () => {
    expect(zoneMinimumInShopCurrency({ amount: "60", currency: "EUR", rateToShop: "0.92" }, "USD")).toBe("65.21"); // 65.217…
    expect(zoneMinimumInShopCurrency({ amount: "46", currency: "EUR", rateToShop: "0.92" }, "USD")).toBe("50.00");
    expect(zoneMinimumInShopCurrency({ amount: "50", currency: "USD", rateToShop: "0.0066" }, "JPY")).toBe("7575");
    expect(zoneMinimumInShopCurrency({ amount: "50", currency: "EUR", rateToShop: "0" }, "USD")).toBeNull();
  });

  it("drops excluded countries from zones, gives a country to its first zone, and leaves out empty plans", () => {
    const overlapping: ThresholdZone = { ...europe, id: "z3", name: "Greece", countries: ["GR", "AU"] };
    const plans = discountPlans({ ...settings, baseAmount: null }, [europe, overlapping], shipsTo);
    expect(plans.map((plan) => [plan.key, plan.countries])).toEqual([["z1", ["DE", "GR"]]]);
  });

  it("plans nothing while the programme is off", () => {
    expect(discountPlans({ ...settings, enabled: false }, [europe], shipsTo)).toEqual([]);
  });
});

describe("messageParts", () => {
  it("marks the amount so the bar can keep it whole, wherever the merchant put it", () => {
    expect(messageParts("You're {amount} away from free shipping", "$51.00")).toEqual([
      { text: "You're ", amount: false },
      { text: "$51.00", amount: true },
      { text: " away from free shipping", amount: false },
    ]);
    expect(messageParts("{amount} to go", "€0,66")).toEqual([
      { text: "€0,66", amount: true },
      { text: " to go", amount: false },
    ]);
    expect(messageParts("{amount} or {amount}", "$1")).toEqual([
      { text: "$1", amount: true },
      { text: " or ", amount: false },
      { text: "$1", amount: true },
    ]);
    expect(messageParts("You've got free shipping!", "")).toEqual([{ text: "You've got free shipping!", amount: false }]);
  });
});
