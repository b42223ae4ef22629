// The shop's points totals (LoyaltyPointsTotal) against the live sums of its members, through
// what moves points: ledger posts of every kind, a hand adjustment, a member's erasure, and posts
// for different members at the same moment (PostgreSQL runs them on separate connections).
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import db from "../db.server";
import { customerIdentity } from "../privacy/compliance-payloads";
import { redactCustomer } from "../privacy/redact.server";
import { postToLedger, type EntryInput } from "./ledger.server";
import { adjustPoints } from "./members.server";
import { pointsOutstanding } from "./points-total.server";

const NOW = new Date("2031-05-01T12:00:00Z");

const newShop = () => `points-total-${randomUUID().slice(0, 8)}.myshopify.com`;

async function member(shop: string, customerNumber: number) {
  return db.loyaltyMember.create({
    data: {
      shop,
      customerId: `gid://shopify/Customer/${customerNumber}`,
      email: `c${customerNumber}@example.com`,
      referralCode: `R${customerNumber}-${randomUUID()}`,
    },
  });
}

function post(shop: string, memberId: string, entries: Omit<EntryInput, "idempotencyKey">[]) {
  return postToLedger(db, shop, memberId, NOW, async () => entries.map((entry) => ({ ...entry, idempotencyKey: randomUUID() })));
}

async function liveSums(shop: string) {
  const sums = await db.loyaltyMember.aggregate({ where: { shop }, _sum: { balance: true, pending: true } });
  return { balance: sums._sum.balance ?? 0, pending: sums._sum.pending ?? 0 };
}

describe("the shop's points totals", () => {
  it("equal the sums of its members after every kind of change, and another shop's changes leave them alone", async () => {
    const shop = newShop();
    const other = newShop();
    expect(await pointsOutstanding(db, shop)).toEqual({ balance: 0, pending: 0 });
    const [ann, bob, eve] = [await member(shop, 1), await member(shop, 2), await member(shop, 3)];
    const stranger = await member(other, 4);

    const steps: [string, () => Promise<unknown>][] = [
      ["earn", () => post(shop, ann.id, [{ kind: "earn", bucket: "balance", points: 300 }])],
      ["pending", () => post(shop, bob.id, [{ kind: "pending", bucket: "pending", points: 120 }])],
      [
        "release",
        () =>
          post(shop, bob.id, [
            { kind: "release", bucket: "pending", points: -70 },
            { kind: "release", bucket: "balance", points: 70 },
          ]),
      ],
      ["reverse", () => post(shop, bob.id, [{ kind: "reverse", bucket: "pending", points: -20 }])],
      ["redeem", () => post(shop, ann.id, [{ kind: "redeem", bucket: "balance", points: -100 }])],
      ["expire", () => post(shop, ann.id, [{ kind: "expire", bucket: "balance", points: -15 }])],
      ["adjust", () => adjustPoints(db, shop, bob.id, { points: "-30", reason: "Goodwill taken back" }, NOW)],
      ["another shop", () => post(other, stranger.id, [{ kind: "earn", bucket: "balance", points: 999 }])],
      ["eve earns", () => post(shop, eve.id, [{ kind: "pending", bucket: "pending", points: 45 }])],
      ["erasure", () => redactCustomer(db, shop, customerIdentity({ id: 3, email: "c3@example.com" }, []))],
    ];
    for (const [name, step] of steps) {
      await step();
      expect(await pointsOutstanding(db, shop), `after ${name}`).toEqual(await liveSums(shop));
    }
    // Ann 300 − 100 − 15, Bob 70 − 30; pending Bob 120 − 70 − 20; Eve's 45 erased with her.
    expect(await pointsOutstanding(db, shop)).toEqual({ balance: 225, pending: 30 });
    expect(await db.loyaltyMember.count({ where: { id: eve.id } })).toBe(0);
    expect(await pointsOutstanding(db, other)).toEqual({ balance: 999, pending: 0 });
  });

  it("lose no post when members post at the same moment, the shop's first included", async () => {
    const shop = newShop();
    const members = await Promise.all(Array.from({ length: 8 }, (_, n) => member(shop, 100 + n)));
    for (let round = 0; round < 3; round++) {
      const posted = await Promise.all(
        members.map((m, n) =>
          post(shop, m.id, [
            { kind: "earn", bucket: "balance", points: 10 + n },
            { kind: "pending", bucket: "pending", points: 1 },
          ]),
        ),
      );
      expect(posted.map((entries) => entries.length)).toEqual(members.map(() => 2));
    }
    const balance = 3 * members.reduce((sum, _, n) => sum + 10 + n, 0);
    expect(await liveSums(shop)).toEqual({ balance, pending: 3 * members.length });
    expect(await pointsOutstanding(db, shop)).toEqual({ balance, pending: 3 * members.length });
  });
});
