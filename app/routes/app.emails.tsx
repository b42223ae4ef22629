import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireAdmin } from "../shopify.server";
import { EmptyPage } from "../components/EmptyPage";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  await requireAdmin(request);
  return null;
};

export default function EmailsPage() {
  return (
    <EmptyPage
      title="Emails"
      heading="No emails sent yet"
      body="Thank-you notes and review requests are sent after orders are paid, fulfilled and delivered. Their log appears here."
    />
  );
}
