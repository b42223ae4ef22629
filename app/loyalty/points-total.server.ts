// The shop's points outstanding (LoyaltyPointsTotal): the sums of its members' balance and pending,
// kept exact by moving them in the same transaction as the member's own totals, so reading them
// costs one row whatever the number of members.
//
// Every transaction that changes a member's balance or pending moves this row last, after the
// member's row lock (PostgreSQL takes this row's lock at the UPDATE and keeps it until commit):
// posts for different members queue on it only for the end of their short ledger transactions, and
// with the member always locked first no two transactions can wait on each other.
import type { Db } from "../db.server";
import type { Prisma } from "@prisma/client";

export interface PointsOutstanding {
  /** Spendable points, all members. */
  balance: number;
  /** Points waiting for the returns window, all members. */
  pending: number;
}

/** Adds the change of one member's balance and pending to the shop's totals (an atomic increment: concurrent posts lose nothing). */
export async function movePointsTotal(tx: Prisma.TransactionClient, shop: string, change: PointsOutstanding): Promise<void> {
  if (change.balance === 0 && change.pending === 0) return;
  const balance = BigInt(change.balance);
  const pending = BigInt(change.pending);
  // One INSERT … ON CONFLICT DO UPDATE on both databases: the shop's first post creates the row
  // without a read-then-write race.
  await tx.loyaltyPointsTotal.upsert({
    where: { shop },
    create: { shop, balance, pending },
    update: { balance: { increment: balance }, pending: { increment: pending } },
  });
}

/** The shop's points outstanding now: what the dashboard and the Loyalty page show. */
export async function pointsOutstanding(db: Db, shop: string): Promise<PointsOutstanding> {
  const total = await db.loyaltyPointsTotal.findUnique({ where: { shop } });
  return { balance: Number(total?.balance ?? 0), pending: Number(total?.pending ?? 0) };
}
