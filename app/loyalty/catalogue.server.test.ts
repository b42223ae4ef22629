import type { RewardKind } from "@prisma/client";
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import db from "../db.server";
import {
  createReward,
  createTier,
  deleteReward,
  deleteTier,
  listRewards,
  listTiers,
  refreshAllTiers,
  rewardValueText,
  saveProgrammeSettings,
  setRewardEnabled,
  updateReward,
  updateTier,
} from "./catalogue.server";
import { SYNC_PROGRAM_JOB } from "./jobs.server";
import { findOrCreateMember, writeEntries } from "./ledger.server";
import { DEFAULT_LOYALTY_SETTINGS, loadLoyaltySettings } from "./loyalty-settings.server";
import { SYNC_MEMBER_JOB } from "./order-points.server";
import { qualifyingValue, refreshTier } from "./tiers.server";

const newShop = () => `shop-${randomUUID().slice(0, 8)}.myshopify.com`;
const NOW = new Date(Date.UTC(2030, 5, 1, 12));
const DAY = 86_400_000;

const reward = (fields: Record<string, unknown> = {}) => ({
  name: "€5 off",
  kind: "amount_off",
  value: "5",
  pointsCost: "500",
  minimumOrder: "",
  enabled: "true",
  ...fields,
});

const jobs = (shop: string, type: string) => db.job.count({ where: { shop, type } });

async function memberWithPoints(shop: string, points: number, at = NOW, email = `${randomUUID().slice(0, 8)}@example.com`) {
  const member = (await findOrCreateMember(db, shop, { customerId: `gid://shopify/Customer/${randomUUID()}`, email }))!;
  if (points !== 0) {
    await db.$transaction((tx) =>
      writeEntries(tx, member, [{ kind: "earn", bucket: "balance", points, idempotencyKey: `test:${randomUUID()}` }], at),
    );
  }
  return db.loyaltyMember.findUniqueOrThrow({ where: { id: member.id } });
}

describe("reward values", () => {
  it("formats reward values in the shop's currency", () => {
    const text = (kind: RewardKind, value: string, currency: string, creditExpiryDays: number | null = null) =>
      rewardValueText({ kind, value, creditExpiryDays }, currency);
    expect(text("amount_off", "5.00", "EUR")).toBe("€5.00 off");
    expect(text("amount_off", "1250.50", "USD")).toBe("$1,250.50 off");
    expect(text("percent_off", "12.5", "EUR")).toBe("12.5% off");
    expect(text("free_shipping", "0", "EUR")).toBe("Free shipping");
    expect(text("amount_off", "500", "JPY")).toBe("¥500 off");
    expect(text("store_credit", "7.50", "EUR")).toBe("€7.50 store credit");
    expect(text("store_credit", "7.50", "EUR", 90)).toBe("€7.50 store credit, expires 90 days after redeeming");
    expect(text("store_credit", "1000", "JPY", 1)).toBe("¥1,000 store credit, expires 1 day after redeeming");
  });
});

