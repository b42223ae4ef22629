// The review request email's page through signed app-proxy requests: the order's products with
// their images from (simulated) Shopify, one submission for several products with photos stored
// in Shopify Files, inline errors that keep what was typed, and every answer a page, never JSON.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RequestType, setUpValidRequest } from "@shopify/shopify-api/test-helpers";
import { startSimulator, type Simulator } from "../../scripts/simulator/server";
import { storeOfflineSession } from "../../scripts/simulator/install";
import { DEMO_ACCESS_TOKEN, DEMO_SHOP_DOMAIN } from "../../scripts/simulator/demo-store";
import { createReviewToken } from "../../app/reviews/review-links";

const SHOP = DEMO_SHOP_DOMAIN;
const ORDER = "gid://shopify/Order/7001";
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
let simulator: Simulator;
let route: typeof import("../../app/routes/proxy.review");
let db: typeof import("../../app/db.server").default;
let soap: { id: string; numericId: string; title: string; imageUrl: string };
let mug: { id: string; numericId: string; title: string; imageUrl: string };

beforeAll(async () => {
  simulator = await startSimulator({ appUrl: "http://127.0.0.1:9", apiKey: "k", apiSecret: process.env.SHOPIFY_API_SECRET! });
  process.env.SHOPIFY_ADMIN_API_ORIGIN = simulator.url;
  const shopify = await import("../../app/shopify.server");
  route = await import("../../app/routes/proxy.review");
  db = (await import("../../app/db.server")).default;
  await storeOfflineSession(shopify.sessionStorage, { shop: SHOP, accessToken: DEMO_ACCESS_TOKEN });
  const [first, second] = simulator.state.shops.get(SHOP)!.products;
  const product = (p: typeof first) => ({ id: p!.id, numericId: p!.id.split("/").pop()!, title: p!.title, imageUrl: p!.imageUrl! });
  soap = product(first);
  mug = product(second);
  const line = (p: typeof soap, n: number) => ({
    lineItemId: `gid://shopify/LineItem/${n}`,
    productId: p.id,
    variantId: null,
    title: p.title,
    quantity: 1,
    price: "10.00",
  });
  await db.order.create({
    data: {
      id: ORDER,
      shop: SHOP,
      name: "#7001",
      email: "Maria@Example.com",
      customerFirstName: "Μαρία",
      customerLocale: "el",
      currencyCode: "USD",
      presentmentCurrencyCode: "USD",
      totalPrice: "20.00",
      presentmentTotalPrice: "20.00",
      subtotalPrice: "20.00",
      financialStatus: "paid",
      processedAt: new Date(),
      paidAt: new Date(),
      lineItems: [line(soap, 1), line(mug, 2)],
    },
  });
});

afterAll(() => simulator.close());

const token = (overrides: { expiresAt?: Date; shop?: string } = {}) =>
  createReviewToken(
    { shop: SHOP, orderId: ORDER, productIds: [soap.id, mug.id], expiresAt: new Date(Date.now() + 86_400_000), ...overrides },
    process.env.SHOPIFY_API_SECRET!,
  );

async function signed(params: Record<string, string>, init: { method?: string; body?: FormData } = {}) {
  const url = new URL("http://localhost:3000/proxy/review");
  for (const [key, value] of Object.entries({ path_prefix: "/apps/retention", ...params })) url.searchParams.set(key, value);
  const request = await setUpValidRequest(
    { type: RequestType.Public, store: SHOP.replace(".myshopify.com", ""), apiSecretKey: process.env.SHOPIFY_API_SECRET! },
    new Request(url),
  );
  return new Request(request.url, { method: init.method ?? "GET", body: init.body, headers: { "x-forwarded-for": "198.51.100.7" } });
}

const open = async (params: Record<string, string>) =>
  (await route.loader({ request: await signed(params), params: {}, context: {} })) as Response;

const submit = async (fields: Record<string, string>, photos: Record<string, Blob[]> = {}) => {
  const body = new FormData();
  for (const [key, value] of Object.entries(fields)) body.set(key, value);
  for (const [field, blobs] of Object.entries(photos)) for (const [n, blob] of blobs.entries()) body.append(field, blob, `photo-${n}.png`);
  return (await route.action({ request: await signed({}, { method: "POST", body }), params: {}, context: {} })) as Response;
};

