// Redeeming points for a reward: the points are debited (only if the balance covers them,
// in one conditional update, so concurrent redemptions can never overspend), then Shopify
// creates a single-use code for this customer, or adds the reward to their store credit. If
// Shopify refuses, the points come back. A crash between the two is healed by a check job that
// asks Shopify what happened.
//
// Store credit and a lost answer: storeCreditAccountCredit takes no idempotency key, so sending
// it again after an answer was lost could credit twice. The check job decides from Shopify's own
// record instead: the customer's credits in the redemption's currency issued by an app or staff
// (not refunds) since the redemption (less CLOCK_SKEW_MS, for Shopify's clock), of the amount and
// expiry it sent (expiries are sent in whole seconds, as Shopify keeps them), that no other
// redemption of the shop holds (the transaction GID is unique per shop). One found is this
// credit, and the redemption is issued with it. None found means it never happened: the job sends
// it again, but only when the last request (creditRequestedAt) is older than any request can run
// (IN_FLIGHT_MS) and after moving creditRequestedAt compare-and-set, so two runs of the check
// never both send it; the next check finds that credit. Two redemptions of the same credit for one
// customer are interchangeable: each ends with one credit. What Shopify's record cannot tell
// apart is a merchant crediting the same customer the same amount and expiry by hand within
// those minutes: the redemption then takes that credit for its own.
import type { LoyaltyMember, LoyaltyRedemption, LoyaltyReward, Prisma } from "@prisma/client";
import type { Db } from "../db.server";
import { enqueue } from "../jobs/queue.server";
import { toMinorUnits } from "../lib/money";
import { shopCurrency } from "../lib/shop-profile.server";
import {
  AdminApiError,
  createDiscountCode,
  creditStoreCredit,
  discountIdByCode,
  storeCreditsSince,
  type AdminClient,
  type DiscountCodeValue,
} from "../shopify/admin.server";
import { triggerRewardRedeemed } from "../flow/triggers.server";
import { randomCode, writeEntries } from "./ledger.server";
import { afterChange } from "./order-points.server";

export const REDEMPTION_CHECK_JOB = "loyalty.redemption_check";
const CHECK_AFTER_MS = 10 * 60_000;
/** How far Shopify's clock may be behind the app's when a credit's creation time is compared. */
const CLOCK_SKEW_MS = 5 * 60_000;
/** A credit request younger than this may still be running: the check looks again later rather than send another. */
const IN_FLIGHT_MS = CHECK_AFTER_MS;
const DAY_MS = 86_400_000;
/**
 * Retries (with the queue's backoff, 30 s doubling) span about an hour: longer than Shopify is
 * usually unreachable, and than IN_FLIGHT_MS, which a check that sent a credit and lost the answer
 * waits out before sending it again.
 */
const CHECK_ATTEMPTS = 8;

/** Store credit added by a redemption, in the shop's currency. */
export interface StoreCreditGiven {
  amount: string;
  currency: string;
  expiresAt: Date | null;
}

export type RedeemResult =
  | {
      ok: true;
      redemptionId: string;
      reward: Pick<LoyaltyReward, "name" | "kind" | "value">;
      /** The discount code; null for store credit. */
      code: string | null;
      /** The store credit added; null for a code. */
      credit: StoreCreditGiven | null;
    }
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

  const credit: StoreCreditGiven | null =
    reward.kind === "store_credit"
      ? { amount: reward.value, currency: await shopCurrency(db, shop), expiresAt: creditExpiry(reward, now) }
      : null;
  const code = credit ? null : `REWARD-${randomCode(8)}`;
  const redemption = await debit(
    db,
    member,
    reward,
    {
      code,
      ...(credit && {
        creditAmount: credit.amount,
        creditCurrency: credit.currency,
        creditExpiresAt: credit.expiresAt,
        creditRequestedAt: now,
      }),
    },
    now,
  );
  if (!redemption) return { ok: false, reason: "not_enough_points" };

  try {
    const client = await admin();
    const issued = credit
      ? { creditTransactionId: await creditStoreCredit(client, { customerId, ...credit }) }
      : {
          discountId: await createDiscountCode(client, {
            title: `${reward.name} (loyalty reward)`,
            code: code!,
            value: discountValueOf(reward),
            customerId,
            usageLimit: 1,
            minimumSubtotal: reward.minimumOrder,
            startsAt: now,
          }),
        };
    await db.loyaltyRedemption.updateMany({ where: { id: redemption.id, status: "pending" }, data: { status: "issued", ...issued } });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof AdminApiError && error.kind !== "unreachable") {
      // Shopify answered and did nothing (it refused the app's access, the rate, the code or the
      // credit): the points come back, and the merchant sees Shopify's reason on the member's page.
      await returnPoints(db, redemption, message, now);
      return { ok: false, reason: "shopify_refused", message };
    }
    // No answer (network, a Shopify failure, a timeout, a lost reply): the code or credit may
    // exist. The check job asks Shopify later and settles the redemption either way.
    return { ok: false, reason: "shopify_unreachable", message };
  }
  await afterChange(db, shop, member.id, now);
  return {
    ok: true,
    redemptionId: redemption.id,
    reward: { name: reward.name, kind: reward.kind, value: reward.value },
    code,
    credit,
  };
}

