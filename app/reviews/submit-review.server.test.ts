import { describe, expect, it } from "vitest";
import db from "../db.server";
import { submitReview, type SubmissionContext } from "./submit-review.server";
import { SYNC_PRODUCT_JOB } from "./sync-product.server";
import { newShop, recordOrder } from "./test-fixtures";

const JACKET = "gid://shopify/Product/101";
const BOOTS = "gid://shopify/Product/102";
const TENT = "gid://shopify/Product/103";
const CUSTOMER = "gid://shopify/Customer/7";
const now = new Date("2030-03-01T10:00:00Z");

let ipCounter = 0;
const freshIp = () => `ip-hash-${ipCounter++}`;

function input(overrides: Record<string, unknown> = {}) {
  return {
    rating: 5,
    title: "Warm and dry",
    body: `Wore it all winter on the ridge. ${Math.random()}`,
    authorName: "Ana",
    productId: JACKET,
    honeypot: "",
    ...overrides,
  };
}

// The shop's catalogue as Shopify would answer (tests/integration/proxy-reviews.test.ts asks the simulator).
const IN_THE_SHOP = new Set([JACKET, BOOTS, TENT]);
const productExists = async (productId: string) => IN_THE_SHOP.has(productId);
const notAsked = async (): Promise<boolean> => expect.fail("not asked: an order proves the product");

function linkContext(shop: string, orderId: string, productIds = [JACKET, BOOTS]): SubmissionContext {
  return {
    shop,
    via: { kind: "review_link", claims: { shop, orderId, productIds, expiresAt: new Date("2030-04-01T00:00:00Z") } },
    ipHash: freshIp(),
    now,
    productExists: notAsked,
  };
}

const customer = (shop: string, customerId = CUSTOMER): SubmissionContext => ({
  shop,
  via: { kind: "customer", customerId },
  ipHash: freshIp(),
  now,
  productExists,
});
const anonymous = (shop: string): SubmissionContext => ({ shop, via: { kind: "anonymous" }, ipHash: freshIp(), now, productExists });

const syncJobs = (shop: string) => db.job.findMany({ where: { shop, type: SYNC_PRODUCT_JOB } });

describe("submitReview from a review-request link", () => {
  it("stores a verified review, publishes it by the default rules and syncs the product", async () => {
    const shop = newShop();
    const orderId = await recordOrder(db, shop, { customerId: CUSTOMER, productIds: [JACKET, BOOTS] });
    const result = await submitReview(db, input({ authorEmail: " Ana@Example.com " }), {
      ...linkContext(shop, orderId),
      storePhotos: async () => [{ fileId: "gid://shopify/MediaImage/9", url: "https://cdn.example/a.jpg", altText: "On the ridge" }],
    });
    expect(result).toEqual({
      ok: true,
      review: { id: expect.any(String), productId: JACKET, rating: 5, status: "published", verified: true },
    });

    const review = await db.review.findUniqueOrThrow({ where: { id: result.ok ? result.review!.id : "" }, include: { photos: true } });
    expect(review).toMatchObject({
      shop,
      orderId,
      customerId: CUSTOMER,
      verifiedBy: "review_link",
      source: "request_email",
      authorEmail: "ana@example.com",
      locale: "en",
      createdAt: now,
      publishedAt: now,
    });
    expect(review.photos).toMatchObject([
      { fileId: "gid://shopify/MediaImage/9", url: "https://cdn.example/a.jpg", altText: "On the ridge", position: 0 },
    ]);
    expect(review.photoCount).toBe(1);
    expect((await syncJobs(shop)).map((job) => job.payload)).toEqual([{ productId: JACKET }]);
  });

  it("refuses a product the link does not cover", async () => {
    const shop = newShop();
    const orderId = await recordOrder(db, shop, { customerId: CUSTOMER, productIds: [JACKET] });
    expect(await submitReview(db, input({ productId: TENT }), linkContext(shop, orderId, [JACKET]))).toEqual({
      ok: false,
      code: "product_not_in_order",
      message: "This review link is not for this product.",
      field: "productId",
    });
  });

  it("throws when the route passes claims it verified for another shop", async () => {
    const shop = newShop();
    const context = linkContext("other-store.myshopify.com", "gid://shopify/Order/1");
    await expect(submitReview(db, input(), { ...context, shop })).rejects.toThrow(/another shop/);
  });

  it("lets the buyer review each product of the order once", async () => {
    const shop = newShop();
    const orderId = await recordOrder(db, shop, { customerId: null, productIds: [JACKET, BOOTS] });
    expect((await submitReview(db, input(), linkContext(shop, orderId))).ok).toBe(true);
    expect((await submitReview(db, input({ productId: BOOTS }), linkContext(shop, orderId))).ok).toBe(true);
    expect(await submitReview(db, input(), linkContext(shop, orderId))).toMatchObject({ ok: false, code: "already_reviewed" });
  });
});

