import { describe, expect, it } from "vitest";
import { truncate } from "./text";

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
