// Bytes of JavaScript and CSS each storefront block makes a shopper download, gzipped as a CDN
// serves them. A block's assets are its schema's "javascript" and "stylesheet", every
// `'file' | asset_url` in its Liquid, and the same for the snippets it renders.
import { readdirSync, readFileSync, existsSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { projectRoot } from "../app/db/migrate.server";
import { kilobytes, type BenchmarkResult, type Measurement } from "./report";

const BLOCK_JS_BUDGET = 3000;
const ALL_JS_BUDGET = 8000;

export interface BlockAssets {
  extension: string;
  block: string;
  /** Asset file names under the extension's assets/. */
  assets: string[];
}

const SCHEMA = /{%-?\s*schema\s*-?%}([\s\S]*?){%-?\s*endschema\s*-?%}/;
const ASSET_URL = /['"]([\w.-]+\.(?:js|css))['"]\s*\|\s*asset_url/g;
const RENDER = /{%-?\s*render\s+['"]([\w-]+)['"]/g;

/** The asset files a block's Liquid references, following the snippets it renders. */
export function assetsOfLiquid(source: string, readSnippet: (name: string) => string | null, seen = new Set<string>()): Set<string> {
  const assets = new Set<string>();
  const schemaText = SCHEMA.exec(source)?.[1];
  if (schemaText) {
    const schema = JSON.parse(schemaText) as { javascript?: string; stylesheet?: string };
    for (const file of [schema.javascript, schema.stylesheet]) if (file) assets.add(file);
  }
  for (const match of source.matchAll(ASSET_URL)) assets.add(match[1]!);
  for (const match of source.matchAll(RENDER)) {
    const name = match[1]!;
    if (seen.has(name)) continue;
    seen.add(name);
    const snippet = readSnippet(name);
    if (snippet === null) throw new Error(`{% render '${name}' %} names a snippet that does not exist`);
    for (const asset of assetsOfLiquid(snippet, readSnippet, seen)) assets.add(asset);
  }
  return assets;
}

/** Every block of every extension with a blocks/ folder, in file-name order. */
export function findBlocks(extensionsDir: string): BlockAssets[] {
  const extensions = readdirSync(extensionsDir, { withFileTypes: true }).filter(
    (entry) => entry.isDirectory() && existsSync(path.join(extensionsDir, entry.name, "blocks")),
  );
  return extensions.flatMap((extension) => {
    const dir = path.join(extensionsDir, extension.name);
    const readSnippet = (name: string) => {
      const file = path.join(dir, "snippets", `${name}.liquid`);
      return existsSync(file) ? readFileSync(file, "utf8") : null;
    };
    return readdirSync(path.join(dir, "blocks"))
      .filter((name) => name.endsWith(".liquid"))
      .sort()
      .map((name) => ({
        extension: extension.name,
        block: path.basename(name, ".liquid"),
        assets: [...assetsOfLiquid(readFileSync(path.join(dir, "blocks", name), "utf8"), readSnippet)].sort(),
      }));
  });
}

export function gzippedSize(file: string): number {
  return gzipSync(readFileSync(file), { level: 9 }).length;
}

export async function measureBlockSizes(extensionsDir = path.join(projectRoot(), "extensions")): Promise<BenchmarkResult> {
  const blocks = findBlocks(extensionsDir);
  if (blocks.length === 0) throw new Error(`No blocks under ${extensionsDir}`);
  const sizes = new Map<string, number>(); // "extension/asset" -> gzipped bytes
  const sizeOf = (extension: string, asset: string) => {
    const key = `${extension}/${asset}`;
    const file = path.join(extensionsDir, extension, "assets", asset);
    if (!existsSync(file)) throw new Error(`${key} is referenced by a block but missing`);
    if (!sizes.has(key)) sizes.set(key, gzippedSize(file));
    return sizes.get(key)!;
  };
  const total = (block: BlockAssets, extension: string) =>
    block.assets.filter((asset) => asset.endsWith(extension)).reduce((sum, asset) => sum + sizeOf(block.extension, asset), 0);

  const measurements: Measurement[] = blocks.flatMap((block) => {
    const js = total(block, ".js");
    return [
      {
        name: `${block.block}: JS (${block.assets.filter((a) => a.endsWith(".js")).join(", ") || "none"})`,
        value: kilobytes(js),
        budget: "≤ 3 KB",
        pass: js <= BLOCK_JS_BUDGET,
      },
      {
        name: `${block.block}: CSS (${block.assets.filter((a) => a.endsWith(".css")).join(", ") || "none"})`,
        value: kilobytes(total(block, ".css")),
      },
    ];
  });
  const distinct = [...sizes.entries()];
  const sum = (extension: string) => distinct.filter(([key]) => key.endsWith(extension)).reduce((acc, [, bytes]) => acc + bytes, 0);
  const allJs = sum(".js");
  measurements.push(
    {
      name: `all blocks: JS (${distinct.filter(([k]) => k.endsWith(".js")).length} distinct files)`,
      value: kilobytes(allJs),
      budget: "≤ 8 KB",
      pass: allJs <= ALL_JS_BUDGET,
    },
    { name: `all blocks: CSS (${distinct.filter(([k]) => k.endsWith(".css")).length} distinct files)`, value: kilobytes(sum(".css")) },
    { name: "all blocks: JS and CSS", value: kilobytes(allJs + sum(".css")) },
  );
  return {
    id: "block-sizes",
    title: "Storefront block sizes",
    method:
      "Each extensions/*/blocks/*.liquid is parsed for its schema's `javascript`/`stylesheet`, every `'file' | asset_url` and the snippets it renders (recursively); each asset is gzipped with zlib level 9. A block's figure is the sum of its assets; the totals count each distinct file once. 1 KB = 1,000 bytes; the budgets apply to JavaScript.",
    measurements,
  };
}
