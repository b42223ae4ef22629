import { describe, expect, it } from "vitest";
import { buildEmailContext, sampleContextInput } from "./email-context";
import { blockProblems, blocksToLiquid, DEFAULT_DESIGN, readableOn, starterBlocks, textToLiquid, type BlockTemplate } from "./blocks";
import { checkTemplate, renderEmail } from "./render";
import { EMAIL_LOCALES, TEMPLATE_KINDS, type TemplateKind } from "./template-kinds";

const SHOP = { name: "Demo <Store>", storefrontUrl: "https://shop.example", email: "owner@shop.example", timeZone: "UTC" };
const sample = (kind: TemplateKind, withSurvey = true) => buildEmailContext(sampleContextInput(kind, "en", SHOP, withSurvey));
const design = (blocks: BlockTemplate["blocks"], overrides: Partial<BlockTemplate["design"]> = {}): BlockTemplate => ({
  design: { ...DEFAULT_DESIGN, ...overrides },
  blocks,
});
async function render(kind: TemplateKind, template: BlockTemplate, context = sample(kind)) {
  const source = { subject: "Hello", body: blocksToLiquid(kind, template) };
  expect(await checkTemplate(source, context)).toEqual([]);
  return renderEmail(source, context, "en", { strict: true });
}

describe("merchant text", () => {
  it("is escaped: markup and Liquid typed by the merchant print as text", async () => {
    const email = await render(
      "thank_you_first",
      design([{ type: "text", text: `<script>alert(1)</script> {% if x %} {{ shop.secret }} 100% "quoted" & {{` }]),
    );
    expect(email.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(email.html).not.toContain("<script>");
    expect(email.text).toContain(`<script>alert(1)</script> {% if x %} {{ shop.secret }} 100% "quoted" & {{`);
  });

  it("keeps known variables (with a default) as Liquid, which the renderer escapes in turn", async () => {
    expect(textToLiquid('Hi {{ customer.first_name | default: "there" }}!\nBye', ["customer.first_name"])).toBe(
      'Hi {{ customer.first_name | default: "there" }}!<br>Bye',
    );
    const email = await render("thank_you_first", design([{ type: "heading", text: "Welcome to {{ shop.name }}" }]));
    // The shop's name "Demo <Store>" is escaped on output.
    expect(email.html).toContain("Welcome to Demo &lt;Store&gt;");
  });

  it("reports a variable the email does not have", () => {
    expect(blockProblems("thank_you_first", design([{ type: "text", text: "Go to {{ review_url }}" }]))).toEqual([
      { index: 0, message: expect.stringMatching(/^“\{\{ review_url \}\}” isn't a variable of this email/) },
    ]);
  });
});

describe("button link", () => {
  it("is a web address or a known link variable of the email", async () => {
    const ok = design([
      { type: "button", label: "Review", link: "review_url" },
      { type: "button", label: "Shop", link: "https://shop.example/sale?a=1&b=2" },
    ]);
    expect(blockProblems("review_request", ok)).toEqual([]);
    const email = await render("review_request", ok);
    expect(email.html).toContain('href="https://shop.example/apps/retention/review?token=');
    expect(email.html).toContain('href="https://shop.example/sale?a=1&amp;b=2"');
    for (const link of ["javascript:alert(1)", "review url", "order.name", "products", "{{ review_url }}", ""]) {
      expect(blockProblems("review_request", design([{ type: "button", label: "x", link }])), link).toEqual([
        { index: 0, message: expect.stringMatching(/^Button link: use a web address \(https:\/\/…\) or one of shop\.url, review_url/) },
      ]);
    }
    // review_url belongs to review emails only.
    expect(blockProblems("thank_you_first", design([{ type: "button", label: "x", link: "review_url" }]))).toHaveLength(1);
  });

  it("puts the label on a colour it reads on", () => {
    expect(readableOn("#1a1a1a")).toBe("#ffffff");
    expect(readableOn("#ffd700")).toBe("#000000");
    expect(blocksToLiquid("thank_you_first", design([{ type: "button", label: "Go", link: "shop.url" }], { button: "#ffd700" }))).toContain(
      "color:#000000",
    );
  });
});

describe("blocks", () => {
  it("refuse bad colours, empty text, images and logos without an https address, and blocks the email can't have", () => {
    expect(blockProblems("thank_you_first", design([{ type: "divider" }], { button: "red" }))).toEqual([
      { index: null, message: "Button colour: use a colour like #1a1a1a." },
    ]);
    expect(blockProblems("thank_you_first", design([{ type: "heading", text: "  " }]))).toEqual([
      { index: 0, message: "Heading can't be empty." },
    ]);
    expect(blockProblems("thank_you_first", design([{ type: "image", src: "http://x.example/a.png", alt: "" }]))[0]!.message).toBe(
      "Image: use the image's https:// address.",
    );
    expect(blockProblems("thank_you_first", design([{ type: "logo" }]))[0]!.message).toMatch(/^Logo: add your logo/);
    expect(blockProblems("thank_you_first", design([{ type: "products", buttonLabel: "Review" }]))[0]!.message).toBe(
      "Product list can't be used in this email.",
    );
    expect(blockProblems("thank_you_first", design([]))[0]!.message).toBe("Add at least one block.");
  });

  it("render the product list with images and star links when the products have them, and without", async () => {
    const template = design([{ type: "products", buttonLabel: "Write a review" }]);
    const context = sample("review_request");
    const bare = { ...context, products: context.products!.map((product) => ({ ...product, image_url: "", rating_urls: [] })) };
    const plain = await render("review_request", template, bare);
    expect(plain.html).toContain("Write a review");
    expect(plain.html).not.toContain("&#9733;");
    const rich = {
      ...context,
      products: context.products!.map((product) => ({
        ...product,
        image_url: "https://cdn.example/p.jpg",
        rating_urls: [1, 2, 3, 4, 5].map((score) => ({ score, url: `https://shop.example/r?score=${score}` })),
      })),
    };
    const email = await render("review_request", template, rich);
    expect(email.html).toContain('<img src="https://cdn.example/p.jpg"');
    expect(email.html).toContain('href="https://shop.example/r?score=5" aria-label="5 / 5"');
    expect(email.html.match(/&#9733;/g)).toHaveLength(5 * rich.products.length);
  });

  it("render the logo, an image, a divider and the colours as inline styles in tables", async () => {
    const email = await render(
      "thank_you_first",
      design([{ type: "logo" }, { type: "image", src: "https://cdn.example/banner.png", alt: "Sale" }, { type: "divider" }], {
        logoUrl: "https://cdn.example/logo.png",
        background: "#fff8e7",
        text: "#222222",
      }),
    );
    expect(email.html).toContain('<img src="https://cdn.example/logo.png" alt="Demo &lt;Store&gt;"');
    expect(email.html).toContain('<img src="https://cdn.example/banner.png" alt="Sale"');
    expect(email.html).toContain("<hr");
    expect(email.html).toContain('style="background:#fff8e7;border-radius:8px"');
    const body = blocksToLiquid("thank_you_first", design([{ type: "divider" }]));
    expect(body).not.toContain("class=");
    expect(body).toMatch(/^<table role="presentation"/);
  });

  it("start every kind and language from blocks that pass the template check", async () => {
    for (const kind of Object.keys(TEMPLATE_KINDS) as TemplateKind[]) {
      for (const locale of EMAIL_LOCALES) {
        const template = starterBlocks(kind, locale);
        expect(blockProblems(kind, template), `${kind}/${locale}`).toEqual([]);
        const context = buildEmailContext(sampleContextInput(kind, locale, SHOP, true));
        expect(await checkTemplate({ subject: "x", body: blocksToLiquid(kind, template) }, context), `${kind}/${locale}`).toEqual([]);
      }
    }
  });
});
