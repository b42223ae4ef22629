import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import db from "../db.server";
import { createTier } from "./catalogue.server";
import { writeEntries, type EntryInput } from "./ledger.server";
import { DEFAULT_LOYALTY_SETTINGS, saveLoyaltySettings } from "./loyalty-settings.server";
import { LoyaltySettingsInput } from "./loyalty-settings-form";
import type { Page } from "../lib/keyset.server";
import { adjustPoints, loyaltyOverview, memberDetail, searchMembers } from "./members.server";
import { SYNC_MEMBER_JOB } from "./order-points.server";

const newShop = () => `shop-${randomUUID().slice(0, 8)}.myshopify.com`;
const NOW = new Date(Date.UTC(2030, 5, 1, 12));
const DAY = 86_400_000;
const at = (minute: number) => new Date(NOW.getTime() - 60 * DAY + minute * 60_000);

let sequence = 0;
async function member(
  shop: string,
  fields: { email?: string | null; firstName?: string | null; customerId?: string | null; lastActivityAt?: Date; id?: string } = {},
) {
  const n = ++sequence;
  return db.loyaltyMember.create({
    data: {
      id: fields.id,
      shop,
      customerId: fields.customerId === undefined ? `gid://shopify/Customer/${9000 + n}` : fields.customerId,
      email: fields.email === undefined ? `member${n}@example.com` : fields.email,
      firstName: fields.firstName ?? null,
      referralCode: `REF${n}${randomUUID().slice(0, 6)}`,
      lastActivityAt: fields.lastActivityAt ?? at(0),
    },
  });
}

async function post(memberId: string, entries: (Omit<EntryInput, "idempotencyKey"> & { idempotencyKey?: string })[], when: Date) {
  await db.$transaction(async (tx) => {
    const locked = await tx.loyaltyMember.findUniqueOrThrow({ where: { id: memberId } });
    await writeEntries(
      tx,
      locked,
      entries.map((e) => ({ idempotencyKey: `test:${randomUUID()}`, ...e })),
      when,
    );
  });
}

const emails = (page: Page<{ email: string | null }>) => page.rows.map((row) => row.email);

describe("searchMembers", () => {
  it("lists the shop's members by latest activity and finds them by email, first name or customer id", async () => {
    const shop = newShop();
    await member(newShop(), { email: "alex@other.example", lastActivityAt: at(50) });
    await member(shop, {
      email: "alex@example.com",
      firstName: "Alexandra",
      customerId: "gid://shopify/Customer/1234567",
      lastActivityAt: at(1),
    });
    await member(shop, { email: "sam@example.com", firstName: "Sam", customerId: "gid://shopify/Customer/555", lastActivityAt: at(3) });
    await member(shop, { email: "kim@example.com", firstName: null, customerId: null, lastActivityAt: at(2) });
    await member(shop, { email: null, firstName: "Zoë", customerId: "gid://shopify/Customer/890", lastActivityAt: at(4) });

    const all = await searchMembers(db, shop, { take: 10 });
    expect(emails(all)).toEqual([null, "sam@example.com", "kim@example.com", "alex@example.com"]);
    expect(all).toMatchObject({ hasNext: false, hasPrevious: false, nextCursor: null, previousCursor: null });
    expect(all.rows[1]).toMatchObject({ firstName: "Sam", balance: 0, tierName: null });

    expect(emails(await searchMembers(db, shop, { query: "ALEX", take: 10 }))).toEqual(["alex@example.com"]);
    expect(emails(await searchMembers(db, shop, { query: "alexandra", take: 10 }))).toEqual(["alex@example.com"]);
    expect(emails(await searchMembers(db, shop, { query: "sAm", take: 10 }))).toEqual(["sam@example.com"]);
    expect(emails(await searchMembers(db, shop, { query: " @example.com ", take: 10 }))).toEqual([
      "sam@example.com",
      "kim@example.com",
      "alex@example.com",
    ]);
    // The end of the customer id: what Shopify admin shows in the customer's URL.
    expect(emails(await searchMembers(db, shop, { query: "4567", take: 10 }))).toEqual(["alex@example.com"]);
    expect(emails(await searchMembers(db, shop, { query: "gid://shopify/Customer/555", take: 10 }))).toEqual(["sam@example.com"]);
    expect(emails(await searchMembers(db, shop, { query: "123", take: 10 }))).toEqual([]);
    expect(emails(await searchMembers(db, shop, { query: "other.example", take: 10 }))).toEqual([]);
  });

  it("pages forwards and back without skipping members active at the same moment, and names their tier", async () => {
    const shop = newShop();
    const prefix = randomUUID();
    const ids: string[] = [];
    for (const [n, letter] of ["c", "a", "e", "b", "d", "f", "g"].entries()) {
      ids.push((await member(shop, { id: `${prefix}-${letter}`, lastActivityAt: n < 5 ? at(0) : at(n) })).id);
    }
    const newestFirst = [ids[6]!, ids[5]!, ...ids.slice(0, 5).sort().reverse()];
    const gold = await createTier(db, shop, { name: "Gold", threshold: 0, multiplierPercent: 150 }, NOW);
    expect(gold).toMatchObject({ ok: true, refresh: { moved: 7 } });

    const pages: Page<{ id: string; tierName: string | null }>[] = [];
    let cursor: string | null = null;
    do {
      const page: Page<{ id: string; tierName: string | null }> = await searchMembers(db, shop, { take: 3, cursor });
      pages.push(page);
      cursor = page.nextCursor;
    } while (cursor);
    expect(pages.map((p) => p.rows.map((m) => m.id))).toEqual([newestFirst.slice(0, 3), newestFirst.slice(3, 6), newestFirst.slice(6)]);
    expect(pages.map((p) => [p.hasPrevious, p.hasNext])).toEqual([
      [false, true],
      [true, true],
      [true, false],
    ]);
    expect(pages[0]!.rows[0]!.tierName).toBe("Gold");

    const middle = await searchMembers(db, shop, { take: 3, before: pages[2]!.previousCursor });
    expect(middle.rows.map((m) => m.id)).toEqual(newestFirst.slice(3, 6));
    const first = await searchMembers(db, shop, { take: 3, before: middle.previousCursor });
    expect(first.rows.map((m) => m.id)).toEqual(newestFirst.slice(0, 3));
    expect([first.hasPrevious, first.hasNext, first.previousCursor]).toEqual([false, true, null]);
    // A cursor that was tampered with starts over.
    expect((await searchMembers(db, shop, { take: 3, cursor: "nonsense" })).rows.map((m) => m.id)).toEqual(newestFirst.slice(0, 3));
  });
});

