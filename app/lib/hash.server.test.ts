import { createHash, createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hashIp, hmacSha256, sha256, signaturesMatch } from "./hash.server";

describe("sha256 and hmacSha256", () => {
  it("give the standard digests in the encoding asked for", () => {
    // FIPS 180-2's test vector "abc".
    expect(sha256("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(sha256("abc", "base64")).toBe(createHash("sha256").update("abc").digest("base64"));
    // RFC 4231, test case 2.
    expect(hmacSha256("Jefe", "what do ya want for nothing?", "hex")).toBe(
      "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
    );
    expect(hmacSha256("Jefe", "what do ya want for nothing?", "base64url")).toBe(
      createHmac("sha256", "Jefe").update("what do ya want for nothing?").digest("base64url"),
    );
  });
});

describe("signaturesMatch", () => {
  it("is true only for the same text, whatever the lengths", () => {
    expect(signaturesMatch("abc123", "abc123")).toBe(true);
    expect(signaturesMatch("abc124", "abc123")).toBe(false);
    expect(signaturesMatch("abc12", "abc123")).toBe(false);
    expect(signaturesMatch("", "abc123")).toBe(false);
  });
});

describe("hashIp", () => {
  it("is stable per secret, hides the IP, and treats IPv4-mapped IPv6 as IPv4", () => {
    const hash = hashIp("203.0.113.7", "s1");
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain("203");
    expect(hashIp(" 203.0.113.7 ", "s1")).toBe(hash);
    expect(hashIp("::ffff:203.0.113.7", "s1")).toBe(hash);
    expect(hashIp("203.0.113.7", "s2")).not.toBe(hash);
    expect(hashIp("2001:DB8::1", "s1")).toBe(hashIp("2001:db8::1", "s1"));
  });
});
