import { parseWithZod } from "@conform-to/zod/v3";
import { describe, expect, it } from "vitest";
import { formStrings } from "../lib/forms";
import { DEFAULT_MESSAGES, LOCALES, MESSAGE_KINDS } from "./messages";
import { settingsSchema, zoneSchema } from "./threshold-form";

const parse = (schema: Parameters<typeof parseWithZod>[1]["schema"], values: Record<string, string>) =>
  parseWithZod(new URLSearchParams(values), { schema, disableAutoCoercion: true });
const MESSAGES = Object.fromEntries(
  LOCALES.flatMap((locale) => MESSAGE_KINDS.map((kind) => [`message_${locale}_${kind}`, DEFAULT_MESSAGES[locale][kind]])),
);
const SETTINGS = formStrings({ enabled: true, baseAmount: "75", excludedCountries: "AU", ...MESSAGES });
const ZONE = { name: "Europe", countries: "GR, DE", currency: "eur", amount: "60", rateToShop: "0.92" };

describe("the free-shipping settings form", () => {
  it("reads the programme as the page posts it", () => {
    expect(parse(settingsSchema("USD"), SETTINGS)).toMatchObject({
      status: "success",
      value: { enabled: true, baseAmount: "75", excludedCountries: "AU" },
    });
    expect(parse(settingsSchema("USD"), { ...SETTINGS, enabled: "" })).toMatchObject({ status: "success", value: { enabled: false } });
  });

  it("names each problem on its field, amounts in the decimals of the shop's currency", () => {
    expect(
      parse(settingsSchema("USD"), {
        ...SETTINGS,
        baseAmount: "49.999",
        excludedCountries: "UK",
        message_en_before: "",
        message_en_progress: "Almost",
        message_el_reached: "{total} off",
      }).reply().error,
    ).toEqual({
      baseAmount: ["Enter the threshold such as 50 or 49.90 (at most 2 decimals)."],
      excludedCountries: ["UK (United Kingdom) is not a country code Shopify knows; use GB."],
      message_en_before: ["Write a message."],
      message_en_progress: ["Include {amount}, where the amount goes."],
      message_el_reached: ["The only placeholder is {amount}."],
    });
    expect(parse(settingsSchema("JPY"), { ...SETTINGS, baseAmount: "7500.5" }).reply().error).toEqual({
      baseAmount: ["Enter the threshold as a whole number: JPY has no decimals."],
    });
    expect(parse(settingsSchema("USD"), { ...SETTINGS, baseAmount: "0" }).reply().error).toEqual({
      baseAmount: ["The threshold must be more than 0."],
    });
    expect(parse(settingsSchema("USD"), { ...SETTINGS, baseAmount: "100000001" }).reply().error).toEqual({
      baseAmount: ["The threshold is too large."],
    });
    expect(parse(settingsSchema("USD"), { ...SETTINGS, message_en_reached: "x".repeat(201) }).reply().error).toEqual({
      message_en_reached: ["Messages are limited to 200 characters."],
    });
  });
});

describe("the zone form", () => {
  it("reads a zone as the modal posts it", () => {
    expect(parse(zoneSchema(null), ZONE)).toMatchObject({
      status: "success",
      value: { name: "Europe", currency: "EUR", amount: "60", rateToShop: "0.92" },
    });
  });

  it("names each problem on its field; the browser, not knowing where the store ships, checks Shopify's codes only", () => {
    expect(parse(zoneSchema(null), { name: "", countries: "", currency: "euro", amount: "", rateToShop: "" }).reply().error).toEqual({
      name: ["Give the zone a name."],
      countries: ["List the zone's countries, e.g. GR, DE, FR."],
      currency: ["Enter a 3-letter currency code, e.g. EUR."],
      rateToShop: ["Enter the exchange rate."],
    });
    expect(parse(zoneSchema(null), { ...ZONE, countries: "GR, UK", amount: "", rateToShop: "-1" }).reply().error).toEqual({
      countries: ["UK (United Kingdom) is not a country code Shopify knows; use GB."],
      amount: ["Enter the threshold."],
      rateToShop: ["Enter a rate above 0 with at most 6 decimals, e.g. 0.92."],
    });
    expect(parse(zoneSchema(null), { ...ZONE, countries: "JP" })).toMatchObject({ status: "success" });
    expect(parse(zoneSchema(["GR", "DE"]), { ...ZONE, countries: "JP" }).reply().error).toEqual({
      countries: ["Your store does not ship to JP (Japan): add it to a shipping zone in Shopify's shipping settings first."],
    });
  });
});
