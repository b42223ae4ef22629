import db from "../db.server";
import { publicRoute } from "../security/public-route.server";

// Load balancers and the demo poll this: the server is up and the database answers. A database
// that is down or hung is a 503 (within the database timeouts), as monitoring expects of an
// unhealthy backend, not a 500.
export const loader = publicRoute(async () => {
  await db.$queryRawUnsafe("SELECT 1");
  return Response.json({ ok: true }, { headers: { "Cache-Control": "no-store" } });
});
