// Minimal HTTP plumbing for the simulator's node:http server.
import type { IncomingMessage, ServerResponse } from "node:http";

export interface HttpResult {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Close the connection without answering (a dropped connection, for fault injection). */
  drop?: boolean;
}

const MAX_BODY_BYTES = 25 * 1024 * 1024;

export async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new Error("Request body too large");
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

export function json(status: number, value: unknown, headers: Record<string, string> = {}): HttpResult {
  return { status, headers: { "content-type": "application/json; charset=utf-8", ...headers }, body: JSON.stringify(value) };
}

export function send(response: ServerResponse, result: HttpResult): void {
  if (result.drop) {
    response.socket?.destroy();
    return;
  }
  response.writeHead(result.status, result.headers);
  response.end(result.body);
}
