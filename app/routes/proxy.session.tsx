import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireAppProxy } from "../shopify.server";
import { publicRoute } from "../security/public-route.server";
import { privateJson } from "../lib/private-responses";

// GET /apps/retention/session: whether the shopper is logged in, as Shopify signed it.
// Storefront widgets use it to choose between member and guest views.
export const loader = publicRoute(async ({ request }: LoaderFunctionArgs) => {
  const { customerId } = await requireAppProxy(request);
  return privateJson({ loggedIn: customerId !== null });
});
