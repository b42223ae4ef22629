// Reading request bodies on public routes (webhooks, app proxy, email links) with a size cap
// and a clear 4xx for every way a body can be wrong, so a malformed or oversized request is
// answered before anything is written and never becomes a 500.
//
// The cap is checked twice: a Content-Length above it is refused before a byte is read, and
// reading stops as soon as the stream passes the cap (a chunked body has no length to trust).

import type { IncomingMessage } from "node:http";

export type BodyErrorStatus = 400 | 413 | 415;

export class RequestBodyError extends Error {
  constructor(
    readonly status: BodyErrorStatus,
    message: string,
  ) {
    super(message);
    this.name = "RequestBodyError";
  }

  /** The answer to send: the message as JSON, never cached. */
  toResponse(): Response {
    return Response.json({ error: this.message }, { status: this.status, headers: { "Cache-Control": "no-store" } });
  }
}

/** The body kinds a route accepts. "form" is application/x-www-form-urlencoded. */
export type BodyKind = "json" | "form" | "multipart";

export type ParsedBody = { kind: "json"; value: unknown } | { kind: "form"; value: FormData } | { kind: "multipart"; value: FormData };

const MEDIA_TYPES: Record<BodyKind, string> = {
  json: "application/json",
  form: "application/x-www-form-urlencoded",
  multipart: "multipart/form-data",
};

/** "512 bytes", "16 KB", "30 MB": the limit as the error message states it. */
export function formatLimit(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  return bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

const tooLarge = (maxBytes: number) => new RequestBodyError(413, `Request body is larger than ${formatLimit(maxBytes)}`);

/** The body's media type, lower case, without parameters ("" when there is none). */
export function mediaType(request: Request): string {
  return mediaTypeOf(request.headers.get("content-type"));
}

/** A Content-Type header's media type, lower case, without parameters ("" when there is none). */
export function mediaTypeOf(contentType: string | null | undefined): string {
  return (contentType ?? "").split(";")[0]!.trim().toLowerCase();
}

/** The raw bytes, refusing more than maxBytes (413) before or while reading. */
export async function readBodyBytes(request: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const body = new CappedBody(maxBytes, request.headers.get("content-length"));
  if (!request.body) return body.bytes();
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return body.bytes();
    try {
      body.add(value);
    } catch (error) {
      // Nothing more of this body is read or kept. Not cancelled: on Node's HTTP server (Remix's
      // Express adapter) cancelling the request stream destroys the socket, and the 413 could
      // never be sent. The unread rest waits behind backpressure; the server closes the
      // connection after the answer (scripts/server-app.ts).
      reader.releaseLock();
      throw error;
    }
  }
}

/**
 * The same for Node's own request (the production server's path for webhook deliveries, which
 * skips building a Fetch request): read with 'data' events, and paused, not destroyed, past the cap.
 */
export function readNodeBody(request: IncomingMessage, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  return new Promise((resolve, reject) => {
    const body = new CappedBody(maxBytes, request.headers["content-length"]);
    const onData = (chunk: Buffer) => {
      try {
        body.add(chunk);
      } catch (error) {
        request.off("data", onData).off("end", onEnd).pause();
        reject(error);
      }
    };
    const onEnd = () => resolve(body.bytes());
    request.on("data", onData).on("end", onEnd).once("error", reject);
  });
}

/** A body's chunks as they arrive, refused (413) when its declared length or what arrived passes the cap. */
class CappedBody {
  private readonly chunks: Uint8Array[] = [];
  private total = 0;

  constructor(
    private readonly maxBytes: number,
    declaredLength: string | null | undefined,
  ) {
    if (declaredLength != null && /^\d+$/.test(declaredLength.trim()) && Number(declaredLength) > maxBytes) throw tooLarge(maxBytes);
  }

  add(chunk: Uint8Array): void {
    this.total += chunk.byteLength;
    if (this.total > this.maxBytes) throw tooLarge(this.maxBytes);
    this.chunks.push(chunk);
  }

  bytes(): Uint8Array<ArrayBuffer> {
    const bytes = new Uint8Array(new ArrayBuffer(this.total));
    let offset = 0;
    for (const chunk of this.chunks) {
      bytes.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return bytes;
  }
}

/** Parses JSON text; an empty or malformed body is a 400 with a message saying which. */
export function parseJsonText(text: string): unknown {
  if (text.trim() === "") throw new RequestBodyError(400, "Request body is empty");
  try {
    return JSON.parse(text);
  } catch {
    throw new RequestBodyError(400, "Request body is not valid JSON");
  }
}

/**
 * Reads a body of one of the accepted kinds: 415 for any other content type, 413 above
 * maxBytes, 400 when it is empty or does not parse as its content type says.
 */
export async function readBody<K extends BodyKind>(
  request: Request,
  options: { accept: readonly K[]; maxBytes: number },
): Promise<Extract<ParsedBody, { kind: K }>> {
  const type = mediaType(request);
  const kind = options.accept.find((candidate) => MEDIA_TYPES[candidate] === type);
  if (!kind) {
    const expected = options.accept.map((candidate) => MEDIA_TYPES[candidate]).join(" or ");
    throw new RequestBodyError(415, `Content-Type must be ${expected}${type ? `, not ${type}` : ""}`);
  }
  const bytes = await readBodyBytes(request, options.maxBytes);
  if (kind === "json") return { kind, value: parseJsonText(new TextDecoder().decode(bytes)) } as Extract<ParsedBody, { kind: K }>;
  if (bytes.byteLength === 0) throw new RequestBodyError(400, "Request body is empty");
  try {
    // The boundary of a multipart body is in the Content-Type header, so it goes along.
    const value = await new Response(bytes, { headers: { "Content-Type": request.headers.get("content-type")! } }).formData();
    return { kind, value } as Extract<ParsedBody, { kind: K }>;
  } catch {
    throw new RequestBodyError(
      400,
      kind === "multipart" ? "Request body is not valid multipart form data" : "Request body is not a valid form",
    );
  }
}

/** A form body, urlencoded or multipart (what browsers and mail providers post). */
export async function readForm(request: Request, maxBytes: number): Promise<FormData> {
  return (await readBody(request, { accept: ["form", "multipart"], maxBytes })).value;
}

/** For `.catch()` on a read in a route: a body error becomes its response, thrown for Remix to send. */
export function answerBodyError(error: unknown): never {
  if (error instanceof RequestBodyError) throw error.toResponse();
  throw error;
}
