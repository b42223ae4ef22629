// From-state: the engine's migrations-directory source needs a shadow DB via the JS adapters and fails there (better-sqlite3: multi-statement scripts; adapter-pg: "char" columns).
// So our runner applies the committed migrations to a scratch DB (temp SQLite file / throwaway PostgreSQL database) and the engine diffs that DB to the schema.
// With no migrations yet the diff starts from empty; nothing besides Prisma's own migration files is stored.
//
// Usage: npm run db:new-migration -- <name>   (SCRATCH_POSTGRES_URL: server for the throwaway database,
// default postgresql://postgres@127.0.0.1:5432/postgres; only needed once PostgreSQL migrations exist)
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory, type SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import * as engineBindings from "@prisma/schema-engine-wasm/schema_engine_bg";
import type { DiffTarget, SchemaContainer } from "@prisma/schema-engine-wasm/schema_engine_bg";
import pg from "pg";
import { applyMigrations, LOCK_FILE, migrationsDir, projectRoot, readMigrations } from "../app/db/migrate.server";
import type { DbProvider } from "../app/db/provider";
import { derivePostgresSchema, POSTGRES_SCHEMA, SQLITE_SCHEMA } from "./prisma-generate";

const PROVIDERS: DbProvider[] = ["sqlite", "postgresql"];
const DEFAULT_SCRATCH_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

/** Instantiates the engine by hand: the package's default entry imports the .wasm as an ES module, which Node cannot. */
async function loadSchemaEngine(): Promise<typeof engineBindings.SchemaEngine> {
  const require = createRequire(import.meta.url);
  const bindingsFile = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  const wasm = readFileSync(path.join(path.dirname(bindingsFile), "schema_engine_bg.wasm"));
  // The module imports its JS glue under this name; the glue in turn needs the instance's exports.
  const { instance } = await WebAssembly.instantiate(wasm, {
    "./schema_engine_bg.js": engineBindings as unknown as WebAssembly.ModuleImports,
  });
  engineBindings.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return engineBindings.SchemaEngine;
}

async function diff(
  SchemaEngine: typeof engineBindings.SchemaEngine,
  adapter: SqlMigrationAwareDriverAdapterFactory,
  from: DiffTarget,
  schema: SchemaContainer,
): Promise<string | null> {
  // The callback receives the engine's tracing lines; failures arrive as rejected promises instead.
  const engine = await SchemaEngine.new({ datamodels: undefined }, () => {}, bindMigrationAwareSqlAdapterFactory(adapter));
  try {
    const result = await engine.diff({
      from,
      to: { tag: "schemaDatamodel", files: [schema] },
      script: true,
      exitCode: true, // 2 when there are changes, as with `prisma migrate diff --exit-code`
      filters: { externalTables: [], externalEnums: [] },
    });
    return result.exitCode === 2 ? result.stdout : null;
  } finally {
    engine.free();
  }
}

/** The SQL taking the database from the committed migrations to `schema`, or null when nothing changed. */
async function migrationScript(
  SchemaEngine: typeof engineBindings.SchemaEngine,
  provider: DbProvider,
  schema: SchemaContainer,
): Promise<string | null> {
  if (readMigrations(provider).length === 0) {
    // Empty-to-datamodel touches no database and takes its dialect from the schema, but the engine
    // still wants an adapter (a PostgreSQL one would connect at once): an in-memory SQLite one will do.
    return diff(SchemaEngine, new PrismaBetterSqlite3({ url: ":memory:" }), { tag: "empty" }, schema);
  }
  const from: DiffTarget = { tag: "schemaDatasource", configDir: path.join(projectRoot(), "prisma"), files: [schema] };
  return withMigratedScratchDatabase(provider, (adapter) => diff(SchemaEngine, adapter, from, schema));
}

