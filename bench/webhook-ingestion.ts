// orders/paid webhooks as Shopify sends them (signed, every one delivered twice, copies racing)
// into the production build on PostgreSQL, run as 2 server processes on one port, then the real
// worker (`npm run worker`) turning them into orders and loyalty points with 1, 2 and 4 worker
// processes. Measures acknowledgements per second and their latency, orders processed per second
// at each worker count, and checks each order was credited exactly once.
import { randomUUID } from "node:crypto";
import { DEMO_ACCESS_TOKEN, DEMO_SHOP_DOMAIN } from "../scripts/simulator/demo-store";
import { storeOfflineSession } from "../scripts/simulator/install";
import { startSimulator } from "../scripts/simulator/server";
import { addCustomer, addOrder } from "../scripts/simulator/store-actions";
import { orderPayload } from "../scripts/simulator/webhook-payloads";
import { signWebhook } from "../scripts/simulator/webhooks";
import { startMailSink } from "../scripts/mail-sink/server";
import { createTestDatabase } from "../tests/support/test-database";
import { appEnv, BENCH_API_KEY, BENCH_API_SECRET, BENCH_PORTS, startBuiltApp, startWorkerProcess, type WorkerProcess } from "./app-server";
import { RawConnection, rawRequest } from "./raw-http";
import { milliseconds, percentile, perSecond, type BenchmarkResult, type Measurement } from "./report";

const SHOP = DEMO_SHOP_DOMAIN;
const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
const APP_PROCESSES = 2;
const WORKER_COUNTS = [1, 2, 4];
const WORKER_PROCESSES = Math.max(...WORKER_COUNTS); // started once; each round resumes its own number of them
const ORDERS_PER_ROUND = 300;
const CUSTOMER_COUNT = 200;
const COPIES = 2; // Shopify retries: every webhook arrives twice
const SENDERS = 20; // concurrent deliveries
const ACK_BUDGET_PER_SECOND = 1000;
const ACK_P99_BUDGET_MS = 50;
const WORKER_SPEED_UP_BUDGET = 3;
const PROCESSING_TIMEOUT_MS = 5 * 60_000;
/**
 * How long the simulator holds back each Admin API answer. An assumption, not a figure of
 * Shopify's: a round trip from an app server to the GraphQL Admin API takes on the order of 100 ms
 * (network and Shopify's own work), and that wait, not the worker's CPU, is what more workers
 * overlap. With 0 the benchmark would measure this machine's 2 cores rather than the workers.
 */
const ADMIN_API_LATENCY_MS = 100;

interface Delivery {
  orderId: string;
  /** The signed POST as bytes, serialised before the clock starts. */
  request: Buffer;
}

