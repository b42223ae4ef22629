// Finding jobs by what their payload says. Prisma's JSON filters match one path at a time and
// spell paths differently on SQLite and PostgreSQL; tests look for a fragment of the JSON text.
import type { Job, Prisma } from "@prisma/client";
import type { Db } from "../../app/db.server";

/** The jobs matching `where` whose payload, written as JSON, contains `text`. */
export async function jobsMentioning(db: Db, where: Prisma.JobWhereInput, text: string): Promise<Job[]> {
  const jobs = await db.job.findMany({ where, orderBy: [{ runAt: "asc" }, { createdAt: "asc" }] });
  return jobs.filter((job) => JSON.stringify(job.payload).includes(text));
}
