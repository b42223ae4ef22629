// What the merchant configures for the loyalty programme: its settings, the rewards points
// buy and the VIP tiers. Every function is scoped to the merchant's shop, and every change
// enqueues the programme sync (in the same transaction), so the storefront's shop metafield
// follows.
//
// Tier membership: a member's tier is normally recalculated when their points change
// (afterChange → refreshTier). When the tiers themselves change — a threshold added, moved or
// removed, or the tier basis switched between points and spend — members are re-evaluated
// straight away by refreshAllTiers, in batches of 500, as long as the shop has fewer than
// 5,000 members (a few queries per batch, so well within an admin request). Larger shops are
// not re-evaluated in the request: their members move to their new tier at their next points
// change, and the admin says so. Renaming a tier or changing its multiplier moves nobody.
import type { LoyaltyReward, LoyaltyTier } from "@prisma/client";
import { z } from "zod";
import { isUniqueViolation, type Db } from "../db.server";
import { invalid, refused, type FieldErrors, type Refused } from "../lib/forms";
import { enqueue } from "../jobs/queue.server";
import { scheduleLoyaltyDaily } from "./expiry.server";
import { countOf } from "../lib/format";
import { formatMoney, minorToDecimal, minorUnitDigits, parseTypedAmount, toMinorUnits, wholeUnits } from "../lib/money";
import { shopCurrency } from "../lib/shop-profile.server";
import { SYNC_PROGRAM_JOB } from "./jobs.server";
import type { Tx } from "./ledger.server";
import { loadLoyaltySettings, saveLoyaltySettings, type LoyaltySettingsValues } from "./loyalty-settings.server";
import { LoyaltySettingsInput } from "./loyalty-settings-form";
import { rewardSchema, type RewardFields, type RewardInput } from "./reward-form";
import { TierInput } from "./tier-form";
import { SYNC_MEMBER_JOB } from "./order-points.server";
import { tierFor } from "./points";

// ── Rewards ────────────────────────────────────────────────────────────────────────────────

/**
 * The row as stored: amounts with the currency's decimals ("5.00", "500" yen), percentages as
 * "12.5", free shipping as "0", no minimum as null. Store credit has no minimum order (it is
 * money on the customer's account, not a code), and only store credit has an expiry.
 */
function rewardData(input: RewardFields, currency: string) {
  const digits = minorUnitDigits(currency);
  const storeCredit = input.kind === "store_credit";
  let value = "0";
  if (input.kind === "amount_off" || storeCredit) value = minorToDecimal(parseTypedAmount(input.value, digits)!, digits);
  if (input.kind === "percent_off") value = String(parseTypedAmount(input.value, 2)! / 100);
  const minimum = input.minimumOrder.trim() && !storeCredit ? parseTypedAmount(input.minimumOrder, digits)! : 0;
  return {
    name: input.name,
    kind: input.kind,
    value,
    pointsCost: input.pointsCost,
    minimumOrder: minimum > 0 ? minorToDecimal(minimum, digits) : null,
    creditExpiryDays: storeCredit ? input.creditExpiryDays : null,
    enabled: input.enabled,
  };
}

/** "€5.00 off", "10% off", "Free shipping", "€5.00 store credit, expires 90 days after redeeming". */
export function rewardValueText(
  reward: Pick<LoyaltyReward, "kind" | "value" | "creditExpiryDays">,
  currencyCode: string,
  locale = "en",
): string {
  if (reward.kind === "free_shipping") return "Free shipping";
  if (reward.kind === "percent_off") return `${Number(reward.value).toLocaleString(locale)}% off`;
  const money = formatMoney(reward.value, currencyCode, { locale });
  if (reward.kind === "amount_off") return `${money} off`;
  const days = reward.creditExpiryDays;
  return days ? `${money} store credit, expires ${countOf(days, "day", "days")} after redeeming` : `${money} store credit`;
}

export type RewardResult = { ok: true; reward: LoyaltyReward } | Refused<RewardInput>;

const syncProgram = (tx: Tx, shop: string) => enqueue(tx, { shop, type: SYNC_PROGRAM_JOB, payload: {} });

export async function createReward(db: Db, shop: string, input: unknown): Promise<RewardResult> {
  const currency = await shopCurrency(db, shop);
  const parsed = rewardSchema(currency).safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const reward = await db.$transaction(async (tx) => {
    const row = await tx.loyaltyReward.create({ data: { shop, ...rewardData(parsed.data, currency) } });
    await syncProgram(tx, shop);
    return row;
  });
  return { ok: true, reward };
}

