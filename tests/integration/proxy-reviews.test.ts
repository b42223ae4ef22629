// Storefront reviews through the app proxy: signed requests, verification from the
// shopper's orders, photos stored in (simulated) Shopify Files, spam defences, one review per
// product and buyer however many submissions race, products checked with the shop, and text
// stored as the database can keep it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RequestType, setUpValidRequest } from "@shopify/shopify-api/test-helpers";
import { startSimulator, type Simulator } from "../../scripts/simulator/server";
import { storeOfflineSession } from "../../scripts/simulator/install";
import { DEMO_ACCESS_TOKEN, DEMO_SHOP_DOMAIN } from "../../scripts/simulator/demo-store";
import { createReviewToken } from "../../app/reviews/review-links";
import { encodeShopperCursor } from "../../app/reviews/shopper-cursor";

const SHOP = DEMO_SHOP_DOMAIN;
const CUSTOMER = "gid://shopify/Customer/77";
const PRODUCT = "gid://shopify/Product/501";
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
let simulator: Simulator;
let route: typeof import("../../app/routes/proxy.reviews");
let landing: typeof import("../../app/routes/proxy.review");
let db: typeof import("../../app/db.server").default;

beforeAll(async () => {
  simulator = await startSimulator({ appUrl: "http://127.0.0.1:9", apiKey: "k", apiSecret: process.env.SHOPIFY_API_SECRET! });
  process.env.SHOPIFY_ADMIN_API_ORIGIN = simulator.url;
  const shopify = await import("../../app/shopify.server");
  route = await import("../../app/routes/proxy.reviews");
  landing = await import("../../app/routes/proxy.review");
  db = (await import("../../app/db.server")).default;
  await storeOfflineSession(shopify.sessionStorage, { shop: SHOP, accessToken: DEMO_ACCESS_TOKEN });
  await db.order.create({
    data: {
      id: "gid://shopify/Order/9001",
      shop: SHOP,
      name: "#9001",
      email: "eleni@example.com",
      customerId: CUSTOMER,
      currencyCode: "USD",
      presentmentCurrencyCode: "USD",
      totalPrice: "30.00",
      presentmentTotalPrice: "30.00",
      subtotalPrice: "25.00",
      financialStatus: "paid",
      processedAt: new Date(),
      paidAt: new Date(),
      lineItems: [
        { lineItemId: "gid://shopify/LineItem/1", productId: PRODUCT, variantId: null, title: "Soap", quantity: 1, price: "25.00" },
      ],
    },
  });
});

afterAll(() => simulator.close());

async function signed(
  method: "GET" | "POST",
  params: Record<string, string>,
  body?: FormData,
  path = "/proxy/reviews",
  ip = "203.0.113.9",
) {
  const url = new URL(`http://localhost:3000${path}`);
  for (const [key, value] of Object.entries({ path_prefix: "/apps/retention", ...params })) url.searchParams.set(key, value);
  const request = await setUpValidRequest(
    { type: RequestType.Public, store: SHOP.replace(".myshopify.com", ""), apiSecretKey: process.env.SHOPIFY_API_SECRET! },
    new Request(url),
  );
  return new Request(request.url, { method, body, headers: { "x-forwarded-for": ip } });
}

/** `ip`: the shopper's address, which a guest's request rate limit counts by. */
const post = async (form: Record<string, string>, customer = CUSTOMER.split("/").pop()!, photos: Blob[] = [], ip?: string) => {
  const body = new FormData();
  for (const [key, value] of Object.entries(form)) body.set(key, value);
  for (const photo of photos) body.append("photos", photo, "photo.png");
  return route.action({
    request: await signed("POST", { logged_in_customer_id: customer }, body, undefined, ip),
    params: {},
    context: {},
  }) as Promise<Response>;
};

const review = {
  product_id: "501",
  rating: "5",
  title: "Lovely",
  body: "Smells like the sea, lasts for weeks.",
  author_name: "Eleni P.",
  author_email: "eleni@example.com",
  locale: "el",
};

