import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireAdmin } from "../shopify.server";
import { EmptyPage } from "../components/EmptyPage";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  await requireAdmin(request);
  return null;
};

export default function FreeshippingPage() {
  return (
    <EmptyPage
      title="Free shipping"
      heading="No free-shipping threshold yet"
      body="Set a threshold per market and currency; checkout applies it and the storefront bar shows shoppers how close they are."
    />
  );
}
