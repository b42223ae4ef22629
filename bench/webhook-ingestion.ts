// orders/paid webhooks as Shopify sends them (signed, every one delivered twice, copies racing)
// into the production build, then the real worker (`npm run worker`) turning them into orders
// and loyalty points. Measures acknowledgements per second, orders processed per second, and
// checks each order was credited exactly once.
import type { Prisma } from "@prisma/client";
import { randomUUID } from "node:crypto";
import { DEMO_ACCESS_TOKEN, DEMO_SHOP_DOMAIN } from "../scripts/simulator/demo-store";
import { storeOfflineSession } from "../scripts/simulator/install";
import { startSimulator } from "../scripts/simulator/server";
import { addCustomer, addOrder } from "../scripts/simulator/store-actions";
import { orderPayload } from "../scripts/simulator/webhook-payloads";
import { deliverWebhook, type DeliveryRequest } from "../scripts/simulator/webhooks";
import { startMailSink } from "../scripts/mail-sink/server";
import { createTestDatabase } from "../tests/support/test-database";
import { appEnv, BENCH_API_KEY, BENCH_API_SECRET, BENCH_PORTS, startBuiltApp, startWorkerProcess } from "./app-server";
import { perSecond, type BenchmarkResult } from "./report";

const SHOP = DEMO_SHOP_DOMAIN;
const ORDER_COUNT = 500;
const CUSTOMER_COUNT = 100;
const COPIES = 2; // Shopify retries: every webhook arrives twice
const SENDERS = 20; // concurrent deliveries
const PROCESSING_TIMEOUT_MS = 5 * 60_000;

/** Runs `work` over `items` with at most `limit` in flight. */
async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