describe("storefront reviews via the app proxy", () => {
  it("publishes a verified buyer's review with a photo stored in Shopify Files", async () => {
    const response = await post(review, undefined, [new Blob([PNG], { type: "image/png" })]);
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ status: "published" });
    const saved = await db.review.findFirstOrThrow({ where: { shop: SHOP, productId: PRODUCT }, include: { photos: true } });
    expect(saved).toMatchObject({ verified: true, verifiedBy: "customer_order", customerId: CUSTOMER, source: "storefront", locale: "el" });
    expect(saved.photos).toHaveLength(1);
    expect(saved.photos[0]!.fileId).toMatch(/^gid:\/\/shopify\/MediaImage\//);
    expect(simulator.state.shops.get(SHOP)!.files.some((file) => file.id === saved.photos[0]!.fileId)).toBe(true);
    expect(saved.ipHash).not.toContain("203.0.113.9");
  });

  it("serves published reviews as JSON without anything private", async () => {
    const response = (await route.loader({ request: await signed("GET", { product_id: "501" }), params: {}, context: {} })) as Response;
    const page = await response.json();
    expect(page).toMatchObject({ nextCursor: null });
    expect(page.reviews).toHaveLength(1);
    expect(page.reviews[0]).toMatchObject({ title: "Lovely", authorName: "Eleni P.", verified: true });
    expect(JSON.stringify(page)).not.toMatch(/eleni@example\.com|Customer\/77|ipHash/);
  });

  it("refuses a cursor that is not one this list gave", async () => {
    const list = async (params: Record<string, string>) =>
      (await route.loader({ request: await signed("GET", { product_id: "501", ...params }), params: {}, context: {} })) as Response;
    const fromAnotherSort = encodeShopperCursor({ sort: "newest" }, { key: null, createdAt: new Date(), id: "x" });
    expect((await list({ sort: "helpful", cursor: fromAnotherSort })).status).toBe(400);
    expect((await list({ cursor: "bm9wZQ" })).status).toBe(400);
    expect((await list({ cursor: fromAnotherSort })).status).toBe(200);
  });

  it("refuses the same customer reviewing the same product twice", async () => {
    const response = await post({ ...review, body: "Second opinion on the same soap, still good." });
    expect(response.status).toBe(409);
  });

  it("refuses anonymous reviews unless the merchant allows them", async () => {
    const response = await post({ ...review, author_email: "" }, "");
    expect(response.status).toBe(403);
  });

  it("names the field that is wrong", async () => {
    const response = await post({ ...review, body: "short" }, "78");
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ field: "body" });
  });

  it("rejects files that are not images", async () => {
    const response = await post({ ...review, product_id: "502" }, "79", [new Blob(["<svg onload=alert(1)>"], { type: "image/png" })]);
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ field: "photos" });
  });

  it("answers a bot that fills the honeypot as if it worked, storing nothing", async () => {
    const before = await db.review.count();
    const response = await post({ ...review, product_id: "503", website: "http://spam.example" }, "80");
    expect(response.status).toBe(201);
    expect(await db.review.count()).toBe(before);
  });

  it("refuses a tampered signature with 401 and writes nothing", async () => {
    const before = await db.review.count();
    const request = await signed("POST", { logged_in_customer_id: "81" }, new FormData());
    const url = new URL(request.url);
    url.searchParams.set("logged_in_customer_id", "77");
    const outcome = await route
      .action({ request: new Request(url, { method: "POST", body: new FormData() }), params: {}, context: {} })
      .catch((thrown: unknown) => thrown);
    expect((outcome as Response).status).toBe(401);
    expect(await db.review.count()).toBe(before);
  });

  describe("review-request links", () => {
    const token = (overrides: Partial<{ shop: string; expiresAt: Date; productIds: string[] }> = {}) =>
      createReviewToken(
        {
          shop: SHOP,
          orderId: "gid://shopify/Order/9001",
          productIds: [PRODUCT],
          expiresAt: new Date(Date.now() + 86_400_000),
          ...overrides,
        },
        process.env.SHOPIFY_API_SECRET!,
      );
    const open = async (value: string, locale = "en") =>
      (await landing.loader({
        request: await signed("GET", { token: value, locale }, undefined, "/proxy/review"),
        params: {},
        context: {},
      })) as Response;

    // The review page itself: tests/integration/review-page.test.ts.
    it("opens a page in the shopper's language that does not offer a product the buyer reviewed above", async () => {
      const response = await open(token(), "el");
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("application/liquid");
      const html = await response.text();
      expect(html).toContain("Έχετε ήδη αξιολογήσει αυτή την παραγγελία");
      expect(html).toContain("<h2>Soap</h2>");
      expect(html).not.toContain("<form");
    });

    it("refuses expired, tampered and other shops' links", async () => {
      expect((await open(token({ expiresAt: new Date(Date.now() - 1000) }))).status).toBe(403);
      expect((await open(token().replace(/.$/, (c) => (c === "A" ? "B" : "A")))).status).toBe(403);
      expect((await open(token({ shop: "other.myshopify.com" }))).status).toBe(403);
    });

    it("verifies a guest's review through the link, for the linked products only", async () => {
      const linked = token({ productIds: ["gid://shopify/Product/601"] });
      const ok = await post(
        { ...review, product_id: "601", token: linked, author_email: "", body: "Bought it as a gift, they loved it." },
        "",
      );
      expect(ok.status).toBe(201);
      const saved = await db.review.findFirstOrThrow({ where: { shop: SHOP, productId: "gid://shopify/Product/601" } });
      expect(saved).toMatchObject({ verified: true, verifiedBy: "review_link", orderId: "gid://shopify/Order/9001" });
      const other = await post({ ...review, product_id: "602", token: linked, body: "Not part of this order at all." }, "");
      expect(other.status).toBe(403);
      const expired = await post({ ...review, product_id: "501", token: token({ expiresAt: new Date(0) }) }, "");
      expect(expired.status).toBe(403);
    });
  });
});

