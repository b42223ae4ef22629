// SQLite connections compile each SQL text once and run it again with other arguments
// (reuseCompiledStatements in app/db.server.ts).
import Database from "better-sqlite3";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../tests/support/test-database";
import { createDb, STATEMENT_CACHE_SIZE, type Db } from "../db.server";

let database: TestDatabase | undefined;
let db: Db | undefined;

afterEach(async () => {
  vi.restoreAllMocks();
  await db?.$disconnect();
  await database?.drop();
  db = database = undefined;
});

async function sqliteDb(): Promise<{ db: Db; compiled: (sqlPart: string) => number }> {
  // Spied before the client connects: the cache binds the compile function it finds then.
  const prepare = vi.spyOn(Database.prototype, "prepare");
  database = await createTestDatabase("file:");
  db = createDb(database.url);
  await db.$queryRaw`SELECT 1`;
  const compiled = (sqlPart: string) => prepare.mock.calls.filter(([sql]) => sql.includes(sqlPart)).length;
  return { db, compiled };
}

describe("SQLite statements", () => {
  it("are compiled once and run with each call's own arguments", async () => {
    const { db, compiled } = await sqliteDb();
    const shops = ["a.myshopify.com", "b.myshopify.com", "c.myshopify.com"];
    for (const shop of shops) await db.shop.create({ data: { domain: shop, name: shop } });

    for (const shop of shops) {
      expect(await db.shop.findUnique({ where: { domain: shop }, select: { domain: true } })).toEqual({ domain: shop });
    }
    expect(await db.shop.findUnique({ where: { domain: "missing.myshopify.com" }, select: { domain: true } })).toBeNull();
    expect(compiled("INSERT INTO `main`.`Shop`")).toBe(1);
    expect(compiled("FROM `main`.`Shop` WHERE")).toBe(1);
  });

  it("keep working in transactions, after a failed statement, and past the cache's size", async () => {
    const { db } = await sqliteDb();
    await db.$transaction([db.shop.create({ data: { domain: "a.myshopify.com", name: "a" } })]);
    await expect(db.shop.create({ data: { domain: "a.myshopify.com", name: "a" } })).rejects.toMatchObject({ code: "P2002" });
    await db.shop.create({ data: { domain: "b.myshopify.com", name: "b" } });

    // More distinct statements than the cache holds: the oldest are dropped and compiled again.
    for (let n = 0; n <= STATEMENT_CACHE_SIZE; n++) {
      expect(await db.$queryRawUnsafe<{ n: bigint }[]>(`SELECT ${n} AS n`)).toEqual([{ n: BigInt(n) }]);
    }
    expect(await db.shop.count()).toBe(2);
  });
});