describe("memberDetail", () => {
  it("shows the member's tier, ledger newest first with order names, and redemptions with reward names", async () => {
    const shop = newShop();
    const someone = await member(shop);
    const bystander = await member(shop);
    await db.order.create({
      data: {
        id: "gid://shopify/Order/77",
        shop,
        name: "#1077",
        currencyCode: "EUR",
        presentmentCurrencyCode: "EUR",
        totalPrice: "50.00",
        presentmentTotalPrice: "50.00",
        subtotalPrice: "50.00",
        financialStatus: "paid",
        lineItems: [],
        processedAt: at(0),
      },
    });
    await post(
      someone.id,
      [{ kind: "pending", bucket: "pending", points: 50, orderId: "gid://shopify/Order/77", note: "Order #1077" }],
      at(1),
    );
    await post(
      someone.id,
      [
        { kind: "release", bucket: "pending", points: -50, orderId: "gid://shopify/Order/77", note: "released" },
        { kind: "release", bucket: "balance", points: 50, orderId: "gid://shopify/Order/77", note: "released" },
      ],
      at(2),
    );
    await post(someone.id, [{ kind: "adjust", bucket: "balance", points: 500, note: "Goodwill" }], at(3));
    await post(someone.id, [{ kind: "redeem", bucket: "balance", points: -300, note: "Redeemed" }], at(4));
    await post(bystander.id, [{ kind: "adjust", bucket: "balance", points: 7, note: "Not theirs" }], at(5));
    const reward = await db.loyaltyReward.create({ data: { shop, name: "€5 off", kind: "amount_off", value: "5.00", pointsCost: 300 } });
    await db.loyaltyRedemption.create({
      data: { shop, memberId: someone.id, rewardId: reward.id, points: 300, code: "REWARD-ONE", status: "issued", createdAt: at(4) },
    });
    await db.loyaltyRedemption.create({
      data: { shop, memberId: someone.id, rewardId: "gone", points: 100, code: "REWARD-TWO", status: "failed", createdAt: at(5) },
    });
    await createTier(db, shop, { name: "Silver", threshold: 10, multiplierPercent: 125 }, NOW);

    const detail = await memberDetail(db, shop, someone.id, { take: 3 });
    expect(detail).not.toBeNull();
    expect(detail!.member).toMatchObject({ id: someone.id, balance: 250, pending: 0, lifetimeEarned: 50 });
    expect(detail!.tier).toMatchObject({ name: "Silver", multiplierPercent: 125 });
    expect(detail!.entries.rows.map((e) => [e.kind, e.points])).toEqual([
      ["redeem", -300],
      ["adjust", 500],
      expect.arrayContaining(["release"]),
    ]);
    expect(detail!.entries.rows[2]).toMatchObject({ orderName: "#1077" });
    expect(detail!.entries.hasNext).toBe(true);
    const older = await memberDetail(db, shop, someone.id, { take: 3, cursor: detail!.entries.nextCursor });
    expect(older!.entries.rows.map((e) => e.kind)).toEqual(["release", "pending"]);
    expect(older!.entries).toMatchObject({ hasNext: false, hasPrevious: true });
    expect(detail!.redemptions).toEqual({
      total: 2,
      rows: [
        expect.objectContaining({ code: "REWARD-TWO", status: "failed", rewardName: null }),
        expect.objectContaining({ code: "REWARD-ONE", status: "issued", rewardName: "€5 off", points: 300 }),
      ],
    });

    expect(await memberDetail(db, newShop(), someone.id, { take: 3 })).toBeNull();
    expect(await memberDetail(db, shop, "no-such-member", { take: 3 })).toBeNull();
  });
});