describe("submitReview from a logged-in customer", () => {
  it("verifies the purchase from a paid or partly refunded order of the product", async () => {
    for (const financialStatus of ["paid", "partially_refunded"]) {
      const shop = newShop();
      const orderId = await recordOrder(db, shop, { customerId: CUSTOMER, productIds: [BOOTS, JACKET], financialStatus });
      const result = await submitReview(db, input(), customer(shop));
      expect(result).toMatchObject({ ok: true, review: { verified: true, status: "published" } });
      const review = await db.review.findFirstOrThrow({ where: { shop } });
      expect(review).toMatchObject({ orderId, customerId: CUSTOMER, verifiedBy: "customer_order", source: "storefront" });
    }
  });

  it("does not verify without such an order, and holds the review for the merchant", async () => {
    const shop = newShop();
    const otherShop = newShop();
    await recordOrder(db, shop, { customerId: CUSTOMER, productIds: [JACKET], financialStatus: "pending" });
    await recordOrder(db, shop, { customerId: CUSTOMER, productIds: [JACKET], cancelledAt: new Date("2030-01-02T00:00:00Z") });
    await recordOrder(db, shop, { customerId: CUSTOMER, productIds: [JACKET], financialStatus: "refunded" });
    await recordOrder(db, shop, { customerId: "gid://shopify/Customer/8", productIds: [JACKET] });
    await recordOrder(db, otherShop, { customerId: CUSTOMER, productIds: [JACKET] });
    // gid://shopify/Product/1010 contains the jacket's id as text, but is another product.
    await recordOrder(db, shop, { customerId: CUSTOMER, productIds: [`${JACKET}0`] });

    const result = await submitReview(db, input(), customer(shop));
    expect(result).toMatchObject({ ok: true, review: { verified: false, status: "pending" } });
    expect(await db.review.findFirstOrThrow({ where: { shop } })).toMatchObject({ orderId: null, verifiedBy: null, customerId: CUSTOMER });
    expect(await syncJobs(shop)).toEqual([]);
  });

  it("refuses a second review of the same product by the same customer or email", async () => {
    const shop = newShop();
    await recordOrder(db, shop, { customerId: CUSTOMER, productIds: [JACKET] });
    expect((await submitReview(db, input({ authorEmail: "ana@example.com" }), customer(shop))).ok).toBe(true);
    expect(await submitReview(db, input(), customer(shop))).toEqual({
      ok: false,
      code: "already_reviewed",
      message: "You have already reviewed this product.",
    });
    expect(await submitReview(db, input({ authorEmail: "ANA@example.com" }), customer(shop, "gid://shopify/Customer/99"))).toMatchObject({
      ok: false,
      code: "already_reviewed",
    });
    expect((await submitReview(db, input({ productId: BOOTS }), customer(shop))).ok).toBe(true);
  });

  it("refuses the same text posted again for the product, whatever the punctuation", async () => {
    const shop = newShop();
    const body = "Great jacket, warm and dry!";
    expect((await submitReview(db, input({ body }), customer(shop, "gid://shopify/Customer/1"))).ok).toBe(true);
    expect(await submitReview(db, input({ body: "great jacket warm and dry" }), customer(shop, "gid://shopify/Customer/2"))).toEqual({
      ok: false,
      code: "duplicate_content",
      message: "This review has already been submitted.",
      field: "body",
    });
    expect((await submitReview(db, input({ body, productId: BOOTS }), customer(shop, "gid://shopify/Customer/2"))).ok).toBe(true);
  });
});

describe("submitReview from an anonymous shopper", () => {
  it("is refused unless the merchant allows anonymous reviews", async () => {
    const shop = newShop();
    expect(await submitReview(db, input(), anonymous(shop))).toEqual({
      ok: false,
      code: "anonymous_not_allowed",
      message: "Please log in to your account to write a review.",
    });
    expect(await db.review.count({ where: { shop } })).toBe(0);
  });

  it("is stored unverified and pending, even when everything else would be published", async () => {
    const shop = newShop();
    await db.reviewSettings.create({ data: { shop, allowAnonymous: true, autoPublishMinRating: 1, autoPublishVerifiedOnly: false } });
    expect(await submitReview(db, input(), anonymous(shop))).toMatchObject({ ok: true, review: { verified: false, status: "pending" } });
    expect(await db.review.findFirstOrThrow({ where: { shop } })).toMatchObject({ customerId: null, orderId: null, source: "storefront" });
  });
});

