import { afterAll, describe, expect, it } from "vitest";
import { enableLoyalty, ledgerView, newShop } from "../../tests/support/loyalty-fixtures";
import db, { createDb, dbProvider, type Db } from "../db.server";
import { findOrCreateMember, postToLedger, randomCode, type EntryInput } from "./ledger.server";

const NOW = new Date("2030-03-01T12:00:00Z");
const isPostgres = dbProvider(db) === "postgresql";
// On PostgreSQL, concurrent callers use separate clients (separate pools), as separate
// workers would; on SQLite there is one process and one client.
const clients: Db[] = isPostgres ? Array.from({ length: 4 }, () => createDb(process.env.DATABASE_URL!)) : [db];
afterAll(() => Promise.all(clients.filter((client) => client !== db).map((client) => client.$disconnect())));

async function newMember(shop = newShop(), customer = `gid://shopify/Customer/${Math.floor(Math.random() * 1e9)}`) {
  await enableLoyalty(db, shop);
  const member = await findOrCreateMember(db, shop, { customerId: customer, email: null });
  return { shop, member: member! };
}

const entry = (kind: EntryInput["kind"], bucket: EntryInput["bucket"], points: number, idempotencyKey: string): EntryInput => ({
  kind,
  bucket,
  points,
  idempotencyKey,
});

async function expectTotalsMatchLedger(memberId: string) {
  const view = await ledgerView(db, memberId);
  expect(view.member.balance).toBe(view.balanceSum);
  expect(view.member.pending).toBe(view.pendingSum);
  expect(view.member.lifetimeEarned).toBe(view.lifetimeSum);
  return view;
}

describe("members", () => {
  it("creates a member on first sight and finds the same one afterwards", async () => {
    const shop = newShop();
    const first = await findOrCreateMember(db, shop, {
      customerId: "gid://shopify/Customer/1",
      email: "Ana@Example.com ",
      firstName: "Ana",
    });
    expect(first).toMatchObject({
      shop,
      customerId: "gid://shopify/Customer/1",
      email: "ana@example.com",
      firstName: "Ana",
      balance: 0,
      pending: 0,
    });
    expect(first!.referralCode).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    const again = await findOrCreateMember(db, shop, { customerId: "gid://shopify/Customer/1", email: "other@example.com" });
    expect(again!.id).toBe(first!.id);
    expect(await findOrCreateMember(db, shop, { customerId: null, email: "  " })).toBeNull();
    // Another shop, the same customer id: another member.
    expect((await findOrCreateMember(db, newShop(), { customerId: "gid://shopify/Customer/1", email: null }))!.id).not.toBe(first!.id);
  });

  it("links a guest's member to the customer account created later with the same email, points included", async () => {
    const shop = newShop();
    const guest = (await findOrCreateMember(db, shop, { customerId: null, email: "Guest@Example.com" }))!;
    expect(guest.customerId).toBeNull();
    await postToLedger(db, shop, guest.id, NOW, async () => [entry("earn", "balance", 120, "guest-order")]);
    const linked = (await findOrCreateMember(db, shop, {
      customerId: "gid://shopify/Customer/77",
      email: "guest@example.com",
      firstName: "Gia",
    }))!;
    expect(linked).toMatchObject({ id: guest.id, customerId: "gid://shopify/Customer/77", balance: 120, firstName: "Gia" });
    expect(await db.loyaltyMember.count({ where: { shop } })).toBe(1);
  });

  it("creates one member when many events for a new customer arrive at once", async () => {
    const shop = newShop();
    const who = { customerId: "gid://shopify/Customer/5", email: "five@example.com" };
    const members = await Promise.all(Array.from({ length: 20 }, (_, i) => findOrCreateMember(clients[i % clients.length]!, shop, who)));
    expect(new Set(members.map((m) => m!.id)).size).toBe(1);
    expect(await db.loyaltyMember.count({ where: { shop } })).toBe(1);
  });

  it("makes codes from an alphabet without look-alike characters", () => {
    for (let i = 0; i < 50; i++) expect(randomCode(12)).toMatch(/^[A-HJ-NP-Z2-9]{12}$/);
  });
});

