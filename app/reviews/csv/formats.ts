// The review exports we import, and how one CSV record becomes a review.
//
// Header names are matched case-insensitively and ignoring everything but letters and digits,
// so "reviewer_name", "Reviewer Name" and "reviewer.name" are the same column.
//
// Judge.me: the layout of Judge.me's reviews export, which is also its import template
// (Judge.me help centre, "Importing reviews using Judge.me template"; the same header appears
// in public review-migration tools):
//   title, body, rating, review_date, source, curated, reviewer_name, reviewer_email,
//   product_id, product_handle, reply, reply_date, picture_urls, ip_address, location
//   (some exports add metaobject_handle; older templates use review_title, product_url,
//   verified, featured, hidden)
//   - curated: ok (published) | not-yet (awaiting curation) | spam
//   - picture_urls: up to 5 public image URLs separated by commas
//   - review_date: "2025-03-02 10:12:00 UTC", ISO 8601, or dd/mm/yyyy (the template's format)
//
// Okendo: the Okendo import template, which is also how Okendo's CSV export names its columns
// (Okendo help centre, "Importing Reviews Using the Okendo Import Template"):
//   name, body, handle, productId, rating, sku, dateCreated, countryCode, email, imageUrls,
//   isApproved, isIncentivized, isRecommended, rejectedImageUrls, reply, replyDateCreated,
//   replyIsPublic, title, videoUrls, isVerifiedBuyer, variantId, status
//   plus the names of Okendo's review API / export (reviewId, productId as "shopify-<id>",
//   reviewer.name, reviewer.displayName, reviewer.email, media, status approved|pending|rejected).
//   - at least one of handle / productId / sku; we need handle or productId (SKU-only rows are
//     reported, since a SKU is not a product reference we can resolve here)
//
// Whatever the source says, an imported review is never verified: we did not see the order.
import { z } from "zod";
import { hasVisibleText, storableText } from "../../lib/text";

export type ReviewImportFormat = "judgeme" | "okendo";

export const REVIEW_IMPORT_FORMATS: readonly ReviewImportFormat[] = ["judgeme", "okendo"];

export const FORMAT_LABELS: Record<ReviewImportFormat, string> = { judgeme: "Judge.me", okendo: "Okendo" };

/** The headers each format's export has, as documented by the vendor (for messages and docs). */
export const EXPECTED_HEADERS: Record<ReviewImportFormat, readonly string[]> = {
  judgeme: [
    "title",
    "body",
    "rating",
    "review_date",
    "source",
    "curated",
    "reviewer_name",
    "reviewer_email",
    "product_id",
    "product_handle",
    "reply",
    "reply_date",
    "picture_urls",
    "ip_address",
    "location",
  ],
  okendo: [
    "name",
    "body",
    "handle",
    "productId",
    "rating",
    "sku",
    "dateCreated",
    "countryCode",
    "email",
    "imageUrls",
    "isApproved",
    "isIncentivized",
    "isRecommended",
    "rejectedImageUrls",
    "reply",
    "replyDateCreated",
    "replyIsPublic",
    "title",
    "videoUrls",
    "isVerifiedBuyer",
    "variantId",
    "status",
  ],
};

/** What a mapped record holds; the importer resolves `productRef` and writes the Review row. */
export interface ImportedReview {
  /** As the file gives it: a Product GID, a numeric product id, or a product handle. */
  productRef: string;
  rating: number;
  title: string;
  body: string;
  authorName: string;
  authorEmail: string | null;
  /** When the review was written, when the file says. */
  createdAt: Date | null;
  status: "published" | "pending";
  reply: string | null;
  repliedAt: Date | null;
  /** http(s) only, at most MAX_PHOTOS. */
  photoUrls: string[];
  locale: string;
}

export type MapRowResult =
  | { ok: true; review: ImportedReview }
  /** `skipped`: the source rejected the review (spam, rejected); otherwise the record is invalid. */
  | { ok: false; message: string; skipped?: boolean };

export const MAX_PHOTOS = 5;
export const MAX_BODY_LENGTH = 10_000;
export const MAX_TITLE_LENGTH = 500;
export const MAX_REPLY_LENGTH = 10_000;
export const MAX_NAME_LENGTH = 100;

/** "Reviewer Name", "reviewer_name", "reviewer.name" → "reviewername". */
export function normaliseHeader(header: string): string {
  return header.toLowerCase().replace(/[^a-z0-9]/g, "");
}

// ---------------------------------------------------------------- columns per format

