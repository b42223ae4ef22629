import { sha256 } from "../../lib/hash.server";

/**
 * The text a review body is compared by: lowercased, Unicode-normalised (NFKC), punctuation
 * and symbols removed, whitespace collapsed. "Great soap!!" and "great   soap" are the same.
 */
export function normaliseReviewBody(body: string): string {
  return body
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\p{P}\p{S}]+/gu, "")
    .replace(/\s+/gu, " ")
    .trim();
}

/** Review.contentHash: sha256 (hex) of the normalised body, for duplicate detection. */
export function reviewContentHash(body: string): string {
  return sha256(normaliseReviewBody(body));
}