describe("low ratings", () => {
  it("raise one follow-up task and are moderated by the same rules as any review", async () => {
    const shop = newShop();
    await db.reviewSettings.create({ data: { shop, autoPublishMinRating: 1 } });
    const orderId = await recordOrder(db, shop, { customerId: CUSTOMER, productIds: [JACKET, BOOTS, TENT] });

    const low = await submitReview(db, input({ rating: 1, title: "Seams leaked" }), linkContext(shop, orderId, [JACKET, BOOTS, TENT]));
    expect(low).toMatchObject({ ok: true, review: { status: "published" } });
    await submitReview(db, input({ rating: 2, productId: BOOTS, title: "" }), linkContext(shop, orderId, [JACKET, BOOTS, TENT]));
    await submitReview(db, input({ rating: 3, productId: TENT }), linkContext(shop, orderId, [JACKET, BOOTS, TENT]));

    const tasks = await db.merchantTask.findMany({ where: { shop }, orderBy: { summary: "asc" } });
    expect(tasks).toMatchObject([
      { kind: "low_rating", subjectId: low.ok ? low.review!.id : "", status: "open", summary: "1-star review from Ana: “Seams leaked”" },
      { kind: "low_rating", status: "open", summary: expect.stringMatching(/^2-star review from Ana: “Wore it all winter/) },
    ]);
    expect((await syncJobs(shop)).length).toBe(3);
  });

  it("with the default rules wait for the merchant like any review under 4 stars", async () => {
    const shop = newShop();
    const orderId = await recordOrder(db, shop, { customerId: CUSTOMER, productIds: [JACKET] });
    expect(await submitReview(db, input({ rating: 2 }), linkContext(shop, orderId))).toMatchObject({
      ok: true,
      review: { status: "pending" },
    });
    expect(await db.merchantTask.count({ where: { shop, kind: "low_rating" } })).toBe(1);
  });
});

describe("spam defences", () => {
  it("accepts a filled honeypot without storing anything, before any validation", async () => {
    const shop = newShop();
    expect(await submitReview(db, { honeypot: "https://spam.example", rating: 99 }, customer(shop))).toEqual({ ok: true, review: null });
    expect(await db.review.count({ where: { shop } })).toBe(0);
    expect(await db.job.count({ where: { shop } })).toBe(0);
  });
});

describe("validation", () => {
  const cases: [Record<string, unknown>, string, string][] = [
    [{ rating: 6 }, "rating", "Choose a rating from 1 to 5 stars."],
    [{ rating: 3.5 }, "rating", "Choose a rating from 1 to 5 stars."],
    [{ rating: undefined }, "rating", "Choose a rating from 1 to 5 stars."],
    [{ rating: "abc" }, "rating", "Choose a rating from 1 to 5 stars."],
    [{ title: "t".repeat(121) }, "title", "Keep the title to 120 characters or fewer."],
    [{ title: "Visit www.deals.example" }, "title", "Links are not allowed in the title."],
    [{ body: "  too short  " }, "body", "Write at least 10 characters."],
    [{ body: undefined }, "body", "Write your review."],
    [{ body: "b".repeat(5001) }, "body", "Keep the review to 5000 characters or fewer."],
    [{ body: "See https://a.example and https://b.example" }, "body", "A review can contain at most 1 link."],
    [{ authorName: "   " }, "authorName", "Enter your name."],
    [{ authorName: "n".repeat(61) }, "authorName", "Keep the name to 60 characters or fewer."],
    [{ authorName: "buy-now.ru" }, "authorName", "Links are not allowed in the name."],
    [{ authorEmail: "not-an-email" }, "authorEmail", "Enter a valid email address, or leave it empty."],
    [{ productId: "1".repeat(40) }, "productId", "The product must be a Shopify product ID."],
    [{ locale: "English!" }, "locale", "The locale must look like en or pt-BR."],
  ];

  it.each(cases)("refuses %j with a message for the field", async (overrides, field, message) => {
    const shop = newShop();
    expect(await submitReview(db, input(overrides), customer(shop))).toEqual({ ok: false, code: "invalid", message, field });
    expect(await db.review.count({ where: { shop } })).toBe(0);
  });

  it("accepts form values: a rating as text, empty optional fields, one link in the body", async () => {
    const shop = newShop();
    const result = await submitReview(
      db,
      input({ rating: "4", title: "  ", authorEmail: "", locale: "pt-BR", body: "Sizing guide at https://example.com helped." }),
      customer(shop),
    );
    expect(result).toMatchObject({ ok: true, review: { rating: 4 } });
    expect(await db.review.findFirstOrThrow({ where: { shop } })).toMatchObject({ title: "", authorEmail: null, locale: "pt-BR" });
  });
});

