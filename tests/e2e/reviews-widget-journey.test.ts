// The storefront reviews widget as a shopper uses it, in Chromium on the storefront preview:
// a product with published photo reviews; the star badge leads to the reviews; the gallery of
// photos opens the lightbox, driven by keyboard (arrows, Tab kept inside, Esc back to the
// thumbnail); "Helpful" votes that count once however the shopper clicks; "Most helpful" first;
// a guest (anonymous reviews off) sees only a login link, which brings them back logged in; a
// buyer who already reviewed is told so before writing; a logged-in customer is not asked for
// name or email. At 1280 and 375 px, in English and Greek, with nothing wider than the screen.
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import type { Demo } from "../../scripts/demo";
import type { Db } from "../../app/db.server";
import { DEMO_SHOP_DOMAIN } from "../../scripts/simulator/demo-store";
import type { Customer, Product } from "../../scripts/simulator/state";
import { fileUrl } from "../../scripts/simulator/uploads";
import { appProxyRequest } from "../support/shopify-requests";
import { horizontalOverflow, saveScreenshot, startBrowserDemo, stopBrowserDemo, VIEWPORTS, waitFor, type BrowserDemo } from "./support";

const SHOP = DEMO_SHOP_DOMAIN;
let session: BrowserDemo | undefined;
let demo: Demo;
let page: Page;
let db: Db;
let pageErrors: string[];
let product: Product;
let buyer: Customer; // reviewed the product already
let greekShopper: Customer; // has not
const reviewIds: string[] = []; // the seeded photo reviews, newest first
const PHOTOS_PER_REVIEW = [3, 2, 1];
let phonePhotoUrl: string; // the first review's first photo, 2000 px wide in the simulator's Files

const productUrl = (locale = "") => `${demo.urls.storefront}${locale}/products/${product.handle}`;
const reviews = () => page.locator("product-reviews");
const reviewItem = (id: string) => page.locator(`li.rw-review[data-id="${id}"]`);
const dialog = () => page.getByRole("dialog");

async function logInAs(customer: Customer | null) {
  await page.goto(`${demo.urls.storefront}/account/logout`);
  if (!customer) return;
  await page.goto(`${demo.urls.storefront}/account/login`);
  await page.getByRole("button", { name: new RegExp(customer.email) }).click();
}

/** The shopper-state request the block makes on load has answered (the write area and votes are settled). */
async function openProduct(locale = "", hash = "") {
  const settled = page.waitForResponse((response) => response.url().includes("/apps/retention/reviews/shopper"));
  await page.goto(`${productUrl(locale)}${hash}`);
  expect((await settled).status()).toBe(200);
}

/**
 * The open lightbox as the shopper sees it. It is fixed to the viewport, so a full-page capture
 * (saveScreenshot) would show it over one strip of a long page; this one is the viewport only.
 */
async function saveLightboxScreenshot(name: string) {
  await page.screenshot({ path: path.join(import.meta.dirname, "../../docs/screenshots", `${name}.png`) });
}

/** Every visible element of the widget lies within the viewport, and no control clips its own text. */
async function widgetFits(): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const problems: string[] = [];
    for (const element of document.querySelectorAll<HTMLElement>("product-reviews *, .rw-star-rating-link")) {
      const box = element.getBoundingClientRect();
      if (box.width === 0 || element.closest("[hidden], .rw-vh, template, dialog:not([open])")) continue;
      const name = `${element.tagName.toLowerCase()}.${element.className || "-"} "${(element.textContent ?? "").trim().slice(0, 30)}"`;
      if (box.left < -0.5 || box.right > width + 0.5) problems.push(`${name} spans ${box.left}–${box.right} of ${width}`);
      if (/^(BUTTON|SELECT|A|SUMMARY|LABEL)$/.test(element.tagName) && element.scrollWidth > element.clientWidth + 1)
        problems.push(`${name} clips its text (${element.scrollWidth} > ${element.clientWidth})`);
    }
    return problems;
  });
}

