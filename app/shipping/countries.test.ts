import { describe, expect, it } from "vitest";
import { isCountryCode, notShippedMessage, parseCountries, unknownCountriesMessage } from "./countries";

describe("country codes as Shopify knows them", () => {
  it("knows the codes of Shopify's CountryCode enum only", () => {
    for (const code of ["GB", "DE", "US", "XK", "AC"]) expect(isCountryCode(code)).toBe(true);
    // ISO or CLDR codes Shopify's enum does not have.
    for (const code of ["UK", "EU", "PR", "GU", "VI", "AS", "AQ", "gb", "toString"]) expect(isCountryCode(code)).toBe(false);
  });

  it("parses a typed list, naming what Shopify does not know", () => {
    expect(parseCountries("gr, de  FR;uk, Narnia, GR")).toEqual({ countries: ["GR", "DE", "FR"], unknown: ["UK", "NARNIA"] });
  });

  it("says which code to use instead when Shopify has the country under another code", () => {
    expect(unknownCountriesMessage(["GB", "UK"])).toBe("UK (United Kingdom) is not a country code Shopify knows; use GB.");
    expect(unknownCountriesMessage(["FX"])).toBe("FX (France) is not a country code Shopify knows; use FR.");
  });

  it("sends US territories to US, and names the rest", () => {
    expect(unknownCountriesMessage(["PR", "VI"])).toBe(
      "PR (Puerto Rico) is not a country code Shopify knows: Shopify ships there as part of the United States; use US. " +
        "VI (U.S. Virgin Islands) is not a country code Shopify knows: Shopify ships there as part of the United States; use US.",
    );
    expect(unknownCountriesMessage(["EU", "NARNIA"])).toBe(
      "EU (European Union) is not a country code Shopify knows. NARNIA is not a country code Shopify knows.",
    );
    expect(unknownCountriesMessage(["GR", "DE"])).toBeNull();
  });

  it("names the countries the shop does not ship to", () => {
    expect(notShippedMessage(["GR", "JP"], ["GR", "DE"])).toBe(
      "Your store does not ship to JP (Japan): add it to a shipping zone in Shopify's shipping settings first.",
    );
    expect(notShippedMessage(["GR", "DE"], ["GR", "DE", "FR"])).toBeNull();
  });
});
