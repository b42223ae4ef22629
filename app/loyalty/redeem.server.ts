// Redeeming points for a reward: the points are debited (only if the balance covers them,
// in one conditional update, so concurrent redemptions can never overspend), then Shopify
// creates a single-use code for this customer. If Shopify refuses, the points come back.
// A crash between the two is healed by a check job that looks the code up in Shopify.
import type { LoyaltyRedemption, LoyaltyReward } from "@prisma/client";
import type { Db } from "../db.server";
import { enqueue } from "../jobs/queue.server";
import { AdminApiError, createDiscountCode, discountIdByCode, type AdminClient, type DiscountCodeValue } from "../shopify/admin.server";
import { triggerRewardRedeemed } from "../flow/triggers.server";
import { randomCode, writeEntries } from "./ledger.server";
import { afterChange } from "./order-points.server";

export const REDEMPTION_CHECK_JOB = "loyalty.redemption_check";
const CHECK_AFTER_MS = 10 * 60_000;

export type RedeemResult =
  | { ok: true; code: string; redemptionId: string; reward: Pick<LoyaltyReward, "name" | "kind" | "value"> }
  | { ok: false; reason: "not_a_member" | "no_such_reward" | "not_enough_points" | "programme_off" }
  | { ok: false; reason: "shopify_refused" | "shopify_unreachable"; message: string };

export function discountValueOf(reward: Pick<LoyaltyReward, "kind" | "value">): DiscountCodeValue {
  if (reward.kind === "free_shipping") return { kind: "free_shipping" };
  if (reward.kind === "percent_off") return { kind: "percent_off", percent: Number(reward.value) };
  return { kind: "amount_off", amount: reward.value };
}

export async function redeemReward(
  db: Db,
  admin: () => Promise<AdminClient>,
  shop: string,
  customerId: string,
  rewardId: string,
  now: Date,
): Promise<RedeemResult> {
  const settings = await db.loyaltySettings.findUnique({ where: { shop }, select: { enabled: true } });
  if (!settings?.enabled) return { ok: false, reason: "programme_off" };
  const [member, reward] = await Promise.all([
    db.loyaltyMember.findUnique({ where: { shop_customerId: { shop, customerId } } }),
    db.loyaltyReward.findFirst({ where: { id: rewardId, shop, enabled: true } }),
  ]);
  if (!member) return { ok: false, reason: "not_a_member" };
  if (!reward) return { ok: false, reason: "no_such_reward" };

  const code = `REWARD-${randomCode(8)}`;
  const redemption = await db.$transaction(async (tx) => {
    const { count } = await tx.loyaltyMember.updateMany({
      where: { id: member.id, shop, balance: { gte: reward.pointsCost } },
      data: { updatedAt: now },
    });
    if (count === 0) return null;
    // The balance was checked and the row is now locked: the debit below cannot overdraw it.
    const locked = await tx.loyaltyMember.findUniqueOrThrow({ where: { id: member.id } });
    if (locked.balance < reward.pointsCost) return null;
    const row = await tx.loyaltyRedemption.create({
      data: { shop, memberId: member.id, rewardId: reward.id, points: reward.pointsCost, code, createdAt: now },
    });
    await writeEntries(
      tx,
      locked,
      [
        {
          kind: "redeem",
          bucket: "balance",
          points: -reward.pointsCost,
          idempotencyKey: `redeem:${row.id}`,
          note: `Redeemed: ${reward.name} (${code})`,
        },
      ],
      now,
    );
    await triggerRewardRedeemed(tx, locked, row, reward, locked.balance - reward.pointsCost);
    await enqueue(tx, {
      shop,
      type: REDEMPTION_CHECK_JOB,
      payload: { redemptionId: row.id },
      runAt: new Date(now.getTime() + CHECK_AFTER_MS),
    });
    return row;
  });
  if (!redemption) return { ok: false, reason: "not_enough_points" };

  try {
    const discountId = await createDiscountCode(await admin(), {
      title: `${reward.name} (loyalty reward)`,
      code,
      value: discountValueOf(reward),
      customerId,
      usageLimit: 1,
      minimumSubtotal: reward.minimumOrder,
      startsAt: now,
    });
    await db.loyaltyRedemption.updateMany({ where: { id: redemption.id, status: "pending" }, data: { status: "issued", discountId } });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof AdminApiError && error.kind !== "unreachable") {
      // Shopify answered and created nothing (it refused the app's access, the rate or the
      // code): the points come back, and the merchant sees Shopify's reason on the member's page.
      await returnPoints(db, redemption, message, now);
      return { ok: false, reason: "shopify_refused", message };
    }
    // No answer (network, a Shopify failure, a timeout, a lost reply): the code may exist. The
    // check job asks Shopify later and either issues the redemption or returns the points.
    return { ok: false, reason: "shopify_unreachable", message };
  }
  await afterChange(db, shop, member.id, now);
  return { ok: true, code, redemptionId: redemption.id, reward: { name: reward.name, kind: reward.kind, value: reward.value } };
}

/** The code was not created: the redemption fails and its points go back to the balance, once. */
export async function returnPoints(db: Db, redemption: LoyaltyRedemption, reason: string, now: Date): Promise<boolean> {
  const returned = await db.$transaction(async (tx) => {
    const { count } = await tx.loyaltyRedemption.updateMany({
      where: { id: redemption.id, status: "pending" },
      data: { status: "failed", error: reason.slice(0, 500) },
    });
    if (count === 0) return false;
    const member = await tx.loyaltyMember.findUniqueOrThrow({ where: { id: redemption.memberId } });
    await writeEntries(
      tx,
      member,
      [
        {
          kind: "redeem",
          bucket: "balance",
          points: redemption.points,
          idempotencyKey: `redeem:${redemption.id}:returned`,
          note: `Points returned: the code ${redemption.code} could not be created`,
        },
      ],
      now,
    );
    return true;
  });
  if (returned) await afterChange(db, redemption.shop, redemption.memberId, now);
  return returned;
}

/** The check job: a redemption still pending means its worker stopped mid-way; Shopify decides. */
export async function checkRedemption(
  db: Db,
  admin: () => Promise<AdminClient>,
  shop: string,
  redemptionId: string,
  now: Date,
): Promise<void> {
  const redemption = await db.loyaltyRedemption.findFirst({ where: { id: redemptionId, shop } });
  if (!redemption || redemption.status !== "pending") return;
  const discountId = await discountIdByCode(await admin(), redemption.code);
  if (discountId)
    await db.loyaltyRedemption.updateMany({ where: { id: redemption.id, status: "pending" }, data: { status: "issued", discountId } });
  else await returnPoints(db, redemption, "The code was never created in Shopify", now);
}
