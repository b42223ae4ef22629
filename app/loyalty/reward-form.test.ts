import { parseWithZod } from "@conform-to/zod/v3";
import { describe, expect, it } from "vitest";
import { rewardSchema } from "./reward-form";

const parse = (values: Record<string, string>, currency = "USD") =>
  parseWithZod(new URLSearchParams(values), { schema: rewardSchema(currency), disableAutoCoercion: true });
const errors = (values: Record<string, string>, currency?: string) => parse(values, currency).reply().error;
const REWARD = { name: "€5 off", kind: "amount_off", value: "5", pointsCost: "500", minimumOrder: "", enabled: "on" };

describe("the reward form", () => {
  it("reads a reward as the modal posts it; free shipping posts no value and an unticked box nothing", () => {
    expect(parse(REWARD)).toMatchObject({
      status: "success",
      value: { name: "€5 off", kind: "amount_off", value: "5", pointsCost: 500, minimumOrder: "", enabled: true },
    });
    const { value: _value, enabled: _enabled, ...freeShipping } = { ...REWARD, kind: "free_shipping" };
    expect(parse(freeShipping)).toMatchObject({ status: "success", value: { kind: "free_shipping", value: "", enabled: false } });
  });

  it("names each problem on its field", () => {
    expect(errors({ ...REWARD, name: "", kind: "gift", pointsCost: "0", minimumOrder: "19.999" })).toEqual({
      name: ["Give the reward a name."],
      kind: ["Choose an amount off, a percentage off, free shipping or store credit."],
      pointsCost: ["Enter 1 or more."],
    });
    expect(errors({ ...REWARD, value: "" })).toEqual({ value: ["Enter the amount off."] });
    expect(errors({ ...REWARD, value: "4.555" })).toEqual({ value: ["Enter an amount such as 5 or 4.50 (at most 2 decimal places)."] });
    expect(errors({ ...REWARD, value: "0" })).toEqual({ value: ["The amount off must be more than 0."] });
    expect(errors({ ...REWARD, value: "1000000.01" })).toEqual({ value: ["The amount off can be at most 1,000,000."] });
    expect(errors({ ...REWARD, kind: "percent_off", value: "" })).toEqual({ value: ["Enter the percentage off."] });
    expect(errors({ ...REWARD, kind: "percent_off", value: "101" })).toEqual({ value: ["The percentage off must be from 1 to 100."] });
    expect(errors({ ...REWARD, minimumOrder: "a lot" })).toEqual({
      minimumOrder: ["Enter a minimum order such as 20 or 19.99, or leave it empty for none."],
    });
    expect(errors({ ...REWARD, minimumOrder: "1000000.01" })).toEqual({ minimumOrder: ["The minimum order can be at most 1,000,000."] });
    expect(errors({ ...REWARD, name: "x".repeat(81) })).toEqual({ name: ["Reward names are limited to 80 characters."] });
  });

  it("reads store credit: an amount and an optional expiry in days, with no minimum order posted", () => {
    const { minimumOrder: _minimum, ...credit } = { ...REWARD, kind: "store_credit", value: "7.50", creditExpiryDays: "90" };
    expect(parse(credit)).toMatchObject({
      status: "success",
      value: { kind: "store_credit", value: "7.50", minimumOrder: "", creditExpiryDays: 90 },
    });
    expect(parse({ ...credit, creditExpiryDays: "" })).toMatchObject({ status: "success", value: { creditExpiryDays: null } });
    const expiry = ["Enter a whole number of days from 1 to 3,650, or leave it empty for credit that never expires."];
    expect(errors({ ...credit, creditExpiryDays: "0" })).toEqual({ creditExpiryDays: expiry });
    expect(errors({ ...credit, creditExpiryDays: "3651" })).toEqual({ creditExpiryDays: expiry });
    expect(errors({ ...credit, creditExpiryDays: "a week" })).toEqual({ creditExpiryDays: expiry });
    expect(errors({ ...credit, value: "" })).toEqual({ value: ["Enter the store credit amount."] });
    expect(errors({ ...credit, value: "500.5" }, "JPY")).toEqual({ value: ["Enter a whole amount such as 500 (JPY has no decimals)."] });
  });

  it("takes the decimals of the shop's currency: none for yen, three for dinars", () => {
    expect(errors({ ...REWARD, value: "500.5", minimumOrder: "2000.5" }, "JPY")).toEqual({
      value: ["Enter a whole amount such as 500 (JPY has no decimals)."],
      minimumOrder: ["Enter a minimum order as a whole amount such as 2000 (JPY has no decimals), or leave it empty for none."],
    });
    expect(parse({ ...REWARD, value: "500" }, "JPY")).toMatchObject({ status: "success" });
    expect(parse({ ...REWARD, value: "1.250" }, "KWD")).toMatchObject({ status: "success" });
    expect(errors({ ...REWARD, value: "1.2505" }, "KWD")).toEqual({
      value: ["Enter an amount such as 5 or 4.50 (at most 3 decimal places)."],
    });
  });
});
