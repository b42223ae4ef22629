// Importing reviews from a Judge.me or Okendo CSV export.
//
// startReviewImport checks the file (CSV syntax, recognised columns, at least one review),
// records a ReviewImport row and enqueues one `reviews.import` job in the same transaction.
// The job works through the records in chunks of 200. Each chunk commits its reviews together
// with the import's progress (processed / imported / errors), so:
//   - the admin can show progress while the job runs;
//   - a retried job (crash, timeout, deploy) resumes after the last committed chunk, and a
//     second copy running at the same time cannot commit the same chunk twice (the progress
//     update is a compare-and-set on `processed`);
//   - a review that is already in the store (same product, author, rating and normalised body)
//     is skipped, so importing the same file twice adds nothing.
// A long import hands over to a fresh job after a time budget, well inside the job timeout.
// When the last chunk is in, one `reviews.sync_product` job is enqueued per product that has
// published imported reviews, so the storefront metafields pick them up.
import type { Prisma, ReviewImport } from "@prisma/client";
import { z } from "zod";
import type { Db } from "../../db.server";
import { enqueue } from "../../jobs/queue.server";
import type { JobContext, JobRegistry } from "../../jobs/worker.server";
import { reviewContentHash } from "./content-hash";
import { CsvParseError, parseCsv, type CsvRow } from "./csv";
import { detectFormat, explainUnknownFormat, mapRow, REVIEW_IMPORT_FORMATS, type ImportedReview, type ReviewImportFormat } from "./formats";
import { productResolver, type ProductResolver } from "./product-lookup.server";
import { storableText } from "../../lib/text";

export const REVIEW_IMPORT_JOB = "reviews.import";
/** Enqueued once per affected product after an import; payload `{ productId }` (Product GID). */
export const REVIEW_SYNC_PRODUCT_JOB = "reviews.sync_product";
export const IMPORT_CHUNK_SIZE = 200;
export const MAX_IMPORT_ERRORS = 500;
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 100_000;
/** After this long, a running import continues in a new job (the worker times jobs out at 2.5 min). */
export const IMPORT_TIME_BUDGET_MS = 60_000;

/** One entry of ReviewImport.errors. `row` is the line where the record starts in the file (0: the import as a whole). */
const ImportRowError = z.object({ row: z.number(), message: z.string() });
export type ImportRowError = z.infer<typeof ImportRowError>;

/** A file the import refuses before it starts; the message is meant for the merchant. */
export class ReviewImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ReviewImportError";
  }
}

// ---------------------------------------------------------------- reading the file

interface ImportRecord {
  line: number;
  record: Record<string, string>;
  /** Set when the record cannot be read as the header describes. */
  problem?: string;
}

interface ImportFile {
  headers: string[];
  records: ImportRecord[];
}

function fileLabel(filename: string | undefined): string {
  const name = filename?.trim();
  return name ? `"${name}"` : "The file";
}

function readImportFile(csv: string, filename?: string): ImportFile {
  let rows: CsvRow[];
  try {
    rows = parseCsv(csv);
  } catch (error) {
    if (error instanceof CsvParseError) throw new ReviewImportError(`${fileLabel(filename)} is not valid CSV: ${error.message}`);
    throw error;
  }
  const [headerRow, ...dataRows] = rows;
  if (!headerRow) throw new ReviewImportError(`${fileLabel(filename)} is empty`);
  const headers = headerRow.cells.map((header) => header.trim());
  const records = dataRows
    .filter((row) => row.cells.some((cell) => cell.trim() !== ""))
    .map((row): ImportRecord => {
      const record = Object.create(null) as Record<string, string>;
      headers.forEach((header, index) => {
        if (header === "") return;
        const value = row.cells[index] ?? "";
        if (!record[header]) record[header] = value; // the first non-empty of duplicate columns
      });
      const extra = row.cells.slice(headers.length).filter((cell) => cell.trim() !== "");
      return extra.length > 0
        ? {
            line: row.line,
            record,
            problem: `the row has ${row.cells.length} cells but the header has ${headers.length}: a cell that contains a comma must be in double quotes`,
          }
        : { line: row.line, record };
    });
  return { headers, records };
}