describe("rewards", () => {
  it("validates each kind's value, cost and minimum order with one message per field", async () => {
    const shop = newShop();
    const errorsOf = async (fields: Record<string, unknown>) => {
      const result = await createReward(db, shop, reward(fields));
      return result.ok ? null : result.errors;
    };
    expect(await errorsOf({ name: "  " })).toEqual({ name: "Give the reward a name." });
    expect(await errorsOf({ name: "x".repeat(81) })).toEqual({ name: "Reward names are limited to 80 characters." });
    expect(await errorsOf({ kind: "gift" })).toEqual({ kind: "Choose an amount off, a percentage off, free shipping or store credit." });
    expect(await errorsOf({ kind: "store_credit", value: "" })).toEqual({ value: "Enter the store credit amount." });
    expect(await errorsOf({ kind: "store_credit", value: "0" })).toEqual({ value: "The store credit amount must be more than 0." });
    expect(await errorsOf({ kind: "store_credit", creditExpiryDays: "0" })).toEqual({
      creditExpiryDays: "Enter a whole number of days from 1 to 3,650, or leave it empty for credit that never expires.",
    });
    expect(await errorsOf({ kind: "store_credit", creditExpiryDays: "2.5" })).toEqual({
      creditExpiryDays: "Enter a whole number of days from 1 to 3,650, or leave it empty for credit that never expires.",
    });
    expect(await errorsOf({ value: "" })).toEqual({ value: "Enter the amount off." });
    expect(await errorsOf({ value: "0" })).toEqual({ value: "The amount off must be more than 0." });
    expect(await errorsOf({ value: "4.999" })).toEqual({ value: "Enter an amount such as 5 or 4.50 (at most 2 decimal places)." });
    expect(await errorsOf({ kind: "percent_off", value: "0.5" })).toEqual({ value: "The percentage off must be from 1 to 100." });
    expect(await errorsOf({ kind: "percent_off", value: "101" })).toEqual({ value: "The percentage off must be from 1 to 100." });
    expect(await errorsOf({ kind: "percent_off", value: "" })).toEqual({ value: "Enter the percentage off." });
    expect(await errorsOf({ pointsCost: "0" })).toEqual({ pointsCost: "Enter 1 or more." });
    expect(await errorsOf({ pointsCost: "1000001" })).toMatchObject({ pointsCost: expect.any(String) });
    expect(await errorsOf({ pointsCost: "12.5" })).toMatchObject({ pointsCost: expect.any(String) });
    expect(await errorsOf({ pointsCost: "" })).toMatchObject({ pointsCost: expect.any(String) });
    expect(await errorsOf({ minimumOrder: "-1" })).toEqual({
      minimumOrder: "Enter a minimum order such as 20 or 19.99, or leave it empty for none.",
    });
    // Several problems at once are all reported.
    expect(await errorsOf({ name: "", value: "abc", minimumOrder: "x" })).toEqual({
      name: expect.any(String),
      value: expect.any(String),
      minimumOrder: expect.any(String),
    });
    // Nothing was stored and nothing synced.
    expect(await listRewards(db, shop)).toEqual([]);
    expect(await jobs(shop, SYNC_PROGRAM_JOB)).toBe(0);
  });

  it("stores store credit with its amount and expiry and never a minimum order; other kinds never keep an expiry", async () => {
    const shop = newShop();
    const credit = await createReward(
      db,
      shop,
      reward({ name: "€7.50 credit", kind: "store_credit", value: "7,5", minimumOrder: "20", creditExpiryDays: " 90 " }),
    );
    expect(credit).toMatchObject({ ok: true, reward: { kind: "store_credit", value: "7.50", minimumOrder: null, creditExpiryDays: 90 } });
    if (!credit.ok) throw new Error("not created");
    const forever = await updateReward(db, shop, credit.reward.id, reward({ kind: "store_credit", value: "10", creditExpiryDays: "" }));
    expect(forever).toMatchObject({ ok: true, reward: { value: "10.00", creditExpiryDays: null } });
    const amountOff = await updateReward(db, shop, credit.reward.id, reward({ creditExpiryDays: "30" }));
    expect(amountOff).toMatchObject({ ok: true, reward: { kind: "amount_off", creditExpiryDays: null } });
  });

  it("stores normalised values, lists enabled rewards cheapest first and syncs the programme on every change", async () => {
    const shop = newShop();
    const other = newShop();
    const amount = await createReward(db, shop, reward({ name: " €5 off ", value: "5", minimumOrder: "20,5" }));
    const percent = await createReward(
      db,
      shop,
      reward({ name: "10% off", kind: "percent_off", value: "10.00", pointsCost: "900", minimumOrder: "0" }),
    );
    const shipping = await createReward(
      db,
      shop,
      reward({ name: "Free shipping", kind: "free_shipping", value: "whatever", pointsCost: "300", enabled: "false" }),
    );
    await createReward(db, other, reward());
    if (!amount.ok || !percent.ok || !shipping.ok) throw new Error("not created");
    expect(amount.reward).toMatchObject({
      shop,
      name: "€5 off",
      kind: "amount_off",
      value: "5.00",
      pointsCost: 500,
      minimumOrder: "20.50",
      enabled: true,
    });
    expect(percent.reward).toMatchObject({ value: "10", minimumOrder: null });
    expect(shipping.reward).toMatchObject({ value: "0", enabled: false });
    expect(await jobs(shop, SYNC_PROGRAM_JOB)).toBe(3);

    expect((await listRewards(db, shop)).map((r) => r.name)).toEqual(["€5 off", "10% off", "Free shipping"]);

    const updated = await updateReward(db, shop, amount.reward.id, reward({ name: "€7.50 off", value: "7.5", pointsCost: "750" }));
    expect(updated).toMatchObject({ ok: true, reward: { name: "€7.50 off", value: "7.50", pointsCost: 750, minimumOrder: null } });
    expect(await jobs(shop, SYNC_PROGRAM_JOB)).toBe(4);
    // Another shop's reward cannot be changed from this shop.
    const foreign = (await listRewards(db, other))[0]!;
    expect(await updateReward(db, shop, foreign.id, reward({ name: "Hijacked" }))).toMatchObject({ ok: false, notFound: true });
    expect(await setRewardEnabled(db, shop, foreign.id, false)).toBe(false);
    expect(await deleteReward(db, shop, foreign.id)).toBe("not_found");
    expect((await listRewards(db, other))[0]).toMatchObject({ name: "€5 off", enabled: true });

    expect(await setRewardEnabled(db, shop, shipping.reward.id, true)).toBe(true);
    expect(await jobs(shop, SYNC_PROGRAM_JOB)).toBe(5);
    expect(await db.loyaltyReward.findUnique({ where: { id: shipping.reward.id } })).toMatchObject({ enabled: true });
  });

  it("deletes a reward nobody redeemed and only disables one that was redeemed", async () => {
    const shop = newShop();
    const unused = await createReward(db, shop, reward({ name: "Unused" }));
    const used = await createReward(db, shop, reward({ name: "Used" }));
    if (!unused.ok || !used.ok) throw new Error("not created");
    const member = await memberWithPoints(shop, 0);
    await db.loyaltyRedemption.create({
      data: { shop, memberId: member.id, rewardId: used.reward.id, points: 500, code: "REWARD-TEST", status: "issued" },
    });
    await db.loyaltyRedemption.create({
      data: { shop, memberId: member.id, rewardId: used.reward.id, points: 500, code: "REWARD-FAIL", status: "failed" },
    });

    expect(await deleteReward(db, shop, unused.reward.id)).toBe("deleted");
    expect(await deleteReward(db, shop, used.reward.id)).toBe("disabled");
    expect(await deleteReward(db, shop, unused.reward.id)).toBe("not_found");
    const rows = await listRewards(db, shop);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ name: "Used", enabled: false, redemptions: 1 });
    expect(await jobs(shop, SYNC_PROGRAM_JOB)).toBe(4);
  });
});

