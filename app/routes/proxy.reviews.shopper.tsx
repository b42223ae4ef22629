import type { LoaderFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { env } from "../config.server";
import { requireAppProxy } from "../shopify.server";
import { helpfulState, ShopperStateQuery, voterKey } from "../reviews/helpful-votes.server";
import { writeAccess } from "../reviews/storefront-submission.server";
import { clientIp } from "../security/rate-limit.server";
import { publicRoute } from "../security/public-route.server";
import { privateJson } from "../lib/private-responses";

// GET /apps/retention/reviews/shopper?product_id=…&ids=…: what the reviews block shows this
// shopper before they do anything. `write`: "form", "login" (a guest where anonymous reviews are
// off) or "already_reviewed" (the signed customer has reviewed the product); `helpful`: current
// counts of the reviews on screen; `voted`: those of them the shopper found helpful.
export const loader = publicRoute(async ({ request }: LoaderFunctionArgs) => {
  const { shop, customerId, query: params } = await requireAppProxy(request);
  const query = ShopperStateQuery.safeParse(Object.fromEntries(params));
  if (!query.success) return privateJson({ error: query.error.issues[0]!.message }, 400);
  const { product_id, ids } = query.data;
  const voter = voterKey(
    { customerId, ip: clientIp(request), userAgent: request.headers.get("user-agent") ?? "" },
    env().SHOPIFY_API_SECRET,
  );
  const [write, helpful] = await Promise.all([writeAccess(db, shop, product_id, customerId), helpfulState(db, shop, ids, voter)]);
  return privateJson({ write, helpful: helpful.counts, voted: helpful.voted });
});
