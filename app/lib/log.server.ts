// The app's one logger: JSON lines (pino) on stdout, level from LOG_LEVEL (default "info"). Every
// line carries the context of the work it belongs to — `requestId` and `shop` in the web server,
// `shop`, `jobId` and `jobType` in the worker — taken from an AsyncLocalStorage, so a log call
// anywhere below a request or a job picks it up without being handed a logger.
import { AsyncLocalStorage } from "node:async_hooks";
import pino from "pino";

export interface LogContext {
  requestId?: string;
  shop?: string;
  jobId?: string;
  jobType?: string;
}

// The production server (scripts/server-app.ts) and the Remix build it serves each load their own
// copy of this module: one storage shared through the global registry lets both see the context.
const STORAGE_KEY = Symbol.for("retention-app.log-context");
const globalStore = globalThis as { [STORAGE_KEY]?: AsyncLocalStorage<LogContext> };
const storage = (globalStore[STORAGE_KEY] ??= new AsyncLocalStorage<LogContext>());

// Test runs stay quiet unless LOG_LEVEL asks otherwise; a test that checks a line raises the level itself.
const level = process.env.LOG_LEVEL || (process.env.VITEST ? "silent" : "info");

export const log = pino(
  { level, base: { pid: process.pid }, mixin: () => ({ ...storage.getStore() }) },
  // process.stdout rather than pino's own file-descriptor writer, so every line goes through one stream.
  process.stdout,
);

/** Runs `work` with `context` added to every line it logs (nested contexts add to the outer one). */
export function withLogContext<T>(context: LogContext, work: () => T): T {
  return storage.run({ ...storage.getStore(), ...context }, work);
}

/** Adds to the current context once it is known (the shop, after a request is authenticated). */
export function addLogContext(context: LogContext): void {
  const current = storage.getStore();
  if (current) Object.assign(current, context);
}
