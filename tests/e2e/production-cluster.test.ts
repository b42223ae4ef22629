// `npm start` with WEB_CONCURRENCY=2 (scripts/serve.ts): two server processes share the port, a
// process that dies is replaced while the other keeps answering, and SIGTERM stops them all.
// Runs the production build, as `npm test` builds it before the e2e tests.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

const PORT = 3725 + Number(process.env.E2E_PORT_OFFSET ?? 0);
const url = `http://127.0.0.1:${PORT}/healthz`;
let database: TestDatabase;
let primary: ChildProcess;

/**
 * The pids of the primary's server processes: its children running scripts/serve.ts (tsx may
 * also start an esbuild service as its child, on a checkout whose compile cache is empty).
 */
function serverProcesses(): number[] {
  try {
    return execFileSync("pgrep", ["-P", String(primary.pid), "-f", "scripts/serve.ts"], { encoding: "utf8" })
      .trim()
      .split("\n")
      .filter(Boolean)
      .map(Number);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

// Generous: the other e2e files start their demos at the same time, and each process loads the build.
async function waitFor(condition: () => Promise<boolean> | boolean, what: string, timeoutMs = 100_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what} (server processes: ${serverProcesses().join(", ") || "none"})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const healthy = () =>
  fetch(url, { signal: AbortSignal.timeout(5000) }).then(
    (response) => response.ok,
    () => false,
  );

beforeAll(async () => {
  database = await createTestDatabase("file:");
  primary = spawn(process.execPath, ["--import", "tsx", "scripts/serve.ts"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: database.url,
      PORT: String(PORT),
      HOST: "127.0.0.1",
      WEB_CONCURRENCY: "2",
    },
    stdio: "ignore",
  });
  await waitFor(healthy, "the server to answer");
  await waitFor(() => serverProcesses().length === 2, "two server processes");
});

afterAll(async () => {
  if (primary && primary.exitCode === null) primary.kill("SIGKILL");
  await database?.drop();
});

it("replaces a server process that dies while the other answers, and stops them all on SIGTERM", async () => {
  const [victim, survivor] = serverProcesses();
  process.kill(victim!, "SIGKILL");
  await waitFor(() => serverProcesses().length === 2 && !serverProcesses().includes(victim!), "a new server process");
  expect(serverProcesses()).toContain(survivor);
  await waitFor(healthy, "the port to answer");
  // Every request of a burst spread over the processes is answered.
  const answers = await Promise.all(Array.from({ length: 20 }, () => healthy()));
  expect(answers.every(Boolean)).toBe(true);

  const exited = new Promise<number | null>((resolve) => primary.once("exit", resolve));
  primary.kill("SIGTERM");
  expect(await exited).toBe(0);
  expect(await healthy()).toBe(false);
});
