// A worker killed mid-batch loses no job: the real worker process (npm run worker) runs a batch
// of webhook jobs (new customers earning sign-up points, paid orders earning order points), is
// SIGKILLed while jobs of its batch are still running, and a second worker takes them over once
// their lease expires. Every job ends done and every ledger entry exists exactly once.
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SHOP_DOMAIN } from "../../scripts/simulator/demo-store";
import type { Customer } from "../../scripts/simulator/state";
import { enableLoyalty, ledgerView } from "../support/loyalty-fixtures";
import { startSimulatedShop, type SimulatedShop } from "../support/simulated-shop";
import { waitFor } from "../support/wait-for";

const SHOP = DEMO_SHOP_DOMAIN;
const CUSTOMERS = 20;
const SIGNUP_POINTS = 50;
const LEASE_MS = 4000;
const WORKER_ENTRY = fileURLToPath(new URL("../../app/jobs/worker-main.server.ts", import.meta.url));

let shop: SimulatedShop;
const workers: ChildProcess[] = [];
/** What the workers printed (job failures, database errors), shown when an expectation fails. */
const workerOutput: string[] = [];

/** `npm run worker` against the test database, the simulator standing in for the Admin API. */
function startWorker(batchSize: number): ChildProcess {
  const worker = spawn(process.execPath, ["--import", "tsx", WORKER_ENTRY], {
    env: {
      ...process.env,
      SHOPIFY_ADMIN_API_ORIGIN: shop.simulator.url,
      WORKER_POLL_MS: "100",
      WORKER_BATCH_SIZE: String(batchSize),
      WORKER_LEASE_MS: String(LEASE_MS),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  for (const stream of [worker.stdout!, worker.stderr!]) stream.on("data", (chunk: Buffer) => workerOutput.push(chunk.toString()));
  workers.push(worker);
  return worker;
}

const exited = (worker: ChildProcess) =>
  worker.exitCode !== null || worker.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((resolve) => worker.once("exit", () => resolve()));

beforeAll(async () => {
  shop = await startSimulatedShop({ storefrontUrl: "http://127.0.0.1:9" });
  await enableLoyalty(shop.db, SHOP, { pendingDays: 14, pointsPerUnit: 1, signupPoints: SIGNUP_POINTS });
  await shop.db.emailSettings.create({ data: { shop: SHOP, thankYouEnabled: false, reviewRequestEnabled: false } });
});

afterAll(async () => {
  for (const worker of workers) {
    worker.kill("SIGKILL");
    await exited(worker);
  }
  await shop?.close();
});

describe("a worker killed mid-batch", () => {
  it("loses no job and applies every effect exactly once after a second worker takes over", { timeout: 120_000 }, async () => {
    const { db, simulator } = shop;
    const variant = shop.shopState().products[0]!.variants[0]!.id;
    const customers: Customer[] = [];
    const orders: { id: string; subtotal: string; customerId: string }[] = [];
    // Each new customer and each paid order reaches the app as a signed webhook, turned into a job.
    for (let i = 0; i < CUSTOMERS; i++) {
      const { customer } = await simulator.actions.createCustomer({ email: `crash-${i}@example.com`, firstName: `Crash ${i}` });
      customers.push(customer);
      const { order } = await simulator.actions.placeOrder({
        customerId: customer.id,
        lines: [{ variantId: variant, quantity: 1 + (i % 3) }],
      });
      orders.push({ id: order.id, subtotal: order.subtotalPrice, customerId: customer.id });
    }
    // One pass judges the deliveries (their webhook.accept jobs), queueing the work the workers share.
    await shop.runJobPass(new Date());
    const webhookJobs = await db.job.findMany({ where: { shop: SHOP, type: { in: ["loyalty.customer_created", "order.record"] } } });
    expect(webhookJobs).toHaveLength(2 * CUSTOMERS);
    expect(webhookJobs.every((job) => job.status === "queued")).toBe(true);

    // One batch holds every job; kill the worker once some are done and the rest still held.
    const first = startWorker(100);
    const progress = await waitFor(
      () => db.job.count({ where: { shop: SHOP, status: "done", type: { in: ["loyalty.customer_created", "order.record"] } } }),
      (done) => done >= 5,
      60_000,
      10,
    );
    first.kill("SIGKILL");
    await exited(first);
    expect(progress).toBeGreaterThanOrEqual(5);
    const abandoned = await db.job.findMany({ where: { shop: SHOP, status: "running" } });
    expect(abandoned.length, "the kill landed between batches").toBeGreaterThan(0);
    expect(
      await db.job.count({ where: { shop: SHOP, status: "done", type: { in: ["loyalty.customer_created", "order.record"] } } }),
    ).toBeLessThan(2 * CUSTOMERS);

    // A second worker finds the abandoned jobs when their lease expires and finishes everything due.
    const killedAt = Date.now();
    startWorker(10);
    const outstanding = () => db.job.count({ where: { shop: SHOP, status: { in: ["queued", "running"] }, runAt: { lte: new Date() } } });
    expect(await waitFor(outstanding, (count) => count === 0, 60_000, 100), workerOutput.join("")).toBe(0);
    expect(Date.now() - killedAt).toBeGreaterThanOrEqual(LEASE_MS - 1000);

    const jobs = await db.job.findMany({ where: { shop: SHOP } });
    expect(
      jobs.filter((job) => job.status === "dead"),
      workerOutput.join(""),
    ).toEqual([]);
    for (const job of webhookJobs) expect(jobs.find((row) => row.id === job.id)?.status, job.type).toBe("done");
    // The abandoned jobs ran again, under the second worker.
    for (const job of abandoned) {
      const after = jobs.find((row) => row.id === job.id)!;
      expect(after).toMatchObject({ status: "done" });
      expect(after.lockedBy).not.toBe(job.lockedBy);
      expect(after.attempts).toBe(job.attempts + 1);
    }

    // Each customer: one member, one sign-up entry, one pending entry for their order, totals equal to the ledger.
    for (const order of orders) {
      const member = await db.loyaltyMember.findUniqueOrThrow({ where: { shop_customerId: { shop: SHOP, customerId: order.customerId } } });
      const view = await ledgerView(db, member.id);
      const orderEntries = view.entries.filter((entry) => entry.orderId === order.id);
      expect(orderEntries).toHaveLength(1);
      expect(orderEntries[0]).toMatchObject({ kind: "pending", points: Math.floor(Number(order.subtotal)) });
      expect(view.entries.filter((entry) => entry.orderId === null)).toEqual([
        expect.objectContaining({ points: SIGNUP_POINTS, bucket: "balance" }),
      ]);
      expect(view.member).toMatchObject({ balance: SIGNUP_POINTS, pending: Math.floor(Number(order.subtotal)) });
      expect(view.member.balance).toBe(view.balanceSum);
      expect(view.member.pending).toBe(view.pendingSum);
    }
    expect(await db.loyaltyMember.count({ where: { shop: SHOP } })).toBe(CUSTOMERS);
  });
});
