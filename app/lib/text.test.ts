import { describe, expect, it } from "vitest";
import { hasVisibleText, storableJson, storableText, truncate } from "./text";

describe("truncate", () => {
  it("keeps short text and cuts long text to the limit, ellipsis included", () => {
    expect(truncate("abc", 3)).toBe("abc");
    expect(truncate("abcd", 3)).toBe("ab…");
  });

  it("never cuts an emoji in half", () => {
    expect(truncate("😀😀😀", 2)).toBe("😀…");
    expect(truncate("😀😀", 2)).toBe("😀😀");
  });
});

describe("storableText", () => {
  it("drops NUL and other control characters but keeps tabs and line breaks", () => {
    expect(storableText("a\u0000b\u0007c\u007Fd")).toBe("abcd");
    expect(storableText("line 1\r\nline 2\tend")).toBe("line 1\r\nline 2\tend");
  });

  it("drops unpaired surrogates and keeps emoji whole", () => {
    expect(storableText("x\uD800y\uDC00z")).toBe("xyz");
    expect(storableText("😀 ok")).toBe("😀 ok");
  });

  it("composes to NFC", () => {
    expect(storableText("Ελένη\u0301")).toBe("Ελένη\u0301".normalize("NFC"));
    expect(storableText("e\u0301")).toBe("é");
  });

  it("cleans every string of a JSON value, keys included", () => {
    expect(storableJson({ "na\u0000me": ["A\u0000", { b: "c\u0000" }], n: 1, t: true, z: null })).toEqual({
      name: ["A", { b: "c" }],
      n: 1,
      t: true,
      z: null,
    });
  });
});

describe("hasVisibleText", () => {
  it("is false for spaces, zero-width and format characters, and lone combining marks", () => {
    for (const invisible of [
      "",
      "   ",
      "\u200B\u200C\u200D\u2060",
      "\uFEFF",
      "\u00A0\u3000",
      "\u0301\u0302",
      "\u3164",
      "\u2800",
      "\u202E\u200F",
    ]) {
      expect(hasVisibleText(invisible), JSON.stringify(invisible)).toBe(false);
    }
  });

  it("is true for any letter, digit or symbol", () => {
    for (const visible of ["A", "Ελένη", "李", "7", "😀", ".", " x\u200B"]) expect(hasVisibleText(visible), visible).toBe(true);
  });
});