export async function updateReward(db: Db, shop: string, id: string, input: unknown): Promise<RewardResult> {
  const currency = await shopCurrency(db, shop);
  const parsed = rewardSchema(currency).safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const reward = await db.$transaction(async (tx) => {
    const { count } = await tx.loyaltyReward.updateMany({ where: { id, shop }, data: rewardData(parsed.data, currency) });
    if (count === 0) return null;
    await syncProgram(tx, shop);
    return tx.loyaltyReward.findUniqueOrThrow({ where: { id } });
  });
  return reward ? { ok: true, reward } : refused("This reward no longer exists.", {}, true);
}

/** Switches a reward on or off for the storefront; false when it is not in the shop. */
export async function setRewardEnabled(db: Db, shop: string, id: string, enabled: boolean): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.loyaltyReward.updateMany({ where: { id, shop }, data: { enabled } });
    if (count > 0) await syncProgram(tx, shop);
    return count > 0;
  });
}

/**
 * Deletes a reward nobody redeemed. One that was redeemed is only disabled: its redemptions
 * (and the codes customers hold) keep pointing at it.
 */
export async function deleteReward(db: Db, shop: string, id: string): Promise<"deleted" | "disabled" | "not_found"> {
  return db.$transaction(async (tx) => {
    const reward = await tx.loyaltyReward.findFirst({ where: { id, shop }, select: { id: true } });
    if (!reward) return "not_found";
    const redeemed = await tx.loyaltyRedemption.findFirst({ where: { shop, rewardId: id }, select: { id: true } });
    if (redeemed) await tx.loyaltyReward.update({ where: { id }, data: { enabled: false } });
    else await tx.loyaltyReward.delete({ where: { id } });
    await syncProgram(tx, shop);
    return redeemed ? "disabled" : "deleted";
  });
}

export type RewardRow = LoyaltyReward & { redemptions: number };

/** Enabled rewards first, cheapest first; with how many times each was redeemed (failed redemptions aside). */
export async function listRewards(db: Db, shop: string): Promise<RewardRow[]> {
  const [rewards, counts] = await Promise.all([
    db.loyaltyReward.findMany({ where: { shop }, orderBy: [{ enabled: "desc" }, { pointsCost: "asc" }, { createdAt: "asc" }] }),
    db.loyaltyRedemption.groupBy({ by: ["rewardId"], where: { shop, status: { not: "failed" } }, _count: { _all: true } }),
  ]);
  const redeemed = new Map(counts.map((c) => [c.rewardId, c._count._all]));
  return rewards.map((reward) => ({ ...reward, redemptions: redeemed.get(reward.id) ?? 0 }));
}

// ── Tiers ──────────────────────────────────────────────────────────────────────────────────

/** What happened to members' tiers after a change of the tiers: null when nobody could move. */
export type TierRefresh = { refreshed: true; members: number; moved: number } | { refreshed: false; members: number };

export type TierResult = { ok: true; tier: LoyaltyTier; refresh: TierRefresh | null } | Refused<TierInput>;

/** Another tier of the shop with the same threshold or name (ignoring case) gets a clear message. */
async function tierConflict(
  db: Db,
  shop: string,
  input: z.infer<typeof TierInput>,
  exceptId: string | null,
): Promise<Refused<TierInput> | null> {
  const others = (await db.loyaltyTier.findMany({ where: { shop } })).filter((tier) => tier.id !== exceptId);
  const errors: FieldErrors<TierInput> = {};
  const sameThreshold = others.find((tier) => tier.threshold === input.threshold);
  if (sameThreshold)
    errors.threshold = `${sameThreshold.name} already starts at ${input.threshold.toLocaleString("en")}. Each tier needs its own threshold.`;
  const sameName = others.find((tier) => tier.name.toLowerCase() === input.name.toLowerCase());
  if (sameName) errors.name = `There is already a tier called ${sameName.name}.`;
  return Object.keys(errors).length > 0 ? refused("Check the highlighted fields.", errors) : null;
}

const thresholdTaken = (): Refused<TierInput> =>
  refused("Check the highlighted fields.", {
    threshold: "Another tier already starts at this threshold. Each tier needs its own threshold.",
  });

export async function createTier(db: Db, shop: string, input: unknown, now: Date): Promise<TierResult> {
  const parsed = TierInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const conflict = await tierConflict(db, shop, parsed.data, null);
  if (conflict) return conflict;
  let tier: LoyaltyTier;
  try {
    tier = await db.$transaction(async (tx) => {
      const row = await tx.loyaltyTier.create({ data: { shop, ...parsed.data } });
      await syncProgram(tx, shop);
      return row;
    });
  } catch (error) {
    // Added by someone else at the same moment.
    if (isUniqueViolation(error)) return thresholdTaken();
    throw error;
  }
  return { ok: true, tier, refresh: await refreshAllTiers(db, shop, now) };
}

