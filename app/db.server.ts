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

// Prisma's codes for a database it cannot reach, lost mid-query, or whose pool is exhausted.
const UNAVAILABLE_PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
// The driver adapter's error kinds for the same, and PostgreSQL's SQLSTATE classes for a server
// shutting down or starting (57P01-57P03), a lost connection (08xxx) and too many connections (53300).
const UNAVAILABLE_ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
const UNAVAILABLE_SQLSTATE = /^(57P0[123]|08...|53300)$/;
const UNAVAILABLE_SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN"]);

/**
 * True when an error means the database is unreachable for now (down, restarting, out of
 * connections), as opposed to a bug or bad data: such a request can succeed if tried again.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; typeof current === "object" && current !== null && depth < 5; depth++) {
    const candidate = current as { code?: unknown; kind?: unknown; meta?: { driverAdapterError?: { cause?: unknown } }; cause?: unknown; name?: string };
    if (candidate.name === "PrismaClientInitializationError") return true;
    if (typeof candidate.code === "string" && (UNAVAILABLE_PRISMA_CODES.has(candidate.code) || UNAVAILABLE_SOCKET_CODES.has(candidate.code))) return true;
    if (typeof candidate.kind === "string" && UNAVAILABLE_ADAPTER_KINDS.has(candidate.kind)) return true;
    if (candidate.kind === "postgres" && typeof candidate.code === "string" && UNAVAILABLE_SQLSTATE.test(candidate.code)) return true;
    current = candidate.meta?.driverAdapterError?.cause ?? candidate.meta?.driverAdapterError ?? candidate.cause;
  }
  return false;
}
