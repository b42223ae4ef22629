// Reads theme app extensions from disk the way Shopify does when it installs them: the toml
// decides the type, each blocks/*.liquid carries its own {% schema %}, locales/*.json hold the
// shopper-facing strings. Read on every page view so edits show up on reload.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { parse as parseToml } from "smol-toml";
import { escapeHtml } from "../simulator/common.ts";

export type BlockTarget = "section" | "head" | "body" | "compliance_head";

export interface SettingSchema {
  type: string;
  id?: string;
  default?: unknown;
  autofill?: boolean;
}

export interface TemplateFilter {
  templates?: string[];
  groups?: string[];
}

export interface BlockSchema {
  name: string;
  target: BlockTarget;
  stylesheet?: string;
  javascript?: string;
  class?: string;
  settings?: SettingSchema[];
  enabled_on?: TemplateFilter;
  disabled_on?: TemplateFilter;
}

export interface AppBlock {
  handle: string; // file name without .liquid: "star-rating"
  source: string; // Liquid, schema included ({% schema %} renders nothing)
  schema: BlockSchema;
}

export type LocaleTree = { [key: string]: string | LocaleTree };

export interface ThemeExtension {
  handle: string; // directory name, also the asset URL segment
  dir: string;
  blocks: AppBlock[];
  locales: Map<string, LocaleTree>; // "en", "el", ... (storefront files only, not *.schema.json)
  defaultLocale: string;
}

const SCHEMA_PATTERN = /{%-?\s*schema\s*-?%}([\s\S]*?){%-?\s*endschema\s*-?%}/;

async function listFiles(dir: string, extension: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith(extension))
    .map((entry) => entry.name)
    .sort();
}

async function readBlock(file: string): Promise<AppBlock> {
  const source = await readFile(file, "utf8");
  const match = SCHEMA_PATTERN.exec(source);
  if (!match) throw new Error(`${file}: app blocks need a {% schema %}`);
  const schema = JSON.parse(match[1]) as BlockSchema;
  return { handle: path.basename(file, ".liquid"), source, schema };
}

async function readExtension(dir: string): Promise<ThemeExtension> {
  const blocks = await Promise.all(
    (await listFiles(path.join(dir, "blocks"), ".liquid")).map((name) => readBlock(path.join(dir, "blocks", name))),
  );
  const locales = new Map<string, LocaleTree>();
  let defaultLocale = "en";
  for (const name of await listFiles(path.join(dir, "locales"), ".json")) {
    if (name.endsWith(".schema.json")) continue; // merchant-facing, theme editor only
    const [locale, marker] = name.split(".");
    if (marker === "default") defaultLocale = locale;
    locales.set(locale, JSON.parse(await readFile(path.join(dir, "locales", name), "utf8")) as LocaleTree);
  }
  return { handle: path.basename(dir), dir, blocks, locales, defaultLocale };
}

/** Every directory under `extensionsDir` whose shopify.extension.toml says `type = "theme"`. */
export async function themeExtensionDirs(extensionsDir: string): Promise<string[]> {
  const entries = await readdir(extensionsDir, { withFileTypes: true }).catch(() => []);
  const dirs: string[] = [];
  for (const entry of entries.filter((e) => e.isDirectory())) {
    const dir = path.join(extensionsDir, entry.name);
    const toml = await readFile(path.join(dir, "shopify.extension.toml"), "utf8").catch(() => null);
    if (toml !== null && parseToml(toml).type === "theme") dirs.push(dir);
  }
  return dirs.sort();
}

export async function loadThemeExtensions(extensionsDir: string): Promise<ThemeExtension[]> {
  return Promise.all((await themeExtensionDirs(extensionsDir)).map(readExtension));
}

/** Shopify's rule: blocks go where `enabled_on` allows ("*" = anywhere) and `disabled_on` does not. */
export function blockEnabledOn(schema: BlockSchema, template: string): boolean {
  const matches = (filter: TemplateFilter | undefined) => filter?.templates?.some((name) => name === "*" || name === template) ?? false;
  if (schema.enabled_on) return matches(schema.enabled_on);
  return !matches(schema.disabled_on);
}

function lookup(tree: LocaleTree | undefined, key: string): string | LocaleTree | undefined {
  let node: string | LocaleTree | undefined = tree;
  for (const part of key.split(".")) {
    if (node === undefined || typeof node === "string") return undefined;
    node = node[part];
  }
  return node;
}

/**
 * The `t` filter: the request locale, then its language ("pt-BR" -> "pt"), then the default file;
 * `count` picks the CLDR plural form; `{{ name }}` placeholders take the other arguments.
 * Like Shopify, output is HTML-escaped unless the key ends in `_html` (arguments always are).
 */
export function translate(extension: ThemeExtension, locale: string, key: string, variables: Record<string, unknown> = {}): string {
  const chain = [locale, locale.split("-")[0], extension.defaultLocale];
  let value: string | LocaleTree | undefined;
  let usedLocale = locale;
  for (const candidate of chain) {
    value = lookup(extension.locales.get(candidate), key);
    usedLocale = candidate;
    if (value !== undefined) break;
  }
  const count = Number(variables.count);
  if (value !== undefined && typeof value !== "string" && variables.count !== undefined && Number.isFinite(count)) {
    const form = count === 0 && typeof value.zero === "string" ? "zero" : new Intl.PluralRules(usedLocale).select(count);
    value = value[form] ?? value.other;
  }
  if (typeof value !== "string") return escapeHtml(`translation missing: ${locale}.${key}`);
  const text = key.endsWith("_html") ? value : escapeHtml(value);
  return text.replace(/{{\s*(\w+)\s*}}/g, (placeholder, name: string) =>
    name in variables ? escapeHtml(String(variables[name] ?? "")) : placeholder,
  );
}
