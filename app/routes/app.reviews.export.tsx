import type { LoaderFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { requireAdmin } from "../shopify.server";
import { exportReviewsCsvStream } from "../reviews/csv/export.server";

// GET /app/reviews/export: every review of the shop as CSV, streamed page by page.
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const date = new Date().toISOString().slice(0, 10);
  return new Response(exportReviewsCsvStream(db, shop), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="reviews-${date}.csv"`,
      "Cache-Control": "no-store",
    },
  });
};
