// The worker's queries have a timeout of their own (WORKER_QUERY_TIMEOUT_MS), longer than the app
// server's (DATABASE_QUERY_TIMEOUT_MS): a job may wait on a lock or sum a whole shop's rows,
// where a shopper's request must give up in seconds. PostgreSQL only: SQLite has no query timeout.
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { enableLoyalty } from "../support/loyalty-fixtures";
import { waitFor } from "../support/wait-for";

const isPostgres = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? "");
const SHOP = "slow-job.myshopify.com";
const WORKER_ENTRY = fileURLToPath(new URL("../../app/jobs/worker-main.server.ts", import.meta.url));
const APP_QUERY_TIMEOUT_MS = 200;
const LOCK_HELD_MS = 1_500;

let worker: ChildProcess | undefined;
afterAll(async () => {
  if (worker && worker.exitCode === null && worker.signalCode === null) {
    const exited = new Promise((resolve) => worker!.once("exit", resolve));
    worker.kill("SIGKILL");
    await exited;
  }
});

describe.skipIf(!isPostgres)("the worker's query timeout", () => {
  it("lets a job wait on a lock longer than the app server's queries may", { timeout: 30_000 }, async () => {
    const db = (await import("../../app/db.server")).default;
    await enableLoyalty(db, SHOP, { signupPoints: 50 });
    const job = await db.job.create({
      data: {
        shop: SHOP,
        type: "loyalty.customer_created",
        payload: {
          topic: "customers/create",
          body: { admin_graphql_api_id: "gid://shopify/Customer/4242", email: "slow@example.com", first_name: "Slow" },
        },
      },
    });

    // Another session holds the programme's settings while the job starts.
    const locker = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await locker.connect();
    await locker.query("BEGIN");
    await locker.query('LOCK TABLE "LoyaltySettings" IN ACCESS EXCLUSIVE MODE');
    const output: string[] = [];
    try {
      worker = spawn(process.execPath, ["--import", "tsx", WORKER_ENTRY], {
        env: { ...process.env, WORKER_POLL_MS: "20", DATABASE_QUERY_TIMEOUT_MS: String(APP_QUERY_TIMEOUT_MS) },
        stdio: ["ignore", "pipe", "pipe"],
      });
      for (const stream of [worker.stdout!, worker.stderr!]) stream.on("data", (chunk: Buffer) => output.push(chunk.toString()));
      const running = await waitFor(
        () => db.job.findUniqueOrThrow({ where: { id: job.id } }),
        (row) => row.status !== "queued",
        15_000,
        20,
      );
      expect(running.status, output.join("")).toBe("running");
      await new Promise((resolve) => setTimeout(resolve, LOCK_HELD_MS));
    } finally {
      await locker.query("COMMIT");
      await locker.end();
    }

    const finished = await waitFor(
      () => db.job.findUniqueOrThrow({ where: { id: job.id } }),
      (row) => row.status !== "running",
      10_000,
      50,
    );
    expect({ status: finished.status, attempts: finished.attempts, lastError: finished.lastError }, output.join("")).toEqual({
      status: "done",
      attempts: 1,
      lastError: null,
    });
    expect(await db.loyaltyMember.count({ where: { shop: SHOP, customerId: "gid://shopify/Customer/4242" } })).toBe(1);
  });
});
