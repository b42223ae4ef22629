// The production server (`npm start`): the Vite build behind Express (scripts/server-app.ts), compressed,
// with fingerprinted assets cached for a year and a request id on every log line. Reads `.env` first.
// WEB_CONCURRENCY > 1 runs that many server processes on one port (node:cluster hands each new
// connection to the next process); a process that dies is replaced.
import "../app/lib/env-file.server";
import cluster from "node:cluster";
import { createServer } from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { env } from "../app/config.server";
import { log } from "../app/lib/log.server";
import { createServerApp } from "./server-app";

const processes = env().WEB_CONCURRENCY;
const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || "0.0.0.0";

if (cluster.isPrimary && processes > 1) {
  let stopping = false;
  for (let n = 0; n < processes; n++) cluster.fork();
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) return;
    log.error({ pid: worker.process.pid, code, signal }, "server process died; starting another");
    cluster.fork();
  });
  log.info(`Retention app on http://${host}:${port} (${processes} processes)`);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.kill("SIGTERM");
      cluster.on("exit", () => Object.keys(cluster.workers ?? {}).length === 0 && process.exit(0));
    });
  }
} else {
  const buildDir = path.resolve(process.env.BUILD_DIR ?? "build");
  const build = (await import(pathToFileURL(path.join(buildDir, "server/index.js")).href)) as ServerBuild;
  const server = createServer(createServerApp(build, buildDir)).listen(port, host, () => {
    if (cluster.isPrimary) log.info(`Retention app on http://${host}:${port}`);
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.close(() => process.exit(0)));
}
