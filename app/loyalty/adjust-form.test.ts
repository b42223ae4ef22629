import { parseWithZod } from "@conform-to/zod/v3";
import { describe, expect, it } from "vitest";
import { AdjustInput } from "./adjust-form";

const parse = (values: Record<string, string>) =>
  parseWithZod(new URLSearchParams(values), { schema: AdjustInput, disableAutoCoercion: true });
const KEY = "6f1c1f8e-4a8b-4c39-9d55-0b8f5c2f7a10";

describe("the points adjustment form", () => {
  it("reads points with a plus, a minus sign or a dash", () => {
    for (const [typed, points] of [
      ["+50", 50],
      ["−20", -20],
      ["–5", -5],
      [" 7 ", 7],
    ] as const) {
      expect(parse({ points: typed, reason: "Goodwill", key: KEY })).toMatchObject({
        status: "success",
        value: { points, reason: "Goodwill", key: KEY },
      });
    }
  });

  it("names each problem on its field", () => {
    const points = "Enter a whole number of points from -1,000,000 to 1,000,000: positive to add, negative to deduct.";
    expect(parse({ points: "", reason: "ok", key: "stale" }).reply().error).toEqual({
      points: [points],
      reason: ["Give a reason of at least 3 characters; it is shown in the points history."],
      key: ["Reload the page and try again."],
    });
    expect(parse({ points: "1.5", reason: "x".repeat(201) }).reply().error).toEqual({
      points: [points],
      reason: ["Reasons are limited to 200 characters."],
    });
    expect(parse({ points: "0", reason: "Nothing" }).reply().error).toEqual({
      points: ["Enter points to add, or a negative number to deduct."],
    });
  });
});