describe("one review per product and buyer", () => {
  const keyOf = async (shop: string) =>
    (await db.review.findMany({ where: { shop }, select: { buyerKey: true } })).map((review) => review.buyerKey);

  it("keys a verified review by its customer, else by the order's address; unverified reviews by nobody", async () => {
    const shop = newShop();
    await db.reviewSettings.create({ data: { shop, allowAnonymous: true } });
    const withCustomer = await recordOrder(db, shop, { customerId: CUSTOMER, productIds: [JACKET] });
    expect((await submitReview(db, input(), linkContext(shop, withCustomer, [JACKET]))).ok).toBe(true);
    expect(await keyOf(shop)).toEqual([`customer:${CUSTOMER}`]);

    // A guest's order: its address is the buyer's, whatever is typed into the form.
    const guest = await recordOrder(db, shop, { customerId: null, productIds: [BOOTS] });
    await db.order.update({ where: { id: guest }, data: { email: "Guest@Example.com" } });
    expect(
      (await submitReview(db, input({ productId: BOOTS, authorEmail: "other@example.com" }), linkContext(shop, guest, [BOOTS]))).ok,
    ).toBe(true);
    expect(await db.review.findFirstOrThrow({ where: { shop, productId: BOOTS } })).toMatchObject({
      authorEmail: "guest@example.com",
      buyerKey: "email:guest@example.com",
    });
    expect(
      await submitReview(db, input({ productId: BOOTS, authorEmail: "third@example.com" }), linkContext(shop, guest, [BOOTS])),
    ).toEqual({
      ok: false,
      code: "already_reviewed",
      message: "You have already reviewed this product.",
    });

    const unverified = newShop();
    await db.reviewSettings.create({ data: { shop: unverified, allowAnonymous: true } });
    expect(await submitReview(db, input(), customer(unverified))).toMatchObject({ ok: true, review: { verified: false } });
    expect(await submitReview(db, input({ productId: BOOTS }), anonymous(unverified))).toMatchObject({
      ok: true,
      review: { verified: false },
    });
    expect(await keyOf(unverified)).toEqual([null, null]);
  });

  it("answers a submission that loses to the database's unique key as already reviewed, and stores none of it", async () => {
    const shop = newShop();
    const orderId = await recordOrder(db, shop, { customerId: CUSTOMER, productIds: [JACKET] });
    // A review by the same buyer that the friendly check cannot see (another order, no address):
    // what a submission racing this one finds once the check has passed.
    await db.review.create({
      data: {
        shop,
        productId: JACKET,
        rating: 4,
        body: "First!",
        authorName: "Ana",
        source: "storefront",
        contentHash: "x",
        verified: true,
        buyerKey: `customer:${CUSTOMER}`,
      },
    });
    const stored: string[] = [];
    const result = await submitReview(db, input({ rating: 1 }), {
      ...linkContext(shop, orderId, [JACKET]),
      storePhotos: async () => {
        stored.push("uploaded");
        return [{ fileId: "gid://shopify/MediaImage/5", url: "https://cdn.example/5.jpg", altText: "" }];
      },
    });
    expect(result).toEqual({ ok: false, code: "already_reviewed", message: "You have already reviewed this product." });
    expect(stored).toEqual(["uploaded"]);
    expect(await db.review.count({ where: { shop } })).toBe(1);
    expect(await db.reviewPhoto.count({ where: { review: { shop } } })).toBe(0);
    expect(await db.merchantTask.count({ where: { shop } })).toBe(0);
    expect(await syncJobs(shop)).toEqual([]);
  });
});

