import type { LoaderFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { requireAdmin } from "../shopify.server";
import { dataRequestDownload } from "../privacy/data-request.server";

// GET /app/privacy/:id: a customer data request's document as a JSON file, for the shop that
// received the request only (another shop's id is not found).
export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const download = await dataRequestDownload(db, shop, params.id ?? "");
  if (download.status === "not_found") return Response.json({ error: "No such data request." }, { status: 404 });
  if (download.status === "pending") return Response.json({ error: "This data request is still being prepared." }, { status: 409 });
  return new Response(download.document, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${download.filename}"`,
      "Cache-Control": "no-store",
    },
  });
};
