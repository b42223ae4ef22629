// The production server (`npm start`): the Vite build behind Express (scripts/server-app.ts), compressed,
// with fingerprinted assets cached for a year and a request id on every log line. Reads `.env` first.
import "../app/lib/env-file.server";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { log } from "../app/lib/log.server";
import { createServerApp } from "./server-app";

const BUILD_DIR = path.resolve(process.env.BUILD_DIR ?? "build");
const build = (await import(pathToFileURL(path.join(BUILD_DIR, "server/index.js")).href)) as ServerBuild;

const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || "0.0.0.0";
const server = createServerApp(build, BUILD_DIR).listen(port, host, () => log.info(`Retention app on http://${host}:${port}`));
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.close(() => process.exit(0)));
