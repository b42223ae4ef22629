// `npm run worker`: runs background jobs until SIGINT/SIGTERM. Any number of workers
// may run against one PostgreSQL database; each job is claimed by exactly one.
import { env } from "../config.server";
import db from "../db.server";
import { adminFor } from "../shopify.server";
import { handlers } from "./handlers.server";
import { runWorker } from "./worker.server";

const controller = new AbortController();
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => controller.abort());
}

const config = env();
console.log(`worker ${process.pid} started`);
await runWorker({
  db,
  handlers,
  adminFor,
  signal: controller.signal,
  pollMs: config.WORKER_POLL_MS,
  batchSize: config.WORKER_BATCH_SIZE,
  // Longer than any job runs (default 5 minutes); tests shorten it to see a killed worker's jobs retried.
  leaseMs: config.WORKER_LEASE_MS,
  log: (line) => console.log(line),
});
await db.$disconnect();
console.log(`worker ${process.pid} stopped`);
