import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createReward,
  enableLoyalty,
  ledgerView,
  newShop,
  simulatedShopify,
  startLoyaltySimulator,
} from "../../tests/support/loyalty-fixtures";
import type { Simulator } from "../../scripts/simulator/server";
import db from "../db.server";
import { runDueJobs } from "../jobs/worker.server";
import type { AdminClient } from "../shopify/admin.server";
import { loyaltyJobHandlers } from "./jobs.server";
import { findOrCreateMember, postToLedger } from "./ledger.server";
import { checkRedemption, discountValueOf, redeemReward, REDEMPTION_CHECK_JOB, returnPoints } from "./redeem.server";

const NOW = new Date("2030-06-01T09:00:00Z");
const never = <T>() => new Promise<T>(() => {});
/** An Admin client the code under test must not open: Shopify has nothing to say. */
const notAsked = async (): Promise<AdminClient> => {
  throw new Error("Shopify was asked");
};
/** Shopify's refusal of a code another discount holds (the simulator's discountCodeBasicCreate gives it for a taken code). */
const CODE_TAKEN = { field: ["basicCodeDiscount", "code"], code: "TAKEN", message: "Code must be unique. Please try a different code." };

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startLoyaltySimulator();
});
afterAll(() => simulator.close());

/** A shop with the app installed on the Shopify simulator and a customer who is a member with these points. */
async function memberWith(points: number) {
  const shop = newShop();
  const shopify = simulatedShopify(simulator, shop);
  const customerId = shopify.addCustomer("pat@example.com");
  await enableLoyalty(db, shop);
  const member = (await findOrCreateMember(db, shop, { customerId, email: "pat@example.com" }))!;
  if (points)
    await postToLedger(db, shop, member.id, NOW, async () => [{ kind: "earn", bucket: "balance", points, idempotencyKey: "start" }]);
  return { shop, member, shopify, customerId };
}

async function totals(memberId: string) {
  const view = await ledgerView(db, memberId);
  expect(view.member.balance).toBe(view.balanceSum);
  expect(view.member.pending).toBe(view.pendingSum);
  return {
    balance: view.member.balance,
    redeemEntries: view.entries.filter((e) => e.kind === "redeem").sort((a, b) => a.points - b.points),
  };
}

