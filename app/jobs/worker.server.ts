import { randomUUID } from "node:crypto";
import type { Db } from "../db.server";
import type { AdminClient } from "../shopify/admin.server";
import { claimJobs, completeJob, failJob, jobPayload, LEASE_MS, releaseExpiredLeases, skipJob, type Job } from "./queue.server";

export interface JobContext {
  db: Db;
  job: Job;
  shop: string;
  payload: unknown;
  /** The worker's clock (tests run jobs at simulated times). */
  now: Date;
  /** An Admin API client for the job's shop (offline token). */
  admin(): Promise<AdminClient>;
}

export type JobHandler = (ctx: JobContext) => Promise<void>;
export type JobHandlers = Record<string, JobHandler>;

export interface WorkerDeps {
  db: Db;
  handlers: JobHandlers;
  adminFor(shop: string): Promise<AdminClient>;
  workerId?: string;
  batchSize?: number;
  /** How long a claimed job may stay running before any worker puts it back in the queue (default LEASE_MS). */
  leaseMs?: number;
  /** A handler that takes longer fails (and is retried) well before its lease could expire (default half the lease). */
  jobTimeoutMs?: number;
  now?: () => Date;
  log?: (line: string) => void;
}

export class UnknownJobTypeError extends Error {}

/**
 * Thrown by a handler that finds nothing to do and never will (a test order the shop excludes,
 * an event about an order the app never recorded): the job ends "skipped" with the message as
 * its reason, shown to the merchant, instead of being retried into a dead job.
 */
export class JobSkipped extends Error {
  override name = "JobSkipped";
}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`job timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function runOne(deps: WorkerDeps, job: Job): Promise<void> {
  const now = deps.now ?? (() => new Date());
  const handler = deps.handlers[job.type];
  try {
    if (!handler) throw new UnknownJobTypeError(`no handler for job type "${job.type}"`);
    await withTimeout(
      handler({ db: deps.db, job, shop: job.shop, payload: jobPayload(job), now: now(), admin: () => deps.adminFor(job.shop) }),
      deps.jobTimeoutMs ?? (deps.leaseMs ?? LEASE_MS) / 2,
    );
    await completeJob(deps.db, job, now());
  } catch (error) {
    if (error instanceof JobSkipped) {
      await skipJob(deps.db, job, error.message, now());
      return;
    }
    const outcome = await failJob(deps.db, job, error, now());
    deps.log?.(`job ${job.id} (${job.type}) failed, ${outcome}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** One pass: recover abandoned jobs, claim a batch of due ones, run them. Returns how many ran. */
export async function runDueJobs(deps: WorkerDeps): Promise<number> {
  const now = deps.now ?? (() => new Date());
  const workerId = deps.workerId ?? `worker-${process.pid}`;
  await releaseExpiredLeases(deps.db, now(), deps.leaseMs);
  const jobs = await claimJobs(deps.db, workerId, deps.batchSize ?? 10, now());
  for (const job of jobs) await runOne(deps, job);
  return jobs.length;
}

/** Polls until `signal` aborts; a full batch means more work is waiting, so it polls again at once. */
export async function runWorker(deps: WorkerDeps & { pollMs?: number; signal?: AbortSignal }): Promise<void> {
  const workerId = deps.workerId ?? `worker-${process.pid}-${randomUUID().slice(0, 8)}`;
  const batchSize = deps.batchSize ?? 10;
  while (!deps.signal?.aborted) {
    let ran = 0;
    try {
      ran = await runDueJobs({ ...deps, workerId, batchSize });
    } catch (error) {
      // A database outage must not kill the worker; it retries on the next poll.
      deps.log?.(`worker ${workerId}: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (ran < batchSize) await sleep(deps.pollMs ?? 1000, deps.signal);
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
