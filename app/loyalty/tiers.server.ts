// VIP tiers: a member's tier follows what they earned (or spent) over the last 12 months,
// recalculated whenever their points change.
import type { Db } from "../db.server";
import { triggerTierChanged } from "../flow/triggers.server";
import { toMinorUnits, wholeUnits } from "../lib/money";
import { shopCurrency } from "../lib/shop-profile.server";
import { loadLoyaltySettings } from "./loyalty-settings.server";
import { tierFor } from "./points";

const YEAR = 365 * 86_400_000;

/** Points earned in the window (order points net of reversals, plus action points), or whole units spent net of refunds. */
export async function qualifyingValue(db: Db, shop: string, memberId: string, basis: string, now: Date): Promise<number> {
  const since = new Date(now.getTime() - YEAR);
  if (basis === "spend") {
    const member = await db.loyaltyMember.findUniqueOrThrow({ where: { id: memberId } });
    const who = [...(member.customerId ? [{ customerId: member.customerId }] : []), ...(member.email ? [{ email: member.email }] : [])];
    if (who.length === 0) return 0;
    const orders = await db.order.findMany({
      where: { shop, paidAt: { not: null }, cancelledAt: null, processedAt: { gte: since }, OR: who },
      select: { id: true, totalPrice: true },
    });
    const refunds = await db.refund.findMany({ where: { shop, orderId: { in: orders.map((o) => o.id) } }, select: { amount: true } });
    // Tier thresholds are whole units of the shop's currency, which order totals and refunds are kept in.
    const currency = await shopCurrency(db, shop);
    const spent =
      orders.reduce((sum, o) => sum + toMinorUnits(o.totalPrice, currency), 0) -
      refunds.reduce((sum, r) => sum + toMinorUnits(r.amount, currency), 0);
    return wholeUnits(Math.max(0, spent), currency);
  }
  const { _sum } = await db.loyaltyEntry.aggregate({
    where: {
      shop,
      memberId,
      createdAt: { gte: since },
      OR: [{ kind: { in: ["earn", "pending"] }, points: { gt: 0 } }, { kind: "reverse" }],
    },
    _sum: { points: true },
  });
  return Math.max(0, _sum.points ?? 0);
}

const tierBasis = async (db: Db, shop: string) => (await loadLoyaltySettings(db, shop)).tierBasis;

/**
 * Moves the member to the tier their qualifying value reaches. A change is written compare-and-set
 * in one transaction with Shopify Flow's "Loyalty tier changed" trigger, so a refresh that finds
 * the tier already set (a retried job, a concurrent refresh) announces nothing twice.
 */
export async function refreshTier(db: Db, shop: string, memberId: string, now: Date): Promise<string | null> {
  const tiers = await db.loyaltyTier.findMany({ where: { shop } });
  // A shop without tiers (most) needs neither its settings nor the member's qualifying value.
  const tier = tiers.length === 0 ? null : tierFor(await qualifyingValue(db, shop, memberId, await tierBasis(db, shop), now), tiers);
  const next = tier?.id ?? null;
  const tierName = (id: string | null) => tiers.find((candidate) => candidate.id === id)?.name ?? "";
  // Another refresh may change the tier between the read and the write: read again and retry.
  for (let attempt = 0; attempt < 3; attempt++) {
    const member = await db.loyaltyMember.findFirst({
      where: { id: memberId, shop },
      select: { id: true, shop: true, customerId: true, tierId: true },
    });
    if (!member || member.tierId === next) return next;
    const changed = await db.$transaction(async (tx) => {
      const { count } = await tx.loyaltyMember.updateMany({ where: { id: memberId, shop, tierId: member.tierId }, data: { tierId: next } });
      if (count === 1) await triggerTierChanged(tx, member, { previous: tierName(member.tierId), next: tierName(next) }, now);
      return count === 1;
    });
    if (changed) return next;
  }
  return next;
}
