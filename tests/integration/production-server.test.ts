// What happens between the socket and the route in the production server (`npm start`,
// scripts/server-app.ts), over raw TCP: a chunked body over the route's cap is answered 413
// and the connection then closed; the address that connected is what the guest rate-limit
// key counts from, whatever X-Forwarded-For the client wrote.
import { randomUUID } from "node:crypto";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { clientIp } from "../../app/security/rate-limit.server";
import { log } from "../../app/lib/log.server";
import { signWebhook } from "../../scripts/simulator/webhooks";
import { appProxyRequest } from "../support/shopify-requests";
import { startProductionServer, type ProductionServer } from "../support/production-server";

const SHOP = "raw-http.myshopify.com";
let server: ProductionServer;

beforeAll(async () => {
  server = await startProductionServer({
    "proxy/loyalty": await import("../../app/routes/proxy.loyalty"),
    // Served by Express straight to its action (scripts/server-app.ts), not through Remix's router.
    webhooks: await import("../../app/routes/webhooks"),
    // What the route sees: the forwarded list, and the key's address for 0 and 1 trusted hops.
    "client-ip": {
      loader: ({ request }: { request: Request }) =>
        Response.json({ forwarded: request.headers.get("x-forwarded-for"), hops0: clientIp(request, 0), hops1: clientIp(request, 1) }),
    },
    // A route that logs, as loaders do: its line should name the request.
    logged: {
      loader: () => {
        log.warn("inside the route");
        return Response.json({ ok: true });
      },
    },
  });
});

afterAll(() => server?.close());

interface RawExchange {
  /** Everything the server sent, as text. */
  received: string;
  /** How much of the body the client got to write before the server closed. */
  written: number;
  /** The server ended the connection (FIN) after its answer. */
  ended: boolean;
  error?: string;
}

/**
 * Sends a request head, then `bodyBytes` of body in chunked encoding (unless `contentLength` is
 * declared, then nothing), as fast as the server takes it, and reads until the server closes.
 */
function rawPost(path: string, { bodyBytes = 0, contentLength }: { bodyBytes?: number; contentLength?: number }): Promise<RawExchange> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(server.port, "127.0.0.1");
    const exchange: RawExchange = { received: "", written: 0, ended: false };
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no close within 10 s; received: ${exchange.received.slice(0, 300)}`));
    }, 10_000);
    socket.on("data", (chunk) => (exchange.received += chunk.toString()));
    socket.on("end", () => (exchange.ended = true));
    socket.on("error", (error) => (exchange.error = error.message));
    socket.on("close", () => {
      clearTimeout(timer);
      resolve(exchange);
    });
    socket.on("connect", async () => {
      const framing = contentLength === undefined ? "Transfer-Encoding: chunked" : `Content-Length: ${contentLength}`;
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAccept: application/json\r\n${framing}\r\n\r\n`,
      );
      const chunk = `{"filler":"${"a".repeat(4080)}",`;
      while (exchange.written < bodyBytes && !socket.destroyed && !exchange.ended) {
        const flushed = socket.write(`${Buffer.byteLength(chunk).toString(16)}\r\n${chunk}\r\n`);
        exchange.written += chunk.length;
        if (!flushed) await new Promise((next) => (socket.once("drain", next), socket.once("close", next)));
      }
      if (contentLength === undefined && !socket.destroyed && !exchange.ended) socket.write("0\r\n\r\n");
    });
  });
}

const head = (received: string) => {
  const [statusLine, ...lines] = received.split("\r\n\r\n")[0]!.split("\r\n");
  return {
    status: Number(statusLine!.split(" ")[1]),
    headers: Object.fromEntries(lines.map((line) => [line.split(":")[0]!.toLowerCase(), line.slice(line.indexOf(":") + 1).trim()])),
  };
};

/** The JSON body of a chunked response. */
const chunkedJson = (received: string) => {
  const body = received.slice(received.indexOf("\r\n\r\n") + 4);
  const text = body
    .split("\r\n")
    .filter((_, index) => index % 2 === 1)
    .join("");
  return JSON.parse(text) as unknown;
};

describe("a body over the cap, sent chunked", () => {
  const loyaltyPath = () => {
    const url = new URL(appProxyRequest(SHOP, "/loyalty", { customerId: "31" }).url);
    return url.pathname + url.search;
  };

  const expect413ThenClose = (exchange: RawExchange) => {
    const { status, headers } = head(exchange.received);
    expect(status, exchange.error ?? exchange.received.slice(0, 200)).toBe(413);
    expect(headers["connection"]).toBe("close");
    expect(headers["content-type"]).toMatch(/^application\/json/);
    expect(chunkedJson(exchange.received)).toEqual({ error: "Request body is larger than 16 KB" });
    expect(exchange.ended, "the server ended the connection after its answer").toBe(true);
  };

  it("a little over (64 KB for a 16 KB cap): the client gets the 413 as JSON, then the connection closes", async () => {
    expect413ThenClose(await rawPost(loyaltyPath(), { bodyBytes: 64 * 1024 }));
  });

  it("far over (20 MB, more than the sockets buffer): the same, without the server reading it all first", async () => {
    const exchange = await rawPost(loyaltyPath(), { bodyBytes: 20 * 1024 * 1024 });
    expect413ThenClose(exchange);
    expect(exchange.written).toBeLessThan(20 * 1024 * 1024);
  });

  it("a body declared too large is answered before it is sent, and the connection closed", async () => {
    const exchange = await rawPost(loyaltyPath(), { contentLength: 50 * 1024 * 1024 });
    const { status, headers } = head(exchange.received);
    expect(status).toBe(413);
    expect(headers["connection"]).toBe("close");
    expect(exchange.ended).toBe(true);
  });
});

