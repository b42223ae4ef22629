// The merchant's view of the programme's members: the overview figures, the member list
// with its search, one member's ledger and redemptions, and manual point adjustments.
// Every query is scoped to the merchant's shop.
import type { LoyaltyEntry, LoyaltyMember, LoyaltyRedemption, Prisma } from "@prisma/client";
import { randomUUID } from "node:crypto";
import { dbProvider, type Db } from "../db.server";
import { keysetPage, orderedBy, type Page, type PageRequest } from "../lib/keyset.server";
import { fieldErrors, type FieldErrors } from "../lib/forms";
import { shopTimeZone } from "../lib/shop-profile.server";
import { addLocalDays, localDay, localDayBounds } from "../lib/time-zone";
import { AdjustInput } from "./adjust-form";
import { ledgerFigures } from "./ledger-figures";
import { ledgerSums } from "./ledger-figures.server";
import { entryExists, postToLedger } from "./ledger.server";
import { pointsOutstanding } from "./points-total.server";
import { loadLoyaltySettings } from "./loyalty-settings.server";
import { afterChange } from "./order-points.server";

export const MEMBER_PAGE_SIZE_MAX = 100;

// ── The member list ────────────────────────────────────────────────────────────────────────

export interface MemberSearch extends PageRequest {
  /** Part of the email address or first name (case ignored), or the end of the customer id. */
  query?: string;
}

export type MemberRow = Pick<
  LoyaltyMember,
  "id" | "customerId" | "email" | "firstName" | "balance" | "pending" | "lifetimeEarned" | "tierId" | "lastActivityAt" | "createdAt"
> & { tierName: string | null };

const MEMBER_COLUMNS = {
  id: true,
  customerId: true,
  email: true,
  firstName: true,
  balance: true,
  pending: true,
  lifetimeEarned: true,
  tierId: true,
  lastActivityAt: true,
  createdAt: true,
} satisfies Prisma.LoyaltyMemberSelect;

/** Newest activity first, 25 or so at a time. */
export async function searchMembers(db: Db, shop: string, search: MemberSearch): Promise<Page<MemberRow>> {
  const where: Prisma.LoyaltyMemberWhereInput = { shop };
  const query = search.query?.trim();
  if (query) {
    // SQLite's LIKE already ignores case (for ASCII); PostgreSQL needs ILIKE, which the SQLite client's types do not know.
    const insensitive = dbProvider(db) === "postgresql" ? { mode: "insensitive" } : {};
    where.OR = [
      { email: { contains: query, ...insensitive } as Prisma.StringNullableFilter },
      { firstName: { contains: query, ...insensitive } as Prisma.StringNullableFilter },
      // "12345" finds gid://shopify/Customer/12345.
      { customerId: { endsWith: query } },
    ];
  }
  const [page, tiers] = await Promise.all([
    keysetPage(
      orderedBy("lastActivityAt", (query) =>
        db.loyaltyMember.findMany({ ...query, where: { AND: [where, query.where] }, select: MEMBER_COLUMNS }),
      ),
      search,
      MEMBER_PAGE_SIZE_MAX,
    ),
    db.loyaltyTier.findMany({ where: { shop }, select: { id: true, name: true } }),
  ]);
  const tierNames = new Map(tiers.map((tier) => [tier.id, tier.name]));
  return { ...page, rows: page.rows.map((row) => ({ ...row, tierName: row.tierId ? (tierNames.get(row.tierId) ?? null) : null })) };
}

// ── One member ─────────────────────────────────────────────────────────────────────────────

export type LedgerRow = Pick<LoyaltyEntry, "id" | "kind" | "bucket" | "points" | "note" | "orderId" | "availableAt" | "createdAt"> & {
  /** The order's name (#1001) when the app knows the order. */
  orderName: string | null;
};

export type RedemptionRow = Pick<
  LoyaltyRedemption,
  "id" | "code" | "creditAmount" | "creditCurrency" | "points" | "status" | "error" | "createdAt" | "usedAt" | "usedOrderName"
> & {
  rewardName: string | null;
};

export interface MemberDetail {
  member: LoyaltyMember;
  tier: { id: string; name: string; multiplierPercent: number } | null;
  entries: Page<LedgerRow>;
  /** The most recent redemptions (at most REDEMPTIONS_SHOWN), and how many there are in all. */
  redemptions: { rows: RedemptionRow[]; total: number };
}

export const REDEMPTIONS_SHOWN = 50;

