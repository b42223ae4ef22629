import { PrismaClient, type Prisma } from "@prisma/client";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type {
  IsolationLevel,
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
  SqlQuery,
  Transaction,
} from "@prisma/driver-adapter-utils";
import pg from "pg";
import { createRequire } from "node:module";
import path from "node:path";
import { parseDatabaseEnv } from "./config.server";
import { providerOf, type DbProvider } from "./db/provider";

export type Db = PrismaClient;

const require = createRequire(import.meta.url);

/** How long the database may keep a request waiting (see DATABASE_* in app/config.server.ts). */
export interface DbTimeouts {
  /** PostgreSQL: opening a connection, or waiting for a free one in the pool. */
  connectTimeoutMs: number;
  /** PostgreSQL: one query (the server cancels it; QUERY_GRACE_MS later the client gives up on the server). */
  queryTimeoutMs: number;
  /** SQLite: how long a write waits for another process's lock. */
  sqliteBusyTimeoutMs: number;
}

/** The timeouts configured for this process (defaults when nothing is set). */
export function configuredTimeouts(): DbTimeouts {
  const config = parseDatabaseEnv(process.env);
  return {
    connectTimeoutMs: config.DATABASE_CONNECT_TIMEOUT_MS,
    queryTimeoutMs: config.DATABASE_QUERY_TIMEOUT_MS,
    sqliteBusyTimeoutMs: config.SQLITE_BUSY_TIMEOUT_MS,
  };
}

// Prisma checks that the adapter matches the schema's provider, so PostgreSQL uses
// the client generated from prisma/postgresql/schema.prisma. Both are generated from
// the same models, so they share one TypeScript type.
export function createDb(databaseUrl: string, timeouts: DbTimeouts = configuredTimeouts()): Db {
  const provider = providerOf(databaseUrl);
  const { client, reader } =
    provider === "sqlite" ? createSqliteClient(databaseUrl, timeouts) : createPostgresClient(databaseUrl, timeouts);
  providers.set(client, provider);
  readers.set(client, reader);
  return client;
}

const providers = new WeakMap<Db, DbProvider>();

/** Runs a SELECT on the driver under a client (see readRows). */
type RowReader = (query: Prisma.Sql) => Promise<Record<string, unknown>[]>;
const readers = new WeakMap<Db, RowReader>();

/**
 * Runs one SELECT on the database driver under Prisma, for the storefront's busiest read (a page
 * of reviews, app/reviews/storefront-reviews.server.ts). Prisma's raw queries wrap each value of
 * a result in a tagged value and unwrap it again: for 21 rows of 10 columns that was 100 µs, most
 * of the request's own work (bench/proxy-throughput.ts). Everything else goes through Prisma.
 *
 * Arguments are written as Prisma writes them (dates as SQLite's adapter stores them, booleans as
 * 0/1 on SQLite). Rows come back as the driver reads them, except that SQLite's BOOLEAN columns
 * become booleans: select plain columns and text, not DateTime columns (PostgreSQL would give a
 * Date, SQLite text) or 64-bit integers. Outside any transaction; errors are the driver's own,
 * which isDatabaseUnavailable recognises as well as Prisma's.
 */
export function readRows<Row>(db: Db, query: Prisma.Sql): Promise<Row[]> {
  const reader = readers.get(db);
  if (!reader) throw new Error("readRows: client was not created by createDb");
  return reader(query) as Promise<Row[]>;
}

/** The provider a client was created for (raw SQL differs between them). */
export function dbProvider(db: Db): DbProvider {
  const provider = providers.get(db);
  if (!provider) throw new Error("dbProvider: client was not created by createDb");
  return provider;
}

const PRISMA_DEFAULT_MAX_WAIT_MS = 2000;

