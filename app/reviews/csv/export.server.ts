// The shop's reviews as CSV, for backup, analysis or moving to another app.
//
// Columns (one review per row, oldest first):
//   id              our review id
//   product_id      Shopify Product GID
//   status          pending | published | rejected
//   rating          1..5
//   title, body     as written (line breaks kept inside quoted cells)
//   author_name     the name shown on the storefront
//   author_email    may be empty
//   locale          e.g. en, de, pt-BR
//   verified        true | false (a purchase we confirmed)
//   verified_by     review_link | customer_order | empty
//   source          request_email | storefront | import
//   imported_from   judgeme | okendo | empty
//   reply           the merchant's public reply, may be empty
//   replied_at      ISO 8601 UTC, may be empty
//   photo_urls      up to 5 URLs separated by commas
//   created_at, published_at   ISO 8601 UTC
//
// Text cells that a spreadsheet would evaluate (starting with = + - @) are prefixed with an
// apostrophe: review text comes from shoppers. The file starts with a UTF-8 BOM so Excel reads
// accents correctly, and uses CRLF line endings (RFC 4180).
import type { Db } from "../../db.server";
import { formatCsvRow, type CsvCell } from "./csv";

export const EXPORT_COLUMNS = [
  "id",
  "product_id",
  "status",
  "rating",
  "title",
  "body",
  "author_name",
  "author_email",
  "locale",
  "verified",
  "verified_by",
  "source",
  "imported_from",
  "reply",
  "replied_at",
  "photo_urls",
  "created_at",
  "published_at",
] as const;

export const EXPORT_PAGE_SIZE = 1000;

const EOL = "\r\n";
const BOM = "\uFEFF";
const WRITE_OPTIONS = { neutraliseFormulas: true } as const;

/**
 * The export in pieces: the header, then one string per page of up to `pageSize` reviews.
 * Suitable for a streamed response; memory use does not grow with the number of reviews.
 */
export async function* exportReviewsCsvChunks(
  db: Db,
  shop: string,
  { pageSize = EXPORT_PAGE_SIZE }: { pageSize?: number } = {},
): AsyncGenerator<string> {
  yield BOM + formatCsvRow(EXPORT_COLUMNS, WRITE_OPTIONS) + EOL;
  let cursor: string | undefined;
  for (;;) {
    const page = await db.review.findMany({
      where: { shop },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: pageSize,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      include: { photos: { orderBy: { position: "asc" }, select: { url: true } } },
    });
    if (page.length === 0) return;
    yield page
      .map((review) => {
        const cells: CsvCell[] = [
          review.id,
          review.productId,
          review.status,
          review.rating,
          review.title,
          review.body,
          review.authorName,
          review.authorEmail,
          review.locale,
          review.verified,
          review.verifiedBy,
          review.source,
          review.importedFrom,
          review.reply,
          review.repliedAt,
          review.photos.map((photo) => photo.url).join(","),
          review.createdAt,
          review.publishedAt,
        ];
        return formatCsvRow(cells, WRITE_OPTIONS) + EOL;
      })
      .join("");
    if (page.length < pageSize) return;
    cursor = page[page.length - 1]!.id;
  }
}

/** The whole export as one string. */
export async function exportReviewsCsv(db: Db, shop: string, options: { pageSize?: number } = {}): Promise<string> {
  let csv = "";
  for await (const chunk of exportReviewsCsvChunks(db, shop, options)) csv += chunk;
  return csv;
}

/** A streamed download (for a Remix loader): `new Response(exportReviewsCsvStream(db, shop), { headers })`. */
export function exportReviewsCsvStream(db: Db, shop: string): ReadableStream<Uint8Array> {
  const chunks = exportReviewsCsvChunks(db, shop);
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}
