import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RawConnection, rawRequest } from "./raw-http";

let server: http.Server;
let url: URL;
let connections = 0;
const received: { method?: string; path?: string; body: string; header?: string }[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      received.push({ method: req.method, path: req.url, body, header: req.headers["x-shopify-topic"] as string | undefined });
      const answer = JSON.stringify({ echoed: body.length });
      const status = body === "refuse" ? 413 : 200;
      res.writeHead(status, {
        "Content-Type": "application/json",
        "Content-Length": Buffer.byteLength(answer),
        ...(status === 413 ? { Connection: "close" } : {}),
      });
      res.end(answer);
    });
  });
  server.on("connection", () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks?x=1`);
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("RawConnection", () => {
  it("sends requests one after another over one kept-alive connection and reads each status", async () => {
    const connection = new RawConnection(url);
    const statuses = [];
    for (const body of ["{}", "é".repeat(3000), '{"a":1}']) {
      statuses.push(await connection.send(rawRequest(url, "POST", { "X-Shopify-Topic": "orders/paid", "Content-Length": "1" }, body)));
    }
    connection.close();
    expect(statuses).toEqual([200, 200, 200]);
    expect(connections).toBe(1);
    expect(received.map((request) => [request.method, request.path, request.body.length, request.header])).toEqual([
      ["POST", "/webhooks?x=1", 2, "orders/paid"],
      ["POST", "/webhooks?x=1", 3000, "orders/paid"],
      ["POST", "/webhooks?x=1", 7, "orders/paid"],
    ]);
  });

  it("opens a new connection after an answer that closes its own", async () => {
    connections = 0;
    const connection = new RawConnection(url);
    expect(await connection.send(rawRequest(url, "POST", {}, "refuse"))).toBe(413);
    expect(await connection.send(rawRequest(url, "POST", {}, "{}"))).toBe(200);
    connection.close();
    expect(connections).toBe(2);
  });
});