function createSqliteClient(databaseUrl: string, timeouts: DbTimeouts): { client: Db; reader: RowReader } {
  // better-sqlite3's `timeout` is SQLite's busy timeout: a write waits this long for another
  // process (the worker) to finish its transaction instead of failing with SQLITE_BUSY.
  const adapter = new SqliteWriteTransactions(new PrismaBetterSqlite3({ url: databaseUrl, timeout: timeouts.sqliteBusyTimeoutMs }));
  // Starting a transaction now includes waiting for another process's lock (BEGIN IMMEDIATE, up
  // to the busy timeout), on top of Prisma's 2 s default for waiting on the transactions ahead
  // of it in this process (they share the one connection).
  const client = new PrismaClient({ adapter, transactionOptions: { maxWait: PRISMA_DEFAULT_MAX_WAIT_MS + timeouts.sqliteBusyTimeoutMs } });
  const reader: RowReader = async (query) => {
    // The adapter's own connection (opened by Prisma on first use), as Prisma's queries outside a transaction use it.
    if (!adapter.statements) await client.$connect();
    const statement = adapter.statements!(query.sql);
    // Plain numbers, not the BigInts the adapter sets for its own reads (and gets back after).
    let values: unknown[][];
    try {
      values = statement.safeIntegers(false).raw(true).all(query.values.map(sqliteArgument)) as unknown[][];
    } finally {
      statement.safeIntegers(true);
    }
    // Rows as arrays, made objects here: better-sqlite3 building the objects itself cost twice as much.
    const columns = columnsOf(statement);
    const rows = values.map((row) => {
      const named: Record<string, unknown> = {};
      for (let n = 0; n < columns.length; n++) named[columns[n]!.name] = columns[n]!.type === "BOOLEAN" ? row[n] === 1 : row[n];
      return named;
    });
    return rows;
  };
  return { client, reader };
}

/** An argument as the adapter writes it: its iso8601 text for dates (so they compare with stored ones), 0/1 for booleans. */
function sqliteArgument(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString().replace("Z", "+00:00");
  if (typeof value === "boolean") return value ? 1 : 0;
  if (value === null || ["string", "number", "bigint"].includes(typeof value)) return value;
  throw new Error(`readRows: cannot pass ${Object.prototype.toString.call(value)} to SQLite`);
}

function createPostgresClient(databaseUrl: string, timeouts: DbTimeouts): { client: Db; reader: RowReader } {
  // Resolved next to @prisma/client so it works from app/ and from the built server alike.
  const postgresClientDir = path.join(path.dirname(require.resolve("@prisma/client")), "../../.prisma/client-postgresql");
  const { PrismaClient: PostgresClient } = require(postgresClientDir) as {
    PrismaClient: typeof PrismaClient;
  };
  // One pool for Prisma and readRows; Prisma ends it on $disconnect.
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    // A server that accepts connections but never answers must not hold a request: connecting
    // (and waiting for a pooled connection) fails after connectTimeoutMs, a query is cancelled
    // by the server after queryTimeoutMs, and abandoned by the client QUERY_GRACE_MS later.
    connectionTimeoutMillis: timeouts.connectTimeoutMs,
    idleTimeoutMillis: POOL_IDLE_MS,
    statement_timeout: timeouts.queryTimeoutMs,
    query_timeout: timeouts.queryTimeoutMs + QUERY_GRACE_MS,
    Client: DeadlineClient,
  });
  const client = new PostgresClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  const reader: RowReader = async (query) => (await pool.query({ text: query.text, values: query.values.map(postgresArgument) })).rows;
  return { client, reader };
}

/**
 * Dates as UTC text: the app's timestamp columns have no time zone and hold UTC (as Prisma writes
 * them), and PostgreSQL ignores the zone written in such a value, where pg would send local time.
 */
function postgresArgument(value: unknown): unknown {
  return value instanceof Date ? value.toISOString() : value;
}

/**
 * How long an unused pooled connection stays open. pg's default, 10 s, made the first webhooks
 * after a quiet spell wait for new PostgreSQL connections (40–56 ms each at the start of every
 * round of \`npm run bench webhook-ingestion\`; its p99 went from 66 to 32 ms with the pool kept).
 * Five minutes keeps the pool between bursts and still hands an idle server's connections back.
 */
const POOL_IDLE_MS = 5 * 60_000;

/** Time PostgreSQL gets to answer its own statement_timeout before the client stops waiting. */
const QUERY_GRACE_MS = 1000;
/** pg's error when query_timeout passes (pg gives it no code). */
const QUERY_DEADLINE_MESSAGE = "Query read timeout";

/**
 * A pg client that ends its connection once a query went unanswered past query_timeout. By then
 * the server did not even answer its own statement_timeout: it is hung or gone. Left open, the
 * connection keeps the lost query as its active one, and the transaction's ROLLBACK (or the next
 * query on it) would wait out the whole deadline again behind it.
 */
class DeadlineClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    const query = this.query.bind(this) as (...args: unknown[]) => unknown;
    const endOnDeadline = (error: unknown) => {
      if (error instanceof Error && error.message === QUERY_DEADLINE_MESSAGE) this.end().catch(() => undefined);
    };
    // pg's query() answers through a callback (pg-pool's pool.query) or a promise (the adapter's transactions).
    this.query = ((...args: unknown[]) => {
      const callback = args.at(-1);
      if (typeof callback === "function") {
        args[args.length - 1] = (error: unknown, result: unknown) => {
          if (error) endOnDeadline(error);
          callback(error, result);
        };
        return query(...args);
      }
      const result = query(...args);
      if (result instanceof Promise) result.catch(endOnDeadline);
      return result;
    }) as pg.Client["query"];
  }
}