/** When a store credit given now expires: in whole seconds, as Shopify keeps times (the check job compares them). */
function creditExpiry(reward: Pick<LoyaltyReward, "creditExpiryDays">, now: Date): Date | null {
  if (!reward.creditExpiryDays) return null;
  return new Date(Math.floor((now.getTime() + reward.creditExpiryDays * DAY_MS) / 1000) * 1000);
}

/**
 * Debits the reward's points and records the redemption, pending, with its check job; null when
 * the balance does not cover them.
 */
async function debit(
  db: Db,
  member: LoyaltyMember,
  reward: LoyaltyReward,
  data: Pick<
    Prisma.LoyaltyRedemptionUncheckedCreateInput,
    "code" | "creditAmount" | "creditCurrency" | "creditExpiresAt" | "creditRequestedAt"
  >,
  now: Date,
): Promise<LoyaltyRedemption | null> {
  const { shop } = member;
  return db.$transaction(async (tx) => {
    const { count } = await tx.loyaltyMember.updateMany({
      where: { id: member.id, shop, balance: { gte: reward.pointsCost } },
      data: { updatedAt: now },
    });
    if (count === 0) return null;
    // The balance was checked and the row is now locked: the debit below cannot overdraw it.
    const locked = await tx.loyaltyMember.findUniqueOrThrow({ where: { id: member.id } });
    if (locked.balance < reward.pointsCost) return null;
    const row = await tx.loyaltyRedemption.create({
      data: { shop, memberId: member.id, rewardId: reward.id, points: reward.pointsCost, createdAt: now, ...data },
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
          note: `Redeemed: ${reward.name} (${data.code ?? "store credit"})`,
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
      maxAttempts: CHECK_ATTEMPTS,
    });
    return row;
  });
}

/** The code was not created, or the credit not added: the redemption fails and its points go back to the balance, once. */
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
          note: redemption.code
            ? `Points returned: the code ${redemption.code} could not be created`
            : "Points returned: the store credit could not be added",
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
  if (redemption.creditAmount !== null) return checkStoreCredit(db, admin, redemption, now);
  const discountId = await discountIdByCode(await admin(), redemption.code!);
  if (discountId) await issue(db, redemption, { discountId }, now);
  else await returnPoints(db, redemption, "The code was never created in Shopify", now);
}

/** Marks the redemption issued with what Shopify made of it, unless another run already settled it. */
async function issue(
  db: Db,
  redemption: LoyaltyRedemption,
  issued: { discountId: string } | { creditTransactionId: string },
  now: Date,
): Promise<void> {
  const { count } = await db.loyaltyRedemption.updateMany({
    where: { id: redemption.id, status: "pending" },
    data: { status: "issued", ...issued },
  });
  // The customer's storefront status lists what they redeemed: it follows.
  if (count > 0) await afterChange(db, redemption.shop, redemption.memberId, now);
}

/** A store-credit redemption left pending: issued with the credit Shopify holds, or credited now (see the top of this file). */
async function checkStoreCredit(db: Db, admin: () => Promise<AdminClient>, redemption: LoyaltyRedemption, now: Date): Promise<void> {
  const { shop } = redemption;
  const member = await db.loyaltyMember.findUniqueOrThrow({ where: { id: redemption.memberId } });
  // Only a logged-in customer redeems, so the member has a customer record.
  const customerId = member.customerId!;
  const credit: StoreCreditGiven = {
    amount: redemption.creditAmount!,
    currency: redemption.creditCurrency!,
    expiresAt: redemption.creditExpiresAt,
  };
  const client = await admin();
  const since = new Date(redemption.createdAt.getTime() - CLOCK_SKEW_MS);
  const sameCredit = (await storeCreditsSince(client, customerId, credit.currency, since)).filter(
    (found) =>
      toMinorUnits(found.amount, credit.currency) === toMinorUnits(credit.amount, credit.currency) &&
      (found.expiresAt?.getTime() ?? null) === (credit.expiresAt?.getTime() ?? null),
  );
  const held = await db.loyaltyRedemption.findMany({
    where: { shop, creditTransactionId: { in: sameCredit.map((found) => found.id) } },
    select: { creditTransactionId: true },
  });
  const taken = new Set(held.map((row) => row.creditTransactionId));
  // Oldest first: the credit nearest the redemption.
  const ours = sameCredit.reverse().find((found) => !taken.has(found.id));
  if (ours) return issue(db, redemption, { creditTransactionId: ours.id }, now);

  // Shopify has no such credit: it is sent again, by one run only, once no earlier request can still be running.
  const requestedAt = redemption.creditRequestedAt!;
  if (now.getTime() - requestedAt.getTime() < IN_FLIGHT_MS)
    throw new Error(`The store credit of redemption ${redemption.id} was asked for at ${requestedAt.toISOString()}: looking again later`);
  const { count } = await db.loyaltyRedemption.updateMany({
    where: { id: redemption.id, status: "pending", creditRequestedAt: redemption.creditRequestedAt },
    data: { creditRequestedAt: now },
  });
  if (count === 0) throw new Error(`Another check is crediting redemption ${redemption.id}: looking again later`);
  let creditTransactionId: string;
  try {
    creditTransactionId = await creditStoreCredit(client, { customerId, ...credit });
  } catch (error) {
    // No answer: the next run looks again. Shopify answered and added nothing: the points come back with its reason.
    if (!(error instanceof AdminApiError) || error.kind === "unreachable") throw error;
    await returnPoints(db, redemption, error.message, now);
    return;
  }
  await issue(db, redemption, { creditTransactionId }, now);
}
