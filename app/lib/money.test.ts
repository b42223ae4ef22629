import { describe, expect, it } from "vitest";
import {
  decimalToMinor,
  formatMoney,
  fromMinorUnits,
  minorToDecimal,
  minorUnitDigits,
  normalizeAmount,
  parseTypedAmount,
  toMinorUnits,
  wholeUnits,
} from "./money";

describe("minorUnitDigits", () => {
  it("follows ISO 4217: yen 0, dollar 2, dinar 3, the Chilean UF 4, unknown codes 2", () => {
    expect(minorUnitDigits("JPY")).toBe(0);
    expect(minorUnitDigits("usd")).toBe(2);
    expect(minorUnitDigits("KWD")).toBe(3);
    expect(minorUnitDigits("CLF")).toBe(4);
    expect(minorUnitDigits("XYZ")).toBe(2);
  });

  it("agrees with Intl on every currency Intl knows, except where CLDR drops coins ISO 4217 keeps", () => {
    const cldrWithoutCoins = [
      "AFN",
      "ALL",
      "COP",
      "HUF",
      "IDR",
      "IQD",
      "IRR",
      "KPW",
      "LAK",
      "LBP",
      "MGA",
      "MMK",
      "PKR",
      "SLL",
      "SOS",
      "SYP",
      "YER",
    ];
    const differences = Intl.supportedValuesOf("currency").filter(
      (currency) =>
        new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits !== minorUnitDigits(currency),
    );
    expect(differences.filter((currency) => !cldrWithoutCoins.includes(currency))).toEqual([]);
  });
});

describe("toMinorUnits and fromMinorUnits", () => {
  it("convert exactly, where floating point would not", () => {
    expect(toMinorUnits("0.29", "USD")).toBe(29);
    expect(toMinorUnits("1.005", "USD")).toBe(101); // Math.round(1.005 * 100) is 100
    expect(toMinorUnits("404.95", "EUR")).toBe(40495);
    expect(toMinorUnits("999999999999.99", "USD")).toBe(99999999999999);
    expect(fromMinorUnits(40495, "EUR")).toBe("404.95");
    expect(fromMinorUnits(-5, "EUR")).toBe("-0.05");
    expect(fromMinorUnits(0, "USD")).toBe("0.00");
  });

  it("use the yen's and the dinar's own minor units", () => {
    expect(toMinorUnits("8000", "JPY")).toBe(8000);
    expect(toMinorUnits("8000.00", "JPY")).toBe(8000);
    expect(fromMinorUnits(8000, "JPY")).toBe("8000");
    expect(toMinorUnits("12.345", "KWD")).toBe(12345);
    expect(toMinorUnits("12.3", "KWD")).toBe(12300);
    expect(fromMinorUnits(12345, "KWD")).toBe("12.345");
    expect(fromMinorUnits(5, "KWD")).toBe("0.005");
  });

  it("refuse what is not a decimal amount", () => {
    for (const bad of ["", "abc", "1e3", "1,50", "€5"]) expect(() => toMinorUnits(bad, "EUR")).toThrow(/Not a decimal amount/);
  });
});

describe("decimalToMinor and minorToDecimal", () => {
  it("round half away from zero beyond the digits, and accept numbers", () => {
    expect(decimalToMinor("32.555", 2)).toBe(3256);
    expect(decimalToMinor("-32.555", 2)).toBe(-3256);
    expect(decimalToMinor("32.554", 2)).toBe(3255);
    expect(decimalToMinor(1234.6, 0)).toBe(1235);
    expect(decimalToMinor("-0.001", 2)).toBe(0);
    expect(decimalToMinor(" 45 ", 2)).toBe(4500);
    expect(decimalToMinor("4.5.1", 2)).toBeNull();
    expect(minorToDecimal(4550, 2)).toBe("45.50");
    expect(minorToDecimal(-1, 3)).toBe("-0.001");
  });
});

describe("wholeUnits", () => {
  it("rounds down to the currency's whole units", () => {
    expect(wholeUnits(4299, "USD")).toBe(42);
    expect(wholeUnits(4299, "JPY")).toBe(4299);
    expect(wholeUnits(4299, "KWD")).toBe(4);
  });
});

describe("normalizeAmount", () => {
  it("writes the amount with the currency's decimals", () => {
    expect(normalizeAmount("45", "EUR")).toBe("45.00");
    expect(normalizeAmount("8000.4", "JPY")).toBe("8000");
    expect(normalizeAmount("7.5", "BHD")).toBe("7.500");
    expect(normalizeAmount("abc", "EUR")).toBeNull();
  });
});

describe("formatMoney", () => {
  it("formats in the locale, with the code when Intl does not know the currency", () => {
    expect(formatMoney("45.00", "EUR")).toBe("€45.00");
    expect(formatMoney("8000", "JPY")).toBe("¥8,000");
    expect(formatMoney(500, "USD", { wholeUnits: true })).toBe("$500");
    expect(formatMoney("45.00", "EUR", { locale: "el" })).toBe("45,00\u00a0€");
    expect(formatMoney("1.5", "EUR", { locale: "de" })).toBe("1,50\u00a0€");
    expect(formatMoney("45.00", "QQQ1")).toBe("45.00 QQQ1");
  });
});

describe("parseTypedAmount", () => {
  it("reads what a merchant types, with a point or a comma, never rounding", () => {
    expect(parseTypedAmount("5", 2)).toBe(500);
    expect(parseTypedAmount(" 4.5 ", 2)).toBe(450);
    expect(parseTypedAmount("4,50", 2)).toBe(450);
    expect(parseTypedAmount("0.07", 2)).toBe(7);
    expect(parseTypedAmount("8000", 0)).toBe(8000);
    expect(parseTypedAmount("1.250", 3)).toBe(1250);
    for (const bad of ["", "4.555", "-5", "5e2", "abc", "1.2.3", "€5", "1234567890123"]) expect(parseTypedAmount(bad, 2)).toBeNull();
    expect(parseTypedAmount("8000.5", 0)).toBeNull();
  });
});
