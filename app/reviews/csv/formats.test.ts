import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { reviewContentHash, normaliseReviewBody } from "./content-hash";
import { parseCsv } from "./csv";
import {
  detectFormat,
  EXPECTED_HEADERS,
  explainUnknownFormat,
  mapRow,
  parseSourceDate,
  type MapRowResult,
  type ReviewImportFormat,
} from "./formats";

const NOW = new Date("2026-01-01T00:00:00Z");
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");

/** Maps every record of a file: line → result. */
function mapFile(format: ReviewImportFormat, csv: string): Map<number, MapRowResult> {
  const [header, ...rows] = parseCsv(csv);
  const results = new Map<number, MapRowResult>();
  for (const row of rows) {
    const record = Object.fromEntries(header!.cells.map((name, index) => [name, row.cells[index] ?? ""]));
    results.set(row.line, mapRow(format, record, { now: NOW }));
  }
  return results;
}

const ok = (result: MapRowResult | undefined) => {
  if (!result?.ok) throw new Error(`expected a review, got ${JSON.stringify(result)}`);
  return result.review;
};
const failure = (result: MapRowResult | undefined) => {
  if (!result || result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result)}`);
  return result;
};

describe("detectFormat", () => {
  it("recognises both vendors' documented headers", () => {
    expect(detectFormat(EXPECTED_HEADERS.judgeme)).toBe("judgeme");
    expect(detectFormat(EXPECTED_HEADERS.okendo)).toBe("okendo");
    expect(detectFormat(parseCsv(fixture("judgeme-export.csv"))[0]!.cells)).toBe("judgeme");
    expect(detectFormat(parseCsv(fixture("okendo-export.csv"))[0]!.cells)).toBe("okendo");
  });

  it("accepts header names in any case and common spellings", () => {
    expect(detectFormat(["Title", "Body", "Rating", "Review Date", "Curated", "Reviewer Name", "Product Handle"])).toBe("judgeme");
    expect(detectFormat(["review_title", "body", "rating", "review_date", "product_id"])).toBe("judgeme");
    // Okendo's export / API naming.
    expect(
      detectFormat([
        "reviewId",
        "productId",
        "rating",
        "title",
        "body",
        "reviewer.name",
        "reviewer.displayName",
        "reviewer.email",
        "dateCreated",
        "status",
      ]),
    ).toBe("okendo");
    expect(detectFormat(["Review ID", "Product ID", "Rating", "Title", "Body", "Reviewer Name", "Date Created", "Status"])).toBe("okendo");
  });

  it("returns null for other files and for a recognised export missing a needed column", () => {
    expect(detectFormat(["email", "first_name"])).toBeNull();
    expect(detectFormat(["rating", "body", "product_id"])).toBeNull(); // nothing tells the vendors apart
    expect(detectFormat(["title", "body", "review_date", "curated", "product_handle"])).toBeNull(); // no rating
    expect(explainUnknownFormat(["title", "body", "review_date", "curated", "product_handle"])).toMatch(
      /Judge\.me export, but it has no rating column/,
    );
    const message = explainUnknownFormat(["email", "first_name"]);
    expect(message).toContain("found: email, first_name");
    expect(message).toContain("review_date, source, curated, reviewer_name");
    expect(message).toContain("dateCreated");
  });
});

describe("mapRow: Judge.me export", () => {
  const results = mapFile("judgeme", fixture("judgeme-export.csv"));

  it("maps a published review with reply and photos; the numeric product id wins over the handle", () => {
    expect(ok(results.get(2))).toEqual({
      productRef: "1001",
      rating: 5,
      title: "Lovely soap",
      body: "Smells of olive groves, lathers well.",
      authorName: "Eleni Papadaki",
      authorEmail: "eleni@example.com",
      createdAt: new Date("2025-03-02T10:12:00Z"),
      status: "published",
      reply: "Thank you Eleni!",
      repliedAt: new Date("2025-03-03T09:00:00Z"),
      photoUrls: ["https://judgeme.imgix.net/demo/a.jpg", "https://judgeme.imgix.net/demo/b.jpg"],
      locale: "en",
    });
  });

  it("keeps a quoted body with commas, quotes and line breaks; not-yet curated → pending; dd/mm/yyyy", () => {
    const review = ok(results.get(3));
    expect(review).toMatchObject({
      productRef: "ceramic-mug",
      title: 'Mug, "heavy" edition',
      body: 'Great mug, really.\nIt holds 400 ml, keeps tea "hot",\nand survived the dishwasher.',
      status: "pending",
      authorEmail: null,
      reply: null,
      createdAt: new Date("2025-03-02T00:00:00Z"),
      photoUrls: [],
    });
  });

  it("reports each bad row on the line where it starts", () => {
    expect(failure(results.get(6)).message).toBe('rating must be a whole number from 1 to 5 (got "7")');
    expect(failure(results.get(7)).message).toBe("body is empty: a review needs a body");
    expect(failure(results.get(8)).message).toMatch(/^no product: product_id or product_handle is empty/);
    expect(failure(results.get(9)).message).toBe('review_date "yesterday" is not a date (expected YYYY-MM-DD, ISO 8601 or dd/mm/yyyy)');
    expect(failure(results.get(10)).message).toBe('picture_urls: only http and https photo URLs are accepted (got "javascript:alert(1)")');
    expect(failure(results.get(11))).toEqual({ ok: false, skipped: true, message: "skipped: marked as spam in Judge.me" });
    expect(ok(results.get(12)).productRef).toBe("discontinued-thing"); // found or not is the importer's question
    expect(ok(results.get(13)).body).toBe("=1+1 is what this tea costs me each morning");
    expect([...results.keys()]).toEqual([2, 3, 6, 7, 8, 9, 10, 11, 12, 13]);
  });

  it("takes a hidden review as pending and reads a product URL when there is no id or handle", () => {
    const review = ok(
      mapRow(
        "judgeme",
        { body: "Fine", rating: "5", curated: "ok", hidden: "true", product_url: "https://shop.example/products/Linen-Tote-Bag?variant=1" },
        { now: NOW },
      ),
    );
    expect(review).toMatchObject({ status: "pending", productRef: "linen-tote-bag", authorName: "Anonymous", createdAt: null });
  });
});

describe("mapRow: Okendo export", () => {
  const results = mapFile("okendo", fixture("okendo-export.csv"));

  it("maps an approved review; the source's verified-buyer flag does not carry over", () => {
    const review = ok(results.get(2));
    expect(review).toEqual({
      productRef: "1004",
      rating: 5,
      title: "Best towel",
      body: "Soft, thick and dries fast.",
      authorName: "Tim C.",
      authorEmail: "tim@example.com",
      createdAt: new Date("2025-01-15T08:30:00Z"),
      status: "published",
      reply: "Glad you like it!",
      repliedAt: new Date("2025-01-16T10:00:00Z"),
      photoUrls: ["https://d3hw6dc1ow8pp2.cloudfront.net/demo/towel.jpg"],
      locale: "en",
    });
    expect(review).not.toHaveProperty("verified");
  });

  it("keeps a private reply out and leaves a pending review pending", () => {
    expect(ok(results.get(3))).toMatchObject({
      productRef: "scented-candle",
      status: "pending",
      reply: null,
      repliedAt: null,
      body: 'Burns evenly, the "fig" scent is subtle.',
    });
  });

  it("skips rejected reviews and reports invalid rows", () => {
    expect(failure(results.get(4))).toEqual({ ok: false, skipped: true, message: "skipped: rejected in Okendo" });
    expect(failure(results.get(5)).message).toBe('rating must be a whole number from 1 to 5 (got "4.5")');
    expect(failure(results.get(6)).message).toBe("the product is identified by SKU only: add the productId or handle column to this row");
    expect(failure(results.get(7)).message).toBe('dateCreated "03/04/2025" could be day/month or month/day: write it as YYYY-MM-DD');
  });

  it("reads Okendo's API-style columns: shopify-<id>, reviewer.*, JSON media, isApproved", () => {
    const review = ok(
      mapRow(
        "okendo",
        {
          reviewId: "r1",
          productId: "shopify-123456789",
          rating: "4.0",
          body: "Good",
          "reviewer.displayName": "Tim C.",
          "reviewer.email": "not-an-email",
          dateCreated: "2025-08-16T04:57:25.934Z",
          isApproved: "true",
          media: JSON.stringify([
            { type: "image", fullSizeUrl: "https://cdn.example/full.jpg" },
            { type: "video", fullSizeUrl: "https://cdn.example/video.mp4" },
            { type: "image", fullSizeUrl: "https://cdn.example/hidden.jpg", isHidden: true },
          ]),
          locale: "pt_br",
        },
        { now: NOW },
      ),
    );
    expect(review).toMatchObject({
      productRef: "123456789",
      rating: 4,
      authorName: "Tim C.",
      authorEmail: null,
      status: "published",
      createdAt: new Date("2025-08-16T04:57:25.934Z"),
      photoUrls: ["https://cdn.example/full.jpg"],
      locale: "pt-BR",
    });
  });
});

describe("field rules", () => {
  const base = { body: "Nice", rating: "5", product_handle: "mug" };
  const judgeme = (extra: Record<string, string>) => mapRow("judgeme", { ...base, ...extra }, { now: NOW });

  it("product references: GID, numeric id, handle; spreadsheet-rounded ids are explained", () => {
    expect(ok(judgeme({ product_id: "gid://shopify/Product/42" })).productRef).toBe("gid://shopify/Product/42");
    expect(ok(judgeme({ product_id: " 42 " })).productRef).toBe("42");
    expect(ok(judgeme({ product_handle: "Ceramic-Mug" })).productRef).toBe("ceramic-mug");
    expect(failure(judgeme({ product_id: "7.01235E+12" })).message).toMatch(/rounded by a spreadsheet/);
    expect(failure(judgeme({ product_id: "gid://shopify/Order/1" })).message).toMatch(/is not a Shopify product id/);
    expect(failure(judgeme({ product_handle: "bad handle/with slash" })).message).toMatch(/is not a product handle/);
  });

  it("ratings are whole numbers from 1 to 5", () => {
    expect(ok(judgeme({ rating: "1" })).rating).toBe(1);
    expect(ok(judgeme({ rating: " 5.0 " })).rating).toBe(5);
    for (const bad of ["0", "6", "-1", "4.5", "five", "1e0"])
      expect(failure(judgeme({ rating: bad })).message).toMatch(/whole number from 1 to 5/);
    expect(failure(judgeme({ rating: "" })).message).toMatch(/rating is empty/);
  });

  it("photo URLs: http(s) only, duplicates dropped, at most 5", () => {
    const urls = Array.from({ length: 7 }, (_, i) => `https://cdn.example/${i}.jpg`);
    expect(ok(judgeme({ picture_urls: [urls[0], ...urls].join(", ") })).photoUrls).toEqual(urls.slice(0, 5));
    expect(ok(judgeme({ picture_urls: "http://cdn.example/a.jpg\nhttps://cdn.example/b.jpg" })).photoUrls).toHaveLength(2);
    expect(failure(judgeme({ picture_urls: "data:image/png;base64,AAAA" })).message).toMatch(/only http and https/);
    expect(failure(judgeme({ picture_urls: "ftp://cdn.example/a.jpg" })).message).toMatch(/only http and https/);
    expect(failure(judgeme({ picture_urls: "not a url" })).message).toMatch(/is not a URL/);
    expect(failure(judgeme({ picture_urls: "https://user:pw@cdn.example/a.jpg" })).message).toMatch(/credentials/);
  });

  it("dates: future and impossible dates are refused; a bad reply date too", () => {
    expect(failure(judgeme({ review_date: "2031-01-01" })).message).toMatch(/is in the future/);
    expect(failure(judgeme({ review_date: "2025-02-30" })).message).toMatch(/is not a date/);
    expect(failure(judgeme({ reply: "Thanks", reply_date: "soon" })).message).toMatch(/^reply_date "soon" is not a date/);
    expect(ok(judgeme({ reply: "Thanks" })).repliedAt).toBeNull();
  });

  it("bodies and titles are trimmed, line endings unified, control characters dropped", () => {
    const review = ok(judgeme({ body: "  Line one\r\nLine\u0000 two\r  ", title: "  A   title\n" }));
    expect(review.body).toBe("Line one\nLine two");
    expect(review.title).toBe("A title");
    expect(failure(judgeme({ body: "x".repeat(10_001) })).message).toMatch(/longer than 10000/);
  });
});