describe("tiers", () => {
  it("validates tiers and refuses a second tier at the same threshold or with the same name", async () => {
    const shop = newShop();
    const errorsOf = async (input: Record<string, unknown>) => {
      const result = await createTier(db, shop, { name: "Gold", threshold: "1000", multiplierPercent: "150", ...input }, NOW);
      return result.ok ? null : result.errors;
    };
    expect(await errorsOf({ name: "" })).toEqual({ name: "Give the tier a name." });
    expect(await errorsOf({ threshold: "-1" })).toEqual({ threshold: "Enter 0 or more." });
    expect(await errorsOf({ multiplierPercent: "99" })).toEqual({
      multiplierPercent: "Enter 100 or more.",
    });
    expect(await errorsOf({ multiplierPercent: "1001" })).toMatchObject({ multiplierPercent: expect.any(String) });

    expect(await errorsOf({})).toBeNull();
    expect(await errorsOf({ name: "Platinum" })).toEqual({ threshold: "Gold already starts at 1,000. Each tier needs its own threshold." });
    expect(await errorsOf({ name: "gold", threshold: "2000" })).toEqual({ name: "There is already a tier called Gold." });
    // The same threshold in another shop is fine.
    expect((await createTier(db, newShop(), { name: "Gold", threshold: "1000", multiplierPercent: "150" }, NOW)).ok).toBe(true);

    const silver = await createTier(db, shop, { name: "Silver", threshold: "500", multiplierPercent: "125" }, NOW);
    if (!silver.ok) throw new Error("not created");
    expect(await updateTier(db, shop, silver.tier.id, { name: "Silver", threshold: "1000", multiplierPercent: "125" }, NOW)).toMatchObject({
      ok: false,
      errors: { threshold: "Gold already starts at 1,000. Each tier needs its own threshold." },
    });
    // Keeping its own threshold is not a conflict.
    expect(await updateTier(db, shop, silver.tier.id, { name: "Silver+", threshold: "500", multiplierPercent: "130" }, NOW)).toMatchObject({
      ok: true,
      tier: { name: "Silver+", threshold: 500, multiplierPercent: 130 },
      refresh: null,
    });
    expect((await listTiers(db, shop)).map((t) => [t.name, t.threshold])).toEqual([
      ["Silver+", 500],
      ["Gold", 1000],
    ]);
    expect(await jobs(shop, SYNC_PROGRAM_JOB)).toBe(3);
  });

  it("moves members into the tiers they qualify for when thresholds change, and out of a deleted tier", async () => {
    const shop = newShop();
    const low = await memberWithPoints(shop, 100);
    const mid = await memberWithPoints(shop, 600);
    const high = await memberWithPoints(shop, 1500);
    const old = await memberWithPoints(shop, 5000, new Date(NOW.getTime() - 400 * DAY)); // earned more than a year ago
    const other = await memberWithPoints(newShop(), 5000);

    const silver = await createTier(db, shop, { name: "Silver", threshold: "500", multiplierPercent: "125" }, NOW);
    expect(silver).toMatchObject({ ok: true, refresh: { refreshed: true, members: 4, moved: 2 } });
    const gold = await createTier(db, shop, { name: "Gold", threshold: "1000", multiplierPercent: "150" }, NOW);
    expect(gold).toMatchObject({ ok: true, refresh: { refreshed: true, members: 4, moved: 1 } });
    if (!silver.ok || !gold.ok) throw new Error("not created");

    const tierOf = async (id: string) => (await db.loyaltyMember.findUniqueOrThrow({ where: { id } })).tierId;
    expect([await tierOf(low.id), await tierOf(mid.id), await tierOf(high.id), await tierOf(old.id)]).toEqual([
      null,
      silver.tier.id,
      gold.tier.id,
      null,
    ]);
    expect(await tierOf(other.id)).toBeNull();
    expect((await listTiers(db, shop)).map((t) => t.members)).toEqual([1, 1]);
    // Members who moved get their storefront status synced.
    expect(await jobs(shop, SYNC_MEMBER_JOB)).toBe(3);

    // Gold now needs 2,000: the 1,500 member drops to Silver. A new name alone moves nobody.
    const raised = await updateTier(db, shop, gold.tier.id, { name: "Gold", threshold: "2000", multiplierPercent: "150" }, NOW);
    expect(raised).toMatchObject({ ok: true, refresh: { refreshed: true, moved: 1 } });
    expect(await tierOf(high.id)).toBe(silver.tier.id);
    expect(await updateTier(db, shop, gold.tier.id, { name: "Gold VIP", threshold: "2000", multiplierPercent: "200" }, NOW)).toMatchObject({
      ok: true,
      refresh: null,
    });

    // Silver goes: its members fall out of every tier.
    expect(await deleteTier(db, shop, silver.tier.id, NOW)).toMatchObject({ ok: true, refresh: { refreshed: true, moved: 2 } });
    expect([await tierOf(mid.id), await tierOf(high.id)]).toEqual([null, null]);
    expect(await deleteTier(db, shop, silver.tier.id, NOW)).toEqual({ ok: false });
    expect(await deleteTier(db, other.shop, gold.tier.id, NOW)).toEqual({ ok: false });
    expect(await db.loyaltyTier.count({ where: { shop } })).toBe(1);
  });

  it("leaves big shops to move members at their next points change, clearing a deleted tier", async () => {
    const shop = newShop();
    const member = await memberWithPoints(shop, 800);
    await memberWithPoints(shop, 10);
    const silver = await createTier(db, shop, { name: "Silver", threshold: "500", multiplierPercent: "125" }, NOW);
    if (!silver.ok) throw new Error("not created");
    expect(await refreshAllTiers(db, shop, NOW, { limit: 2 })).toEqual({ refreshed: false, members: 2 });
    expect(await refreshAllTiers(db, shop, NOW, { limit: 3, batchSize: 1 })).toEqual({ refreshed: true, members: 2, moved: 0 });
    expect((await db.loyaltyMember.findUniqueOrThrow({ where: { id: member.id } })).tierId).toBe(silver.tier.id);
  });

  it("agrees with refreshTier for every member, on points and on spend", async () => {
    const shop = newShop();
    await db.shop.create({ data: { domain: shop, name: "Shop", currencyCode: "EUR" } });
    const members = [];
    for (let n = 0; n < 7; n++) members.push(await memberWithPoints(shop, n * 250, new Date(NOW.getTime() - n * 70 * DAY)));
    // Orders: by customer id, by email only (a guest order), one refunded in part, one cancelled, one too old.
    const order = (n: number, fields: Record<string, unknown>) =>
      db.order.create({
        data: {
          id: `gid://shopify/Order/${randomUUID()}`,
          shop,
          name: `#${1000 + n}`,
          currencyCode: "EUR",
          presentmentCurrencyCode: "EUR",
          totalPrice: "100.00",
          presentmentTotalPrice: "100.00",
          subtotalPrice: "100.00",
          financialStatus: "paid",
          lineItems: [],
          processedAt: new Date(NOW.getTime() - DAY),
          paidAt: new Date(NOW.getTime() - DAY),
          ...fields,
        },
      });
    await order(1, { customerId: members[1]!.customerId, totalPrice: "250.99" });
    await order(2, { email: members[1]!.email, totalPrice: "100.00" });
    const refunded = await order(3, { customerId: members[2]!.customerId, totalPrice: "800.00" });
    await db.refund.create({
      data: { id: `gid://shopify/Refund/${randomUUID()}`, shop, orderId: refunded.id, amount: "300.50", lineItems: [], createdAt: NOW },
    });
    await order(4, { customerId: members[3]!.customerId, totalPrice: "900.00", cancelledAt: NOW });
    await order(5, { customerId: members[4]!.customerId, totalPrice: "900.00", processedAt: new Date(NOW.getTime() - 400 * DAY) });
    await order(6, { email: members[5]!.email, totalPrice: "650.00" });
    await order(7, { customerId: members[0]!.customerId, totalPrice: "200.00" });

    for (const [threshold, multiplierPercent] of [
      [200, 110],
      [350, 125],
      [600, 150],
    ]) {
      await createTier(db, shop, { name: `Tier ${threshold}`, threshold, multiplierPercent }, NOW);
    }
    for (const basis of ["points", "spend"] as const) {
      await saveProgrammeSettings(db, shop, { ...DEFAULT_LOYALTY_SETTINGS, tierBasis: basis }, NOW);
      const batched = new Map((await db.loyaltyMember.findMany({ where: { shop } })).map((m) => [m.id, m.tierId]));
      // Members are spread over no tier and several tiers, so the comparison means something.
      expect(new Set(batched.values()).size).toBeGreaterThanOrEqual(3);
      for (const member of members) {
        expect(await refreshTier(db, shop, member.id, NOW)).toBe(batched.get(member.id));
      }
      if (basis === "spend") {
        expect(await qualifyingValue(db, shop, members[1]!.id, basis, NOW)).toBe(350);
        expect(await qualifyingValue(db, shop, members[2]!.id, basis, NOW)).toBe(499);
      }
    }
  });
});

