import { createHmac } from "node:crypto";
import { gzipSync } from "node:zlib";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REVIEW_THUMBNAIL_SIZE, sizedPhoto } from "../../app/reviews/photo-urls.ts";
import { shopGid } from "../simulator/common.ts";
import { createState, type Metafield, type ShopState, type SimulatorState } from "../simulator/state.ts";
import { startStorefront, type Storefront } from "./server.ts";
import type { BlockPlacement } from "./theme.ts";

const SHOP = "preview-test.myshopify.com";
const XSS = '<img src=x onerror=alert(1)></script><script>alert("x")</script>';

/** The reviews summary the app keeps in product.metafields['$app:reviews'].summary (stored resolved as app--<id>--reviews). */
const REVIEWS_SUMMARY = {
  average: 4.5,
  count: 12,
  distribution: { "1": 0, "2": 1, "3": 1, "4": 3, "5": 7 },
  latest: [
    {
      id: "r1",
      rating: 5,
      title: `Great ${XSS}`,
      body: `Line one ${XSS}\nLine two`,
      authorName: `Maria ${XSS}`,
      verified: true,
      createdAt: "2026-01-05",
      reply: `Thanks ${XSS}`,
      photos: [sizedPhoto("https://cdn.shopify.com/s/files/1/review.jpg?v=1", `On the trail ${XSS}`, REVIEW_THUMBNAIL_SIZE)],
    },
    {
      id: "r2",
      rating: 3,
      title: "",
      body: "Fine shoes, run small.",
      authorName: "Nikos",
      verified: false,
      createdAt: "2025-12-24",
      reply: null,
      photos: [],
    },
  ],
};
const SECRET = "proxy-secret";

function metafield(ownerId: string, namespace: string, key: string, type: string, value: string): Metafield {
  return {
    id: `gid://shopify/Metafield/${namespace}-${key}-${ownerId.split("/").pop()}`,
    ownerId,
    namespace,
    key,
    type,
    value,
    updatedAt: "2026-01-01T00:00:00Z",
  };
}

function buildState(): SimulatorState {
  const state = createState();
  const shop: ShopState = {
    domain: SHOP,
    name: "Preview & Co",
    email: "owner@example.com",
    currencyCode: "USD",
    ianaTimezone: "Europe/Athens",
    primaryLocale: "en",
    alternateLocales: ["el"],
    enabledPresentmentCurrencies: ["USD", "EUR", "GBP"],
    moneyFormat: "${{amount}}",
    accessToken: "token",
    products: [
      {
        id: "gid://shopify/Product/1",
        handle: "trail-shoe",
        title: '<script>alert("x")</script> Trail Shoe',
        description: "Grippy.",
        vendor: "Hellas Outdoor",
        variants: [{ id: "gid://shopify/ProductVariant/11", title: "Default Title", price: "100.00" }],
      },
      {
        id: "gid://shopify/Product/2",
        handle: "wool-cap",
        title: "Wool Cap",
        description: "",
        vendor: "Hellas Outdoor",
        variants: [
          { id: "gid://shopify/ProductVariant/21", title: "Grey", price: "20.00" },
          { id: "gid://shopify/ProductVariant/22", title: "Blue", price: "25.00" },
        ],
      },
      {
        id: "gid://shopify/Product/3",
        handle: "one-review",
        title: "Water Bottle",
        description: "",
        vendor: "Hellas Outdoor",
        variants: [{ id: "gid://shopify/ProductVariant/31", title: "Default Title", price: "12.50" }],
      },
    ],
    customers: [
      {
        id: "gid://shopify/Customer/7",
        email: "eleni@example.com",
        firstName: "Eleni",
        lastName: "Papadopoulou",
        locale: "el",
        emailMarketingConsent: "SUBSCRIBED",
        emailMarketingConsentUpdatedAt: null,
        createdAt: "2026-01-01T00:00:00Z",
      },
    ],
    orders: [],
    discounts: [],
    files: [],
    stagedUploads: [],
    metafields: [
      metafield("gid://shopify/Product/1", "reviews", "rating", "rating", '{"value":"4.5","scale_min":"1.0","scale_max":"5.0"}'),
      metafield("gid://shopify/Product/1", "reviews", "rating_count", "number_integer", "12"),
      metafield("gid://shopify/Product/3", "reviews", "rating", "rating", '{"value":"4.0","scale_min":"1.0","scale_max":"5.0"}'),
      metafield("gid://shopify/Product/3", "reviews", "rating_count", "number_integer", "1"),
    ],
  };
  shop.metafields.push(
    metafield(shopGid(shop), "app--4242--retention", "threshold", "number_integer", "50"),
    metafield("gid://shopify/Product/1", "app--4242--reviews", "summary", "json", JSON.stringify(REVIEWS_SUMMARY)),
    metafield("gid://shopify/AppInstallation/9", "widgets", "config", "json", '{"accent":"#0a7"}'),
  );
  state.shops.set(shop.domain, shop);
  return state;
}

/** fetch with a cookie jar, so a test can act like one shopper's browser. */
function browser(baseUrl: string) {
  const jar = new Map<string, string>();
  return async (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (jar.size) headers.set("cookie", [...jar].map(([name, value]) => `${name}=${value}`).join("; "));
    const response = await fetch(`${baseUrl}${path}`, { ...init, headers, redirect: "manual" });
    for (const setCookie of response.headers.getSetCookie()) {
      const [pair] = setCookie.split(";");
      const index = pair.indexOf("=");
      jar.set(pair.slice(0, index), pair.slice(index + 1));
    }
    return response;
  };
}

function postJson(body: unknown): RequestInit {
  return { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
}

/** The star badges (`class="rw-star-rating"` elements) in a page, by aria-label. */
function starLabels(html: string): string[] {
  return [...html.matchAll(/class="rw-star-rating"\s+role="img"\s+aria-label="([^"]*)"/g)].map((match) => match[1]);
}

interface ProxiedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: string;
  signatureValid: boolean;
}

