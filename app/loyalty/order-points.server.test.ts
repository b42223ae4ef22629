import { describe, expect, it } from "vitest";
import { DAY, enableLoyalty, ledgerView, newShop, storeOrder, storeRefund } from "../../tests/support/loyalty-fixtures";
import db from "../db.server";
import { RefundPayload, refundRowFromPayload } from "../orders/order-webhooks";
import { findOrCreateMember, postToLedger } from "./ledger.server";
import { applyOrderPoints, RELEASE_JOB, releasePendingPoints, SYNC_MEMBER_JOB } from "./order-points.server";

const PAID = new Date("2030-05-01T10:00:00Z");
const LATER = new Date(PAID.getTime() + DAY);
const CUSTOMER = "gid://shopify/Customer/42";

async function memberOf(shop: string, customerId = CUSTOMER) {
  return db.loyaltyMember.findUniqueOrThrow({ where: { shop_customerId: { shop, customerId } } });
}

/** The member's totals, checked against the ledger on every read. */
async function totals(shop: string, customerId = CUSTOMER) {
  const view = await ledgerView(db, (await memberOf(shop, customerId)).id);
  expect(view.member.balance).toBe(view.balanceSum);
  expect(view.member.pending).toBe(view.pendingSum);
  expect(view.member.lifetimeEarned).toBe(view.lifetimeSum);
  return { balance: view.member.balance, pending: view.member.pending, lifetime: view.member.lifetimeEarned, entries: view.entries };
}

async function orderEntries(shop: string, orderId: string) {
  return db.loyaltyEntry.findMany({ where: { shop, orderId }, orderBy: { createdAt: "asc" } });
}

async function reversedFor(shop: string, orderId: string) {
  return -(await orderEntries(shop, orderId)).filter((e) => e.kind === "reverse").reduce((sum, e) => sum + e.points, 0);
}

/** Spends points from the balance as a redemption would. */
async function spend(shop: string, points: number, key = `spend:${Math.random()}`) {
  const member = await memberOf(shop);
  await postToLedger(db, shop, member.id, LATER, async () => [{ kind: "redeem", bucket: "balance", points: -points, idempotencyKey: key }]);
}

describe("earning for a paid order", () => {
  it("holds the points as pending through the returns window, then releases them once", async () => {
    const shop = newShop();
    await enableLoyalty(db, shop, { pendingDays: 14 });
    const order = await storeOrder(db, shop, { customerId: CUSTOMER, subtotal: "120.50", shipping: "5.00", tax: "9.00", paidAt: PAID });
    await applyOrderPoints(db, shop, order.id, PAID);
    await applyOrderPoints(db, shop, order.id, LATER); // orders/paid delivered again

    expect(await totals(shop)).toMatchObject({ balance: 0, pending: 120, lifetime: 120 });
    const [earn] = await orderEntries(shop, order.id);
    expect(earn).toMatchObject({ kind: "pending", bucket: "pending", points: 120, idempotencyKey: `order:${order.id}:earn` });
    expect(earn!.availableAt!.getTime()).toBe(PAID.getTime() + 14 * DAY);
    const release = await db.job.findFirstOrThrow({ where: { shop, type: RELEASE_JOB } });
    expect(release.runAt.getTime()).toBe(PAID.getTime() + 14 * DAY);
    expect(release.dedupeKey).toBe(`loyalty-release:${order.id}`);
    expect(await db.job.count({ where: { shop, type: RELEASE_JOB } })).toBe(1);
    expect(await db.job.count({ where: { shop, type: SYNC_MEMBER_JOB } })).toBeGreaterThanOrEqual(1);

    const at = new Date(PAID.getTime() + 14 * DAY);
    await releasePendingPoints(db, shop, order.id, at);
    await releasePendingPoints(db, shop, order.id, at); // the job ran twice
    expect(await totals(shop)).toMatchObject({ balance: 120, pending: 0, lifetime: 120 });
    const moves = (await orderEntries(shop, order.id)).map((e) => [e.kind, e.bucket, e.points]);
    expect(moves).toHaveLength(3);
    expect(moves).toEqual(
      expect.arrayContaining([
        ["pending", "pending", 120],
        ["release", "pending", -120],
        ["release", "balance", 120],
      ]),
    );
  });

  it("earns straight into the balance without a returns window", async () => {
    const shop = newShop();
    await enableLoyalty(db, shop, { pendingDays: 0, pointsPerUnit: 2 });
    const order = await storeOrder(db, shop, { customerId: CUSTOMER, subtotal: "10.99", paidAt: PAID });
    await applyOrderPoints(db, shop, order.id, PAID);
    expect(await totals(shop)).toMatchObject({ balance: 21, pending: 0 });
    expect((await orderEntries(shop, order.id))[0]).toMatchObject({ kind: "earn", bucket: "balance", availableAt: null });
    expect(await db.job.count({ where: { shop, type: RELEASE_JOB } })).toBe(0);
    await releasePendingPoints(db, shop, order.id, LATER); // nothing is pending: nothing happens
    expect(await totals(shop)).toMatchObject({ balance: 21, pending: 0 });
  });

  it("earns nothing for an order not paid yet, or cancelled before it was seen paid", async () => {
    const shop = newShop();
    await enableLoyalty(db, shop);
    const unpaid = await storeOrder(db, shop, { customerId: CUSTOMER, paidAt: null });
    await applyOrderPoints(db, shop, unpaid.id, PAID);
    const cancelled = await storeOrder(db, shop, { customerId: CUSTOMER, paidAt: PAID, cancelledAt: PAID });
    await applyOrderPoints(db, shop, cancelled.id, PAID);
    expect(await db.loyaltyEntry.count({ where: { shop } })).toBe(0);
  });

  it("multiplies by the member's tier", async () => {
    const shop = newShop();
    await enableLoyalty(db, shop, { pendingDays: 0 });
    await db.loyaltyTier.create({ data: { shop, name: "Gold", threshold: 50, multiplierPercent: 150 } });
    const first = await storeOrder(db, shop, { customerId: CUSTOMER, subtotal: "60.00" });
    await applyOrderPoints(db, shop, first.id, PAID); // 60 points, which reaches Gold
    const second = await storeOrder(db, shop, { customerId: CUSTOMER, subtotal: "60.00" });
    await applyOrderPoints(db, shop, second.id, PAID);
    expect((await orderEntries(shop, second.id))[0]).toMatchObject({ points: 90 });
    expect((await orderEntries(shop, second.id))[0]!.note).toContain("Gold");
    expect(await totals(shop)).toMatchObject({ balance: 150 });
  });
});

