import { describe, expect, it } from "vitest";
import { parseReviewPageForm } from "./review-page-form";

const SOAP = "gid://shopify/Product/11";
const MUG = "gid://shopify/Product/12";
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);

function form(fields: Record<string, string>, photos: Record<string, File[]> = {}): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  for (const [name, files] of Object.entries(photos)) for (const file of files) data.append(name, file);
  return data;
}

const soap = { "reviews[0].product_id": "11", "reviews[0].rating": "5", "reviews[0].body": "Creamy lather, lasts for weeks." };
const mug = { "reviews[1].product_id": "12", "reviews[1].rating": "4", "reviews[1].body": "Holds heat well, nice glaze." };
const png = (name = "a.png", bytes: Uint8Array<ArrayBuffer> = PNG) => new File([bytes], name, { type: "image/png" });

describe("parseReviewPageForm", () => {
  it("takes every started product's review with the name once", async () => {
    const result = await parseReviewPageForm(form({ ...soap, ...mug, author_name: " Maria P. " }), "en", [SOAP, MUG]);
    expect(result).toMatchObject({
      ok: true,
      authorName: "Maria P.",
      entries: [
        { index: 0, productId: SOAP, rating: 5, title: "", body: "Creamy lather, lasts for weeks.", photos: [] },
        { index: 1, productId: MUG, rating: 4, body: "Holds heat well, nice glaze." },
      ],
    });
  });

  it("skips a product left untouched, and one the page did not offer", async () => {
    const untouched = { "reviews[1].product_id": "12", "reviews[1].title": " ", "reviews[1].body": "" };
    const result = await parseReviewPageForm(form({ ...soap, ...untouched, author_name: "Maria" }), "en", [SOAP, MUG]);
    expect(result.ok && result.entries.map((entry) => entry.productId)).toEqual([SOAP]);
    // The soap was reviewed meanwhile: only the mug is open, so the soap's fields are not taken.
    const reviewedMeanwhile = await parseReviewPageForm(form({ ...soap, ...mug, author_name: "Maria" }), "en", [MUG]);
    expect(reviewedMeanwhile.ok && reviewedMeanwhile.entries.map((entry) => entry.productId)).toEqual([MUG]);
  });

  it("keeps each review's index when the page left products out", async () => {
    // Only the second product was on the page: reviews[0] is a hole.
    const result = await parseReviewPageForm(form({ ...mug, author_name: "Maria" }), "en", [MUG]);
    expect(result.ok && result.entries).toMatchObject([{ index: 1, productId: MUG }]);
  });

  it("names the field of each problem, in the page's language, and keeps what was typed", async () => {
    const fields = {
      "reviews[0].product_id": "11",
      "reviews[0].title": "Visit www.spam.com",
      "reviews[0].body": "Short",
      ...mug,
      "reviews[1].body": "x".repeat(5001),
      author_name: "",
      token: "secret-token",
    };
    const result = await parseReviewPageForm(form(fields), "en", [SOAP, MUG]);
    expect(result).toMatchObject({
      ok: false,
      errors: {
        "reviews[0].rating": ["Choose a rating from 1 to 5 stars."],
        "reviews[0].title": ["Links are not allowed in the title."],
        "reviews[0].body": ["Write at least 10 characters."],
        "reviews[1].body": ["Keep the review to 5000 characters or fewer."],
      },
    });
    if (result.ok) return;
    // Every problem at once, the name's too.
    expect(result.errors.author_name).toEqual(["Enter your name."]);
    expect(result.values["reviews[0].title"]).toBe("Visit www.spam.com");
    expect(result.values.token).toBeUndefined();

    const greek = await parseReviewPageForm(form({ ...soap, author_name: "" }), "el", [SOAP]);
    expect(greek).toMatchObject({ ok: false, errors: { author_name: ["Συμπληρώστε το όνομά σας."] } });
  });

  it("asks for at least one product when nothing was filled", async () => {
    const result = await parseReviewPageForm(form({ "reviews[0].product_id": "11", author_name: "Maria" }), "en", [SOAP]);
    expect(result).toMatchObject({ ok: false, errors: { "": ["Rate at least one product before you submit."] } });
  });

  it("checks photos: count, size and what the bytes are, not the name", async () => {
    const tooMany = await parseReviewPageForm(
      form({ ...soap, author_name: "M" }, { "reviews[0].photos": Array.from({ length: 6 }, (_, n) => png(`${n}.png`)) }),
      "en",
      [SOAP],
    );
    expect(tooMany).toMatchObject({ ok: false, errors: { "reviews[0].photos": ["Add at most 5 photos."] }, photosChosen: true });
    const fake = await parseReviewPageForm(
      form({ ...soap, author_name: "M" }, { "reviews[0].photos": [png("cat.png", new TextEncoder().encode("<svg/>"))] }),
      "el",
      [SOAP],
    );
    expect(fake).toMatchObject({ ok: false, errors: { "reviews[0].photos": ["Το cat.png δεν είναι εικόνα JPEG, PNG ή WebP."] } });
    const big = new Uint8Array(5 * 1024 * 1024 + 1);
    big.set(PNG);
    const tooBig = await parseReviewPageForm(form({ ...soap, author_name: "M" }, { "reviews[0].photos": [png("big.png", big)] }), "en", [
      SOAP,
    ]);
    expect(tooBig).toMatchObject({ ok: false, errors: { "reviews[0].photos": ["big.png is larger than 5 MB."] } });
    const fine = await parseReviewPageForm(form({ ...soap, author_name: "M" }, { "reviews[0].photos": [png()] }), "en", [SOAP]);
    expect(fine.ok && fine.entries[0]!.photos).toHaveLength(1);
  });

  it("does not count an empty file input as a photo", async () => {
    const result = await parseReviewPageForm(
      form({ ...soap, author_name: "M" }, { "reviews[0].photos": [new File([], "", { type: "application/octet-stream" })] }),
      "en",
      [SOAP],
    );
    expect(result).toMatchObject({ ok: true, photosChosen: false });
    expect(result.ok && result.entries[0]!.photos).toEqual([]);
  });
});
