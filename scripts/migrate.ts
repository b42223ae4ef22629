// `npm run db:migrate`: applies the committed migrations to DATABASE_URL (SQLite or PostgreSQL)
// without Prisma's native engine; `prisma migrate deploy` works on the same files and history.
import { applyMigrations } from "../app/db/migrate.server";

const databaseUrl = process.env.DATABASE_URL || "file:./prisma/dev.sqlite";
const applied = await applyMigrations(databaseUrl, { log: (line) => console.log(line) });
const target = databaseUrl.replace(/\/\/[^@/]*@/, "//"); // keep credentials out of logs
console.log(
  applied.length === 0
    ? `No pending migrations for ${target}.`
    : `Applied ${applied.length} migration(s) to ${target}: ${applied.join(", ")}`,
);
