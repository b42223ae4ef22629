// Durable job queue on the Job table. Enqueue inside the same transaction as the
// change that needs the work; workers claim jobs atomically, so a job runs at most
// once at a time, and a crashed worker's jobs are picked up again after a lease expires.
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import { Prisma, type Job } from "@prisma/client";
import { dbProvider, type Db } from "../db.server";
import { JOB_PAYLOADS, payloadIssues, type JobPayloadInput, type JobType } from "./payloads.server";

export type { Job };

/** Any Prisma client or transaction client. */
type DbLike = Pick<Db, "job" | "$queryRaw">;

/** A job to add: its type must be one of JOB_PAYLOADS, and its payload that type's shape. */
export type EnqueueInput = {
  [T in JobType]: {
    shop: string;
    type: T;
    payload: JobPayloadInput<T>;
    runAt?: Date;
    /** Enqueueing the same (shop, dedupeKey) twice keeps only the first job. */
    dedupeKey?: string;
    maxAttempts?: number;
  };
}[JobType];

/** When the job a worker is running was due (see enqueueAll). */
const runningJobDue = new AsyncLocalStorage<Date>();

/**
 * Runs a job's work so that the follow-ups it enqueues without a time of their own are due when
 * the job itself was, not when it ran. The queue is first in, first out by due time, so an
 * order's next steps go ahead of later orders' webhooks: during a backlog (a flash sale) each
 * order reaches the storefront in turn rather than after the whole backlog has gone through every
 * step, and a step that waits on Shopify overlaps other workers' database work instead of
 * following all of it.
 */
export function runAsJob<T>(job: Pick<Job, "runAt">, work: () => T): T {
  return runningJobDue.run(job.runAt, work);
}

/** Adds a job; null when its dedupe key is taken (the job is there already). */
export async function enqueue(db: DbLike, input: EnqueueInput): Promise<Pick<Job, "id"> | null> {
  const [id] = await enqueueAll(db, [input]);
  return id ? { id } : null;
}

/**
 * Adds jobs with one INSERT, leaving out those whose (shop, dedupeKey) is taken. Returns the ids
 * of the jobs added. A taken key is skipped by the statement (ON CONFLICT DO NOTHING) rather than
 * failed and caught: on PostgreSQL a unique violation aborts the caller's transaction, and most
 * keyed jobs (a day's rollup, the daily run) are asked for on every order event and exist already.
 */
export async function enqueueAll(db: DbLike, inputs: EnqueueInput[]): Promise<string[]> {
  const now = new Date();
  const rows = inputs.map((input): JobRow => {
    // Checked here too, so a payload built from untyped data fails where it is made, not in the worker.
    const checked = JOB_PAYLOADS[input.type].safeParse(input.payload);
    if (!checked.success) throw new Error(`enqueue ${input.type}: invalid payload: ${payloadIssues(checked.error)}`);
    return {
      shop: input.shop,
      type: input.type,
      // Stored as given (not the parsed copy): the worker applies the schema's defaults when it reads it.
      payloadJson: JSON.stringify(input.payload),
      dedupeKey: input.dedupeKey ?? null,
      runAt: input.runAt ?? runningJobDue.getStore() ?? now,
      maxAttempts: input.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    };
  });
  return (await insertJobRows(db, rows)).map((row) => row.id);
}

/** A job as one row of the Job table, its payload already JSON text that fits its type's schema. */
export interface JobRow {
  shop: string;
  type: JobType;
  payloadJson: string;
  dedupeKey: string | null;
  runAt: Date;
  maxAttempts: number;
}

/**
 * The one INSERT behind enqueueAll and the webhook intake (which writes Shopify's body as sent,
 * without parsing it again): rows whose (shop, dedupeKey) is taken are skipped. Returns the rows added.
 */
export async function insertJobRows(db: DbLike, rows: JobRow[]): Promise<{ id: string; shop: string; dedupeKey: string | null }[]> {
  if (rows.length === 0) return [];
  const now = new Date();
  // Keys in one order: two writers adding overlapping sets (two workers, or two servers with
  // Shopify's copies of a webhook) then take the keys' locks in the same order, and never wait on
  // each other in a cycle (a deadlock).
  const ordered = [...rows].sort((a, b) => compareText(a.shop, b.shop) || compareText(a.dedupeKey ?? "", b.dedupeKey ?? ""));
  const values = ordered.map(
    (row) =>
      Prisma.sql`(${randomUUID()}, ${row.shop}, ${row.type}, ${row.payloadJson}, ${row.dedupeKey}, 'queued', ${row.runAt}, 0, ${row.maxAttempts}, ${now}, ${now})`,
  );
  return db.$queryRaw<{ id: string; shop: string; dedupeKey: string | null }[]>`
    INSERT INTO "Job" ("id", "shop", "type", "payload", "dedupeKey", "status", "runAt", "attempts", "maxAttempts", "createdAt", "updatedAt")
    VALUES ${Prisma.join(values)}
    ON CONFLICT ("shop", "dedupeKey") DO NOTHING
    RETURNING "id", "shop", "dedupeKey"`;
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export const DEFAULT_MAX_ATTEMPTS = 5;
/** A running job whose worker has not finished it within the lease is considered abandoned. */
export const LEASE_MS = 5 * 60_000;

/** Exponential backoff: 30 s, 1 min, 2 min, ... capped at 1 hour. */
export function backoffMs(attempt: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempt - 1), 60 * 60_000);
}

