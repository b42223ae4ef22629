// The production server's Express app (`npm start`, scripts/serve.ts), apart from loading the
// build and listening, so tests serve the app's routes through exactly this stack.
import { randomUUID } from "node:crypto";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import { createReadableStreamFromReadable, type ActionFunction, type ServerBuild } from "@remix-run/node";
import compression from "compression";
import express, { type RequestHandler } from "express";
import { withLogContext } from "../app/lib/log.server";

export function createServerApp(build: ServerBuild, buildDir: string): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.use(recordPeerAddress, closeAfterEarlyAnswer, identifyRequest);
  // Its answers are a few bytes of JSON: nothing to compress or serve from disk first.
  app.post("/webhooks", routeAction(build, "routes/webhooks"));
  app.use(compression());
  app.use("/assets", express.static(path.join(buildDir, "client/assets"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.join(buildDir, "client"), { maxAge: "1h" }));
  app.all("*", createRequestHandler({ build, mode: "production" }));
  return app;
}

/**
 * A route's action run without Remix's router, for the webhook intake: Remix matches the request
 * against every route pattern anew, twice for a resource route, which was a third of what a
 * delivery cost (profiled: the whole intake is a signature check and one insert). The same action
 * answers as it does through Remix (and does in `npm run dev`): a thrown Response is the answer.
 */
function routeAction(build: ServerBuild, routeId: string): RequestHandler {
  const action = build.routes[routeId]?.module.action as ActionFunction | undefined;
  if (!action) throw new Error(`The build has no action for ${routeId}`);
  return async (req, res, next) => {
    try {
      let response: unknown;
      try {
        response = await action({ request: fetchRequest(req), params: {}, context: {} });
      } catch (thrown) {
        if (!(thrown instanceof Response)) throw thrown;
        response = thrown;
      }
      if (!(response instanceof Response)) throw new Error(`${routeId}'s action must answer with a Response`);
      res.status(response.status);
      response.headers.forEach((value, name) => res.append(name, value));
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (error) {
      next(error);
    }
  };
}

/** The Fetch API request Remix would hand the action (the body streamed, not buffered). */
function fetchRequest(req: express.Request): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, one);
  }
  const url = new URL(req.originalUrl, `${req.protocol}://${req.get("host") ?? "localhost"}`);
  return new Request(url, { method: req.method, headers, body: createReadableStreamFromReadable(req), duplex: "half" } as RequestInit);
}

/** An id kept short enough to read in a log line; a proxy's own X-Request-Id is kept so the two logs match. */
const REQUEST_ID = /^[\w.:-]{1,128}$/;

/**
 * Gives the request an id (the incoming X-Request-Id when it is a sane one), echoes it in the
 * answer, and runs the rest of the request in a log context carrying it: every log line below,
 * in the Remix build too, names the request (and the shop once it is authenticated).
 */
const identifyRequest: RequestHandler = (req, res, next) => {
  const incoming = req.headers["x-request-id"];
  const requestId = typeof incoming === "string" && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader("X-Request-Id", requestId);
  withLogContext({ requestId }, next);
};

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
  const writeHead = res.writeHead;
  res.writeHead = function (this: typeof res, ...args: Parameters<typeof writeHead>) {
    if (!req.complete) this.setHeader("Connection", "close");
    return writeHead.apply(this, args);
  } as typeof writeHead;
  next();
};
