import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  enableLoyalty,
  ledgerView,
  newShop,
  simulatedShopify,
  startLoyaltySimulator,
  storeOrder,
} from "../../tests/support/loyalty-fixtures";
import type { Simulator } from "../../scripts/simulator/server";
import db from "../db.server";
import { runDueJobs } from "../jobs/worker.server";
import { setReviewStatus } from "../reviews/moderate.server";
import { REVIEW_POINTS_JOB } from "../reviews/published.server";
import { submitReview } from "../reviews/submit-review.server";
import { recordOrder, storeReview } from "../reviews/test-fixtures";
import { createDiscountCode, type AdminClient } from "../shopify/admin.server";
import {
  awardBirthdays,
  awardReviewPoints,
  creditReferral,
  customerCreated,
  friendCodeOf,
  referralShareUrl,
  setBirthday,
} from "./actions.server";
import { loyaltyJobHandlers } from "./jobs.server";
import { findOrCreateMember } from "./ledger.server";
import { applyOrderPoints, SYNC_MEMBER_JOB } from "./order-points.server";

const NOW = new Date("2031-05-01T10:00:00Z");
const LATER = new Date("2031-05-02T10:00:00Z");
const ANA = "gid://shopify/Customer/501";
const BEN = "gid://shopify/Customer/502";
const SCARF = "gid://shopify/Product/1";
const GLOVES = "gid://shopify/Product/2";

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startLoyaltySimulator();
});
afterAll(() => simulator.close());

/** An Admin client the code under test must not open: Shopify has nothing to say. */
const notAsked = async (): Promise<AdminClient> => {
  throw new Error("Shopify was asked");
};

const memberOf = (shop: string, customerId: string) =>
  db.loyaltyMember.findUniqueOrThrow({ where: { shop_customerId: { shop, customerId } } });

/** The member's totals, checked against the sums of their ledger. */
async function totals(memberId: string) {
  const view = await ledgerView(db, memberId);
  expect(view.member.balance).toBe(view.balanceSum);
  expect(view.member.pending).toBe(view.pendingSum);
  expect(view.member.lifetimeEarned).toBe(view.lifetimeSum);
  return {
    balance: view.member.balance,
    pending: view.member.pending,
    entries: view.entries.map((e) => [e.kind, e.points, e.idempotencyKey]),
  };
}

describe("customerCreated (customers/create)", () => {
  it("awards the sign-up points once however often the webhook's job runs", async () => {
    const shop = newShop();
    await enableLoyalty(db, shop, { signupPoints: 100 });
    for (let n = 0; n < 3; n++) await customerCreated(db, shop, { customerId: ANA, email: "Ana@Example.com", firstName: "Ana" }, NOW);
    const member = await memberOf(shop, ANA);
    expect(member).toMatchObject({ email: "ana@example.com", firstName: "Ana" });
    expect(await totals(member.id)).toEqual({ balance: 100, pending: 0, entries: [["earn", 100, `signup:${ANA}`]] });
    expect(await db.job.count({ where: { shop, type: SYNC_MEMBER_JOB } })).toBeGreaterThanOrEqual(1);
  });

  it("links a guest member with the same email: their points carry over", async () => {
    const shop = newShop();
    await enableLoyalty(db, shop, { signupPoints: 100, pendingDays: 14 });
    const guestOrder = await storeOrder(db, shop, { customerId: null, email: "guest@example.com", subtotal: "40.00", paidAt: NOW });
    await applyOrderPoints(db, shop, guestOrder.id, NOW);
    const guest = await db.loyaltyMember.findUniqueOrThrow({ where: { shop_email: { shop, email: "guest@example.com" } } });
    expect(guest).toMatchObject({ customerId: null, pending: 40 });

    const linked = await customerCreated(db, shop, { customerId: BEN, email: "GUEST@example.com", firstName: "Ben" }, LATER);
    expect(linked).toMatchObject({ id: guest.id, customerId: BEN, balance: 100, pending: 40 });
    expect(await db.loyaltyMember.count({ where: { shop } })).toBe(1);
  });

  it("does nothing while the programme is off", async () => {
    const shop = newShop();
    await enableLoyalty(db, shop, { enabled: false });
    expect(await customerCreated(db, shop, { customerId: ANA, email: "ana@example.com" }, NOW)).toBeNull();
    expect(await db.loyaltyMember.count({ where: { shop } })).toBe(0);
  });
});

