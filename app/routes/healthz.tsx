import db from "../db.server";

// Load balancers and the demo poll this: the server is up and the database answers.
export const loader = async () => {
  await db.$queryRawUnsafe("SELECT 1");
  return Response.json({ ok: true }, { headers: { "Cache-Control": "no-store" } });
};