// ---------------------------------------------------------------- starting an import

export interface StartReviewImportInput {
  csv: string;
  filename?: string;
}

/**
 * Checks the file, records the import and queues the job. Throws ReviewImportError (with a
 * message for the merchant) for a file that cannot be imported at all.
 */
export async function startReviewImport(db: Db, shop: string, upload: StartReviewImportInput): Promise<ReviewImport> {
  // The file waits in the job's payload and its cells end up in reviews and error messages:
  // made storable once, here (PostgreSQL refuses U+0000 anywhere in it).
  const input = { csv: storableText(upload.csv), filename: upload.filename === undefined ? undefined : storableText(upload.filename) };
  const label = fileLabel(input.filename);
  if (Buffer.byteLength(input.csv, "utf8") > MAX_IMPORT_BYTES) {
    throw new ReviewImportError(
      `${label} is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB: split it and import the parts one after another`,
    );
  }
  const file = readImportFile(input.csv, input.filename);
  const format = detectFormat(file.headers);
  if (!format) throw new ReviewImportError(explainUnknownFormat(file.headers));
  if (file.records.length === 0) throw new ReviewImportError(`${label} has a header row but no reviews`);
  if (file.records.length > MAX_IMPORT_ROWS) {
    throw new ReviewImportError(`${label} has ${file.records.length} reviews; at most ${MAX_IMPORT_ROWS} can be imported at once`);
  }
  return db.$transaction(async (tx) => {
    const created = await tx.reviewImport.create({ data: { shop, format, totalRows: file.records.length } });
    const payload = { importId: created.id, csv: input.csv, ...(input.filename ? { filename: input.filename } : {}) };
    await enqueue(tx, { shop, type: REVIEW_IMPORT_JOB, payload });
    return created;
  });
}

const ImportRowErrors = z.array(ImportRowError).catch([]);

/** ReviewImport.errors, read defensively: a failing import still records why, whatever was there. */
export const importErrors = (row: Pick<ReviewImport, "errors">): ImportRowError[] => ImportRowErrors.parse(row.errors);

// ---------------------------------------------------------------- the job

export interface ReviewImportHandlerOptions {
  /** How product references become Product GIDs. Default: ids as given, handles via the Admin API. */
  resolverFor?: (ctx: JobContext<typeof REVIEW_IMPORT_JOB>) => ProductResolver;
  chunkSize?: number;
  timeBudgetMs?: number;
  now?: () => Date;
}

export function createReviewImportHandlers(options: ReviewImportHandlerOptions = {}): Pick<JobRegistry, typeof REVIEW_IMPORT_JOB> {
  return {
    [REVIEW_IMPORT_JOB]: (ctx) => runReviewImport(ctx, options),
  };
}

export const reviewImportJobHandlers = createReviewImportHandlers();

interface PreparedReview {
  line: number;
  productId: string;
  contentHash: string;
  review: ImportedReview;
}

async function runReviewImport(ctx: JobContext<typeof REVIEW_IMPORT_JOB>, options: ReviewImportHandlerOptions): Promise<void> {
  const { db, shop } = ctx;
  const now = options.now ?? (() => new Date());
  const chunkSize = Math.max(1, options.chunkSize ?? IMPORT_CHUNK_SIZE);
  const timeBudgetMs = options.timeBudgetMs ?? IMPORT_TIME_BUDGET_MS;
  const startedAt = Date.now();
  const { payload } = ctx;

  const current = await db.reviewImport.findFirst({ where: { id: payload.importId, shop } });
  if (!current || current.status === "done") return; // deleted, or finished by an earlier run
  const format = current.format;
  if (!REVIEW_IMPORT_FORMATS.includes(format)) throw new Error(`review import ${current.id}: unknown format "${current.format}"`);

  try {
    const { records } = readImportFile(payload.csv, payload.filename);
    await db.reviewImport.updateMany({ where: { id: current.id, status: { not: "done" } }, data: { status: "running" } });
    const resolve = cachedResolver(options.resolverFor?.(ctx) ?? productResolver(() => ctx.admin()));

    let processed = current.processed;
    while (processed < records.length) {
      const chunk = records.slice(processed, processed + chunkSize);
      const prepared = await prepareChunk(chunk, format, resolve, now());
      ctx.signal.throwIfAborted();
      const committed = await commitChunk(db, shop, current, processed, chunk.length, prepared, now());
      if (!committed) return; // another run of this import committed this chunk first and carries on
      processed += chunk.length;
      if (processed < records.length && Date.now() - startedAt >= timeBudgetMs) {
        await enqueue(db, { shop, type: REVIEW_IMPORT_JOB, payload, dedupeKey: `reviews.import:${current.id}:from:${processed}` });
        return;
      }
    }
    ctx.signal.throwIfAborted();
    await finishImport(db, shop, current, now());
  } catch (error) {
    if (ctx.job.attempts >= ctx.job.maxAttempts) await markFailed(db, current.id, error, now());
    throw error;
  }
}