describe("refunds", () => {
  it("takes a refund during the returns window from the pending points", async () => {
    const shop = newShop();
    await enableLoyalty(db, shop, { pendingDays: 14 });
    const order = await storeOrder(db, shop, { customerId: CUSTOMER, subtotal: "200.00", paidAt: PAID });
    await applyOrderPoints(db, shop, order.id, PAID);
    await storeRefund(db, shop, order.id, "50.00");
    await applyOrderPoints(db, shop, order.id, LATER);
    await applyOrderPoints(db, shop, order.id, LATER); // refunds/create delivered again
    expect(await totals(shop)).toMatchObject({ balance: 0, pending: 150, lifetime: 150 });
    expect((await orderEntries(shop, order.id)).filter((e) => e.kind === "reverse").map((e) => [e.bucket, e.points])).toEqual([
      ["pending", -50],
    ]);

    await releasePendingPoints(db, shop, order.id, new Date(PAID.getTime() + 14 * DAY));
    expect(await totals(shop)).toMatchObject({ balance: 150, pending: 0 });
  });

  it("takes a refund after the release from the balance", async () => {
    const shop = newShop();
    await enableLoyalty(db, shop, { pendingDays: 14 });
    const order = await storeOrder(db, shop, { customerId: CUSTOMER, subtotal: "200.00", paidAt: PAID });
    await applyOrderPoints(db, shop, order.id, PAID);
    await releasePendingPoints(db, shop, order.id, LATER);
    await storeRefund(db, shop, order.id, "80.00");
    await applyOrderPoints(db, shop, order.id, LATER);
    expect(await totals(shop)).toMatchObject({ balance: 120, pending: 0, lifetime: 120 });
    expect((await orderEntries(shop, order.id)).filter((e) => e.kind === "reverse").map((e) => [e.bucket, e.points])).toEqual([
      ["balance", -80],
    ]);
  });

  it("takes pending points of the refunded order only, not another order's", async () => {
    const shop = newShop();
    await enableLoyalty(db, shop, { pendingDays: 14 });
    const released = await storeOrder(db, shop, { customerId: CUSTOMER, subtotal: "100.00", paidAt: PAID });
    await applyOrderPoints(db, shop, released.id, PAID);
    await releasePendingPoints(db, shop, released.id, LATER);
    const stillPending = await storeOrder(db, shop, { customerId: CUSTOMER, subtotal: "70.00", paidAt: LATER });
    await applyOrderPoints(db, shop, stillPending.id, LATER);
    await storeRefund(db, shop, released.id, "100.00");
    await applyOrderPoints(db, shop, released.id, LATER);
    expect(await totals(shop)).toMatchObject({ balance: 0, pending: 70 });
  });

  it("splits a reversal between pending and balance when spent points were released earlier", async () => {
    const shop = newShop();
    await enableLoyalty(db, shop, { pendingDays: 14 });
    const order = await storeOrder(db, shop, { customerId: CUSTOMER, subtotal: "100.00", paidAt: PAID });
    await applyOrderPoints(db, shop, order.id, PAID);
    await storeRefund(db, shop, order.id, "30.00");
    await applyOrderPoints(db, shop, order.id, LATER); // -30 from pending
    await releasePendingPoints(db, shop, order.id, LATER); // 70 to balance
    await storeRefund(db, shop, order.id, "70.00");
    await applyOrderPoints(db, shop, order.id, LATER); // -70 from balance
    expect(await totals(shop)).toMatchObject({ balance: 0, pending: 0, lifetime: 0 });
    expect(await reversedFor(shop, order.id)).toBe(100);
  });

  it("reverses partial refunds cumulatively, exactly the points earned once all is refunded", async () => {
    const shop = newShop();
    await enableLoyalty(db, shop, { pendingDays: 0 });
    const order = await storeOrder(db, shop, { customerId: CUSTOMER, subtotal: "99.00", shipping: "1.00", tax: "0.00" }); // 99 points, total 100.00
    await applyOrderPoints(db, shop, order.id, PAID);
    for (const amount of ["33.33", "33.33", "33.34"]) {
      await storeRefund(db, shop, order.id, amount);
      await applyOrderPoints(db, shop, order.id, LATER);
    }
    expect(await reversedFor(shop, order.id)).toBe(99);
    // An over-refund (e.g. a goodwill refund on top) takes nothing more.
    await storeRefund(db, shop, order.id, "10.00");
    await applyOrderPoints(db, shop, order.id, LATER);
    expect(await reversedFor(shop, order.id)).toBe(99);
    expect(await totals(shop)).toMatchObject({ balance: 0, pending: 0, lifetime: 0 });
  });

  it("reverses everything when a refund in the customer's currency, in parts, adds up to a few cents short in shop money", async () => {
    const shop = newShop();
    await enableLoyalty(db, shop, { pendingDays: 0, excludeShipping: false, excludeTax: false });
    // 61.14 USD paid as 183.42 EUR; refunded in EUR in three parts that add up to everything.
    const order = await storeOrder(db, shop, {
      customerId: CUSTOMER,
      subtotal: "25.03",
      shipping: "12.90",
      tax: "23.21",
      presentmentCurrencyCode: "EUR",
      presentmentTotalPrice: "183.42",
    });
    await applyOrderPoints(db, shop, order.id, PAID);
    expect(await totals(shop)).toMatchObject({ balance: 61 });
    const amounts: string[] = [];
    for (const [n, eur] of ["85.84", "21.37", "76.21"].entries()) {
      const payload = RefundPayload.parse({
        id: 7000 + n,
        admin_graphql_api_id: `gid://shopify/Refund/${7000 + n}`,
        order_id: Number(order.id.split("/").pop()),
        created_at: LATER.toISOString(),
        refund_line_items: [],
        transactions: [{ amount: eur, currency: "EUR", kind: "refund", status: "success", test: false }],
      });
      const row = refundRowFromPayload(shop, payload, order);
      amounts.push(row.amount);
      await db.refund.create({ data: row });
      await applyOrderPoints(db, shop, order.id, LATER);
    }
    expect(amounts).toEqual(["28.61", "7.12", "25.40"]); // 61.13: each part rounded to the cent
    expect(await reversedFor(shop, order.id)).toBe(61);
    expect(await totals(shop)).toMatchObject({ balance: 0 });
  });

  it("keeps the points of a cent not refunded in the shop's own currency", async () => {
    const shop = newShop();
    await enableLoyalty(db, shop, { pendingDays: 0, excludeShipping: false });
    const order = await storeOrder(db, shop, { customerId: CUSTOMER, subtotal: "99.00", shipping: "1.00" }); // 100 points
    for (const amount of ["33.33", "33.33", "33.33"]) {
      await storeRefund(db, shop, order.id, amount);
      await applyOrderPoints(db, shop, order.id, LATER);
    }
    expect(await reversedFor(shop, order.id)).toBe(99); // 99.99 of 100.00 refunded
  });

  it("takes back returned items' points even when no money went back, each return once", async () => {
    const shop = newShop();
    await enableLoyalty(db, shop, { pendingDays: 0 });
    // Two lines: 2 × 30.00 and 1 × 40.00; 100 points on the items, shipping left out.
    const order = await storeOrder(db, shop, { customerId: CUSTOMER, subtotal: "100.00", shipping: "5.00" });
    const lines = [
      { lineItemId: "gid://shopify/LineItem/1", productId: null, variantId: null, title: "Mug", quantity: 2, price: "30.00" },
      { lineItemId: "gid://shopify/LineItem/2", productId: null, variantId: null, title: "Towel", quantity: 1, price: "40.00" },
    ];
    await db.order.update({ where: { id: order.id }, data: { lineItems: lines } });
    await applyOrderPoints(db, shop, order.id, PAID);
    // Items returned for nothing back (an exchange settled elsewhere), then the towel too.
    const returned = (lineItemId: string, quantity: number, subtotal: string) =>
      db.refund.create({
        data: {
          id: `gid://shopify/Refund/${lineItemId}:${quantity}`,
          shop,
          orderId: order.id,
          amount: "0.00",
          lineItems: [{ lineItemId, quantity, subtotal }],
          createdAt: LATER,
        },
      });
    await returned("gid://shopify/LineItem/1", 1, "30.00");
    await applyOrderPoints(db, shop, order.id, LATER);
    await applyOrderPoints(db, shop, order.id, LATER); // the job again
    expect(await reversedFor(shop, order.id)).toBe(30);
    await returned("gid://shopify/LineItem/2", 1, "40.00");
    await applyOrderPoints(db, shop, order.id, LATER);
    expect(await reversedFor(shop, order.id)).toBe(70);
    expect((await orderEntries(shop, order.id)).filter((e) => e.kind === "reverse").map((e) => e.idempotencyKey)).toEqual([
      `order:${order.id}:refunded:0:items:1`,
      `order:${order.id}:refunded:0:items:2`,
    ]);
  });

  it("stops at zero when the points were spent and the balance may not go negative", async () => {
    const shop = newShop();
    await enableLoyalty(db, shop, { pendingDays: 0, allowNegativeBalance: false });
    const order = await storeOrder(db, shop, { customerId: CUSTOMER, subtotal: "100.00" });
    await applyOrderPoints(db, shop, order.id, PAID);
    await spend(shop, 80);
    await storeRefund(db, shop, order.id, "100.00");
    await applyOrderPoints(db, shop, order.id, LATER);
    await applyOrderPoints(db, shop, order.id, LATER);
    expect(await totals(shop)).toMatchObject({ balance: 0 });
    const reversal = (await orderEntries(shop, order.id)).filter((e) => e.kind === "reverse");
    expect(reversal).toHaveLength(1);
    expect(reversal[0]).toMatchObject({ points: -20 });
    expect(reversal[0]!.note).toContain("80 points already spent were not taken back");
    // The refunded amount as the shop's currency is written, not "100.00 USD".
    expect(reversal[0]!.note).toMatch(/refunded \(\$100\.00 in total\)/);
  });

  it("takes the balance below zero when the shop allows it", async () => {
    const shop = newShop();
    await enableLoyalty(db, shop, { pendingDays: 0, allowNegativeBalance: true });
    const order = await storeOrder(db, shop, { customerId: CUSTOMER, subtotal: "100.00" });
    await applyOrderPoints(db, shop, order.id, PAID);
    await spend(shop, 80);
    await storeRefund(db, shop, order.id, "100.00");
    await applyOrderPoints(db, shop, order.id, LATER);
    expect(await totals(shop)).toMatchObject({ balance: -80 });
    expect(await reversedFor(shop, order.id)).toBe(100);
  });
});

