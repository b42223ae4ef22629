// The shopper's review journey in Chromium: a two-product order placed in the simulator, the
// review request email in the mail sink with each product's image and one-click stars, the
// review page pre-filled from the 4-star click, an inline error fixed, a photo added, one submit
// for both products, the thank-you view, and the link opened again saying all is reviewed.
// At 1280 and 375 px, and once in Greek.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Locator, Page } from "playwright-core";
import type { Demo } from "../../scripts/demo";
import type { Db } from "../../app/db.server";
import { DEMO_SHOP_DOMAIN } from "../../scripts/simulator/demo-store";
import type { CapturedMail } from "../../scripts/mail-sink/server";
import {
  horizontalOverflow,
  saveScreenshot,
  startBrowserDemo,
  stopBrowserDemo,
  untracked,
  VIEWPORTS,
  waitFor,
  type BrowserDemo,
} from "./support";

let session: BrowserDemo | undefined;
let demo: Demo;
let page: Page;
let db: Db;
let pageErrors: string[];

beforeAll(async () => {
  session = await startBrowserDemo({ firstPort: 3660, name: "reviewpage-e2e" });
  ({ demo, page, db, pageErrors } = session);
});

afterAll(() => stopBrowserDemo(session));

const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");

/** Places a delivered order of two products for the customer and returns its review request email. */
async function reviewRequestFor(email: string, handles: [string, string]) {
  const shop = demo.simulator.state.shops.get(DEMO_SHOP_DOMAIN)!;
  const customer = shop.customers.find((candidate) => candidate.email === email)!;
  const products = handles.map((handle) => shop.products.find((candidate) => candidate.handle === handle)!);
  const { order } = await demo.simulator.actions.placeOrder({
    customerId: customer.id,
    lines: products.map((product) => ({ variantId: product.variants[0]!.id, quantity: 1 })),
  });
  // Each event waits for the previous one to be recorded, as a real store's would be spaced out.
  await waitFor(
    () => db.order.findUnique({ where: { id: order.id } }),
    (row) => row?.paidAt != null,
  );
  await demo.simulator.actions.fulfilOrder({ orderId: order.id });
  await waitFor(
    () => db.order.findUnique({ where: { id: order.id } }),
    (row) => row?.fulfilledAt != null,
  );
  await demo.simulator.actions.deliverOrder({ orderId: order.id });
  const mail = await waitFor(
    async () =>
      ((await (await fetch(`${demo.urls.mail}/messages.json`)).json()) as CapturedMail[]).filter((m) => m.envelopeTo.includes(email)),
    (messages) => messages.some((m) => m.subject.includes(order.name) && untracked(m.html).includes("rating=")),
    30_000,
  );
  const found = mail.find((m) => m.subject.includes(order.name) && untracked(m.html).includes("rating="))!;
  const request = { ...found, html: untracked(found.html) };
  const link = (product: (typeof products)[number], rating: number) => {
    const id = product.id.split("/").pop();
    const href = new RegExp(`href="([^"]*/apps/retention/review\\?[^"]*product=${id}&amp;rating=${rating})"`).exec(request.html ?? "")?.[1];
    expect(href, `${rating}-star link of ${product.title}`).toBeDefined();
    return href!.replace(/&amp;/g, "&");
  };
  return { request, order, products, link };
}

/** The product's card on the review page. */
const card = (title: string) => page.getByRole("group", { name: title, exact: true });

async function expectNoOverflow() {
  expect(await horizontalOverflow(page)).toBe(0);
}

/** Removes the error responses this test provoked on purpose from the collected errors. */
function expectProvoked(pattern: RegExp, count: number) {
  const provoked = pageErrors.filter((entry) => pattern.test(entry));
  expect(provoked, pageErrors.join("\n")).toHaveLength(count);
  pageErrors.splice(0, pageErrors.length, ...pageErrors.filter((entry) => !pattern.test(entry)));
}

