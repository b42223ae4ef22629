// `npm run worker`: runs background jobs until SIGINT/SIGTERM. Any number of workers
// may run against one PostgreSQL database; each job is claimed by exactly one.
import db from "../db.server";
import { adminFor } from "../shopify.server";
import { handlers } from "./handlers.server";
import { runWorker } from "./worker.server";

const controller = new AbortController();
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => controller.abort());
}

console.log(`worker ${process.pid} started`);
await runWorker({
  db,
  handlers,
  adminFor,
  signal: controller.signal,
  pollMs: Number(process.env.WORKER_POLL_MS || 1000),
  batchSize: Number(process.env.WORKER_BATCH_SIZE || 10),
  // A killed worker's jobs wait this long before another worker retries them: longer than any job runs.
  leaseMs: process.env.WORKER_LEASE_MS ? Number(process.env.WORKER_LEASE_MS) : undefined,
  log: (line) => console.log(line),
});
await db.$disconnect();
console.log(`worker ${process.pid} stopped`);
