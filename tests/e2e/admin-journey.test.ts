// The merchant's admin journey in Chromium (the demo, outside Shopify admin): the dashboard
// with a real order from the simulator agreeing with the Loyalty page, moderating a low rating
// with a photo (lightbox, reply, product column), its follow-up task, a reward with a long name,
// the unsaved-edits guard and the loading bar, at 1280, 1024 and 375 px. No page scrolls
// sideways, no table cuts its last column off, and the browser reports no error.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import type { Demo } from "../../scripts/demo";
import type { Db } from "../../app/db.server";
import { DEMO_SHOP_DOMAIN } from "../../scripts/simulator/demo-store";
import {
  horizontalOverflow,
  saveScreenshot,
  startBrowserDemo,
  stopBrowserDemo,
  VIEWPORTS,
  waitFor,
  type BrowserDemo,
  type ViewportName,
} from "./support";

let session: BrowserDemo | undefined;
let demo: Demo;
let page: Page;
let db: Db;
let pageErrors: string[];

beforeAll(async () => {
  session = await startBrowserDemo({ firstPort: 3650, name: "retention-e2e-admin" });
  ({ demo, page, db, pageErrors } = session);
});

afterAll(() => stopBrowserDemo(session));

const shop = DEMO_SHOP_DOMAIN;
const adminUrl = (path: string) => `${demo.urls.admin.replace("localhost", "127.0.0.1")}${path}`;
const WIDTHS: ViewportName[] = ["desktop", "laptop", "phone"];

async function open(path: string, heading: string) {
  await page.goto(adminUrl(path));
  // The first visit compiles the admin in the Vite dev server: allow it time.
  await page.getByRole("heading", { name: heading, exact: true }).first().waitFor({ timeout: 90_000 });
  // Hydrated: phones get their stacked table rows only then.
  await page.waitForLoadState("networkidle");
}

/**
 * How far an index table reaches past the right edge of the card that holds it: 0 when its last
 * column shows in full (the card clips what is wider, or the table scrolls sideways).
 */
const tableOverflow = () =>
  page.evaluate(() =>
    Math.max(
      0,
      ...[...document.querySelectorAll(".Polaris-IndexTable__Table, .Polaris-IndexTable__CondensedList")].map((table) => {
        const card = table.closest(".Polaris-ShadowBevel") ?? document.documentElement;
        return Math.round(table.getBoundingClientRect().right - card.getBoundingClientRect().right);
      }),
    ),
  );

/** The element shows whole: inside the viewport and inside the card that holds it. */
async function inView(locator: ReturnType<Page["getByRole"]>) {
  const { left, right, edge } = await locator.evaluate((el) => {
    const box = el.getBoundingClientRect();
    const card = el.closest(".Polaris-ShadowBevel") ?? document.documentElement;
    return { left: box.left, right: box.right, edge: Math.min(card.getBoundingClientRect().right, document.documentElement.clientWidth) };
  });
  expect(left).toBeGreaterThanOrEqual(0);
  expect(right).toBeLessThanOrEqual(edge);
}

/** An index table's row holding `text`: a table row, or the stacked item a phone shows instead. */
const tableRow = (text: string) => page.locator(".Polaris-IndexTable__TableRow").filter({ hasText: text });

