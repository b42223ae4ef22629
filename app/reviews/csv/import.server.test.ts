// The import job end to end against the test database (SQLite or PostgreSQL).
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import db from "../../db.server";
import { parseJobPayload } from "../../jobs/payloads.server";
import { jobPayload, type Job } from "../../jobs/queue.server";
import { runDueJobs, type JobContext, type JobHandlers } from "../../jobs/worker.server";
import { reviewContentHash } from "./content-hash";
import {
  createReviewImportHandlers,
  importErrors,
  REVIEW_IMPORT_JOB,
  REVIEW_SYNC_PRODUCT_JOB,
  ReviewImportError,
  startReviewImport,
  type ReviewImportHandlerOptions,
} from "./import.server";
import type { ProductResolver } from "./product-lookup.server";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");
const JUDGEME = fixture("judgeme-export.csv");
const OKENDO = fixture("okendo-export.csv");
const newShop = () => `import-${randomUUID().slice(0, 8)}.myshopify.com`;
const gid = (id: number) => `gid://shopify/Product/${id}`;

const HANDLES: Record<string, string> = {
  "olive-oil-soap": gid(1001),
  "ceramic-mug": gid(1002),
  "mountain-tea": gid(1003),
  "cotton-beach-towel": gid(1004),
  "scented-candle": gid(1005),
  "thyme-honey": gid(1006),
};

/** Like the real resolver, without Shopify: ids as given, handles from a table. */
const stubResolver: ProductResolver = async (ref) => {
  if (ref.startsWith("gid://")) return ref;
  if (/^[0-9]+$/.test(ref)) return gid(Number(ref));
  return HANDLES[ref] ?? null;
};

const noAdmin = async (): Promise<never> => {
  throw new Error("the import must not call Shopify when a resolver is given");
};

function handlerFor(options: ReviewImportHandlerOptions = {}) {
  const handlers = createReviewImportHandlers({ resolverFor: () => stubResolver, now: () => new Date("2026-01-01T00:00:00Z"), ...options });
  return handlers[REVIEW_IMPORT_JOB]!;
}

async function importJobs(shop: string): Promise<Job[]> {
  return db.job.findMany({ where: { shop, type: REVIEW_IMPORT_JOB }, orderBy: { createdAt: "asc" } });
}

/** Runs one job's handler the way the worker does (attempts counted as a claim would). */
async function run(job: Job, options: ReviewImportHandlerOptions = {}, attempts = job.attempts + 1): Promise<void> {
  const ctx: JobContext<typeof REVIEW_IMPORT_JOB> = {
    db,
    job: { ...job, attempts },
    shop: job.shop,
    payload: parseJobPayload(REVIEW_IMPORT_JOB, jobPayload(job)),
    now: new Date(),
    signal: new AbortController().signal,
    admin: noAdmin,
  };
  await handlerFor(options)(ctx);
}

async function importRow(id: string) {
  return db.reviewImport.findUniqueOrThrow({ where: { id } });
}

describe("startReviewImport", () => {
  it("records the import and queues one job with the file", async () => {
    const shop = newShop();
    const started = await startReviewImport(db, shop, { csv: JUDGEME, filename: "judgeme.csv" });
    expect(started).toMatchObject({ shop, format: "judgeme", status: "queued", totalRows: 10, processed: 0, imported: 0, errors: [] });
    const [job, ...others] = await importJobs(shop);
    expect(others).toEqual([]);
    expect(jobPayload(job!)).toEqual({ importId: started.id, csv: JUDGEME, filename: "judgeme.csv" });
  });

  it("refuses a file it does not recognise, listing the expected headers, and records nothing", async () => {
    const shop = newShop();
    const attempt = startReviewImport(db, shop, { csv: "email,first_name\na@b.c,Ann\n", filename: "customers.csv" });
    await expect(attempt).rejects.toThrow(ReviewImportError);
    await expect(startReviewImport(db, shop, { csv: "email,first_name\na@b.c,Ann\n" })).rejects.toThrow(
      /not recognised as a Judge\.me or Okendo reviews export \(found: email, first_name\)\. Expected columns — Judge\.me: title, body, rating, review_date/,
    );
    await expect(
      startReviewImport(db, shop, { csv: 'title,body,rating,review_date,curated,product_handle\n"broken,1\n', filename: "x.csv" }),
    ).rejects.toThrow(/"x\.csv" is not valid CSV: unterminated quoted field starting on line 2/);
    await expect(startReviewImport(db, shop, { csv: "title,body,rating,review_date,curated,product_handle\n\n" })).rejects.toThrow(
      /no reviews/,
    );
    await expect(startReviewImport(db, shop, { csv: "" })).rejects.toThrow(/empty/);
    expect(await db.reviewImport.count({ where: { shop } })).toBe(0);
    expect(await db.job.count({ where: { shop } })).toBe(0);
  });
});

