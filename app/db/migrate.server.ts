// Applies the committed Prisma migrations without Prisma's native schema engine (it cannot be
// downloaded offline). Rows in `_prisma_migrations` are written exactly as `prisma migrate deploy`
// writes them, so either tool can take over a database the other one migrated.
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sha256 } from "../lib/hash.server";
import Database from "better-sqlite3";
import pg from "pg";
import { providerOf, type DbProvider } from "./provider";

export interface Migration {
  /** Directory name, e.g. `20250101120000_init`. */
  name: string;
  sql: string;
  /** Lowercase hex SHA-256 of migration.sql, as Prisma computes it. */
  checksum: string;
}

interface AppliedRow {
  name: string;
  checksum: string;
  finished: boolean;
  rolledBack: boolean;
  logs: string | null;
}

/** The connection-specific half of the runner. */
interface MigrationStore {
  /** Creates `_prisma_migrations` when missing; on PostgreSQL also takes the migrate lock. */
  open(): Promise<void>;
  appliedRows(): Promise<AppliedRow[]>;
  /** Runs the script and records its row in one transaction; false if another runner recorded it first. */
  apply(migration: Migration): Promise<boolean>;
  close(): Promise<void>;
}

/** The directory holding package.json, found from this file so the cwd does not matter (also from build/). */
export function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, "package.json"))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("No package.json above app/db/migrate.server.ts");
    dir = parent;
  }
  return dir;
}

export function migrationsDir(provider: DbProvider): string {
  const prismaDir = path.join(projectRoot(), "prisma");
  return provider === "sqlite" ? path.join(prismaDir, "migrations") : path.join(prismaDir, "postgresql", "migrations");
}

export const LOCK_FILE = "migration_lock.toml";

/** The committed migrations for a provider, oldest first (Prisma orders them by directory name). */
export function readMigrations(provider: DbProvider): Migration[] {
  const dir = migrationsDir(provider);
  if (!existsSync(dir)) return [];
  const lockFile = path.join(dir, LOCK_FILE);
  if (existsSync(lockFile)) {
    const locked = /^provider\s*=\s*"([^"]+)"/m.exec(readFileSync(lockFile, "utf8"))?.[1];
    if (locked !== provider) {
      throw new Error(`${lockFile} is for provider "${locked}", but these migrations are run on ${provider}.`);
    }
  }
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const file = path.join(dir, name, "migration.sql");
      if (!existsSync(file)) throw new Error(`Migration directory ${name} has no migration.sql (${file})`);
      const bytes = readFileSync(file);
      return { name, sql: bytes.toString("utf8"), checksum: sha256(bytes) };
    });
}

/**
 * Applies pending migrations for the provider the URL names, each in its own transaction, and
 * returns the names applied. Refuses to run when an applied migration's file has changed or when
 * a previous `prisma migrate deploy` left a failed migration behind.
 */
export async function applyMigrations(databaseUrl: string, options: { log?: (line: string) => void } = {}): Promise<string[]> {
  const provider = providerOf(databaseUrl);
  const migrations = readMigrations(provider);
  const store = provider === "sqlite" ? sqliteStore(databaseUrl) : postgresStore(databaseUrl);
  try {
    await store.open();
    const rows = (await store.appliedRows()).filter((row) => !row.rolledBack);
    checkHistory(migrations, rows);
    const appliedBefore = new Set(rows.map((row) => row.name));
    const applied: string[] = [];
    for (const migration of migrations.filter((m) => !appliedBefore.has(m.name))) {
      options.log?.(`Applying migration ${migration.name}`);
      let recorded: boolean;
      try {
        recorded = await store.apply(migration);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(`Migration ${migration.name} failed and was rolled back: ${reason}`, { cause: error });
      }
      if (recorded) applied.push(migration.name);
    }
    return applied;
  } finally {
    await store.close();
  }
}

function checkHistory(migrations: Migration[], rows: AppliedRow[]): void {
  const failed = rows.filter((row) => !row.finished);
  if (failed.length > 0) {
    const details = failed.map((row) => `- ${row.name}${row.logs ? `: ${row.logs.trim()}` : ""}`).join("\n");
    throw new Error(
      `Failed migrations in the database; new migrations will not be applied until they are resolved ` +
        `(prisma migrate resolve --rolled-back <name>, after fixing the database):\n${details}`,
    );
  }
  const byName = new Map(migrations.map((m) => [m.name, m]));
  const edited = rows.filter((row) => {
    const migration = byName.get(row.name);
    return migration !== undefined && !matchesChecksum(migration.sql, row.checksum);
  });
  if (edited.length > 0) {
    throw new Error(
      `Migrations changed after they were applied (checksum of migration.sql differs from _prisma_migrations): ` +
        `${edited.map((row) => row.name).join(", ")}. Restore the committed files and put the change in a new migration.`,
    );
  }
}