function cachedResolver(resolve: ProductResolver): ProductResolver {
  const cache = new Map<string, Promise<string | null>>();
  return (ref) => {
    let found = cache.get(ref);
    if (!found) {
      found = resolve(ref);
      found.catch(() => cache.delete(ref));
      cache.set(ref, found);
    }
    return found;
  };
}

const RESOLVE_CONCURRENCY = 4;

async function prepareChunk(
  chunk: readonly ImportRecord[],
  format: ReviewImportFormat,
  resolve: ProductResolver,
  now: Date,
): Promise<{ reviews: PreparedReview[]; errors: ImportRowError[] }> {
  const errors: ImportRowError[] = [];
  const mapped: { line: number; review: ImportedReview }[] = [];
  for (const item of chunk) {
    if (item.problem) {
      errors.push({ row: item.line, message: item.problem });
      continue;
    }
    const result = mapRow(format, item.record, { now });
    if (result.ok) mapped.push({ line: item.line, review: result.review });
    else errors.push({ row: item.line, message: result.message });
  }

  // Resolve each distinct product reference once, a few at a time (handles cost an API call).
  const refs = [...new Set(mapped.map((item) => item.review.productRef))];
  const productIds = new Map<string, string | null>();
  for (let i = 0; i < refs.length; i += RESOLVE_CONCURRENCY) {
    const batch = refs.slice(i, i + RESOLVE_CONCURRENCY);
    const ids = await Promise.all(batch.map((ref) => resolve(ref)));
    batch.forEach((ref, index) => productIds.set(ref, ids[index] ?? null));
  }

  const reviews: PreparedReview[] = [];
  for (const item of mapped) {
    const productId = productIds.get(item.review.productRef) ?? null;
    if (!productId) {
      const ref = item.review.productRef;
      const what = /^(gid:|[0-9]+$)/.test(ref) ? `product ${ref}` : `a product with the handle "${ref}"`;
      errors.push({ row: item.line, message: `${what} was not found in this store` });
      continue;
    }
    reviews.push({ line: item.line, productId, contentHash: reviewContentHash(item.review.body), review: item.review });
  }
  errors.sort((a, b) => a.row - b.row);
  return { reviews, errors };
}

const duplicateKey = (review: { productId: string; contentHash: string; authorName: string; rating: number }) =>
  [review.productId, review.contentHash, review.authorName.toLowerCase(), review.rating].join("\u0000");