type Field =
  | "title"
  | "body"
  | "rating"
  | "date"
  | "curated"
  | "status"
  | "approved"
  | "hidden"
  | "published"
  | "name"
  | "email"
  | "productId"
  | "handle"
  | "productUrl"
  | "sku"
  | "reply"
  | "replyDate"
  | "replyPublic"
  | "photos"
  | "locale";

/** Normalised header names per field, in order of preference. */
const COLUMNS: Record<ReviewImportFormat, Partial<Record<Field, readonly string[]>>> = {
  judgeme: {
    title: ["title", "reviewtitle"],
    body: ["body", "reviewbody", "content"],
    rating: ["rating", "stars"],
    date: ["reviewdate", "date", "createdat"],
    curated: ["curated"],
    hidden: ["hidden"],
    published: ["published"],
    name: ["reviewername", "name", "author"],
    email: ["revieweremail", "email"],
    productId: ["productid", "productexternalid", "shopifyproductid"],
    handle: ["producthandle", "handle"],
    productUrl: ["producturl"],
    reply: ["reply"],
    replyDate: ["replydate", "repliedat"],
    photos: ["pictureurls", "pictures", "photourls", "imageurls"],
    locale: ["locale", "language"],
  },
  okendo: {
    title: ["title", "reviewtitle"],
    body: ["body", "reviewbody"],
    rating: ["rating"],
    date: ["datecreated", "reviewdatecreated", "date", "createdat", "reviewdate"],
    status: ["status", "moderationstatus", "reviewstatus"],
    approved: ["isapproved"],
    name: ["name", "reviewername", "reviewerdisplayname", "displayname", "author"],
    email: ["email", "revieweremail"],
    productId: ["productid", "shopifyproductid"],
    handle: ["handle", "producthandle"],
    productUrl: ["producturl"],
    sku: ["sku"],
    reply: ["reply", "replybody"],
    replyDate: ["replydatecreated", "replydate"],
    replyPublic: ["replyispublic"],
    photos: ["imageurls", "media", "mediaurls", "images", "imageurl"],
    locale: ["locale", "language"],
  },
};

/** Headers only one of the two exports has: how a file is recognised. */
const SIGNATURES: Record<ReviewImportFormat, readonly string[]> = {
  judgeme: ["reviewdate", "curated", "pictureurls", "producthandle", "replydate", "ipaddress", "metaobjecthandle", "reviewtitle"],
  okendo: [
    "datecreated",
    "imageurls",
    "isapproved",
    "isincentivized",
    "isrecommended",
    "isverifiedbuyer",
    "replydatecreated",
    "replyispublic",
    "rejectedimageurls",
    "videourls",
    "countrycode",
    "reviewid",
    "reviewerdisplayname",
    "handle",
    "media",
  ],
};

function hasAny(headers: ReadonlySet<string>, names: readonly string[] | undefined): boolean {
  return (names ?? []).some((name) => headers.has(name));
}

/** The columns a format cannot do without that `headers` lacks (described for a person). */
export function missingColumns(format: ReviewImportFormat, headers: readonly string[]): string[] {
  const present = new Set(headers.map(normaliseHeader));
  const columns = COLUMNS[format];
  const missing: string[] = [];
  if (!hasAny(present, columns.rating)) missing.push("rating");
  if (!hasAny(present, columns.body)) missing.push("body");
  if (!hasAny(present, columns.productId) && !hasAny(present, columns.handle) && !hasAny(present, columns.productUrl)) {
    missing.push(format === "judgeme" ? "product_id or product_handle" : "productId or handle");
  }
  return missing;
}

function signatureScores(headers: readonly string[]): Record<ReviewImportFormat, number> {
  const present = new Set(headers.map(normaliseHeader));
  return {
    judgeme: SIGNATURES.judgeme.filter((name) => present.has(name)).length,
    okendo: SIGNATURES.okendo.filter((name) => present.has(name)).length,
  };
}

/** Which export a header row comes from, or null when it is neither (or lacks needed columns). */
export function detectFormat(headers: readonly string[]): ReviewImportFormat | null {
  const scores = signatureScores(headers);
  if (scores.judgeme === scores.okendo) return null;
  const format: ReviewImportFormat = scores.judgeme > scores.okendo ? "judgeme" : "okendo";
  return missingColumns(format, headers).length === 0 ? format : null;
}

