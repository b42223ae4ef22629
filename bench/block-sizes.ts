// Bytes of JavaScript and CSS each storefront block makes a shopper download, gzipped as a CDN
// serves them. A block's files are its schema's "javascript" and "stylesheet" and every
// `'file' | asset_url` in its Liquid; its inline CSS is every <style> element in its Liquid. The
// snippets it renders count too (recursively).
import { readdirSync, readFileSync, existsSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { projectRoot } from "../app/db/migrate.server";
import { kilobytes, type BenchmarkResult, type Measurement } from "./report";

const BLOCK_JS_BUDGET = 3000;
const ALL_JS_BUDGET = 8000;
const ALL_CSS_BUDGET = 4000;

export interface BlockAssets {
  extension: string;
  block: string;
  /** Asset file names under the extension's assets/. */
  assets: string[];
  /** Inline CSS by the Liquid file that holds it ("snippets/x.liquid"), as the shopper receives it. */
  inlineCss: Map<string, string>;
}

const SCHEMA = /{%-?\s*schema\s*-?%}([\s\S]*?){%-?\s*endschema\s*-?%}/;
const ASSET_URL = /['"]([\w.-]+\.(?:js|css))['"]\s*\|\s*asset_url/g;
const RENDER = /{%-?\s*render\s+['"]([\w-]+)['"]/g;
const STYLE = /<style\b[^>]*>([\s\S]*?)<\/style>/g;
// Liquid comments render to nothing: neither their text nor the files they mention reach the shopper.
const LIQUID_COMMENT = /{%-?\s*comment\s*-?%}[\s\S]*?{%-?\s*endcomment\s*-?%}/g;

interface LiquidFile {
  name: string;
  source: string;
}

/** The asset files and inline CSS a block's Liquid carries, following the snippets it renders. */
export function assetsOfLiquid(
  file: LiquidFile,
  readSnippet: (name: string) => string | null,
  seen = new Set<string>(),
): { assets: Set<string>; inlineCss: Map<string, string> } {
  const assets = new Set<string>();
  const inlineCss = new Map<string, string>();
  const schemaText = SCHEMA.exec(file.source)?.[1];
  if (schemaText) {
    const schema = JSON.parse(schemaText) as { javascript?: string; stylesheet?: string };
    for (const asset of [schema.javascript, schema.stylesheet]) if (asset) assets.add(asset);
  }
  const rendered = file.source.replace(LIQUID_COMMENT, "");
  for (const match of rendered.matchAll(ASSET_URL)) assets.add(match[1]!);
  const css = [...rendered.matchAll(STYLE)].map((match) => match[1]!.trim()).join("\n");
  if (css) inlineCss.set(file.name, css);
  for (const match of rendered.matchAll(RENDER)) {
    const name = match[1]!;
    if (seen.has(name)) continue;
    seen.add(name);
    const snippet = readSnippet(name);
    if (snippet === null) throw new Error(`{% render '${name}' %} names a snippet that does not exist`);
    const fromSnippet = assetsOfLiquid({ name: `snippets/${name}.liquid`, source: snippet }, readSnippet, seen);
    for (const asset of fromSnippet.assets) assets.add(asset);
    for (const [source, text] of fromSnippet.inlineCss) inlineCss.set(source, text);
  }
  return { assets, inlineCss };
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
      .map((name) => {
        const found = assetsOfLiquid({ name: `blocks/${name}`, source: readFileSync(path.join(dir, "blocks", name), "utf8") }, readSnippet);
        return {
          extension: extension.name,
          block: path.basename(name, ".liquid"),
          assets: [...found.assets].sort(),
          inlineCss: found.inlineCss,
        };
      });
  });
}

function gzipped(bytes: string | Buffer): number {
  return gzipSync(bytes, { level: 9 }).length;
}

export function gzippedSize(file: string): number {
  return gzipped(readFileSync(file));
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
  const filesOf = (block: BlockAssets, extension: string) => block.assets.filter((asset) => asset.endsWith(extension));
  const total = (block: BlockAssets, extension: string) =>
    filesOf(block, extension).reduce((sum, asset) => sum + sizeOf(block.extension, asset), 0);
  const inlineCss = new Map<string, string>(); // "extension/liquid file" -> CSS, each distinct <style> once

  const measurements: Measurement[] = blocks.flatMap((block) => {
    const js = total(block, ".js");
    for (const [file, css] of block.inlineCss) inlineCss.set(`${block.extension}/${file}`, css);
    const inline = [...block.inlineCss.values()].join("\n");
    const cssSources = [...filesOf(block, ".css"), ...[...block.inlineCss.keys()].map((file) => `inline in ${file}`)];
    return [
      {
        name: `${block.block}: JS (${filesOf(block, ".js").join(", ") || "none"})`,
        value: kilobytes(js),
        budget: "≤ 3 KB",
        pass: js <= BLOCK_JS_BUDGET,
      },
      {
        name: `${block.block}: CSS (${cssSources.join(", ") || "none"})`,
        value: kilobytes(total(block, ".css") + (inline ? gzipped(inline) : 0)),
      },
    ];
  });
  const distinct = [...sizes.entries()];
  const sum = (extension: string) => distinct.filter(([key]) => key.endsWith(extension)).reduce((acc, [, bytes]) => acc + bytes, 0);
  const allJs = sum(".js");
  // Inline styles travel in the page's HTML, one gzip stream: gzipped together, as a page carrying
  // every block would send them. Stylesheet files are separate downloads, each gzipped alone.
  const allInline = [...inlineCss.values()].join("\n");
  const allCss = sum(".css") + (allInline ? gzipped(allInline) : 0);
  const cssFiles = distinct.filter(([key]) => key.endsWith(".css")).length;
  measurements.push(
    {
      name: `all blocks: JS (${distinct.filter(([key]) => key.endsWith(".js")).length} distinct files)`,
      value: kilobytes(allJs),
      budget: "≤ 8 KB",
      pass: allJs <= ALL_JS_BUDGET,
    },
    {
      name: `all blocks: CSS (${cssFiles} distinct files, ${inlineCss.size} distinct inline <style> sources)`,
      value: kilobytes(allCss),
      budget: "≤ 4 KB",
      pass: allCss <= ALL_CSS_BUDGET,
    },
    { name: "all blocks: JS and CSS", value: kilobytes(allJs + allCss) },
  );
  return {
    id: "block-sizes",
    title: "Storefront block sizes",
    method:
      "Each extensions/*/blocks/*.liquid is parsed for its schema's `javascript`/`stylesheet`, every `'file' | asset_url`, every inline `<style>` (Liquid comments removed, as they render to nothing) and the snippets it renders (recursively); gzip is zlib level 9. A block's figure is the sum of its files plus its inline CSS gzipped; the totals count each distinct file and each distinct inline style once, the inline styles gzipped together as they would travel in one page. 1 KB = 1,000 bytes.",
    measurements,
  };
}