/** Every delivery twice, shuffled so copies of one webhook often arrive at the same time. */
function withRetries<T>(deliveries: T[], seed: number): T[] {
  const all = deliveries.flatMap((delivery) => Array.from({ length: COPIES }, () => delivery));
  for (let i = all.length - 1; i > 0; i--) {
    seed = (seed * 16807) % 2147483647;
    const j = seed % (i + 1);
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  return all;
}

/** Sends `deliveries` with SENDERS in flight over kept-alive connections; each one's status and milliseconds. */
async function send(url: URL, deliveries: Delivery[]): Promise<{ statuses: number[]; latencies: number[]; seconds: number }> {
  const connections = Array.from({ length: SENDERS }, () => new RawConnection(url));
  const statuses: number[] = [];
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    connections.map(async (connection) => {
      while (next < deliveries.length) {
        const delivery = deliveries[next++]!;
        const sentAt = performance.now();
        statuses.push(await connection.send(delivery.request).catch(() => 0));
        latencies.push(performance.now() - sentAt);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  for (const connection of connections) connection.close();
  return { statuses, latencies, seconds };
}

export async function measureWebhookIngestion(): Promise<BenchmarkResult> {
  const database = await createTestDatabase(POSTGRES_URL);
  const mail = await startMailSink({ smtpPort: BENCH_PORTS.smtp });
  const appUrl = `http://127.0.0.1:${BENCH_PORTS.app}`;
  const webhookUrl = new URL("/webhooks", appUrl);
  const simulator = await startSimulator({
    port: BENCH_PORTS.simulator,
    appUrl,
    apiKey: BENCH_API_KEY,
    apiSecret: BENCH_API_SECRET,
    adminApiLatencyMs: ADMIN_API_LATENCY_MS,
  });
  const env = appEnv({ databaseUrl: database.url, adminApiOrigin: simulator.url, smtpUrl: mail.smtpUrl });
  // The app's modules read their configuration on import (this process is this benchmark's alone).
  Object.assign(process.env, env);
  const db = (await import("../app/db.server")).default;
  let app: Awaited<ReturnType<typeof startBuiltApp>> | undefined;
  let workers: WorkerProcess[] = [];
  try {
    const shopify = await import("../app/shopify.server");
    const { enqueue } = await import("../app/jobs/queue.server");
    const { DEFAULT_LOYALTY_SETTINGS, saveLoyaltySettings } = await import("../app/loyalty/loyalty-settings.server");
    const { LoyaltySettingsInput } = await import("../app/loyalty/loyalty-settings-form");
    await storeOfflineSession(shopify.sessionStorage, { shop: SHOP, accessToken: DEMO_ACCESS_TOKEN });
    await enqueue(db, { shop: SHOP, type: "shop.sync", payload: {} });
    await saveLoyaltySettings(db, SHOP, LoyaltySettingsInput.parse({ ...DEFAULT_LOYALTY_SETTINGS, enabled: true }));

    const shop = simulator.state.shops.get(SHOP)!;
    const customers = Array.from({ length: CUSTOMER_COUNT }, (_, n) =>
      addCustomer(simulator.state, shop, { email: `bench-${n}@example.com`, firstName: `Bench${n}` }),
    );
    const apiVersion = simulator.webhooks.config().apiVersion;
    let orderNumber = 0;
    const newDeliveries = (): Delivery[] =>
      Array.from({ length: ORDERS_PER_ROUND }, () => {
        const n = orderNumber++;
        const product = shop.products[n % shop.products.length]!;
        const order = addOrder(simulator.state, shop, {
          customerId: customers[n % CUSTOMER_COUNT]!.id,
          lines: [{ variantId: product.variants[0]!.id, quantity: 1 + (n % 3) }],
        });
        const body = JSON.stringify(orderPayload(shop, order));
        return {
          orderId: order.id,
          request: rawRequest(
            webhookUrl,
            "POST",
            {
              "Content-Type": "application/json",
              "User-Agent": "Shopify-Captain-Hook",
              "X-Shopify-Topic": "orders/paid",
              "X-Shopify-Hmac-Sha256": signWebhook(body, BENCH_API_SECRET),
              "X-Shopify-Shop-Domain": SHOP,
              "X-Shopify-Webhook-Id": randomUUID(),
              "X-Shopify-Event-Id": randomUUID(),
              "X-Shopify-Triggered-At": new Date().toISOString(),
              "X-Shopify-API-Version": apiVersion,
            },
            body,
          ),
        };
      });

    /** The ledger entries that credit these orders. */
    const orderPoints = (orderIds: string[]) => ({
      shop: SHOP,
      orderId: { in: orderIds },
      kind: { in: ["earn" as const, "pending" as const] },
    });
    /** Waits until every order is credited and no job is due; false when PROCESSING_TIMEOUT_MS passed first. */
    const processed = async (orderIds: string[]): Promise<boolean> => {
      const deadline = Date.now() + PROCESSING_TIMEOUT_MS;
      while (Date.now() < deadline) {
        const credited = await db.loyaltyEntry.count({ where: orderPoints(orderIds) });
        const busy = await db.job.count({ where: { status: { in: ["queued", "running"] }, runAt: { lte: new Date() } } });
        if (credited >= orderIds.length && busy === 0) return true;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return false;
    };

    app = await startBuiltApp({ ...env, WEB_CONCURRENCY: String(APP_PROCESSES) });
    // A server and workers taking a flash sale have long been running: one round's worth of
    // deliveries first, unmeasured, processed by every worker, so the timed rounds measure compiled
    // code rather than V8 warming up, and no round pays for starting a worker (about 2 s of CPU
    // each: module loading and Prisma's query compiler). Between rounds the workers are paused
    // (SIGSTOP), so deliveries are acknowledged with no worker running and each round resumes only
    // its own number of them.
    workers = Array.from({ length: WORKER_PROCESSES }, () => startWorkerProcess(env));
    const warmUp = newDeliveries();
    await send(webhookUrl, withRetries(warmUp, 1));
    if (!(await processed(warmUp.map((delivery) => delivery.orderId)))) throw new Error("the warm-up round was not processed in time");
    for (const worker of workers) worker.pause();

    const statuses = new Map<number, number>();
    const latencies: number[] = [];
    let sendSeconds = 0;
    const rounds: { workers: number; perSecond: number; creditedOnce: number; creditedTwice: number; recorded: number }[] = [];
    for (const [round, workerCount] of WORKER_COUNTS.entries()) {
      const deliveries = newDeliveries();
      const sent = await send(webhookUrl, withRetries(deliveries, 7 + round));
      for (const status of sent.statuses) statuses.set(status, (statuses.get(status) ?? 0) + 1);
      latencies.push(...sent.latencies);
      sendSeconds += sent.seconds;

      const running = workers.slice(0, workerCount);
      const orderIds = deliveries.map((delivery) => delivery.orderId);
      const resumedAt = performance.now();
      for (const worker of running) worker.resume();
      await processed(orderIds);
      const seconds = (performance.now() - resumedAt) / 1000;
      for (const worker of running) worker.pause();

      const perOrder = await db.loyaltyEntry.groupBy({ by: ["orderId"], where: orderPoints(orderIds), _count: { _all: true } });
      rounds.push({
        workers: workerCount,
        perSecond: ORDERS_PER_ROUND / seconds,
        creditedOnce: perOrder.filter((group) => group._count._all === 1).length,
        creditedTwice: perOrder.filter((group) => group._count._all > 1).length,
        recorded: await db.order.count({ where: { shop: SHOP, id: { in: orderIds } } }),
      });
    }

    const total = WORKER_COUNTS.length * ORDERS_PER_ROUND;
    const acknowledged = statuses.get(200) ?? 0;
    const ackPerSecond = acknowledged / sendSeconds;
    const p99 = percentile(latencies, 99);
    const recordedDeliveries = await db.webhookDelivery.count({ where: { shop: SHOP, topic: "orders/paid", status: "accepted" } });
    const deadJobs = await db.job.count({ where: { status: "dead" } });
    const otherStatuses = [...statuses]
      .filter(([status]) => status !== 200)
      .map(([status, count]) => `${count} × ${status || "no answer"}`);
    const speedUp = rounds.at(-1)!.perSecond / rounds[0]!.perSecond;

    const measurements: Measurement[] = [
      {
        name: `deliveries acknowledged (200) of ${total * COPIES}`,
        value: `${acknowledged}${otherStatuses.length ? ` (${otherStatuses.join(", ")})` : ""}`,
        budget: "all",
        pass: acknowledged === total * COPIES,
      },
      {
        name: `acknowledged per second, ${APP_PROCESSES} app processes`,
        value: perSecond(ackPerSecond, "webhooks"),
        budget: `≥ ${ACK_BUDGET_PER_SECOND.toLocaleString("en-US")}/s`,
        pass: ackPerSecond >= ACK_BUDGET_PER_SECOND,
      },
      {
        name: "acknowledgement latency p50 / p99",
        value: `${milliseconds(percentile(latencies, 50))} / ${milliseconds(p99)}`,
        budget: `p99 ≤ ${ACK_P99_BUDGET_MS} ms`,
        pass: p99 <= ACK_P99_BUDGET_MS,
      },
      ...rounds.map((round) => ({
        name: `orders processed per second, ${round.workers} worker${round.workers > 1 ? "s" : ""}`,
        value: perSecond(round.perSecond, "orders"),
      })),
      {
        name: `orders processed, ${WORKER_COUNTS.at(-1)} workers ÷ 1`,
        value: `${speedUp.toFixed(2)}×`,
        budget: `≥ ${WORKER_SPEED_UP_BUDGET}×`,
        pass: speedUp >= WORKER_SPEED_UP_BUDGET,
      },
      ...rounds.map((round) => ({
        name: `orders credited exactly once, ${round.workers} worker${round.workers > 1 ? "s" : ""}`,
        value: `${round.creditedOnce} of ${ORDERS_PER_ROUND} (${round.creditedTwice} twice or more; ${round.recorded} orders recorded)`,
        budget: "all, once",
        pass: round.creditedOnce === ORDERS_PER_ROUND && round.creditedTwice === 0 && round.recorded === ORDERS_PER_ROUND,
      })),
      {
        name: "deliveries recorded as accepted",
        value: `${recordedDeliveries} of ${total + warmUp.length} (the warm-up round's too)`,
        budget: "each once",
        pass: recordedDeliveries === total + warmUp.length,
      },
      { name: "dead jobs", value: String(deadJobs), budget: "0", pass: deadJobs === 0 },
    ];
    return {
      id: "webhook-ingestion",
      title: "Webhook ingestion (PostgreSQL)",
      method:
        `PostgreSQL (a throwaway database on ${new URL(POSTGRES_URL).host}). The production build (scripts/serve.ts, \`npm start\`) with WEB_CONCURRENCY=${APP_PROCESSES}: ${APP_PROCESSES} server processes on one port (node:cluster). ` +
        `After one unmeasured round processed by all ${WORKER_PROCESSES} worker processes (\`npm run worker\`, app/jobs/worker-main.server.ts), to warm the server and the workers up, ${WORKER_COUNTS.length} rounds of ${ORDERS_PER_ROUND} orders/paid webhooks (${CUSTOMER_COUNT} customers, loyalty programme on), each sent ${COPIES}× with the same webhook id in shuffled order by ${SENDERS} concurrent senders over kept-alive connections (bench/raw-http.ts: each request serialised before timing, so the sender's own CPU takes little of the 2 cores), HMAC-signed as Shopify does, to POST /webhooks; ` +
        `the workers are paused (SIGSTOP) while a round's deliveries are sent, then ${WORKER_COUNTS.join(", ")} of them resume and run its jobs with the Shopify simulator as Admin API, each of its answers held back ${ADMIN_API_LATENCY_MS} ms (an assumed round trip to Shopify). ` +
        `Acknowledgements per second are all deliveries over the time spent sending them; processed/s counts from the workers' resumption until every order of the round is credited and no job is due.`,
      measurements,
    };
  } finally {
    await Promise.all(workers.map((worker) => worker.stop()));
    await app?.stop();
    await simulator.close();
    await mail.close();
    await db.$disconnect();
    await database.drop();
  }
}