/** Why `detectFormat` returned null, in words a merchant can act on. */
export function explainUnknownFormat(headers: readonly string[]): string {
  const found = headers.filter((header) => header.trim() !== "");
  const expected = REVIEW_IMPORT_FORMATS.map((format) => `${FORMAT_LABELS[format]}: ${EXPECTED_HEADERS[format].join(", ")}`).join(". ");
  const scores = signatureScores(headers);
  if (scores.judgeme !== scores.okendo) {
    const format: ReviewImportFormat = scores.judgeme > scores.okendo ? "judgeme" : "okendo";
    const missing = missingColumns(format, headers);
    if (missing.length > 0) {
      return `This looks like a ${FORMAT_LABELS[format]} export, but it has no ${missing.join(", ")} column. Expected columns: ${EXPECTED_HEADERS[format].join(", ")}.`;
    }
  }
  return (
    `The CSV columns were not recognised as a Judge.me or Okendo reviews export ` +
    `(found: ${found.length > 0 ? found.join(", ") : "no header row"}). Expected columns — ${expected}.`
  );
}

// ---------------------------------------------------------------- one record

export interface MapRowOptions {
  /** Dates after this (plus a day's grace for time zones) are refused. Default: now. */
  now?: Date;
}

class RowError extends Error {}

/**
 * Turns one record (header → cell) into a review, or says what is wrong with it.
 * `record` keys are the file's own header names.
 */
export function mapRow(format: ReviewImportFormat, record: Readonly<Record<string, string>>, options: MapRowOptions = {}): MapRowResult {
  const cells = new Map<string, string>();
  for (const [header, value] of Object.entries(record)) {
    const key = normaliseHeader(header);
    // Of two columns with the same name, the first non-empty one counts.
    if (!cells.get(key)) cells.set(key, value ?? "");
  }
  const columns = COLUMNS[format];
  const read = (field: Field): string => {
    for (const name of columns[field] ?? []) {
      const value = cells.get(name);
      if (value !== undefined && value.trim() !== "") return value.trim();
    }
    return "";
  };
  const label = (field: Field): string => columnLabel(format, field, cells);

  try {
    const status = sourceStatus(format, read);
    if (status.rejected) return { ok: false, skipped: true, message: status.rejected };

    const rating = parseRating(read("rating"), label("rating"));
    const body = normaliseText(read("body"));
    if (body === "") throw new RowError(`${label("body")} is empty: a review needs a body`);
    if (body.length > MAX_BODY_LENGTH) throw new RowError(`${label("body")} is longer than ${MAX_BODY_LENGTH} characters`);
    const title = normaliseText(read("title")).replace(/\s+/g, " ");
    if (title.length > MAX_TITLE_LENGTH) throw new RowError(`${label("title")} is longer than ${MAX_TITLE_LENGTH} characters`);

    const productRef = productReference(format, read, label);
    const now = options.now ?? new Date();
    const createdAt = parseDateCell(read("date"), format, label("date"), now);

    let reply: string | null = normaliseText(read("reply")) || null;
    if (reply && format === "okendo" && isFalse(read("replyPublic"))) reply = null; // a private reply stays private
    if (reply && reply.length > MAX_REPLY_LENGTH) throw new RowError(`${label("reply")} is longer than ${MAX_REPLY_LENGTH} characters`);
    const repliedAt = reply ? parseDateCell(read("replyDate"), format, label("replyDate"), now) : null;

    return {
      ok: true,
      review: {
        productRef,
        rating,
        title,
        body,
        authorName: authorName(read("name")),
        authorEmail: emailOrNull(read("email")),
        createdAt,
        status: status.published ? "published" : "pending",
        reply,
        repliedAt,
        photoUrls: parsePhotoUrls(read("photos"), label("photos")),
        locale: localeOrDefault(read("locale")),
      },
    };
  } catch (error) {
    if (error instanceof RowError) return { ok: false, message: error.message };
    throw error;
  }
}

/** The file's own name for a field's column, so messages use the merchant's words. */
function columnLabel(format: ReviewImportFormat, field: Field, cells: ReadonlyMap<string, string>): string {
  const names = COLUMNS[format][field] ?? [];
  const present = names.find((name) => cells.has(name));
  const fallback: Record<ReviewImportFormat, Partial<Record<Field, string>>> = {
    judgeme: { date: "review_date", replyDate: "reply_date", photos: "picture_urls", productId: "product_id", handle: "product_handle" },
    okendo: { date: "dateCreated", replyDate: "replyDateCreated", photos: "imageUrls", productId: "productId" },
  };
  const pretty = present ? (EXPECTED_HEADERS[format].find((header) => normaliseHeader(header) === present) ?? present) : undefined;
  return pretty ?? fallback[format][field] ?? field;
}