export async function updateTier(db: Db, shop: string, id: string, input: unknown, now: Date): Promise<TierResult> {
  const parsed = TierInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const before = await db.loyaltyTier.findFirst({ where: { id, shop } });
  if (!before) return refused("This tier no longer exists.", {}, true);
  const conflict = await tierConflict(db, shop, parsed.data, id);
  if (conflict) return conflict;
  let tier: LoyaltyTier | null;
  try {
    tier = await db.$transaction(async (tx) => {
      const { count } = await tx.loyaltyTier.updateMany({ where: { id, shop }, data: parsed.data });
      if (count === 0) return null;
      await syncProgram(tx, shop);
      return tx.loyaltyTier.findUniqueOrThrow({ where: { id } });
    });
  } catch (error) {
    if (isUniqueViolation(error)) return thresholdTaken();
    throw error;
  }
  if (!tier) return refused("This tier no longer exists.", {}, true);
  // Only a new threshold can move members; a new name or multiplier shows at their next change.
  const refresh = tier.threshold !== before.threshold ? await refreshAllTiers(db, shop, now) : null;
  return { ok: true, tier, refresh };
}

export type DeleteTierResult = { ok: true; refresh: TierRefresh } | { ok: false };

export async function deleteTier(db: Db, shop: string, id: string, now: Date): Promise<DeleteTierResult> {
  const deleted = await db.$transaction(async (tx) => {
    const { count } = await tx.loyaltyTier.deleteMany({ where: { id, shop } });
    if (count > 0) await syncProgram(tx, shop);
    return count > 0;
  });
  if (!deleted) return { ok: false };
  const refresh = await refreshAllTiers(db, shop, now);
  // Too many members to re-evaluate now: at least nobody stays in a tier that is gone.
  if (!refresh.refreshed) await db.loyaltyMember.updateMany({ where: { shop, tierId: id }, data: { tierId: null } });
  return { ok: true, refresh };
}

export type TierRow = LoyaltyTier & { members: number };

/** Lowest threshold first, with how many members are in each tier. */
export async function listTiers(db: Db, shop: string): Promise<TierRow[]> {
  const [tiers, counts] = await Promise.all([
    db.loyaltyTier.findMany({ where: { shop }, orderBy: { threshold: "asc" } }),
    db.loyaltyMember.groupBy({ by: ["tierId"], where: { shop, tierId: { not: null } }, _count: { _all: true } }),
  ]);
  const members = new Map(counts.map((c) => [c.tierId, c._count._all]));
  return tiers.map((tier) => ({ ...tier, members: members.get(tier.id) ?? 0 }));
}

// ── Re-evaluating every member's tier ──────────────────────────────────────────────────────

/** Shops with at least this many members are not re-evaluated inside an admin request. */
export const TIER_REFRESH_MEMBER_LIMIT = 5_000;
export const TIER_REFRESH_BATCH = 500;
const YEAR = 365 * 86_400_000;

/**
 * Puts every member of the shop in the tier their last 12 months qualify them for, the same
 * rule as refreshTier (tiers.server.ts) but a batch at a time: one query for a batch's
 * qualifying values instead of several per member. Members who move get their storefront
 * metafield synced. Does nothing (refreshed: false) for shops of `limit` members or more.
 */
