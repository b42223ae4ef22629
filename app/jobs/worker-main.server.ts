// `npm run worker`: runs background jobs until SIGINT/SIGTERM. Any number of workers
// may run against one PostgreSQL database; each job is claimed by exactly one.
import "../lib/env-file.server";
import { env } from "../config.server";
import db, { configuredTimeouts, createDb, databaseUrl, dbProvider } from "../db.server";
import { adminFor } from "../shopify.server";
import { log } from "../lib/log.server";
import { handlers } from "./handlers.server";
import { runWorker } from "./worker.server";

const controller = new AbortController();
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => controller.abort());
}

const config = env();
// On PostgreSQL the jobs get a client of their own with the worker's longer query timeout: a job
// may delete or sum a whole shop's rows, and no shopper waits on it. (The shared client serves
// the Shopify sessions.) SQLite has no query timeout, and a second connection in this process
// could wait for the first one's write lock with the event loop blocked.
const jobsDb =
  dbProvider(db) === "postgresql"
    ? createDb(databaseUrl(), { ...configuredTimeouts(), queryTimeoutMs: config.WORKER_QUERY_TIMEOUT_MS })
    : db;
log.info("worker started");
await runWorker({
  db: jobsDb,
  handlers,
  adminFor,
  signal: controller.signal,
  pollMs: config.WORKER_POLL_MS,
  batchSize: config.WORKER_BATCH_SIZE,
  // Longer than any job runs (default 5 minutes); tests shorten it to see a killed worker's jobs retried.
  leaseMs: config.WORKER_LEASE_MS,
});
await Promise.all([...new Set([jobsDb, db])].map((client) => client.$disconnect()));
log.info("worker stopped");
