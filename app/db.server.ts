import { PrismaClient } from "@prisma/client";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { createRequire } from "node:module";
import path from "node:path";
import { migrationProvider, type MigrationProvider } from "./db/migrate.server";

export type Db = PrismaClient;
export type DbProvider = MigrationProvider;
/** SQLite for file: URLs, PostgreSQL for postgres(ql):// URLs. */
export const providerOf = migrationProvider;

const require = createRequire(import.meta.url);

// Prisma checks that the adapter matches the schema's provider, so PostgreSQL uses
// the client generated from prisma/postgresql/schema.prisma. Both are generated from
// the same models, so they share one TypeScript type.
export function createDb(databaseUrl: string): Db {
  const provider = providerOf(databaseUrl);
  const client = provider === "sqlite" ? createSqliteClient(databaseUrl) : createPostgresClient(databaseUrl);
  providers.set(client, provider);
  return client;
}

const providers = new WeakMap<Db, DbProvider>();

/** The provider a client was created for (raw SQL differs between them). */
export function dbProvider(db: Db): DbProvider {
  const provider = providers.get(db);
  if (!provider) throw new Error("dbProvider: client was not created by createDb");
  return provider;
}

function createSqliteClient(databaseUrl: string): Db {
  return new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: databaseUrl }) });
}

function createPostgresClient(databaseUrl: string): Db {
  // Resolved next to @prisma/client so it works from app/ and from the built server alike.
  const postgresClientDir = path.join(path.dirname(require.resolve("@prisma/client")), "../../.prisma/client-postgresql");
  const { PrismaClient: PostgresClient } = require(postgresClientDir) as {
    PrismaClient: typeof PrismaClient;
  };
  return new PostgresClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
}

export function databaseUrl(): string {
  return process.env.DATABASE_URL || "file:./prisma/dev.sqlite";
}

declare global {
  // Survives Remix dev-server reloads so we do not open a new pool per edit.
  var __db: Db | undefined;
}

const db: Db = globalThis.__db ?? createDb(databaseUrl());
if (process.env.NODE_ENV !== "production") globalThis.__db = db;

export default db;

export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}