describe("the reviews.import job", () => {
  it("imports a Judge.me export: progress, per-row errors with line numbers, never verified", async () => {
    const shop = newShop();
    const started = await startReviewImport(db, shop, { csv: JUDGEME });
    const [job] = await importJobs(shop);
    await run(job!, { chunkSize: 3 });

    const done = await importRow(started.id);
    expect(done).toMatchObject({ status: "done", totalRows: 10, processed: 10, imported: 3 });
    expect(done.finishedAt).not.toBeNull();
    expect(importErrors(done)).toEqual([
      { row: 6, message: 'rating must be a whole number from 1 to 5 (got "7")' },
      { row: 7, message: "body is empty: a review needs a body" },
      { row: 8, message: "no product: product_id or product_handle is empty (store reviews cannot be imported as product reviews)" },
      { row: 9, message: 'review_date "yesterday" is not a date (expected YYYY-MM-DD, ISO 8601 or dd/mm/yyyy)' },
      { row: 10, message: 'picture_urls: only http and https photo URLs are accepted (got "javascript:alert(1)")' },
      { row: 11, message: "skipped: marked as spam in Judge.me" },
      { row: 12, message: 'a product with the handle "discontinued-thing" was not found in this store' },
    ]);

    const reviews = await db.review.findMany({
      where: { shop },
      include: { photos: { orderBy: { position: "asc" } } },
      orderBy: { productId: "asc" },
    });
    expect(reviews).toHaveLength(3);
    for (const review of reviews) {
      expect(review).toMatchObject({
        verified: false,
        verifiedBy: null,
        source: "import",
        importedFrom: "judgeme",
        locale: "en",
        orderId: null,
      });
      expect(review.contentHash).toBe(reviewContentHash(review.body));
      expect(review.photoCount).toBe(review.photos.length);
    }
    const [soap, mug, tea] = reviews;
    expect(soap).toMatchObject({
      productId: gid(1001),
      rating: 5,
      status: "published",
      authorName: "Eleni Papadaki",
      authorEmail: "eleni@example.com",
      reply: "Thank you Eleni!",
      createdAt: new Date("2025-03-02T10:12:00Z"),
      publishedAt: new Date("2025-03-02T10:12:00Z"),
      repliedAt: new Date("2025-03-03T09:00:00Z"),
    });
    expect(soap!.photos.map((photo) => [photo.position, photo.url, photo.fileId])).toEqual([
      [0, "https://judgeme.imgix.net/demo/a.jpg", ""],
      [1, "https://judgeme.imgix.net/demo/b.jpg", ""],
    ]);
    expect(mug).toMatchObject({ productId: gid(1002), status: "pending", publishedAt: null, title: 'Mug, "heavy" edition' });
    expect(mug!.body).toBe('Great mug, really.\nIt holds 400 ml, keeps tea "hot",\nand survived the dishwasher.');
    expect(tea).toMatchObject({ productId: gid(1003), status: "published", body: "=1+1 is what this tea costs me each morning" });

    // One storefront sync per product with published reviews (the mug's review is pending).
    const syncs = await db.job.findMany({ where: { shop, type: REVIEW_SYNC_PRODUCT_JOB }, orderBy: { dedupeKey: "asc" } });
    expect(syncs.map((sync) => jobPayload(sync))).toEqual([{ productId: gid(1001) }, { productId: gid(1003) }]);
  });

  it("takes a file with U+0000 in it (PostgreSQL refuses it in any text): stored without it, names that show nothing as Anonymous", async () => {
    const shop = newShop();
    const csv = [
      "title,body,rating,review_date,source,curated,reviewer_name,reviewer_email,product_id,product_handle",
      "Love\u0000ly soap,Smells of olive\u0000 groves.,5,2025-03-02,web,ok,\u200B\u200D,,1001,",
      "Mug,Holds 400 ml.,7\u0000,2025-03-02,web,ok,Ann,,1002,",
    ].join("\n");
    const started = await startReviewImport(db, shop, { csv, filename: "export\u0000.csv" });
    const [job] = await importJobs(shop);
    expect(jobPayload(job!)).toMatchObject({ filename: "export.csv" });
    await run(job!);
    const done = await importRow(started.id);
    expect(done).toMatchObject({ status: "done", imported: 1 });
    expect(importErrors(done)).toEqual([{ row: 3, message: 'rating must be a whole number from 1 to 5 (got "7")' }]);
    expect(await db.review.findFirstOrThrow({ where: { shop } })).toMatchObject({
      title: "Lovely soap",
      body: "Smells of olive groves.",
      authorName: "Anonymous",
      buyerKey: null,
    });
  });

  it("shows progress after each chunk, continuing in a new job when its time budget is spent", async () => {
    const shop = newShop();
    const started = await startReviewImport(db, shop, { csv: JUDGEME });
    const progress: number[] = [];
    for (let runs = 0; runs < 10; runs++) {
      const jobs = await importJobs(shop);
      await run(jobs.at(-1)!, { chunkSize: 3, timeBudgetMs: 0 });
      const row = await importRow(started.id);
      progress.push(row.processed);
      if (row.status === "done") break;
      expect(row.status).toBe("running");
    }
    expect(progress).toEqual([3, 6, 9, 10]);
    const jobs = await importJobs(shop);
    expect(jobs.map((job) => job.dedupeKey)).toEqual([
      null,
      `reviews.import:${started.id}:from:3`,
      `reviews.import:${started.id}:from:6`,
      `reviews.import:${started.id}:from:9`,
    ]);
    expect(await importRow(started.id)).toMatchObject({ imported: 3, status: "done" });
    expect(importErrors(await importRow(started.id))).toHaveLength(7);
  });

  it("is idempotent: running the job twice, or again from the start, adds no duplicates", async () => {
    const shop = newShop();
    const started = await startReviewImport(db, shop, { csv: JUDGEME });
    const [job] = await importJobs(shop);
    await run(job!);
    await run(job!);
    const once = await importRow(started.id);
    expect(once).toMatchObject({ processed: 10, imported: 3 });
    expect(importErrors(once)).toHaveLength(7);
    expect(await db.review.count({ where: { shop } })).toBe(3);
    expect(await db.reviewPhoto.count({ where: { review: { shop } } })).toBe(2);
    expect(await db.job.count({ where: { shop, type: REVIEW_SYNC_PRODUCT_JOB } })).toBe(2);

    // Progress lost (say, restored from an old backup): the reviews already there are recognised.
    await db.reviewImport.update({ where: { id: started.id }, data: { processed: 0, imported: 0, errors: [], status: "running" } });
    await run(job!);
    const again = await importRow(started.id);
    expect(again).toMatchObject({ status: "done", processed: 10, imported: 0 });
    expect(
      importErrors(again)
        .filter((error) => error.message.includes("already in the store"))
        .map((error) => error.row),
    ).toEqual([2, 3, 13]);
    expect(await db.review.count({ where: { shop } })).toBe(3);
  });

  it("commits each chunk once when two copies of the job run at the same time", async () => {
    const shop = newShop();
    const started = await startReviewImport(db, shop, { csv: JUDGEME });
    const [job] = await importJobs(shop);
    await Promise.all([run(job!, { chunkSize: 2 }), run(job!, { chunkSize: 2 })]);
    const done = await importRow(started.id);
    expect(done).toMatchObject({ status: "done", processed: 10, imported: 3 });
    expect(importErrors(done).map((error) => error.row)).toEqual([6, 7, 8, 9, 10, 11, 12]);
    expect(await db.review.count({ where: { shop } })).toBe(3);
    expect(await db.job.count({ where: { shop, type: REVIEW_SYNC_PRODUCT_JOB } })).toBe(2);
  });

  it("resumes after a failure mid-way from the last committed chunk", async () => {
    const shop = newShop();
    const started = await startReviewImport(db, shop, { csv: JUDGEME });
    const [job] = await importJobs(shop);
    // Chunks of 3 records: lines 2,3,6 | 7,8,9 | 10,11,12 | 13. The lookup on line 12 fails once.
    let failures = 0;
    const flaky: ProductResolver = async (ref) => {
      if (ref === "discontinued-thing" && failures++ === 0) throw new Error("Admin API: throttled");
      return stubResolver(ref);
    };
    await expect(run(job!, { chunkSize: 3, resolverFor: () => flaky })).rejects.toThrow(/throttled/);
    const halfway = await importRow(started.id);
    expect(halfway).toMatchObject({ status: "running", processed: 6, imported: 2 });
    expect(importErrors(halfway).map((error) => error.row)).toEqual([6, 7, 8, 9]);
    expect(await db.review.count({ where: { shop } })).toBe(2);

    await run(job!, { chunkSize: 3, resolverFor: () => flaky });
    const done = await importRow(started.id);
    expect(done).toMatchObject({ status: "done", processed: 10, imported: 3 });
    expect(importErrors(done).map((error) => error.row)).toEqual([6, 7, 8, 9, 10, 11, 12]);
    expect(await db.review.count({ where: { shop } })).toBe(3);
  });

  it("marks the import failed when the job's last attempt fails", async () => {
    const shop = newShop();
    const started = await startReviewImport(db, shop, { csv: JUDGEME });
    const [job] = await importJobs(shop);
    const down: ProductResolver = async () => {
      throw new Error("Shopify is unreachable");
    };
    await expect(run(job!, { resolverFor: () => down }, 1)).rejects.toThrow();
    expect((await importRow(started.id)).status).toBe("running"); // will be retried
    await expect(run(job!, { resolverFor: () => down }, job!.maxAttempts)).rejects.toThrow();
    const failed = await importRow(started.id);
    expect(failed.status).toBe("failed");
    expect(importErrors(failed).at(-1)).toEqual({ row: 0, message: "the import stopped: Shopify is unreachable" });
  });

  it("caps the error list at 500 entries", async () => {
    const shop = newShop();
    const header = "title,body,rating,review_date,curated,product_handle";
    const rows = Array.from({ length: 620 }, (_, i) => `Bad ${i},Body ${i},9,2025-01-01,ok,ceramic-mug`);
    const started = await startReviewImport(db, shop, { csv: [header, ...rows].join("\n") });
    const [job] = await importJobs(shop);
    await run(job!);
    const done = await importRow(started.id);
    expect(done).toMatchObject({ status: "done", totalRows: 620, processed: 620, imported: 0 });
    const errors = importErrors(done);
    expect(errors).toHaveLength(500);
    expect(errors[0]!.row).toBe(2);
    expect(errors.at(-1)!.row).toBe(501);
  });

  it("reports a row with more cells than the header instead of shifting its columns", async () => {
    const shop = newShop();
    const csv =
      "title,body,rating,review_date,curated,product_handle\nOops,Great, really,5,2025-01-01,ok,ceramic-mug\nFine,Good mug,5,2025-01-01,ok,ceramic-mug\n";
    const started = await startReviewImport(db, shop, { csv });
    const [job] = await importJobs(shop);
    await run(job!);
    const done = await importRow(started.id);
    expect(done).toMatchObject({ imported: 1, processed: 2 });
    expect(importErrors(done)).toEqual([
      { row: 2, message: "the row has 7 cells but the header has 6: a cell that contains a comma must be in double quotes" },
    ]);
  });

  it("imports an Okendo export through the worker, then queues the storefront syncs", async () => {
    const shop = newShop();
    const started = await startReviewImport(db, shop, { csv: OKENDO, filename: "okendo.csv" });
    expect(started.format).toBe("okendo");
    const synced: string[] = [];
    const handlers: JobHandlers = {
      ...createReviewImportHandlers({ resolverFor: () => stubResolver }),
      [REVIEW_SYNC_PRODUCT_JOB]: async ({ shop: jobShop, payload }) => {
        if (jobShop === shop) synced.push((payload as { productId: string }).productId);
      },
    };
    // Other tests leave jobs behind in this database; they run here too, harmlessly.
    while ((await runDueJobs({ db, handlers, adminFor: noAdmin, batchSize: 50 })) > 0);

    const done = await importRow(started.id);
    expect(done).toMatchObject({ status: "done", processed: 6, imported: 2 });
    expect(importErrors(done)).toEqual([
      { row: 4, message: "skipped: rejected in Okendo" },
      { row: 5, message: 'rating must be a whole number from 1 to 5 (got "4.5")' },
      { row: 6, message: "the product is identified by SKU only: add the productId or handle column to this row" },
      { row: 7, message: 'dateCreated "03/04/2025" could be day/month or month/day: write it as YYYY-MM-DD' },
    ]);
    const reviews = await db.review.findMany({ where: { shop }, orderBy: { createdAt: "asc" }, include: { photos: true } });
    expect(reviews.map((review) => [review.productId, review.status, review.verified, review.importedFrom, review.reply])).toEqual([
      [gid(1004), "published", false, "okendo", "Glad you like it!"], // isVerifiedBuyer TRUE in the file
      [gid(1005), "pending", false, "okendo", null], // the reply was private
    ]);
    expect(reviews[0]!.photos.map((photo) => photo.url)).toEqual(["https://d3hw6dc1ow8pp2.cloudfront.net/demo/towel.jpg"]);
    expect(synced).toEqual([gid(1004)]);
    expect(await db.job.count({ where: { shop, status: { not: "done" } } })).toBe(0);
  });
});
