import { describe, expect, it } from "vitest";
import { createReward, enableLoyalty, newShop, storeOrder } from "../../tests/support/loyalty-fixtures";
import db from "../db.server";
import { findOrCreateMember } from "./ledger.server";
import { memberStatus } from "./metafield-sync.server";
import { SYNC_MEMBER_JOB } from "./order-points.server";
import { markRedemptionsUsed } from "./redeem-usage.server";

const REDEEMED = new Date("2030-06-01T09:00:00Z");
const PAID = new Date("2030-06-03T15:30:00Z");

/** A shop with a member holding an issued code for a $5 reward. */
async function issuedCode(code: string, status: "issued" | "pending" | "failed" = "issued", shop = newShop()) {
  await enableLoyalty(db, shop);
  const member = (await findOrCreateMember(db, shop, { customerId: "gid://shopify/Customer/5", email: "pat@example.com" }))!;
  const reward = await createReward(db, shop, 100, { kind: "amount_off", value: "5.00", name: "$5 off" });
  const redemption = await db.loyaltyRedemption.create({
    data: { shop, memberId: member.id, rewardId: reward.id, points: 100, code, status, createdAt: REDEEMED },
  });
  return { shop, member, redemption };
}

/** An order recorded from its webhook with these codes entered at checkout. */
async function orderWithCodes(shop: string, codes: string[]) {
  const order = await storeOrder(db, shop, { paidAt: PAID });
  return db.order.update({ where: { id: order.id }, data: { discountCodes: codes } });
}

const syncJobs = (shop: string) => db.job.count({ where: { shop, type: SYNC_MEMBER_JOB } });

describe("markRedemptionsUsed", () => {
  it("marks the code used by the order once, however often the order's webhooks come", async () => {
    const { shop, member, redemption } = await issuedCode("REWARD-USEDONCE");
    // Shoppers type codes in any case; Shopify reports them as typed.
    const order = await orderWithCodes(shop, ["SPRING10", "reward-usedonce"]);
    const syncsBefore = await syncJobs(shop);

    expect(await markRedemptionsUsed(db, order, PAID)).toBe(1);
    for (let retry = 0; retry < 5; retry++) expect(await markRedemptionsUsed(db, order, new Date())).toBe(0);

    expect(await db.loyaltyRedemption.findUniqueOrThrow({ where: { id: redemption.id } })).toMatchObject({
      status: "used",
      usedAt: PAID,
      usedOrderId: order.id,
      usedOrderName: order.name,
    });
    // The storefront status is re-synced for the change, and only for it.
    expect((await syncJobs(shop)) - syncsBefore).toBe(1);
    // "My rewards" on the storefront says it was used, and when.
    const status = await memberStatus(db, shop, member.id, PAID);
    expect(status.rewards).toEqual([
      {
        code: "REWARD-USEDONCE",
        name: "$5 off",
        points: 100,
        redeemed_at: REDEEMED.toISOString(),
        used: true,
        used_at: PAID.toISOString(),
        store_credit: null,
      },
    ]);
  });

  it("leaves another shop's code alone, even one spelt the same", async () => {
    const mine = await issuedCode("REWARD-SAMECODE");
    const theirs = await issuedCode("REWARD-SAMECODE");
    const order = await orderWithCodes(mine.shop, ["REWARD-SAMECODE"]);

    expect(await markRedemptionsUsed(db, order, PAID)).toBe(1);
    expect(await db.loyaltyRedemption.findUniqueOrThrow({ where: { id: mine.redemption.id } })).toMatchObject({ status: "used" });
    expect(await db.loyaltyRedemption.findUniqueOrThrow({ where: { id: theirs.redemption.id } })).toMatchObject({
      status: "issued",
      usedAt: null,
      usedOrderId: null,
    });
  });

  it("marks a code still being confirmed, and never one whose points were returned", async () => {
    const pending = await issuedCode("REWARD-PENDING1", "pending");
    const failed = await issuedCode("REWARD-FAILED01", "failed");
    const first = await orderWithCodes(pending.shop, ["REWARD-PENDING1"]);
    const second = await orderWithCodes(failed.shop, ["REWARD-FAILED01"]);

    expect(await markRedemptionsUsed(db, first, PAID)).toBe(1);
    expect(await markRedemptionsUsed(db, second, PAID)).toBe(0);
    expect(await db.loyaltyRedemption.findUniqueOrThrow({ where: { id: failed.redemption.id } })).toMatchObject({ status: "failed" });
    // Not listed in "My rewards" either: the points came back, there is no code to use.
    expect((await memberStatus(db, failed.shop, failed.member.id, PAID)).rewards).toEqual([]);
  });

  it("does nothing for an order without codes", async () => {
    const { shop, redemption } = await issuedCode("REWARD-UNTOUCHD");
    const order = await orderWithCodes(shop, []);
    expect(await markRedemptionsUsed(db, order, PAID)).toBe(0);
    expect(await db.loyaltyRedemption.findUniqueOrThrow({ where: { id: redemption.id } })).toMatchObject({ status: "issued" });
  });
});
