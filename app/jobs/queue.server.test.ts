import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import db, { createDb, dbProvider } from "../db.server";
import { backoffMs, claimJobs, enqueue, enqueueAll, LEASE_MS, releaseExpiredLeases, retryDeadJob } from "./queue.server";
import { runDueJobs, runWorker, type JobHandlers } from "./worker.server";

const noAdmin = async () => {
  throw new Error("these jobs do not call Shopify");
};
const newShop = () => `shop-${randomUUID().slice(0, 8)}.myshopify.com`;

describe("job queue", () => {
  it("keeps one job per dedupe key", async () => {
    const shop = newShop();
    const first = await enqueue(db, { shop, type: "shop.sync", payload: {}, dedupeKey: "order-1:thanks" });
    const second = await enqueue(db, { shop, type: "shop.sync", payload: {}, dedupeKey: "order-1:thanks" });
    expect(first).not.toBeNull();
    expect(second).toBeNull();
    expect(await db.job.count({ where: { shop } })).toBe(1);
  });

  it("skips a taken dedupe key without failing the transaction it is added in (PostgreSQL aborts one on a unique violation)", async () => {
    const shop = newShop();
    const counted = await db.$transaction(async (tx) => {
      await enqueue(tx, { shop, type: "shop.sync", payload: {}, dedupeKey: "daily" });
      expect(await enqueue(tx, { shop, type: "shop.sync", payload: {}, dedupeKey: "daily" })).toBeNull();
      return tx.job.count({ where: { shop } });
    });
    expect(counted).toBe(1);
  });

  it("adds several jobs at once, leaving out those whose dedupe key is taken", async () => {
    const shop = newShop();
    const runAt = new Date("2030-06-01T00:00:00Z");
    await enqueue(db, { shop, type: "metrics.rollup", payload: { day: "2030-06-01" }, dedupeKey: "day-1" });
    const added = await enqueueAll(db, [
      { shop, type: "metrics.rollup", payload: { day: "2030-06-01" }, dedupeKey: "day-1" },
      { shop, type: "metrics.rollup", payload: { day: "2030-06-02" }, dedupeKey: "day-2", runAt, maxAttempts: 2 },
      { shop, type: "shop.sync", payload: {} },
    ]);
    expect(added).toHaveLength(2);
    const rows = await db.job.findMany({ where: { shop }, orderBy: [{ type: "asc" }, { dedupeKey: "asc" }] });
    expect(rows.map((row) => [row.dedupeKey, row.payload, row.status])).toEqual([
      ["day-1", { day: "2030-06-01" }, "queued"],
      ["day-2", { day: "2030-06-02" }, "queued"],
      [null, {}, "queued"],
    ]);
    expect(rows[1]).toMatchObject({ runAt, maxAttempts: 2, attempts: 0 });
    expect(added).toEqual(expect.arrayContaining([rows[1]!.id, rows[2]!.id]));
  });

  it("claims only jobs that are due", async () => {
    const shop = newShop();
    const now = new Date("2030-01-01T00:00:00Z");
    await enqueue(db, { shop, type: "shop.sync", payload: {}, runAt: new Date(now.getTime() + 60_000) });
    const due = await enqueue(db, { shop, type: "shop.sync", payload: {}, runAt: new Date(now.getTime() - 1) });
    const claimed = (await claimJobs(db, "w1", 100, now)).filter((job) => job.shop === shop);
    expect(claimed.map((job) => job.id)).toEqual([due!.id]);
    expect(claimed[0]).toMatchObject({ status: "running", lockedBy: "w1", attempts: 1 });
    expect(await claimJobs(db, "w2", 100, now)).toEqual([]);
  });

  it("retries a failing job with backoff, then marks it dead for the admin to see", async () => {
    const shop = newShop();
    let clock = new Date("2031-01-01T00:00:00Z");
    const job = await enqueue(db, { shop, type: "shop.sync", payload: {}, runAt: clock, maxAttempts: 3 });
    let calls = 0;
    const handlers: JobHandlers = {
      "shop.sync": async ({ job }) => {
        if (job.shop !== shop) return; // the file's other tests left jobs of this type
        calls += 1;
        throw new Error("SMTP refused");
      },
    };
    const deps = { db, handlers, adminFor: noAdmin, now: () => clock };

    await runDueJobs(deps);
    let row = await db.job.findUniqueOrThrow({ where: { id: job!.id } });
    expect(row).toMatchObject({ status: "queued", attempts: 1, lastError: "Error: SMTP refused" });
    expect(row.runAt.getTime()).toBe(clock.getTime() + backoffMs(1));

    await runDueJobs(deps); // not due yet: nothing runs
    expect(calls).toBe(1);

    for (const attempt of [2, 3]) {
      clock = new Date(row.runAt.getTime());
      await runDueJobs(deps);
      row = await db.job.findUniqueOrThrow({ where: { id: job!.id } });
      expect(row.attempts).toBe(attempt);
    }
    expect(calls).toBe(3);
    expect(row.status).toBe("dead");
    expect(row.finishedAt).not.toBeNull();

    clock = new Date(clock.getTime() + 24 * 3600_000);
    await runDueJobs(deps);
    expect(calls).toBe(3); // dead jobs stay dead

    expect(await retryDeadJob(db, "other-shop.myshopify.com", job!.id)).toBe(false);
    expect(await retryDeadJob(db, shop, job!.id, clock)).toBe(true);
    await runDueJobs(deps);
    expect(calls).toBe(4);
  });

  it("gives a crashed worker's job to another worker once its lease expires", async () => {
    const shop = newShop();
    const start = new Date("2032-01-01T00:00:00Z");
    const job = await enqueue(db, { shop, type: "shop.sync", payload: {}, runAt: start });
    await claimJobs(db, "crashed-worker", 10, start); // claimed, then the process died

    const status = async () => (await db.job.findUniqueOrThrow({ where: { id: job!.id } })).status;
    await releaseExpiredLeases(db, new Date(start.getTime() + LEASE_MS - 1));
    expect(await status()).toBe("running");
    expect(await releaseExpiredLeases(db, new Date(start.getTime() + LEASE_MS + 1))).toBeGreaterThanOrEqual(1);
    expect(await status()).toBe("queued");
    const ran: string[] = [];
    await runDueJobs({
      db,
      adminFor: noAdmin,
      handlers: { "shop.sync": async ({ job }) => void (job.shop === shop && ran.push(job.id)) },
      now: () => new Date(start.getTime() + LEASE_MS + 2),
    });
    expect(ran).toEqual([job!.id]);
    expect(await db.job.findUniqueOrThrow({ where: { id: job!.id } })).toMatchObject({ status: "done", attempts: 2 });
  });

  describe("four concurrent workers", () => {
    const workers = Array.from({ length: 4 }, () => createDb(process.env.DATABASE_URL!));
    afterAll(() => Promise.all(workers.map((client) => client.$disconnect())));

    it(`claim 1,000 jobs: each runs exactly once, none is lost (${dbProvider(db)})`, async () => {
      const shop = newShop();
      const total = 1000;
      await db.job.createMany({
        data: Array.from({ length: total }, () => ({ shop, type: "shop.sync", payload: {}, runAt: new Date(0) })),
      });
      const runs = new Map<string, number>();
      const controller = new AbortController();
      const handlers: JobHandlers = {
        "shop.sync": async ({ job }) => {
          runs.set(job.id, (runs.get(job.id) ?? 0) + 1);
          if (runs.size === total) controller.abort();
        },
      };
      const deadline = setTimeout(() => controller.abort(), 90_000);
      await Promise.all(
        workers.map((client, n) =>
          runWorker({ db: client, handlers, adminFor: noAdmin, workerId: `w${n}`, batchSize: 20, pollMs: 20, signal: controller.signal }),
        ),
      );
      clearTimeout(deadline);

      expect(runs.size).toBe(total);
      expect([...runs.values()].every((count) => count === 1)).toBe(true);
      expect(await db.job.count({ where: { shop, status: "done" } })).toBe(total);
      const perWorker = await db.job.groupBy({ by: ["lockedBy"], where: { shop }, _count: { _all: true } });
      expect(perWorker.length).toBeGreaterThan(1); // the work was shared
    });
  });
});
