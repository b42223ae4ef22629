// A PostgreSQL server that accepts connections but never answers (stuck on a lock, a full disk, a
// frozen VM), or that refuses them: the production server's public routes (app proxy, webhooks)
// and /healthz answer 503 with Retry-After within the documented bound, and recover by
// themselves. PostgreSQL only: SQLite has no connection to hang.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appProxyRequest, webhookRequest } from "../support/shopify-requests";
import { startProductionServer, type ProductionServer } from "../support/production-server";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy";

const isPostgres = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? "");
const SHOP = "hung-database.myshopify.com";
/** The README's promise with the default settings: connect 2 s + query 2 s + 1 s grace. */
const BOUND_MS = 5_000;

interface Timed {
  status: number; // 0: no answer at all
  retryAfter: string | null;
  body: string;
  ms: number;
}

describe.skipIf(!isPostgres)("PostgreSQL that hangs or refuses", () => {
  let proxy: TcpProxy;
  let server: ProductionServer;

  beforeAll(async () => {
    // The app's client goes through the proxy: DATABASE_URL is read when db.server is first imported.
    const direct = new URL(process.env.DATABASE_URL!);
    proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
    const viaProxy = new URL(direct);
    viaProxy.port = String(proxy.port);
    process.env.DATABASE_URL = viaProxy.toString();
    server = await startProductionServer({
      healthz: await import("../../app/routes/healthz"),
      "proxy/loyalty": await import("../../app/routes/proxy.loyalty"),
      webhooks: await import("../../app/routes/webhooks"),
    });
  });

  afterAll(async () => {
    await proxy?.start(); // so the test database can be disconnected and dropped
    await server?.close();
  });

  /** A request to the production server, timed; gives up (status 0) well after the bound. */
  async function timed(request: Request): Promise<Timed> {
    const url = new URL(request.url);
    const started = Date.now();
    try {
      const response = await fetch(`${server.url}${url.pathname}${url.search}`, {
        method: request.method,
        headers: request.headers,
        body: request.method === "POST" ? await request.text() : undefined,
        signal: AbortSignal.timeout(BOUND_MS * 2),
      });
      return {
        status: response.status,
        retryAfter: response.headers.get("retry-after"),
        body: await response.text(),
        ms: Date.now() - started,
      };
    } catch (error) {
      return { status: 0, retryAfter: null, body: String(error), ms: Date.now() - started };
    }
  }

  const requests = () => ({
    healthz: new Request(`http://localhost/healthz`),
    appProxy: appProxyRequest(SHOP, "/loyalty"),
    webhook: webhookRequest(SHOP, "shop/update", { id: 1 }),
  });

  const expectUnavailable = (answers: Record<string, Timed>) => {
    for (const [name, answer] of Object.entries(answers)) {
      expect({ name, status: answer.status, retryAfter: answer.retryAfter, body: answer.body }).toEqual({
        name,
        status: 503,
        retryAfter: "5",
        body: JSON.stringify({ error: "The service is briefly unavailable. Please try again in a moment." }),
      });
      expect(answer.ms, name).toBeLessThan(BOUND_MS);
    }
  };

  const all = async (built: Record<string, Request>) =>
    Object.fromEntries(await Promise.all(Object.entries(built).map(async ([name, request]) => [name, await timed(request)] as const)));

  it(
    "answers 503 within the bound while the server accepts connections and never answers, then recovers",
    { timeout: 30_000 },
    async () => {
      // Healthy first, so the pool holds a connection that will hang mid-use, not only new ones.
      expect((await timed(requests().healthz)).status).toBe(200);
      proxy.hang();
      expectUnavailable(await all(requests()));
      // Again, now that the pool's connections were dropped: new connections time out too, and with
      // more requests than the pool has connections (10), the rest time out waiting for one.
      const crowd = { ...requests(), ...Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`healthz ${i}`, requests().healthz])) };
      expectUnavailable(await all(crowd));

      await proxy.start();
      const back = await timed(requests().healthz);
      expect(back.status).toBe(200);
    },
  );

  it("fails a transaction cut mid-way within one query deadline: its ROLLBACK does not wait out another", { timeout: 30_000 }, async () => {
    const { createDb } = await import("../../app/db.server");
    const queryTimeoutMs = 500;
    const deadlineMs = queryTimeoutMs + 1_000; // the client's grace for the server's own cancellation
    const db = createDb(process.env.DATABASE_URL!, { connectTimeoutMs: 500, queryTimeoutMs, sqliteBusyTimeoutMs: 0 });
    try {
      let hungAt = 0;
      const failure = await db
        .$transaction(async (tx) => {
          await tx.$queryRawUnsafe("SELECT 1");
          proxy.hang();
          hungAt = Date.now();
          await tx.$queryRawUnsafe("SELECT 2");
        })
        .catch((error: unknown) => error);
      const { isDatabaseUnavailable } = await import("../../app/db.server");
      expect(isDatabaseUnavailable(failure), String(failure)).toBe(true);
      // One deadline for the lost query; a ROLLBACK queued behind it would have added another.
      expect(Date.now() - hungAt).toBeLessThan(deadlineMs + 700);
    } finally {
      await proxy.start();
      await db.$disconnect();
    }
  });

  it("answers 503 at once while the server refuses connections", { timeout: 30_000 }, async () => {
    await proxy.stop();
    const answers = await all(requests());
    expectUnavailable(answers);
    for (const [name, answer] of Object.entries(answers)) expect(answer.ms, name).toBeLessThan(1_000);
    await proxy.start();
    expect((await timed(requests().healthz)).status).toBe(200);
  });
});
