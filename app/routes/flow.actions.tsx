import type { ActionFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { runFlowAction } from "../flow/actions.server";
import { publicRoute } from "../security/public-route.server";
import { requireFlowAction } from "../shopify.server";

// Shopify Flow sends every action of the app here (runtime_url in extensions/flow-*/): the request
// is verified (a bad signature is answered 401 before anything is written), the action named by its
// handle runs once per action_run_id, and the answer tells Flow whether it is done (200) or failed
// for good (4XX). A database outage is a 503, which Flow retries.
export const action = publicRoute(async ({ request }: ActionFunctionArgs) => {
  const { shop, payload } = await requireFlowAction(request);
  const result = await runFlowAction(db, shop, payload, new Date());
  return Response.json({ message: result.message }, { status: result.status, headers: { "Cache-Control": "no-store" } });
});

export const loader = () => Response.json({ error: "Flow actions are sent with POST" }, { status: 405, headers: { Allow: "POST" } });
