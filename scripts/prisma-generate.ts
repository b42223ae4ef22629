// Generates the Prisma clients for both providers. prisma/schema.prisma (SQLite) is
// the single source; the PostgreSQL schema is derived from it so the models never drift.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";

export const SQLITE_SCHEMA = "prisma/schema.prisma";
export const POSTGRES_SCHEMA = "prisma/postgresql/schema.prisma";

export function derivePostgresSchema(sqliteSchema: string): string {
  const header = "// GENERATED from ../schema.prisma by `npm run prisma:generate`. Edit that file, not this one.\n";
  return (
    header +
    sqliteSchema
      .replace('provider = "sqlite"', 'provider = "postgresql"')
      .replace(
        'provider = "prisma-client-js"',
        'provider = "prisma-client-js"\n  output   = "../../node_modules/.prisma/client-postgresql"',
      )
  );
}

function main() {
  mkdirSync("prisma/postgresql", { recursive: true });
  writeFileSync(POSTGRES_SCHEMA, derivePostgresSchema(readFileSync(SQLITE_SCHEMA, "utf8")));
  // generate never uses the schema engine; pointing it at /bin/false keeps it from downloading one.
  const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: "/bin/false" };
  for (const schema of [SQLITE_SCHEMA, POSTGRES_SCHEMA]) {
    execFileSync("npx", ["prisma", "generate", "--schema", schema], { stdio: "inherit", env });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main();
