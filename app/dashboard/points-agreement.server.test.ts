// The dashboard and the Loyalty page show "points issued" and "points pending" from one
// definition (app/loyalty/ledger-figures.ts) over the same days: they must agree on any ledger.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import db from "../db.server";
import { writeEntries, type EntryInput } from "../loyalty/ledger.server";
import { loyaltyOverview } from "../loyalty/members.server";
import { daysIn, lastDays } from "./days";
import { loadDashboard } from "./metrics.server";
import { rollupDay } from "./rollup.server";

const NOW = new Date("2031-03-15T12:00:00Z");
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

async function post(memberId: string, entries: Omit<EntryInput, "idempotencyKey">[], at: Date) {
  await db.$transaction(async (tx) => {
    const member = await tx.loyaltyMember.findUniqueOrThrow({ where: { id: memberId } });
    await writeEntries(
      tx,
      member,
      entries.map((entry) => ({ ...entry, idempotencyKey: randomUUID() })),
      at,
    );
  });
}

describe("points issued and pending", () => {
  it("are the same on the dashboard's last 30 days and the Loyalty page", async () => {
    const shop = `agree-${randomUUID().slice(0, 8)}.myshopify.com`;
    const timeZone = "America/New_York"; // 08:00 on the shop's clock at NOW
    await db.shop.create({ data: { domain: shop, name: "Agree", ianaTimezone: timeZone } });
    const member = async (n: number) =>
      db.loyaltyMember.create({ data: { shop, email: `m${n}@example.com`, referralCode: `R${n}-${randomUUID()}` } });
    const ann = await member(1);
    const bob = await member(2);

    // 30 days ago, after today's hour: inside a rolling 30 × 24 h window, outside the 30 calendar days.
    await post(ann.id, [{ kind: "earn", bucket: "balance", points: 271 }], new Date(NOW.getTime() - 30 * DAY + 6 * HOUR));
    await post(ann.id, [{ kind: "earn", bucket: "balance", points: 40 }], new Date(NOW.getTime() - 29 * DAY)); // day 1 of the 30
    await post(ann.id, [{ kind: "pending", bucket: "pending", points: 120 }], new Date(NOW.getTime() - 20 * DAY));
    await post(
      ann.id,
      [
        { kind: "release", bucket: "pending", points: -120 },
        { kind: "release", bucket: "balance", points: 120 },
      ],
      new Date(NOW.getTime() - 6 * DAY),
    );
    await post(bob.id, [{ kind: "pending", bucket: "pending", points: 75 }], new Date(NOW.getTime() - 2 * DAY));
    await post(bob.id, [{ kind: "reverse", bucket: "pending", points: -25 }], new Date(NOW.getTime() - DAY)); // a partial refund
    await post(bob.id, [{ kind: "adjust", bucket: "balance", points: 30 }], new Date(NOW.getTime() - 3 * HOUR));
    await post(ann.id, [{ kind: "adjust", bucket: "balance", points: -10 }], new Date(NOW.getTime() - 3 * HOUR));
    await post(ann.id, [{ kind: "redeem", bucket: "balance", points: -100 }], new Date(NOW.getTime() - 2 * HOUR));
    await post(bob.id, [{ kind: "pending", bucket: "pending", points: 9 }], new Date(NOW.getTime() + 20 * HOUR)); // tomorrow

    const range = lastDays(30, "2031-03-15");
    for (const day of daysIn({ from: "2031-02-13", to: range.to })) await rollupDay(db, shop, day, NOW);
    const dashboard = await loadDashboard(db, shop, range, NOW);
    const overview = await loyaltyOverview(db, shop, NOW);

    // Issued: earn 40, pending 120 + 75, adjust up 30. Not the release, not tomorrow's.
    expect(dashboard.totals.pointsIssued).toBe(265);
    expect(overview.pointsIssued30d).toBe(dashboard.totals.pointsIssued);
    expect(overview.pointsRedeemed30d).toBe(dashboard.totals.pointsRedeemed);
    expect(dashboard.totals.pointsRedeemed).toBe(100);
    expect(dashboard.totals.pointsReversed).toBe(35);
    // Pending now: bob's 75 less the 25 reversed, and tomorrow's 9 (already posted).
    expect(dashboard.points.pending).toBe(59);
    expect(overview.pointsPending).toBe(dashboard.points.pending);
    expect(overview.pointsOutstanding).toBe(dashboard.points.balance);
    expect(dashboard.points.balance).toBe(271 + 40 + 120 + 30 - 10 - 100);
  });
});
