// Store-credit rewards: the points are debited as for codes, then Shopify's simulator credits the
// customer's store-credit account. Shopify's clock is the real one, so these tests redeem now.
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
import { addStoreCredit, storeCreditAccountsOf } from "../../scripts/simulator/store-credit";
import db from "../db.server";
import { runDueJobs } from "../jobs/worker.server";
import type { AdminClient } from "../shopify/admin.server";
import { loyaltyJobHandlers } from "./jobs.server";
import { findOrCreateMember, postToLedger } from "./ledger.server";
import { checkRedemption, redeemReward, REDEMPTION_CHECK_JOB } from "./redeem.server";

const never = <T>() => new Promise<T>(() => {});
const notAsked = async (): Promise<AdminClient> => {
  throw new Error("Shopify was asked");
};
/** When the check job runs: ten minutes after the redemption, as it is scheduled. */
const checkTime = (redeemed: Date) => new Date(redeemed.getTime() + 10 * 60_000);

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startLoyaltySimulator();
});
afterAll(() => simulator.close());

/** A member with these points, on a shop installed on the simulator, and a store-credit reward of $7.50 for 200 points. */
async function memberWithCreditReward(points: number, { expiryDays = null as number | null, customerId = "" } = {}) {
  const shop = newShop();
  const shopify = simulatedShopify(simulator, shop);
  const customer = customerId || shopify.addCustomer("pat@example.com");
  await enableLoyalty(db, shop);
  const member = (await findOrCreateMember(db, shop, { customerId: customer, email: "pat@example.com" }))!;
  await postToLedger(db, shop, member.id, new Date(), async () => [{ kind: "earn", bucket: "balance", points, idempotencyKey: "start" }]);
  const reward = await createReward(db, shop, 200, { kind: "store_credit", value: "7.50", name: "$7.50 store credit" });
  if (expiryDays) await db.loyaltyReward.update({ where: { id: reward.id }, data: { creditExpiryDays: expiryDays } });
  /** The customer's credits as Shopify holds them. */
  const credits = () => storeCreditAccountsOf(shopify.state, customer).flatMap((account) => account.transactions);
  return { shop, shopify, member, reward, customerId: customer, credits };
}

async function ledger(memberId: string) {
  const view = await ledgerView(db, memberId);
  expect(view.member.balance).toBe(view.balanceSum);
  return { balance: view.member.balance, redeems: view.entries.filter((e) => e.kind === "redeem").map((e) => e.points) };
}

/** Waits until redeemReward's debit is committed (it then talks to Shopify). */
async function pendingRedemption(shop: string) {
  await expect.poll(() => db.loyaltyRedemption.count({ where: { shop } })).toBe(1);
  return db.loyaltyRedemption.findFirstOrThrow({ where: { shop } });
}