const ENTRY_COLUMNS = {
  id: true,
  kind: true,
  bucket: true,
  points: true,
  note: true,
  orderId: true,
  availableAt: true,
  createdAt: true,
} satisfies Prisma.LoyaltyEntrySelect;

/** The member with their tier, a page of their ledger (newest first) and their redemptions; null when not in the shop. */
export async function memberDetail(db: Db, shop: string, id: string, entryPage: PageRequest): Promise<MemberDetail | null> {
  const member = await db.loyaltyMember.findFirst({ where: { id, shop } });
  if (!member) return null;
  const where: Prisma.LoyaltyEntryWhereInput = { shop, memberId: id };
  const [tier, entries, redemptions, redemptionCount] = await Promise.all([
    member.tierId
      ? db.loyaltyTier.findFirst({ where: { id: member.tierId, shop }, select: { id: true, name: true, multiplierPercent: true } })
      : null,
    keysetPage(
      orderedBy("createdAt", (query) =>
        db.loyaltyEntry.findMany({ ...query, where: { AND: [where, query.where] }, select: ENTRY_COLUMNS }),
      ),
      entryPage,
      MEMBER_PAGE_SIZE_MAX,
    ),
    db.loyaltyRedemption.findMany({
      where: { shop, memberId: id },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: REDEMPTIONS_SHOWN,
      select: {
        id: true,
        code: true,
        creditAmount: true,
        creditCurrency: true,
        points: true,
        status: true,
        error: true,
        createdAt: true,
        usedAt: true,
        usedOrderName: true,
        rewardId: true,
      },
    }),
    db.loyaltyRedemption.count({ where: { shop, memberId: id } }),
  ]);
  const orderIds = [...new Set(entries.rows.flatMap((entry) => (entry.orderId ? [entry.orderId] : [])))];
  const rewardIds = [...new Set(redemptions.map((r) => r.rewardId))];
  const [orders, rewards] = await Promise.all([
    orderIds.length > 0 ? db.order.findMany({ where: { shop, id: { in: orderIds } }, select: { id: true, name: true } }) : [],
    rewardIds.length > 0 ? db.loyaltyReward.findMany({ where: { shop, id: { in: rewardIds } }, select: { id: true, name: true } }) : [],
  ]);
  const orderNames = new Map(orders.map((order) => [order.id, order.name]));
  const rewardNames = new Map(rewards.map((reward) => [reward.id, reward.name]));
  return {
    member,
    tier,
    entries: {
      ...entries,
      rows: entries.rows.map((entry) => ({ ...entry, orderName: entry.orderId ? (orderNames.get(entry.orderId) ?? null) : null })),
    },
    redemptions: {
      rows: redemptions.map(({ rewardId, ...redemption }) => ({ ...redemption, rewardName: rewardNames.get(rewardId) ?? null })),
      total: redemptionCount,
    },
  };
}

// ── Manual adjustments ─────────────────────────────────────────────────────────────────────

export type AdjustResult =
  | { ok: true; balance: number; entry: LoyaltyEntry | null }
  | { ok: false; notFound: boolean; message: string; errors: FieldErrors<AdjustInput> };

/**
 * Adds or deducts points by hand, as an "adjust" entry in the spendable balance. A deduction
 * below zero is refused unless the shop allows negative balances. Tier and storefront follow.
 */
export async function adjustPoints(db: Db, shop: string, memberId: string, input: unknown, now: Date): Promise<AdjustResult> {
  const parsed = AdjustInput.safeParse(input);
  if (!parsed.success) return { ok: false, notFound: false, message: "Check the highlighted fields.", errors: fieldErrors(parsed.error) };
  const { points, reason, key } = parsed.data;
  const member = await db.loyaltyMember.findFirst({ where: { id: memberId, shop }, select: { id: true } });
  if (!member) return { ok: false, notFound: true, message: "This member no longer exists.", errors: {} };
  const outcome = await postAdjustment(db, shop, memberId, { points, reason, idempotencyKey: `adjust:${key ?? randomUUID()}` }, now);
  if (!outcome.ok) {
    const spendable = Math.max(0, outcome.balance);
    return {
      ok: false,
      notFound: false,
      message: "The balance cannot go below zero.",
      errors: {
        points: `This would take the balance below zero: the member has ${spendable.toLocaleString("en")} points to spend, so deduct at most ${spendable.toLocaleString("en")}. Negative balances can be allowed in the loyalty settings.`,
      },
    };
  }
  return outcome;
}

