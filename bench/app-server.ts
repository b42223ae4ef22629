// The app as it runs in production, for the benchmarks that load it over HTTP: the Vite build
// served by scripts/serve.ts (`npm start`) and the job worker
// (`npm run worker`), each a process of its own with NODE_ENV=production, on a database the
// benchmark created.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Ports the benchmarks may use (3640-3644 go to the Lighthouse demo). */
/** BENCH_PORT_OFFSET moves every benchmark's ports, so two checkouts can run benchmarks side by side. */
export const BENCH_PORT_OFFSET = Number(process.env.BENCH_PORT_OFFSET ?? 0);
export const BENCH_PORTS = { app: 3645 + BENCH_PORT_OFFSET, simulator: 3646 + BENCH_PORT_OFFSET, smtp: 3647 + BENCH_PORT_OFFSET } as const;

export const BENCH_API_KEY = "bench-api-key";
// Not a secret: it only signs traffic between the benchmark's local processes.
export const BENCH_API_SECRET = "bench-api-secret-local-only";

export interface AppEnvOptions {
  databaseUrl: string;
  adminApiOrigin?: string;
  smtpUrl?: string;
}

export function appEnv(options: AppEnvOptions): Record<string, string> {
  return {
    NODE_ENV: "production",
    SHOPIFY_API_KEY: BENCH_API_KEY,
    SHOPIFY_API_SECRET: BENCH_API_SECRET,
    SHOPIFY_APP_URL: `http://127.0.0.1:${BENCH_PORTS.app}`,
    DATABASE_URL: options.databaseUrl,
    SHOPIFY_ADMIN_API_ORIGIN: options.adminApiOrigin ?? "",
    SMTP_URL: options.smtpUrl ?? `smtp://127.0.0.1:${BENCH_PORTS.smtp}`,
    MAIL_FROM: "notifications@retention.local",
  };
}

export interface RunningProcess {
  /** The last lines it wrote to stderr, for error messages. */
  output(): string;
  stop(): Promise<void>;
}

function startProcess(
  command: string,
  args: string[],
  env: Record<string, string>,
  options: { detached?: boolean } = {},
): { child: ChildProcess; running: RunningProcess } {
  // stdout is discarded: what a process logs per request or job would be measured with it.
  const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "pipe"], ...options });
  const lines: string[] = [];
  child.stderr!.on("data", (chunk: Buffer) => {
    lines.push(...chunk.toString().trimEnd().split("\n"));
    lines.splice(0, Math.max(0, lines.length - 30));
  });
  const running: RunningProcess = {
    output: () => lines.join("\n"),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
  return { child, running };
}

/** The built server: `npm run build` must have run. Resolves once /healthz answers. */
export async function startBuiltApp(env: Record<string, string>): Promise<RunningProcess & { url: string }> {
  const { child, running } = startProcess(path.join(ROOT, "node_modules/.bin/tsx"), ["scripts/serve.ts"], {
    ...env,
    PORT: String(BENCH_PORTS.app),
    HOST: "127.0.0.1",
  });
  const url = `http://127.0.0.1:${BENCH_PORTS.app}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app server exited with code ${child.exitCode}:\n${running.output()}`);
    const answered = await fetch(`${url}/healthz`).then(
      (response) => response.ok,
      () => false,
    );
    if (answered) return { ...running, url };
    if (Date.now() > deadline) {
      await running.stop();
      throw new Error(`the app server did not answer ${url}/healthz within 60 s:\n${running.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A worker the benchmark can pause (SIGSTOP) and resume (SIGCONT) without restarting it. */
export interface WorkerProcess extends RunningProcess {
  pause(): void;
  resume(): void;
}

/** `npm run worker` against the same database. */
export function startWorkerProcess(env: Record<string, string>, pollMs = 100): WorkerProcess {
  // tsx starts the worker as its own child: the signals go to the whole process group.
  const { child, running } = startProcess(
    path.join(ROOT, "node_modules/.bin/tsx"),
    ["app/jobs/worker-main.server.ts"],
    { ...env, WORKER_POLL_MS: String(pollMs) },
    { detached: true },
  );
  const signalGroup = (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, signal);
  };
  return {
    ...running,
    pause: () => signalGroup("SIGSTOP"),
    resume: () => signalGroup("SIGCONT"),
    async stop() {
      // A paused process would keep SIGTERM pending.
      signalGroup("SIGCONT");
      await running.stop();
    },
  };
}
