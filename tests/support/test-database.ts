// A fresh, migrated database for one test file: a temporary SQLite file, or, when
// DATABASE_URL points at PostgreSQL, a throwaway database created next to it.
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
// Not db.server: importing it would create the default client before DATABASE_URL is set.
import { applyMigrations } from "../../app/db/migrate.server";
import { providerOf } from "../../app/db/provider";

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(baseUrl = process.env.DATABASE_URL ?? "file:"): Promise<TestDatabase> {
  const suffix = randomBytes(6).toString("hex");
  if (providerOf(baseUrl) === "sqlite") {
    const file = path.join(tmpdir(), `retention-test-${suffix}.sqlite`);
    const url = `file:${file}`;
    await applyMigrations(url);
    return {
      url,
      drop: async () => {
        for (const extra of ["", "-wal", "-shm", "-journal"]) rmSync(file + extra, { force: true });
      },
    };
  }
  const name = `retention_test_${suffix}`;
  await adminQuery(baseUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  await applyMigrations(url.toString());
  return {
    url: url.toString(),
    drop: () => adminQuery(baseUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

async function adminQuery(baseUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
