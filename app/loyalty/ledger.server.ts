// The points ledger. Every change is an append-only LoyaltyEntry with an idempotency key,
// posted in one transaction with the member's running totals (balance, pending, lifetime) and
// the shop's (points-total.server.ts), so totals always equal the sum of the ledger. Posting
// takes the member's row lock first: concurrent events for one customer are serialised, events
// for different customers only for the shop's totals at the end (see points-total.server.ts).
import type { LedgerBucket, LedgerEntryKind, LoyaltyEntry, LoyaltyMember, Prisma } from "@prisma/client";
import { randomBytes } from "node:crypto";
import type { Db } from "../db.server";
import { isUniqueViolation } from "../db.server";
import { triggerPointsEarned } from "../flow/triggers.server";
import { movePointsTotal } from "./points-total.server";

export type Tx = Prisma.TransactionClient;

export interface EntryInput {
  kind: LedgerEntryKind;
  bucket: LedgerBucket;
  points: number;
  idempotencyKey: string;
  orderId?: string | null;
  note?: string;
  availableAt?: Date | null;
  /** False for points the customer did nothing for (birthdays): they must not reset the expiry clock. */
  activity?: boolean;
}

/** Kinds that count as the customer being active (expiry counts inactivity from the last one). */
const ACTIVITY: LedgerEntryKind[] = ["earn", "pending", "redeem"];

/**
 * Posts what `decide` returns for the member, atomically. `decide` runs under the member's
 * lock with the member as it is now, so it can compute from current totals and entries.
 * Returns the entries posted (none when `decide` found nothing to do).
 */
export async function postToLedger(
  db: Db,
  shop: string,
  memberId: string,
  now: Date,
  decide: (tx: Tx, member: LoyaltyMember) => Promise<EntryInput[]>,
): Promise<LoyaltyEntry[]> {
  try {
    return await db.$transaction(async (tx) => {
      // The first write takes the row lock (PostgreSQL) or the write lock (SQLite), and returns the member as it is now.
      const [member] = await tx.loyaltyMember.updateManyAndReturn({ where: { id: memberId, shop }, data: { updatedAt: now } });
      if (!member) throw new Error(`no loyalty member ${memberId} in ${shop}`);
      const entries = (await decide(tx, member)).filter((entry) => entry.points !== 0);
      return writeEntries(tx, member, entries, now);
    });
  } catch (error) {
    // The same event posted at the same moment by another worker: it is in the ledger once.
    if (isUniqueViolation(error)) return [];
    throw error;
  }
}

/** Inserts entries and moves the member's totals by the same amounts. Caller holds the lock. */
export async function writeEntries(tx: Tx, member: LoyaltyMember, entries: EntryInput[], now: Date): Promise<LoyaltyEntry[]> {
  if (entries.length === 0) return [];
  const posted: LoyaltyEntry[] = [];
  for (const entry of entries) {
    posted.push(
      await tx.loyaltyEntry.create({
        data: {
          shop: member.shop,
          memberId: member.id,
          kind: entry.kind,
          bucket: entry.bucket,
          points: entry.points,
          idempotencyKey: entry.idempotencyKey,
          orderId: entry.orderId ?? null,
          note: entry.note ?? "",
          availableAt: entry.availableAt ?? null,
          createdAt: now,
        },
      }),
    );
  }
  const sum = (predicate: (entry: EntryInput) => boolean) => entries.filter(predicate).reduce((total, entry) => total + entry.points, 0);
  const change = { balance: sum((e) => e.bucket === "balance"), pending: sum((e) => e.bucket === "pending") };
  await tx.loyaltyMember.update({
    where: { id: member.id },
    data: {
      balance: { increment: change.balance },
      pending: { increment: change.pending },
      lifetimeEarned: {
        increment: sum((e) => (e.kind === "earn" || e.kind === "pending") && e.points > 0) + sum((e) => e.kind === "reverse"),
      },
      ...(entries.some((e) => ACTIVITY.includes(e.kind) && e.activity !== false) ? { lastActivityAt: now, expiryWarnedAt: null } : {}),
    },
  });
  await movePointsTotal(tx, member.shop, change);
  await triggerPointsEarned(tx, member, posted);
  return posted;
}

export async function entryExists(tx: Tx, shop: string, idempotencyKey: string): Promise<boolean> {
  return (await tx.loyaltyEntry.findUnique({ where: { shop_idempotencyKey: { shop, idempotencyKey } }, select: { id: true } })) !== null;
}

const CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"; // no 0/O or 1/I: codes are read aloud and typed

export function randomCode(length: number): string {
  const bytes = randomBytes(length);
  return Array.from(bytes, (byte) => CODE_ALPHABET[byte % CODE_ALPHABET.length]).join("");
}

export interface MemberIdentity {
  customerId: string | null;
  email: string | null;
  firstName?: string | null;
}

/**
 * The member for a customer, created on first sight. A member known only by email (a guest
 * who ordered) is linked to the customer account once one with that email appears.
 */
export async function findOrCreateMember(db: Db, shop: string, who: MemberIdentity): Promise<LoyaltyMember | null> {
  const email = who.email?.trim().toLowerCase() || null;
  if (!who.customerId && !email) return null;
  for (let attempt = 0; attempt < 3; attempt++) {
    const byCustomer = who.customerId
      ? await db.loyaltyMember.findUnique({ where: { shop_customerId: { shop, customerId: who.customerId } } })
      : null;
    if (byCustomer) return byCustomer;
    const byEmail = email ? await db.loyaltyMember.findUnique({ where: { shop_email: { shop, email } } }) : null;
    try {
      if (byEmail && byEmail.customerId && who.customerId && byEmail.customerId !== who.customerId) {
        // The address belongs to another customer's member (emails change): a member of their own, without it.
        return await db.loyaltyMember.create({
          data: { shop, customerId: who.customerId, email: null, firstName: who.firstName ?? null, referralCode: randomCode(8) },
        });
      }
      if (byEmail) {
        if (!who.customerId || byEmail.customerId) return byEmail;
        return await db.loyaltyMember.update({
          where: { id: byEmail.id },
          data: { customerId: who.customerId, firstName: byEmail.firstName ?? who.firstName ?? null },
        });
      }
      return await db.loyaltyMember.create({
        data: { shop, customerId: who.customerId, email, firstName: who.firstName ?? null, referralCode: randomCode(8) },
      });
    } catch (error) {
      // Created or linked by another worker at the same moment: read it again.
      if (!isUniqueViolation(error)) throw error;
    }
  }
  throw new Error(`could not create the loyalty member for ${who.customerId ?? email} in ${shop}`);
}
