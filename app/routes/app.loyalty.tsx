import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireAdmin } from "../shopify.server";
import { EmptyPage } from "../components/EmptyPage";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  await requireAdmin(request);
  return null;
};

export default function LoyaltyPage() {
  return (
    <EmptyPage
      title="Loyalty"
      heading="No points issued yet"
      body="Customers earn points on paid orders and redeem them for discount codes. Balances and the ledger appear here."
    />
  );
}
