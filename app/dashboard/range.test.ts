import { describe, expect, it } from "vitest";
import { rangeLabel } from "./range";
import { rangeFrom } from "./range-query";

const TODAY = "2026-03-15";
const params = (query: string) => new URLSearchParams(query);

describe("rangeFrom", () => {
  it("is the last 30 days without a query", () => {
    expect(rangeFrom(params(""), TODAY)).toEqual({ range: { from: "2026-02-14", to: TODAY }, preset: 30 });
  });

  it("takes a preset", () => {
    expect(rangeFrom(params("days=7"), TODAY)).toEqual({ range: { from: "2026-03-09", to: TODAY }, preset: 7 });
  });

  it("ignores a preset it does not offer", () => {
    expect(rangeFrom(params("days=14"), TODAY).preset).toBe(30);
  });

  it("takes a custom range up to today", () => {
    expect(rangeFrom(params("from=2026-01-01&to=2026-01-31"), TODAY)).toEqual({
      range: { from: "2026-01-01", to: "2026-01-31" },
      preset: null,
    });
  });

  it("refuses a custom range that is backwards, ends after today, is longer than a year or is not made of days", () => {
    for (const query of [
      "from=2026-02-01&to=2026-01-01",
      "from=2026-03-01&to=2026-03-16",
      "from=2025-01-01&to=2026-03-01",
      "from=2026-02-30&to=2026-03-01",
    ]) {
      expect(rangeFrom(params(query), TODAY).preset, query).toBe(30);
    }
  });
});

describe("rangeLabel", () => {
  it("names a preset", () => {
    expect(rangeLabel({ from: "2026-03-09", to: TODAY }, 7)).toBe("Last 7 days");
  });

  it("writes a custom range's days", () => {
    expect(rangeLabel({ from: "2026-01-01", to: "2026-01-31" }, null)).toBe("Jan 1, 2026 – Jan 31, 2026");
  });
});