beforeAll(async () => {
  session = await startBrowserDemo({ firstPort: 3670, name: "retention-reviews-widget" });
  ({ demo, page, db, pageErrors } = session);
  const shop = demo.simulator.state.shops.get(SHOP)!;
  product = shop.products[0]!;
  buyer = shop.customers[0]!;
  greekShopper = shop.customers.find((customer) => customer.locale === "el")!;
  // Published photo reviews, the newest first; the photos are other products' pictures from the simulated CDN.
  // The first is a 2000 px photo uploaded to Files, as shoppers' phone photos are: the widget must ask the CDN for it at the size shown.
  const phonePhoto = { id: "gid://shopify/MediaImage/8999", filename: "ridge.jpg" };
  phonePhotoUrl = fileUrl(demo.urls.simulator, phonePhoto.id, phonePhoto.filename);
  shop.files.push({
    id: phonePhoto.id,
    alt: "",
    url: phonePhotoUrl,
    mimeType: "image/jpeg",
    createdAt: new Date().toISOString(),
    bytes: await sharp({ create: { width: 2000, height: 1500, channels: 3, background: "#3b6e8f" } })
      .jpeg()
      .toBuffer(),
  });
  const pictures = [phonePhotoUrl, ...shop.products.map((other) => `${demo.urls.simulator}/cdn/shop/products/${other.handle}.svg`)];
  let picture = 0;
  for (const [n, photoCount] of PHOTOS_PER_REVIEW.entries()) {
    const review = await db.review.create({
      data: {
        shop: SHOP,
        productId: product.id,
        rating: 5 - n,
        title: ["Warm and light", "Good, runs small", "Fine"][n]!,
        body: ["Wore it on a windy ridge and stayed warm.", "Order a size up; the fabric is lovely.", "Does the job."][n]!,
        authorName: ["Ana P.", "Ben T.", "Chloé R."][n]!,
        verified: true,
        verifiedBy: "review_link",
        status: "published",
        source: "request_email",
        contentHash: `widget-e2e-${n}`,
        createdAt: new Date(Date.now() - n * 60_000),
        publishedAt: new Date(),
        photoCount,
        photos: {
          create: Array.from({ length: photoCount }, (_, position) => ({
            fileId: `gid://shopify/MediaImage/${9000 + picture}`,
            url: pictures[picture++ % pictures.length]!,
            altText: position === 0 ? `Photo ${picture} from ${["Ana", "Ben", "Chloé"][n]}` : "",
            position,
          })),
        },
      },
    });
    reviewIds.push(review.id);
  }
  // The buyer's own review, older, without photos: the database's record that they reviewed.
  await db.review.create({
    data: {
      shop: SHOP,
      productId: product.id,
      customerId: buyer.id,
      rating: 4,
      body: "Bought it for hiking; happy so far.",
      authorName: `${buyer.firstName} ${buyer.lastName.slice(0, 1)}.`,
      verified: true,
      verifiedBy: "customer_order",
      buyerKey: `customer:${buyer.id}`,
      status: "published",
      source: "storefront",
      contentHash: "widget-e2e-buyer",
      createdAt: new Date(Date.now() - 3_600_000),
      publishedAt: new Date(),
    },
  });
  // Three other shoppers found the third review helpful (votes through the signed app proxy).
  for (const customer of ["8101", "8102", "8103"]) {
    const vote = appProxyRequest(SHOP, "/reviews/helpful", {
      method: "POST",
      customerId: customer,
      body: new URLSearchParams({ review_id: reviewIds[2]!, helpful: "true" }),
      appUrl: demo.urls.admin.replace(/\/app$/, ""),
    });
    expect((await fetch(vote)).status).toBe(200);
  }
  // Imported once the demo has set DATABASE_URL: db.server connects on import.
  const { enqueueProductSync } = await import("../../app/reviews/sync-product.server");
  await enqueueProductSync(db, SHOP, product.id);
  await waitFor(
    () => db.job.count({ where: { shop: SHOP, type: "reviews.sync_product", status: { not: "done" } } }),
    (pending) => pending === 0,
    30_000,
  );
});

afterAll(() => stopBrowserDemo(session));