const TRUE_WORDS = new Set(["true", "yes", "y", "1", "ok", "t"]);
const FALSE_WORDS = new Set(["false", "no", "n", "0", "f"]);
const isTrue = (value: string) => TRUE_WORDS.has(value.trim().toLowerCase());
const isFalse = (value: string) => FALSE_WORDS.has(value.trim().toLowerCase());

function sourceStatus(format: ReviewImportFormat, read: (field: Field) => string): { published: boolean; rejected?: string } {
  if (format === "judgeme") {
    const curated = read("curated").toLowerCase();
    if (curated === "spam") return { published: false, rejected: "skipped: marked as spam in Judge.me" };
    const hidden = isTrue(read("hidden")) || isFalse(read("published"));
    return { published: curated === "ok" && !hidden };
  }
  const status = read("status").toLowerCase();
  if (status === "rejected" || status === "spam") return { published: false, rejected: `skipped: ${status} in Okendo` };
  if (status !== "") return { published: status === "approved" || status === "published" };
  return { published: isTrue(read("approved")) };
}

function parseRating(value: string, column: string): number {
  if (value === "") throw new RowError(`${column} is empty: expected a whole number from 1 to 5`);
  const number = /^[0-9]+(\.0+)?$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(number) || number < 1 || number > 5) {
    throw new RowError(`${column} must be a whole number from 1 to 5 (got "${value}")`);
  }
  return number;
}

/**
 * Line endings unified to \n, made storable (the app's one sanitiser: NUL and other controls
 * removed), surrounding whitespace dropped; text that shows nothing counts as empty.
 */
function normaliseText(value: string): string {
  const text = storableText(value.replace(/\r\n?/g, "\n")).trim();
  return hasVisibleText(text) ? text : "";
}

function authorName(value: string): string {
  const name = normaliseText(value).replace(/\s+/g, " ").slice(0, MAX_NAME_LENGTH).trim();
  return name === "" ? "Anonymous" : name;
}

function emailOrNull(value: string): string | null {
  const email = value.trim().toLowerCase();
  return z.string().email().max(254).safeParse(email).success ? email : null;
}

function localeOrDefault(value: string): string {
  const match = /^([a-z]{2,3})(?:[-_]([a-z0-9]{2,8}))?$/i.exec(value.trim());
  if (!match) return "en";
  return match[2] ? `${match[1].toLowerCase()}-${match[2].length === 2 ? match[2].toUpperCase() : match[2]}` : match[1].toLowerCase();
}

const PRODUCT_GID = /^gid:\/\/shopify\/Product\/([0-9]+)$/;
const HANDLE = /^[\p{Ll}\p{Lo}\p{N}][\p{Ll}\p{Lo}\p{N}_-]*$/u;

function productReference(format: ReviewImportFormat, read: (field: Field) => string, label: (field: Field) => string): string {
  const id = read("productId");
  if (id !== "") {
    if (PRODUCT_GID.test(id)) return id;
    const numeric = /^(?:shopify-)?([0-9]{1,20})$/i.exec(id);
    if (numeric) return numeric[1];
    if (/^[0-9.,]+e\+?[0-9]+$/i.test(id)) {
      throw new RowError(`${label("productId")} "${id}" was rounded by a spreadsheet: format the column as text and export again`);
    }
    throw new RowError(`${label("productId")} "${id}" is not a Shopify product id`);
  }
  const handle = read("handle").toLowerCase() || handleFromUrl(read("productUrl"));
  if (handle !== "") {
    if (!HANDLE.test(handle) || handle.length > 255) throw new RowError(`${label("handle")} "${handle}" is not a product handle`);
    return handle;
  }
  if (format === "okendo" && read("sku") !== "") {
    throw new RowError("the product is identified by SKU only: add the productId or handle column to this row");
  }
  const columns = format === "judgeme" ? "product_id or product_handle" : "productId or handle";
  throw new RowError(`no product: ${columns} is empty (store reviews cannot be imported as product reviews)`);
}