describe("a store-credit reward", () => {
  it("debits the points and credits the customer's store credit in the shop currency, with its expiry", async () => {
    const { shop, shopify, member, reward, customerId, credits } = await memberWithCreditReward(500, { expiryDays: 30 });
    const now = new Date();
    const result = await redeemReward(db, shopify.admin, shop, customerId, reward.id, now);
    // Expiries go to Shopify in whole seconds.
    const expiresAt = new Date(Math.floor((now.getTime() + 30 * 86_400_000) / 1000) * 1000);
    expect(result).toMatchObject({ ok: true, code: null, credit: { amount: "7.50", currency: "USD", expiresAt } });
    if (!result.ok) throw new Error("unreachable");

    const [account] = storeCreditAccountsOf(shopify.state, customerId);
    expect(account).toMatchObject({ currencyCode: "USD", balance: "7.50" });
    expect(credits()).toEqual([
      expect.objectContaining({
        amount: "7.50",
        balanceAfterTransaction: "7.50",
        expiresAt: expiresAt.toISOString().replace(".000", ""),
        event: "ADJUSTMENT",
      }),
    ]);
    expect(await db.loyaltyRedemption.findUniqueOrThrow({ where: { id: result.redemptionId } })).toMatchObject({
      status: "issued",
      code: null,
      creditAmount: "7.50",
      creditCurrency: "USD",
      creditExpiresAt: expiresAt,
      creditTransactionId: credits()[0]!.id,
    });
    expect(await ledger(member.id)).toEqual({ balance: 300, redeems: [-200] });

    // The check job finds it issued and asks Shopify nothing.
    await checkRedemption(db, notAsked, shop, result.redemptionId, checkTime(now));
    expect(credits()).toHaveLength(1);
  });

  it("gives the points back once when Shopify refuses the credit, with Shopify's reason", async () => {
    // The customer was deleted in Shopify: there is no owner for the account.
    const { shop, shopify, member, reward, customerId, credits } = await memberWithCreditReward(500, {
      customerId: "gid://shopify/Customer/987654321",
    });
    const now = new Date();
    const result = await redeemReward(db, shopify.admin, shop, customerId, reward.id, now);
    expect(result).toEqual({ ok: false, reason: "shopify_refused", message: "storeCreditAccountCredit: Owner does not exist." });
    const row = await db.loyaltyRedemption.findFirstOrThrow({ where: { shop } });
    expect(row).toMatchObject({ status: "failed", error: "storeCreditAccountCredit: Owner does not exist.", creditTransactionId: null });
    await checkRedemption(db, notAsked, shop, row.id, checkTime(now));
    expect(await ledger(member.id)).toEqual({ balance: 500, redeems: [-200, 200] });
    expect(credits()).toEqual([]);
  });

  it("after a crash once Shopify credited (the answer lost): the check job issues it with Shopify's credit and credits nothing more", async () => {
    const { shop, shopify, member, reward, customerId, credits } = await memberWithCreditReward(500);
    simulator.failNext({ shop, field: "Mutation.storeCreditAccountCredit", fault: { kind: "dropResponse" } });
    const now = new Date();
    expect(await redeemReward(db, shopify.admin, shop, customerId, reward.id, now)).toMatchObject({
      ok: false,
      reason: "shopify_unreachable",
    });
    const pending = await pendingRedemption(shop);
    expect(pending).toMatchObject({ status: "pending", creditTransactionId: null });
    expect(credits()).toHaveLength(1);

    await runDueJobs({ db, handlers: loyaltyJobHandlers, adminFor: shopify.admin, now: () => checkTime(now), batchSize: 100 });
    expect(await db.job.findFirstOrThrow({ where: { shop, type: REDEMPTION_CHECK_JOB } })).toMatchObject({ status: "done" });
    expect(await db.loyaltyRedemption.findUniqueOrThrow({ where: { id: pending.id } })).toMatchObject({
      status: "issued",
      creditTransactionId: credits()[0]!.id,
    });
    expect(credits()).toHaveLength(1);
    expect(await ledger(member.id)).toEqual({ balance: 300, redeems: [-200] });
  });

  it("after a crash before Shopify was asked: the check job credits it, once however often it runs, at once or again", async () => {
    const { shop, shopify, member, reward, customerId, credits } = await memberWithCreditReward(500, { expiryDays: 7 });
    const now = new Date();
    // The worker stops before it reaches Shopify.
    void redeemReward(db, () => never<AdminClient>(), shop, customerId, reward.id, now);
    const pending = await pendingRedemption(shop);
    await expect.poll(async () => (await ledger(member.id)).balance).toBe(300);

    // Too soon: the request may still be on its way, so the check looks again later.
    await expect(checkRedemption(db, shopify.admin, shop, pending.id, now)).rejects.toThrow(/looking again later/);
    expect(credits()).toEqual([]);

    // Two runs of the check at once (a lease that expired under a slow worker): one credits, the other backs off.
    const runs = await Promise.allSettled([
      checkRedemption(db, shopify.admin, shop, pending.id, checkTime(now)),
      checkRedemption(db, shopify.admin, shop, pending.id, checkTime(now)),
    ]);
    expect(runs.filter((run) => run.status === "fulfilled").length).toBeGreaterThanOrEqual(1);
    // And once more, later.
    await checkRedemption(db, shopify.admin, shop, pending.id, checkTime(checkTime(now)));

    expect(credits()).toEqual([expect.objectContaining({ amount: "7.50", expiresAt: expect.any(String) })]);
    expect(await db.loyaltyRedemption.findUniqueOrThrow({ where: { id: pending.id } })).toMatchObject({
      status: "issued",
      creditTransactionId: credits()[0]!.id,
    });
    expect(await ledger(member.id)).toEqual({ balance: 300, redeems: [-200] });
  });

  it("takes no other credit for its own: a refund to store credit, another expiry, one another redemption holds", async () => {
    const { shop, shopify, member, reward, customerId, credits } = await memberWithCreditReward(1000);
    const now = new Date();
    // A redemption issued as usual: its credit is recorded on it.
    expect(await redeemReward(db, shopify.admin, shop, customerId, reward.id, now)).toMatchObject({ ok: true });
    // The merchant gives the same amount with an expiry by hand, and refunds an order to store credit.
    const merchant = await shopify.client.graphql(
      `mutation($id: ID!, $credit: StoreCreditAccountCreditInput!) { storeCreditAccountCredit(id: $id, creditInput: $credit) { userErrors { code } } }`,
      {
        variables: { id: customerId, credit: { creditAmount: { amount: "7.50", currencyCode: "USD" }, expiresAt: "2099-01-01T00:00:00Z" } },
      },
    );
    expect(await merchant.json()).toMatchObject({ data: { storeCreditAccountCredit: { userErrors: [] } } });
    addStoreCredit(simulator.state, shopify.state, customerId, {
      amount: "7.50",
      currencyCode: "USD",
      expiresAt: null,
      event: "ORDER_REFUND",
    });
    expect(credits().map((credit) => credit.event)).toEqual(["ADJUSTMENT", "ADJUSTMENT", "ORDER_REFUND"]);

    // Then a redemption whose worker stopped before Shopify: none of those is its credit.
    void redeemReward(db, () => never<AdminClient>(), shop, customerId, reward.id, now);
    await expect.poll(() => db.loyaltyRedemption.count({ where: { shop, status: "pending" } })).toBe(1);
    const pending = await db.loyaltyRedemption.findFirstOrThrow({ where: { shop, status: "pending" } });
    await checkRedemption(db, shopify.admin, shop, pending.id, checkTime(now));
    expect(credits()).toHaveLength(4);
    expect(await db.loyaltyRedemption.findUniqueOrThrow({ where: { id: pending.id } })).toMatchObject({
      status: "issued",
      creditTransactionId: credits()[3]!.id,
    });
    expect(await ledger(member.id)).toEqual({ balance: 600, redeems: [-200, -200] });
  });

  it("returns the points when Shopify refuses the check job's credit", async () => {
    const { shop, shopify, member, reward, customerId, credits } = await memberWithCreditReward(500);
    const now = new Date();
    void redeemReward(db, () => never<AdminClient>(), shop, customerId, reward.id, now);
    const pending = await pendingRedemption(shop);
    const refusal = {
      field: ["creditInput", "creditAmount", "currencyCode"],
      code: "UNSUPPORTED_CURRENCY",
      message: "The currency provided is not currently supported.",
    };
    simulator.failNext({ shop, field: "Mutation.storeCreditAccountCredit", fault: { kind: "userErrors", userErrors: [refusal] } });
    await checkRedemption(db, shopify.admin, shop, pending.id, checkTime(now));
    expect(await db.loyaltyRedemption.findUniqueOrThrow({ where: { id: pending.id } })).toMatchObject({
      status: "failed",
      error: "storeCreditAccountCredit: The currency provided is not currently supported.",
    });
    expect(credits()).toEqual([]);
    expect(await ledger(member.id)).toEqual({ balance: 500, redeems: [-200, 200] });
  });

  it("credits as many rewards as the balance covers when redemptions race, never overdrawing", async () => {
    const { shop, shopify, member, reward, customerId, credits } = await memberWithCreditReward(250);
    const now = new Date();
    const results = await Promise.all(Array.from({ length: 20 }, () => redeemReward(db, shopify.admin, shop, customerId, reward.id, now)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.reason === "not_enough_points")).toHaveLength(19);
    expect(credits()).toHaveLength(1);
    expect(await ledger(member.id)).toEqual({ balance: 50, redeems: [-200] });
  });
});
