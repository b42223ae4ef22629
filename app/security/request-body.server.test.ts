import type { IncomingMessage } from "node:http";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { formatLimit, readBody, readBodyBytes, readForm, readNodeBody, RequestBodyError } from "./request-body.server";

const URL = "http://localhost/test";
const post = (body: BodyInit | null, headers: Record<string, string> = {}) => new Request(URL, { method: "POST", body, headers });

/** A body streamed in chunks with no Content-Length, counting how many chunks were pulled. */
function chunkedRequest(chunkBytes: number, chunks: number) {
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled === chunks) return controller.close();
      pulled += 1;
      controller.enqueue(new Uint8Array(chunkBytes).fill(0x61));
    },
  });
  const request = new Request(URL, {
    method: "POST",
    body: stream,
    headers: { "content-type": "application/json" },
    duplex: "half",
  } as RequestInit);
  return { request, pulled: () => pulled };
}

async function refusal(promise: Promise<unknown>): Promise<{ status: number; message: string }> {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(RequestBodyError);
  const { status, message } = error as RequestBodyError;
  return { status, message };
}

describe("readBodyBytes", () => {
  it("refuses a declared Content-Length above the cap before reading anything", async () => {
    const request = post("x".repeat(10), { "content-length": String(2 * 1024 * 1024) });
    expect(await refusal(readBodyBytes(request, 1024 * 1024))).toEqual({ status: 413, message: "Request body is larger than 1 MB" });
    expect(request.bodyUsed).toBe(false);
  });

  it("stops reading a chunked body as soon as it passes the cap", async () => {
    const { request, pulled } = chunkedRequest(1024, 100);
    expect(await refusal(readBodyBytes(request, 4 * 1024))).toEqual({ status: 413, message: "Request body is larger than 4 KB" });
    expect(pulled()).toBeLessThan(10);
  });

  it("returns a body up to the cap exactly", async () => {
    const { request } = chunkedRequest(1024, 4);
    expect((await readBodyBytes(request, 4 * 1024)).byteLength).toBe(4096);
  });
});

describe("readNodeBody", () => {
  /** Node's request as the production server's webhook path reads it, its chunks counted as pulled. */
  function nodeRequest(chunkBytes: number, chunks: number, headers: Record<string, string> = {}) {
    let pulled = 0;
    const stream = new Readable({
      highWaterMark: chunkBytes,
      read() {
        if (pulled === chunks) return void this.push(null);
        pulled += 1;
        this.push(Buffer.alloc(chunkBytes, 0x61));
      },
    });
    return { request: Object.assign(stream, { headers }) as unknown as IncomingMessage, pulled: () => pulled };
  }

  it("refuses a declared Content-Length above the cap before reading anything", async () => {
    const { request, pulled } = nodeRequest(1024, 4, { "content-length": String(2 * 1024 * 1024) });
    expect(await refusal(readNodeBody(request, 1024 * 1024))).toEqual({ status: 413, message: "Request body is larger than 1 MB" });
    expect(pulled()).toBe(0);
  });

  it("stops reading as soon as the body passes the cap, leaving the stream paused rather than destroyed", async () => {
    const { request, pulled } = nodeRequest(1024, 100);
    expect(await refusal(readNodeBody(request, 4 * 1024))).toEqual({ status: 413, message: "Request body is larger than 4 KB" });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(pulled()).toBeLessThan(10);
    expect(request.isPaused()).toBe(true);
    expect(request.destroyed).toBe(false);
  });

  it("returns a body up to the cap exactly", async () => {
    const { request } = nodeRequest(1024, 4);
    expect((await readNodeBody(request, 4 * 1024)).byteLength).toBe(4096);
  });
});

describe("readBody", () => {
  const json = { accept: ["json"] as const, maxBytes: 1024 };

  it("parses JSON", async () => {
    expect(await readBody(post('{"a":1}', { "content-type": "application/json; charset=utf-8" }), json)).toEqual({
      kind: "json",
      value: { a: 1 },
    });
  });

  it("says what is wrong with a JSON body", async () => {
    expect(await refusal(readBody(post("{not json", { "content-type": "application/json" }), json))).toEqual({
      status: 400,
      message: "Request body is not valid JSON",
    });
    expect(await refusal(readBody(post("", { "content-type": "application/json" }), json))).toEqual({
      status: 400,
      message: "Request body is empty",
    });
    expect(await refusal(readBody(post("{}", { "content-type": "text/plain" }), json))).toEqual({
      status: 415,
      message: "Content-Type must be application/json, not text/plain",
    });
    expect(await refusal(readBody(post(null), json))).toEqual({ status: 415, message: "Content-Type must be application/json" });
    expect(await refusal(readBody(post(JSON.stringify({ text: "x".repeat(2000) }), { "content-type": "application/json" }), json))).toEqual(
      {
        status: 413,
        message: "Request body is larger than 1 KB",
      },
    );
  });

  it("reads urlencoded and multipart forms, and refuses what does not parse", async () => {
    const urlencoded = await readForm(post("token=abc&score=4", { "content-type": "application/x-www-form-urlencoded" }), 1024);
    expect(Object.fromEntries(urlencoded)).toEqual({ token: "abc", score: "4" });

    const form = new FormData();
    form.set("rating", "5");
    form.set("photo", new Blob([new Uint8Array([1, 2, 3])], { type: "image/png" }), "p.png");
    const encoded = new Request(URL, { method: "POST", body: form });
    const multipart = await readForm(encoded, 4096);
    expect(multipart.get("rating")).toBe("5");
    expect((multipart.get("photo") as File).size).toBe(3);

    const broken = post("--x\r\nnot a part", { "content-type": "multipart/form-data; boundary=other" });
    expect(await refusal(readForm(broken, 1024))).toEqual({ status: 400, message: "Request body is not valid multipart form data" });
    expect(await refusal(readForm(post("", { "content-type": "application/x-www-form-urlencoded" }), 1024))).toEqual({
      status: 400,
      message: "Request body is empty",
    });
    expect(await refusal(readForm(post("{}", { "content-type": "application/json" }), 1024))).toEqual({
      status: 415,
      message: "Content-Type must be application/x-www-form-urlencoded or multipart/form-data, not application/json",
    });
  });

  it("answers with the message as JSON", async () => {
    const response = new RequestBodyError(413, "Request body is larger than 16 KB").toResponse();
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ error: "Request body is larger than 16 KB" });
  });
});

describe("formatLimit", () => {
  it("states limits in whole MB or KB", () => {
    expect(formatLimit(30 * 1024 * 1024)).toBe("30 MB");
    expect(formatLimit(64 * 1024)).toBe("64 KB");
    expect(formatLimit(1500)).toBe("2 KB");
    expect(formatLimit(100)).toBe("100 bytes");
  });
});