export async function refreshAllTiers(
  db: Db,
  shop: string,
  now: Date,
  { limit = TIER_REFRESH_MEMBER_LIMIT, batchSize = TIER_REFRESH_BATCH }: { limit?: number; batchSize?: number } = {},
): Promise<TierRefresh> {
  const members = await db.loyaltyMember.count({ where: { shop } });
  if (members >= limit) return { refreshed: false, members };
  const [tiers, settings] = await Promise.all([db.loyaltyTier.findMany({ where: { shop } }), loadLoyaltySettings(db, shop)]);
  let moved = 0;
  let cursor: string | undefined;
  for (;;) {
    const batch = await db.loyaltyMember.findMany({
      where: { shop, ...(cursor ? { id: { gt: cursor } } : {}) },
      orderBy: { id: "asc" },
      take: batchSize,
      select: { id: true, customerId: true, email: true, tierId: true },
    });
    if (batch.length === 0) break;
    cursor = batch.at(-1)!.id;
    const values = tiers.length === 0 ? new Map<string, number>() : await qualifyingValues(db, shop, batch, settings.tierBasis, now);
    // Members moving between the same two tiers are moved together, and only if nobody moved them meanwhile.
    const moves = new Map<string, { from: string | null; to: string | null; ids: string[] }>();
    for (const member of batch) {
      const to = tierFor(values.get(member.id) ?? 0, tiers)?.id ?? null;
      if (to === member.tierId) continue;
      const key = `${member.tierId}>${to}`;
      const move = moves.get(key) ?? { from: member.tierId, to, ids: [] };
      move.ids.push(member.id);
      moves.set(key, move);
    }
    for (const move of moves.values()) {
      await db.$transaction(async (tx) => {
        const { count } = await tx.loyaltyMember.updateMany({
          where: { shop, id: { in: move.ids }, tierId: move.from },
          data: { tierId: move.to },
        });
        moved += count;
        for (const memberId of move.ids) await enqueue(tx, { shop, type: SYNC_MEMBER_JOB, payload: { memberId } });
      });
    }
    if (batch.length < batchSize) break;
  }
  return { refreshed: true, members, moved };
}

type MemberKey = { id: string; customerId: string | null; email: string | null };

/** qualifyingValue (tiers.server.ts) for a batch of members. */
async function qualifyingValues(db: Db, shop: string, members: MemberKey[], basis: string, now: Date): Promise<Map<string, number>> {
  const since = new Date(now.getTime() - YEAR);
  const values = new Map<string, number>();
  if (basis === "spend") {
    const customerIds = members.flatMap((m) => (m.customerId ? [m.customerId] : []));
    const emails = members.flatMap((m) => (m.email ? [m.email] : []));
    if (customerIds.length + emails.length === 0) return values;
    const orders = await db.order.findMany({
      where: {
        shop,
        paidAt: { not: null },
        cancelledAt: null,
        processedAt: { gte: since },
        OR: [{ customerId: { in: customerIds } }, { email: { in: emails } }],
      },
      select: { id: true, customerId: true, email: true, totalPrice: true },
    });
    const refunds = await db.refund.findMany({
      where: { shop, orderId: { in: orders.map((o) => o.id) } },
      select: { orderId: true, amount: true },
    });
    const currency = await shopCurrency(db, shop);
    const refunded = new Map<string, number>();
    for (const refund of refunds) refunded.set(refund.orderId, (refunded.get(refund.orderId) ?? 0) + toMinorUnits(refund.amount, currency));
    for (const member of members) {
      const mine = orders.filter(
        (o) => (member.customerId && o.customerId === member.customerId) || (member.email && o.email === member.email),
      );
      const spent = mine.reduce((sum, o) => sum + toMinorUnits(o.totalPrice, currency) - (refunded.get(o.id) ?? 0), 0);
      values.set(member.id, wholeUnits(Math.max(0, spent), currency));
    }
    return values;
  }
  const sums = await db.loyaltyEntry.groupBy({
    by: ["memberId"],
    where: {
      shop,
      memberId: { in: members.map((m) => m.id) },
      createdAt: { gte: since },
      OR: [{ kind: { in: ["earn", "pending"] }, points: { gt: 0 } }, { kind: "reverse" }],
    },
    _sum: { points: true },
  });
  for (const sum of sums) values.set(sum.memberId, Math.max(0, sum._sum.points ?? 0));
  return values;
}

// ── Programme settings ─────────────────────────────────────────────────────────────────────

export type SettingsResult = { ok: true; settings: LoyaltySettingsValues; refresh: TierRefresh | null } | Refused<LoyaltySettingsInput>;

/** Saves the settings form; switching the tier basis re-evaluates every member's tier. */
export async function saveProgrammeSettings(db: Db, shop: string, input: unknown, now: Date): Promise<SettingsResult> {
  const parsed = LoyaltySettingsInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const before = await loadLoyaltySettings(db, shop);
  const settings = await db.$transaction(async (tx) => {
    const saved = await saveLoyaltySettings(tx, shop, parsed.data);
    await syncProgram(tx, shop);
    return saved;
  });
  // Expiry, birthdays and warnings run daily while the programme is on.
  if (settings.enabled) await scheduleLoyaltyDaily(db, shop, now);
  const basisChanged = settings.tierBasis !== before.tierBasis && (await db.loyaltyTier.count({ where: { shop } })) > 0;
  return { ok: true, settings, refresh: basisChanged ? await refreshAllTiers(db, shop, now) : null };
}
