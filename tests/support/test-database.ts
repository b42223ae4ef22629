// Throwaway databases for tests: a temporary SQLite file, or, when the base URL points at
// PostgreSQL, a database created next to it. Migrated for tests of the app (copied from a
// template migrated once per set of migrations); empty for tests of the migrations themselves,
// which run SQL on them directly.
import { createHash, randomBytes } from "node:crypto";
import { copyFileSync, existsSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
// Not db.server: importing it would create the default client before DATABASE_URL is set.
import { applyMigrations, readMigrations, sqlitePath } from "../../app/db/migrate.server";
import { providerOf, type DbProvider } from "../../app/db/provider";

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * A new database with every migration applied. It is a copy of a template database migrated
 * once for this set of migrations: each test file gets its own database, and running the
 * migrations for each of them took most of the PostgreSQL suite's setup time.
 */
export async function createTestDatabase(baseUrl = process.env.DATABASE_URL ?? "file:"): Promise<TestDatabase> {
  return newDatabase(baseUrl, await migratedTemplate(baseUrl));
}

/** The template's name: it changes with any migration, so an edited one is never copied stale. */
function templateName(provider: DbProvider): string {
  const hash = createHash("sha256");
  for (const migration of readMigrations(provider)) hash.update(`${migration.name}:${migration.checksum}\n`);
  return `retention_template_${hash.digest("hex").slice(0, 16)}`;
}

/** Marks a PostgreSQL template whose migrations all ran: one left half-built by a killed run is built again. */
const TEMPLATE_COMPLETE = "migrated";
/** The advisory lock that lets one parallel test worker at a time build the PostgreSQL template. */
const TEMPLATE_LOCK = "hashtext('retention test template')";

/** The migrated template for this base URL, built on first use (SQLite: a file; PostgreSQL: a database). */
async function migratedTemplate(baseUrl: string): Promise<string> {
  const provider = providerOf(baseUrl);
  const name = templateName(provider);
  if (provider === "sqlite") {
    const file = path.join(tmpdir(), `${name}.sqlite`);
    if (existsSync(file)) return file;
    // Built under a name of its own and renamed into place: a file at the final name is complete.
    const building = path.join(tmpdir(), `${name}-${randomBytes(6).toString("hex")}.sqlite`);
    await applyMigrations(`file:${building}`);
    withSqlite(`file:${building}`, (sqlite) => sqlite.pragma("wal_checkpoint(TRUNCATE)"));
    renameSync(building, file);
    return file;
  }
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  try {
    // One builder at a time across the parallel test workers; the others wait, then copy.
    await client.query(`SELECT pg_advisory_lock(${TEMPLATE_LOCK})`);
    const { rows } = await client.query<{ note: string | null }>(
      "SELECT shobj_description(oid, 'pg_database') AS note FROM pg_database WHERE datname = $1",
      [name],
    );
    if (rows[0]?.note !== TEMPLATE_COMPLETE) {
      // Templates of earlier migrations go too: they would only pile up on the server.
      const { rows: stale } = await client.query<{ datname: string }>(
        "SELECT datname FROM pg_database WHERE datname LIKE 'retention\\_template\\_%'",
      );
      for (const { datname } of stale) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      await client.query(`CREATE DATABASE "${name}"`);
      await applyMigrations(databaseUrlFor(baseUrl, name));
      await client.query(`COMMENT ON DATABASE "${name}" IS '${TEMPLATE_COMPLETE}'`);
    }
    return name;
  } finally {
    await client.query(`SELECT pg_advisory_unlock(${TEMPLATE_LOCK})`).catch(() => undefined);
    await client.end();
  }
}

const databaseUrlFor = (baseUrl: string, name: string) => {
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
};

/** A new database: empty, or a copy of `template` (a SQLite file, a PostgreSQL database's name). */
async function newDatabase(baseUrl: string, template?: string): Promise<TestDatabase> {
  const suffix = randomBytes(6).toString("hex");
  if (providerOf(baseUrl) === "sqlite") {
    const file = path.join(tmpdir(), `retention-test-${suffix}.sqlite`);
    if (template) copyFileSync(template, file);
    return {
      url: `file:${file}`,
      drop: async () => {
        for (const extra of ["", "-wal", "-shm", "-journal"]) rmSync(file + extra, { force: true });
      },
    };
  }
  const name = `retention_test_${suffix}`;
  await runSql(baseUrl, `CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ""}`);
  return {
    url: databaseUrlFor(baseUrl, name),
    drop: () => runSql(baseUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

export interface MigrationTarget {
  provider: DbProvider;
  /** URL of a new database with no tables, not even the migrations' history. */
  createEmpty(): Promise<string>;
}

/**
 * Where tests of the migrations run: SQLite always, and PostgreSQL too when DATABASE_URL points
 * there (npm run test:pg). The databases they create are dropped by dropAll, for the test file's afterAll.
 */
export function migrationTargets(): { targets: MigrationTarget[]; dropAll(): Promise<void> } {
  const created: TestDatabase[] = [];
  const target = (provider: DbProvider, baseUrl: string): MigrationTarget => ({
    provider,
    async createEmpty() {
      const database = await newDatabase(baseUrl);
      created.push(database);
      return database.url;
    },
  });
  const serverUrl = process.env.DATABASE_URL ?? "file:";
  return {
    targets: [target("sqlite", "file:"), ...(providerOf(serverUrl) === "postgresql" ? [target("postgresql", serverUrl)] : [])],
    async dropAll() {
      for (const database of created.splice(0)) await database.drop();
    },
  };
}

/** Runs SQL, one statement or several, straight on the database at url, past Prisma. */
export async function runSql(url: string, sql: string): Promise<void> {
  if (providerOf(url) === "sqlite") return withSqlite(url, (sqlite) => void sqlite.exec(sql));
  await pgQuery(url, sql);
}

/** The rows one query returns, read straight from the database at url. */
export async function selectRows(url: string, sql: string): Promise<Record<string, unknown>[]> {
  if (providerOf(url) === "sqlite") return withSqlite(url, (sqlite) => sqlite.prepare(sql).all() as Record<string, unknown>[]);
  return (await pgQuery(url, sql)).rows;
}

function withSqlite<T>(url: string, work: (sqlite: Database.Database) => T): T {
  const sqlite = new Database(sqlitePath(url));
  try {
    return work(sqlite);
  } finally {
    sqlite.close();
  }
}

async function pgQuery(url: string, sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}