describe("the product", () => {
  it("is checked with the shop when no order proves it, and refused when the shop does not have it", async () => {
    const shop = newShop();
    const asked: string[] = [];
    const context = { ...customer(shop), productExists: async (productId: string) => (asked.push(productId), productExists(productId)) };
    expect(await submitReview(db, input({ productId: "gid://shopify/Product/999" }), context)).toEqual({
      ok: false,
      code: "product_not_found",
      message: "This product is not in the shop.",
      field: "productId",
    });
    expect(await submitReview(db, input({ productId: "101" }), context)).toMatchObject({
      ok: true,
      review: { productId: JACKET, verified: false },
    });
    expect(asked).toEqual(["gid://shopify/Product/999", JACKET]);
    expect(await db.review.count({ where: { shop } })).toBe(1);

    // A paid order of the product proves it: the shop is not asked.
    await recordOrder(db, shop, { customerId: "gid://shopify/Customer/8", productIds: [BOOTS] });
    const verified = await submitReview(db, input({ productId: BOOTS }), {
      ...customer(shop, "gid://shopify/Customer/8"),
      productExists: notAsked,
    });
    expect(verified).toMatchObject({ ok: true, review: { verified: true } });
  });

  it.each([
    ["1".repeat(21)],
    ["18446744073709551616"],
    [`gid://shopify/Product/${"9".repeat(40)}`],
    ["0101"],
    ["0"],
    ["gid://shopify/Collection/101"],
  ])("refuses %s, which no Shopify product can have, before asking the shop", async (productId) => {
    const shop = newShop();
    expect(await submitReview(db, input({ productId }), { ...customer(shop), productExists: notAsked })).toEqual({
      ok: false,
      code: "invalid",
      message: "The product must be a Shopify product ID.",
      field: "productId",
    });
  });

  it("takes the largest id Shopify can give", async () => {
    const shop = newShop();
    const largest = "gid://shopify/Product/18446744073709551615";
    const result = await submitReview(db, input({ productId: "18446744073709551615" }), {
      ...customer(shop),
      productExists: async (id) => id === largest,
    });
    expect(result).toMatchObject({ ok: true, review: { productId: largest } });
  });

  it("is refused before the photos are uploaded, as is every other refusal", async () => {
    const shop = newShop();
    const uploads: string[] = [];
    const storePhotos = async () => {
      uploads.push("uploaded");
      return [];
    };
    await submitReview(db, input({ productId: "gid://shopify/Product/999" }), { ...customer(shop), storePhotos });
    await submitReview(db, input(), { ...anonymous(shop), storePhotos });
    await submitReview(db, input({ body: "short" }), { ...customer(shop), storePhotos });
    await submitReview(db, input(), { ...customer(shop), storePhotos });
    expect(uploads).toEqual(["uploaded"]);
    await submitReview(db, input(), { ...customer(shop), storePhotos });
    expect(uploads).toEqual(["uploaded"]);
  });
});

describe("text as shoppers type it", () => {
  it("is stored without the characters a database cannot keep (PostgreSQL refuses U+0000)", async () => {
    const shop = newShop();
    const result = await submitReview(
      db,
      input({
        title: "Warm\u0000 and dry",
        body: "Wore it\u0000 all winter\u0007 on the ridge.",
        authorName: "A\u0000na",
        authorEmail: "ana\u0000@example.com",
      }),
      customer(shop),
    );
    expect(result).toMatchObject({ ok: true });
    expect(await db.review.findFirstOrThrow({ where: { shop } })).toMatchObject({
      title: "Warm and dry",
      body: "Wore it all winter on the ridge.",
      authorName: "Ana",
      authorEmail: "ana@example.com",
    });
  });

  it.each([
    [{ authorName: "\u200B\u200C\u200D\u2060" }, "authorName", "Enter your name."],
    [{ authorName: "\u3164 \u115F\uFEFF" }, "authorName", "Enter your name."],
    [{ authorName: "\u0000" }, "authorName", "Enter your name."],
    [{ body: `\u200B${" ".repeat(20)}\u200B\u200B\u200B\u200B\u200B\u200B\u200B\u200B\u200B` }, "body", "Write at least 10 characters."],
  ])("refuses %j, which shows nothing, as it refuses an empty field", async (overrides, field, message) => {
    const shop = newShop();
    expect(await submitReview(db, input(overrides), customer(shop))).toEqual({ ok: false, code: "invalid", message, field });
    expect(await db.review.count({ where: { shop } })).toBe(0);
  });

  it("stores an optional title that shows nothing as no title", async () => {
    const shop = newShop();
    expect((await submitReview(db, input({ title: "\u200B\u200B" }), customer(shop))).ok).toBe(true);
    expect((await db.review.findFirstOrThrow({ where: { shop } })).title).toBe("");
  });
});
