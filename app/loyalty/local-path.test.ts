// The Back link of the page a no-JavaScript loyalty form gets (return_to): only ever a path on
// the shop, as a browser resolves the href, whatever was posted.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { localPath, storefrontMessagePage } from "./storefront.server";

/** Where the page is shown: the app proxy's path on the shop's domain. */
const PAGE = "https://shop.example/apps/retention/loyalty";
/** Where a browser goes when the href is `path` on that page. */
const resolved = (path: string) => new URL(path, PAGE);

describe("localPath", () => {
  it("keeps paths on the shop, normalised as a browser reads them", () => {
    expect(localPath("/el/pages/rewards")).toBe("/el/pages/rewards");
    expect(localPath("/pages/rewards?view=all#tiers")).toBe("/pages/rewards?view=all#tiers");
    expect(localPath("/pages/./rewards/../rewards")).toBe("/pages/rewards");
    // Encoded characters stay encoded: a browser does not decode them into a host.
    expect(localPath("/%2F%2Fevil.example/x")).toBe("/%2F%2Fevil.example/x");
    expect(localPath("/%09/evil.example")).toBe("/%09/evil.example");
    expect(localPath('/pages/a b"<>')).toBe("/pages/a%20b%22%3C%3E");
  });

  it("refuses what a browser would take to another site", () => {
    const refused = [
      "//evil.example",
      "https://evil.example",
      "javascript:alert(1)",
      "evil.example",
      " //evil.example",
      // Browsers drop tabs and line breaks anywhere in a URL: these are //evil.example.
      "/\t/evil.example/x",
      "/\r/evil.example/x",
      "/\n/evil.example/x",
      "/\r\n/evil.example/x",
      "/\t\t/\t/evil.example",
      // Browsers read a backslash as a slash.
      "/\\evil.example",
      "\\/evil.example",
      "/\t\\evil.example",
      "/pages?next=\\x",
      // Dot segments that leave a path starting with //, plain or percent-encoded.
      "/..//evil.example/x",
      "/.//evil.example",
      "/%2e%2e//evil.example",
      "/%2E//evil.example",
      undefined,
      "",
    ];
    for (const value of refused) expect(localPath(value), JSON.stringify(value)).toBeNull();
  });

  it("never answers anything a browser resolves off the shop", () => {
    const piece = fc.constantFrom(
      "/",
      "\\",
      "\t",
      "\r",
      "\n",
      " ",
      ".",
      "..",
      "%2e",
      "%2f",
      "%5c",
      "%09",
      "evil.example",
      "@",
      ":",
      "?",
      "#",
      "pages",
      "x",
    );
    // Mostly starting with "/": anything else is refused at once.
    const leading = fc.oneof({ weight: 9, arbitrary: fc.constant("/") }, { weight: 1, arbitrary: fc.constant("") });
    fc.assert(
      fc.property(leading, fc.array(piece, { maxLength: 8 }), (start, pieces) => {
        const path = localPath(start + pieces.join(""));
        if (path === null) return;
        expect(path.startsWith("/") && !path.startsWith("//")).toBe(true);
        expect(resolved(path).origin).toBe("https://shop.example");
        expect(localPath(path)).toBe(path);
      }),
      { numRuns: 5_000 },
    );
  });

  it("is what the page's Back link uses", () => {
    const page = storefrontMessagePage("en", { kind: "birthday" }, localPath("/\t/evil.example/x"));
    expect(page).not.toContain("evil.example");
    expect(page).not.toContain("Back");
    expect(storefrontMessagePage("en", { kind: "birthday" }, localPath("/pages/rewards?x=1"))).toContain(
      '<a href="/pages/rewards?x=1">Back</a>',
    );
  });
});
