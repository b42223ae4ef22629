// Runs against a temporary SQLite file, and also against PostgreSQL when DATABASE_URL points there
// (npm run test:pg); each test gets its own throwaway database so nothing collides with other files.
import { createHash, randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { migrationTargets, runSql, selectRows } from "../../tests/support/test-database";
import { applyMigrations, migrationsDir, projectRoot } from "./migrate.server";
import type { DbProvider } from "./provider";

const { targets, dropAll } = migrationTargets();
afterAll(dropAll);

const TABLES_SQL: Record<DbProvider, string> = {
  sqlite: "SELECT name FROM sqlite_master WHERE type = 'table'",
  postgresql: "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'",
};

/** What is committed, read independently of the runner. */
function committed(provider: DbProvider): { name: string; checksum: string }[] {
  const dir = migrationsDir(provider);
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => ({
      name,
      checksum: createHash("sha256")
        .update(readFileSync(path.join(dir, name, "migration.sql")))
        .digest("hex"),
    }));
}

const models = [...readFileSync(path.join(projectRoot(), "prisma/schema.prisma"), "utf8").matchAll(/^model (\w+) \{/gm)].map(
  (match) => match[1],
);

describe.each(targets)("applyMigrations on $provider", (target) => {
  const migrations = committed(target.provider);

  it("creates every model's table and records each migration as Prisma does", async () => {
    expect(migrations.length).toBeGreaterThan(0);
    const url = await target.createEmpty();

    expect(await applyMigrations(url)).toEqual(migrations.map((m) => m.name));

    const tables = (await selectRows(url, TABLES_SQL[target.provider])).map((row) => row.name);
    expect(tables).toEqual(expect.arrayContaining([...models, "_prisma_migrations"]));

    const rows = await selectRows(
      url,
      `SELECT id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count
       FROM _prisma_migrations ORDER BY migration_name`,
    );
    expect(rows.map((row) => ({ name: row.migration_name, checksum: row.checksum }))).toEqual(migrations);
    for (const row of rows) {
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(row).toMatchObject({ logs: null, rolled_back_at: null, applied_steps_count: 1 });
      expect(row.started_at).not.toBeNull();
      expect(row.finished_at).not.toBeNull();
    }
  });

  it("applies nothing the second time", async () => {
    const url = await target.createEmpty();
    await applyMigrations(url);
    expect(await applyMigrations(url)).toEqual([]);
  });

  it("applies each migration once when two runners start together", async () => {
    const url = await target.createEmpty();
    const results = await Promise.all([applyMigrations(url), applyMigrations(url)]);
    expect(results.flat().sort()).toEqual(migrations.map((m) => m.name));
    const [{ count }] = await selectRows(url, "SELECT COUNT(*) AS count FROM _prisma_migrations");
    expect(Number(count)).toBe(migrations.length);
  });

  it("refuses to run when an applied migration's checksum no longer matches its file", async () => {
    const url = await target.createEmpty();
    await applyMigrations(url);
    const first = migrations[0].name;
    await runSql(url, `UPDATE _prisma_migrations SET checksum = '${"0".repeat(64)}' WHERE migration_name = '${first}'`);
    await expect(applyMigrations(url)).rejects.toThrow(new RegExp(`changed after they were applied.*${first}`));
  });

  it("refuses to run over a failed migration that prisma migrate deploy left behind", async () => {
    const url = await target.createEmpty();
    await applyMigrations(url);
    await runSql(
      url,
      `INSERT INTO _prisma_migrations (id, checksum, migration_name, logs, started_at, applied_steps_count)
       VALUES ('${randomUUID()}', '${"1".repeat(64)}', '99990101000000_broken', 'syntax error', CURRENT_TIMESTAMP, 0)`,
    );
    await expect(applyMigrations(url)).rejects.toThrow(/Failed migrations[\s\S]*99990101000000_broken: syntax error/);
  });
});
