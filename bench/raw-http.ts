// A lean HTTP/1.1 client for load generators that share the machine with the server they
// measure: requests are serialised once, before timing, and a kept-alive socket writes them and
// reads back only the status and the Content-Length body. Node's http.request cost the webhook
// benchmark 0.4 ms of CPU per request, a fifth of the two cores it measures the server on.
import net from "node:net";

/** A request as bytes: head and body together, sent with one write. */
export function rawRequest(url: URL, method: string, headers: Record<string, string>, body: string): Buffer {
  const payload = Buffer.from(body);
  const lines = [`${method} ${url.pathname}${url.search} HTTP/1.1`, `Host: ${url.host}`];
  for (const [name, value] of Object.entries(headers)) if (name.toLowerCase() !== "content-length") lines.push(`${name}: ${value}`);
  lines.push(`Content-Length: ${payload.byteLength}`);
  return Buffer.concat([Buffer.from(`${lines.join("\r\n")}\r\n\r\n`), payload]);
}

const HEAD_END = Buffer.from("\r\n\r\n");

/**
 * One kept-alive connection sending a request at a time. Answers must carry Content-Length (the
 * server measured here always sets it); one that asks to close the connection is honoured, and
 * the next request opens a new one.
 */
export class RawConnection {
  private socket: net.Socket | undefined;
  private received: Buffer = Buffer.alloc(0);
  private pending: { resolve(status: number): void; reject(error: Error): void } | undefined;
  private closeAfter = false;

  constructor(private readonly url: URL) {}

  /** Sends `request` and resolves with the answer's status once its whole body has arrived. */
  send(request: Buffer): Promise<number> {
    if (this.pending) throw new Error("RawConnection sends one request at a time");
    const socket = this.socket ?? this.connect();
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      socket.write(request);
    });
  }

  close(): void {
    this.socket?.destroy();
    this.socket = undefined;
  }

  private connect(): net.Socket {
    const socket = net.connect(Number(this.url.port), this.url.hostname);
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => this.read(chunk));
    const lost = (error?: Error) => {
      // A socket this connection already left (closed after an answer) is no longer its concern.
      if (this.socket !== socket) return;
      this.socket = undefined;
      this.received = Buffer.alloc(0);
      this.settle(undefined, error ?? new Error("the server closed the connection before answering"));
    };
    socket.on("error", lost);
    socket.on("close", () => lost());
    this.socket = socket;
    return socket;
  }

  private read(chunk: Buffer): void {
    this.received = this.received.length ? Buffer.concat([this.received, chunk]) : chunk;
    const headEnd = this.received.indexOf(HEAD_END);
    if (headEnd < 0) return;
    const head = this.received.subarray(0, headEnd).toString("latin1");
    const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
    const end = headEnd + HEAD_END.length + length;
    if (this.received.length < end) return;
    this.received = this.received.subarray(end);
    this.closeAfter = /\r\nconnection:\s*close/i.test(head);
    this.settle(Number(head.slice(9, 12)));
  }

  private settle(status?: number, error?: Error): void {
    const pending = this.pending;
    this.pending = undefined;
    if (this.closeAfter) {
      this.closeAfter = false;
      this.close();
    }
    if (!pending) return;
    if (status === undefined) pending.reject(error!);
    else pending.resolve(status);
  }
}