export interface Adjustment {
  /** Positive to add, negative to deduct. */
  points: number;
  /** Shown in the points history. */
  reason: string;
  /** Names the adjustment: posted twice under one key, it adjusts once. */
  idempotencyKey: string;
  /** Refuse a deduction below zero even where the shop allows negative balances (Flow actions, which nobody watches). */
  neverBelowZero?: boolean;
}

export type AdjustmentOutcome =
  /** `entry` is null when the key had adjusted the balance already. */
  { ok: true; balance: number; entry: LoyaltyEntry | null } | { ok: false; reason: "below_zero"; balance: number };

/**
 * Posts an adjustment under the member's lock: the balance it is checked against is the one it
 * changes, so concurrent deductions can never take it below zero together. Tier and storefront follow.
 */
export async function postAdjustment(
  db: Db,
  shop: string,
  memberId: string,
  adjustment: Adjustment,
  now: Date,
): Promise<AdjustmentOutcome> {
  const settings = await loadLoyaltySettings(db, shop);
  const belowZeroAllowed = settings.allowNegativeBalance && !adjustment.neverBelowZero;
  const { points, reason, idempotencyKey } = adjustment;

  // What the member held when the entry was decided, under their lock.
  const seen = { balance: 0, refused: false };
  const posted = await postToLedger(db, shop, memberId, now, async (tx, locked) => {
    seen.balance = locked.balance;
    // Sent again: it adjusted the balance the first time, whatever the balance is now.
    if (await entryExists(tx, shop, idempotencyKey)) return [];
    if (points < 0 && locked.balance + points < 0 && !belowZeroAllowed) {
      seen.refused = true;
      return [];
    }
    return [{ kind: "adjust", bucket: "balance", points, idempotencyKey, note: reason }];
  });
  if (seen.refused) return { ok: false, reason: "below_zero", balance: seen.balance };
  if (posted.length === 0) {
    const current = await db.loyaltyMember.findUniqueOrThrow({ where: { id: memberId }, select: { balance: true } });
    return { ok: true, balance: current.balance, entry: null };
  }
  await afterChange(db, shop, memberId, now);
  return { ok: true, balance: seen.balance + points, entry: posted[0]! };
}

// ── Overview ───────────────────────────────────────────────────────────────────────────────

export interface LoyaltyOverview {
  enabled: boolean;
  /** Switched on at some point: members exist, or it is on now. */
  started: boolean;
  members: number;
  /** Spendable points customers hold. */
  pointsOutstanding: number;
  /** Points waiting for the returns window. */
  pointsPending: number;
  /** Points issued (ledger-figures.ts) over the last 30 days of the shop's calendar, today included: the dashboard's "Last 30 days". */
  pointsIssued30d: number;
  /** Points spent on rewards over the same days, net of points returned for codes that could not be created. */
  pointsRedeemed30d: number;
  /** Rewards redeemed over the same days (failed ones aside). */
  redemptions30d: number;
  rewards: number;
  tiers: number;
}

export const OVERVIEW_DAYS = 30;

export async function loyaltyOverview(db: Db, shop: string, now: Date): Promise<LoyaltyOverview> {
  const timeZone = await shopTimeZone(db, shop);
  const today = localDay(now, timeZone);
  const start = localDayBounds(addLocalDays(today, -(OVERVIEW_DAYS - 1)), timeZone).start;
  const end = localDayBounds(today, timeZone).end;
  const [settings, members, outstanding, sums, redemptions, rewards, tiers] = await Promise.all([
    loadLoyaltySettings(db, shop),
    db.loyaltyMember.count({ where: { shop } }),
    pointsOutstanding(db, shop),
    ledgerSums(db, shop, start, end),
    db.loyaltyRedemption.count({ where: { shop, createdAt: { gte: start, lt: end }, status: { not: "failed" } } }),
    db.loyaltyReward.count({ where: { shop, enabled: true } }),
    db.loyaltyTier.count({ where: { shop } }),
  ]);
  const points = ledgerFigures(sums);
  return {
    enabled: settings.enabled,
    started: settings.enabled || members > 0,
    members,
    pointsOutstanding: outstanding.balance,
    pointsPending: outstanding.pending,
    pointsIssued30d: points.issued,
    pointsRedeemed30d: Math.max(0, points.redeemed),
    redemptions30d: redemptions,
    rewards,
    tiers,
  };
}
