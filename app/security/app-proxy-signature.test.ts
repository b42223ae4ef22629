import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { appProxyUrl } from "../../scripts/simulator/app-proxy";
import { verifyAppProxySignature } from "./app-proxy-signature";

const SECRET = "proxy-secret";
const NOW = new Date("2026-12-04T12:00:00Z");
const signed = (path: string, options: { customer?: string; at?: Date; secret?: string } = {}) =>
  new URL(
    appProxyUrl("https://app.example/proxy", path, {
      shop: "a.myshopify.com",
      pathPrefix: "/apps/retention",
      secret: options.secret ?? SECRET,
      loggedInCustomerId: options.customer,
      timestamp: Math.floor((options.at ?? NOW).getTime() / 1000),
    }),
  ).searchParams;

describe("verifyAppProxySignature", () => {
  it("checks the message shopify.dev documents: sorted key=value pairs, repeated values joined by commas, nothing between", () => {
    // The forwarded request of shopify.dev's "Authenticate app proxies" example, secret "hush".
    const message = "extra=1,2logged_in_customer_id=1path_prefix=/apps/awesome_reviewsshop=example.myshopify.comtimestamp=1317327555";
    const signature = createHmac("sha256", "hush").update(message).digest("hex");
    const params = new URLSearchParams(
      `extra=1&extra=2&shop=example.myshopify.com&logged_in_customer_id=1&path_prefix=%2Fapps%2Fawesome_reviews&timestamp=1317327555&signature=${signature}`,
    );
    expect(verifyAppProxySignature(params, "hush", new Date(1317327555_000))).toBe(true);
  });

  it("accepts what Shopify signs, repeated storefront parameters included", () => {
    expect(verifyAppProxySignature(signed("/reviews?product_id=1&sort=newest", { customer: "77" }), SECRET, NOW)).toBe(true);
    expect(verifyAppProxySignature(signed("/reviews?tag=a&tag=b"), SECRET, NOW)).toBe(true);
  });

  it("refuses a changed parameter, another secret, or no signature", () => {
    const changed = signed("/loyalty", { customer: "77" });
    changed.set("logged_in_customer_id", "78");
    expect(verifyAppProxySignature(changed, SECRET, NOW)).toBe(false);
    expect(verifyAppProxySignature(signed("/loyalty", { secret: "other" }), SECRET, NOW)).toBe(false);
    const unsigned = signed("/loyalty");
    unsigned.delete("signature");
    expect(verifyAppProxySignature(unsigned, SECRET, NOW)).toBe(false);
    const garbled = signed("/loyalty");
    garbled.set("signature", "zz");
    expect(verifyAppProxySignature(garbled, SECRET, NOW)).toBe(false);
  });

  it("refuses a repeated shop or customer, which would change what the signature covers", () => {
    const repeated = signed("/loyalty", { customer: "77" });
    repeated.append("shop", "b.myshopify.com");
    expect(verifyAppProxySignature(repeated, SECRET, NOW)).toBe(false);
  });

  it("refuses a signature older or newer than 90 seconds (a replayed URL)", () => {
    expect(verifyAppProxySignature(signed("/reviews", { at: new Date(NOW.getTime() - 89_000) }), SECRET, NOW)).toBe(true);
    expect(verifyAppProxySignature(signed("/reviews", { at: new Date(NOW.getTime() - 91_000) }), SECRET, NOW)).toBe(false);
    expect(verifyAppProxySignature(signed("/reviews", { at: new Date(NOW.getTime() + 91_000) }), SECRET, NOW)).toBe(false);
  });
});
