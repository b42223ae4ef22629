import { describe, expect, it } from "vitest";
import { reviewContentHash } from "./csv/content-hash";
import { contentHash, countLinks, honeypotFilled } from "./spam";

describe("honeypotFilled", () => {
  it("is true only for a non-blank value", () => {
    expect(honeypotFilled("http://spam.example")).toBe(true);
    expect(honeypotFilled("")).toBe(false);
    expect(honeypotFilled("   ")).toBe(false);
    expect(honeypotFilled(undefined)).toBe(false);
  });
});

describe("countLinks", () => {
  it("counts URLs, www. addresses and bare spam-prone domains", () => {
    expect(countLinks("Fits well, washes well.")).toBe(0);
    expect(countLinks("See https://example.com/a?b=c for sizing")).toBe(1);
    expect(countLinks("www.cheap-pills.xyz and http://x.io and buy-now.ru/deal")).toBe(3);
    expect(countLinks("HTTPS://EXAMPLE.COM")).toBe(1);
  });

  it("leaves ordinary prose with dots alone", () => {
    expect(countLinks("Version 2.0 is great, e.coli free, i.e. clean. Node.js fans rejoice.")).toBe(0);
  });
});

describe("contentHash", () => {
  it("ignores case, whitespace, punctuation and symbols", () => {
    const base = contentHash("Great jacket, warm and dry!");
    expect(contentHash("great   JACKET warm and dry")).toBe(base);
    expect(contentHash("  Great jacket... warm & dry 👍 ")).toBe(contentHash("great jacket warm dry"));
  });

  it("agrees with the hash imported reviews get", () => {
    for (const text of ["Great jacket, warm and dry!", "  Ünïcödé — ﬁne ＦＵＬＬＷＩＤＴＨ 👍\n\tdone ", "a.b,c"]) {
      expect(contentHash(text)).toBe(reviewContentHash(text));
    }
  });

  it("differs for different words", () => {
    expect(contentHash("Great jacket, warm and dry")).not.toBe(contentHash("Great jacket, cold and wet"));
  });

  it("is a sha256 hex digest", () => {
    expect(contentHash("x")).toMatch(/^[0-9a-f]{64}$/);
  });
});