// Prisma accepts a file whose line endings git converted (CRLF <-> LF); so do we.
function matchesChecksum(sql: string, checksum: string): boolean {
  return [sql, sql.replaceAll("\r\n", "\n"), sql.replaceAll("\n", "\r\n")].some((text) => sha256(text) === checksum);
}

// Prisma's own DDL for the history table (sql-schema-connector, sqlite and postgres flavours).
const SQLITE_MIGRATIONS_TABLE = `CREATE TABLE "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
);
`;

const POSTGRES_MIGRATIONS_TABLE = `CREATE TABLE _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
);
`;

// The row a successful `prisma migrate deploy` leaves: finished, one step, no logs.
// Parameters in order: id, checksum, finished_at, migration_name, started_at.
function insertFinishedRow(placeholder: (position: number) => string): string {
  const [id, checksum, finishedAt, name, startedAt] = [1, 2, 3, 4, 5].map(placeholder);
  return `INSERT INTO _prisma_migrations
    (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
    VALUES (${id}, ${checksum}, ${finishedAt}, ${name}, NULL, NULL, ${startedAt}, 1)`;
}

const SELECT_ROWS = `SELECT migration_name, checksum, finished_at, rolled_back_at, logs FROM _prisma_migrations ORDER BY started_at`;

interface RawRow {
  migration_name: string;
  checksum: string;
  finished_at: unknown;
  rolled_back_at: unknown;
  logs: string | null;
}

function toAppliedRow(row: RawRow): AppliedRow {
  return {
    name: row.migration_name,
    checksum: row.checksum,
    finished: row.finished_at !== null,
    rolledBack: row.rolled_back_at !== null,
    logs: row.logs,
  };
}

/** `file:./x.sqlite` is relative to the working directory, as Prisma and the app's adapter read it. */
export function sqlitePath(databaseUrl: string): string {
  return path.resolve(databaseUrl.slice("file:".length).split("?")[0]);
}

function sqliteStore(databaseUrl: string): MigrationStore {
  const file = sqlitePath(databaseUrl);
  mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  // Prisma's table redefinitions (copy, DROP TABLE, rename) switch foreign keys off themselves,
  // but that PRAGMA is a no-op inside our transaction; off for the connection, checked before commit.
  db.pragma("foreign_keys = OFF");

  return {
    async open() {
      db.transaction(() => {
        const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get();
        if (!exists) db.exec(SQLITE_MIGRATIONS_TABLE);
      }).immediate();
    },
    async appliedRows() {
      return db.prepare<[], RawRow>(SELECT_ROWS).all().map(toAppliedRow);
    },
    async apply(migration) {
      // BEGIN IMMEDIATE takes the write lock first, so a second process waits here and then sees our row.
      return db
        .transaction(() => {
          const recorded = db
            .prepare("SELECT 1 FROM _prisma_migrations WHERE migration_name = ? AND rolled_back_at IS NULL")
            .get(migration.name);
          if (recorded) return false;
          const startedAt = Date.now();
          db.exec(migration.sql);
          const violations = db.pragma("foreign_key_check") as unknown[];
          if (violations.length > 0) {
            throw new Error(`Migration ${migration.name} leaves ${violations.length} foreign key violation(s)`);
          }
          // Prisma stores SQLite DateTimes as Unix milliseconds.
          db.prepare(insertFinishedRow(() => "?")).run(randomUUID(), migration.checksum, Date.now(), migration.name, startedAt);
          return true;
        })
        .immediate();
    },
    async close() {
      db.close();
    },
  };
}

// The key `prisma migrate` itself locks on, so this runner and Prisma's exclude each other too.
const PRISMA_MIGRATE_LOCK = 72707369;

function postgresStore(databaseUrl: string): MigrationStore {
  // One session for everything: the advisory lock belongs to the connection that took it.
  const client = new pg.Client({ connectionString: databaseUrl });
  let connected = false;

  return {
    async open() {
      await client.connect();
      connected = true;
      await client.query("SELECT pg_advisory_lock($1)", [PRISMA_MIGRATE_LOCK]);
      const { rows } = await client.query<{ exists: boolean }>("SELECT to_regclass('_prisma_migrations') IS NOT NULL AS exists");
      if (!rows[0].exists) await client.query(POSTGRES_MIGRATIONS_TABLE);
    },
    async appliedRows() {
      return (await client.query<RawRow>(SELECT_ROWS)).rows.map(toAppliedRow);
    },
    async apply(migration) {
      const startedAt = new Date();
      await client.query("BEGIN");
      try {
        // No parameters: the simple query protocol runs a multi-statement script.
        await client.query(migration.sql);
        await client.query(
          insertFinishedRow((position) => `$${position}`),
          [randomUUID(), migration.checksum, new Date(), migration.name, startedAt],
        );
        await client.query("COMMIT");
        return true;
      } catch (error) {
        await client.query("ROLLBACK");
        throw error;
      }
    },
    async close() {
      // Ending the session releases the advisory lock.
      if (connected) await client.end();
    },
  };
}