describe("cancellation", () => {
  it("reverses everything the order earned, pending or released, once", async () => {
    const shop = newShop();
    await enableLoyalty(db, shop, { pendingDays: 14 });
    const pending = await storeOrder(db, shop, { customerId: CUSTOMER, subtotal: "40.00", paidAt: PAID });
    const released = await storeOrder(db, shop, { customerId: CUSTOMER, subtotal: "60.00", paidAt: PAID });
    for (const order of [pending, released]) await applyOrderPoints(db, shop, order.id, PAID);
    await releasePendingPoints(db, shop, released.id, LATER);
    await storeRefund(db, shop, released.id, "15.00");
    await applyOrderPoints(db, shop, released.id, LATER);
    expect(await totals(shop)).toMatchObject({ balance: 45, pending: 40 });

    for (const order of [pending, released]) {
      await db.order.update({ where: { id: order.id }, data: { cancelledAt: LATER } });
      await applyOrderPoints(db, shop, order.id, LATER);
      await applyOrderPoints(db, shop, order.id, LATER); // orders/cancelled delivered again
    }
    expect(await totals(shop)).toMatchObject({ balance: 0, pending: 0, lifetime: 0 });
    expect(await reversedFor(shop, pending.id)).toBe(40);
    expect(await reversedFor(shop, released.id)).toBe(60);
    await releasePendingPoints(db, shop, pending.id, new Date(PAID.getTime() + 14 * DAY)); // the release job still runs: nothing left
    expect(await totals(shop)).toMatchObject({ balance: 0, pending: 0 });
  });
});

