import { describe, expect, it } from "vitest";
import db from "../db.server";
import { parseJobPayload } from "../jobs/payloads.server";
import { jobPayload } from "../jobs/queue.server";
import { completeTask, listOpenTasks, listReviews, replyToReview, setReviewStatus } from "./moderate.server";
import { SYNC_PRODUCT_JOB } from "./sync-product.server";
import { newShop, storeReview } from "./test-fixtures";

const JACKET = "gid://shopify/Product/201";
const BOOTS = "gid://shopify/Product/202";
const at = (minute: number) => new Date(Date.UTC(2030, 0, 1, 0, minute));

const syncedProducts = async (shop: string) =>
  (await db.job.findMany({ where: { shop, type: SYNC_PRODUCT_JOB } }))
    .map((job) => parseJobPayload(SYNC_PRODUCT_JOB, jobPayload(job)).productId)
    .sort();

describe("listReviews", () => {
  it("filters the shop's reviews and counts them per status for the tabs", async () => {
    const shop = newShop();
    await storeReview(db, newShop(), { productId: JACKET, title: "Other shop's review" });
    await storeReview(db, shop, { productId: JACKET, status: "pending", rating: 2, title: "Zipper broke", createdAt: at(1) });
    await storeReview(db, shop, {
      productId: JACKET,
      status: "published",
      rating: 5,
      verified: true,
      authorName: "ZIPPY Zoe",
      createdAt: at(2),
    });
    await storeReview(db, shop, { productId: BOOTS, status: "published", rating: 5, body: "The zipper is sturdy", createdAt: at(3) });
    await storeReview(db, shop, { productId: BOOTS, status: "rejected", rating: 1, title: "spam", createdAt: at(4) });

    const all = await listReviews(db, shop, { pageSize: 10 });
    expect(all.reviews.map((r) => r.createdAt)).toEqual([at(4), at(3), at(2), at(1)]);
    expect(all.counts).toEqual({ pending: 1, published: 2, rejected: 1 });
    expect(all.nextCursor).toBeNull();
    expect(all.reviews[0]).not.toHaveProperty("ipHash");

    // Search ignores case on both databases and looks at title, body and name.
    const zip = await listReviews(db, shop, { search: " zip ", pageSize: 10 });
    expect(zip.reviews.map((r) => r.createdAt)).toEqual([at(3), at(2), at(1)]);
    expect(zip.counts).toEqual({ pending: 1, published: 2, rejected: 0 });

    const publishedZip = await listReviews(db, shop, { search: "ZIP", status: "published", pageSize: 10 });
    expect(publishedZip.reviews.map((r) => r.createdAt)).toEqual([at(3), at(2)]);
    expect(publishedZip.counts).toEqual({ pending: 1, published: 2, rejected: 0 });

    expect((await listReviews(db, shop, { rating: 5, verified: true, pageSize: 10 })).reviews.map((r) => r.authorName)).toEqual([
      "ZIPPY Zoe",
    ]);
    expect((await listReviews(db, shop, { productId: BOOTS, pageSize: 10 })).counts).toEqual({ pending: 0, published: 1, rejected: 1 });
  });

  it("pages newest first without skipping or repeating reviews written at the same moment", async () => {
    const shop = newShop();
    const ids: string[] = [];
    for (let n = 0; n < 7; n++) ids.push((await storeReview(db, shop, { productId: JACKET, createdAt: n < 5 ? at(0) : at(n) })).id);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof listReviews>> = await listReviews(db, shop, { pageSize: 2, cursor });
      seen.push(...page.reviews.map((r) => r.id));
      cursor = page.nextCursor;
    } while (cursor);
    const sameMoment = ids.slice(0, 5).sort().reverse();
    expect(seen).toEqual([ids[6], ids[5], ...sameMoment]);
  });

  it("starts over from the first page when a cursor was tampered with", async () => {
    const shop = newShop();
    await storeReview(db, shop, { productId: JACKET });
    expect((await listReviews(db, shop, { pageSize: 5, cursor: "not-a-cursor" })).reviews).toHaveLength(1);
  });
});

