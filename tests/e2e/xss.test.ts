// Shopper text never runs as code: every payload of the XSS corpus is written as a review (title,
// body and name) through the signed app-proxy submission the storefront form uses, published by
// the merchant, answered with replies holding payloads too, and some go in as survey comments
// from the thank-you email. Then Chromium shows them on the storefront product page (the
// Liquid-rendered block, the star badge, the JSON-LD and every page loaded with "More reviews")
// and in the admin's Reviews and Tasks pages. No payload calls its hook, no dialog opens, and
// the payloads read as the text they are.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import type { Demo } from "../../scripts/demo";
import type { Db } from "../../app/db.server";
import { DEMO_SHOP_DOMAIN } from "../../scripts/simulator/demo-store";
import { numericId, type Product } from "../../scripts/simulator/state";
import { appProxyRequest } from "../support/shopify-requests";
import { startBrowserDemo, stopBrowserDemo, waitFor, type BrowserDemo } from "./support";
import { XSS_PAYLOADS } from "./xss-payloads";

const SHOP = DEMO_SHOP_DOMAIN;
const LIMITS = { title: 120, name: 60 };
/** Short payloads stand in as the name or title where payload n is too long for that field. */
const SHORT = XSS_PAYLOADS.filter((payload) => payload.length <= LIMITS.name);
/** Payloads also sent as survey comments, of different kinds. */
const SURVEY_PAYLOADS = [0, 10, 32, 56, 61, 75, 86, 93];

let session: BrowserDemo | undefined;
let demo: Demo;
let page: Page;
let db: Db;
let pageErrors: string[];
let product: Product;
/** Payloads that ran: the index each one passed to window.__xss, and the text of every dialog. */
const executed: number[] = [];
const dialogs: string[] = [];

interface WrittenReview {
  title: string;
  body: string;
  authorName: string;
  rating: number;
}

const written: WrittenReview[] = XSS_PAYLOADS.map((payload, n) => ({
  title: payload.length <= LIMITS.title ? payload : SHORT[n % SHORT.length]!,
  body: payload,
  authorName: payload.length <= LIMITS.name ? payload : SHORT[(n + 1) % SHORT.length]!,
  // 1 and 2 stars raise a follow-up task whose summary quotes the name and the title.
  rating: (n % 5) + 1,
}));

const adminUrl = (path: string) => `${demo.urls.admin.replace("localhost", "127.0.0.1")}${path}`;

/** Waits a moment on the loaded page: payloads with autofocus, onload or animations fire early but not synchronously. */
async function settle() {
  await page.waitForLoadState("load");
  await page.waitForTimeout(300);
}