/**
 * The better-sqlite3 adapter with write transactions: BEGIN IMMEDIATE instead of the adapter's
 * BEGIN, and the database in WAL mode.
 *
 * With a deferred BEGIN a transaction that reads and then writes (most of the app's) asks for
 * the write lock only at its first write; when another process (the worker) wrote in between,
 * SQLite answers SQLITE_BUSY at once, without waiting the busy timeout, since waiting could
 * deadlock. BEGIN IMMEDIATE takes the write lock first, waiting up to the busy timeout.
 * WAL lets reads go on while another process writes.
 *
 * The adapter has one connection per client, so a process's transactions run one at a time
 * (as in the adapter itself); queries outside a transaction share the connection.
 */
class SqliteWriteTransactions implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = "sqlite";
  readonly adapterName: string;

  constructor(private readonly factory: PrismaBetterSqlite3) {
    this.adapterName = factory.adapterName;
  }

  /** The open connection's compiled statements, by SQL text (for readRows); unset until Prisma connects. */
  statements?: (sql: string) => Statement;

  async connect(): Promise<SqlDriverAdapter> {
    const connection = await this.factory.connect();
    this.statements = reuseCompiledStatements(connection);
    // Persistent in the database file; every connection asks again so any database gets it.
    await connection.executeScript("PRAGMA journal_mode = WAL");
    return withImmediateTransactions(connection);
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    return withImmediateTransactions(await this.factory.connectToShadowDb());
  }
}

/** Compiled statements kept per connection: the app's queries come from a few hundred shapes. */
export const STATEMENT_CACHE_SIZE = 500;

type Statement = import("better-sqlite3").Statement<unknown[]>;

/**
 * The adapter prepares (compiles) every statement it runs, then binds the arguments to it for
 * good, so it cannot run it again. Compiling is a third of a storefront review page's database
 * time (bench/proxy-throughput.ts), so its connection gets a prepare() that hands out one
 * compiled statement per SQL text, with the arguments kept beside it until it runs. better-sqlite3
 * runs a statement synchronously, so no two callers use one at the same time.
 * The adapter keeps its better-sqlite3 connection in `client` (adapter 7.10); a version without
 * it fails here, at connect, rather than running uncached.
 */
function reuseCompiledStatements(connection: SqlDriverAdapter): (sql: string) => Statement {
  const client = (connection as unknown as { client?: import("better-sqlite3").Database }).client;
  if (typeof client?.prepare !== "function") throw new Error("The better-sqlite3 adapter no longer exposes its connection as `client`");
  const compile = client.prepare.bind(client) as (sql: string) => Statement;
  const compiled = new Map<string, Statement>();
  const statementFor = (sql: string) => {
    let statement = compiled.get(sql);
    if (!statement) {
      // Dropping the oldest keeps the cache bounded; a dropped shape is compiled again when next used.
      if (compiled.size >= STATEMENT_CACHE_SIZE) compiled.delete(compiled.keys().next().value!);
      statement = compile(sql);
      compiled.set(sql, statement);
    }
    return statement;
  };
  client.prepare = ((sql: string) => reusable(statementFor(sql))) as typeof client.prepare;
  return statementFor;
}

/**
 * A statement's result columns, read once: the adapter asks for them on every query, and
 * better-sqlite3 builds them afresh each time (13 µs for a storefront page of reviews' ten).
 * They cannot change while the schema stands, and the schema changes only in migrations, before
 * the app connects.
 */
const resultColumns = new WeakMap<Statement, ReturnType<Statement["columns"]>>();

function columnsOf(statement: Statement): ReturnType<Statement["columns"]> {
  let columns = resultColumns.get(statement);
  if (!columns) resultColumns.set(statement, (columns = statement.columns()));
  return columns;
}

/** What the adapter calls on a prepared statement, with the arguments applied when it runs. */
function reusable(statement: Statement) {
  let args: unknown[] = [];
  const bound = {
    reader: statement.reader,
    bind(values: unknown[]) {
      args = values;
      return bound;
    },
    columns: () => columnsOf(statement),
    raw: () => ({ all: () => statement.raw(true).all(args) }),
    run: () => statement.run(args),
  };
  return bound;
}