describe("postToLedger", () => {
  it("keeps balance, pending and lifetime points equal to the sums of the ledger", async () => {
    const { shop, member } = await newMember();
    const before = member.lastActivityAt;
    await postToLedger(db, shop, member.id, NOW, async () => [
      entry("pending", "pending", 300, "o1:earn"),
      entry("earn", "balance", 50, "signup"),
    ]);
    await postToLedger(db, shop, member.id, NOW, async () => [
      entry("release", "pending", -300, "o1:release:pending"),
      entry("release", "balance", 300, "o1:release"),
    ]);
    await postToLedger(db, shop, member.id, NOW, async () => [entry("redeem", "balance", -200, "redeem:1")]);
    await postToLedger(db, shop, member.id, NOW, async () => [entry("reverse", "balance", -40, "o1:refunded")]);
    await postToLedger(db, shop, member.id, NOW, async () => [
      entry("adjust", "balance", -10, "adjust:1"),
      entry("adjust", "balance", 0, "adjust:zero"),
    ]);
    const view = await expectTotalsMatchLedger(member.id);
    expect(view.member).toMatchObject({ balance: 100, pending: 0, lifetimeEarned: 310 });
    expect(view.entries.map((e) => e.idempotencyKey)).not.toContain("adjust:zero"); // zero-point entries are not written
    expect(view.member.lastActivityAt.getTime()).toBe(NOW.getTime());
    expect(before.getTime()).not.toBe(NOW.getTime());
  });

  it("hands decide the member as it is under the lock, and posts nothing when decide returns nothing", async () => {
    const { shop, member } = await newMember();
    await postToLedger(db, shop, member.id, NOW, async () => [entry("earn", "balance", 70, "a")]);
    let seen = -1;
    const posted = await postToLedger(db, shop, member.id, NOW, async (_tx, locked) => {
      seen = locked.balance;
      return [];
    });
    expect(seen).toBe(70);
    expect(posted).toEqual([]);
  });

  it("ignores an entry posted again with the same idempotency key, and posts a batch all or nothing", async () => {
    const { shop, member } = await newMember();
    const first = await postToLedger(db, shop, member.id, NOW, async () => [entry("earn", "balance", 100, "order:1:earn")]);
    expect(first).toHaveLength(1);
    for (let i = 0; i < 3; i++) {
      expect(await postToLedger(db, shop, member.id, NOW, async () => [entry("earn", "balance", 100, "order:1:earn")])).toEqual([]);
    }
    // A batch whose second entry repeats a key: the first entry does not stay behind either.
    expect(
      await postToLedger(db, shop, member.id, NOW, async () => [
        entry("earn", "balance", 5, "new"),
        entry("earn", "balance", 100, "order:1:earn"),
      ]),
    ).toEqual([]);
    const view = await expectTotalsMatchLedger(member.id);
    expect(view.member.balance).toBe(100);
    expect(view.entries.map((e) => e.idempotencyKey)).toEqual(["order:1:earn"]);
  });

  it("refuses a member of another shop", async () => {
    const { member } = await newMember();
    await expect(postToLedger(db, newShop(), member.id, NOW, async () => [entry("earn", "balance", 1, "x")])).rejects.toThrow(
      /no loyalty member/,
    );
    expect((await db.loyaltyMember.findUniqueOrThrow({ where: { id: member.id } })).balance).toBe(0);
  });

  it(`serialises concurrent posts for one member (${isPostgres ? "PostgreSQL, 4 clients" : "SQLite"})`, async () => {
    const { shop, member } = await newMember();
    // Each post reads the balance under the lock and names its entry after it: two posts that
    // saw the same balance would collide on the key, so 60 distinct keys prove 60 serial reads.
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        postToLedger(clients[i % clients.length]!, shop, member.id, NOW, async (_tx, locked) => [
          entry("adjust", "balance", 1, `step:${locked.balance}`),
        ]),
      ),
    );
    expect(results.every((posted) => posted.length === 1)).toBe(true);
    const view = await expectTotalsMatchLedger(member.id);
    expect(view.member.balance).toBe(60);
    expect(new Set(view.entries.map((e) => e.idempotencyKey))).toEqual(new Set(Array.from({ length: 60 }, (_, i) => `step:${i}`)));
  });

  it("never overspends when concurrent debits check the balance under the lock", async () => {
    const { shop, member } = await newMember();
    await postToLedger(db, shop, member.id, NOW, async () => [entry("earn", "balance", 25, "start")]);
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        postToLedger(clients[i % clients.length]!, shop, member.id, NOW, async (_tx, locked) =>
          locked.balance >= 10 ? [entry("redeem", "balance", -10, `spend:${i}`)] : [],
        ),
      ),
    );
    expect(results.filter((posted) => posted.length === 1)).toHaveLength(2);
    const view = await expectTotalsMatchLedger(member.id);
    expect(view.member.balance).toBe(5);
  });

  it("posts the same event once when it is posted concurrently", async () => {
    const { shop, member } = await newMember();
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        postToLedger(clients[i % clients.length]!, shop, member.id, NOW, async () => [entry("earn", "balance", 40, "order:9:earn")]),
      ),
    );
    expect(results.filter((posted) => posted.length === 1)).toHaveLength(1);
    expect((await expectTotalsMatchLedger(member.id)).member.balance).toBe(40);
  });
});
