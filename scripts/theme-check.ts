// `npm run theme-check`: Shopify's theme check over every theme app extension in extensions/.
// Uses the library API because the Shopify CLI does not run on Node 20 and `shopify app build`
// exits 0 even when theme check reports errors. The project allows zero offenses of any severity.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { check, Severity, type Offense } from "@shopify/theme-check-node";
import { themeExtensionDirs } from "./storefront/extensions.ts";

const extensionsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../extensions");

function describe(offense: Offense): string {
  const file = path.relative(process.cwd(), fileURLToPath(offense.uri));
  // Position.line is 0-based in theme-check-common; editors count from 1.
  const line = offense.start.line + 1;
  return `${file}:${line}  ${Severity[offense.severity]}  ${offense.check}  ${offense.message}`;
}

const dirs = await themeExtensionDirs(extensionsDir);
let total = 0;
for (const dir of dirs) {
  const offenses = await check(dir, "theme-check:theme-app-extension");
  total += offenses.length;
  for (const offense of offenses) console.log(describe(offense));
  console.log(`${path.relative(process.cwd(), dir)}: ${offenses.length} offense(s)`);
}
if (dirs.length === 0) console.log("No theme app extensions found in extensions/.");
process.exitCode = total > 0 ? 1 : 0;
