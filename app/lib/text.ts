/** At most `max` characters (code points, so emoji are never cut in half), ending in "…" when cut. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** For the few places that build HTML as text (pages served as Liquid through the app proxy). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

// C0 controls other than tab, line feed and carriage return, DEL, and unpaired UTF-16 surrogates:
// nothing a person types, and U+0000 is refused outright by PostgreSQL text columns (22021).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSTORABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text as the app stores it, whoever wrote it (shopper, merchant, Shopify): control characters and
 * broken surrogates removed, composed to NFC so equal-looking text compares equal.
 */
export function storableText(text: string): string {
  return text.replace(UNSTORABLE, "").normalize("NFC");
}

/** Every string inside a JSON value made storable (webhook bodies, which end up in many columns). */
export function storableJson(value: unknown): unknown {
  if (typeof value === "string") return storableText(value);
  if (Array.isArray(value)) return value.map(storableJson);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [storableText(key), storableJson(item)]));
  }
  return value;
}

/** Whether the text shows anything: not only spaces, zero-width and other format characters, or lone combining marks. */
export function hasVisibleText(text: string): boolean {
  return /[^\s\p{Z}\p{Cf}\p{Cc}\p{M}\u115F\u1160\u3164\uFFA0\u2800]/u.test(text);
}