/** Waits until redeemReward's debit is committed (it then talks to Shopify). */
async function pendingRedemption(shop: string) {
  for (let i = 0; i < 200; i++) {
    const row = await db.loyaltyRedemption.findFirst({ where: { shop } });
    if (row) return row;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error("no redemption was recorded");
}

describe("redeemReward", () => {
  it("debits the points and creates a single-use code for the customer", async () => {
    const { shop, member, shopify, customerId } = await memberWith(500);
    const reward = await createReward(db, shop, 200, { kind: "amount_off", value: "5.00", name: "$5 off" });
    await db.loyaltyReward.update({ where: { id: reward.id }, data: { minimumOrder: "20.00" } });

    const result = await redeemReward(db, shopify.admin, shop, customerId, reward.id, NOW);
    expect(result).toMatchObject({ ok: true, reward: { name: "$5 off", kind: "amount_off", value: "5.00" } });
    if (!result.ok) throw new Error("unreachable");
    expect(result.code).toMatch(/^REWARD-[A-HJ-NP-Z2-9]{8}$/);

    const { balance, redeemEntries } = await totals(member.id);
    expect(balance).toBe(300);
    expect(redeemEntries.map((e) => [e.points, e.idempotencyKey])).toEqual([[-200, `redeem:${result.redemptionId}`]]);
    const row = await db.loyaltyRedemption.findUniqueOrThrow({ where: { id: result.redemptionId } });
    expect(row).toMatchObject({ status: "issued", code: result.code, points: 200, discountId: shopify.discountIdByCode(result.code!) });

    // The code as Shopify holds it: $5 off the order from $20, once, for this customer only.
    expect(shopify.state.discounts).toEqual([
      expect.objectContaining({
        kind: "code_basic",
        code: result.code,
        usageLimit: 1,
        appliesOncePerCustomer: true,
        customerIds: [customerId],
        minimumSubtotal: "20.00",
        value: { amount: "5.00", appliesOnEachItem: false },
      }),
    ]);
    const check = await db.job.findFirstOrThrow({ where: { shop, type: REDEMPTION_CHECK_JOB } });
    expect(check.runAt.getTime()).toBe(NOW.getTime() + 10 * 60_000);
    // Retries span about an hour (30 s doubling), past the ten minutes a lost store-credit request is waited out.
    expect(check.maxAttempts).toBe(8);

    // The check job finds the redemption issued and leaves it alone, without asking Shopify.
    await checkRedemption(db, notAsked, shop, result.redemptionId, NOW);
    expect(await db.loyaltyRedemption.findUniqueOrThrow({ where: { id: result.redemptionId } })).toMatchObject({ status: "issued" });
  });

  it("refuses without spending when the balance is short, the reward is off or the programme is off", async () => {
    const { shop, member, shopify, customerId } = await memberWith(199);
    const reward = await createReward(db, shop, 200);
    const disabled = await db.loyaltyReward.create({ data: { shop, name: "Old", kind: "free_shipping", pointsCost: 1, enabled: false } });
    expect(await redeemReward(db, notAsked, shop, customerId, reward.id, NOW)).toEqual({ ok: false, reason: "not_enough_points" });
    expect(await redeemReward(db, notAsked, shop, customerId, disabled.id, NOW)).toEqual({ ok: false, reason: "no_such_reward" });
    expect(await redeemReward(db, notAsked, shop, shopify.addCustomer("someone@example.com"), reward.id, NOW)).toEqual({
      ok: false,
      reason: "not_a_member",
    });
    const otherShop = newShop();
    await enableLoyalty(db, otherShop);
    expect(await redeemReward(db, notAsked, otherShop, customerId, reward.id, NOW)).toEqual({ ok: false, reason: "not_a_member" });
    await enableLoyalty(db, shop, { enabled: false });
    await postToLedger(db, shop, member.id, NOW, async () => [{ kind: "adjust", bucket: "balance", points: 1000, idempotencyKey: "gift" }]);
    expect(await redeemReward(db, notAsked, shop, customerId, reward.id, NOW)).toEqual({ ok: false, reason: "programme_off" });

    expect(shopify.state.discounts).toEqual([]);
    expect(await db.loyaltyRedemption.count({ where: { shop } })).toBe(0);
    expect((await totals(member.id)).redeemEntries).toEqual([]);
  });

  it("gives the points back exactly once when Shopify refuses the code", async () => {
    const { shop, member, shopify, customerId } = await memberWith(500);
    const reward = await createReward(db, shop, 200);
    simulator.failNext({ shop, field: "Mutation.discountCodeBasicCreate", fault: { kind: "userErrors", userErrors: [CODE_TAKEN] } });

    const result = await redeemReward(db, shopify.admin, shop, customerId, reward.id, NOW);
    const refusal = "discountCodeBasicCreate: Code must be unique. Please try a different code.";
    expect(result).toEqual({ ok: false, reason: "shopify_refused", message: refusal });
    const row = await db.loyaltyRedemption.findFirstOrThrow({ where: { shop } });
    expect(row).toMatchObject({ status: "failed", error: refusal, discountId: null });

    // Neither a second return nor the check job gives them back again.
    expect(await returnPoints(db, row, "again", NOW)).toBe(false);
    await checkRedemption(db, shopify.admin, shop, row.id, NOW);
    await Promise.all(Array.from({ length: 5 }, () => returnPoints(db, row, "racing", NOW)));

    const { balance, redeemEntries } = await totals(member.id);
    expect(balance).toBe(500);
    expect(redeemEntries.map((e) => [e.points, e.idempotencyKey])).toEqual([
      [-200, `redeem:${row.id}`],
      [200, `redeem:${row.id}:returned`],
    ]);
    expect(shopify.state.discounts).toEqual([]);
  });

  it("holds the points when the Admin API gives no answer, until the check job learns the code was never created", async () => {
    const { shop, member, shopify, customerId } = await memberWith(300);
    const reward = await createReward(db, shop, 300);
    // The connection drops before Shopify runs the mutation: the app cannot know that.
    simulator.failNext({ shop, field: "Mutation.discountCodeBasicCreate", fault: { kind: "dropRequest" } });
    const result = await redeemReward(db, shopify.admin, shop, customerId, reward.id, NOW);
    expect(result).toMatchObject({ ok: false, reason: "shopify_unreachable" });
    // The code may exist: the points stay debited until Shopify can be asked.
    expect((await totals(member.id)).balance).toBe(0);
    const pending = await pendingRedemption(shop);
    expect(pending.status).toBe("pending");
    await checkRedemption(db, shopify.admin, shop, pending.id, NOW);
    expect((await totals(member.id)).balance).toBe(300);
    expect(await db.loyaltyRedemption.findUniqueOrThrow({ where: { id: pending.id } })).toMatchObject({ status: "failed" });
    expect(shopify.state.discounts).toEqual([]);
  });

  it("lets the check job issue a redemption whose code Shopify created but whose answer was lost", async () => {
    const { shop, member, shopify, customerId } = await memberWith(500);
    const reward = await createReward(db, shop, 200, { kind: "free_shipping", name: "Free shipping" });
    // Shopify creates the code, but its answer never reaches the worker.
    simulator.failNext({ shop, field: "Mutation.discountCodeFreeShippingCreate", fault: { kind: "dropResponse" } });
    expect(await redeemReward(db, shopify.admin, shop, customerId, reward.id, NOW)).toMatchObject({
      ok: false,
      reason: "shopify_unreachable",
    });
    const pending = await pendingRedemption(shop);
    expect(pending.status).toBe("pending");
    expect(shopify.discountIdByCode(pending.code!)).toMatch(/^gid:\/\/shopify\/DiscountCodeNode\//);
    expect((await totals(member.id)).balance).toBe(300);

    // The check job, ten minutes later, through the worker.
    await runDueJobs({
      db,
      handlers: loyaltyJobHandlers,
      adminFor: shopify.admin,
      now: () => new Date(NOW.getTime() + 10 * 60_000),
      batchSize: 100,
    });
    expect(await db.loyaltyRedemption.findUniqueOrThrow({ where: { id: pending.id } })).toMatchObject({
      status: "issued",
      discountId: shopify.discountIdByCode(pending.code!),
    });
    const { balance, redeemEntries } = await totals(member.id);
    expect(balance).toBe(300);
    expect(redeemEntries).toHaveLength(1);
    expect(await db.job.findFirstOrThrow({ where: { shop, type: REDEMPTION_CHECK_JOB } })).toMatchObject({ status: "done" });
  });

  it("lets the check job return the points of a redemption whose code was never created", async () => {
    const { shop, member, shopify, customerId } = await memberWith(500);
    const reward = await createReward(db, shop, 200);
    // The worker stops before it reaches Shopify.
    void redeemReward(db, () => never<AdminClient>(), shop, customerId, reward.id, NOW);
    const pending = await pendingRedemption(shop);
    await expect.poll(async () => (await totals(member.id)).balance).toBe(300);

    await Promise.all(Array.from({ length: 4 }, () => checkRedemption(db, shopify.admin, shop, pending.id, NOW)));
    await checkRedemption(db, shopify.admin, shop, pending.id, NOW);
    expect(await db.loyaltyRedemption.findUniqueOrThrow({ where: { id: pending.id } })).toMatchObject({
      status: "failed",
      error: "The code was never created in Shopify",
    });
    const { balance, redeemEntries } = await totals(member.id);
    expect(balance).toBe(500);
    expect(redeemEntries.map((e) => e.points)).toEqual([-200, 200]);
    // A check for a redemption of another shop does nothing.
    await checkRedemption(db, notAsked, newShop(), pending.id, NOW);
  });

  it("turns each kind of reward into its discount value", () => {
    expect(discountValueOf({ kind: "free_shipping", value: "0" })).toEqual({ kind: "free_shipping" });
    expect(discountValueOf({ kind: "percent_off", value: "15" })).toEqual({ kind: "percent_off", percent: 15 });
    expect(discountValueOf({ kind: "amount_off", value: "7.50" })).toEqual({ kind: "amount_off", amount: "7.50" });
  });

  it("issues as many codes as the balance covers when redemptions race", async () => {
    const { shop, member, shopify, customerId } = await memberWith(650);
    const reward = await createReward(db, shop, 200);
    const results = await Promise.all(Array.from({ length: 25 }, () => redeemReward(db, shopify.admin, shop, customerId, reward.id, NOW)));
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.reason === "not_enough_points")).toBe(true);
    expect(shopify.state.discounts).toHaveLength(3);
    expect(await db.loyaltyRedemption.count({ where: { shop } })).toBe(3);
    expect((await totals(member.id)).balance).toBe(50);
  });
});
