// PostgreSQL going away under load: the storefront's review routes (the app-proxy reviews GET and
// the review POST) are served over HTTP against a private PostgreSQL cluster, shoppers keep
// reading and writing, and the database is shut down (fast: connections cut) and started again.
// While it is down every request fails at once with a 503 and Retry-After, none hangs and the server keeps
// running; once it is back requests succeed with nothing restarted by hand; no write is partial.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations } from "../../app/db/migrate.server";
import { storeOfflineSession } from "../../scripts/simulator/install";
import { DEMO_ACCESS_TOKEN, DEMO_SHOP_DOMAIN } from "../../scripts/simulator/demo-store";
import { startSimulator, type Simulator } from "../../scripts/simulator/server";
import { serveRoute } from "../support/route-server";
import { appProxyRequest } from "../support/shopify-requests";
import { startPrivatePostgres, type PrivatePostgres } from "../support/private-postgres";

const isPostgres = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? "");
// The simulator's demo shop: anonymous reviews are of a product the app checks with Shopify.
const SHOP = DEMO_SHOP_DOMAIN;
const CLIENTS = 6;
const REQUEST_TIMEOUT_MS = 10_000;
/** A failure must be quick: a shopper's widget shows its error instead of a spinner. */
const FAIL_FAST_MS = 3_000;

