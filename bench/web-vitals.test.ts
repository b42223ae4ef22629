import { describe, expect, it } from "vitest";
import { cumulativeLayoutShift, interactionLatency, largestContentfulPaint, type PerformanceRecord } from "./web-vitals";

const record = (parts: Partial<PerformanceRecord>): PerformanceRecord => ({ largestPaints: [], layoutShifts: [], events: [], ...parts });
const shift = (startTime: number, value: number, hadRecentInput = false) => ({ startTime, value, hadRecentInput });
const event = (name: string, startTime: number, duration: number, interactionId = 7) => ({ name, startTime, duration, interactionId });

describe("largestContentfulPaint", () => {
  it("is the last, largest candidate's render time, or null when none painted", () => {
    expect(largestContentfulPaint(record({ largestPaints: [{ startTime: 120 }, { startTime: 480 }] }))).toBe(480);
    expect(largestContentfulPaint(record({}))).toBeNull();
  });
});

describe("cumulativeLayoutShift", () => {
  it("sums the shifts of one session window and leaves out shifts right after input", () => {
    expect(cumulativeLayoutShift(record({ layoutShifts: [shift(100, 0.02), shift(600, 0.03), shift(900, 0.5, true)] }))).toBeCloseTo(0.05);
  });

  it("starts a new window after a 1 s gap and reports the largest window", () => {
    const shifts = [shift(100, 0.02), shift(500, 0.02), shift(2000, 0.03)];
    expect(cumulativeLayoutShift(record({ layoutShifts: shifts }))).toBeCloseTo(0.04);
  });

  it("closes a window after 5 s even when shifts keep coming", () => {
    const shifts = Array.from({ length: 12 }, (_, index) => shift(index * 900, 0.01));
    // 0, 900, … 4500 fit in the first window (6 shifts); 5400 starts the next.
    expect(cumulativeLayoutShift(record({ layoutShifts: shifts }))).toBeCloseTo(0.06);
  });

  it("is 0 without shifts", () => {
    expect(cumulativeLayoutShift(record({}))).toBe(0);
  });
});

describe("interactionLatency", () => {
  it("is the longest entry of the interactions since the mark, ignoring earlier ones and non-interactions", () => {
    const events = [
      event("click", 50, 300, 3),
      event("pointerdown", 1000, 24),
      event("pointerup", 1040, 40),
      event("click", 1041, 88),
      event("mouseover", 1001, 200, 0),
    ];
    expect(interactionLatency(record({ events }), 1000)).toBe(88);
  });

  it("is null when no entry reached the observer's threshold", () => {
    expect(interactionLatency(record({ events: [event("click", 50, 300)] }), 1000)).toBeNull();
  });
});