describe("POST /webhooks, served without Remix's router", () => {
  const signedDelivery = (body: string, secret = process.env.SHOPIFY_API_SECRET!) => ({
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "X-Shopify-Topic": "orders/paid",
      "X-Shopify-Hmac-Sha256": signWebhook(body, secret),
      "X-Shopify-Shop-Domain": SHOP,
      "X-Shopify-Webhook-Id": randomUUID(),
      "X-Shopify-Event-Id": randomUUID(),
      "X-Shopify-Triggered-At": new Date().toISOString(),
      "X-Shopify-API-Version": "2026-10",
    },
    body,
  });

  it("records a signed delivery once and answers each copy; a forged one is 401 and writes nothing", async () => {
    const db = (await import("../../app/db.server")).default;
    const delivery = signedDelivery(JSON.stringify({ id: 4242, admin_graphql_api_id: "gid://shopify/Order/4242" }));
    const first = await fetch(`${server.url}/webhooks`, delivery);
    expect([first.status, await first.json()]).toEqual([200, { status: "received" }]);
    const again = await fetch(`${server.url}/webhooks`, delivery);
    expect([again.status, await again.json()]).toEqual([200, { status: "duplicate" }]);
    const forged = signedDelivery(JSON.stringify({ id: 4243 }), "not-the-apps-secret");
    const refused = await fetch(`${server.url}/webhooks`, forged);
    expect([refused.status, await refused.json()]).toEqual([401, { error: "Webhook signature (X-Shopify-Hmac-Sha256) is not valid" }]);
    const webhookIds = [delivery, forged].map((sent) => `webhook:${sent.headers["X-Shopify-Webhook-Id"]}`);
    expect((await db.job.findMany({ where: { shop: SHOP, dedupeKey: { in: webhookIds } } })).map((job) => job.dedupeKey)).toEqual([
      webhookIds[0],
    ]);
  });

  it("answers a body far over the cap (20 MB for 5 MB) with 413, then closes, without reading it all", async () => {
    const exchange = await rawPost("/webhooks", { bodyBytes: 20 * 1024 * 1024 });
    const { status, headers } = head(exchange.received);
    expect(status, exchange.error ?? exchange.received.slice(0, 200)).toBe(413);
    expect(headers["connection"]).toBe("close");
    expect(exchange.ended).toBe(true);
    expect(exchange.written).toBeLessThan(20 * 1024 * 1024);
  });

  it("answers other methods through Remix as before (405, Allow: POST)", async () => {
    const response = await fetch(`${server.url}/webhooks`);
    expect([response.status, response.headers.get("allow")]).toEqual([405, "POST"]);
  });
});

describe("the address a request came from", () => {
  const ask = async (forwardedFor?: string) => {
    const response = await fetch(`${server.url}/client-ip`, { headers: forwardedFor ? { "x-forwarded-for": forwardedFor } : {} });
    return (await response.json()) as { forwarded: string; hops0: string; hops1: string };
  };

  it("is appended to X-Forwarded-For by the server, so 0 trusted hops is the socket's peer, whatever the client wrote", async () => {
    expect(await ask()).toEqual({ forwarded: "127.0.0.1", hops0: "127.0.0.1", hops1: "127.0.0.1" });
    expect(await ask("6.6.6.6")).toEqual({ forwarded: "6.6.6.6, 127.0.0.1", hops0: "127.0.0.1", hops1: "6.6.6.6" });
    expect(await ask("6.6.6.6, 7.7.7.7")).toMatchObject({ hops0: "127.0.0.1", hops1: "7.7.7.7" });
  });
});

describe("the request id", () => {
  /** The answer's X-Request-Id and the route's log line, for a request sent with `headers`. */
  async function requestAndLog(headers: Record<string, string> = {}) {
    const write = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    const level = log.level;
    log.level = "warn";
    try {
      const response = await fetch(`${server.url}/logged`, { headers });
      const lines = write.mock.calls.map(([chunk]) => JSON.parse(String(chunk)) as Record<string, unknown>);
      return { echoed: response.headers.get("x-request-id"), line: lines.find((line) => line.msg === "inside the route") };
    } finally {
      log.level = level;
      write.mockRestore();
    }
  }

  it("is the proxy's own when it sent a sane one, else a new one, echoed and on the route's log lines", async () => {
    expect(await requestAndLog({ "x-request-id": "lb-7f3a.42" })).toEqual({
      echoed: "lb-7f3a.42",
      line: expect.objectContaining({ requestId: "lb-7f3a.42" }),
    });
    const fresh = await requestAndLog({ "x-request-id": "has spaces; and semicolons" });
    expect(fresh.echoed).toMatch(/^[0-9a-f-]{36}$/);
    expect(fresh.line).toMatchObject({ requestId: fresh.echoed });
  });
});
