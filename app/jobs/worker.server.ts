import { randomUUID } from "node:crypto";
import type { Db } from "../db.server";
import { log, withLogContext } from "../lib/log.server";
import { abortableAdmin, type AdminClient } from "../shopify/admin.server";
import { z } from "zod";
import { isJobType, parseJobPayload, payloadIssues, type JobPayload, type JobType } from "./payloads.server";
import {
  claimJobs,
  completeJob,
  failJob,
  jobPayload,
  LEASE_MS,
  markJobDead,
  releaseExpiredLeases,
  runAsJob,
  skipJob,
  type Job,
} from "./queue.server";

export interface JobContext<T extends JobType = JobType> {
  db: Db;
  job: Job;
  shop: string;
  /** The stored payload, parsed with the type's schema (app/jobs/payloads.server.ts). */
  payload: JobPayload<T>;
  /** The worker's clock (tests run jobs at simulated times). */
  now: Date;
  /**
   * Aborted when the job times out. Handlers pass it to every request they make and check it
   * before every write, so a timed-out run stops instead of running beside its retry.
   */
  signal: AbortSignal;
  /** An Admin API client for the job's shop (offline token); its requests stop when `signal` aborts. */
  admin(): Promise<AdminClient>;
}

export type JobHandler<T extends JobType> = (ctx: JobContext<T>) => Promise<void>;
/** Handlers for some job types (a domain module's); the registry (./handlers.server.ts) has one for every type. */
export type JobHandlers = { [T in JobType]?: JobHandler<T> };
export type JobRegistry = { [T in JobType]: JobHandler<T> };

export interface WorkerDeps {
  db: Db;
  handlers: JobHandlers;
  adminFor(shop: string): Promise<AdminClient>;
  workerId?: string;
  batchSize?: number;
  /** How long a claimed job may stay running before any worker puts it back in the queue (default LEASE_MS). */
  leaseMs?: number;
  /** A handler that takes longer is aborted (and retried) well before its lease could expire (default half the lease). */
  jobTimeoutMs?: number;
  /** How long an aborted handler has to stop before its job is left to the lease (default 10 s). */
  abortGraceMs?: number;
  now?: () => Date;
}

/**
 * Thrown by a handler that finds nothing to do and never will (a test order the shop excludes,
 * an event about an order the app never recorded): the job ends "skipped" with the message as
 * its reason, shown to the merchant, instead of being retried into a dead job.
 */
export class JobSkipped extends Error {
  override name = "JobSkipped";
}

/** The abort reason a timed-out job's signal carries. */
export class JobTimeoutError extends Error {
  override name = "TimeoutError";
  constructor(readonly ms: number) {
    super(`job timed out after ${ms} ms`);
  }
}

const ABORT_GRACE_MS = 10_000;

type Settled = { ok: true } | { ok: false; error: unknown } | { abandoned: true };

/**
 * Runs the handler under a timeout that aborts its signal, then waits for the handler to stop.
 * One that will not stop within the grace period is abandoned: its job stays claimed, so no
 * other worker runs it until the lease expires.
 */
async function runAbortable(work: (signal: AbortSignal) => Promise<void>, timeoutMs: number, graceMs: number): Promise<Settled> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new JobTimeoutError(timeoutMs)), timeoutMs);
  const run: Promise<Settled> = work(controller.signal).then(
    () => ({ ok: true }),
    (error: unknown) => ({ ok: false, error }),
  );
  let graceTimer: NodeJS.Timeout | undefined;
  const abandoned = new Promise<Settled>((resolve) => {
    controller.signal.addEventListener("abort", () => (graceTimer = setTimeout(() => resolve({ abandoned: true }), graceMs)), {
      once: true,
    });
  });
  try {
    const settled = await Promise.race([run, abandoned]);
    // A handler that finished its work as the timeout fired still succeeded; one that failed after it failed because of it.
    if ("ok" in settled && !settled.ok && controller.signal.aborted) return { ok: false, error: controller.signal.reason };
    return settled;
  } finally {
    clearTimeout(timer);
    clearTimeout(graceTimer);
  }
}