describe("adjustPoints", () => {
  it("validates the points and the reason", async () => {
    const shop = newShop();
    const someone = await member(shop);
    const errorsOf = async (input: Record<string, unknown>) => {
      const result = await adjustPoints(db, shop, someone.id, { points: "10", reason: "Goodwill", ...input }, NOW);
      return result.ok ? null : result.errors;
    };
    const pointsMessage = "Enter a whole number of points from -1,000,000 to 1,000,000: positive to add, negative to deduct.";
    expect(await errorsOf({ points: "" })).toEqual({ points: pointsMessage });
    expect(await errorsOf({ points: "abc" })).toEqual({ points: pointsMessage });
    expect(await errorsOf({ points: "1.5" })).toEqual({ points: pointsMessage });
    expect(await errorsOf({ points: "1000001" })).toEqual({ points: pointsMessage });
    expect(await errorsOf({ points: "-1000001" })).toEqual({ points: pointsMessage });
    expect(await errorsOf({ points: "0" })).toEqual({ points: "Enter points to add, or a negative number to deduct." });
    expect(await errorsOf({ reason: " ab " })).toEqual({
      reason: "Give a reason of at least 3 characters; it is shown in the points history.",
    });
    expect(await errorsOf({ reason: "x".repeat(201) })).toEqual({ reason: "Reasons are limited to 200 characters." });
    expect(await errorsOf({ reason: undefined })).toMatchObject({ reason: expect.any(String) });
    expect(await errorsOf({ key: "not-a-uuid" })).toMatchObject({ key: expect.any(String) });
    expect(await db.loyaltyEntry.count({ where: { shop } })).toBe(0);
  });

  it("adds and deducts points in the ledger, refuses to go below zero unless allowed, and posts a form sent twice once", async () => {
    const shop = newShop();
    const someone = await member(shop);
    await createTier(db, shop, { name: "Silver", threshold: 100, multiplierPercent: 125 }, NOW);

    const added = await adjustPoints(db, shop, someone.id, { points: "+120", reason: "  Missing points for order #1001  " }, NOW);
    expect(added).toMatchObject({
      ok: true,
      balance: 120,
      entry: { kind: "adjust", bucket: "balance", points: 120, note: "Missing points for order #1001" },
    });
    expect(added.ok && added.entry!.idempotencyKey).toMatch(/^adjust:[0-9a-f-]{36}$/);
    // Adjustments are not earnings: no lifetime points, no tier, but the storefront is synced.
    expect(await db.loyaltyMember.findUniqueOrThrow({ where: { id: someone.id } })).toMatchObject({
      balance: 120,
      lifetimeEarned: 0,
      tierId: null,
    });
    expect(await db.job.count({ where: { shop, type: SYNC_MEMBER_JOB } })).toBe(1);

    const tooMuch = await adjustPoints(db, shop, someone.id, { points: "-121", reason: "Correction" }, NOW);
    expect(tooMuch).toMatchObject({
      ok: false,
      notFound: false,
      errors: { points: expect.stringContaining("the member has 120 points to spend, so deduct at most 120") },
    });
    expect(await adjustPoints(db, shop, someone.id, { points: "−120", reason: "Correction" }, NOW)).toMatchObject({ ok: true, balance: 0 });

    await saveLoyaltySettings(db, shop, LoyaltySettingsInput.parse({ ...DEFAULT_LOYALTY_SETTINGS, allowNegativeBalance: true }));
    expect(await adjustPoints(db, shop, someone.id, { points: -30, reason: "Refund after spending" }, NOW)).toMatchObject({
      ok: true,
      balance: -30,
    });

    const key = randomUUID();
    expect(await adjustPoints(db, shop, someone.id, { points: "50", reason: "Double click", key }, NOW)).toMatchObject({
      ok: true,
      balance: 20,
    });
    expect(await adjustPoints(db, shop, someone.id, { points: "50", reason: "Double click", key }, NOW)).toMatchObject({
      ok: true,
      balance: 20,
      entry: null,
    });

    const ledger = await db.loyaltyEntry.findMany({ where: { shop, memberId: someone.id }, orderBy: { createdAt: "asc" } });
    expect(ledger.map((e) => e.points)).toEqual([120, -120, -30, 50]);
    expect((await db.loyaltyMember.findUniqueOrThrow({ where: { id: someone.id } })).balance).toBe(
      ledger.reduce((sum, e) => sum + e.points, 0),
    );

    expect(await adjustPoints(db, newShop(), someone.id, { points: "5", reason: "Wrong shop" }, NOW)).toMatchObject({
      ok: false,
      notFound: true,
    });
  });
});