describe("the review page behind a review request's link", () => {
  it("lists both products with their Shopify images, in Greek, with the email's star already chosen", async () => {
    const response = await open({ token: token(), locale: "el", product: mug.numericId, rating: "4" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/liquid");
    const html = await response.text();
    expect(html).toContain('lang="el"');
    expect(html).toContain("Πώς τα πήγαμε;");
    for (const product of [soap, mug]) {
      expect(html).toContain(`>${product.title}</h2>`);
      expect(html).toContain(`src="${product.imageUrl}"`);
    }
    // The clicked product comes first, its 4 stars checked; the other has no rating yet.
    expect(html.indexOf(mug.title)).toBeLessThan(html.indexOf(soap.title));
    expect(html).toMatch(/name="reviews\[1\]\.rating" value="4" checked>/);
    expect(html).not.toMatch(/name="reviews\[0\]\.rating" value="\d" checked>/);
    expect(html).toContain('value="Μαρία"');
  });

  it("answers an invalid or expired link with a page in the shop's theme, not JSON", async () => {
    const expired = await open({ token: token({ expiresAt: new Date(Date.now() - 1000) }) });
    expect(expired.status).toBe(403);
    expect(expired.headers.get("content-type")).toBe("application/liquid");
    expect(await expired.text()).toContain("This review link has expired");
    const tampered = await open({ token: token().slice(0, -2) });
    expect(await tampered.text()).toContain("This review link isn&#39;t valid");
    const posted = await submit({ token: token({ shop: "other.myshopify.com" }), "reviews[0].product_id": soap.numericId });
    expect(posted.status).toBe(403);
    expect(posted.headers.get("content-type")).toBe("application/liquid");
  });

  it("sends the form back with inline errors and everything typed kept", async () => {
    const response = await submit(
      {
        token: token(),
        locale: "en",
        "reviews[0].product_id": soap.numericId,
        "reviews[0].rating": "5",
        "reviews[0].title": "See www.spam.com",
        "reviews[0].body": "Creamy lather, <b>lovely</b> {{ scent }}.",
        "reviews[1].product_id": mug.numericId,
        "reviews[1].body": "Nice",
        author_name: "Maria P.",
      },
      { "reviews[0].photos": [new Blob([PNG], { type: "image/png" })] },
    );
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain("Links are not allowed in the title.");
    expect(html).toContain("Choose a rating from 1 to 5 stars.");
    expect(html).toContain("Write at least 10 characters.");
    expect(html).toContain("Please fix 3 problems below.");
    expect(html).toContain('aria-invalid="true"');
    // Kept, escaped, and inert as Liquid.
    expect(html).toContain("Creamy lather, &lt;b&gt;lovely&lt;/b&gt; &#123;&#123; scent &#125;&#125;.</textarea>");
    expect(html).toContain('value="See www.spam.com"');
    expect(html).toMatch(/name="reviews\[0\]\.rating" value="5" checked>/);
    expect(html).toContain('value="Maria P."');
    expect(html).toContain("Your photos were not sent: please choose them again.");
    expect(await db.review.count({ where: { shop: SHOP, orderId: ORDER } })).toBe(0);
  });

  it("takes both products' reviews with their photos in one submission, then says they are reviewed", async () => {
    const response = await submit(
      {
        token: token(),
        locale: "en",
        "reviews[0].product_id": soap.numericId,
        "reviews[0].rating": "5",
        "reviews[0].title": "Smells of the sea",
        "reviews[0].body": "Creamy lather and it lasts for weeks.",
        "reviews[1].product_id": mug.numericId,
        "reviews[1].rating": "4",
        "reviews[1].body": "Holds heat well, the glaze is lovely.",
        author_name: "Maria P.",
      },
      {
        "reviews[0].photos": [new Blob([PNG], { type: "image/png" }), new Blob([PNG], { type: "image/png" })],
        "reviews[1].photos": [new Blob([PNG], { type: "image/png" })],
      },
    );
    const html = await response.text();
    expect(response.status, html).toBe(200);
    expect(html).toContain("Thank you for your reviews!");
    expect(html).toContain('aria-label="Rated 5 out of 5"');
    expect(html).toContain('aria-label="Rated 4 out of 5"');
    expect(html).toContain("Smells of the sea");

    const reviews = await db.review.findMany({
      where: { shop: SHOP, orderId: ORDER },
      include: { photos: true },
      orderBy: { rating: "desc" },
    });
    expect(reviews.map((r) => [r.productId, r.rating, r.photos.length, r.verified, r.verifiedBy, r.source, r.authorEmail])).toEqual([
      [soap.id, 5, 2, true, "review_link", "request_email", "maria@example.com"],
      [mug.id, 4, 1, true, "review_link", "request_email", "maria@example.com"],
    ]);
    const files = simulator.state.shops.get(SHOP)!.files;
    for (const photo of reviews.flatMap((review) => review.photos)) expect(files.some((file) => file.id === photo.fileId)).toBe(true);

    const again = await open({ token: token(), locale: "en" });
    const page = await again.text();
    expect(again.status).toBe(200);
    expect(page).toContain("You&#39;ve already reviewed this order");
    expect(page).not.toContain("<form");
    const resent = await submit({ token: token(), "reviews[0].product_id": soap.numericId, "reviews[0].rating": "1" });
    expect(await resent.text()).toContain("You&#39;ve already reviewed this order");
    expect(await db.review.count({ where: { shop: SHOP, orderId: ORDER } })).toBe(2);
  });
});