describe("parseSourceDate", () => {
  it("reads the formats review exports use", () => {
    const cases: [string, string][] = [
      ["2025-03-02", "2025-03-02T00:00:00.000Z"],
      ["2025-03-02 10:12:00 UTC", "2025-03-02T10:12:00.000Z"],
      ["2025-03-02T10:12:00Z", "2025-03-02T10:12:00.000Z"],
      ["2025-03-02T10:12:00.5+02:00", "2025-03-02T08:12:00.500Z"],
      ["2025-03-02 10:12", "2025-03-02T10:12:00.000Z"],
      ["2025-03-02T10:12:00-0530", "2025-03-02T15:42:00.000Z"],
      ["25/03/2025", "2025-03-25T00:00:00.000Z"],
      ["03/25/2025", "2025-03-25T00:00:00.000Z"],
      ["02/03/2025 14:05", "2025-03-02T14:05:00.000Z"], // Judge.me template: dd/mm/yyyy
    ];
    for (const [text, iso] of cases) expect((parseSourceDate(text, "judgeme") as Date).toISOString(), text).toBe(iso);
    expect(parseSourceDate("02/03/2025", "okendo")).toBe("ambiguous");
    expect((parseSourceDate("03/03/2025", "okendo") as Date).toISOString()).toBe("2025-03-03T00:00:00.000Z");
    for (const bad of ["2025-13-01", "2025-02-29", "31/31/2025", "March 2nd", "1741000000", "2025-03-02T25:00:00Z"]) {
      expect(parseSourceDate(bad, "judgeme"), bad).toBeNull();
    }
  });
});

describe("reviewContentHash", () => {
  it("ignores case, punctuation and spacing", () => {
    expect(normaliseReviewBody("  Great SOAP!!  Would   buy again.\n")).toBe("great soap would buy again");
    expect(reviewContentHash("Great soap, would buy again!")).toBe(reviewContentHash("great soap would   buy again"));
    expect(reviewContentHash("Great soap")).not.toBe(reviewContentHash("Great soup"));
    expect(reviewContentHash("x")).toMatch(/^[0-9a-f]{64}$/);
  });
});
