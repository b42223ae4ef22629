// `npm test` step "shopify app build (Shopify CLI, Node 22)": Shopify's own CLI validates
// shopify.app.toml and builds every extension in extensions/ (theme check included) offline: the
// local half of what `shopify app deploy` checks before it uploads (Shopify's servers check the rest).
// The CLI needs Node >= 22.12 while the app runs on Node 20 and 22, so the CLI and a Node 22 binary
// (the npm package `node`) live in tools/shopify-cli with their own lockfile, apart from the app's
// dependencies.
//
//   npx tsx scripts/shopify-app-build.ts
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseToml } from "smol-toml";
import { readAppToml } from "../app/shopify/app-config.server";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const TOOLS = path.join(ROOT, "tools", "shopify-cli");
const BIN = path.join(TOOLS, "node_modules", ".bin");
const NODE = path.join(BIN, "node");
const CLI = path.join(TOOLS, "node_modules", "@shopify", "cli", "bin", "run.js");
// Inside node_modules: `npm ci` deletes it together with what it describes.
const STAMP = path.join(TOOLS, "node_modules", ".retention-install-stamp");
// The build takes about a second; a CLI that waits this long is stuck (a prompt, a network call).
const CLI_TIMEOUT_MS = 5 * 60_000;

/** What the installed tools must match: the manifest, the lockfile and the platform (the `node`
 *  package links a platform-specific binary when it installs). */
function toolsFingerprint(): string {
  const hash = createHash("sha256");
  for (const file of ["package.json", "package-lock.json"]) hash.update(readFileSync(path.join(TOOLS, file)));
  hash.update(`${process.platform}-${process.arch}`);
  return hash.digest("hex");
}