beforeAll(async () => {
  session = await startBrowserDemo({ firstPort: 3630, name: "retention-xss" });
  ({ demo, page, db, pageErrors } = session);
  // Every frame, srcdoc iframes included, gets the hook; a payload that runs reports its index.
  await page.exposeFunction("__xss", (n: number) => executed.push(n));
  page.on("dialog", (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  product = demo.simulator.state.shops.get(SHOP)!.products[2]!;
  // Shoppers without an account may write reviews here, so one shopper per payload needs no order.
  await db.reviewSettings.upsert({ where: { shop: SHOP }, create: { shop: SHOP, allowAnonymous: true }, update: { allowAnonymous: true } });
});

afterAll(() => stopBrowserDemo(session));

describe("the XSS corpus in Chromium", () => {
  it(`stores ${XSS_PAYLOADS.length} payloads from the storefront, published with payload replies`, async () => {
    expect(XSS_PAYLOADS.length).toBeGreaterThanOrEqual(100);
    // The signed app-proxy POST the storefront's review form sends; each shopper from their own address
    // (Shopify forwards it), as the per-address limit allows five reviews an hour.
    const submit = async (review: WrittenReview, n: number) => {
      const form = new FormData();
      const fields = {
        product_id: String(numericId(product.id)),
        rating: String(review.rating),
        title: review.title,
        body: review.body,
        author_name: review.authorName,
        locale: "en",
      };
      for (const [key, value] of Object.entries(fields)) form.set(key, value);
      const request = appProxyRequest(SHOP, "/reviews", {
        method: "POST",
        body: form,
        appUrl: demo.urls.admin.replace(/\/app$/, ""),
        headers: { accept: "application/json", "x-forwarded-for": `198.51.${Math.floor(n / 250)}.${(n % 250) + 1}` },
      });
      const response = await fetch(request);
      return { n, status: response.status, body: await response.text() };
    };
    const answers = [];
    for (let n = 0; n < written.length; n += 4)
      answers.push(...(await Promise.all(written.slice(n, n + 4).map((review, i) => submit(review, n + i)))));
    expect(answers.filter((answer) => answer.status !== 201)).toEqual([]);

    const stored = await db.review.findMany({ where: { shop: SHOP, productId: product.id }, orderBy: { createdAt: "asc" } });
    expect(stored).toHaveLength(XSS_PAYLOADS.length);
    // Stored exactly as written (trimmed): nothing is escaped on the way in, only on the way out.
    expect(new Set(stored.map((review) => review.body))).toEqual(new Set(XSS_PAYLOADS.map((payload) => payload.trim())));

    const { setReviewStatus, replyToReview } = await import("../../app/reviews/moderate.server");
    expect(
      await setReviewStatus(
        db,
        SHOP,
        stored.map((review) => review.id),
        "published",
      ),
    ).toEqual({ updated: stored.length });
    for (const [i, review] of stored.entries()) {
      const reply = XSS_PAYLOADS[(i + 7) % XSS_PAYLOADS.length]!;
      expect(await replyToReview(db, SHOP, review.id, reply)).toEqual({ ok: true, reply: reply.trim() });
    }
    // The worker writes the product's review metafields, which the storefront block renders.
    const unsynced = await waitFor(
      () => db.job.count({ where: { shop: SHOP, type: "reviews.sync_product", status: { not: "done" } } }),
      (count) => count === 0,
      30_000,
    );
    expect(unsynced).toBe(0);
  });

  it("runs none of them on the storefront product page, in Liquid or loaded with More reviews", async () => {
    await page.goto(`${demo.urls.storefront}/products/${product.handle}`);
    await page
      .getByRole("img", { name: new RegExp(`${XSS_PAYLOADS.length} reviews`) })
      .first()
      .waitFor();
    const list = page.locator("product-reviews [data-list] > li");
    const more = page.getByRole("button", { name: "More reviews" });
    // The button shows once the block's script (loaded after the page) is ready.
    await more.waitFor();
    // Every page of reviews, loaded by the block's script from the app proxy.
    for (let clicks = 0; (await more.isVisible()) && clicks < 20; clicks++) {
      const shown = await list.count();
      await more.click();
      await waitFor(
        () => list.count(),
        (count) => count > shown,
        10_000,
        50,
      );
    }
    await expect(list.count()).resolves.toBe(XSS_PAYLOADS.length);
    await settle();

    // Read as text: a title, a body, a name and a reply, in the Liquid part and the loaded part alike.
    const texts = await list.allInnerTexts();
    for (const n of [0, 10, 32, 41, 56, 61, 75, 78, 86, 92]) {
      expect(
        texts.some((text) => text.includes(XSS_PAYLOADS[n]!)),
        `payload ${n}: ${XSS_PAYLOADS[n]}`,
      ).toBe(true);
    }
    await page.getByText(XSS_PAYLOADS[0]!, { exact: true }).first().waitFor();
    // The structured data holds the payloads as JSON strings and still parses.
    const jsonLd = (await page.locator('script[type="application/ld+json"]').allTextContents()).map((text) => JSON.parse(text));
    const productLd = jsonLd.find((data) => data.aggregateRating);
    expect(productLd.aggregateRating.reviewCount).toBe(XSS_PAYLOADS.length);
    expect(productLd.review.every((review: { reviewBody: string }) => XSS_PAYLOADS.includes(review.reviewBody))).toBe(true);

    // The other orders and filters load through the same script.
    await page.locator("product-reviews [data-sort]").selectOption("lowest");
    await waitFor(
      () => list.first().getAttribute("data-id"),
      (id) => id !== null,
      10_000,
      50,
    );
    await settle();
    expect({ executed, dialogs }).toEqual({ executed: [], dialogs: [] });
  });

  it("runs none of them where the star badge shows and on the home page", async () => {
    await page.goto(`${demo.urls.storefront}/collections/all`);
    await settle();
    await page.goto(`${demo.urls.storefront}/`);
    await settle();
    expect({ executed, dialogs }).toEqual({ executed: [], dialogs: [] });
  });

  it("runs none of them as the comment of an unhappy answer to the thank-you email's survey", async () => {
    const { surveyUrls } = await import("../../app/emails/email-links");
    for (const n of SURVEY_PAYLOADS) {
      const message = await db.emailMessage.create({
        data: {
          shop: SHOP,
          orderId: `gid://shopify/Order/${900_000 + n}`,
          orderName: `#X${n}`,
          flow: "thank_you",
          idempotencyKey: `xss-survey-${n}`,
          template: "thank_you_first",
          recipient: `survey-${n}@example.com`,
          locale: "en",
          status: "sent",
          scheduledFor: new Date(),
          sentAt: new Date(),
        },
      });
      // The link in the email opens the question with 1 of 5 chosen; its button answers, then the page asks for a comment.
      const [unhappy] = surveyUrls(
        demo.urls.admin.replace(/\/app$/, ""),
        { shop: SHOP, messageId: message.id, locale: "en" },
        process.env.SHOPIFY_API_SECRET!,
      );
      await page.goto(unhappy!.url.replace("localhost", "127.0.0.1"));
      await page.getByRole("button", { name: "Send my answer" }).click();
      await page.getByLabel("Tell us more").fill(XSS_PAYLOADS[n]!);
      await page.getByRole("button", { name: "Send" }).click();
      await page.waitForLoadState("load");
      await settle();
      const answer = await db.surveyAnswer.findUniqueOrThrow({ where: { messageId: message.id } });
      expect(answer).toMatchObject({ score: 1, comment: XSS_PAYLOADS[n]!.trim() });
    }
    expect({ executed, dialogs }).toEqual({ executed: [], dialogs: [] });
  });

  it("runs none of them in the admin's Reviews and Tasks pages", async () => {
    await page.goto(adminUrl("/reviews?status=published"));
    // The first visit compiles the admin in the Vite dev server.
    await page.getByRole("heading", { name: "Reviews" }).first().waitFor({ timeout: 90_000 });
    const pageTexts: string[] = [];
    // Every page of published reviews (the demo's own seeded reviews come after the corpus).
    for (let pages = 0; pages < 10; pages++) {
      await page.locator("table").first().waitFor();
      await settle();
      pageTexts.push(await page.locator("table").first().innerText());
      const older = page.getByRole("link", { name: "Older reviews" });
      if (!(await older.isVisible())) break;
      await page.goto(new URL((await older.getAttribute("href"))!, page.url()).href);
    }
    const shown = pageTexts.join("\n");
    // Each payload is one review's reply, shown whole as text.
    const missing = XSS_PAYLOADS.filter((payload) => !shown.includes(`Reply: ${payload.trim()}`));
    expect(missing).toEqual([]);
    // Titles and names whole; bodies up to the list's 160 characters.
    for (const n of [0, 10, 32, 41, 56, 61, 75, 78, 86, 92, 110]) expect(shown, `payload ${n}`).toContain(`${XSS_PAYLOADS[n]!.trim()}\n`);

    await page.goto(adminUrl("/reviews/tasks"));
    await page
      .getByText(/-star review from /)
      .first()
      .waitFor();
    await settle();
    const lowRated = written.filter((review) => review.rating <= 2).length;
    await expect(page.getByText(/-star review from /).count()).resolves.toBe(lowRated);
    const tasks = await page.locator("table").first().innerText();
    for (const n of SURVEY_PAYLOADS) expect(tasks, `survey comment ${n}`).toContain(XSS_PAYLOADS[n]!.trim());
    expect({ executed, dialogs }).toEqual({ executed: [], dialogs: [] });
    expect(pageErrors).toEqual([]);
  });
});