describe("the programme switched off", () => {
  it("earns nothing, and creates no member", async () => {
    const shop = newShop();
    await enableLoyalty(db, shop, { enabled: false });
    const order = await storeOrder(db, shop, { customerId: CUSTOMER });
    await applyOrderPoints(db, shop, order.id, PAID);
    expect(await db.loyaltyMember.count({ where: { shop } })).toBe(0);
    const neverSaved = newShop(); // defaults: off
    const other = await storeOrder(db, neverSaved, { customerId: CUSTOMER });
    await applyOrderPoints(db, neverSaved, other.id, PAID);
    expect(await db.loyaltyEntry.count({ where: { shop: { in: [shop, neverSaved] } } })).toBe(0);
  });

  it("still takes back points earned before it was switched off", async () => {
    const shop = newShop();
    await enableLoyalty(db, shop, { pendingDays: 0 });
    const refunded = await storeOrder(db, shop, { customerId: CUSTOMER, subtotal: "100.00" });
    const cancelled = await storeOrder(db, shop, { customerId: CUSTOMER, subtotal: "50.00" });
    for (const order of [refunded, cancelled]) await applyOrderPoints(db, shop, order.id, PAID);
    await enableLoyalty(db, shop, { enabled: false });

    await storeRefund(db, shop, refunded.id, "25.00");
    await applyOrderPoints(db, shop, refunded.id, LATER);
    await db.order.update({ where: { id: cancelled.id }, data: { cancelledAt: LATER } });
    await applyOrderPoints(db, shop, cancelled.id, LATER);
    const paidWhileOff = await storeOrder(db, shop, { customerId: CUSTOMER, subtotal: "500.00" });
    await applyOrderPoints(db, shop, paidWhileOff.id, LATER);

    expect(await totals(shop)).toMatchObject({ balance: 75, pending: 0 });
    expect(await orderEntries(shop, paidWhileOff.id)).toEqual([]);
  });
});