describe("one review per product and buyer, however many submissions race", () => {
  const png = () => new Blob([PNG], { type: "image/png" });
  const photoRows = (productId: string) => db.reviewPhoto.count({ where: { review: { shop: SHOP, productId } } });

  async function paidOrder(id: string, customerId: string | null, email: string, productId: string) {
    await db.order.create({
      data: {
        id,
        shop: SHOP,
        name: `#${id.split("/").pop()}`,
        email,
        customerId,
        currencyCode: "USD",
        presentmentCurrencyCode: "USD",
        totalPrice: "30.00",
        presentmentTotalPrice: "30.00",
        subtotalPrice: "25.00",
        financialStatus: "paid",
        processedAt: new Date(),
        paidAt: new Date(),
        lineItems: [{ lineItemId: `${id}-line`, productId, variantId: null, title: "Soap", quantity: 1, price: "25.00" }],
      },
    });
  }

  it.each([
    { buyer: "a customer's order", orderId: "gid://shopify/Order/9101", customerId: "gid://shopify/Customer/85", product: "701" },
    { buyer: "a guest's order", orderId: "gid://shopify/Order/9102", customerId: null, product: "702" },
  ])(
    "stores 1 of 20 submissions posted at once with one review link ($buyer), each with a photo",
    async ({ orderId, customerId, product }) => {
      const productId = `gid://shopify/Product/${product}`;
      await paidOrder(orderId, customerId, `buyer-${product}@example.com`, productId);
      const link = createReviewToken(
        { shop: SHOP, orderId, productIds: [productId], expiresAt: new Date(Date.now() + 86_400_000) },
        process.env.SHOPIFY_API_SECRET!,
      );
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, n) =>
          // Each from its own address, with its own text and typed address: only the buyer is the same.
          post(
            {
              ...review,
              product_id: product,
              token: link,
              author_email: `alias-${n}@example.com`,
              body: `Attempt ${n}: smells like the sea.`,
            },
            "",
            [png()],
            `198.51.100.${n + 1}`,
          ),
        ),
      );
      const statuses = responses.map((response) => response.status).sort();
      expect(statuses).toEqual([201, ...Array(19).fill(409)]);
      for (const response of responses.filter((r) => r.status === 409)) {
        expect(await response.json()).toEqual({ error: "You have already reviewed this product." });
      }
      const stored = await db.review.findMany({ where: { shop: SHOP, productId } });
      expect(stored).toHaveLength(1);
      expect(stored[0]).toMatchObject({ verified: true, verifiedBy: "review_link", orderId, photoCount: 1 });
      // The losers' photos are attached to nothing: only the stored review's photo has a row.
      expect(await photoRows(productId)).toBe(1);
    },
  );

  it("stores 1 of 10 submissions posted at once by one logged-in buyer", async () => {
    const productId = "gid://shopify/Product/703";
    await paidOrder("gid://shopify/Order/9103", "gid://shopify/Customer/86", "buyer-703@example.com", productId);
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, n) =>
        post({ ...review, product_id: "703", author_email: "", body: `Attempt ${n}: lasts for weeks.` }, "86"),
      ),
    );
    expect(responses.map((response) => response.status).sort()).toEqual([201, ...Array(9).fill(409)]);
    const stored = await db.review.findMany({ where: { shop: SHOP, productId } });
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ verified: true, verifiedBy: "customer_order", buyerKey: "customer:gid://shopify/Customer/86" });
  });
});

