// Cheap defences against junk reviews: a honeypot field, length and link limits, a
// normalised content hash to spot the same text posted again. The salted IP hash for rate
// limits is hashIp in app/lib/hash.server.ts.

export const REVIEW_LIMITS = {
  titleMax: 120,
  bodyMin: 10,
  bodyMax: 5000,
  authorNameMin: 1,
  authorNameMax: 60,
  /** Links allowed in the body; none are allowed in the title or the name. */
  bodyLinksMax: 1,
} as const;

/** A hidden form field people never see: any value means a bot filled the form. */
export function honeypotFilled(value: unknown): boolean {
  return typeof value === "string" && value.trim() !== "";
}

// URLs with a scheme or "www.", and bare domains on the TLDs spam favours.
const LINK =
  /(?:https?:\/\/|www\.)\S+|[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:com|net|org|info|biz|io|co|ru|cn|xyz|top|shop|store|online|site|click|link)\b(?:\/\S*)?/giu;

export function countLinks(text: string): number {
  return text.match(LINK)?.length ?? 0;
}

/** Review.contentHash, shared with imports so a review is recognised whichever way it arrived. */
export { reviewContentHash as contentHash } from "./csv/content-hash";
