// The admin writing while the worker is busy in another process: the real worker (`npm run
// worker`) runs hundreds of jobs that write (new members earning sign-up points, under their row
// lock, and the follow-up jobs they enqueue), while the test process sends 120 concurrent review
// replies, the admin reply action's domain call. None may fail because the other process holds
// the database: on SQLite that takes WAL, a busy timeout and transactions that take the write lock
// when they begin (app/db.server.ts); PostgreSQL runs the same test.
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enableLoyalty } from "../support/loyalty-fixtures";
import { waitFor } from "../support/wait-for";

const SHOP = "contention.myshopify.com";
const JOBS = 600;
const REPLIES = 120;
const WORKER_ENTRY = fileURLToPath(new URL("../../app/jobs/worker-main.server.ts", import.meta.url));

type Db = typeof import("../../app/db.server").default;
let db: Db;
let worker: ChildProcess | undefined;
const workerOutput: string[] = [];

beforeAll(async () => {
  db = (await import("../../app/db.server")).default;
  await enableLoyalty(db, SHOP, { signupPoints: 50 });
  await db.job.createMany({
    data: Array.from({ length: JOBS }, (_, i) => ({
      shop: SHOP,
      type: "loyalty.customer_created",
      payload: {
        topic: "customers/create",
        body: { admin_graphql_api_id: `gid://shopify/Customer/${7000 + i}`, email: `busy-${i}@example.com`, first_name: `Busy ${i}` },
      },
      runAt: new Date(Date.now() - 1000),
    })),
  });
});

afterAll(async () => {
  if (worker && worker.exitCode === null && worker.signalCode === null) {
    const exited = new Promise((resolve) => worker!.once("exit", resolve));
    worker.kill("SIGKILL");
    await exited;
  }
});

const isSqlite = !/^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? "");

describe.runIf(isSqlite)("SQLite", () => {
  it("runs in WAL mode with the configured busy timeout", async () => {
    expect(await db.$queryRawUnsafe("PRAGMA journal_mode")).toEqual([{ journal_mode: "wal" }]);
    expect(await db.$queryRawUnsafe("PRAGMA busy_timeout")).toEqual([{ timeout: 5000n }]);
  });
});

describe("admin writes while the worker writes in another process", () => {
  it(`${REPLIES} concurrent review replies all succeed`, { timeout: 60_000 }, async () => {
    const reviews = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        db.review.create({
          data: {
            shop: SHOP,
            productId: `gid://shopify/Product/${i + 1}`,
            rating: 4,
            title: `Review ${i}`,
            body: "Nice and sturdy.",
            authorName: "Ana",
            source: "storefront",
            status: "published",
            publishedAt: new Date(),
            contentHash: `contention-${i}`,
          },
        }),
      ),
    );

    worker = spawn(process.execPath, ["--import", "tsx", WORKER_ENTRY], {
      // The metafield sync jobs the members enqueue fail against a closed port and are retried:
      // more writes, as a worker whose Shopify calls fail makes.
      env: { ...process.env, SHOPIFY_ADMIN_API_ORIGIN: "http://127.0.0.1:9", WORKER_POLL_MS: "10", WORKER_BATCH_SIZE: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    for (const stream of [worker.stdout!, worker.stderr!]) stream.on("data", (chunk: Buffer) => workerOutput.push(chunk.toString()));
    const doneJobs = () => db.job.count({ where: { shop: SHOP, type: "loyalty.customer_created", status: "done" } });
    expect(await waitFor(doneJobs, (done) => done >= 20, 30_000, 20), workerOutput.join("")).toBeGreaterThanOrEqual(20);

    const { replyToReview } = await import("../../app/reviews/moderate.server");
    // Rounds of 120 concurrent replies, each started while the worker is in the middle of a sign-up
    // job, until that job's own writes (its ledger entries, finishing it) had to share the database
    // with the round: the job was still running when the round began and finished after. Every
    // round must succeed in full. (Timestamps of rows alone cannot show it: the replies may hold
    // the write lock for the whole round, so the worker's writes land just after it.)
    let overlapped = false;
    for (let round = 0; round < 5 && !overlapped; round++) {
      const runningSignUp = () =>
        db.job.findFirst({ where: { shop: SHOP, type: "loyalty.customer_created", status: "running" }, select: { id: true } });
      const inProgress = await waitFor(runningSignUp, (job) => job !== null, 10_000, 1);
      const started = new Date();
      const outcomes = await Promise.allSettled(
        Array.from({ length: REPLIES }, (_, i) => replyToReview(db, SHOP, reviews[i % reviews.length]!.id, `Thank you! (${round}.${i})`)),
      );
      const failures = outcomes.flatMap((outcome) => (outcome.status === "rejected" ? [String(outcome.reason).split("\n").at(-1)] : []));
      expect(failures).toEqual([]);
      expect(outcomes.every((outcome) => outcome.status === "fulfilled" && outcome.value.ok)).toBe(true);
      const job = await db.job.findUniqueOrThrow({ where: { id: inProgress!.id }, select: { status: true, finishedAt: true } });
      overlapped = job.status === "running" || (job.finishedAt !== null && job.finishedAt >= started);
    }
    expect(overlapped, "a round of replies ran while the worker was writing").toBe(true);
    expect(await doneJobs()).toBeLessThan(JOBS);
    // Nor did the worker's own writes fail on the lock.
    expect(workerOutput.join("").match(/.*(timed out|database is locked|SQLITE_BUSY).*/g) ?? []).toEqual([]);
  });
});