function handleFromUrl(value: string): string {
  if (value === "") return "";
  try {
    const match = /\/products\/([^/?#]+)/.exec(new URL(value).pathname);
    return match ? decodeURIComponent(match[1]).toLowerCase() : "";
  } catch {
    return "";
  }
}

function parsePhotoUrls(value: string, column: string): string[] {
  if (value === "") return [];
  let candidates: string[];
  if (value.startsWith("[")) {
    // Okendo's media column can be JSON: ["https://…"] or [{ "fullSizeUrl": "https://…", "type": "image" }].
    try {
      const parsed: unknown = JSON.parse(value);
      candidates = (Array.isArray(parsed) ? parsed : []).flatMap((item: unknown): string[] => {
        if (typeof item === "string") return [item];
        if (item && typeof item === "object") {
          const media = item as Record<string, unknown>;
          if (media.type === "video" || media.isHidden === true) return [];
          const url = media.fullSizeUrl ?? media.largeUrl ?? media.url;
          return typeof url === "string" ? [url] : [];
        }
        return [];
      });
    } catch {
      throw new RowError(`${column} is not a list of URLs`);
    }
  } else {
    candidates = value.split(/[\s,]+/);
  }
  const urls: string[] = [];
  for (const candidate of candidates.map((text) => text.trim()).filter(Boolean)) {
    let url: URL;
    try {
      url = new URL(candidate);
    } catch {
      throw new RowError(`${column}: "${shorten(candidate)}" is not a URL`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      throw new RowError(`${column}: only http and https photo URLs are accepted (got "${shorten(candidate)}")`);
    }
    if (url.username || url.password) throw new RowError(`${column}: photo URLs must not contain credentials`);
    const href = url.toString();
    if (!urls.includes(href)) urls.push(href);
  }
  // Judge.me allows 5 pictures per review, as we do; extra ones are left out.
  return urls.slice(0, MAX_PHOTOS);
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

// ---------------------------------------------------------------- dates

const DAY_MS = 86_400_000;
const EARLIEST = Date.UTC(1995, 0, 1);

function parseDateCell(value: string, format: ReviewImportFormat, column: string, now: Date): Date | null {
  if (value === "") return null;
  const date = parseSourceDate(value, format);
  if (date === "ambiguous") {
    throw new RowError(`${column} "${value}" could be day/month or month/day: write it as YYYY-MM-DD`);
  }
  if (!date) throw new RowError(`${column} "${value}" is not a date (expected YYYY-MM-DD, ISO 8601 or dd/mm/yyyy)`);
  if (date.getTime() > now.getTime() + DAY_MS) throw new RowError(`${column} "${value}" is in the future`);
  if (date.getTime() < EARLIEST) throw new RowError(`${column} "${value}" is too far in the past`);
  return date;
}

/**
 * The date formats review exports use. Without a zone, times are UTC. A slashed date is
 * day/month/year when the day is over 12, month/day/year when the month position is over 12,
 * and otherwise follows the format's documented order (Judge.me's template: dd/mm/yyyy);
 * Okendo documents no slashed order, so an ambiguous one there is refused.
 */
export function parseSourceDate(value: string, format: ReviewImportFormat): Date | null | "ambiguous" {
  const text = value.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i.exec(
    text,
  );
  if (iso) {
    const [, y, mo, d, h = "0", mi = "0", s = "0", fraction = "0", zone] = iso;
    return buildDate(+y, +mo, +d, +h, +mi, +s, Number(`0.${fraction}`) * 1000, zone);
  }
  const slashed = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*(Z|UTC|GMT)?$/i.exec(text);
  if (slashed) {
    const [, a, b, y, h = "0", mi = "0", s = "0"] = slashed;
    let day: number;
    let month: number;
    if (+a > 12 && +b <= 12) [day, month] = [+a, +b];
    else if (+b > 12 && +a <= 12) [day, month] = [+b, +a];
    else if (+a === +b) [day, month] = [+a, +b];
    else if (format === "judgeme") [day, month] = [+a, +b];
    else return "ambiguous";
    return buildDate(+y, month, day, +h, +mi, +s, 0, undefined);
  }
  return null;
}

function buildDate(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  ms: number,
  zone: string | undefined,
): Date | null {
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return null;
  const utc = Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59), Math.floor(ms));
  const check = new Date(utc);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null; // 31 Feb
  let offsetMinutes = 0;
  if (zone && !/^(z|utc|gmt)$/i.test(zone)) {
    const match = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
    if (!match) return null;
    const hours = Number(match[2]);
    const minutes = Number(match[3] ?? "0");
    if (hours > 14 || minutes > 59) return null;
    offsetMinutes = (match[1] === "-" ? -1 : 1) * (hours * 60 + minutes);
  }
  return new Date(utc - offsetMinutes * 60_000);
}
