import { describe, expect, it } from "vitest";
import { gid, moneyAmount, quantity, shopifyId, timestamp } from "./fields";

const accepts = (schema: { safeParse(value: unknown): { success: boolean } }, value: unknown) => schema.safeParse(value).success;

describe("the value types of Shopify's webhook bodies", () => {
  it("money: a decimal string up to a trillion, as Shopify writes amounts", () => {
    for (const amount of ["0.0", "0.00", "404.95", "19.999", "1000000000000", "1000000000000.00"])
      expect(accepts(moneyAmount, amount), amount).toBe(true);
    // The tester's 1e300, in every form, and what Number() would also have read.
    for (const amount of [
      1e300,
      "1e300",
      "1e3",
      "Infinity",
      "NaN",
      "",
      " 1.00",
      "1,00",
      "-1.00",
      "+1.00",
      "0x10",
      "1000000000000.01",
      "9999999999999",
      "12.",
      ".5",
    ]) {
      expect(accepts(moneyAmount, amount), String(amount)).toBe(false);
    }
  });

  it("ids: positive integers within 64 bits, including those above 2^53 in Shopify's own samples", () => {
    for (const id of [1, 820982911946154500, 2 ** 63 - 4096]) expect(accepts(shopifyId, id), String(id)).toBe(true);
    for (const id of [0, -1, 1.5, 2 ** 63, 1e300, Number.NaN, "123", null]) expect(accepts(shopifyId, id), String(id)).toBe(false);
  });

  it("GraphQL ids of the expected type only", () => {
    expect(accepts(gid("Order"), "gid://shopify/Order/820982911946154508")).toBe(true);
    for (const id of [
      "gid://shopify/Customer/1",
      "gid://shopify/Order/",
      "gid://shopify/Order/0",
      "gid://shopify/Order/1 ",
      "gid://shopify/Order/1/2",
      "820982911946154508",
    ]) {
      expect(accepts(gid("Order"), id), id).toBe(false);
    }
  });

  it("times: with an offset, in both forms Shopify's bodies use, and real dates only", () => {
    for (const time of ["2021-12-31T19:00:00-05:00", "2019-01-01 00:00:00.000Z", "2026-12-06T07:56:58.123456789Z"])
      expect(accepts(timestamp, time), time).toBe(true);
    for (const time of ["yesterday", "2021-12-31", "2021-12-31T19:00:00", "2021-13-45T00:00:00Z", "1e300", 1640995200000])
      expect(accepts(timestamp, time), String(time)).toBe(false);
  });

  it("quantities: whole, not negative, within GraphQL's 32-bit Int", () => {
    for (const count of [0, 1, 2 ** 31 - 1]) expect(accepts(quantity, count)).toBe(true);
    for (const count of [-1, 0.5, 2 ** 31, 1e300, "1"]) expect(accepts(quantity, count), String(count)).toBe(false);
  });
});
