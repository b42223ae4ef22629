// Bulk rows for the benchmarks, written as multi-row INSERTs: Prisma's createMany takes
// about 80 s for 100k reviews through the driver adapter, these take a few seconds.
// Values are the benchmark's own (numbers, dates and plain strings), written as SQL literals
// both SQLite and PostgreSQL read.
type Db = import("../app/db.server").Db;

export type SqlValue = string | number | boolean | Date | null;

const ROWS_PER_STATEMENT = 1_000;

function literal(value: SqlValue): string {
  if (value === null) return "NULL";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`Cannot write ${value} to the database`);
    return String(value);
  }
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  // Prisma's own format on SQLite; PostgreSQL reads it into timestamp(3) as the same UTC time.
  if (value instanceof Date) return `'${value.toISOString().replace("Z", "+00:00")}'`;
  return `'${value.replaceAll("'", "''")}'`;
}

/** Inserts `count` rows made by `row(index)` into `table` (Prisma model name = table name). */
export async function insertRows(db: Db, table: string, count: number, row: (index: number) => Record<string, SqlValue>): Promise<void> {
  for (let offset = 0; offset < count; offset += ROWS_PER_STATEMENT) {
    const rows = Array.from({ length: Math.min(ROWS_PER_STATEMENT, count - offset) }, (_, index) => row(offset + index));
    const columns = Object.keys(rows[0]!);
    const values = rows.map((values) => `(${columns.map((column) => literal(values[column] ?? null)).join(",")})`);
    await db.$executeRawUnsafe(`INSERT INTO "${table}" (${columns.map((column) => `"${column}"`).join(",")}) VALUES ${values.join(",")}`);
  }
}