describe("awardReviewPoints", () => {
  async function verifiedBuyer(shop: string, customerId: string | null = ANA, email = "ana@example.com") {
    const order = await storeOrder(db, shop, { customerId, email, paidAt: NOW });
    await db.order.update({
      where: { id: order.id },
      data: { lineItems: [{ lineItemId: "l1", productId: SCARF, variantId: null, title: "Wool scarf", quantity: 1, price: "40.00" }] },
    });
    return order;
  }

  it("awards the review points, with the photo bonus, whatever the rating, once", async () => {
    const shop = newShop();
    await enableLoyalty(db, shop, { reviewPoints: 50, reviewPhotoBonus: 25 });
    const order = await verifiedBuyer(shop);
    const review = await storeReview(db, shop, {
      productId: SCARF,
      customerId: ANA,
      orderId: order.id,
      verified: true,
      rating: 1,
      photos: [{ url: "https://cdn.example/p.jpg" }],
    });
    expect(await awardReviewPoints(db, shop, review.id, NOW)).toBe(75);
    expect(await awardReviewPoints(db, shop, review.id, LATER)).toBe(0);
    const member = await memberOf(shop, ANA);
    expect(await totals(member.id)).toMatchObject({ balance: 75, entries: [["earn", 75, `review-product:${member.id}:${SCARF}`]] });
    expect((await db.loyaltyEntry.findFirstOrThrow({ where: { memberId: member.id } })).note).toBe("Reviewed Wool scarf with photos");
  });

  it("awards at most once per product and customer, but again for another product", async () => {
    const shop = newShop();
    await enableLoyalty(db, shop, { reviewPoints: 50, reviewPhotoBonus: 25 });
    const first = await storeReview(db, shop, { productId: SCARF, customerId: ANA, verified: true, verifiedBy: "customer_order" });
    // A second review of the same product (another order of it, or rewritten after a rejection) earns nothing.
    const second = await storeReview(db, shop, {
      productId: SCARF,
      customerId: ANA,
      verified: true,
      verifiedBy: "customer_order",
      photos: [{ url: "https://cdn.example/x.jpg" }],
    });
    const other = await storeReview(db, shop, { productId: GLOVES, customerId: ANA, verified: true, verifiedBy: "customer_order" });
    expect(await awardReviewPoints(db, shop, first.id, NOW)).toBe(50);
    expect(await awardReviewPoints(db, shop, second.id, NOW)).toBe(0);
    expect(await awardReviewPoints(db, shop, other.id, NOW)).toBe(50);
    expect((await totals((await memberOf(shop, ANA)).id)).balance).toBe(100);
  });

  it("finds a guest buyer through the review link's order", async () => {
    const shop = newShop();
    await enableLoyalty(db, shop, { reviewPoints: 50 });
    const order = await verifiedBuyer(shop, null, "Guest@Example.com");
    const review = await storeReview(db, shop, {
      productId: SCARF,
      orderId: order.id,
      verified: true,
      verifiedBy: "review_link",
      source: "request_email",
      authorEmail: "someone-else@example.com",
    });
    expect(await awardReviewPoints(db, shop, review.id, NOW)).toBe(50);
    const member = await db.loyaltyMember.findUniqueOrThrow({ where: { shop_email: { shop, email: "guest@example.com" } } });
    expect(member.balance).toBe(50);
    // The typed-in address is not the buyer's: nobody else became a member.
    expect(await db.loyaltyMember.count({ where: { shop } })).toBe(1);
  });

  it("awards nothing for pending, unverified, imported or anonymous reviews, or with the programme off", async () => {
    const shop = newShop();
    await enableLoyalty(db, shop, { reviewPoints: 50 });
    const reviews = [
      await storeReview(db, shop, { productId: SCARF, customerId: ANA, verified: true, status: "pending" }),
      await storeReview(db, shop, { productId: SCARF, customerId: ANA, verified: false }),
      await storeReview(db, shop, { productId: SCARF, customerId: ANA, verified: true, source: "import", importedFrom: "judgeme" }),
      await storeReview(db, shop, { productId: SCARF, verified: true }),
    ];
    for (const review of reviews) expect(await awardReviewPoints(db, shop, review.id, NOW)).toBe(0);
    expect(await awardReviewPoints(db, shop, "no-such-review", NOW)).toBe(0);

    const off = newShop();
    await enableLoyalty(db, off, { enabled: false });
    const review = await storeReview(db, off, { productId: SCARF, customerId: ANA, verified: true });
    expect(await awardReviewPoints(db, off, review.id, NOW)).toBe(0);
    expect(await db.loyaltyEntry.count({ where: { shop: { in: [shop, off] } } })).toBe(0);
  });

  it("runs as a job when a verified buyer's review is published on submission", async () => {
    const shop = newShop();
    const shopify = simulatedShopify(simulator, shop);
    const ana = shopify.addCustomer("ana@example.com"); // the member's metafields are synced to her in Shopify
    await enableLoyalty(db, shop, { reviewPoints: 50, reviewPhotoBonus: 25 });
    const orderId = await recordOrder(db, shop, { customerId: ana, productIds: [SCARF] });
    const submitted = await submitReview(
      db,
      { rating: 5, body: "Soft, warm and well made.", authorName: "Ana", productId: SCARF },
      {
        shop,
        via: { kind: "review_link", claims: { shop, orderId, productIds: [SCARF], expiresAt: LATER } },
        ipHash: "ip",
        now: NOW,
        productExists: async () => expect.fail("not asked: the review link's order proves the product"),
        storePhotos: async () => [{ fileId: "gid://shopify/MediaImage/1", url: "https://cdn.example/1.jpg", altText: "" }],
      },
    );
    expect(submitted).toMatchObject({ ok: true, review: { status: "published" } });
    expect(await db.job.count({ where: { shop, type: REVIEW_POINTS_JOB } })).toBe(1);
    await runDueJobs({ db, handlers: loyaltyJobHandlers, adminFor: shopify.admin, now: () => NOW, batchSize: 100 });
    expect((await memberOf(shop, ana)).balance).toBe(75);
  });

  it("runs as a job when the merchant publishes a review", async () => {
    const shop = newShop();
    const shopify = simulatedShopify(simulator, shop);
    const ana = shopify.addCustomer("ana@example.com");
    await enableLoyalty(db, shop, { reviewPoints: 50 });
    const review = await storeReview(db, shop, { productId: SCARF, customerId: ana, verified: true, status: "pending" });
    const anonymous = await storeReview(db, shop, { productId: GLOVES, status: "pending" });
    await setReviewStatus(db, shop, [review.id, anonymous.id], "published", NOW);
    // Only the review with a known author is worth a job.
    const jobs = await db.job.findMany({ where: { shop, type: REVIEW_POINTS_JOB } });
    expect(jobs.map((job) => job.payload)).toEqual([{ reviewId: review.id }]);
    await runDueJobs({ db, handlers: loyaltyJobHandlers, adminFor: shopify.admin, now: () => NOW, batchSize: 100 });
    expect((await memberOf(shop, ana)).balance).toBe(50);
    expect(await db.job.count({ where: { shop, type: REVIEW_POINTS_JOB, status: "done" } })).toBe(1);
  });
});

