// The production server's request handler (`npm start`, scripts/serve.ts), apart from loading the
// build and listening, so tests serve the app's routes through exactly this stack: webhook
// deliveries on Node's own request, everything else through Express and Remix.
import { randomUUID } from "node:crypto";
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express, { type RequestHandler } from "express";
import { log, withLogContext } from "../app/lib/log.server";
import { readNodeBody } from "../app/security/request-body.server";
import type { IncomingWebhook } from "../app/security/webhook-request.server";
import type { webhookIntake } from "../app/webhooks/intake.server";

export function createServerApp(build: ServerBuild, buildDir: string): RequestListener {
  const app = express();
  app.disable("x-powered-by");
  // Remix reads the query from the URL itself; Express's parser would only parse every query string again.
  app.set("query parser", false);
  app.use(recordPeerAddress, closeAfterEarlyAnswer, identifyRequest);
  app.use(compression());
  app.use("/assets", express.static(path.join(buildDir, "client/assets"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.join(buildDir, "client"), { maxAge: "1h" }));
  app.all("*", createRequestHandler({ build, mode: "production" }));
  const answerWebhook = webhookAnswerer(build);
  return (req, res) => (req.method === "POST" && req.url === "/webhooks" ? answerWebhook(req, res) : app(req, res));
}

/**
 * Webhook deliveries answered on Node's own request, before Express and Remix: Remix matches
 * every request against every route pattern (twice for a resource route) and the action needs a
 * Fetch request with a body stream, and Express's middleware came next; profiled, those were
 * most of what a delivery cost, whose own work is a signature check and one insert (ADR 0020).
 * The intake is the webhook route's own (the build's entry.server exports it), so a delivery is
 * verified, recorded and answered exactly as the route does in `npm run dev`.
 */
function webhookAnswerer(build: ServerBuild): (req: IncomingMessage, res: ServerResponse) => void {
  const intake = (build.entry.module as { webhookIntake?: typeof webhookIntake }).webhookIntake;
  if (!intake) throw new Error("The build's entry.server exports no webhookIntake");
  return (req, res) => {
    const requestId = requestIdOf(req);
    res.setHeader("X-Request-Id", requestId);
    closeIfAnsweredEarly(req, res);
    withLogContext({ requestId }, () => {
      intake(nodeIncomingWebhook(req))
        .catch((thrown: unknown) => {
          if (thrown instanceof Response) return thrown;
          log.error({ err: thrown }, "webhook intake failed");
          return Response.json({ error: "Internal Server Error" }, { status: 500 });
        })
        .then(async (answer) => {
          const body = answer instanceof Response ? Buffer.from(await answer.arrayBuffer()) : JSON.stringify(answer);
          const headers = answer instanceof Response ? Object.fromEntries(answer.headers) : { "content-type": "application/json" };
          res
            .writeHead(answer instanceof Response ? answer.status : 200, { ...headers, "content-length": String(Buffer.byteLength(body)) })
            .end(body);
        })
        .catch((error: unknown) => {
          log.error({ err: error }, "webhook answer failed");
          res.destroy();
        });
    });
  };
}

function nodeIncomingWebhook(req: IncomingMessage): IncomingWebhook {
  return {
    method: req.method ?? "",
    // Node joins repeated headers with ", " as Fetch does (set-cookie aside, which a delivery never carries).
    header: (name) => {
      const value = req.headers[name];
      return Array.isArray(value) ? value.join(", ") : value;
    },
    readBody: (maxBytes) => readNodeBody(req, maxBytes),
  };
}

/** An id kept short enough to read in a log line; a proxy's own X-Request-Id is kept so the two logs match. */
const REQUEST_ID = /^[\w.:-]{1,128}$/;

/**
 * Gives the request an id (the incoming X-Request-Id when it is a sane one), echoes it in the
 * answer, and runs the rest of the request in a log context carrying it: every log line below,
 * in the Remix build too, names the request (and the shop once it is authenticated).
 */
const identifyRequest: RequestHandler = (req, res, next) => {
  const requestId = requestIdOf(req);
  res.setHeader("X-Request-Id", requestId);
  withLogContext({ requestId }, next);
};

function requestIdOf(req: IncomingMessage): string {
  const incoming = req.headers["x-request-id"];
  return typeof incoming === "string" && REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/**
 * Appends the address that connected to this server to X-Forwarded-For, as each proxy in front
 * appended the address that connected to it. The list then always ends with what this server
 * saw, and clientIp() (app/security/rate-limit.server.ts) counts TRUSTED_PROXY_HOPS entries
 * back from that end: 0 is the socket's peer itself, and entries a client wrote are never reached.
 */
const recordPeerAddress: RequestHandler = (req, _res, next) => {
  const peer = req.socket.remoteAddress ?? "unknown";
  const forwarded = req.headers["x-forwarded-for"];
  req.headers["x-forwarded-for"] = forwarded ? `${forwarded}, ${peer}` : peer;
  next();
};

/**
 * An answer sent before the request's body has fully arrived (a body refused over its size cap,
 * a bad signature) closes the connection after it. Otherwise Node keeps the connection for the
 * next request and waits for the rest of a body nobody reads: a chunked body over the cap
 * stalled until the keep-alive timer reset the connection. Node has no hook for "headers about
 * to be sent", so writeHead is wrapped (as the `on-headers` module behind compression does).
 */
const closeAfterEarlyAnswer: RequestHandler = (req, res, next) => {
  closeIfAnsweredEarly(req, res);
  next();
};

function closeIfAnsweredEarly(req: IncomingMessage, res: ServerResponse): void {
  const writeHead = res.writeHead;
  res.writeHead = function (this: ServerResponse, ...args: Parameters<typeof writeHead>) {
    if (!req.complete) this.setHeader("Connection", "close");
    return writeHead.apply(this, args);
  } as typeof writeHead;
}