/** Every delivery twice, shuffled so copies of one webhook often arrive at the same time. */
function withRetries(deliveries: DeliveryRequest[]): DeliveryRequest[] {
  const all = deliveries.flatMap((delivery) => Array.from({ length: COPIES }, () => delivery));
  let seed = 7;
  for (let i = all.length - 1; i > 0; i--) {
    seed = (seed * 16807) % 2147483647;
    const j = seed % (i + 1);
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  return all;
}

export async function measureWebhookIngestion(): Promise<BenchmarkResult> {
  const database = await createTestDatabase();
  const mail = await startMailSink({ smtpPort: BENCH_PORTS.smtp });
  const appUrl = `http://127.0.0.1:${BENCH_PORTS.app}`;
  const simulator = await startSimulator({ port: BENCH_PORTS.simulator, appUrl, apiKey: BENCH_API_KEY, apiSecret: BENCH_API_SECRET });
  const env = appEnv({ databaseUrl: database.url, adminApiOrigin: simulator.url, smtpUrl: mail.smtpUrl });
  // The app's modules read their configuration on import (this process is this benchmark's alone).
  Object.assign(process.env, env);
  const db = (await import("../app/db.server")).default;
  let app: Awaited<ReturnType<typeof startBuiltApp>> | undefined;
  let worker: ReturnType<typeof startWorkerProcess> | undefined;
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
    const deliveries: DeliveryRequest[] = Array.from({ length: ORDER_COUNT }, (_, n) => {
      const product = shop.products[n % shop.products.length]!;
      const order = addOrder(simulator.state, shop, {
        customerId: customers[n % CUSTOMER_COUNT]!.id,
        lines: [{ variantId: product.variants[0]!.id, quantity: 1 + (n % 3) }],
      });
      return {
        url: `${appUrl}/webhooks`,
        topic: "orders/paid",
        shop: SHOP,
        body: JSON.stringify(orderPayload(shop, order)),
        secret: BENCH_API_SECRET,
        webhookId: randomUUID(),
        eventId: randomUUID(),
        triggeredAt: new Date().toISOString(),
        apiVersion,
      };
    });

    app = await startBuiltApp(env);
    const statuses = new Map<number, number>();
    const sends = withRetries(deliveries);
    const ingestStarted = performance.now();
    await inParallel(sends, SENDERS, async (delivery) => {
      const status = await deliverWebhook(delivery).catch(() => 0);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    });
    const ingestSeconds = (performance.now() - ingestStarted) / 1000;
    const acknowledged = statuses.get(200) ?? 0;

    // The worker starts once every webhook is in, so the two rates are measured apart.
    worker = startWorkerProcess(env);
    // The database holds this benchmark's orders only (a list of 2,000 ids is over SQLite's parameter limit).
    const orderIds = new Set(deliveries.map((delivery) => `gid://shopify/Order/${(JSON.parse(delivery.body) as { id: number }).id}`));
    const orderPoints: Prisma.LoyaltyEntryWhereInput = { shop: SHOP, orderId: { not: null }, kind: { in: ["earn", "pending"] } };
    const credited = () => db.loyaltyEntry.count({ where: orderPoints });
    const deadline = Date.now() + PROCESSING_TIMEOUT_MS;
    let firstSeenAt: number | undefined;
    let creditedCount = 0;
    for (;;) {
      creditedCount = await credited();
      if (creditedCount > 0) firstSeenAt ??= performance.now();
      const busy = await db.job.count({ where: { status: { in: ["queued", "running"] }, runAt: { lte: new Date() } } });
      if ((creditedCount >= ORDER_COUNT && busy === 0) || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const processSeconds = (performance.now() - (firstSeenAt ?? performance.now())) / 1000;

    const perOrder = await db.loyaltyEntry.groupBy({ by: ["orderId"], where: orderPoints, _count: { _all: true } });
    const creditedOnce = perOrder.filter((group) => orderIds.has(group.orderId!) && group._count._all === 1).length;
    const creditedTwice = perOrder.filter((group) => group._count._all > 1).length;
    const recordedDeliveries = await db.webhookDelivery.count({ where: { shop: SHOP, topic: "orders/paid" } });
    const recordedOrders = (await db.order.findMany({ where: { shop: SHOP }, select: { id: true } })).filter((order) =>
      orderIds.has(order.id),
    ).length;
    const deadJobs = await db.job.count({ where: { status: "dead" } });
    const exactlyOnce =
      creditedOnce === ORDER_COUNT && creditedTwice === 0 && recordedDeliveries === ORDER_COUNT && recordedOrders === ORDER_COUNT;
    const otherStatuses = [...statuses]
      .filter(([status]) => status !== 200)
      .map(([status, count]) => `${count} × ${status || "no answer"}`);

    return {
      id: "webhook-ingestion",
      title: "Webhook ingestion",
      method:
        `${ORDER_COUNT.toLocaleString("en-US")} orders/paid webhooks (${CUSTOMER_COUNT} customers, loyalty programme on), each sent ${COPIES}× with the same webhook id in shuffled order by ${SENDERS} concurrent senders, HMAC-signed as Shopify does, to POST /webhooks of the production build (scripts/serve.ts, \`npm start\`); ` +
        `then the worker (app/jobs/worker-main.server.ts, its own process) runs the jobs with the Shopify simulator as Admin API. Processed/s counts from the first credited order until every order is credited and no job is due.`,
      measurements: [
        {
          name: `deliveries acknowledged (200) of ${sends.length}`,
          value: `${acknowledged}${otherStatuses.length ? ` (${otherStatuses.join(", ")})` : ""}`,
          budget: "all",
          pass: acknowledged === sends.length,
        },
        { name: "acknowledged per second", value: perSecond(acknowledged / ingestSeconds, "webhooks") },
        { name: "orders processed per second (worker)", value: perSecond(ORDER_COUNT / processSeconds, "orders") },
        {
          name: "orders credited exactly once",
          value: `${creditedOnce} of ${ORDER_COUNT} (${creditedTwice} twice or more; ${recordedDeliveries} deliveries and ${recordedOrders} orders recorded)`,
          budget: "all, once",
          pass: exactlyOnce,
        },
        { name: "dead jobs", value: String(deadJobs), budget: "0", pass: deadJobs === 0 },
      ],
      notes:
        creditedCount < ORDER_COUNT
          ? [`Only ${creditedCount} orders were credited within ${PROCESSING_TIMEOUT_MS / 60_000} minutes.`]
          : undefined,
    };
  } finally {
    await worker?.stop();
    await app?.stop();
    await simulator.close();
    await mail.close();
    await db.$disconnect();
    await database.drop();
  }
}