/** Runs `run` with an adapter on a throwaway database holding every committed migration. */
async function withMigratedScratchDatabase<T>(
  provider: DbProvider,
  run: (adapter: SqlMigrationAwareDriverAdapterFactory) => Promise<T>,
): Promise<T> {
  if (provider === "sqlite") {
    const dir = mkdtempSync(path.join(tmpdir(), "new-migration-"));
    const file = path.join(dir, "scratch.sqlite");
    try {
      await applyMigrations(`file:${file}`);
      return await run(new PrismaBetterSqlite3({ url: file }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  const serverUrl = process.env.SCRATCH_POSTGRES_URL || DEFAULT_SCRATCH_POSTGRES_URL;
  const name = `new_migration_${randomBytes(6).toString("hex")}`;
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await adminQuery(serverUrl, `CREATE DATABASE "${name}"`);
  const pool = charAsTextPool(url.toString());
  try {
    await applyMigrations(url.toString());
    return await run(new PrismaPg(pool));
  } finally {
    await pool.end();
    await adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  }
}

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

/**
 * adapter-pg 7.10 throws on columns of PostgreSQL's one-byte "char" type, which the engine's
 * describer selects from pg_catalog (pg_constraint.contype); they are plain text to it.
 */
function charAsTextPool(connectionString: string): pg.Pool {
  const pool = new pg.Pool({ connectionString });
  const query = pool.query.bind(pool) as (config: pg.QueryConfig) => Promise<pg.QueryResult>;
  const patched = async (config: pg.QueryConfig) => {
    const result = await query(config);
    for (const field of result.fields) if (field.dataTypeID === PG_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
    return result;
  };
  pool.query = patched as typeof pool.query;
  return pool;
}

async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Prisma's directory names: UTC YYYYMMDDHHMMSS, then the name slugified with underscores. */
function migrationDirectoryName(name: string, now: Date): string | null {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 200);
  if (!slug) return null;
  const timestamp = now.toISOString().replace(/[-:T]/g, "").slice(0, 14);
  return `${timestamp}_${slug}`;
}

function writeMigration(provider: DbProvider, directoryName: string, script: string): string {
  const dir = migrationsDir(provider);
  mkdirSync(path.join(dir, directoryName), { recursive: true });
  const file = path.join(dir, directoryName, "migration.sql");
  writeFileSync(file, script, { flag: "wx" });
  // Prisma rewrites the lock file with every new migration; same text as its own.
  writeFileSync(
    path.join(dir, LOCK_FILE),
    `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "${provider}"\n`,
  );
  return file;
}

async function main(): Promise<void> {
  const directoryName = migrationDirectoryName(process.argv[2] ?? "", new Date());
  if (!directoryName) {
    console.error("Usage: npm run db:new-migration -- <name>");
    process.exitCode = 1;
    return;
  }
  for (const provider of PROVIDERS) {
    const latest = readMigrations(provider).at(-1)?.name;
    if (latest && latest >= directoryName) {
      throw new Error(`${directoryName} would not sort after the latest ${provider} migration ${latest}`);
    }
  }

  const root = projectRoot();
  const sqliteSchema = readFileSync(path.join(root, SQLITE_SCHEMA), "utf8");
  // The PostgreSQL schema is derived in memory, so a stale generated file cannot skew the diff.
  const schemas: Record<DbProvider, SchemaContainer> = {
    sqlite: { path: SQLITE_SCHEMA, content: sqliteSchema },
    postgresql: { path: POSTGRES_SCHEMA, content: derivePostgresSchema(sqliteSchema) },
  };

  const SchemaEngine = await loadSchemaEngine();
  // Both scripts first: a failure for one provider must not leave the other's migration behind.
  const scripts = new Map<DbProvider, string | null>();
  for (const provider of PROVIDERS) scripts.set(provider, await migrationScript(SchemaEngine, provider, schemas[provider]));

  for (const [provider, script] of scripts) {
    if (script === null) {
      console.log(`${provider}: no schema changes since the last migration; nothing written.`);
    } else {
      console.log(`${provider}: wrote ${path.relative(root, writeMigration(provider, directoryName, script))}`);
    }
  }
}

await main();
