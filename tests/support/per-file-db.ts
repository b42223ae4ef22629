// Runs before each test file: gives the file its own database, so files can run in
// parallel and workers in one file never claim another file's jobs.
import { afterAll } from "vitest";
import { createTestDatabase } from "./test-database";

const database = await createTestDatabase();
process.env.DATABASE_URL = database.url;

afterAll(async () => {
  const db = globalThis.__db;
  await db?.$disconnect();
  await database.drop();
});
