// The review page's one form: a review for each product of the order still to review, and the
// shopper's name once for all of them. A product left untouched (no stars, no text, no photos) is
// skipped; one started must be complete. Messages are in the page's language and name the field
// they belong to (Conform's paths: `reviews[0].body`, `author_name`), so the page can show each
// next to its field and keep everything the shopper typed. submitReview checks it all again.
import { parseWithZod } from "@conform-to/zod/v3";
import { z } from "zod";
import { PHOTO_LIMITS, sniffImageType } from "./photos.server";
import { productGid } from "./product-id";
import { LANDING_TEXT, type LandingLocale } from "./review-landing-text";
import { countLinks, REVIEW_LIMITS as LIMITS } from "./spam";

export const FORM_FIELDS = {
  reviews: "reviews",
  authorName: "author_name",
  token: "token",
  locale: "locale",
  /** Hidden from people: a value means a bot filled the form. */
  honeypot: "website",
} as const;

/** The field names of the review at `index`. */
export const reviewField = (index: number, field: "product_id" | "rating" | "title" | "body" | "photos") => `reviews[${index}].${field}`;

/** What the page shows again after an error: the values as typed, by field name. */
export type TypedValues = Record<string, string>;
/** Messages by field name ("" for the form as a whole). */
export type FieldErrors = Record<string, string[]>;

export interface ReviewEntry {
  /** Its place in the form (`reviews[index]`): where its messages go. */
  index: number;
  productId: string; // Product GID
  rating: number;
  title: string;
  body: string;
  photos: File[];
}

export type ReviewPageSubmission =
  | { ok: true; entries: ReviewEntry[]; authorName: string; honeypot: string; values: TypedValues; photosChosen: boolean }
  | { ok: false; errors: FieldErrors; values: TypedValues; photosChosen: boolean };

const text = z.preprocess((value) => (typeof value === "string" ? value : ""), z.string());
// Browsers post an empty file for a file input left empty.
const files = z.preprocess(
  (value) => (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter((file) => file instanceof File && file.size > 0),
  z.array(z.instanceof(File)),
);

const Entry = z.object({ product_id: text, rating: text, title: text, body: text, photos: files });

const Form = z.object({
  // Each review keeps its index (the product's place in the link) whatever the page left out, so
  // a hole is a product not on the page this time.
  reviews: z.preprocess((value) => (Array.isArray(value) ? Array.from(value, (entry) => entry ?? {}) : []), z.array(Entry).max(250)),
  author_name: text,
  website: text,
});

const started = (entry: z.infer<typeof Entry>) =>
  entry.rating !== "" || entry.title.trim() !== "" || entry.body.trim() !== "" || entry.photos.length > 0;

async function photoProblem(photos: File[], t: (typeof LANDING_TEXT)[LandingLocale]): Promise<string | null> {
  if (photos.length > PHOTO_LIMITS.count) return t.errors.photoCount;
  for (const photo of photos) {
    if (photo.size > PHOTO_LIMITS.bytes) return t.errors.photoSize(photo.name);
    if (!sniffImageType(new Uint8Array(await photo.slice(0, 16).arrayBuffer()))) return t.errors.photoType(photo.name);
  }
  return null;
}

function typedValues(formData: FormData): TypedValues {
  const values: TypedValues = {};
  for (const [name, value] of formData) if (typeof value === "string" && name !== FORM_FIELDS.token) values[name] = value;
  return values;
}

/** Checks the posted form; `openProductIds` are the products the page offered (GIDs). */
export async function parseReviewPageForm(
  formData: FormData,
  locale: LandingLocale,
  openProductIds: readonly string[],
): Promise<ReviewPageSubmission> {
  const t = LANDING_TEXT[locale];
  const values = typedValues(formData);
  const submission = parseWithZod(formData, { schema: Form, disableAutoCoercion: true });
  // A page sent back with errors cannot keep chosen files: it asks for them again.
  const photosChosen = [...formData.values()].some((value) => value instanceof File && value.size > 0);
  if (submission.status !== "success") return { ok: false, errors: { "": [t.errors.badForm] }, values, photosChosen };
  const form = submission.value;

  const errors: FieldErrors = {};
  const add = (field: string, message: string) => (errors[field] ??= []).push(message);
  const entries: ReviewEntry[] = [];
  for (const [index, entry] of form.reviews.entries()) {
    const productId = productGid(entry.product_id);
    // A product this link does not offer (reviewed meanwhile, or a tampered form): not this page's to take.
    if (!productId || !openProductIds.includes(productId) || !started(entry)) continue;
    const field = (name: Parameters<typeof reviewField>[1]) => reviewField(index, name);
    const rating = /^[1-5]$/.test(entry.rating) ? Number(entry.rating) : null;
    if (rating === null) add(field("rating"), t.errors.rating);
    const title = entry.title.trim();
    if (Array.from(title).length > LIMITS.titleMax) add(field("title"), t.errors.titleLong);
    else if (countLinks(title) > 0) add(field("title"), t.errors.titleLinks);
    const body = entry.body.trim();
    const bodyLength = Array.from(body).length;
    if (bodyLength === 0) add(field("body"), t.errors.bodyMissing);
    else if (bodyLength < LIMITS.bodyMin) add(field("body"), t.errors.bodyShort);
    else if (bodyLength > LIMITS.bodyMax) add(field("body"), t.errors.bodyLong);
    else if (countLinks(body) > LIMITS.bodyLinksMax) add(field("body"), t.errors.bodyLinks);
    const photos = await photoProblem(entry.photos, t);
    if (photos) add(field("photos"), photos);
    if (rating !== null) entries.push({ index, productId, rating, title, body, photos: entry.photos });
  }

  const authorName = form.author_name.trim();
  if (entries.length === 0 && Object.keys(errors).length === 0) add("", t.errors.nothingFilled);
  else if (authorName === "") add(FORM_FIELDS.authorName, t.errors.nameMissing);
  else if (Array.from(authorName).length > LIMITS.authorNameMax) add(FORM_FIELDS.authorName, t.errors.nameLong);
  else if (countLinks(authorName) > 0) add(FORM_FIELDS.authorName, t.errors.nameLinks);

  if (Object.keys(errors).length > 0) return { ok: false, errors, values, photosChosen };
  return { ok: true, entries, authorName, honeypot: form.website, values, photosChosen };
}
