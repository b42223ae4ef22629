// `npm run bench [id ...]`: runs the benchmarks in order (or the ones named), prints a table and,
// on a full run, writes bench/RESULTS.md. Exits 1 when a budget is missed or a benchmark fails.
// Each benchmark runs in a child process of its own: the app's modules read DATABASE_URL and
// the rest of their configuration once on import, and every benchmark brings its own database.
import { fork, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { consoleTable, failed, machineInfo, resultsMarkdown, type BenchmarkResult } from "./report";

const BENCHMARKS: { id: string; title: string; needsBuild: boolean; run(): Promise<BenchmarkResult> }[] = [
  {
    id: "block-sizes",
    title: "Storefront block sizes",
    needsBuild: false,
    run: async () => (await import("./block-sizes")).measureBlockSizes(),
  },
  {
    id: "ui-extension-sizes",
    title: "UI extension bundle sizes",
    needsBuild: false,
    run: async () => (await import("./ui-extension-sizes")).measureUiExtensionSizes(),
  },
  {
    id: "lighthouse",
    title: "Lighthouse, demo product page",
    needsBuild: false,
    run: async () => (await import("./lighthouse")).measureLighthouse(),
  },
  {
    id: "proxy-throughput",
    title: "App-proxy reviews throughput",
    needsBuild: true,
    run: async () => (await import("./proxy-throughput")).measureProxyThroughput(),
  },
  {
    id: "webhook-ingestion",
    title: "Webhook ingestion (PostgreSQL)",
    needsBuild: true,
    run: async () => (await import("./webhook-ingestion")).measureWebhookIngestion(),
  },
  { id: "dashboard", title: "Dashboard data time", needsBuild: false, run: async () => (await import("./dashboard")).measureDashboard() },
  {
    id: "admin-vitals",
    title: "Admin Web Vitals",
    needsBuild: true,
    run: async () => (await import("./admin-vitals")).measureAdminVitals(),
  },
];

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const RESULTS_FILE = path.join(ROOT, "bench", "RESULTS.md");
const CHILD_ENV = "BENCH_CHILD";

type ChildMessage = { ok: true; result: BenchmarkResult } | { ok: false; error: string };

async function runInChild(benchmark: (typeof BENCHMARKS)[number]): Promise<BenchmarkResult> {
  const child = fork(fileURLToPath(import.meta.url), [], { env: { ...process.env, [CHILD_ENV]: benchmark.id }, stdio: "inherit" });
  let message: ChildMessage | undefined;
  child.on("message", (received: ChildMessage) => (message = received));
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  if (message?.ok) return message.result;
  const error = message?.error ?? `the benchmark process exited with code ${code}`;
  return {
    id: benchmark.id,
    title: benchmark.title,
    method: "",
    measurements: [{ name: "benchmark ran", value: `error: ${error}`, pass: false }],
  };
}

async function runChild(id: string): Promise<void> {
  const benchmark = BENCHMARKS.find((candidate) => candidate.id === id)!;
  let message: ChildMessage;
  try {
    message = { ok: true, result: await benchmark.run() };
  } catch (error) {
    message = { ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  await new Promise<void>((resolve) => process.send!(message, () => resolve()));
  // Pools, servers and child processes a failed benchmark left behind must not keep it alive.
  process.exit(0);
}

async function main(): Promise<void> {
  const requested = process.argv.slice(2);
  const unknown = requested.filter((id) => !BENCHMARKS.some((benchmark) => benchmark.id === id));
  if (unknown.length) {
    console.error(`Unknown benchmark(s): ${unknown.join(", ")}. Choose from: ${BENCHMARKS.map((b) => b.id).join(", ")}`);
    process.exit(2);
  }
  const selected = requested.length ? BENCHMARKS.filter((benchmark) => requested.includes(benchmark.id)) : BENCHMARKS;
  const started = Date.now();
  const machine = machineInfo(new Date(started));

  if (selected.some((benchmark) => benchmark.needsBuild)) {
    console.log("Building the app (npm run build)…");
    const build = spawnSync("npm", ["run", "build"], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
    if (build.status !== 0) throw new Error(`npm run build failed with code ${build.status}`);
  }
  const results: BenchmarkResult[] = [];
  for (const benchmark of selected) {
    console.log(`\n▶ ${benchmark.title}`);
    const t0 = Date.now();
    results.push(await runInChild(benchmark));
    console.log(`  done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }

  console.log(`\n${consoleTable(results)}\n`);
  for (const note of results.flatMap((result) => result.notes ?? [])) console.log(`- ${note}`);
  console.log(`Total time ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  if (selected.length === BENCHMARKS.length) {
    writeFileSync(RESULTS_FILE, resultsMarkdown(results, machine));
    console.log(`Wrote ${path.relative(ROOT, RESULTS_FILE)}.`);
  } else {
    console.log("A partial run: bench/RESULTS.md is only written when every benchmark runs.");
  }
  const misses = failed(results);
  if (misses.length) {
    console.log(`${misses.length} budget(s) missed.`);
    process.exit(1);
  }
}

if (process.env[CHILD_ENV]) await runChild(process.env[CHILD_ENV]);
else await main();
