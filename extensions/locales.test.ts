// Each UI extension's Greek translations have exactly the keys of its English ones, and every
// key its components translate exists (a missing key shows as the key itself).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.dirname(new URL(import.meta.url).pathname);
const EXTENSIONS = ["customer-account-rewards", "customer-account-blocks", "thank-you-points"];

type Tree = { [key: string]: string | Tree };
const PLURAL_FORMS = new Set(["one", "other"]);
/** Dotted keys; a plural group ({ one, other }) counts as its parent key. */
function keys(tree: Tree, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([key, value]) => {
    if (typeof value === "string") return [`${prefix}${key}`];
    if (Object.keys(value).every((form) => PLURAL_FORMS.has(form))) return [`${prefix}${key}`];
    return keys(value, `${prefix}${key}.`);
  });
}
const read = (file: string) => JSON.parse(readFileSync(file, "utf8")) as Tree;
/** The literal keys passed to translate in the extension's sources (the customer-account ones share extensions/shared). */
function usedKeys(extension: string): string[] {
  const dirs = [path.join(ROOT, extension, "src"), ...(extension.startsWith("customer-account") ? [path.join(ROOT, "shared")] : [])];
  const sources = dirs.flatMap((dir) =>
    readdirSync(dir)
      .filter((file) => file.endsWith(".tsx") && !file.endsWith(".test.tsx"))
      .map((file) => readFileSync(path.join(dir, file), "utf8")),
  );
  return [...new Set(sources.flatMap((source) => [...source.matchAll(/translate\(\s*"([\w.]+)"/g)].map((match) => match[1]!)))];
}

describe.each(EXTENSIONS)("%s locales", (extension) => {
  const en = read(path.join(ROOT, extension, "locales", "en.default.json"));
  const el = read(path.join(ROOT, extension, "locales", "el.json"));

  it("has the same keys in Greek as in English", () => {
    expect(keys(el).sort()).toEqual(keys(en).sort());
  });

  it("has every key its own components translate", () => {
    expect(usedKeys(extension).filter((key) => !keys(en).includes(key))).toEqual([]);
  });
});