describe("the reviews widget on the product page", () => {
  it("at 1280: star link, gallery and keyboard lightbox, helpful votes, most helpful first, login link, already reviewed", async () => {
    await page.setViewportSize(VIEWPORTS.desktop);
    await logInAs(null);
    await openProduct();

    // The star badge under the title links to the reviews section, on this page.
    const badge = page.locator(".rw-star-rating-link").first();
    expect(await badge.getAttribute("href")).toBe("#retention-reviews");
    await badge.click();
    await page.waitForFunction(() => location.hash === "#retention-reviews");
    expect(await reviews().evaluate((el) => Math.round(el.getBoundingClientRect().top))).toBeLessThan(40);

    // Gallery: every photo of the published reviews, newest review first.
    const total = PHOTOS_PER_REVIEW.reduce((sum, n) => sum + n, 0);
    const thumbnails = page.locator(".rw-gallery button");
    await expect(thumbnails.count()).resolves.toBe(total);
    await expect(page.getByRole("heading", { name: "Photos from customers" }).isVisible()).resolves.toBe(true);
    expect(await thumbnails.first().getByRole("img").getAttribute("alt")).toBe("Photo 1 from Ana");
    // The 2000 px photo arrives at the gallery's 88 px (1x) or 176 px (2x), not whole.
    const galleryPhoto = thumbnails.first().getByRole("img");
    expect(await galleryPhoto.getAttribute("srcset")).toBe(
      `${phonePhotoUrl}?width=88&height=88&crop=center 1x, ${phonePhotoUrl}?width=176&height=176&crop=center 2x`,
    );
    await galleryPhoto.scrollIntoViewIfNeeded();
    await page.waitForFunction(() => (document.querySelector(".rw-gallery img") as HTMLImageElement | null)?.complete);
    expect(await galleryPhoto.evaluate((img: HTMLImageElement) => [88, 176].includes(img.naturalWidth))).toBe(true);
    await page.locator(".rw-gallery").scrollIntoViewIfNeeded();
    await saveScreenshot(page, "widget-gallery-1280");

    // Lightbox: opened from the second thumbnail, arrows move (and wrap), Tab stays inside, Esc closes.
    await thumbnails.nth(1).click();
    await dialog().waitFor();
    await expect(dialog().getByRole("heading", { name: "Customer photo" }).count()).resolves.toBe(1);
    const count = dialog().locator("[data-lb-count]");
    expect(await count.textContent()).toBe(`Photo 2 of ${total}`);
    expect(await dialog().locator("[data-lb-caption]").textContent()).toBe("Rated 5 out of 5 · Ana P.");
    expect(await dialog().locator("img").getAttribute("alt")).toBe("Photo from a customer review");
    const frame = await dialog().boundingBox();
    await page.keyboard.press("ArrowRight");
    expect(await count.textContent()).toBe(`Photo 3 of ${total}`);
    await page.keyboard.press("ArrowLeft");
    await page.keyboard.press("ArrowLeft");
    expect(await count.textContent()).toBe(`Photo 1 of ${total}`);
    expect(await dialog().locator("img").getAttribute("alt")).toBe("Photo 1 from Ana");
    expect(await dialog().locator("img").getAttribute("src")).toBe(`${phonePhotoUrl}?width=1200`);
    await page.waitForFunction(() => (document.querySelector("[data-lb-img]") as HTMLImageElement | null)?.naturalWidth === 1200);
    await page.keyboard.press("ArrowLeft");
    expect(await count.textContent()).toBe(`Photo ${total} of ${total}`);
    expect(await dialog().boundingBox()).toEqual(frame); // no layout shift between photos
    for (let n = 0; n < 5; n++) {
      await page.keyboard.press(n % 2 ? "Shift+Tab" : "Tab");
      expect(await page.evaluate(() => Boolean(document.activeElement?.closest("dialog[open]")))).toBe(true);
    }
    await saveLightboxScreenshot("widget-lightbox-1280");
    await page.keyboard.press("Escape");
    await expect(dialog().count()).resolves.toBe(0);
    expect(await page.evaluate(() => document.activeElement?.closest(".rw-gallery li") !== null)).toBe(true);

    // Helpful: counted once for this shopper however they click, shown with aria-pressed.
    const helpful = reviewItem(reviewIds[0]!).locator("[data-helpful]");
    expect(await helpful.getAttribute("aria-pressed")).toBe("false");
    await helpful.click();
    await page.waitForFunction(
      (id) => document.querySelector(`li[data-id="${id}"] [data-helpful]`)?.getAttribute("aria-pressed") === "true",
      reviewIds[0],
    );
    expect((await helpful.textContent())?.replace(/\s+/g, " ").trim()).toBe("Helpful (1)");
    // The same vote sent again (a double click, another tab) changes nothing.
    const again = await page.evaluate(async (id) => {
      const res = await fetch("/apps/retention/reviews/helpful", {
        method: "POST",
        body: new URLSearchParams({ review_id: id, helpful: "true" }),
      });
      return res.json();
    }, reviewIds[0]!);
    expect(again).toEqual({ helpful: true, helpfulCount: 1 });
    expect((await db.review.findUniqueOrThrow({ where: { id: reviewIds[0]! } })).helpfulCount).toBe(1);
    // After a reload the page shows the live count and the shopper's vote (the metafield still says 0).
    await openProduct();
    expect(await helpful.getAttribute("aria-pressed")).toBe("true");
    expect((await helpful.textContent())?.replace(/\s+/g, " ").trim()).toBe("Helpful (1)");
    // Clicking again withdraws the vote.
    await helpful.click();
    await page.waitForFunction(
      (id) => document.querySelector(`li[data-id="${id}"] [data-helpful]`)?.getAttribute("aria-pressed") === "false",
      reviewIds[0],
    );
    expect((await helpful.innerText()).trim()).toBe("Helpful");
    await helpful.click();
    await page.waitForFunction(
      (id) => document.querySelector(`li[data-id="${id}"] [data-helpful]`)?.getAttribute("aria-pressed") === "true",
      reviewIds[0],
    );

    // Most helpful first: the review three shoppers voted for, then the one this shopper did.
    const listed = page.waitForResponse((response) => response.url().includes("sort=helpful"));
    await page.getByLabel("Sort by").selectOption("helpful");
    await listed;
    await page.waitForFunction(() => document.querySelector("[data-list]")?.getAttribute("aria-busy") === null);
    await page.waitForFunction(
      (id) => document.querySelector(`li[data-id="${id}"] [data-helpful]`)?.getAttribute("aria-pressed") === "true",
      reviewIds[0],
    );
    const order = await page.locator("li.rw-review").evaluateAll((items) => items.slice(0, 2).map((li) => (li as HTMLElement).dataset.id));
    expect(order).toEqual([reviewIds[2], reviewIds[0]]);
    expect((await reviewItem(reviewIds[2]!).locator("[data-helpful]").textContent())?.replace(/\s+/g, " ").trim()).toBe("Helpful (3)");
    await expect(page.locator('li.rw-review [data-helpful][aria-pressed="true"]').count()).resolves.toBe(1);
    // Rendered by the script from the proxy's JSON: the thumbnail at the size shown, for 1x and 2x screens.
    const listedPhoto = reviewItem(reviewIds[0]!).locator(".rw-photo img").first();
    expect(await listedPhoto.getAttribute("srcset")).toBe(
      `${phonePhotoUrl}?width=80&height=80&crop=center 1x, ${phonePhotoUrl}?width=160&height=160&crop=center 2x`,
    );
    expect(await listedPhoto.getAttribute("src")).toBe(`${phonePhotoUrl}?width=80&height=80&crop=center`);
    expect(await listedPhoto.evaluate((img: HTMLImageElement) => [img.loading, img.decoding, img.width, img.height])).toEqual([
      "lazy",
      "async",
      80,
      80,
    ]);
    await reviewItem(reviewIds[2]!).scrollIntoViewIfNeeded();
    await saveScreenshot(page, "widget-most-helpful-1280");

    // A guest where anonymous reviews are off: a login link that comes back here, and no form.
    const login = page.getByRole("link", { name: "Log in to write a review" });
    await expect(login.isVisible()).resolves.toBe(true);
    await expect(page.locator("summary", { hasText: "Write a review" }).isVisible()).resolves.toBe(false);
    expect(await login.getAttribute("href")).toBe(
      `/account/login?return_url=${encodeURIComponent(`/products/${product.handle}#retention-reviews`)}`,
    );
    await login.scrollIntoViewIfNeeded();
    await saveScreenshot(page, "widget-guest-login-1280");

    // The buyer logs in from there and is back on the product, told before writing that they reviewed it.
    const settled = page.waitForResponse((response) => response.url().includes("/apps/retention/reviews/shopper"));
    await login.click();
    await page.getByRole("button", { name: new RegExp(buyer.email) }).click();
    await settled;
    expect(new URL(page.url()).pathname).toBe(`/products/${product.handle}`);
    const already = page.getByText("You have already reviewed this product. Thank you!");
    await already.waitFor();
    await expect(page.locator("summary", { hasText: "Write a review" }).isVisible()).resolves.toBe(false);
    await expect(page.getByRole("link", { name: "Log in to write a review" }).count()).resolves.toBe(0);
    await already.scrollIntoViewIfNeeded();
    await saveScreenshot(page, "widget-already-reviewed-1280");

    expect(await horizontalOverflow(page)).toBe(0);
    expect(await widgetFits()).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it("at 375: the gallery and lightbox by keyboard, and the star badge from the collection page", async () => {
    await page.setViewportSize(VIEWPORTS.phone);
    await logInAs(null);
    // From a product card, the badge opens the product page at the reviews.
    await page.goto(`${demo.urls.storefront}/collections/all`);
    const cardBadge = page.locator(`.rw-star-rating-link[href="/products/${product.handle}#retention-reviews"]`);
    const settled = page.waitForResponse((response) => response.url().includes("/apps/retention/reviews/shopper"));
    await cardBadge.first().click();
    await page.waitForURL((url) => url.pathname === `/products/${product.handle}` && url.hash === "#retention-reviews");
    await settled;
    expect(await reviews().evaluate((el) => Math.round(el.getBoundingClientRect().top))).toBeLessThan(40);
    expect(await horizontalOverflow(page)).toBe(0);
    expect(await widgetFits()).toEqual([]);
    await page.locator(".rw-gallery").scrollIntoViewIfNeeded();
    await saveScreenshot(page, "widget-gallery-375");

    // Keyboard only: focus a thumbnail, Enter opens, arrows move, Esc closes back onto it.
    await page.locator(".rw-gallery button").nth(2).focus();
    await page.keyboard.press("Enter");
    await dialog().waitFor();
    expect(await dialog().locator("[data-lb-count]").textContent()).toBe("Photo 3 of 6");
    await page.keyboard.press("ArrowRight");
    expect(await dialog().locator("[data-lb-count]").textContent()).toBe("Photo 4 of 6");
    const box = await dialog().boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(VIEWPORTS.phone.width);
    await saveLightboxScreenshot("widget-lightbox-375");
    await page.keyboard.press("Escape");
    await expect(dialog().count()).resolves.toBe(0);
    expect(await page.evaluate(() => document.activeElement === document.querySelectorAll(".rw-gallery button")[2])).toBe(true);

    // A review's own photos open the lightbox on that review's photos only.
    await reviewItem(reviewIds[1]!).locator(".rw-photo").first().click();
    expect(await dialog().locator("[data-lb-count]").textContent()).toBe("Photo 1 of 2");
    expect(await dialog().locator("[data-lb-caption]").textContent()).toBe("Ben T.");
    await page.keyboard.press("Escape");

    // The buyer who reviewed sees that at once on a phone too.
    await logInAs(buyer);
    await openProduct();
    await page.getByText("You have already reviewed this product. Thank you!").waitFor();
    expect(await horizontalOverflow(page)).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it("in Greek at 375 and 1280: a customer writes without being asked for name or email, and everything fits", async () => {
    await logInAs(greekShopper);
    for (const viewport of [VIEWPORTS.phone, VIEWPORTS.desktop]) {
      await page.setViewportSize(viewport);
      await openProduct("/el");
      await page.getByRole("heading", { name: "Φωτογραφίες πελατών" }).waitFor();
      await expect(page.getByLabel("Ταξινόμηση").locator('option[value="helpful"]').textContent()).resolves.toBe("Πιο χρήσιμες");
      expect((await reviewItem(reviewIds[2]!).locator("[data-helpful]").textContent())?.replace(/\s+/g, " ").trim()).toBe("Χρήσιμη (3)");
      // Logged in and not yet a reviewer of this product: the form, with the account's name and no name or email fields.
      await page.locator("summary", { hasText: "Γράψτε μια κριτική" }).click();
      const name = `${greekShopper.firstName} ${greekShopper.lastName.slice(0, 1)}.`;
      await page.getByText(`Δημοσίευση ως ${name}`).waitFor();
      await expect(page.getByLabel("Το όνομά σας").count()).resolves.toBe(0);
      await expect(page.locator('product-reviews input[name="author_email"]').count()).resolves.toBe(0);
      expect(await widgetFits()).toEqual([]);
      expect(await horizontalOverflow(page)).toBe(0);
      await page.locator(".rw-gallery").scrollIntoViewIfNeeded();
      await saveScreenshot(page, `widget-el-${viewport.width}`);
      await page.locator(".rw-gallery button").first().click();
      expect(await dialog().locator("[data-lb-count]").textContent()).toBe("Φωτογραφία 1 από 6");
      expect(await dialog().getByRole("button", { name: "Κλείσιμο" }).isVisible()).toBe(true);
      if (viewport.width === 375) await saveLightboxScreenshot("widget-lightbox-375-el");
      await page.keyboard.press("Escape");
    }
    expect(pageErrors).toEqual([]);
  });
});