describe("setReviewStatus", () => {
  it("publishes the shop's reviews in bulk and syncs each affected product once", async () => {
    const shop = newShop();
    const now = at(30);
    const a = await storeReview(db, shop, { productId: JACKET, status: "pending" });
    const b = await storeReview(db, shop, { productId: JACKET, status: "rejected" });
    const c = await storeReview(db, shop, { productId: BOOTS, status: "pending" });
    const foreign = await storeReview(db, newShop(), { productId: BOOTS, status: "pending" });

    expect(await setReviewStatus(db, shop, [a.id, b.id, c.id, foreign.id, a.id], "published", now)).toEqual({ updated: 3 });
    for (const id of [a.id, b.id, c.id]) {
      expect(await db.review.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "published", publishedAt: now });
    }
    expect(await db.review.findUniqueOrThrow({ where: { id: foreign.id } })).toMatchObject({ status: "pending", publishedAt: null });
    expect(await syncedProducts(shop)).toEqual([JACKET, BOOTS].sort());
    expect(await db.job.count({ where: { shop: foreign.shop } })).toBe(0);

    // Already published: nothing changes and nothing is synced again.
    expect(await setReviewStatus(db, shop, [a.id], "published", at(40))).toEqual({ updated: 0 });
    expect((await db.review.findUniqueOrThrow({ where: { id: a.id } })).publishedAt).toEqual(now);
    expect(await syncedProducts(shop)).toHaveLength(2);
  });

  it("syncs when a published review is rejected, but not when a pending one is", async () => {
    const shop = newShop();
    const live = await storeReview(db, shop, { productId: JACKET, status: "published", publishedAt: at(1) });
    const waiting = await storeReview(db, shop, { productId: BOOTS, status: "pending" });
    expect(await setReviewStatus(db, shop, [live.id, waiting.id], "rejected")).toEqual({ updated: 2 });
    expect(await db.review.findUniqueOrThrow({ where: { id: live.id } })).toMatchObject({ status: "rejected", publishedAt: null });
    expect(await syncedProducts(shop)).toEqual([JACKET]);
  });
});

describe("replyToReview", () => {
  it("sets, replaces and removes the merchant's reply, syncing published reviews", async () => {
    const shop = newShop();
    const review = await storeReview(db, shop, { productId: JACKET, status: "published" });
    expect(await replyToReview(db, shop, review.id, "  Thanks, Sam!  ", at(5))).toEqual({ ok: true, reply: "Thanks, Sam!" });
    expect(await db.review.findUniqueOrThrow({ where: { id: review.id } })).toMatchObject({ reply: "Thanks, Sam!", repliedAt: at(5) });

    expect(await replyToReview(db, shop, review.id, "   ")).toEqual({ ok: true, reply: null });
    expect(await db.review.findUniqueOrThrow({ where: { id: review.id } })).toMatchObject({ reply: null, repliedAt: null });
    expect(await syncedProducts(shop)).toEqual([JACKET, JACKET]);
  });

  it("does not sync a review shoppers cannot see", async () => {
    const shop = newShop();
    const review = await storeReview(db, shop, { productId: JACKET, status: "pending" });
    expect(await replyToReview(db, shop, review.id, "We are on it")).toEqual({ ok: true, reply: "We are on it" });
    expect(await syncedProducts(shop)).toEqual([]);
  });

  it("refuses a reply over 2000 characters and another shop's review", async () => {
    const shop = newShop();
    const review = await storeReview(db, shop, { productId: JACKET });
    expect(await replyToReview(db, shop, review.id, "r".repeat(2000))).toEqual({ ok: true, reply: "r".repeat(2000) });
    expect(await replyToReview(db, shop, review.id, "r".repeat(2001))).toEqual({
      ok: false,
      code: "too_long",
      message: "Keep the reply to 2000 characters or fewer.",
    });
    expect(await replyToReview(db, newShop(), review.id, "Hijacked")).toEqual({
      ok: false,
      code: "not_found",
      message: "This review no longer exists.",
    });
    expect((await db.review.findUniqueOrThrow({ where: { id: review.id } })).reply).toBe("r".repeat(2000));
  });
});

