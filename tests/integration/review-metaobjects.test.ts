// Published reviews as Shopify's standard product review metaobjects, end to end: the merchant's
// setting, moderation and customers/redact as the app does them, and the products' syncs run by
// the worker against the simulator's Admin API (Shopify's schema, scopes and errors).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SHOP_DOMAIN } from "../../scripts/simulator/demo-store";
import type { Metaobject } from "../../scripts/simulator/state";
import { storeReview } from "../../app/reviews/test-fixtures";
import type { AdminClient } from "../../app/shopify/admin.server";
import { startSimulatedShop, type SimulatedShop } from "../support/simulated-shop";

const SHOP = DEMO_SHOP_DOMAIN;
let shop: SimulatedShop;
let moderation: typeof import("../../app/reviews/moderate.server");
let sync: typeof import("../../app/reviews/sync-product.server");
let settings: typeof import("../../app/reviews/review-settings.server");
let ReviewSettingsInput: typeof import("../../app/reviews/review-settings-form").ReviewSettingsInput;
let worker: typeof import("../../app/jobs/worker.server");
let handlers: typeof import("../../app/jobs/handlers.server").handlers;

beforeAll(async () => {
  shop = await startSimulatedShop({ storefrontUrl: "https://metaobjects-demo.example" });
  moderation = await import("../../app/reviews/moderate.server");
  sync = await import("../../app/reviews/sync-product.server");
  settings = await import("../../app/reviews/review-settings.server");
  ({ ReviewSettingsInput } = await import("../../app/reviews/review-settings-form"));
  worker = await import("../../app/jobs/worker.server");
  ({ handlers } = await import("../../app/jobs/handlers.server"));
});

afterAll(() => shop?.close());

const product = (index: number) => shop.shopState().products[index]!.id;
const reviewMetaobjects = (): Metaobject[] => (shop.shopState().metaobjects ?? []).filter((m) => m.type === "product_review");
const metaobjectOf = (reviewId: string) => reviewMetaobjects().find((m) => m.handle === `retention-review-${reviewId}`);
const valuesOf = (metaobject: Metaobject | undefined) => Object.fromEntries((metaobject?.fields ?? []).map((f) => [f.key, f.value]));
const runJobs = (at = new Date()) => shop.runJobsAt(at);
const rowOf = (id: string) =>
  shop.db.review.findUniqueOrThrow({ where: { id }, select: { metaobjectHandle: true, metaobjectId: true, status: true, erasedAt: true } });

async function setSyndication(on: boolean) {
  const input = ReviewSettingsInput.parse({ autoPublishMinRating: "4", ...(on ? { syndicateToMetaobject: "on" } : {}) });
  return settings.saveReviewSettings(shop.db, await shop.shopify.adminFor(SHOP), SHOP, input);
}

/** Every published, unerased review of the products has exactly one metaobject, and its row names it. */
async function expectInStep(productIds: string[]) {
  const reviews = await shop.db.review.findMany({ where: { shop: SHOP, productId: { in: productIds } } });
  for (const review of reviews) {
    const metaobjects = reviewMetaobjects().filter((m) => m.handle === `retention-review-${review.id}`);
    if (review.status === "published" && review.erasedAt === null) {
      expect(metaobjects).toHaveLength(1);
      expect(review.metaobjectId).toBe(metaobjects[0]!.id);
    } else {
      expect(metaobjects).toEqual([]);
      expect(review.metaobjectId).toBeNull();
    }
  }
}

/**
 * Admin API access for the workers of a race: `held` stops at its first metaobjectUpsert until
 * released, `free` never does; both count the upserts they send.
 */
function upsertGate() {
  let release!: () => void;
  let reached!: () => void;
  const opened = new Promise<void>((resolve) => (release = resolve));
  const atUpsert = new Promise<void>((resolve) => (reached = resolve));
  let upserts = 0;
  const adminFor =
    (hold: boolean) =>
    async (shopDomain: string): Promise<AdminClient> => {
      const admin = await shop.shopify.adminFor(shopDomain);
      return {
        async graphql(query, options) {
          if (query.includes("metaobjectUpsert")) {
            upserts += 1;
            if (hold) {
              reached();
              await opened;
            }
          }
          return admin.graphql(query, options);
        },
      };
    };
  return { held: adminFor(true), free: adminFor(false), atUpsert, release, upserts: () => upserts };
}