describe("setBirthday", () => {
  it("saves a real calendar day once; the shopper cannot change it", async () => {
    const shop = newShop();
    await enableLoyalty(db, shop);
    for (const bad of ["02-30", "13-01", "4-23", "1990-04-23", ""]) {
      expect(await setBirthday(db, shop, ANA, bad, NOW), bad).toEqual({ ok: false, error: expect.stringMatching(/real date/) });
    }
    expect(await db.loyaltyMember.count({ where: { shop } })).toBe(0);

    expect(await setBirthday(db, shop, ANA, "02-29", NOW)).toEqual({ ok: true });
    expect(await setBirthday(db, shop, ANA, " 02-29 ", NOW)).toEqual({ ok: true }); // the same date again: a double click
    expect(await setBirthday(db, shop, ANA, "03-01", NOW)).toEqual({
      ok: false,
      error: expect.stringMatching(/already saved and can't be changed/),
    });
    expect((await memberOf(shop, ANA)).birthday).toBe("02-29");
  });

  it("joins the customer's guest member by their orders' email", async () => {
    const shop = newShop();
    await enableLoyalty(db, shop, { pendingDays: 0 });
    const guestOrder = await storeOrder(db, shop, { customerId: null, email: "ana@example.com", subtotal: "20.00", paidAt: NOW });
    await applyOrderPoints(db, shop, guestOrder.id, NOW);
    await storeOrder(db, shop, { customerId: ANA, email: "ana@example.com", paidAt: null });
    expect(await setBirthday(db, shop, ANA, "07-14", NOW)).toEqual({ ok: true });
    expect(await db.loyaltyMember.findMany({ where: { shop } })).toMatchObject([
      { customerId: ANA, email: "ana@example.com", balance: 20, birthday: "07-14" },
    ]);
  });

  it("refuses while the programme is off", async () => {
    const shop = newShop();
    expect(await setBirthday(db, shop, ANA, "07-14", NOW)).toEqual({ ok: false, error: expect.stringMatching(/not running/) });
  });
});

describe("awardBirthdays", () => {
  it("awards members whose birthday it is today in the shop's time zone, once a year", async () => {
    const shop = newShop();
    await enableLoyalty(db, shop, { birthdayPoints: 100 });
    await db.shop.create({ data: { domain: shop, name: "Kiwi", ianaTimezone: "Pacific/Auckland" } });
    for (const [customerId, birthday] of [
      [ANA, "03-15"],
      [BEN, "03-14"],
    ] as const)
      await setBirthday(db, shop, customerId, birthday, NOW);
    const ana = await memberOf(shop, ANA);

    // 12:00 UTC on 14 March is already 15 March in Auckland.
    const at = new Date("2031-03-14T12:00:00Z");
    expect(await awardBirthdays(db, shop, at)).toBe(1);
    expect(await awardBirthdays(db, shop, new Date(at.getTime() + 3_600_000))).toBe(0);
    expect(await totals(ana.id)).toMatchObject({ balance: 100, entries: [["earn", 100, `birthday:${ana.id}:2031`]] });
    expect((await memberOf(shop, BEN)).balance).toBe(0);

    expect(await awardBirthdays(db, shop, new Date("2032-03-14T12:00:00Z"))).toBe(1);
    expect((await totals(ana.id)).balance).toBe(200);
  });

  it("celebrates 29 February on 28 February in other years", async () => {
    const shop = newShop();
    await enableLoyalty(db, shop, { birthdayPoints: 100 });
    await setBirthday(db, shop, ANA, "02-29", NOW);
    await setBirthday(db, shop, BEN, "02-28", NOW);
    expect(await awardBirthdays(db, shop, new Date("2031-02-28T12:00:00Z"))).toBe(2);
    expect(await awardBirthdays(db, shop, new Date("2031-03-01T12:00:00Z"))).toBe(0);
    expect(await awardBirthdays(db, shop, new Date("2032-02-28T12:00:00Z"))).toBe(1); // leap year: only the 28th
    expect(await awardBirthdays(db, shop, new Date("2032-02-29T12:00:00Z"))).toBe(1);
    expect((await memberOf(shop, ANA)).balance).toBe(200);
    expect((await memberOf(shop, BEN)).balance).toBe(200);
  });

  it("awards nothing while the programme is off", async () => {
    const shop = newShop();
    await enableLoyalty(db, shop, { birthdayPoints: 100 });
    await setBirthday(db, shop, ANA, "06-01", NOW);
    await enableLoyalty(db, shop, { enabled: false });
    expect(await awardBirthdays(db, shop, new Date("2031-06-01T12:00:00Z"))).toBe(0);
  });
});

describe("referralShareUrl", () => {
  it("creates the member's friend code in Shopify once: a percentage off, for anyone, once per customer", async () => {
    const shop = newShop();
    const shopify = simulatedShopify(simulator, shop);
    await enableLoyalty(db, shop, { referralDiscountPercent: 15 });
    await db.shop.create({ data: { domain: shop, name: "Demo", storefrontUrl: "https://shop.example/" } });
    const result = await referralShareUrl(db, shopify.admin, shop, ANA, NOW);
    const member = await memberOf(shop, ANA);
    const code = `FRIEND-${member.referralCode}`;
    expect(result).toEqual({ ok: true, code, url: `https://shop.example/discount/${code}` });
    // The code as Shopify holds it.
    expect(shopify.state.discounts).toEqual([
      expect.objectContaining({
        kind: "code_basic",
        code,
        usageLimit: null,
        appliesOncePerCustomer: true,
        customerIds: null,
        value: { percentage: 0.15 },
      }),
    ]);

    // Asked again: Shopify has the code, nothing new is created.
    expect(await referralShareUrl(db, shopify.admin, shop, ANA, LATER)).toEqual(result);
    expect(shopify.state.discounts).toHaveLength(1);
  });

  it("treats Shopify's 'code already exists' as success, and any other refusal as a failure", async () => {
    const shop = newShop();
    const shopify = simulatedShopify(simulator, shop);
    await enableLoyalty(db, shop);
    const member = await findOrCreateMember(db, shop, { customerId: ANA, email: "ana@example.com" });
    const code = `FRIEND-${member!.referralCode}`;
    // Another request creates the code in Shopify between our lookup (the first call) and our create.
    let calls = 0;
    const racing: AdminClient = {
      async graphql(query, options) {
        const answer = await shopify.client.graphql(query, options);
        if (calls++ === 0) {
          await createDiscountCode(shopify.client, {
            title: "Other request",
            code,
            value: { kind: "percent_off", percent: 10 },
            customerId: null,
            usageLimit: null,
            minimumSubtotal: null,
            startsAt: NOW,
          });
        }
        return answer;
      },
    };
    expect(await referralShareUrl(db, async () => racing, shop, ANA, NOW)).toEqual({
      ok: true,
      code,
      url: `https://${shop}/discount/${code}`,
    });
    expect(shopify.state.discounts.map((discount) => discount.title)).toEqual(["Other request"]);

    const other = newShop();
    const refusing = simulatedShopify(simulator, other);
    await enableLoyalty(db, other);
    simulator.failNext({
      shop: other,
      field: "Mutation.discountCodeBasicCreate",
      fault: {
        kind: "userErrors",
        userErrors: [
          {
            field: ["basicCodeDiscount", "customerGets", "value", "percentage"],
            code: "VALUE_OUTSIDE_RANGE",
            message: "Value must be between 0.0 and 1.0",
          },
        ],
      },
    });
    expect(await referralShareUrl(db, refusing.admin, other, ANA, NOW)).toEqual({
      ok: false,
      error: expect.stringMatching(/couldn't create your referral link/),
    });
    expect(refusing.state.discounts).toEqual([]);
  });

  it("refuses while the programme is off or the friend's discount is 0%", async () => {
    const shop = newShop();
    expect(await referralShareUrl(db, notAsked, shop, ANA, NOW)).toMatchObject({ ok: false });
    await enableLoyalty(db, shop, { referralDiscountPercent: 0 });
    expect(await referralShareUrl(db, notAsked, shop, ANA, NOW)).toEqual({ ok: false, error: "Referrals are not offered right now." });
  });
});

describe("creditReferral", () => {
  async function withCode(order: { id: string }, codes: string[]) {
    await db.order.update({ where: { id: order.id }, data: { discountCodes: codes } });
  }

  async function referrer(shop: string) {
    const member = (await findOrCreateMember(db, shop, { customerId: ANA, email: "ana@example.com" }))!;
    return { member, code: `FRIEND-${member.referralCode}` };
  }

  it("credits the referrer once for a friend's first order with their code, and records who referred the friend", async () => {
    const shop = newShop();
    await enableLoyalty(db, shop, { referrerPoints: 200 });
    const { member, code } = await referrer(shop);
    const order = await storeOrder(db, shop, { customerId: BEN, email: "ben@example.com", paidAt: NOW });
    await withCode(order, [code.toLowerCase()]); // codes are case-insensitive in Shopify
    expect(await creditReferral(db, shop, order.id, NOW)).toBe(true);
    expect(await creditReferral(db, shop, order.id, LATER)).toBe(false); // orders/fulfilled for the same order
    expect(await totals(member.id)).toMatchObject({ balance: 200, entries: [["earn", 200, `referral:${order.id}`]] });
    expect((await memberOf(shop, BEN)).referredBy).toBe(member.id);
  });

  it("credits nothing for the referrer's own order, under their account or their email", async () => {
    const shop = newShop();
    await enableLoyalty(db, shop, { referrerPoints: 200 });
    const { member, code } = await referrer(shop);
    const own = await storeOrder(db, shop, { customerId: ANA, email: "ana@example.com", paidAt: NOW });
    await withCode(own, [code]);
    const asGuest = await storeOrder(db, shop, { customerId: null, email: "ANA@example.com", paidAt: NOW });
    await withCode(asGuest, [code]);
    for (const order of [own, asGuest]) expect(await creditReferral(db, shop, order.id, NOW)).toBe(false);
    // A second account with an address the referrer ordered with before.
    await storeOrder(db, shop, { customerId: ANA, email: "ana.work@example.com", paidAt: new Date(NOW.getTime() - 86_400_000) });
    const secondAccount = await storeOrder(db, shop, {
      customerId: "gid://shopify/Customer/999",
      email: "ana.work@example.com",
      paidAt: NOW,
    });
    await withCode(secondAccount, [code]);
    expect(await creditReferral(db, shop, secondAccount.id, NOW)).toBe(false);
    expect((await totals(member.id)).balance).toBe(0);
  });

  it("credits nothing for a friend's second order, or an order without a known friend code", async () => {
    const shop = newShop();
    await enableLoyalty(db, shop, { referrerPoints: 200 });
    const { member, code } = await referrer(shop);
    await storeOrder(db, shop, { customerId: BEN, email: "ben@example.com", paidAt: new Date(NOW.getTime() - 86_400_000) });
    const second = await storeOrder(db, shop, { customerId: BEN, email: "ben@example.com", paidAt: NOW });
    await withCode(second, [code]);
    expect(await creditReferral(db, shop, second.id, NOW)).toBe(false);
    // A guest who ordered before under the same email is not new either.
    await storeOrder(db, shop, { customerId: null, email: "cleo@example.com", paidAt: new Date(NOW.getTime() - 86_400_000) });
    const cleo = await storeOrder(db, shop, { customerId: "gid://shopify/Customer/503", email: "cleo@example.com", paidAt: NOW });
    await withCode(cleo, [code]);
    expect(await creditReferral(db, shop, cleo.id, NOW)).toBe(false);

    const unknown = await storeOrder(db, shop, { customerId: "gid://shopify/Customer/504", email: "dan@example.com", paidAt: NOW });
    await withCode(unknown, ["FRIEND-NOSUCHCODE", "SUMMER10"]);
    expect(await creditReferral(db, shop, unknown.id, NOW)).toBe(false);
    const unpaid = await storeOrder(db, shop, { customerId: "gid://shopify/Customer/505", email: "eve@example.com", paidAt: null });
    await withCode(unpaid, [code]);
    expect(await creditReferral(db, shop, unpaid.id, NOW)).toBe(false);
    expect((await totals(member.id)).balance).toBe(0);
  });

  it("credits nothing while the programme is off", async () => {
    const shop = newShop();
    await enableLoyalty(db, shop);
    const { code } = await referrer(shop);
    await enableLoyalty(db, shop, { enabled: false });
    const order = await storeOrder(db, shop, { customerId: BEN, email: "ben@example.com", paidAt: NOW });
    await withCode(order, [code]);
    expect(await creditReferral(db, shop, order.id, NOW)).toBe(false);
  });

  it("reads the friend code from the order's codes", () => {
    expect(friendCodeOf(["SUMMER10", "friend-ab3cd"])).toBe("AB3CD");
    expect(friendCodeOf(["FRIEND-"])).toBeNull();
    expect(friendCodeOf([])).toBeNull();
  });
});
