// SHA-256 digests and HMACs, and the constant-time comparison of signatures: one spelling of
// each for content hashes, migration checksums, signed links, app-proxy signatures and IP hashes.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

export function sha256(data: string | Buffer, encoding: "hex" | "base64" = "hex"): string {
  return createHash("sha256").update(data).digest(encoding);
}

export function hmacSha256(secret: string, message: string, encoding: "hex" | "base64" | "base64url"): string {
  return createHmac("sha256", secret).update(message).digest(encoding);
}

/** Whether a signature someone sent equals the expected one, in time that does not depend on where they differ. */
export function signaturesMatch(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Keyed SHA-256 of an IP address: stable for rate limits, useless to anyone without the secret; the raw IP is never stored. */
export function hashIp(ip: string, secret: string): string {
  const normalised = ip
    .trim()
    .toLowerCase()
    .replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, "");
  return hmacSha256(secret, normalised, "hex");
}