describe("product review metaobjects", () => {
  it("are off by default; turning them on enables Shopify's definition and backfills every product with published reviews", async () => {
    const many = product(0);
    const few = product(1);
    for (let n = 0; n < 55; n += 1) await storeReview(shop.db, SHOP, { productId: many, rating: (n % 5) + 1 });
    await storeReview(shop.db, SHOP, { productId: few });
    await storeReview(shop.db, SHOP, { productId: few, status: "pending" });
    await sync.enqueueProductSync(shop.db, SHOP, few);
    await runJobs();
    expect(shop.shopState().metaobjectDefinitions ?? []).toEqual([]);
    expect(reviewMetaobjects()).toEqual([]);

    expect(await setSyndication(true)).toMatchObject({ ok: true, settings: { syndicateToMetaobject: true } });
    expect(shop.shopState().metaobjectDefinitions).toEqual([expect.objectContaining({ type: "product_review", name: "Product Review" })]);
    await runJobs();
    expect(reviewMetaobjects()).toHaveLength(56);
    await expectInStep([many, few]);
    // 55 upserts are more than one sync writes: the product got a second sync after the first.
    const syncs = await shop.db.job.findMany({ where: { shop: SHOP, type: sync.SYNC_PRODUCT_JOB, status: "done" } });
    expect(syncs.filter((job) => JSON.stringify(job.payload).includes(many)).length).toBeGreaterThanOrEqual(2);

    // Saving again changes nothing and sweeps nothing.
    const sweeps = () => shop.db.job.count({ where: { shop: SHOP, type: "reviews.metaobject_sweep" } });
    const before = await sweeps();
    await setSyndication(true);
    expect(await sweeps()).toBe(before);
  });

  it("writes a published review's fields, updates the same metaobject when a reply changes, and deletes it on unpublish", async () => {
    const productId = product(2);
    const review = await storeReview(shop.db, SHOP, {
      productId,
      status: "pending",
      rating: 4,
      title: "Warm",
      body: "Kept me warm on the ferry.\nWould buy again.",
      authorName: "Eleni",
      createdAt: new Date("2030-03-01T10:00:00Z"),
      photos: [{ url: "https://cdn.example/eleni.jpg" }],
    });
    await moderation.setReviewStatus(shop.db, SHOP, [review.id], "published", new Date("2030-03-02T09:30:00Z"));
    await runJobs();
    const created = metaobjectOf(review.id);
    expect(valuesOf(created)).toEqual({
      rating: '{"value":"4.0","scale_min":"1.0","scale_max":"5.0"}',
      title: "Warm",
      body: "Kept me warm on the ferry.\nWould buy again.",
      submitted_at: "2030-03-01T10:00:00.000Z",
      published_at: "2030-03-02T09:30:00.000Z",
      source: "Retention",
      author_display_name: "Eleni",
      product: productId,
      media_urls: '["https://cdn.example/eleni.jpg"]',
    });

    await moderation.replyToReview(shop.db, SHOP, review.id, "Thank you, Eleni!", new Date("2030-03-03T08:00:00Z"));
    await runJobs();
    expect(metaobjectOf(review.id)?.id).toBe(created?.id);
    expect(valuesOf(metaobjectOf(review.id))).toMatchObject({
      merchant_reply: "Thank you, Eleni!",
      merchant_replied_at: "2030-03-03T08:00:00.000Z",
    });
    await moderation.replyToReview(shop.db, SHOP, review.id, "");
    await runJobs();
    expect(valuesOf(metaobjectOf(review.id))).not.toHaveProperty("merchant_reply");

    await moderation.setReviewStatus(shop.db, SHOP, [review.id], "rejected");
    await runJobs();
    expect(metaobjectOf(review.id)).toBeUndefined();
    expect(await rowOf(review.id)).toMatchObject({ status: "rejected", metaobjectHandle: null, metaobjectId: null });
  });

  it("deletes the metaobjects of a customer's reviews on customers/redact, keeping the review anonymised on the storefront", async () => {
    const productId = product(3);
    const maria = shop.shopState().customers[1]!;
    const hers = await storeReview(shop.db, SHOP, {
      productId,
      customerId: maria.id,
      authorEmail: maria.email,
      authorName: maria.firstName,
    });
    const theirs = await storeReview(shop.db, SHOP, { productId, authorName: "Nikos" });
    await sync.enqueueProductSync(shop.db, SHOP, productId);
    await runJobs();
    expect(metaobjectOf(hers.id)).toBeDefined();

    const { webhook } = await shop.simulator.actions.redactCustomer({ customerId: maria.id });
    expect(webhook.status).toBe(200);
    await runJobs();
    expect(metaobjectOf(hers.id)).toBeUndefined();
    expect(metaobjectOf(theirs.id)).toBeDefined();
    expect(await rowOf(hers.id)).toMatchObject({ status: "published", erasedAt: expect.any(Date), metaobjectId: null });
    await expectInStep([productId]);
  });

  it("lets two syncs of one product take turns, so a review unpublished during a sync ends without a metaobject", async () => {
    const productId = product(4);
    const [first, second] = [
      await storeReview(shop.db, SHOP, { id: "race-a", productId }),
      await storeReview(shop.db, SHOP, { id: "race-b", productId }),
    ];
    // The first sync stops at its first upsert (race-a's, the lowest id) until released.
    const gate = upsertGate();
    await sync.enqueueProductSync(shop.db, SHOP, productId);
    const running = worker.runDueJobs({ db: shop.db, handlers, adminFor: gate.held, workerId: "worker-a", batchSize: 1 });
    await gate.atUpsert;

    // Unpublished while the first sync holds the product: the second sync defers to it.
    await moderation.setReviewStatus(shop.db, SHOP, [first.id], "rejected");
    await worker.runDueJobs({ db: shop.db, handlers, adminFor: gate.free, workerId: "worker-b", batchSize: 10 });

    gate.release();
    await running;
    await runJobs(); // the rerun the first sync queued as it let go
    expect(metaobjectOf(first.id)).toBeUndefined();
    expect(metaobjectOf(second.id)).toBeDefined();
    await expectInStep([productId]);
    expect(await shop.db.productSyncLease.count({ where: { shop: SHOP, productId } })).toBe(0);
  });

  it("converges when two workers sync one product at once, each metaobject written once", async () => {
    const productId = product(5);
    for (let n = 0; n < 4; n += 1) await storeReview(shop.db, SHOP, { productId });
    const gate = upsertGate();
    await sync.enqueueProductSync(shop.db, SHOP, productId);
    await sync.enqueueProductSync(shop.db, SHOP, productId);
    const running = worker.runDueJobs({ db: shop.db, handlers, adminFor: gate.held, workerId: "worker-c", batchSize: 1 });
    await gate.atUpsert;
    // The second worker runs the other sync while the first is mid-way.
    await worker.runDueJobs({ db: shop.db, handlers, adminFor: gate.free, workerId: "worker-d", batchSize: 1 });
    gate.release();
    await running;
    await runJobs();
    await expectInStep([productId]);
    expect(reviewMetaobjects().filter((m) => valuesOf(m).product === productId)).toHaveLength(4);
    // The sync that deferred ran after the first and found every metaobject written already.
    expect(gate.upserts()).toBe(4);
  });

  it("creates no duplicate when a job is retried after Shopify ran the upsert, and retries throttled calls with backoff", async () => {
    const productId = product(6);
    const review = await storeReview(shop.db, SHOP, { productId });
    await sync.enqueueProductSync(shop.db, SHOP, productId);
    // Shopify creates the metaobject, but its answer never reaches the app.
    shop.simulator.failNext({ shop: SHOP, field: "Mutation.metaobjectUpsert", fault: { kind: "dropResponse" } });
    const start = new Date();
    await runJobs(start);
    const failed = await shop.db.job.findFirstOrThrow({ where: { shop: SHOP, type: sync.SYNC_PRODUCT_JOB, status: "queued" } });
    expect(failed.attempts).toBe(1);
    expect(metaobjectOf(review.id)).toBeDefined();
    expect(await rowOf(review.id)).toMatchObject({ metaobjectHandle: `retention-review-${review.id}`, metaobjectId: null });

    await runJobs(new Date(start.getTime() + 10 * 60_000));
    expect(reviewMetaobjects().filter((m) => m.handle === `retention-review-${review.id}`)).toHaveLength(1);
    await expectInStep([productId]);

    await moderation.setReviewStatus(shop.db, SHOP, [review.id], "rejected");
    shop.simulator.failNext({ shop: SHOP, field: "Mutation.metaobjectDelete", fault: { kind: "throttled" } });
    const later = new Date(start.getTime() + 20 * 60_000);
    await runJobs(later);
    const throttled = await shop.db.job.findFirstOrThrow({ where: { shop: SHOP, type: sync.SYNC_PRODUCT_JOB, status: "queued" } });
    expect(throttled.lastError).toMatch(/Throttled/);
    expect(metaobjectOf(review.id)).toBeDefined();
    await runJobs(new Date(later.getTime() + 10 * 60_000));
    expect(metaobjectOf(review.id)).toBeUndefined();
    await expectInStep([productId]);
  });

  it("removes every metaobject when turned off, and backfills again when turned back on", async () => {
    expect(reviewMetaobjects().length).toBeGreaterThan(50);
    expect(await setSyndication(false)).toMatchObject({ ok: true });
    await runJobs();
    expect(reviewMetaobjects()).toEqual([]);
    expect(await shop.db.review.count({ where: { shop: SHOP, metaobjectHandle: { not: null } } })).toBe(0);

    // Shopify has the definition already: enabling it again is not a failure.
    expect(await setSyndication(true)).toMatchObject({ ok: true });
    await runJobs();
    const published = await shop.db.review.count({ where: { shop: SHOP, status: "published", erasedAt: null } });
    expect(reviewMetaobjects()).toHaveLength(published);
  });
});
