// What the storefront blocks read in Liquid, kept in step with the ledger: each member's
// points and tier on their customer record, the programme (rates, rewards, tiers) on the shop.
import type { LoyaltyMember } from "@prisma/client";
import type { Db } from "../db.server";
import { fetchShop, setMetafields, type AdminClient } from "../shopify/admin.server";
import { loadLoyaltySettings } from "./loyalty-settings.server";
import { nextTier, tierFor } from "./points";
import { qualifyingValue } from "./tiers.server";

export const LOYALTY_NAMESPACE = "$app:loyalty";
/** How many of a member's latest rewards their status carries ("My rewards" on the storefront). */
export const MY_REWARDS_SHOWN = 10;

/**
 * The member's latest codes, used or not, and store credit added; failed redemptions (points
 * returned) and unconfirmed ones are left out.
 */
async function myRewards(db: Db, shop: string, memberId: string) {
  const rows = await db.loyaltyRedemption.findMany({
    where: { shop, memberId, status: { in: ["issued", "used"] } },
    orderBy: { createdAt: "desc" },
    take: MY_REWARDS_SHOWN,
  });
  if (rows.length === 0) return [];
  const rewards = await db.loyaltyReward.findMany({ where: { shop, id: { in: [...new Set(rows.map((r) => r.rewardId))] } } });
  const names = new Map(rewards.map((reward) => [reward.id, reward.name]));
  return rows.map((row) => ({
    code: row.code,
    name: names.get(row.rewardId) ?? null,
    points: row.points,
    redeemed_at: row.createdAt.toISOString(),
    used: row.status === "used",
    used_at: row.usedAt?.toISOString() ?? null,
    store_credit: row.creditAmount
      ? { amount: row.creditAmount, currency: row.creditCurrency, expires_at: row.creditExpiresAt?.toISOString() ?? null }
      : null,
  }));
}

export async function memberStatus(db: Db, shop: string, memberId: string, now: Date) {
  return statusOf(db, await db.loyaltyMember.findFirstOrThrow({ where: { id: memberId, shop } }), now);
}

async function statusOf(db: Db, member: LoyaltyMember, now: Date) {
  const { shop } = member;
  const settings = await loadLoyaltySettings(db, shop);
  const tiers = await db.loyaltyTier.findMany({ where: { shop }, orderBy: { threshold: "asc" } });
  const value = tiers.length > 0 ? await qualifyingValue(db, shop, member.id, settings.tierBasis, now) : 0;
  const tier = tierFor(value, tiers);
  const next = nextTier(value, tiers);
  const rewards = await myRewards(db, shop, member.id);
  return {
    balance: member.balance,
    pending: member.pending,
    lifetime_earned: member.lifetimeEarned,
    tier: tier ? { name: tier.name, multiplier: tier.multiplierPercent / 100 } : null,
    next_tier: next ? { name: next.name, remaining: next.threshold - value, basis: settings.tierBasis } : null,
    referral_code: member.referralCode,
    birthday_set: member.birthday !== null,
    rewards,
  };
}

export type MemberStatus = Awaited<ReturnType<typeof statusOf>>;

export async function syncMemberMetafields(db: Db, admin: AdminClient, shop: string, memberId: string, now: Date): Promise<void> {
  const member = await db.loyaltyMember.findFirst({ where: { id: memberId, shop } });
  // Guests have no customer record to hold the metafield; they see their points once they sign up.
  if (!member?.customerId) return;
  const status = await statusOf(db, member, now);
  await setMetafields(admin, [
    { ownerId: member.customerId, namespace: LOYALTY_NAMESPACE, key: "status", type: "json", value: JSON.stringify(status) },
  ]);
}

export async function programJson(db: Db, shop: string) {
  const settings = await loadLoyaltySettings(db, shop);
  const [rewards, tiers, shopRow] = await Promise.all([
    db.loyaltyReward.findMany({ where: { shop, enabled: true }, orderBy: { pointsCost: "asc" } }),
    db.loyaltyTier.findMany({ where: { shop }, orderBy: { threshold: "asc" } }),
    db.shop.findUnique({ where: { domain: shop } }),
  ]);
  return {
    enabled: settings.enabled,
    currency: shopRow?.currencyCode ?? "USD",
    points_per_unit: settings.pointsPerUnit,
    pending_days: settings.pendingDays,
    signup_points: settings.signupPoints,
    review_points: settings.reviewPoints,
    review_photo_bonus: settings.reviewPhotoBonus,
    birthday_points: settings.birthdayPoints,
    referrer_points: settings.referrerPoints,
    referral_discount_percent: settings.referralDiscountPercent,
    tier_basis: settings.tierBasis,
    rewards: rewards.map((r) => ({
      id: r.id,
      name: r.name,
      kind: r.kind,
      value: r.value,
      points_cost: r.pointsCost,
      minimum_order: r.minimumOrder,
      credit_expiry_days: r.creditExpiryDays,
    })),
    tiers: tiers.map((t) => ({ name: t.name, threshold: t.threshold, multiplier: t.multiplierPercent / 100 })),
  };
}

export async function syncProgramMetafield(db: Db, admin: AdminClient, shop: string): Promise<void> {
  const { id } = await fetchShop(admin);
  await setMetafields(admin, [
    { ownerId: id, namespace: LOYALTY_NAMESPACE, key: "program", type: "json", value: JSON.stringify(await programJson(db, shop)) },
  ]);
}