interface Outcome {
  kind: "read" | "write";
  startedAt: number;
  endedAt: number;
  status: number; // 0: no answer within REQUEST_TIMEOUT_MS
  body: string;
  marker?: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!isPostgres)("PostgreSQL restarted under load", () => {
  let postgres: PrivatePostgres;
  let simulator: Simulator;
  let product: string;
  let server: Awaited<ReturnType<typeof serveRoute>>;
  let db: typeof import("../../app/db.server").default;

  beforeAll(async () => {
    postgres = await startPrivatePostgres();
    await applyMigrations(postgres.url);
    simulator = await startSimulator({
      appUrl: "http://127.0.0.1:9",
      apiKey: process.env.SHOPIFY_API_KEY!,
      apiSecret: process.env.SHOPIFY_API_SECRET!,
    });
    process.env.SHOPIFY_ADMIN_API_ORIGIN = simulator.url;
    product = simulator.state.shops.get(SHOP)!.products[0]!.id.split("/").pop()!;
    // The app's one Prisma client is created from DATABASE_URL when db.server is first imported.
    process.env.DATABASE_URL = postgres.url;
    const reviews = await import("../../app/routes/proxy.reviews");
    db = (await import("../../app/db.server")).default;
    await storeOfflineSession((await import("../../app/shopify.server")).sessionStorage, { shop: SHOP, accessToken: DEMO_ACCESS_TOKEN });
    await db.reviewSettings.create({ data: { shop: SHOP, allowAnonymous: true } });
    for (let i = 0; i < 3; i++) {
      await db.review.create({
        data: {
          shop: SHOP,
          productId: `gid://shopify/Product/${product}`,
          rating: 5,
          title: `Seed ${i}`,
          body: `A seeded review number ${i}.`,
          authorName: "Seed",
          source: "storefront",
          status: "published",
          publishedAt: new Date(),
          contentHash: `seed-${i}`,
        },
      });
    }
    server = await serveRoute((args) => (args.request.method === "GET" ? reviews.loader(args as never) : reviews.action(args as never)));
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    await simulator?.close();
    await db?.$disconnect();
    await postgres?.destroy();
  });

  /** One shopper's request through the app proxy, timed. Each writer comes from its own address. */
  async function shopperRequest(kind: Outcome["kind"]): Promise<Outcome> {
    const startedAt = Date.now();
    const marker = kind === "write" ? randomUUID() : undefined;
    let proxied: Request;
    if (kind === "read") {
      proxied = appProxyRequest(SHOP, `/reviews?product_id=${product}`);
    } else {
      const form = new FormData();
      const fields = {
        product_id: product,
        rating: "1",
        title: "Restart",
        body: `Written during the restart test ${marker}`,
        author_name: "Load",
      };
      for (const [key, value] of Object.entries(fields)) form.set(key, value);
      proxied = appProxyRequest(SHOP, "/reviews", { method: "POST", body: form });
    }
    const url = new URL(proxied.url);
    try {
      const response = await fetch(`${server.url}${url.pathname}${url.search}`, {
        method: proxied.method,
        body: kind === "write" ? await proxied.arrayBuffer() : undefined,
        headers: {
          "content-type": proxied.headers.get("content-type") ?? "",
          "x-forwarded-for": `198.51.100.${Math.floor(Math.random() * 250) + 1}, ${randomUUID()}`,
        },
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      return { kind, startedAt, endedAt: Date.now(), status: response.status, body: await response.text(), marker };
    } catch (error) {
      return { kind, startedAt, endedAt: Date.now(), status: 0, body: String(error), marker };
    }
  }

  it("fails fast with a 503 while the database is down and recovers by itself", { timeout: 120_000 }, async () => {
    const outcomes: Outcome[] = [];
    let running = true;
    const clients = Array.from({ length: CLIENTS }, async (_, client) => {
      for (let i = 0; running; i++) {
        outcomes.push(await shopperRequest((client + i) % 3 === 0 ? "write" : "read"));
        await sleep(20);
      }
    });

    await sleep(1500);
    const stopping = Date.now();
    await postgres.stop();
    const stopped = Date.now();
    await sleep(3000);
    const starting = Date.now();
    await postgres.start();
    const started = Date.now();
    await sleep(3000);
    running = false;
    await Promise.all(clients);

    const ok = (outcome: Outcome) => outcome.status === 200 || outcome.status === 201;
    const describe = (list: Outcome[]) =>
      JSON.stringify(list.slice(0, 3).map(({ kind, status, body }) => ({ kind, status, body: body.slice(0, 300) })));

    const before = outcomes.filter((outcome) => outcome.endedAt < stopping);
    expect(before.length).toBeGreaterThan(10);
    expect(
      before.filter((outcome) => !ok(outcome)),
      describe(before.filter((outcome) => !ok(outcome))),
    ).toEqual([]);

    const during = outcomes.filter((outcome) => outcome.startedAt > stopped && outcome.endedAt < starting);
    expect(during.length).toBeGreaterThan(10);
    const notCleanFailures = during.filter((outcome) => outcome.status !== 503 || !outcome.body.includes("briefly unavailable"));
    expect(notCleanFailures, describe(notCleanFailures)).toEqual([]);
    expect(Math.max(...during.map((outcome) => outcome.endedAt - outcome.startedAt))).toBeLessThan(FAIL_FAST_MS);
    expect(
      outcomes.filter((outcome) => outcome.status === 0),
      "requests that hung",
    ).toEqual([]);

    // Recovered with no action: every request started a moment after the server was back succeeds.
    const after = outcomes.filter((outcome) => outcome.startedAt > started + 500);
    expect(after.length).toBeGreaterThan(10);
    expect(
      after.filter((outcome) => !ok(outcome)),
      describe(after.filter((outcome) => !ok(outcome))),
    ).toEqual([]);
    const afterReads = after.filter((outcome) => outcome.kind === "read");
    expect(afterReads.length).toBeGreaterThan(0);

    // No partial writes: each stored review came with its follow-up task (the same transaction),
    // every write that was answered 201 is stored, and no write answered with a failure is.
    const stored = await db.review.findMany({ where: { shop: SHOP, title: "Restart" } });
    const tasks = await db.merchantTask.findMany({ where: { shop: SHOP, kind: "low_rating" } });
    expect(new Set(tasks.map((task) => task.subjectId))).toEqual(new Set(stored.map((review) => review.id)));
    const storedBodies = new Set(stored.map((review) => review.body));
    for (const write of outcomes.filter((outcome) => outcome.kind === "write")) {
      const isStored = storedBodies.has(`Written during the restart test ${write.marker}`);
      if (write.status === 201) expect(isStored, write.body).toBe(true);
      if (write.status >= 500 && write.startedAt > stopped && write.endedAt < starting) expect(isStored).toBe(false);
    }
    // A write refused after the commit (its answer lost as the connection was cut) can only be one in flight at the stop.
    const answeredOk = new Set(
      outcomes.filter((outcome) => outcome.kind === "write" && outcome.status === 201).map((outcome) => outcome.marker),
    );
    const storedUnanswered = outcomes.filter(
      (outcome) =>
        outcome.kind === "write" &&
        !answeredOk.has(outcome.marker) &&
        storedBodies.has(`Written during the restart test ${outcome.marker}`),
    );
    expect(storedUnanswered.every((outcome) => outcome.startedAt < stopped)).toBe(true);
    // The app's server kept serving throughout: the same server answers now.
    expect((await shopperRequest("read")).status).toBe(200);
  });
});