describe("loyaltyOverview", () => {
  it("sums members, outstanding and pending points, and the last 30 days' issued and redeemed points", async () => {
    const shop = newShop();
    const empty = await loyaltyOverview(db, shop, NOW);
    expect(empty).toEqual({
      enabled: false,
      started: false,
      members: 0,
      pointsOutstanding: 0,
      pointsPending: 0,
      pointsIssued30d: 0,
      pointsRedeemed30d: 0,
      redemptions30d: 0,
      rewards: 0,
      tiers: 0,
    });
    await saveLoyaltySettings(db, shop, LoyaltySettingsInput.parse({ ...DEFAULT_LOYALTY_SETTINGS, enabled: true }));
    expect(await loyaltyOverview(db, shop, NOW)).toMatchObject({ enabled: true, started: true });

    const a = await member(shop);
    const b = await member(shop);
    const recently = new Date(NOW.getTime() - 5 * DAY);
    const longAgo = new Date(NOW.getTime() - 45 * DAY);
    await post(a.id, [{ kind: "earn", bucket: "balance", points: 1000 }], longAgo);
    await post(a.id, [{ kind: "pending", bucket: "pending", points: 80 }], recently);
    await post(a.id, [{ kind: "redeem", bucket: "balance", points: -500 }], recently);
    await post(a.id, [{ kind: "redeem", bucket: "balance", points: -200 }], recently);
    await post(a.id, [{ kind: "redeem", bucket: "balance", points: 200 }], recently); // a failed code: points returned
    await post(b.id, [{ kind: "earn", bucket: "balance", points: 300 }], recently);
    await post(b.id, [{ kind: "adjust", bucket: "balance", points: 20 }], recently);
    await post(b.id, [{ kind: "adjust", bucket: "balance", points: -5 }], recently);
    await post(
      b.id,
      [
        { kind: "release", bucket: "pending", points: -10 },
        { kind: "release", bucket: "balance", points: 10 },
      ],
      recently,
    );
    await post(b.id, [{ kind: "redeem", bucket: "balance", points: -100 }], longAgo);
    const otherShop = newShop();
    await post((await member(otherShop)).id, [{ kind: "earn", bucket: "balance", points: 999 }], recently);
    const reward = await db.loyaltyReward.create({ data: { shop, name: "€5 off", kind: "amount_off", value: "5.00", pointsCost: 500 } });
    await db.loyaltyReward.create({ data: { shop, name: "Old", kind: "free_shipping", pointsCost: 100, enabled: false } });
    await db.loyaltyRedemption.create({
      data: { shop, memberId: a.id, rewardId: reward.id, points: 500, code: "R-1", status: "issued", createdAt: recently },
    });
    await db.loyaltyRedemption.create({
      data: { shop, memberId: a.id, rewardId: reward.id, points: 200, code: "R-2", status: "failed", createdAt: recently },
    });
    await db.loyaltyRedemption.create({
      data: { shop, memberId: b.id, rewardId: reward.id, points: 100, code: "R-3", status: "issued", createdAt: longAgo },
    });
    await createTier(db, shop, { name: "Gold", threshold: 1000, multiplierPercent: 150 }, NOW);

    expect(await loyaltyOverview(db, shop, NOW)).toEqual({
      enabled: true,
      started: true,
      members: 2,
      pointsOutstanding: 1000 - 500 - 200 + 200 + 300 + 20 - 5 + 10 - 100,
      pointsPending: 80 - 10,
      pointsIssued30d: 80 + 300 + 20,
      pointsRedeemed30d: 500,
      redemptions30d: 1,
      rewards: 1,
      tiers: 1,
    });
  });
});