describe("review request email and review page", () => {
  it("English at 1280 (and the form at 375): email stars, pre-filled page, inline errors, photo, one submit, thanks, already reviewed", async () => {
    await page.setViewportSize(VIEWPORTS.desktop);
    const { request, products, link, order } = await reviewRequestFor("alex.morgan@example.com", ["ceramic-mug", "olive-oil-soap"]);
    const [mug, soap] = products as [(typeof products)[number], (typeof products)[number]];
    expect(request.text).toMatch(/★\u00a04\/5\n\[/);

    // The email in the mail viewer: both products with their images and five stars each.
    await page.goto(`${demo.urls.mail}/messages/${request.id}`);
    const message = page.frameLocator('iframe[title="Message"]');
    for (const product of products) {
      await message.getByRole("link", { name: product.title }).waitFor();
      await expect(message.locator(`img[src="${product.imageUrl}"]`).count()).resolves.toBe(1);
    }
    // The star links go through click tracking here (on by default): counted by their "n/5" titles.
    await expect(message.locator('a[title$="/5"]').count()).resolves.toBe(10);
    await saveScreenshot(page, "reviewpage-email-1280");

    // The mug's 4th star: the page opens with the mug first and 4 stars chosen.
    await page.goto(link(mug, 4));
    await page.getByRole("heading", { level: 1, name: "How did we do?" }).waitFor();
    await expect(card(mug.title).getByRole("radio", { name: "4 stars" }).isChecked()).resolves.toBe(true);
    await expect(card(soap.title).getByRole("radio", { checked: true }).count()).resolves.toBe(0);
    await expect(page.getByRole("heading", { level: 2 }).allInnerTexts()).resolves.toEqual([mug.title, soap.title]);
    await expect(page.locator(`img[src="${mug.imageUrl}"]`).isVisible()).resolves.toBe(true);
    await expect(page.getByLabel("Your name")).toBeTruthy();
    expect(await page.getByLabel("Your name").inputValue()).toBe("Alex");
    await expectNoOverflow();
    await saveScreenshot(page, "reviewpage-form-1280");
    await page.setViewportSize(VIEWPORTS.phone);
    await expectNoOverflow();
    await saveScreenshot(page, "reviewpage-form-375");
    await page.setViewportSize(VIEWPORTS.desktop);

    // The soap rated with the keyboard: arrows move along the stars, focus is visible.
    const soapCard = card(soap.title);
    await soapCard.getByRole("radio", { name: "1 star", exact: true }).focus();
    await page.keyboard.press("Space");
    for (let n = 0; n < 4; n++) await page.keyboard.press("ArrowRight");
    await expect(soapCard.getByRole("radio", { name: "5 stars" }).isChecked()).resolves.toBe(true);
    const outline = await soapCard
      .locator(".rr-star")
      .nth(4)
      .evaluate((label) => getComputedStyle(label).outlineStyle);
    expect(outline).toBe("solid");
    await soapCard.getByText("Excellent").waitFor();

    // Checked in the browser first: a review too short, said next to the field, nothing sent.
    const mugCard = card(mug.title);
    await mugCard.getByLabel("Your review").fill("Nice");
    await soapCard.getByLabel("Your review").fill("Creamy lather that lasts for weeks, smells of olives.");
    await page.getByRole("button", { name: "Submit reviews" }).click();
    await mugCard.getByText("Write at least 10 characters.").waitFor();
    await expect(mugCard.getByLabel("Your review").evaluate((field) => field === document.activeElement)).resolves.toBe(true);

    // Checked by the server: a link in the title comes back inline, with everything typed kept.
    await mugCard.getByLabel("Your review").fill("Holds heat well and the glaze is lovely.");
    await mugCard.getByLabel("Review title (optional)").fill("Better than www.other-shop.com");
    await page.getByRole("button", { name: "Submit reviews" }).click();
    await page.getByText("Links are not allowed in the title.").first().waitFor();
    await page.getByRole("alert").getByText("Please fix 1 problem below.").waitFor();
    await expect(page.getByRole("alert").evaluate((summary) => summary === document.activeElement)).resolves.toBe(true);
    expect(await card(mug.title).getByLabel("Your review").inputValue()).toBe("Holds heat well and the glaze is lovely.");
    expect(await card(soap.title).getByLabel("Your review").inputValue()).toBe("Creamy lather that lasts for weeks, smells of olives.");
    await expect(card(mug.title).getByRole("radio", { name: "4 stars" }).isChecked()).resolves.toBe(true);
    await expect(card(soap.title).getByRole("radio", { name: "5 stars" }).isChecked()).resolves.toBe(true);
    await expectNoOverflow();
    await saveScreenshot(page, "reviewpage-error-1280");
    expectProvoked(/^422 .*\/apps\/retention\/review/, 1);

    // Fixed, a photo added (previewed), one submit for both.
    await card(mug.title).getByLabel("Review title (optional)").fill("Better than my old one");
    await card(mug.title).getByLabel("Add photos (optional)").setInputFiles({ name: "mug.png", mimeType: "image/png", buffer: PNG });
    await card(mug.title)
      .getByRole("img", { name: /mug\.png/ })
      .waitFor();
    await page.getByRole("button", { name: "Submit reviews" }).click();
    await page.getByRole("heading", { level: 1, name: "Thank you for your reviews!" }).waitFor();
    await page.getByRole("img", { name: "Rated 4 out of 5" }).waitFor();
    await page.getByRole("img", { name: "Rated 5 out of 5" }).waitFor();
    await page.getByText("Better than my old one").waitFor();
    await expectNoOverflow();
    await saveScreenshot(page, "reviewpage-thanks-1280");
    const reviews = await db.review.findMany({ where: { shop: DEMO_SHOP_DOMAIN, orderId: order.id }, include: { photos: true } });
    expect(reviews.map((review) => [review.productId, review.rating, review.photos.length]).sort()).toEqual(
      [
        [mug.id, 4, 1],
        [soap.id, 5, 0],
      ].sort(),
    );

    // The link again: nothing left to review, said at once.
    await page.goto(link(soap, 2));
    await page.getByRole("heading", { level: 1, name: "You've already reviewed this order" }).waitFor();
    await expect(page.locator("form[data-rr-form]").count()).resolves.toBe(0);
    await saveScreenshot(page, "reviewpage-reviewed-1280");
  });

  it("Greek at 375: the Greek email's star opens the page in Greek; an error, a fix, thanks; a broken link gets a friendly page", async () => {
    await page.setViewportSize(VIEWPORTS.phone);
    const { request, products, link } = await reviewRequestFor("maria.papadopoulou@example.com", ["linen-tote-bag", "mountain-tea"]);
    const [tote, tea] = products as [(typeof products)[number], (typeof products)[number]];
    expect(request.subject).toMatch(/^Πώς σας φάνηκε η παραγγελία/);
    await page.goto(link(tea, 5));
    await page.getByRole("heading", { level: 1, name: "Πώς τα πήγαμε;" }).waitFor();
    await expect(card(tea.title).getByRole("radio", { name: "5 αστέρια" }).isChecked()).resolves.toBe(true);
    await expectNoOverflow();
    await saveScreenshot(page, "reviewpage-form-375-el");

    // Without JavaScript the server checks the form: the error comes back inline, the stars kept.
    const noScript = await session!.browser.newContext({ javaScriptEnabled: false, viewport: VIEWPORTS.phone });
    const plain = await noScript.newPage();
    await plain.goto(link(tea, 5));
    await plain.getByRole("button", { name: "Υποβολή κριτικών" }).click();
    await plain.getByRole("alert").waitFor();
    await plain.getByRole("group", { name: tea.title, exact: true }).getByText("Γράψτε λίγα λόγια για αυτό το προϊόν.").waitFor();
    await expect(
      plain.getByRole("group", { name: tea.title, exact: true }).getByRole("radio", { name: "5 αστέρια" }).isChecked(),
    ).resolves.toBe(true);
    await noScript.close();

    // The tote is started but not rated: the error is in Greek, next to its stars.
    const toteCard: Locator = card(tote.title);
    await toteCard.getByLabel("Η κριτική σας").fill("Γερή τσάντα, χωράει πολλά.");
    await card(tea.title).getByLabel("Η κριτική σας").fill("Αρωματικό τσάι, όπως στο χωριό.");
    await page.getByRole("button", { name: "Υποβολή κριτικών" }).click();
    await toteCard.getByText("Επιλέξτε βαθμολογία από 1 έως 5 αστέρια.").waitFor();
    await expectNoOverflow();
    await saveScreenshot(page, "reviewpage-error-375-el");
    await toteCard.getByRole("radio", { name: "4 αστέρια" }).check();
    await page.getByRole("button", { name: "Υποβολή κριτικών" }).click();
    await page.getByRole("heading", { level: 1, name: "Ευχαριστούμε για τις κριτικές σας!" }).waitFor();
    await expectNoOverflow();
    await saveScreenshot(page, "reviewpage-thanks-375-el");

    // A link cut short in the mail client: a page in the shop's theme saying so, not JSON.
    await page.goto(link(tea, 5).replace(/token=([^&]*)/, (_, token: string) => `token=${token.slice(0, -6)}`));
    await page.getByRole("heading", { level: 1, name: "Αυτός ο σύνδεσμος κριτικής δεν είναι έγκυρος" }).waitFor();
    await page.getByRole("link", { name: "Συνέχεια αγορών" }).waitFor();
    await expectNoOverflow();
    await saveScreenshot(page, "reviewpage-invalid-375-el");
    expectProvoked(/^403 .*\/apps\/retention\/review/, 1);
  });

  it("raised no errors in the browser beyond those provoked", () => {
    expect(pageErrors).toEqual([]);
  });
});
