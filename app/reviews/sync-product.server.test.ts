import { describe, expect, it } from "vitest";
import db from "../db.server";
import { enqueue } from "../jobs/queue.server";
import { runDueJobs } from "../jobs/worker.server";
import type { AdminClient } from "../shopify/admin.server";
import { enqueueMetaobjectSweep, METAOBJECT_SWEEP_JOB } from "./review-metaobjects.server";
import { enqueueProductSync, reviewJobHandlers, SWEEP_PRODUCTS_PER_JOB, SYNC_PRODUCT_JOB } from "./sync-product.server";
import { newShop, storeReview } from "./test-fixtures";

const JACKET = "gid://shopify/Product/401";

/** Records the variables of each Admin API call and answers like a successful metafieldsSet. */
function recordingAdmin() {
  const calls: Record<string, unknown>[] = [];
  const admin: AdminClient = {
    async graphql(_query, options) {
      calls.push(options?.variables ?? {});
      return Response.json({
        data: { metafieldsSet: { metafields: [], userErrors: [] }, metafieldsDelete: { deletedMetafields: [], userErrors: [] } },
      });
    },
  };
  return { admin, calls };
}

async function runSync(shop: string) {
  const { admin, calls } = recordingAdmin();
  const ran = await runDueJobs({ db, handlers: reviewJobHandlers, adminFor: async () => admin, batchSize: 100 });
  const jobs = await db.job.findMany({ where: { shop } });
  return { ran, calls, jobs };
}

describe("reviews.sync_product", () => {
  it("writes the product's published reviews to its metafields", async () => {
    const shop = newShop();
    await storeReview(db, shop, {
      id: "older",
      productId: JACKET,
      rating: 4,
      title: "Good",
      body: "Warm enough for spring.",
      authorName: "Ana",
      verified: true,
      createdAt: new Date("2030-01-01T08:00:00Z"),
      photos: [{ url: "https://cdn.example/a.jpg", altText: "Ana on a hike" }],
    });
    await storeReview(db, shop, {
      id: "newer",
      productId: JACKET,
      rating: 5,
      title: "Great",
      body: "x".repeat(1200),
      authorName: "Ben",
      reply: "Thanks Ben!",
      createdAt: new Date("2030-01-02T08:00:00Z"),
    });
    await storeReview(db, shop, { productId: JACKET, rating: 1, status: "pending" });
    await enqueueProductSync(db, shop, JACKET);

    const { calls, jobs } = await runSync(shop);
    expect(jobs).toMatchObject([{ type: SYNC_PRODUCT_JOB, status: "done" }]);
    expect(calls).toEqual([
      {
        metafields: [
          {
            ownerId: JACKET,
            namespace: "reviews",
            key: "rating",
            type: "rating",
            value: '{"value":"4.5","scale_min":"1.0","scale_max":"5.0"}',
          },
          { ownerId: JACKET, namespace: "reviews", key: "rating_count", type: "number_integer", value: "2" },
          {
            ownerId: JACKET,
            namespace: "$app:reviews",
            key: "summary",
            type: "json",
            value: JSON.stringify({
              average: 4.5,
              count: 2,
              distribution: { 1: 0, 2: 0, 3: 0, 4: 1, 5: 1 },
              latest: [
                {
                  id: "newer",
                  rating: 5,
                  title: "Great",
                  body: `${"x".repeat(999)}…`,
                  authorName: "Ben",
                  verified: false,
                  createdAt: "2030-01-02",
                  reply: "Thanks Ben!",
                  helpfulCount: 0,
                  photos: [],
                },
                {
                  id: "older",
                  rating: 4,
                  title: "Good",
                  body: "Warm enough for spring.",
                  authorName: "Ana",
                  verified: true,
                  createdAt: "2030-01-01",
                  reply: null,
                  helpfulCount: 0,
                  photos: [
                    {
                      thumbnailSrc: "https://cdn.example/a.jpg?width=80&height=80&crop=center",
                      thumbnailSrcset:
                        "https://cdn.example/a.jpg?width=80&height=80&crop=center 1x, https://cdn.example/a.jpg?width=160&height=160&crop=center 2x",
                      lightboxSrc: "https://cdn.example/a.jpg?width=1200",
                      alt: "Ana on a hike",
                    },
                  ],
                },
              ],
              // The gallery's thumbnails are up to 88 px wide.
              gallery: [
                {
                  reviewId: "older",
                  rating: 4,
                  authorName: "Ana",
                  thumbnailSrc: "https://cdn.example/a.jpg?width=88&height=88&crop=center",
                  thumbnailSrcset:
                    "https://cdn.example/a.jpg?width=88&height=88&crop=center 1x, https://cdn.example/a.jpg?width=176&height=176&crop=center 2x",
                  lightboxSrc: "https://cdn.example/a.jpg?width=1200",
                  alt: "Ana on a hike",
                },
              ],
            }),
          },
        ],
      },
    ]);
  });

  it("writes a zero count and removes the rating once no review is published", async () => {
    const shop = newShop();
    await storeReview(db, shop, { productId: JACKET, status: "rejected" });
    await enqueueProductSync(db, shop, JACKET);
    const { calls } = await runSync(shop);
    expect(calls).toEqual([
      {
        metafields: [
          { ownerId: JACKET, namespace: "reviews", key: "rating_count", type: "number_integer", value: "0" },
          {
            ownerId: JACKET,
            namespace: "$app:reviews",
            key: "summary",
            type: "json",
            value: '{"average":0,"count":0,"distribution":{"1":0,"2":0,"3":0,"4":0,"5":0},"latest":[],"gallery":[]}',
          },
        ],
      },
      { metafields: [{ ownerId: JACKET, namespace: "reviews", key: "rating" }] },
    ]);
  });

  it("is refused without a product, and a stored one without it ends dead at once", async () => {
    const shop = newShop();
    // @ts-expect-error the payload needs a productId
    await expect(enqueue(db, { shop, type: SYNC_PRODUCT_JOB, payload: {} })).rejects.toThrow("productId: Required");
    await db.job.create({ data: { shop, type: SYNC_PRODUCT_JOB, payload: {} } });
    const { calls, jobs } = await runSync(shop);
    expect(calls).toEqual([]);
    expect(jobs).toMatchObject([
      { status: "dead", attempts: 1, lastError: 'invalid payload for "reviews.sync_product": productId: Required' },
    ]);
  });
});