describe("products that cannot exist, or that the shop does not have", () => {
  const inTheShop = () => simulator.state.shops.get(SHOP)!.products[0]!.id.split("/").pop()!;
  const reviewsOf = (product: string) => db.review.count({ where: { shop: SHOP, productId: `gid://shopify/Product/${product}` } });

  it.each(["1".repeat(40), "18446744073709551616", "1".repeat(21), "0501", `gid://shopify/Product/${"9".repeat(25)}`, "501abc"])(
    "refuses product_id %s with 422 before anything else",
    async (product) => {
      const before = await db.review.count();
      const response = await post({ ...review, product_id: product, body: "A product that cannot exist at all." }, "87");
      expect(response.status).toBe(422);
      expect(await response.json()).toEqual({ error: "The product must be a Shopify product ID.", field: "product_id" });
      expect(await db.review.count()).toBe(before);
    },
  );

  it("refuses them when listing reviews too", async () => {
    const response = (await route.loader({
      request: await signed("GET", { product_id: "1".repeat(40) }),
      params: {},
      context: {},
    })) as Response;
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: "The product must be a Shopify product ID." });
  });

  it("asks the shop about a product no order of the shopper proves, refusing one it does not have with 404", async () => {
    const missing = await post({ ...review, product_id: "18446744073709551615", body: "Not a product of this shop." }, "88");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: "This product is not in the shop.", field: "product_id" });
    expect(await reviewsOf("18446744073709551615")).toBe(0);

    const real = await post({ ...review, product_id: inTheShop(), body: "Bought it in a shop nearby, love it." }, "88");
    expect(real.status).toBe(201);
    expect(await real.json()).toEqual({ status: "pending" });
    expect(await db.review.findFirstOrThrow({ where: { shop: SHOP, productId: `gid://shopify/Product/${inTheShop()}` } })).toMatchObject({
      verified: false,
      buyerKey: null,
    });
  });

  it("remembers the answer per shop and product, so the storefront does not wait on Shopify each time", async () => {
    // Were Shopify asked again, this fault would answer instead of the remembered "no such product".
    simulator.failNext({ shop: SHOP, field: "QueryRoot.product", fault: { kind: "internalError" } });
    try {
      const again = await post({ ...review, product_id: "18446744073709551615", body: "Still not a product of this shop." }, "89");
      expect(again.status).toBe(404);
    } finally {
      simulator.clearFaults(SHOP);
    }
  });

  it("answers 503 when Shopify cannot say, storing nothing", async () => {
    simulator.failNext({ shop: SHOP, field: "QueryRoot.product", fault: { kind: "internalError" } });
    const response = await post({ ...review, product_id: "18446744073709551614", body: "Shopify is having a moment." }, "90");
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("5");
    expect(await response.json()).toEqual({ error: "We could not reach the store just now. Please try again in a minute." });
    expect(await reviewsOf("18446744073709551614")).toBe(0);
    // Nothing was remembered from the failure: the next submission asks, and Shopify says no.
    expect((await post({ ...review, product_id: "18446744073709551614", body: "Shopify is back to normal." }, "90")).status).toBe(404);
  });
});

describe("text as shoppers type it", () => {
  const inTheShop = () => simulator.state.shops.get(SHOP)!.products[1]!.id.split("/").pop()!;

  it("stores a title, review and name with U+0000 in them without it", async () => {
    const response = await post(
      {
        ...review,
        product_id: inTheShop(),
        title: "Love\u0000ly",
        body: "Smells like\u0000 the sea, lasts for weeks.",
        author_name: "Ele\u0000ni P.",
      },
      "91",
    );
    expect(response.status).toBe(201);
    expect(await db.review.findFirstOrThrow({ where: { shop: SHOP, customerId: "gid://shopify/Customer/91" } })).toMatchObject({
      title: "Lovely",
      body: "Smells like the sea, lasts for weeks.",
      authorName: "Eleni P.",
    });
  });

  it.each([
    ["author_name", "\u200B\u200D\u2060", "Enter your name."],
    ["body", `${"\u200B".repeat(12)} \u0000`, "Write at least 10 characters."],
  ])("refuses a %s that shows nothing as it refuses an empty one", async (field, value, error) => {
    const before = await db.review.count();
    const response = await post({ ...review, product_id: inTheShop(), [field]: value }, "92");
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({ error, field });
    expect(await db.review.count()).toBe(before);
  });
});
