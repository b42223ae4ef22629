// Refreshes Shopify's Admin GraphQL introspection for the app's API version from the npm
// package @shopify/dev-mcp, where Shopify publishes it (with each field's required scopes).
// The file is committed: the simulator and codegen read it, and CI needs no download.
//   npx tsx scripts/shopify-schema.ts            (version from shopify.app.toml)
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ADMIN_API_VERSION, ADMIN_SCHEMA_PATH, SCHEMA_SOURCE_PACKAGE } from "../app/shopify/schema/source";

const work = mkdtempSync(join(tmpdir(), "shopify-schema-"));
try {
  const tarball = execFileSync("npm", ["pack", SCHEMA_SOURCE_PACKAGE, "--silent"], { cwd: work, encoding: "utf8" })
    .trim()
    .split("\n")
    .pop()!;
  const entry = `package/dist/data/admin_${ADMIN_API_VERSION}.json.gz`;
  execFileSync("tar", ["xzf", tarball, entry], { cwd: work });
  copyFileSync(join(work, entry), ADMIN_SCHEMA_PATH);
  writeFileSync(new URL("./README.md", `file://${ADMIN_SCHEMA_PATH}`), readme());
  console.log(`wrote ${ADMIN_SCHEMA_PATH} from ${SCHEMA_SOURCE_PACKAGE}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

function readme(): string {
  return `# Shopify's Admin GraphQL schema

\`admin_${ADMIN_API_VERSION}.json.gz\` is Shopify's own introspection of the Admin API ${ADMIN_API_VERSION},
taken unchanged from the npm package \`${SCHEMA_SOURCE_PACKAGE}\` (\`dist/data/\`) by
\`npx tsx scripts/shopify-schema.ts\`. Besides the standard introspection it lists each type's and
field's required access scopes (\`offline_scopes\`).

It is the single source for the simulator's schema and scope checks (\`scripts/simulator/\`) and for
the generated operation types (\`app/shopify/generated/\`). Do not edit it: change the API version in
\`app/shopify/schema/source.ts\` and run the script again.
`;
}