/** The job's type and payload as its schema reads them, or why it can never run. */
function decodeJob(job: Job): { type: JobType; payload: JobPayload<JobType> } | { error: string } {
  if (!isJobType(job.type)) return { error: `unknown job type "${job.type}"` };
  try {
    return { type: job.type, payload: parseJobPayload(job.type, jobPayload(job)) };
  } catch (error) {
    return {
      error: `invalid payload for "${job.type}": ${error instanceof z.ZodError ? payloadIssues(error) : error instanceof Error ? error.message : String(error)}`,
    };
  }
}

async function runOne(deps: WorkerDeps, job: Job): Promise<void> {
  const now = deps.now ?? (() => new Date());
  const startedAt = Date.now();
  const decoded = decodeJob(job);
  if ("error" in decoded) {
    // Retrying cannot fix a type or payload no handler accepts.
    await markJobDead(deps.db, job, decoded.error, now());
    log.error({ reason: decoded.error }, "job dead: it can never run");
    return;
  }
  // decodeJob read the payload with this type's schema, which TypeScript cannot relate to the handler's type.
  const handler = deps.handlers[decoded.type] as JobHandler<JobType> | undefined;
  if (!handler) {
    const outcome = await failJob(deps.db, job, new Error(`no handler for job type "${job.type}" in this worker`), now());
    log.error({ outcome }, "job failed: no handler");
    return;
  }
  log.info({ attempt: job.attempts }, "job started");
  const { payload } = decoded;
  const settled = await runAbortable(
    (signal) =>
      runAsJob(job, () =>
        handler({
          db: deps.db,
          job,
          shop: job.shop,
          payload,
          now: now(),
          signal,
          admin: async () => abortableAdmin(await deps.adminFor(job.shop), signal),
        }),
      ),
    deps.jobTimeoutMs ?? (deps.leaseMs ?? LEASE_MS) / 2,
    deps.abortGraceMs ?? ABORT_GRACE_MS,
  );
  const durationMs = Date.now() - startedAt;
  if ("abandoned" in settled) {
    log.error({ durationMs }, "job did not stop after its timeout; left running until its lease expires");
  } else if (settled.ok) {
    await completeJob(deps.db, job, now());
    log.info({ durationMs }, "job done");
  } else if (settled.error instanceof JobSkipped) {
    await skipJob(deps.db, job, settled.error.message, now());
    log.info({ durationMs, reason: settled.error.message }, "job skipped");
  } else {
    const outcome = await failJob(deps.db, job, settled.error, now());
    log.warn({ durationMs, outcome, err: settled.error }, `job failed, ${outcome === "dead" ? "dead" : "will retry"}`);
  }
}

/** One pass: recover abandoned jobs, claim a batch of due ones, run them. Returns how many ran. */
export async function runDueJobs(deps: WorkerDeps): Promise<number> {
  const now = deps.now ?? (() => new Date());
  const workerId = deps.workerId ?? `worker-${process.pid}`;
  await releaseExpiredLeases(deps.db, now(), deps.leaseMs);
  const jobs = await claimJobs(deps.db, workerId, deps.batchSize ?? 10, now());
  for (const job of jobs) await withLogContext({ shop: job.shop, jobId: job.id, jobType: job.type }, () => runOne(deps, job));
  return jobs.length;
}

/**
 * Polls until `signal` aborts. A pass that ran jobs polls again at once: more may be waiting, and
 * the jobs it ran often queued the next step (a webhook delivery's job queues its order's work).
 */
export async function runWorker(deps: WorkerDeps & { pollMs?: number; signal?: AbortSignal }): Promise<void> {
  const workerId = deps.workerId ?? `worker-${process.pid}-${randomUUID().slice(0, 8)}`;
  const batchSize = deps.batchSize ?? 10;
  while (!deps.signal?.aborted) {
    let ran = 0;
    try {
      ran = await runDueJobs({ ...deps, workerId, batchSize });
    } catch (error) {
      // A database outage must not kill the worker; it retries on the next poll.
      log.error({ workerId, err: error }, "worker pass failed; retrying on the next poll");
    }
    if (ran === 0) await sleep(deps.pollMs ?? 1000, deps.signal);
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