describe("saveProgrammeSettings", () => {
  it("saves valid settings, syncs the programme and re-evaluates tiers when the basis changes", async () => {
    const shop = newShop();
    const bad = await saveProgrammeSettings(
      db,
      shop,
      { ...DEFAULT_LOYALTY_SETTINGS, pointsPerUnit: "-1", expiryMonths: "1", expiryWarningDays: "40" },
      NOW,
    );
    expect(bad).toMatchObject({ ok: false, errors: { pointsPerUnit: "Enter 0 or more." } });
    expect(await jobs(shop, SYNC_PROGRAM_JOB)).toBe(0);

    const form = Object.fromEntries(
      Object.entries({ ...DEFAULT_LOYALTY_SETTINGS, enabled: true, pointsPerUnit: 2 }).map(([k, v]) => [k, String(v)]),
    );
    expect(await saveProgrammeSettings(db, shop, form, NOW)).toMatchObject({
      ok: true,
      settings: { enabled: true, pointsPerUnit: 2 },
      refresh: null,
    });
    expect(await loadLoyaltySettings(db, shop)).toMatchObject({ enabled: true, pointsPerUnit: 2 });
    expect(await jobs(shop, SYNC_PROGRAM_JOB)).toBe(1);

    await memberWithPoints(shop, 700);
    await createTier(db, shop, { name: "Silver", threshold: "500", multiplierPercent: "125" }, NOW);
    expect(await saveProgrammeSettings(db, shop, { ...form, tierBasis: "spend" }, NOW)).toMatchObject({
      ok: true,
      refresh: { refreshed: true, members: 1, moved: 1 },
    });
    expect(await db.loyaltyMember.count({ where: { shop, tierId: { not: null } } })).toBe(0);
  });
});