/** A stand-in for the app's /proxy routes: checks Shopify's signature independently of the code under test. */
async function startFakeApp(): Promise<{ url: string; requests: ProxiedRequest[]; server: Server }> {
  const requests: ProxiedRequest[] = [];
  const server = createServer(async (request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const url = new URL(request.url ?? "/", "http://app.local");
    const signature = url.searchParams.get("signature") ?? "";
    const message = [...new Set(url.searchParams.keys())]
      .filter((key) => key !== "signature")
      .map((key) => `${key}=${url.searchParams.getAll(key).join(",")}`)
      .sort()
      .join("");
    const expected = createHmac("sha256", SECRET).update(message).digest("hex");
    requests.push({
      method: request.method ?? "",
      path: url.pathname,
      query: url.searchParams,
      body: Buffer.concat(chunks).toString("utf8"),
      signatureValid: signature === expected,
    });

    if (url.pathname === "/proxy/widget") {
      response.writeHead(200, { "content-type": "application/liquid" });
      response.end(
        [
          '<p class="proxied">{% if customer %}Hello {{ customer.first_name | escape }}{% else %}Hello guest{% endif %} · {{ shop.name | escape }}</p>',
          "<p class=\"metafields\">{{ shop.metafields['$app:retention'].threshold.value | plus: 1 }} {{ app.metafields.widgets.config.value.accent }}</p>",
        ].join(""),
      );
      return;
    }
    if (url.pathname === "/proxy/missing") {
      response.writeHead(404, { "content-type": "application/json" });
      response.end(JSON.stringify({ error: "not found" }));
      return;
    }
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify({ ok: true }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, server };
}

let storefront: Storefront;
let fakeApp: Awaited<ReturnType<typeof startFakeApp>>;

beforeAll(async () => {
  fakeApp = await startFakeApp();
  storefront = await startStorefront({
    state: buildState(),
    shopDomain: SHOP,
    appProxy: { target: `${fakeApp.url}/proxy`, prefix: "apps", subpath: "retention" },
    apiSecret: SECRET,
  });
});

afterAll(async () => {
  await storefront?.close();
  await new Promise((resolve) => fakeApp?.server.close(resolve));
});

describe("star rating block", () => {
  it("renders under the product title from the reviews metafields, escaping the title", async () => {
    const response = await fetch(`${storefront.url}/products/trail-shoe`);
    const html = await response.text();

    expect(response.status).toBe(200);
    expect(starLabels(html)).toEqual(["Rated 4.5 out of 5, 12 reviews"]);
    expect(html).toContain("--rw-fill: 90%");
    expect(html).toContain('<span class="rw-star-rating__value">4.5</span>');
    expect(html).toContain('<span class="rw-star-rating__count">(12)</span>');
    // The block sits between the title and the price, as placed.
    expect(html.indexOf("product__title")).toBeLessThan(html.indexOf("rw-star-rating"));
    expect(html.indexOf("rw-star-rating")).toBeLessThan(html.indexOf("price--large"));
    // Its styles inline just before it, so no stylesheet blocks the page's first paint, and no script.
    const head = html.slice(0, html.indexOf("</head>"));
    expect(head).not.toContain('<link href="/extension-assets/');
    expect(html.slice(html.indexOf("product__title"), html.indexOf('class="rw-star-rating"'))).toContain("<style>.rw-star-rating {");
    const badge = html.slice(html.indexOf('class="rw-star-rating"'), html.indexOf("price--large"));
    expect(badge).not.toContain("<script");
    expect(head).not.toContain("star-rating.js");
    expect(html).toContain("&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; Trail Shoe");
  });

  it("renders nothing for a product without reviews, or the merchant's empty state", async () => {
    const hidden = await (await fetch(`${storefront.url}/products/wool-cap`)).text();
    expect(hidden).not.toContain("rw-star-rating");

    const withEmptyState = await startStorefront({
      state: buildState(),
      shopDomain: SHOP,
      appProxy: { target: `${fakeApp.url}/proxy`, prefix: "apps", subpath: "retention" },
      apiSecret: SECRET,
      placements: [{ block: "star-rating", slot: "product-info", settings: { empty_state: "text" } }],
    });
    try {
      const english = await (await fetch(`${withEmptyState.url}/products/wool-cap`)).text();
      expect(english).toContain("No reviews yet");
      const greek = await (await fetch(`${withEmptyState.url}/el/products/wool-cap`)).text();
      expect(greek).toContain("Δεν υπάρχουν ακόμη κριτικές");
    } finally {
      await withEmptyState.close();
    }
  });

  it("shows under each card title in the collection grid, for rated products only", async () => {
    const html = await (await fetch(`${storefront.url}/collections/all`)).text();
    expect(starLabels(html)).toEqual(["Rated 4.5 out of 5, 12 reviews", "Rated 4 out of 5, 1 review"]);
  });

  it("speaks Greek for /el/ and ?locale=el, with Greek plurals and decimal comma", async () => {
    for (const path of ["/el/products/trail-shoe", "/products/trail-shoe?locale=el"]) {
      const html = await (await fetch(`${storefront.url}${path}`)).text();
      expect(html).toContain('<html lang="el">');
      expect(starLabels(html)).toEqual(["Βαθμολογία 4,5 από 5, 12 κριτικές"]);
      expect(html).toContain('<span class="rw-star-rating__value">4,5</span>');
    }
    const single = await (await fetch(`${storefront.url}/el/products/one-review`)).text();
    expect(starLabels(single)).toEqual(["Βαθμολογία 4 από 5, 1 κριτική"]);
  });

  it("serves extension assets and nothing outside assets/", async () => {
    const script = await fetch(`${storefront.url}/extension-assets/retention-widgets/product-reviews.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toContain("text/javascript");
    // Gzipped for a browser that accepts it (fetch does, and unzips), as Shopify's CDN serves storefronts.
    expect(script.headers.get("content-encoding")).toBe("gzip");
    expect(await script.text()).toContain("customElements.define('product-reviews'");
    const page = await fetch(`${storefront.url}/products/trail-shoe`, { headers: { "accept-encoding": "identity" } });
    expect(page.headers.get("content-encoding")).toBeNull();
    const escape = await fetch(`${storefront.url}/extension-assets/retention-widgets/..%2Fshopify.extension.toml`);
    expect(escape.status).toBe(404);
  });
});

/** The free-shipping bar's inline styles: the last <style> element before the bar. */
function barStyles(html: string): string {
  const before = html.slice(0, html.indexOf("<free-shipping-bar"));
  return /<style>((?:(?!<style>)[\s\S])*?)<\/style>(?:(?!<style>)[\s\S])*$/.exec(before)?.[1] ?? "";
}

/** The reviews block's HTML (its app block wrapper's content). */
function reviewsBlock(html: string): string {
  const start = html.indexOf("<product-reviews");
  expect(start).toBeGreaterThan(-1);
  return html.slice(start, html.indexOf("</product-reviews>", start) + "</product-reviews>".length);
}

function jsonLd(html: string): unknown {
  const match = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html);
  expect(match).not.toBeNull();
  return JSON.parse(match![1]);
}

describe("?app_blocks=none", () => {
  it("renders the same page with the theme alone: no app blocks, embeds or their assets", async () => {
    const withApp = await (await fetch(`${storefront.url}/products/trail-shoe`)).text();
    const response = await fetch(`${storefront.url}/products/trail-shoe?app_blocks=none`);
    const withoutApp = await response.text();

    expect(response.status).toBe(200);
    expect(withApp).toContain("/extension-assets/retention-widgets/");
    expect(withoutApp).not.toContain("/extension-assets/retention-widgets/");
    for (const marker of ["rw-star-rating", "<product-reviews"]) {
      expect(withApp).toContain(marker);
      expect(withoutApp).not.toContain(marker);
    }
    expect(withoutApp).toContain("product__title");
  });
});

describe("product reviews block", () => {
  it("renders the summary, distribution and latest reviews from the $app:reviews summary metafield", async () => {
    const html = await (await fetch(`${storefront.url}/products/trail-shoe`)).text();
    const block = reviewsBlock(html);

    // Placed under the product info section, its styles inline before it, its script from the schema in <head>.
    expect(html.indexOf("product__description")).toBeLessThan(html.indexOf("<product-reviews"));
    const head = html.slice(0, html.indexOf("</head>"));
    expect(head).not.toMatch(/<link[^>]*extension-assets/);
    expect(html.slice(html.indexOf("product__description"), html.indexOf("<product-reviews"))).toContain("<style>.rw-reviews");
    // Its script is not in <head>: the block loads it once the page has loaded and painted.
    expect(head).not.toContain("product-reviews.js");
    expect(html.slice(html.indexOf("product__description"), html.indexOf("<product-reviews"))).toContain(
      'const src = "/extension-assets/retention-widgets/product-reviews.js";',
    );

    expect(block).toContain("Customer reviews");
    expect(block).toContain('aria-label="Average rating 4.5 out of 5"');
    expect(block).toContain("--rw-fill: 90%");
    expect(block).toContain("Based on 12 reviews");
    for (const row of ["5 stars: 7", "4 stars: 3", "3 stars: 1", "2 stars: 1", "1 star: 0"]) expect(block).toContain(row);
    expect(block.indexOf("5 stars: 7")).toBeLessThan(block.indexOf("1 star: 0"));

    expect(block.match(/<li class="rw-review" data-id=/g)).toHaveLength(2);
    expect(block).toContain('aria-label="Rated 5 out of 5"');
    expect(block).toContain('aria-label="Rated 3 out of 5"');
    expect(block).toContain("Verified buyer");
    expect(block).toContain('<time class="rw-review__date" datetime="2026-01-05">1/5/2026</time>');
    expect(block).toContain("Reply from the store");
    // The thumbnail at the size shown, for 1x and 2x screens (`&` escaped in the attribute); the lightbox at 1200 px.
    const photo = "https://cdn.shopify.com/s/files/1/review.jpg?v=1";
    expect(block).toContain(
      `<img\n                        src="${photo}&amp;width=80&amp;height=80&amp;crop=center"\n` +
        `                        srcset="${photo}&amp;width=80&amp;height=80&amp;crop=center 1x, ${photo}&amp;width=160&amp;height=160&amp;crop=center 2x"`,
    );
    expect(block).toMatch(/srcset="[^"]+ 2x"[^>]*width="80"\s+height="80"\s+loading="lazy"\s+decoding="async"/);
    expect(block).toContain(`data-src="${photo}&amp;width=1200"`);
    expect(block).toContain("Fine shoes, run small.");
    // The second review has no title, reply or photos: none of their markup appears for it.
    const second = block.slice(block.indexOf('data-id="r2"'), block.indexOf("<template"));
    expect(second).not.toContain("rw-review__title");
    expect(second).not.toContain("rw-review__reply");
    expect(second).not.toContain("rw-review__photos");

    // Controls and "More reviews" (12 reviews, 2 rendered) wait for the script; the proxy URL and product id are there for it.
    expect(block).toMatch(/data-controls hidden/);
    expect(block).toContain(`data-url="/apps/retention/reviews"`); // same origin on every shop domain
    expect(block).toContain('data-product="1"');

    // The progressive form.
    expect(block).toMatch(/<form[^>]*action="\/apps\/retention\/reviews"[^>]*method="post"[^>]*enctype="multipart\/form-data"/);
    expect(block).toContain('<input type="hidden" name="product_id" value="1">');
    expect(block).toContain('<input type="hidden" name="locale" value="en">');
    expect(block.match(/<input type="radio" name="rating" value="\d" required>/g)).toHaveLength(5);
    expect(block).toMatch(/<textarea[^>]*name="body"[^>]*required[^>]*minlength="10"[^>]*maxlength="5000"/);
    expect(block).toMatch(/<input[^>]*type="file"[^>]*name="photos"[^>]*accept="image\/jpeg,image\/png,image\/webp"[^>]*multiple/);
    expect(block).toMatch(/<input[^>]*name="website"[^>]*tabindex="-1"[^>]*autocomplete="off"[^>]*aria-hidden="true"/);
  });

  it("escapes shopper text in HTML and JSON-escapes it in valid JSON-LD", async () => {
    const html = await (await fetch(`${storefront.url}/products/trail-shoe`)).text();
    const block = reviewsBlock(html);
    const withoutJsonLd = block.replace(/<script type="application\/ld\+json">[\s\S]*?<\/script>/, "");
    // The only markup-like text left is the escaped payload; no raw tag from shopper data.
    expect(withoutJsonLd).not.toContain("<img src=x");
    expect(withoutJsonLd).not.toContain("<script");
    expect(withoutJsonLd).not.toContain("</script>");
    expect(withoutJsonLd).toContain(
      "Great &lt;img src=x onerror=alert(1)&gt;&lt;/script&gt;&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;",
    );
    expect(withoutJsonLd).toContain("Maria &lt;img src=x");
    expect(withoutJsonLd).toContain("Thanks &lt;img src=x");
    expect(withoutJsonLd).toContain('alt="On the trail &lt;img src=x');
    expect(withoutJsonLd).toContain(
      "Line one &lt;img src=x onerror=alert(1)&gt;&lt;/script&gt;&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;<br />",
    );

    // JSON-LD: exactly one <script> element, closing once; the payload only as JSON string data.
    const ldSource = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(block)![1];
    expect(ldSource).not.toContain("<");
    const ld = jsonLd(block) as { review: unknown[] };
    expect(ld).toMatchObject({
      "@type": "Product",
      name: '<script>alert("x")</script> Trail Shoe',
      aggregateRating: { "@type": "AggregateRating", ratingValue: 4.5, reviewCount: 12 },
    });
    expect(ld.review).toHaveLength(2);
    expect(ld.review[0]).toEqual({
      "@type": "Review",
      name: `Great ${XSS}`,
      author: { "@type": "Person", name: `Maria ${XSS}` },
      reviewRating: { "@type": "Rating", ratingValue: 5, bestRating: 5, worstRating: 1 },
      reviewBody: `Line one ${XSS}\nLine two`,
      datePublished: "2026-01-05",
    });
  });

  it("speaks Greek under /el/", async () => {
    const block = reviewsBlock(await (await fetch(`${storefront.url}/el/products/trail-shoe`)).text());
    expect(block).toContain("Κριτικές πελατών");
    expect(block).toContain('aria-label="Μέση βαθμολογία 4,5 από 5"');
    expect(block).toContain("Με βάση 12 κριτικές");
    expect(block).toContain("5 αστέρια: 7");
    expect(block).toContain("1 αστέρι: 0");
    expect(block).toContain("Επιβεβαιωμένος αγοραστής");
    expect(block).toContain(">5/1/2026</time>");
    expect(block).toContain("Γράψτε μια κριτική");
    expect(block).toContain('data-published="Ευχαριστούμε! Η κριτική σας δημοσιεύτηκε."');
    expect(block).toContain('<input type="hidden" name="locale" value="el">');
    expect(block).not.toContain("translation missing");
  });

  it("shows the empty state, no JSON-LD and still the form when there are no reviews", async () => {
    for (const [path, text] of [
      ["/products/wool-cap", "No reviews yet — be the first"],
      ["/el/products/wool-cap", "Δεν υπάρχουν ακόμη κριτικές — γράψτε την πρώτη"],
    ]) {
      const block = reviewsBlock(await (await fetch(`${storefront.url}${path}`)).text());
      expect(block).toContain(text);
      expect(block).not.toContain("application/ld+json");
      expect(block).not.toContain("data-list");
      expect(block).toContain('name="author_name"');
    }
  });

  it("is only on product pages and ships a small script", async () => {
    const collection = await (await fetch(`${storefront.url}/collections/all`)).text();
    expect(collection).not.toContain("<product-reviews");
    expect(collection).not.toContain("product-reviews.js");
    const js = await fetch(`${storefront.url}/extension-assets/retention-widgets/product-reviews.js`);
    expect(js.status).toBe(200);
    const source = await js.text();
    expect(source).toContain("customElements.define('product-reviews'");
    expect(source).not.toContain("innerHTML");
    expect(gzipSync(source).length).toBeLessThan(3000);
  });
});

describe("app proxy", () => {
  it("forwards with Shopify's parameters and a valid signature, keeping the query", async () => {
    const response = await fetch(`${storefront.url}/apps/retention/reviews?product_id=1&tags=a&tags=b`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });

    const forwarded = fakeApp.requests.at(-1)!;
    expect(forwarded.path).toBe("/proxy/reviews");
    expect(forwarded.signatureValid).toBe(true);
    expect(forwarded.query.get("shop")).toBe(SHOP);
    expect(forwarded.query.get("logged_in_customer_id")).toBe("");
    expect(forwarded.query.get("path_prefix")).toBe("/apps/retention");
    expect(Number(forwarded.query.get("timestamp"))).toBeGreaterThan(Date.now() / 1000 - 60);
    expect(forwarded.query.get("product_id")).toBe("1");
    expect(forwarded.query.getAll("tags")).toEqual(["a", "b"]);
  });

  it("passes POST bodies, the logged-in customer and upstream status through", async () => {
    const shopper = browser(storefront.url);
    const login = await shopper("/account/login", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "customer_id=7",
    });
    expect(login.status).toBe(302);

    const posted = await shopper("/apps/retention/reviews", postJson({ rating: 5, body: "Great" }));
    expect(posted.status).toBe(200);
    const forwarded = fakeApp.requests.at(-1)!;
    expect(forwarded.method).toBe("POST");
    expect(JSON.parse(forwarded.body)).toEqual({ rating: 5, body: "Great" });
    expect(forwarded.query.get("logged_in_customer_id")).toBe("7");
    expect(forwarded.signatureValid).toBe(true);

    const missing = await shopper("/apps/retention/missing");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: "not found" });

    await shopper("/account/logout");
    await shopper("/apps/retention/reviews");
    expect(fakeApp.requests.at(-1)!.query.get("logged_in_customer_id")).toBe("");
  });

  it("renders application/liquid answers inside the theme layout", async () => {
    const shopper = browser(storefront.url);
    await shopper("/account/login", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "customer_id=7",
    });
    const response = await shopper("/apps/retention/widget");
    const html = await response.text();
    expect(response.headers.get("content-type")).toContain("text/html");
    expect(html).toContain('<p class="proxied">Hello Eleni · Preview &amp; Co</p>');
    // `$app:` names the app-reserved namespace; app.metafields are the app installation's (app-data) metafields.
    expect(html).toContain('<p class="metafields">51 #0a7</p>');
    expect(html).toContain('<header class="header page-width">');
  });
});

describe("cart", () => {
  it("adds and changes lines in Shopify's /cart.js shape", async () => {
    const shopper = browser(storefront.url);
    const added = await shopper("/cart/add.js", postJson({ id: 11, quantity: 2 }));
    expect(added.status).toBe(200);
    expect(await added.json()).toMatchObject({ id: 11, variant_id: 11, product_id: 1, quantity: 2, price: 10000, line_price: 20000 });

    const items = await shopper("/cart/add.js", postJson({ items: [{ id: 22, quantity: 1, properties: { Engraving: "ΕΛ" } }] }));
    expect((await items.json()).items).toMatchObject([{ id: 22, quantity: 1, title: "Wool Cap - Blue", properties: { Engraving: "ΕΛ" } }]);

    let cart = await (await shopper("/cart.js")).json();
    expect(cart).toMatchObject({ item_count: 3, total_price: 22500, currency: "USD" });
    expect(cart.items.map((item: { key: string }) => item.key)).toEqual([expect.stringMatching(/^11:/), expect.stringMatching(/^22:/)]);

    const changed = await shopper("/cart/change.js", postJson({ id: cart.items[0].key, quantity: 1 }));
    expect(await changed.json()).toMatchObject({ item_count: 2, total_price: 12500 });
    const removed = await shopper("/cart/change.js", postJson({ line: 2, quantity: 0 }));
    expect(await removed.json()).toMatchObject({ item_count: 1, total_price: 10000 });

    cart = await (await shopper("/cart.js?currency=EUR")).json();
    expect(cart).toMatchObject({ currency: "EUR", total_price: 9200, items: [{ price: 9200 }] });
    const page = await (await shopper("/cart")).text();
    expect(page).toContain("€92,00 EUR");

    const cleared = await shopper("/cart/clear.js", { method: "POST" });
    expect(await cleared.json()).toMatchObject({ item_count: 0, items: [] });
  });

  it("answers Shopify's cart errors and accepts plain form posts", async () => {
    const shopper = browser(storefront.url);
    const unknown = await shopper("/cart/add.js", postJson({ id: 999, quantity: 1 }));
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ status: 404, message: "Cart Error", description: "Cannot find variant" });

    const badLine = await shopper("/cart/change.js", postJson({ line: 5, quantity: 1 }));
    expect(badLine.status).toBe(400);

    const form = new FormData();
    form.set("id", "31");
    form.set("quantity", "3");
    const posted = await shopper("/cart/add", { method: "POST", body: form });
    expect(posted.status).toBe(302);
    expect(posted.headers.get("location")).toBe("/cart");
    expect(await (await shopper("/cart.js")).json()).toMatchObject({ item_count: 3, total_price: 3750 });
  });
});

describe("loyalty blocks", () => {
  const PROGRAM = {
    enabled: true,
    currency: "USD",
    points_per_unit: 1,
    pending_days: 14,
    signup_points: 100,
    review_points: 50,
    referral_discount_percent: 10,
    tier_basis: "points",
    rewards: [
      { id: "reward-5", name: `$5 off ${XSS}`, kind: "amount_off", value: "5.00", points_cost: 100, minimum_order: null },
      { id: "reward-ship", name: "Free shipping", kind: "free_shipping", value: "0", points_cost: 250, minimum_order: "30.00" },
      {
        id: "reward-credit",
        name: "$7.50 store credit",
        kind: "store_credit",
        value: "7.50",
        points_cost: 120,
        minimum_order: null,
        credit_expiry_days: 30,
      },
    ],
    tiers: [
      { name: "Silver", threshold: 500, multiplier: 1 },
      { name: "Gold", threshold: 1500, multiplier: 1.25 },
    ],
  };
  const SILVER_MEMBER = {
    balance: 150,
    pending: 58,
    lifetime_earned: 700,
    tier: { name: "Silver", multiplier: 1 },
    next_tier: { name: "Gold", remaining: 800, basis: "points" },
    referral_code: "SILVER42",
    birthday_set: false,
    rewards: [
      {
        code: "REWARD-NEWCODE1",
        name: "Free shipping",
        points: 250,
        redeemed_at: "2026-12-05T09:00:00.000Z",
        used: false,
        used_at: null,
      },
      {
        code: `REWARD-${XSS}`,
        name: `$5 off ${XSS}`,
        points: 100,
        redeemed_at: "2026-11-20T09:00:00.000Z",
        used: true,
        used_at: "2026-11-24T12:00:00.000Z",
      },
      {
        code: null,
        name: "$7.50 store credit",
        points: 120,
        redeemed_at: "2026-11-10T09:00:00.000Z",
        used: false,
        used_at: null,
        store_credit: { amount: "7.50", currency: "USD", expires_at: "2026-12-10T09:00:00.000Z" },
      },
    ],
  };
  const GOLD_MEMBER = {
    ...SILVER_MEMBER,
    balance: 300,
    pending: 0,
    rewards: [],
    tier: { name: "Gold", multiplier: 1.25 },
    next_tier: null,
    birthday_set: true,
  };
  let loyalty: Storefront;
  let paused: Storefront;

  function loyaltyState(program: object): SimulatorState {
    const state = buildState();
    const shop = state.shops.get(SHOP)!;
    shop.customers.push({ ...shop.customers[0], id: "gid://shopify/Customer/8", email: "gold@example.com", firstName: "Goldie" });
    shop.metafields.push(
      metafield(shopGid(shop), "app--4242--loyalty", "program", "json", JSON.stringify(program)),
      metafield("gid://shopify/Customer/7", "app--4242--loyalty", "status", "json", JSON.stringify(SILVER_MEMBER)),
      metafield("gid://shopify/Customer/8", "app--4242--loyalty", "status", "json", JSON.stringify(GOLD_MEMBER)),
    );
    return state;
  }

  async function loggedIn(customerId: string) {
    const shopper = browser(loyalty.url);
    await shopper("/account/login", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `customer_id=${customerId}`,
    });
    return async (path: string) => (await shopper(path)).text();
  }

  const section = (html: string, start: string, end: string) => html.slice(html.indexOf(start), html.indexOf(end, html.indexOf(start)));
  const badgeOf = (html: string) => section(html, '<div class="rw-loyalty-badge"', "</div>");
  const rewardsOf = (html: string) => section(html, "<loyalty-rewards", "</loyalty-rewards>");
  const earnOf = (html: string) => section(html, '<p class="rw-loyalty-earn"', "</p>");
  const text = (html: string) =>
    html
      .replace(/<[^>]+>/g, " ")
      .replace(/\s+/g, " ")
      .trim();

  beforeAll(async () => {
    const options = {
      shopDomain: SHOP,
      appProxy: { target: `${fakeApp.url}/proxy`, prefix: "apps", subpath: "retention" },
      apiSecret: SECRET,
    };
    loyalty = await startStorefront({ ...options, state: loyaltyState(PROGRAM) });
    paused = await startStorefront({ ...options, state: loyaltyState({ ...PROGRAM, enabled: false }) });
  });

  afterAll(async () => {
    await loyalty?.close();
    await paused?.close();
  });

  it("invites a guest to join from the header, and shows the rewards without redeem buttons", async () => {
    const home = await (await fetch(`${loyalty.url}/`)).text();
    const header = section(home, '<header class="header', "</header>");
    expect(header).toContain('<a class="rw-loyalty-badge__link" href="/account/register">Join and earn 100 points</a>');

    const page = await (await fetch(`${loyalty.url}/pages/rewards`)).text();
    expect(page).toContain("<h1>Rewards</h1>");
    const block = rewardsOf(page);
    expect(text(block)).toContain("Create an account and get 100 points to start.");
    expect(block).toContain('href="/account/register"');
    expect(block).toContain('href="/account/login"');
    expect(text(block)).toContain("Free shipping 250 points On orders of 30.00 USD or more");
    expect(block).not.toContain("<form");
    expect(block).not.toContain("data-loyalty-balance");
    // The script comes with the block, in <head>, once.
    expect(page.match(/loyalty\.js/g)).toHaveLength(1);
  });

  it("shows a member's points, tier and pending points in the header, linking to the rewards page", async () => {
    const view = await loggedIn("7");
    const badge = badgeOf(await view("/collections/all"));
    expect(badge).toContain('href="/pages/rewards"');
    expect(text(badge)).toBe("Rewards: 150 points Silver +58 pending");
    expect(badge).toContain("<span data-loyalty-balance>150</span>");
  });

  it("lists the rewards with Redeem for what the member can afford and the reason for what they cannot", async () => {
    const view = await loggedIn("7");
    const block = rewardsOf(await view("/pages/rewards"));
    expect(text(section(block, "<dl", "</dl>"))).toBe("Your points 150 Pending 58 Your tier Silver");
    expect(text(block)).toContain("Pending points can be spent once the 14-day returns window of their order is over.");
    expect(block).toMatch(/<label for="LoyaltyRewards-loyalty_rewards_\d+-progress">800 more points to reach Gold<\/label>/);
    expect(block).toMatch(/<progress id="LoyaltyRewards-loyalty_rewards_\d+-progress" max="1500" value="700"><\/progress>/);

    const [fiveOff, shipping] = block.split('<li class="rw-loyalty__reward">').slice(1);
    expect(fiveOff).toMatch(/<form\s+method="post"\s+action="\/apps\/retention\/loyalty"\s+class="rw-loyalty__redeem"\s+data-cost="100"/);
    // The question the confirmation dialog asks, with the reward's name escaped.
    expect(fiveOff).toContain('data-confirm="Spend 100 points for $5 off &#60;img src=x onerror=alert(1)&#62;');
    expect(fiveOff).toContain('<input type="hidden" name="rewardId" value="reward-5">');
    expect(fiveOff).toContain('<input type="hidden" name="return_to" value="/pages/rewards">');
    expect(fiveOff).not.toMatch(/<button[^>]*disabled/);
    expect(text(fiveOff)).toContain("Redeem $5 off &lt;img src=x");
    expect(shipping).toMatch(/<button\s+type="submit"\s+class="rw-loyalty__button"\s+disabled aria-describedby="([\w-]+)-needed"/);
    expect(shipping).toMatch(/<p id="[\w-]+-needed" class="rw-loyalty__needed" data-needed>100 more points needed<\/p>/);

    // Birthday (not set yet) and referral forms, and the live region the script fills.
    expect(block).toContain('<input type="hidden" name="intent" value="birthday">');
    expect(block.match(/<option value="\d\d">/g)).toHaveLength(12 + 31);
    expect(block).toContain('<option value="04">April</option>');
    expect(block).toContain('<input type="hidden" name="intent" value="referral">');
    expect(text(block)).toContain("Your friend gets 10% off their first order");
    expect(block).toContain('role="status" aria-live="polite" data-status></div>');
    // The confirmation before points are spent: a native dialog whose safe choice has focus.
    expect(block).toMatch(/<dialog class="rw-loyalty__dialog" aria-labelledby="([\w-]+)-confirm" data-dialog>/);
    expect(block).toMatch(/<button value="cancel" class="rw-loyalty__button rw-loyalty__button--plain" autofocus>Cancel<\/button>/);
  });

  it("shows the ways to earn from the programme, beside the rewards to redeem", async () => {
    const page = await (await fetch(`${loyalty.url}/pages/rewards`)).text();
    const ways = section(rewardsOf(page), '<div class="rw-loyalty__ways">', '<ul class="rw-loyalty__rewards"');
    expect(text(ways)).toBe(
      "Ways to earn Place an order 1 point for every 1 USD spent Create an account 100 points Write a review 50 points Ways to redeem",
    );
    const greek = await (await fetch(`${loyalty.url}/pages/rewards?locale=el`)).text();
    expect(text(section(rewardsOf(greek), '<div class="rw-loyalty__ways">', "</ul>"))).toContain("Πώς κερδίζετε πόντους");
  });

  it("lists the member's codes in My rewards: unused ones to apply or copy, used ones with the date", async () => {
    const view = await loggedIn("7");
    const mine = section(rewardsOf(await view("/pages/rewards")), '<section class="rw-loyalty__mine"', "</section>");
    const [fresh, used] = mine.split('<li class="rw-loyalty__mine-item').slice(1);
    expect(text(fresh!)).toBe('"> Free shipping REWARD-NEWCODE1 Not used yet Apply to cart Copy code');
    expect(fresh).toContain('href="/discount/REWARD-NEWCODE1?redirect=%2Fcart"');
    expect(fresh).toContain('data-copy="REWARD-NEWCODE1"');
    expect(used).toContain("rw-loyalty__mine-item--used");
    expect(text(used!)).toContain("Used on Nov 24, 2026");
    expect(used).not.toContain("data-copy");
    expect(mine).not.toContain("<img src=x");
    expect(mine).toMatch(/data-mine-empty hidden>/);

    const gold = await loggedIn("8");
    const empty = section(rewardsOf(await gold("/pages/rewards")), '<section class="rw-loyalty__mine"', "</section>");
    expect(text(section(empty, "<p", "</p>"))).toBe("Codes you redeem appear here, ready to use at checkout.");
    expect(empty).toMatch(/data-mine-empty>/);
  });

  it("shows a store-credit reward with its amount and expiry and its own confirmation note, and the credit added in My rewards", async () => {
    const view = await loggedIn("7");
    const block = rewardsOf(await view("/pages/rewards"));
    const credit = block.split('<li class="rw-loyalty__reward">')[3]!;
    expect(text(credit)).toContain("$7.50 store credit 120 points 7.50 USD in store credit Expires 30 days after you redeem it");
    expect(credit).toContain('data-note="It is added to your store credit, to spend at checkout when you are logged in."');
    const mine = section(block, '<section class="rw-loyalty__mine"', "</section>");
    const added = mine.split('<li class="rw-loyalty__mine-item').slice(1)[2]!;
    expect(text(added)).toBe('"> $7.50 store credit 7.50 USD added to your store credit');
    expect(added).not.toContain("data-copy");
    // What the script puts there after a redemption, in the shopper's language.
    expect(block).toContain('data-credited="{amount} added to your store credit"');
    const greek = rewardsOf(await view("/pages/rewards?locale=el"));
    expect(greek).toContain('data-credited="Προστέθηκαν {amount} στην πίστωση καταστήματός σας"');
    expect(text(greek)).toContain("7.50 USD σε πίστωση καταστήματος");
  });

  it("escapes reward names", async () => {
    const view = await loggedIn("7");
    const html = await view("/pages/rewards");
    expect(rewardsOf(html)).not.toContain("<img src=x");
    expect(rewardsOf(html)).not.toContain("<script>alert");
  });

  it("estimates the points a product earns, with the member's tier multiplier, only in the programme's currency", async () => {
    const guest = await (await fetch(`${loyalty.url}/products/trail-shoe`)).text();
    expect(text(earnOf(guest))).toBe("Earn 100 points with this purchase");
    // Placed under the title, before the price.
    expect(guest.indexOf("product__title")).toBeLessThan(guest.indexOf("rw-loyalty-earn"));
    expect(guest.indexOf("rw-loyalty-earn")).toBeLessThan(guest.indexOf("price--large"));
    expect(text(earnOf(await (await fetch(`${loyalty.url}/products/one-review`)).text()))).toBe("Earn 12 points with this purchase"); // 12.50: rounded down

    const gold = await loggedIn("8");
    expect(text(earnOf(await gold("/products/trail-shoe")))).toBe("Earn 125 points with this purchase (Includes your Gold bonus)");
    expect(text(earnOf(await gold("/products/one-review")))).toBe("Earn 15 points with this purchase (Includes your Gold bonus)"); // 12.50 × 1.25 = 15.625
    const silver = await loggedIn("7");
    expect(text(earnOf(await silver("/products/trail-shoe")))).toBe("Earn 100 points with this purchase");

    const euros = await (await fetch(`${loyalty.url}/products/trail-shoe?currency=EUR`)).text();
    expect(euros).not.toContain('class="rw-loyalty-earn"');
    expect(euros).not.toContain("loyalty.js");
  });

  it("tells a top-tier member so and stops asking for a birthday that is set", async () => {
    const gold = await loggedIn("8");
    const block = rewardsOf(await gold("/account"));
    expect(text(block)).toContain("You are in our top tier.");
    expect(block).not.toContain("<progress");
    expect(block).not.toContain('value="birthday"');
    expect(block).not.toMatch(/<button[^>]*disabled/); // 300 points: both rewards
  });

  it("speaks Greek under /el/", async () => {
    const view = await loggedIn("7");
    const html = await view("/el/pages/rewards");
    expect(text(badgeOf(html))).toBe("Ανταμοιβές: 150 πόντοι Silver +58 σε αναμονή");
    const block = rewardsOf(html);
    expect(text(block)).toContain("Οι πόντοι σας 150");
    expect(text(block)).toContain("Ακόμη 800 πόντοι για το επίπεδο Gold");
    expect(text(block)).toContain("Χρειάζονται ακόμη 100 πόντοι");
    expect(block).toContain('<option value="04">Απρίλιος</option>');
    expect(block).toContain('<input type="hidden" name="locale" value="el">');
    expect(block).toContain('data-not-enough-points="Δεν έχετε ακόμη αρκετούς πόντους για αυτή την ανταμοιβή."');
    expect(text(earnOf(await view("/el/products/trail-shoe")))).toBe("Κερδίστε 100 πόντους με αυτή την αγορά");
    expect(html).not.toContain("translation missing");
  });

  it("shows nothing while the programme is paused", async () => {
    for (const path of ["/", "/pages/rewards", "/products/trail-shoe"]) {
      const html = await (await fetch(`${paused.url}${path}`)).text();
      expect(html).not.toMatch(/rw-loyalty|<loyalty-rewards/);
    }
  });

  it("ships a small script that never parses HTML", async () => {
    const source = await (await fetch(`${loyalty.url}/extension-assets/retention-widgets/loyalty.js`)).text();
    expect(source).toContain("customElements.define('loyalty-rewards'");
    expect(source).not.toMatch(/innerHTML|insertAdjacentHTML|outerHTML/);
    expect(gzipSync(source).length).toBeLessThan(2000);
  });

  it("follows Shopify's discount links back into the shop", async () => {
    const response = await fetch(`${loyalty.url}/discount/REWARD-ABC?redirect=%2Fcart`, { redirect: "manual" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/cart");
    expect(response.headers.getSetCookie().join()).toContain("discount_code=REWARD-ABC");
    const offsite = await fetch(`${loyalty.url}/discount/X?redirect=//evil.example`, { redirect: "manual" });
    expect(offsite.headers.get("location")).toBe("/");
  });
});

describe("free-shipping bar (app embed)", () => {
  /** What the app writes to shop.metafields['$app:shipping'].thresholds (stored resolved as app--<id>--shipping). */
  const THRESHOLDS = {
    enabled: true,
    shop_currency: "USD",
    base: { amount: "50.00", currency: "USD" },
    zones: [{ name: "Europe", countries: ["GR", "DE"], currency: "EUR", amount: "45.00" }],
    excluded_countries: ["AU"],
    messages: {
      en: {
        before: `Free shipping on orders over {amount} ${XSS}`,
        progress: "You're {amount} away from free shipping",
        reached: "You've got free shipping!",
      },
      el: {
        before: "Δωρεάν αποστολή άνω των {amount}",
        progress: "Σας λείπουν {amount} για δωρεάν αποστολή",
        reached: "Έχετε δωρεάν αποστολή!",
      },
    },
  };
  let shipping: Storefront;
  let disabled: Storefront;

  function shippingState(thresholds: object): SimulatorState {
    const state = buildState();
    const shop = state.shops.get(SHOP)!;
    shop.metafields.push(metafield(shopGid(shop), "app--4242--shipping", "thresholds", "json", JSON.stringify(thresholds)));
    return state;
  }

  const barOf = (html: string) => {
    const start = html.indexOf("<free-shipping-bar");
    return start < 0 ? "" : html.slice(start, html.indexOf("</free-shipping-bar>", start) + "</free-shipping-bar>".length);
  };
  const attribute = (html: string, name: string) => new RegExp(`${name}="([^"]*)"`).exec(html)?.[1];
  /** The message's text (the amount is in a span of its own). */
  const messageOf = (bar: string) => /data-fsb-message>(.*?)<\/p>/s.exec(bar)?.[1].replace(/<[^>]*>/g, "");
  const amountOf = (bar: string) => /<span class="rw-fsb__amount">([^<]*)<\/span>/.exec(bar)?.[1];

  beforeAll(async () => {
    const options = {
      shopDomain: SHOP,
      appProxy: { target: `${fakeApp.url}/proxy`, prefix: "apps", subpath: "retention" },
      apiSecret: SECRET,
    };
    shipping = await startStorefront({ ...options, state: shippingState(THRESHOLDS) });
    disabled = await startStorefront({ ...options, state: shippingState({ ...THRESHOLDS, enabled: false }) });
  });

  afterAll(async () => {
    await shipping?.close();
    await disabled?.close();
  });

  it("renders the embed before </body> on every page with the shop-currency threshold, escaping the merchant's text", async () => {
    for (const path of ["/", "/products/trail-shoe", "/collections/all", "/pages/rewards"]) {
      const html = await (await fetch(`${shipping.url}${path}`)).text();
      const bar = barOf(html);
      expect(bar, path).toContain('class="rw-fsb rw-fsb--bottom rw-fsb--fixed"');
      expect(html.indexOf(bar)).toBeGreaterThan(html.indexOf("</footer>"));
      expect(html.indexOf(bar)).toBeLessThan(html.indexOf("</body>"));
      expect(html.match(/<free-shipping-bar/g), path).toHaveLength(1);
    }
    const html = await (await fetch(`${shipping.url}/`)).text();
    const bar = barOf(html);
    expect(html).not.toMatch(/<link[^>]*extension-assets/);
    expect(barStyles(html)).toContain("--rw-fsb-min-height");
    expect(html).not.toContain('<script src="/extension-assets/retention-widgets/free-shipping.js"');
    expect(html.slice(0, html.indexOf("<free-shipping-bar"))).toContain(
      'const src = "/extension-assets/retention-widgets/free-shipping.js";',
    );
    expect(attribute(bar, "data-threshold")).toBe("5000");
    expect(attribute(bar, "data-currency")).toBe("USD");
    expect(attribute(bar, "data-cart")).toBe("/cart.js");
    expect(messageOf(bar)).toContain("Free shipping on orders over $50.00 &lt;img");
    expect(amountOf(bar)).toBe("$50.00");
    expect(bar).not.toContain("<img");
    expect(bar).not.toContain("<script");
    expect(attribute(bar, "aria-valuenow")).toBe("0");
    expect(bar).toMatch(/role="progressbar"[^>]*aria-label="Progress towards free shipping"[^>]*aria-valuemin="0"[^>]*aria-valuemax="100"/);
    expect(bar).toContain('aria-live="polite"');
  });

  it("shows the remaining amount and progress from the cart total, then free shipping once reached", async () => {
    const shopper = browser(shipping.url);
    await shopper("/cart/add.js", postJson({ id: 21, quantity: 1 })); // $20.00 of $50.00
    let bar = barOf(await (await shopper("/")).text());
    expect(messageOf(bar)).toBe("You&#39;re $30.00 away from free shipping");
    expect(attribute(bar, "aria-valuenow")).toBe("40");
    expect(bar).toContain('style="width: 40%"');

    await shopper("/cart/update.js", postJson({ updates: { "21": 2, "31": 1 } })); // $52.50
    bar = barOf(await (await shopper("/")).text());
    expect(messageOf(bar)).toBe("You&#39;ve got free shipping!");
    expect(attribute(bar, "aria-valuenow")).toBe("100");
    expect(bar).toContain("data-reached-state");
  });

  it("uses the zone amount for a Greek shopper paying in euros, in Greek under /el/", async () => {
    const shopper = browser(shipping.url);
    let bar = barOf(await (await shopper("/?country=GR")).text());
    expect(attribute(bar, "data-threshold")).toBe("4500");
    expect(attribute(bar, "data-currency")).toBe("EUR");
    expect(messageOf(bar)).toBe(
      "Free shipping on orders over €45,00 &lt;img src=x onerror=alert(1)&gt;&lt;/script&gt;&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;",
    );
    await shopper("/cart/add.js", postJson({ id: 21, quantity: 1 })); // 20.00 USD = €18.40
    bar = barOf(await (await shopper("/el")).text());
    expect(messageOf(bar)).toBe("Σας λείπουν €26,60 για δωρεάν αποστολή");
    expect(amountOf(bar)).toBe("€26,60");
    expect(attribute(bar, "aria-valuetext")).toBe("Σας λείπουν €26,60 για δωρεάν αποστολή");
    expect(attribute(bar, "aria-valuenow")).toBe("40");
    expect(attribute(bar, "data-cart")).toBe("/el/cart.js");
    expect(attribute(bar, "aria-label")).toBe("Πρόοδος προς τη δωρεάν αποστολή");
  });

  it("never shows a threshold in another currency, nor to excluded countries or while switched off", async () => {
    const cases: [string, string | null][] = [
      ["/?country=US&currency=EUR", null], // € cart, no € zone for the US: no $ threshold either
      ["/?country=GB", null], // pays in £: no zone, not the shop currency
      ["/?country=AU&currency=USD", null], // excluded, even in the shop currency
      ["/?country=FR", null], // € but not in the Europe zone's countries
      ["/?country=GR&currency=USD", "5000"], // Greek shopper paying in dollars: the base threshold
      ["/?country=DE", "4500"],
    ];
    for (const [path, threshold] of cases) {
      const html = await (await browser(shipping.url)(path)).text();
      const bar = barOf(html);
      if (threshold === null) expect(bar, path).toBe("");
      else expect(attribute(bar, "data-threshold"), path).toBe(threshold);
    }
    expect(barOf(await (await fetch(`${disabled.url}/`)).text())).toBe("");
  });

  it("keeps the country and its currency for the visit, and the theme offers a country selector", async () => {
    const shopper = browser(shipping.url);
    const home = await (await shopper("/?country=GR")).text();
    expect(home).toMatch(/<option value="GR" selected>\s*Greece \(EUR\)\s*<\/option>/);
    expect(await (await shopper("/cart.js")).json()).toMatchObject({ currency: "EUR" });
    expect(barOf(await (await shopper("/products/wool-cap")).text())).toContain('data-currency="EUR"');
  });

  it("updates the cart with /cart/update.js like Shopify", async () => {
    const shopper = browser(shipping.url);
    await shopper(
      "/cart/add.js",
      postJson({
        items: [
          { id: 11, quantity: 1 },
          { id: 21, quantity: 3 },
        ],
      }),
    );
    let cart = await (await shopper("/cart/update.js", postJson({ updates: [2, 0], note: "Gift" }))).json();
    expect(cart).toMatchObject({ item_count: 2, note: "Gift", items: [{ id: 11, quantity: 2 }] });
    cart = await (await shopper("/cart/update.js", postJson({ updates: { [cart.items[0].key]: 0, "22": 1 } }))).json();
    expect(cart).toMatchObject({ item_count: 1, items: [{ id: 22, quantity: 1 }] });
    const bad = await shopper("/cart/update.js", postJson({ updates: { "999": 1 } }));
    expect(bad.status).toBe(404);
  });

  it("ships a small script that never parses HTML", async () => {
    const source = await (await fetch(`${shipping.url}/extension-assets/retention-widgets/free-shipping.js`)).text();
    expect(source).toMatch(/customElements\.define\(\s*NAME,/);
    expect(source).not.toMatch(/innerHTML|insertAdjacentHTML|outerHTML/);
    expect(gzipSync(source).length).toBeLessThan(3000);
  });

  /** Renders with the embed's theme-editor settings (and other placements), then puts the defaults back. */
  async function withPlacements<T>(placements: BlockPlacement[], run: () => Promise<T>): Promise<T> {
    const saved = [...shipping.placements];
    shipping.placements.push(...placements);
    try {
      return await run();
    } finally {
      shipping.placements.splice(0, shipping.placements.length, ...saved);
    }
  }
  const embed = (settings: Record<string, unknown>): BlockPlacement => ({ block: "free-shipping-bar", slot: "body", settings });
  const NO_CART_BLOCK: BlockPlacement = { block: "free-shipping-cart", slot: "apps", disabled: true };
  const barsOn = async (path: string) =>
    [...(await (await fetch(`${shipping.url}${path}`)).text()).matchAll(/<free-shipping-bar\s+class="([^"]*)"/g)].map((match) => match[1]);

  it("sits at the top or the bottom of the viewport as the embed's Position setting says", async () => {
    expect(await barsOn("/")).toEqual(["rw-fsb rw-fsb--bottom rw-fsb--fixed"]);
    await withPlacements([embed({ position: "top" })], async () => {
      expect(await barsOn("/")).toEqual(["rw-fsb rw-fsb--top rw-fsb--fixed"]);
      expect(await barsOn("/products/trail-shoe")).toEqual(["rw-fsb rw-fsb--top rw-fsb--fixed"]);
    });
    // The space a fixed bar reserves is a CSS variable other widgets can read.
    const css = barStyles(await (await fetch(`${shipping.url}/`)).text());
    expect(css).toMatch(/:has\(\.rw-fsb--bottom:not\(\[hidden\]\)\) \{\s*--rw-fsb-bottom: var\(--rw-fsb-height/);
    expect(css).toMatch(/:has\(\.rw-fsb--top:not\(\[hidden\]\)\) body \{\s*padding-top: var\(--rw-fsb-top\)/);
    expect(css).toMatch(/scroll-padding-bottom: var\(--rw-fsb-bottom\)/);
  });

  it("renders only on the pages the merchant targets, decided in Liquid by request.page_type", async () => {
    const pages = ["/", "/products/trail-shoe", "/collections/all", "/pages/rewards", "/cart"];
    const shown = async () => {
      const result: string[] = [];
      for (const path of pages) if ((await barsOn(path)).some((classes) => classes.includes("rw-fsb--fixed"))) result.push(path);
      return result;
    };
    await withPlacements([embed({ pages: "all" }), NO_CART_BLOCK], async () => expect(await shown()).toEqual(pages));
    await withPlacements([embed({ pages: "product" }), NO_CART_BLOCK], async () => expect(await shown()).toEqual(["/products/trail-shoe"]));
    await withPlacements([embed({ pages: "cart" }), NO_CART_BLOCK], async () => expect(await shown()).toEqual(["/cart"]));
    // Targeted away, the embed leaves no markup behind (Shopify still loads an enabled embed's assets).
    await withPlacements([embed({ pages: "cart" }), NO_CART_BLOCK], async () => {
      const home = await (await fetch(`${shipping.url}/`)).text();
      expect(home).not.toContain("<free-shipping-bar");
      expect(home).not.toContain("rw-fsb");
    });
  });

  it("offers a labelled close button on the fixed bar, checked against the session before the bar paints", async () => {
    const html = await (await fetch(`${shipping.url}/el`)).text();
    const bar = barOf(html);
    expect(bar).toMatch(/<button type="button" class="rw-fsb__close" data-fsb-dismiss aria-label="Κλείσιμο της μπάρας δωρεάν αποστολής">/);
    expect(bar).toMatch(/<svg aria-hidden="true" focusable="false"/);
    // Before the bar exists, so no frame shows it: a bar closed this session stays closed.
    const script = html.slice(0, html.indexOf("<free-shipping-bar")).match(/<script>((?:(?!<script>)[\s\S])*?)<\/script>\s*$/)?.[1] ?? "";
    expect(script).toContain("sessionStorage.getItem('rw-fsb-dismissed')");
    expect(script).toContain("document.documentElement.setAttribute('data-rw-fsb-dismissed', '')");
    const css = barStyles(await (await fetch(`${shipping.url}/`)).text());
    expect(css).toMatch(/\[data-rw-fsb-dismissed\] \.rw-fsb--fixed \{\s*display: none;/);
    expect(css).toMatch(
      /:root:not\(\[data-rw-fsb-dismissed\], :has\(\.rw-fsb--inline\)\):has\(\.rw-fsb--bottom:not\(\[hidden\]\)\) body \{\s*padding-bottom/,
    );
    const source = await (await fetch(`${shipping.url}/extension-assets/retention-widgets/free-shipping.js`)).text();
    expect(source).toContain("sessionStorage.setItem(DISMISSED, '1')");
    // The cart block sits in the page: nothing to close.
    const cart = await (await fetch(`${shipping.url}/cart`)).text();
    const inline = barOf(cart);
    expect(inline).toContain("rw-fsb--inline");
    expect(inline).not.toContain("rw-fsb__close");
  });

  it("follows the theme's colours unless the merchant picks their own", async () => {
    expect(barOf(await (await fetch(`${shipping.url}/`)).text())).not.toContain('style="--rw-fsb');
    const background = "linear-gradient(90deg, #fff6e0 0%, #ffe2b8 100%)";
    await withPlacements([embed({ text_color: "#1b1b1b", bar_color: "#0b6e4f", background })], async () => {
      const bar = barOf(await (await fetch(`${shipping.url}/`)).text());
      expect(attribute(bar, "style")).toBe(`--rw-fsb-text: #1b1b1b;--rw-fsb-fill: #0b6e4f;--rw-fsb-bg: ${background};`);
    });
    await withPlacements([embed({ bar_color: '#000;"><script>alert(1)</script>' })], async () => {
      const bar = barOf(await (await fetch(`${shipping.url}/`)).text());
      expect(bar).not.toContain("<script>");
      expect(attribute(bar, "style")).toBe("--rw-fsb-fill: #000;&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;;");
    });
  });

  it("shows one bar on the cart page: the cart block takes the place of the embed", async () => {
    const cart = await (await fetch(`${shipping.url}/cart`)).text();
    // Both render (Liquid cannot see the other block); the embed, after the content, is hidden from the first frame and removed by its script.
    expect(await barsOn("/cart")).toEqual(["rw-fsb rw-fsb--inline", "rw-fsb rw-fsb--bottom rw-fsb--fixed"]);
    expect(cart.indexOf("rw-fsb--inline")).toBeLessThan(cart.indexOf("</main>"));
    const css = barStyles(await (await fetch(`${shipping.url}/`)).text());
    expect(css).toMatch(/body:has\(\.rw-fsb--inline\) \.rw-fsb--fixed \{\s*display: none;/);
    const source = await (await fetch(`${shipping.url}/extension-assets/retention-widgets/free-shipping.js`)).text();
    expect(source).toContain("if (document.querySelector(`${NAME}.rw-fsb--inline`)) return this.remove();");
    // Without the cart block, the embed is the cart page's one bar.
    await withPlacements([NO_CART_BLOCK], async () => expect(await barsOn("/cart")).toEqual(["rw-fsb rw-fsb--bottom rw-fsb--fixed"]));
  });
});