/** Commits one chunk and the progress after it. False when another run already committed it. */
async function commitChunk(
  db: Db,
  shop: string,
  current: ReviewImport,
  from: number,
  count: number,
  prepared: { reviews: PreparedReview[]; errors: ImportRowError[] },
  now: Date,
): Promise<boolean> {
  return db.$transaction(
    async (tx) => {
      // Claim the chunk first: on PostgreSQL this locks the row, so a concurrent run waits and then matches nothing.
      const claimed = await tx.reviewImport.updateMany({
        where: { id: current.id, processed: from, status: { not: "done" } },
        data: { processed: from + count },
      });
      if (claimed.count === 0) return false;

      const hashes = [...new Set(prepared.reviews.map((item) => item.contentHash))];
      const existing =
        hashes.length === 0
          ? []
          : await tx.review.findMany({
              where: { shop, contentHash: { in: hashes } },
              select: { productId: true, contentHash: true, authorName: true, rating: true },
            });
      const seen = new Set(existing.map(duplicateKey));
      const errors = [...prepared.errors];
      let imported = 0;
      for (const { line, productId, contentHash, review } of prepared.reviews) {
        const key = duplicateKey({ productId, contentHash, authorName: review.authorName, rating: review.rating });
        if (seen.has(key)) {
          errors.push({ row: line, message: "skipped: the same review (product, reviewer, rating and text) is already in the store" });
          continue;
        }
        seen.add(key);
        await tx.review.create({ data: reviewData(shop, current.format, productId, contentHash, review, now) });
        imported += 1;
      }

      const before = await tx.reviewImport.findUniqueOrThrow({ where: { id: current.id }, select: { errors: true } });
      const merged = [...importErrors(before), ...errors.sort((a, b) => a.row - b.row)].slice(0, MAX_IMPORT_ERRORS);
      await tx.reviewImport.update({
        where: { id: current.id },
        data: { imported: { increment: imported }, errors: merged },
      });
      return true;
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
}

function reviewData(
  shop: string,
  format: ReviewImportFormat,
  productId: string,
  contentHash: string,
  review: ImportedReview,
  now: Date,
): Prisma.ReviewUncheckedCreateInput {
  const published = review.status === "published";
  return {
    shop,
    productId,
    rating: review.rating,
    title: review.title,
    body: review.body,
    authorName: review.authorName,
    authorEmail: review.authorEmail,
    locale: review.locale,
    // Whatever the source says: we did not see the order, so an imported review is never verified.
    verified: false,
    verifiedBy: null,
    status: review.status,
    source: "import",
    importedFrom: format,
    reply: review.reply,
    repliedAt: review.reply ? (review.repliedAt ?? now) : null,
    contentHash,
    ...(review.createdAt ? { createdAt: review.createdAt } : {}),
    publishedAt: published ? (review.createdAt ?? now) : null,
    photoCount: review.photoUrls.length,
    photos: {
      // The source's URLs; fileId stays empty until the photo is copied into Shopify Files.
      create: review.photoUrls.map((url, position) => ({ url, fileId: "", altText: "", position })),
    },
  };
}

async function finishImport(db: Db, shop: string, current: ReviewImport, now: Date): Promise<void> {
  await db.$transaction(async (tx) => {
    const finished = await tx.reviewImport.updateMany({
      where: { id: current.id, status: { not: "done" } },
      data: { status: "done", finishedAt: now },
    });
    if (finished.count === 0) return;
    // Reviews this import wrote: imported from this format, written (updatedAt) since the import began.
    const products = await tx.review.findMany({
      where: { shop, source: "import", importedFrom: current.format, status: "published", updatedAt: { gte: current.createdAt } },
      distinct: ["productId"],
      select: { productId: true },
      orderBy: { productId: "asc" },
    });
    const keyOf = (productId: string) => `reviews.sync_product:${productId}:import:${current.id}`;
    const queued = new Set(
      (
        await tx.job.findMany({
          where: { shop, dedupeKey: { in: products.map(({ productId }) => keyOf(productId)) } },
          select: { dedupeKey: true },
        })
      ).map((job) => job.dedupeKey),
    );
    for (const { productId } of products) {
      if (queued.has(keyOf(productId))) continue;
      await enqueue(tx, { shop, type: REVIEW_SYNC_PRODUCT_JOB, payload: { productId }, dedupeKey: keyOf(productId) });
    }
  });
}

async function markFailed(db: Db, importId: string, error: unknown, now: Date): Promise<void> {
  const message = `the import stopped: ${error instanceof Error ? error.message : String(error)}`.slice(0, 500);
  const row = await db.reviewImport.findUnique({ where: { id: importId }, select: { errors: true } });
  const errors = row ? importErrors(row) : [];
  const merged = [...errors.slice(0, MAX_IMPORT_ERRORS - 1), { row: 0, message }];
  await db.reviewImport.updateMany({
    where: { id: importId, status: { not: "done" } },
    data: { status: "failed", finishedAt: now, errors: merged },
  });
}