/**
 * Claims up to `limit` due jobs for `workerId`. PostgreSQL uses FOR UPDATE SKIP LOCKED so
 * concurrent workers take disjoint rows without waiting; SQLite serialises writers, so a
 * compare-and-set update per row is enough.
 */
export async function claimJobs(db: Db, workerId: string, limit: number, now = new Date()): Promise<Job[]> {
  if (dbProvider(db) === "postgresql") {
    const claimed = await db.$queryRaw<Job[]>`
      UPDATE "Job"
         SET "status" = 'running', "lockedBy" = ${workerId}, "lockedAt" = ${now},
             "attempts" = "attempts" + 1, "updatedAt" = ${now}
       WHERE "id" IN (
         SELECT "id" FROM "Job"
          WHERE "status" = 'queued' AND "runAt" <= ${now}
          ORDER BY "runAt", "createdAt"
          LIMIT ${limit}
          FOR UPDATE SKIP LOCKED)
      RETURNING *`;
    // RETURNING has no order; run jobs in the order they were due (an order before its refund).
    return claimed.sort((a, b) => a.runAt.getTime() - b.runAt.getTime() || a.createdAt.getTime() - b.createdAt.getTime());
  }
  const candidates = await db.job.findMany({
    where: { status: "queued", runAt: { lte: now } },
    orderBy: [{ runAt: "asc" }, { createdAt: "asc" }],
    take: limit,
    select: { id: true },
  });
  const claimed: Job[] = [];
  for (const { id } of candidates) {
    const { count } = await db.job.updateMany({
      where: { id, status: "queued" },
      data: { status: "running", lockedBy: workerId, lockedAt: now, attempts: { increment: 1 } },
    });
    if (count === 1) claimed.push(await db.job.findUniqueOrThrow({ where: { id } }));
  }
  return claimed;
}

export async function completeJob(db: Db, job: Job, now = new Date()): Promise<void> {
  await db.job.updateMany({
    where: { id: job.id, lockedBy: job.lockedBy, status: "running" },
    // lockedBy stays as a record of which worker ran the job.
    data: { status: "done", finishedAt: now, lockedAt: null, lastError: null },
  });
}

/** The job had nothing to do (see JobSkipped): finished, with the reason kept for the merchant. */
export async function skipJob(db: Db, job: Job, reason: string, now = new Date()): Promise<void> {
  await db.job.updateMany({
    where: { id: job.id, lockedBy: job.lockedBy, status: "running" },
    data: { status: "skipped", finishedAt: now, lockedAt: null, lastError: null, skipReason: reason.slice(0, 2000) },
  });
}

/** Records a failure: back to the queue with backoff, or `dead` once attempts are used up. */
export async function failJob(db: Db, job: Job, error: unknown, now = new Date()): Promise<"retry" | "dead"> {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const dead = job.attempts >= job.maxAttempts;
  await db.job.updateMany({
    where: { id: job.id, lockedBy: job.lockedBy, status: "running" },
    data: dead
      ? { status: "dead", finishedAt: now, lockedBy: null, lockedAt: null, lastError: message.slice(0, 2000) }
      : {
          status: "queued",
          runAt: new Date(now.getTime() + backoffMs(job.attempts)),
          lockedBy: null,
          lockedAt: null,
          lastError: message.slice(0, 2000),
        },
  });
  return dead ? "dead" : "retry";
}

/** A job that can never run (unknown type, a payload its schema refuses): dead at once, without retries. */
export async function markJobDead(db: Db, job: Job, reason: string, now = new Date()): Promise<void> {
  await db.job.updateMany({
    where: { id: job.id, lockedBy: job.lockedBy, status: "running" },
    data: { status: "dead", finishedAt: now, lockedBy: null, lockedAt: null, lastError: reason.slice(0, 2000) },
  });
}

/** Puts jobs whose lease expired (their worker crashed or was killed) back in the queue. */
export async function releaseExpiredLeases(db: Db, now = new Date(), leaseMs = LEASE_MS): Promise<number> {
  const { count } = await db.job.updateMany({
    where: { status: "running", lockedAt: { lt: new Date(now.getTime() - leaseMs) } },
    data: { status: "queued", lockedBy: null, lockedAt: null, lastError: "lease expired: worker stopped mid-job" },
  });
  return count;
}

/** A dead job the merchant (or support) chose to try again. */
export async function retryDeadJob(db: Db, shop: string, jobId: string, now = new Date()): Promise<boolean> {
  const { count } = await db.job.updateMany({
    where: { id: jobId, shop, status: "dead" },
    data: { status: "queued", runAt: now, attempts: 0, finishedAt: null },
  });
  return count === 1;
}

/** Stops all pending work for a shop at once (uninstall), except jobs of the types in `keepTypes`. */
export async function cancelShopJobs(db: DbLike, shop: string, keepTypes: string[] = []): Promise<number> {
  const { count } = await db.job.deleteMany({ where: { shop, status: { in: ["queued", "running"] }, type: { notIn: keepTypes } } });
  return count;
}

/** The stored payload as it was enqueued; the one place that reads Job.payload. */
export function jobPayload(job: Job): unknown {
  return job.payload;
}
