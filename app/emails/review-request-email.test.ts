// The review request and its reminder as customers get them: each product with its image and
// five one-click stars, in the HTML and in the text part, in English and Greek.
import { describe, expect, it } from "vitest";
import { DEFAULT_TEMPLATES } from "./default-templates";
import { buildEmailContext, reviewPageUrl, sampleContextInput, type ContextInput } from "./email-context";
import { renderEmail } from "./render";
import { EMAIL_LOCALES } from "./template-kinds";

const shop: ContextInput["shop"] = { name: "Demo Store", storefrontUrl: "https://shop.example", email: "o@shop.example", timeZone: "UTC" };
const PAGE = "https://shop.example/apps/retention/review?token=abc.def&locale=en";
const PRODUCTS = [
  { id: "gid://shopify/Product/11", title: "Olive Oil Soap", imageUrl: "https://cdn.example/files/soap.png?width=240" },
  { id: "gid://shopify/Product/12", title: "Ceramic Mug", imageUrl: "https://cdn.example/files/mug.png" },
  { id: "gid://shopify/Product/13", title: "Gift Card", imageUrl: null },
];

const context = (locale: "en" | "el", reminderNumber = 0) =>
  buildEmailContext({
    shop,
    customer: { firstName: "Alex", email: "alex@example.com" },
    order: { name: "#1042", total: "20", currencyCode: "EUR", processedAt: new Date("2026-11-02T10:00:00Z") },
    locale,
    review: { products: PRODUCTS, url: PAGE, reminderNumber },
    unsubscribeUrl: "https://app.example/email/unsubscribe?token=u",
  });

const amp = (url: string) => url.replace(/&/g, "&amp;");

describe("review request email", () => {
  it("gives each product its image, its review link and five rating links", () => {
    const products = context("en").products!;
    expect(products.map((product) => product.image_url)).toEqual([PRODUCTS[0]!.imageUrl, PRODUCTS[1]!.imageUrl, ""]);
    expect(products[0]!.review_url).toBe(`${PAGE}&product=11`);
    expect(products[1]!.rating_urls).toEqual([1, 2, 3, 4, 5].map((score) => ({ score, url: `${PAGE}&product=12&rating=${score}` })));
  });

  it("keeps the link's token and adds product and rating as parameters of the page", () => {
    const url = new URL(reviewPageUrl(PAGE, "gid://shopify/Product/99", 4));
    expect(Object.fromEntries(url.searchParams)).toEqual({ token: "abc.def", locale: "en", product: "99", rating: "4" });
  });

  for (const kind of ["review_request", "review_reminder"] as const) {
    for (const locale of EMAIL_LOCALES) {
      it(`${kind} (${locale}): images and 5 star links per product in the HTML and the text part`, async () => {
        const email = await renderEmail(DEFAULT_TEMPLATES[kind][locale], context(locale, kind === "review_reminder" ? 1 : 0), locale);
        for (const product of PRODUCTS) {
          const id = product.id.split("/").pop()!;
          expect(email.html).toContain(`>${product.title}</a>`);
          for (const score of [1, 2, 3, 4, 5]) {
            const url = `${PAGE}&product=${id}&rating=${score}`;
            expect(email.html).toContain(`href="${amp(url)}"`);
            // One line per star in the text part: the score, then its address.
            expect(email.text).toContain(`★\u00a0${score}/5\n[${url}]`);
          }
          if (product.imageUrl) {
            expect(email.html).toContain(`<img src="${amp(product.imageUrl)}"`);
            expect(email.text).toContain(`[${product.imageUrl}]`);
          }
        }
        // The product without an image gets no empty <img>.
        expect(email.html.match(/<img /g)).toHaveLength(2);
        expect(email.html).not.toContain('src=""');
      });
    }
  }

  it("the editor's preview shows the same layout without images", async () => {
    const preview = buildEmailContext(sampleContextInput("review_request", "en", shop, false));
    const email = await renderEmail(DEFAULT_TEMPLATES.review_request.en, preview, "en");
    expect(preview.products!.every((product) => product.rating_urls.length === 5 && product.image_url === "")).toBe(true);
    expect(email.html).not.toContain("<img ");
    expect(email.html.match(/rating=\d/g)).toHaveLength(10);
  });
});