describe("follow-up tasks", () => {
  it("lists the shop's open tasks newest first and completes them once", async () => {
    const shop = newShop();
    const older = await db.merchantTask.create({
      data: { shop, kind: "low_rating", subjectId: "r1", summary: "1-star", createdAt: at(1) },
    });
    const newer = await db.merchantTask.create({
      data: { shop, kind: "low_rating", subjectId: "r2", summary: "2-star", createdAt: at(2) },
    });
    const foreign = await db.merchantTask.create({ data: { shop: newShop(), kind: "low_rating", subjectId: "r3", summary: "1-star" } });

    expect((await listOpenTasks(db, shop)).map((task) => task.id)).toEqual([newer.id, older.id]);
    expect(await completeTask(db, shop, older.id, at(9))).toBe(true);
    expect(await completeTask(db, shop, older.id)).toBe(false);
    expect(await completeTask(db, shop, foreign.id)).toBe(false);
    expect(await db.merchantTask.findUniqueOrThrow({ where: { id: older.id } })).toMatchObject({ status: "done", completedAt: at(9) });
    expect((await db.merchantTask.findUniqueOrThrow({ where: { id: foreign.id } })).status).toBe("open");
    expect((await listOpenTasks(db, shop)).map((task) => task.id)).toEqual([newer.id]);
  });
});

describe("follow-up details", () => {
  it("gives each open task its customer's email, review and order", async () => {
    const shop = newShop();
    const orderId = "gid://shopify/Order/7001";
    await db.order.create({
      data: {
        id: orderId,
        shop,
        name: "#7001",
        email: "buyer@example.com",
        currencyCode: "EUR",
        presentmentCurrencyCode: "EUR",
        totalPrice: "20.00",
        presentmentTotalPrice: "20.00",
        subtotalPrice: "20.00",
        financialStatus: "paid",
        lineItems: [
          { lineItemId: "gid://shopify/LineItem/1", productId: JACKET, variantId: null, title: "Rain Jacket", quantity: 1, price: "20.00" },
        ],
        processedAt: at(0),
      },
    });
    const low = await storeReview(db, shop, { productId: JACKET, rating: 1, orderId, status: "pending", createdAt: at(1) });
    const guest = await storeReview(db, shop, { productId: BOOTS, rating: 2, authorEmail: "guest@example.com", createdAt: at(2) });
    const answer = await db.surveyAnswer.create({ data: { shop, orderId, messageId: `m-${shop}`, score: 1 } });
    await db.merchantTask.createMany({
      data: [
        { shop, kind: "low_rating", subjectId: low.id, summary: "1★", createdAt: at(3) },
        { shop, kind: "low_rating", subjectId: guest.id, summary: "2★", createdAt: at(4) },
        { shop, kind: "unhappy_survey", subjectId: answer.id, summary: "1/5", createdAt: at(5) },
        { shop, kind: "low_rating", subjectId: "deleted-review", summary: "1★", createdAt: at(6) },
      ],
    });

    const tasks = await listOpenTasks(db, shop);
    expect(tasks.map(({ summary, email, orderId, review }) => ({ summary, email, orderId, review }))).toEqual([
      { summary: "1★", email: null, orderId: null, review: null },
      { summary: "1/5", email: "buyer@example.com", orderId, review: null },
      { summary: "2★", email: "guest@example.com", orderId: null, review: { id: guest.id, status: "published" } },
      { summary: "1★", email: "buyer@example.com", orderId, review: { id: low.id, status: "pending" } },
    ]);

    // The moderation list names the product from the review's order, and opens one review.
    const page = await listReviews(db, shop, { reviewId: low.id, pageSize: 10 });
    expect(page.reviews.map((review) => review.id)).toEqual([low.id]);
    expect(page.productTitles).toEqual(new Map([[JACKET, "Rain Jacket"]]));
    expect((await listReviews(db, newShop(), { reviewId: low.id, pageSize: 10 })).reviews).toEqual([]);
  });
});
