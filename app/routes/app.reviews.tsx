import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireAdmin } from "../shopify.server";
import { EmptyPage } from "../components/EmptyPage";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  await requireAdmin(request);
  return null;
};

export default function ReviewsPage() {
  return (
    <EmptyPage
      title="Reviews"
      heading="No reviews yet"
      body="Reviews from verified buyers appear here for moderation once review requests go out or shoppers write one on your storefront."
    />
  );
}