/** The innermost elements that reach past the viewport's right edge, to name what overflows. */
const pastTheEdge = () =>
  page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const past = [...document.querySelectorAll("body *")].filter((el) => el.getBoundingClientRect().right > width + 0.5);
    return past
      .filter((el) => !past.some((other) => other !== el && el.contains(other)))
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join(".")} "${el.textContent?.slice(0, 40)}"`);
  });

async function fits() {
  const overflow = await horizontalOverflow(page);
  expect({ overflow, past: overflow > 0 ? await pastTheEdge() : [] }).toEqual({ overflow: 0, past: [] });
  expect(await tableOverflow()).toBe(0);
}

/** The headline figure's value on a page of FigureCards: the line under its label. */
const figure = (label: string) =>
  page
    .getByRole("heading", { name: label, exact: true })
    .first()
    .evaluate((heading) => heading.nextElementSibling?.textContent ?? null);

describe("the merchant's admin in Chromium", () => {
  // Each test answers for the errors of its own pages.
  beforeEach(() => {
    pageErrors.length = 0;
  });

  let orderId = "";
  let reviewId = "";

  it("shows a real order on the dashboard, with the same points as the Loyalty page", async () => {
    const store = demo.simulator.state.shops.get(shop)!;
    const customer = store.customers.find((candidate) => candidate.email === "emma.clarke@example.com") ?? store.customers[0]!;
    const product = store.products.find((candidate) => candidate.handle === "olive-oil-soap") ?? store.products[0]!;
    const before = await db.dailyMetric.aggregate({ where: { shop }, _sum: { orders: true } });
    const { order } = await demo.simulator.actions.placeOrder({
      customerId: customer.id,
      lines: [{ variantId: product.variants[0]!.id, quantity: 2 }],
    });
    orderId = order.id;
    // The order webhook is recorded, earns pending points and rolls its day up.
    await waitFor(
      () => db.dailyMetric.aggregate({ where: { shop }, _sum: { orders: true } }),
      (after) => (after._sum.orders ?? 0) === (before._sum.orders ?? 0) + 1,
    );
    await waitFor(
      () => db.loyaltyEntry.count({ where: { shop, orderId: order.id, kind: "pending" } }),
      (count) => count === 1,
    );

    for (const width of ["desktop", "phone"] as const) {
      await page.setViewportSize(VIEWPORTS[width]);
      await open("", "Dashboard");
      await page.getByRole("figure", { name: "Average rating chart" }).locator("svg").first().waitFor();
      await fits();
      await saveScreenshot(page, `admin-dashboard-${VIEWPORTS[width].width}`);
    }
    const total = (await db.dailyMetric.aggregate({ where: { shop }, _sum: { orders: true } }))._sum.orders ?? 0;
    expect(Number((await figure("Orders"))?.replace(/,/g, ""))).toBeGreaterThan(0);
    expect(total).toBeGreaterThan(0);
    // A rating axis runs 0–5, and the bar charts carry their dates.
    const ratingAxis = await page.getByRole("figure", { name: "Average rating chart" }).locator("svg text").allTextContents();
    expect(ratingAxis).toEqual(expect.arrayContaining(["0", "1", "2", "3", "4", "5"]));
    const orderAxis = await page.getByRole("figure", { name: "Orders chart" }).locator("svg text").allTextContents();
    expect(orderAxis.filter((text) => /^\d{1,2}\/\d{1,2}$/.test(text)).length).toBeGreaterThanOrEqual(4);

    const [issued, redeemed] = (await figure("Points issued / redeemed"))!.split(" / ");
    const outstanding = await page.getByText(/^Spendable [\d,]+, pending [\d,]+/).textContent();
    const pending = /pending ([\d,]+)/.exec(outstanding!)![1];
    await open("/loyalty", "Loyalty");
    expect(await figure("Points issued")).toBe(issued);
    expect(await figure("Points redeemed")).toBe(redeemed);
    expect(await figure("Points pending")).toBe(pending);
    expect(Number(pending!.replace(/,/g, ""))).toBeGreaterThan(0);
    expect(pageErrors).toEqual([]);
  });

  it("moderates a low rating with a photo: product, lightbox and reply fit at every width", async () => {
    // The review arrives as the storefront's would, from the customer who placed the order.
    const { submitReview } = await import("../../app/reviews/submit-review.server");
    const order = await db.order.findUniqueOrThrow({ where: { id: orderId } });
    const store = demo.simulator.state.shops.get(shop)!;
    const line = (order.lineItems as { productId: string; title: string }[])[0]!;
    const product = store.products.find((candidate) => candidate.id === line.productId)!;
    const photoUrl = `${demo.urls.simulator}/cdn/shop/products/${product.handle}.svg`;
    const submitted = await submitReview(
      db,
      {
        rating: "2",
        title: "Lovely scent, but the bar cracked",
        body: "The soap smells wonderful, but one of the two bars arrived cracked in half. The box was fine, so it must have been packed that way.",
        authorName: "Emma Clarke",
        productId: product.id,
      },
      {
        shop,
        via: { kind: "customer", customerId: order.customerId! },
        ipHash: "e2e",
        now: new Date(),
        productExists: async () => true,
        storePhotos: async () => [{ fileId: "gid://shopify/MediaImage/9001", url: photoUrl, altText: "The cracked bar of soap" }],
      },
    );
    expect(submitted).toMatchObject({ ok: true, review: { status: "pending", verified: true } });
    reviewId = submitted.ok ? submitted.review!.id : "";

    for (const width of WIDTHS) {
      await page.setViewportSize(VIEWPORTS[width]);
      await open("/reviews", "Reviews");
      const row = tableRow("Lovely scent, but the bar cracked");
      await row.getByText(line.title, { exact: true }).waitFor();
      await fits();
      await inView(row.getByRole("button", { name: "Reply" }));
      await saveScreenshot(page, `admin-reviews-${VIEWPORTS[width].width}`);
    }

    await page.setViewportSize(VIEWPORTS.desktop);
    await open("/reviews", "Reviews");
    const row = tableRow("Lovely scent, but the bar cracked");
    await row.getByRole("button", { name: "Open photo 1 by Emma Clarke" }).click();
    const lightbox = page.getByRole("dialog", { name: "Photo 1 of 1 by Emma Clarke" });
    const photo = lightbox.getByRole("img", { name: "The cracked bar of soap" });
    await photo.waitFor();
    expect(await photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    await saveScreenshot(page, "admin-lightbox-1280");
    await page.keyboard.press("Escape");
    await lightbox.waitFor({ state: "hidden" });
    // Opening the photo did not select the review.
    expect(await page.getByText("1 selected").count()).toBe(0);

    await row.getByRole("button", { name: "Reply" }).click();
    const reply = page.getByRole("dialog", { name: "Public reply" });
    await reply.getByRole("textbox").fill("Sorry about that, Emma: a new bar is on its way.");
    await reply.getByRole("button", { name: "Save reply" }).click();
    await page.getByText("Reply published").first().waitFor();
    await row.getByText("Reply: Sorry about that, Emma: a new bar is on its way.").waitFor();
    await inView(row.getByRole("button", { name: "Edit reply" }));
    expect(pageErrors).toEqual([]);
  });

  it("lists the follow-up task with the customer's email, the review and the order", async () => {
    const order = await db.order.findUniqueOrThrow({ where: { id: orderId } });
    for (const width of WIDTHS) {
      await page.setViewportSize(VIEWPORTS[width]);
      await open("/reviews/tasks", "Follow-up tasks");
      const row = tableRow("Lovely scent");
      await row.first().getByRole("link", { name: order.email! }).waitFor();
      await fits();
      await inView(row.first().getByRole("button", { name: "Mark done" }));
      if (width !== "laptop") await saveScreenshot(page, `admin-tasks-${VIEWPORTS[width].width}`);
    }
    const row = tableRow("Lovely scent");
    expect(await row.first().getByRole("link", { name: order.email! }).getAttribute("href")).toBe(`mailto:${order.email}`);
    // Outside Shopify admin the order link is the store's admin address (embedded it is shopify://admin/orders/…).
    const number = orderId.split("/").pop();
    expect(await row.first().getByRole("link", { name: "Order" }).getAttribute("href")).toBe(
      `https://admin.shopify.com/store/${shop.replace(".myshopify.com", "")}/orders/${number}`,
    );
    await page.setViewportSize(VIEWPORTS.desktop);
    await open("/reviews/tasks", "Follow-up tasks");
    await tableRow("Lovely scent").getByRole("link", { name: "Review" }).click();
    await page.waitForURL((url) => url.searchParams.get("review") === reviewId);
    await page.getByText("Showing the review a follow-up task links to.").waitFor();
    expect(await tableRow("Emma Clarke").count()).toBe(1);
    expect(pageErrors).toEqual([]);
  });

  it("keeps Status and Actions in view beside a reward with a long name", async () => {
    const name = "Spring thank-you: ten euros off any order of our handmade soaps, candles and towels";
    await db.loyaltyReward.create({ data: { shop, name, kind: "amount_off", value: "10.00", pointsCost: 1000, minimumOrder: "50.00" } });
    for (const width of WIDTHS) {
      await page.setViewportSize(VIEWPORTS[width]);
      await open("/loyalty/rewards", "Rewards");
      await page.getByText(name).waitFor();
      await page.getByText("$10.00 off on orders from $50.00").waitFor();
      await fits();
      await inView(page.getByRole("button", { name: `Delete ${name}` }));
      if (width !== "desktop") await saveScreenshot(page, `admin-rewards-${VIEWPORTS[width].width}`);
    }
    expect(pageErrors).toEqual([]);
  });

  it("asks before leaving a settings page with unsaved edits, and shows a loading bar meanwhile", async () => {
    await page.setViewportSize(VIEWPORTS.desktop);
    await open("/loyalty/settings", "Loyalty settings");
    const field = page.getByLabel("Creating an account");
    const saved = await field.inputValue();
    await field.fill("-5");
    await field.blur();
    await page.getByText("Enter 0 or more.").waitFor();
    await field.fill("275");
    await page.getByText("Unsaved changes").waitFor();

    // A menu link below the save bar (the bar covers the top of the screen while it shows).
    await page.getByRole("link", { name: "Privacy" }).first().click();
    const confirm = page.getByRole("dialog", { name: "Leave page with unsaved changes?" });
    await confirm.waitFor();
    await saveScreenshot(page, "admin-unsaved-1280");
    await confirm.getByRole("button", { name: "Stay" }).click();
    await confirm.waitFor({ state: "hidden" });
    expect(new URL(page.url()).pathname).toBe("/app/loyalty/settings");
    expect(await field.inputValue()).toBe("275");

    // A slow page: the loading bar shows until it arrives.
    await page.route("**/app/settings.data**", async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await route.continue();
    });
    await page.getByRole("link", { name: "Settings" }).first().click();
    await confirm.getByRole("button", { name: "Leave page" }).click();
    await page.getByRole("progressbar").first().waitFor();
    await page.getByRole("heading", { name: "Settings", exact: true }).waitFor();
    await page.getByRole("progressbar").first().waitFor({ state: "hidden" });
    await page.unroute("**/app/settings.data**");
    expect((await db.loyaltySettings.findUniqueOrThrow({ where: { shop } })).signupPoints).toBe(Number(saved));

    // Nothing is asked once the edits are saved.
    await open("/loyalty/settings", "Loyalty settings");
    await page.getByLabel("Creating an account").fill("275");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByText("Unsaved changes").waitFor({ state: "hidden" });
    await page.getByRole("link", { name: "Privacy" }).first().click();
    await page.getByRole("heading", { name: "Privacy", exact: true }).waitFor();
    expect(await confirm.count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it("fits every other admin page at 1280, 1024 and 375 px without errors", async () => {
    const pages: [string, string][] = [
      ["/reviews/settings", "Review settings"],
      ["/reviews/import", "Import reviews"],
      ["/loyalty/settings", "Loyalty settings"],
      ["/loyalty/tiers", "VIP tiers"],
      ["/loyalty/members", "Members"],
      ["/privacy", "Privacy"],
      ["/settings", "Settings"],
    ];
    for (const width of WIDTHS) {
      await page.setViewportSize(VIEWPORTS[width]);
      for (const [path, heading] of pages) {
        await open(path, heading);
        expect({ path, width, overflow: await horizontalOverflow(page), table: await tableOverflow() }).toEqual({
          path,
          width,
          overflow: 0,
          table: 0,
        });
      }
    }
    expect(pageErrors).toEqual([]);
  });
});