describe("guests", () => {
  it("keeps a guest's points when they create an account with the same email", async () => {
    const shop = newShop();
    await enableLoyalty(db, shop, { pendingDays: 0 });
    const guestOrder = await storeOrder(db, shop, { customerId: null, email: "Sam@Example.com", subtotal: "30.00" });
    await applyOrderPoints(db, shop, guestOrder.id, PAID);
    const guest = await db.loyaltyMember.findUniqueOrThrow({ where: { shop_email: { shop, email: "sam@example.com" } } });
    expect(guest).toMatchObject({ customerId: null, balance: 30 });

    // customers/create (or the next order) links the account.
    const linked = await findOrCreateMember(db, shop, { customerId: "gid://shopify/Customer/900", email: "sam@example.com" });
    expect(linked).toMatchObject({ id: guest.id, balance: 30 });
    const accountOrder = await storeOrder(db, shop, {
      customerId: "gid://shopify/Customer/900",
      email: "sam@example.com",
      subtotal: "20.00",
    });
    await applyOrderPoints(db, shop, accountOrder.id, LATER);
    expect(await totals(shop, "gid://shopify/Customer/900")).toMatchObject({ balance: 50 });
    expect(await db.loyaltyMember.count({ where: { shop } })).toBe(1);

    // A refund of the guest order still finds the points, now on the linked member.
    await storeRefund(db, shop, guestOrder.id, "30.00");
    await applyOrderPoints(db, shop, guestOrder.id, LATER);
    expect(await totals(shop, "gid://shopify/Customer/900")).toMatchObject({ balance: 20 });
  });
});
