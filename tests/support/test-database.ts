// Throwaway databases for tests: a temporary SQLite file, or, when the base URL points at
// PostgreSQL, a database created next to it. Migrated for tests of the app; empty for tests
// of the migrations themselves, which run SQL on them directly.
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
// Not db.server: importing it would create the default client before DATABASE_URL is set.
import { applyMigrations, sqlitePath } from "../../app/db/migrate.server";
import { providerOf, type DbProvider } from "../../app/db/provider";

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(baseUrl = process.env.DATABASE_URL ?? "file:"): Promise<TestDatabase> {
  const database = await createEmptyDatabase(baseUrl);
  await applyMigrations(database.url);
  return database;
}

async function createEmptyDatabase(baseUrl: string): Promise<TestDatabase> {
  const suffix = randomBytes(6).toString("hex");
  if (providerOf(baseUrl) === "sqlite") {
    const file = path.join(tmpdir(), `retention-test-${suffix}.sqlite`);
    return {
      url: `file:${file}`,
      drop: async () => {
        for (const extra of ["", "-wal", "-shm", "-journal"]) rmSync(file + extra, { force: true });
      },
    };
  }
  const name = `retention_test_${suffix}`;
  await runSql(baseUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
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
      const database = await createEmptyDatabase(baseUrl);
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
