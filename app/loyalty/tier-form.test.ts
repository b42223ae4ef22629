import { parseWithZod } from "@conform-to/zod/v3";
import { describe, expect, it } from "vitest";
import { TierInput } from "./tier-form";

const parse = (values: Record<string, string>) =>
  parseWithZod(new URLSearchParams(values), { schema: TierInput, disableAutoCoercion: true });

describe("the tier form", () => {
  it("reads a tier as the modal posts it", () => {
    expect(parse({ name: " Gold ", threshold: " 2000 ", multiplierPercent: "150" })).toMatchObject({
      status: "success",
      value: { name: "Gold", threshold: 2000, multiplierPercent: 150 },
    });
  });

  it("names each problem on its field", () => {
    expect(parse({ name: "", threshold: "1.5", multiplierPercent: "99" }).reply().error).toEqual({
      name: ["Give the tier a name."],
      threshold: ["Enter a whole number, without decimals."],
      multiplierPercent: ["Enter 100 or more."],
    });
    expect(parse({ name: "x".repeat(41), threshold: "", multiplierPercent: "1001" }).reply().error).toEqual({
      name: ["Tier names are limited to 40 characters."],
      threshold: ["Enter a number from 0 to 100,000,000."],
      multiplierPercent: ["Enter a number from 100 to 1,000."],
    });
  });
});
