// Bytes each UI extension (customer accounts, thank-you page) makes a customer's device download:
// the bundle `shopify app build` writes to the extension's dist/, gzipped as Shopify measures it
// ("64 KB (compressed)" per extension at deploy, API 2025-10 and later; the app's budget is 40 KB).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { parse as parseToml } from "smol-toml";
import { projectRoot } from "../app/db/migrate.server";
import { kilobytes, type BenchmarkResult, type Measurement } from "./report";

const BUDGET_BYTES = 40_000;
const SHOPIFY_LIMIT_BYTES = 64 * 1024;

/** The ui_extension handles declared under extensions/, with their folders. */
export function uiExtensions(extensionsDir: string): { dir: string; handle: string }[] {
  return readdirSync(extensionsDir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(extensionsDir, entry.name, "shopify.extension.toml");
    if (!entry.isDirectory() || !existsSync(file)) return [];
    const toml = parseToml(readFileSync(file, "utf8")) as { extensions?: { type?: string; handle?: string }[] };
    return (toml.extensions ?? [])
      .filter((extension) => extension.type === "ui_extension" && extension.handle)
      .map((extension) => ({ dir: path.join(extensionsDir, entry.name), handle: extension.handle! }));
  });
}

export async function measureUiExtensionSizes(root = projectRoot()): Promise<BenchmarkResult> {
  // The bundles are the CLI's own output: build them now (about a second once the CLI is installed).
  const build = spawnSync("npx", ["tsx", path.join(root, "scripts", "shopify-app-build.ts")], { cwd: root, encoding: "utf8" });
  if (build.status !== 0) throw new Error(`shopify app build failed:\n${build.stdout}\n${build.stderr}`);
  const extensions = uiExtensions(path.join(root, "extensions"));
  if (extensions.length === 0) throw new Error("No ui_extension under extensions/");
  const measurements: Measurement[] = extensions.flatMap(({ dir, handle }) => {
    const bundle = path.join(dir, "dist", `${handle}.js`);
    if (!existsSync(bundle)) throw new Error(`${path.relative(root, bundle)} was not built`);
    const bytes = readFileSync(bundle);
    const gzipped = gzipSync(bytes, { level: 9 }).length;
    return [
      {
        name: `${handle}: gzipped`,
        value: kilobytes(gzipped),
        budget: "≤ 40 KB (Shopify: 64 KiB)",
        pass: gzipped <= BUDGET_BYTES && gzipped <= SHOPIFY_LIMIT_BYTES,
      },
      { name: `${handle}: minified`, value: kilobytes(bytes.length) },
    ];
  });
  return {
    id: "ui-extension-sizes",
    title: "UI extension bundle sizes",
    method:
      "`shopify app build` (Shopify CLI on Node 22, scripts/shopify-app-build.ts) bundles each ui_extension under extensions/ into dist/<handle>.js (all its targets in one bundle); the figure is that file gzipped (zlib level 9), as Shopify's 64 KB limit counts it compressed. 1 KB = 1,000 bytes.",
    measurements,
  };
}