function withImmediateTransactions(connection: SqlDriverAdapter): SqlDriverAdapter {
  let queue: Promise<void> = Promise.resolve();
  const run = (sql: string) => connection.executeRaw({ sql, args: [], argTypes: [] });
  return {
    provider: connection.provider,
    adapterName: connection.adapterName,
    queryRaw: (query: SqlQuery) => connection.queryRaw(query),
    executeRaw: (query: SqlQuery) => connection.executeRaw(query),
    executeScript: (script: string) => connection.executeScript(script),
    dispose: () => connection.dispose(),
    async startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
      // SQLite transactions are serializable; the adapter refuses any other level the same way.
      if (isolationLevel && isolationLevel !== "SERIALIZABLE") return connection.startTransaction(isolationLevel);
      // One transaction at a time on the connection: wait for the one before to end.
      const previous = queue;
      let release!: () => void;
      queue = new Promise((resolve) => (release = resolve));
      await previous;
      try {
        await run("BEGIN IMMEDIATE");
      } catch (error) {
        release();
        throw error;
      }
      return {
        provider: connection.provider,
        adapterName: connection.adapterName,
        // Prisma sends COMMIT and ROLLBACK itself, then calls commit() or rollback().
        options: { usePhantomQuery: false },
        queryRaw: (query: SqlQuery) => connection.queryRaw(query),
        executeRaw: (query: SqlQuery) => connection.executeRaw(query),
        commit: async () => release(),
        rollback: async () => release(),
        createSavepoint: async (name: string) => void (await run(`SAVEPOINT ${name}`)),
        rollbackToSavepoint: async (name: string) => void (await run(`ROLLBACK TO ${name}`)),
        releaseSavepoint: async (name: string) => void (await run(`RELEASE SAVEPOINT ${name}`)),
      };
    },
  };
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
// The driver adapter's error kinds for the same (SocketTimeout is also SQLite's "database is
// locked" after the busy timeout), and PostgreSQL's SQLSTATE classes for a server shutting down
// or starting (57P01-57P03), a statement cancelled by statement_timeout (57014), a lost
// connection (08xxx) and too many connections (53300).
const UNAVAILABLE_ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
const UNAVAILABLE_SQLSTATE = /^(57P0[123]|57014|08...|53300)$/;
const UNAVAILABLE_SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN"]);
// pg's errors without a code, which the adapter passes on as they are: connecting timed out,
// no pooled connection came free in time, a query outlived query_timeout, the connection was
// cut or is already dead.
const UNAVAILABLE_PG_MESSAGES = new Set([
  "Connection terminated due to connection timeout",
  "timeout exceeded when trying to connect",
  QUERY_DEADLINE_MESSAGE,
  "Connection terminated unexpectedly",
  "Client has encountered a connection error and is not queryable",
]);
// Prisma's P2028 when no connection could start the transaction within maxWait (P2028 is also
// every other transaction API error, such as a transaction used after it ended: those are bugs).
const TRANSACTION_START_TIMEOUT = "Unable to start a transaction in the given time.";

/**
 * True when an error means the database is unreachable for now (down, restarting, hung, out of
 * connections), as opposed to a bug or bad data: such a request can succeed if tried again.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; typeof current === "object" && current !== null && depth < 5; depth++) {
    const candidate = current as {
      code?: unknown;
      kind?: unknown;
      message?: unknown;
      meta?: { driverAdapterError?: { cause?: unknown } };
      cause?: unknown;
      name?: string;
      severity?: unknown;
    };
    if (candidate.name === "PrismaClientInitializationError") return true;
    if (
      typeof candidate.code === "string" &&
      (UNAVAILABLE_PRISMA_CODES.has(candidate.code) || UNAVAILABLE_SOCKET_CODES.has(candidate.code))
    )
      return true;
    if (typeof candidate.kind === "string" && UNAVAILABLE_ADAPTER_KINDS.has(candidate.kind)) return true;
    // The adapter's PostgreSQL error, or pg's own (readRows), which carries a severity.
    const fromPostgres = candidate.kind === "postgres" || typeof candidate.severity === "string";
    if (fromPostgres && typeof candidate.code === "string" && UNAVAILABLE_SQLSTATE.test(candidate.code)) return true;
    if (typeof candidate.message === "string") {
      if (candidate.code === undefined && UNAVAILABLE_PG_MESSAGES.has(candidate.message)) return true;
      if (candidate.code === "P2028" && candidate.message.includes(TRANSACTION_START_TIMEOUT)) return true;
    }
    current = candidate.meta?.driverAdapterError?.cause ?? candidate.meta?.driverAdapterError ?? candidate.cause;
  }
  return false;
}
