// Compact signed tokens for links the app puts in emails (review links, unsubscribe,
// satisfaction answers): base64url JSON payload "." base64url HMAC-SHA256. A purpose is
// mixed into the signature, so a token made for one kind of link never verifies as another.
import { hmacSha256, signaturesMatch } from "../lib/hash.server";

// payload "." signature; a SHA-256 signature is 43 base64url characters.
const TOKEN = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{43})$/;

export type SignedTokenResult = { ok: true; payload: unknown } | { ok: false; reason: "malformed" | "bad_signature" };

function sign(purpose: string, payload: string, secret: string): string {
  return hmacSha256(secret, `${purpose}.${payload}`, "base64url");
}

export function signToken(purpose: string, payload: object, secret: string): string {
  const encoded = Buffer.from(JSON.stringify(payload)).toString("base64url");
  return `${encoded}.${sign(purpose, encoded, secret)}`;
}

export function readSignedToken(purpose: string, token: string, secret: string): SignedTokenResult {
  const match = TOKEN.exec(token);
  if (!match) return { ok: false, reason: "malformed" };
  const [, encoded, signature] = match;
  // Compared as text, not decoded bytes: base64url has several spellings of the same bytes.
  if (!signaturesMatch(signature, sign(purpose, encoded, secret))) return { ok: false, reason: "bad_signature" };
  try {
    return { ok: true, payload: JSON.parse(Buffer.from(encoded, "base64url").toString("utf8")) };
  } catch {
    return { ok: false, reason: "malformed" };
  }
}
