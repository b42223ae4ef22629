import { describe, expect, it } from "vitest";
import { syncStatus } from "./sync-status";

describe("syncStatus", () => {
  const synced = { syncedAt: new Date("2026-03-01T22:30:00Z"), syncError: null };

  it("says when the discount last synced, in the shop's time zone", () => {
    const athens = syncStatus(synced, { pendingJobs: 0, timeZone: "Europe/Athens" });
    const newYork = syncStatus(synced, { pendingJobs: 0, timeZone: "America/New_York" });
    expect(athens.tone).toBe("success");
    expect(athens.text).toMatch(/^Synced at .*Mar 2, 2026.*12:30/);
    expect(newYork.text).toMatch(/^Synced at .*Mar 1, 2026.*5:30/);
  });

  it("puts a queued or running sync before anything older, then the last error", () => {
    expect(syncStatus({ ...synced, syncError: "Shopify refused" }, { pendingJobs: 1, timeZone: "UTC" })).toEqual({
      tone: "attention",
      text: "Pending",
    });
    expect(syncStatus({ ...synced, syncError: "Shopify refused" }, { pendingJobs: 0, timeZone: "UTC" })).toEqual({
      tone: "critical",
      text: "Error: Shopify refused",
    });
    expect(syncStatus({ syncedAt: null, syncError: null }, { pendingJobs: 0, timeZone: "UTC" })).toEqual({
      tone: "attention",
      text: "Pending",
    });
  });
});
