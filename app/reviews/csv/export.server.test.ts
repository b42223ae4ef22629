import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import db from "../../db.server";
import { reviewContentHash } from "./content-hash";
import { parseCsv } from "./csv";
import { EXPORT_COLUMNS, exportReviewsCsv, exportReviewsCsvChunks, exportReviewsCsvStream } from "./export.server";

const newShop = () => `export-${randomUUID().slice(0, 8)}.myshopify.com`;

async function addReview(shop: string, data: { body: string; createdAt: Date } & Record<string, unknown>, photos: string[] = []) {
  return db.review.create({
    data: {
      shop,
      productId: "gid://shopify/Product/1",
      rating: 5,
      authorName: "Ann",
      source: "storefront",
      contentHash: reviewContentHash(data.body),
      ...data,
      photos: { create: photos.map((url, position) => ({ url, fileId: `gid://shopify/MediaImage/${position + 1}`, position })) },
    },
  });
}

function rowsOf(csv: string) {
  const [header, ...rows] = parseCsv(csv);
  return { header: header!.cells, rows: rows.map((row) => Object.fromEntries(header!.cells.map((name, i) => [name, row.cells[i]]))) };
}

describe("exportReviewsCsv", () => {
  it("writes the shop's reviews only, with status, verified, reply and photos, in our documented columns", async () => {
    const shop = newShop();
    await addReview(newShop(), { body: "Someone else's review", createdAt: new Date("2025-01-01T00:00:00Z") });
    const verified = await addReview(
      shop,
      {
        body: 'Lovely soap, "really".\nWould buy again.',
        title: "Lovely",
        createdAt: new Date("2025-01-02T00:00:00Z"),
        verified: true,
        verifiedBy: "review_link",
        status: "published",
        publishedAt: new Date("2025-01-02T01:00:00Z"),
        reply: "Thank you!",
        repliedAt: new Date("2025-01-03T00:00:00Z"),
        authorEmail: "ann@example.com",
        orderId: "gid://shopify/Order/9",
      },
      ["https://cdn.shopify.com/a.jpg", "https://cdn.shopify.com/b.jpg"],
    );
    const imported = await addReview(shop, {
      body: "Imported one",
      createdAt: new Date("2025-01-04T00:00:00Z"),
      source: "import",
      importedFrom: "judgeme",
      rating: 3,
      locale: "de",
    });

    const csv = await exportReviewsCsv(db, shop);
    expect(csv.startsWith("\uFEFFid,product_id,status,")).toBe(true);
    expect(csv.endsWith("\r\n")).toBe(true);
    const { header, rows } = rowsOf(csv);
    expect(header).toEqual([...EXPORT_COLUMNS]);
    expect(rows).toEqual([
      {
        id: verified.id,
        product_id: "gid://shopify/Product/1",
        status: "published",
        rating: "5",
        title: "Lovely",
        body: 'Lovely soap, "really".\nWould buy again.',
        author_name: "Ann",
        author_email: "ann@example.com",
        locale: "en",
        verified: "true",
        verified_by: "review_link",
        source: "storefront",
        imported_from: "",
        reply: "Thank you!",
        replied_at: "2025-01-03T00:00:00.000Z",
        photo_urls: "https://cdn.shopify.com/a.jpg,https://cdn.shopify.com/b.jpg",
        created_at: "2025-01-02T00:00:00.000Z",
        published_at: "2025-01-02T01:00:00.000Z",
      },
      expect.objectContaining({
        id: imported.id,
        status: "pending",
        rating: "3",
        verified: "false",
        source: "import",
        imported_from: "judgeme",
        locale: "de",
        reply: "",
        photo_urls: "",
      }),
    ]);
    expect(csv).not.toContain("Someone else's review");
  });

  it("neutralises cells a spreadsheet would run as formulas", async () => {
    const shop = newShop();
    await addReview(shop, {
      body: '=HYPERLINK("http://evil.example","click")',
      title: "+1 great",
      authorName: "@admin",
      reply: "-2 for shipping",
      createdAt: new Date("2025-02-01T00:00:00Z"),
    });
    const { rows } = rowsOf(await exportReviewsCsv(db, shop));
    expect(rows[0]).toMatchObject({
      body: '\'=HYPERLINK("http://evil.example","click")',
      title: "'+1 great",
      author_name: "'@admin",
      reply: "'-2 for shipping",
      rating: "5",
    });
  });

  it("pages through the reviews in creation order without repeating or losing any", async () => {
    const shop = newShop();
    const created = [];
    for (let i = 0; i < 7; i++) {
      // Two reviews share each timestamp, so the id breaks the tie.
      created.push(await addReview(shop, { body: `Review ${i}`, createdAt: new Date(Date.UTC(2025, 0, 1 + Math.floor(i / 2))) }));
    }
    const chunks: string[] = [];
    for await (const chunk of exportReviewsCsvChunks(db, shop, { pageSize: 2 })) chunks.push(chunk);
    expect(chunks).toHaveLength(1 + 4); // header + pages of 2, 2, 2, 1
    const expected = [...created]
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1))
      .map((review) => review.id);
    expect(rowsOf(chunks.join("")).rows.map((row) => row.id)).toEqual(expected);
    expect(await exportReviewsCsv(db, shop, { pageSize: 3 })).toBe(chunks.join(""));

    // (Response.text() would drop the BOM, so decode the bytes as they are.)
    const streamed = Buffer.from(await new Response(exportReviewsCsvStream(db, shop)).arrayBuffer()).toString("utf8");
    expect(streamed).toBe(chunks.join(""));
  });

  it("writes only the header for a shop without reviews", async () => {
    expect(await exportReviewsCsv(db, newShop())).toBe(`\uFEFF${EXPORT_COLUMNS.join(",")}\r\n`);
  });
});