function ensureTools(): void {
  const fingerprint = toolsFingerprint();
  const current = existsSync(STAMP) ? readFileSync(STAMP, "utf8").trim() : "";
  if (current === fingerprint && existsSync(NODE) && existsSync(CLI)) return;

  const started = Date.now();
  console.log("Installing Shopify CLI and Node 22 into tools/shopify-cli (npm ci)...");
  // --engine-strict=false: npm itself runs on the machine's Node (20 here) and @shopify/cli declares
  // node >= 22.12; it never runs on that Node, only on the Node 22 installed next to it.
  // --loglevel=error hides that engine notice; real failures still print and fail the step.
  const install = spawnSync("npm", ["ci", "--prefix", TOOLS, "--no-audit", "--no-fund", "--loglevel=error", "--engine-strict=false"], {
    cwd: ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (install.status !== 0) {
    process.stdout.write(install.stdout ?? "");
    process.stderr.write(install.stderr ?? "");
    throw new Error(`npm ci --prefix tools/shopify-cli failed (${install.error?.message ?? `exit ${install.status}`})`);
  }
  // The binary comes from the `node` package's preinstall script (it installs node-<os>-<cpu>):
  // when install scripts were skipped (--ignore-scripts in someone's npm config) there is none.
  const version = spawnSync(NODE, ["--version"], { encoding: "utf8" });
  const major = Number(/^v(\d+)\./.exec(version.stdout ?? "")?.[1]);
  if (version.status !== 0 || !(major >= 22)) {
    throw new Error(
      `tools/shopify-cli has no working Node 22 after npm ci (${version.error?.message ?? version.stdout.trim()}): ` +
        "the `node` package's preinstall script must run (allowScripts in tools/shopify-cli/package.json; not --ignore-scripts)",
    );
  }
  writeFileSync(STAMP, `${fingerprint}\n`);
  console.log(`Installed (${version.stdout.trim()}) in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}

interface CliRun {
  code: number | null;
  output: string; // stdout and stderr in the order they arrived
  stderr: string;
}

function runCli(args: string[]): Promise<CliRun> {
  // A developer's SHOPIFY_FLAG_* variables (config name, client id, path) would make the CLI check
  // something other than the committed shopify.app.toml.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // Node 22 first for anything the CLI starts through PATH (npm, extension build scripts).
    PATH: `${BIN}${path.delimiter}${process.env.PATH ?? ""}`,
    // CI: no prompts, no auto-upgrade of the CLI after the command, no background fetch of
    // Shopify's notifications feed.
    CI: "1",
    // The UI extensions' bundles read the app's address from APP_URL (extensions/shared/app-request.ts):
    // the CLI writes every variable of its environment into the bundle, and `shopify app dev` sets
    // this one to the tunnel. Without it the bundle would keep `process.env.APP_URL`, which fails in
    // Shopify's sandbox.
    APP_URL: process.env.APP_URL ?? String(readAppToml(path.join(ROOT, "shopify.app.toml")).application_url),
    // No usage analytics or OpenTelemetry metrics to Shopify.
    SHOPIFY_CLI_NO_ANALYTICS: "1",
    OPT_OUT_INSTRUMENTATION: "1",
    // Left as the CLI has it: its theme check asks raw.githubusercontent.com for newer Liquid docs
    // and uses the copy bundled with it when that fails (offline: one failed DNS lookup, no delay),
    // the same as the theme-check-node library behind `npm run theme-check`.
  };
  for (const key of Object.keys(env)) if (key.startsWith("SHOPIFY_FLAG_")) delete env[key];
  return new Promise((resolve, reject) => {
    const child = spawn(NODE, [CLI, ...args], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), CLI_TIMEOUT_MS);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (signal) output += `\n[killed by ${signal}${signal === "SIGKILL" ? ` after ${CLI_TIMEOUT_MS / 1000}s` : ""}]\n`;
      resolve({ code, output, stderr });
    });
  });
}

/**
 * Problems the CLI printed, whatever its exit code: `shopify app build` exits 0 after theme check
 * offenses, after a build step that "failed but continuing", and even after printing a raw
 * `Error: ENOENT ...` stack for a broken theme extension.
 *
 * Warnings fail the step too. In `app build` output a warning is a theme check offense of warning
 * severity (the project allows no offense of any severity: scripts/theme-check.ts; info-level ones
 * included, for the same reason), an esbuild warning while bundling a UI extension (typically an
 * import that breaks at runtime), a warning banner, or a build step the CLI skipped. Each is
 * something Shopify refuses or ships broken, and a green CI log is never read, so a warning that
 * only prints is a warning nobody sees. If one ever has to be accepted, match it narrowly here and
 * say why.
 */
function printedProblems(output: string): string[] {
  // Extension output is prefixed with "<extension handle> │ ".
  const lines = output.split("\n").map((line) => line.replace(/^\s*[\w.-]+ │ ?/, "").trim());
  const problems: string[] = [];
  lines.forEach((line, index) => {
    const banner = /^╭─ (error|warning)\b/.exec(line);
    if (banner) {
      // The CLI's error and warning banners: the text inside the box, on one line.
      const end = lines.findIndex((next, at) => at > index && next.startsWith("╰"));
      const text = lines.slice(index + 1, end === -1 ? undefined : end).map((next) => next.replace(/^│|│$/g, "").trim());
      problems.push(`${banner[1]}: ${text.filter(Boolean).join(" ")}`);
    } else if (/\[(error|warning|info)\]/i.test(line)) {
      // Theme check `[error]: CheckName` with its message on the next line; esbuild `✘ [ERROR] ...`.
      const message = lines.slice(index + 1).find(Boolean) ?? "";
      problems.push(/\[(error|warning|info)\]:/.test(line) ? `${line} ${message}` : line);
    } else if (/^(\w*Error|Warning)\b/.test(line)) {
      problems.push(line); // `Error: ENOENT ...` stacks, `Warning: Step "..." failed but continuing: ...`
    }
  });
  return problems;
}

/** Extension types declared under extensions/ (the CLI's default extension_directories), one entry
 *  per extension: a toml holds one extension or an [[extensions]] list. */
function declaredExtensionTypes(): Map<string, string[]> {
  const config = readAppToml(path.join(ROOT, "shopify.app.toml"));
  if (config.extension_directories !== undefined) {
    throw new Error("shopify.app.toml sets extension_directories: teach scripts/shopify-app-build.ts to read them");
  }
  const declared = new Map<string, string[]>(); // type -> toml files
  const dir = path.join(ROOT, "extensions");
  const entries = existsSync(dir) ? readdirSync(dir, { withFileTypes: true }) : [];
  for (const entry of entries) {
    const file = path.join(dir, entry.name, "shopify.extension.toml");
    if (!entry.isDirectory() || !existsSync(file)) continue;
    const toml = parseToml(readFileSync(file, "utf8")) as { type?: unknown; extensions?: { type?: unknown }[] };
    for (const extension of toml.extensions ?? [toml]) {
      const type = String(extension.type);
      declared.set(type, [...(declared.get(type) ?? []), path.relative(ROOT, file)]);
    }
  }
  return declared;
}

/**
 * `app build` silently skips an extension whose type it does not know (it loads the app with
 * unknown extensions ignored, since the complete list of types comes from Shopify's servers): a
 * typo in `type` prints nothing and the build "succeeds". The verbose log's analytics summary (only
 * logged: analytics are off) counts the extensions the CLI actually loaded, per type.
 */
function unloadedExtensions(verboseStderr: string): string[] {
  const payload = /command analytics(?: in background)?, payload: (\{\n[\s\S]*?\n\})\n/.exec(verboseStderr)?.[1];
  const loaded = payload
    ? (JSON.parse(payload) as { public?: { app_extensions_count?: number; app_extensions_breakdown?: string } }).public
    : undefined;
  if (typeof loaded?.app_extensions_count !== "number" || typeof loaded.app_extensions_breakdown !== "string") {
    return ["could not read which extensions the CLI loaded (its --verbose analytics summary changed?): update unloadedExtensions()"];
  }
  const breakdown = JSON.parse(loaded.app_extensions_breakdown) as Record<string, number>;
  const declared = declaredExtensionTypes();
  const declaredCount = [...declared.values()].reduce((sum, files) => sum + files.length, 0);
  if (declaredCount === loaded.app_extensions_count) return [];
  const missing = [...declared].filter(([type, files]) => (breakdown[type] ?? 0) < files.length);
  return [
    `extensions/ declares ${declaredCount} extension(s), the CLI loaded ${loaded.app_extensions_count} (${loaded.app_extensions_breakdown})`,
    ...missing.map(([type, files]) => `type "${type}" (${files.join(", ")}) was not loaded: not an extension type this CLI knows`),
  ];
}

async function main(): Promise<number> {
  const started = Date.now();
  ensureTools();
  const args = ["app", "build", "--skip-dependencies-installation", "--path", ROOT, "--no-color"];
  const build = await runCli(args);
  const problems = printedProblems(build.output);
  if (build.code === 0 && !/╭─ success\b/.test(build.output)) problems.push("no success banner from the CLI");
  if (build.code === 0 && problems.length === 0) {
    // A second run, verbose, only to learn which extensions were loaded (about a second). Its debug
    // log is not printed: it is long and holds the local paths and settings the CLI would report.
    const verbose = await runCli([...args, "--verbose"]);
    if (verbose.code !== 0) problems.push(`the --verbose run exited ${verbose.code}`);
    problems.push(...unloadedExtensions(verbose.stderr));
  }

  process.stdout.write(build.output.endsWith("\n") ? build.output : `${build.output}\n`);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (build.code !== 0 || problems.length > 0) {
    console.error(`\nshopify app build failed (exit ${build.code}, ${problems.length} problem(s)) in ${seconds}s:`);
    for (const problem of problems) console.error(`  ${problem}`);
    return 1;
  }
  console.log(`shopify app build: shopify.app.toml and extensions/ passed in ${seconds}s`);
  return 0;
}

process.exitCode = await main();