describe("reviews.metaobject_sweep", () => {
  it("queues one sync per product with published reviews or metaobjects, a page of products per job", async () => {
    const shop = newShop();
    const products = Array.from({ length: SWEEP_PRODUCTS_PER_JOB + 1 }, (_, n) => `gid://shopify/Product/${9000 + n}`);
    for (const productId of products) await storeReview(db, shop, { productId });
    // Nothing published, but a metaobject to remove: swept too. Only pending: left alone.
    await storeReview(db, shop, { productId: "gid://shopify/Product/8001", status: "rejected", metaobjectHandle: "retention-review-x" });
    await storeReview(db, shop, { productId: "gid://shopify/Product/8002", status: "pending" });
    await enqueueMetaobjectSweep(db, shop);

    const synced: string[] = [];
    const handlers = {
      [METAOBJECT_SWEEP_JOB]: reviewJobHandlers[METAOBJECT_SWEEP_JOB],
      [SYNC_PRODUCT_JOB]: async ({ payload }: { payload: { productId: string } }) => void synced.push(payload.productId),
    };
    const admin = recordingAdmin().admin;
    while ((await runDueJobs({ db, handlers, adminFor: async () => admin, batchSize: 1000 })) > 0);
    expect(synced.sort()).toEqual(["gid://shopify/Product/8001", ...products].sort());
    expect(await db.job.count({ where: { shop, type: METAOBJECT_SWEEP_JOB, status: "done" } })).toBe(2);
  });
});
