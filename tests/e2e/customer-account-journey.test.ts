// The surfaces beyond the theme as a shopper sees them in the storefront preview, in Chromium: the
// customer-account Rewards page and the thank-you block (the extensions' own Preact components,
// with the preview's stand-ins for Shopify's s-* elements, calling the app with signed session
// tokens). A member with points, at 1280 px in English and at 375 px in Greek; a guest's thank-you
// block asks them to create an account.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import type { Demo } from "../../scripts/demo";
import type { Db } from "../../app/db.server";
import { DEMO_SHOP_DOMAIN } from "../../scripts/simulator/demo-store";
import type { Customer } from "../../scripts/simulator/state";
import { giveCustomerPoints } from "../support/extension-app";
import {
  collectPageErrors,
  horizontalOverflow,
  logInOnStorefront,
  saveScreenshot,
  startBrowserDemo,
  stopBrowserDemo,
  VIEWPORTS,
  type BrowserDemo,
} from "./support";

let session: BrowserDemo | undefined;
let demo: Demo;
let page: Page;
let db: Db;
let pageErrors: string[];

// A shopper's browser as Shopify's library sees it: headless Chromium says "HeadlessChrome" in its
// user agent, which the library's bot check answers with 410 on the extensions' routes.
const SHOPPER_USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36";

beforeAll(async () => {
  session = await startBrowserDemo({ firstPort: 3720, name: "retention-e2e-accounts" });
  ({ demo, db } = session);
  page = await (await session.browser.newContext({ userAgent: SHOPPER_USER_AGENT })).newPage();
  pageErrors = collectPageErrors(page);
}, 180_000);

afterAll(() => stopBrowserDemo(session));

const shopState = () => demo.simulator.state.shops.get(DEMO_SHOP_DOMAIN)!;
const customerByEmail = (email: string) => shopState().customers.find((candidate) => candidate.email === email)!;

const logIn = (customer: Customer) => logInOnStorefront(page, demo.urls.storefront, customer);

/** Puts two pairs of sandals ($79 each) in the cart, as a theme's product form does. */
async function fillCart() {
  const variant = shopState().products.find((product) => product.handle === "leather-sandals")!.variants[0]!;
  const status = await page.evaluate(
    async (id) => {
      const response = await fetch("/cart/add.js", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ items: [{ id, quantity: 2 }] }),
      });
      return response.status;
    },
    Number(variant.id.split("/").pop()),
  );
  expect(status).toBe(200);
}

describe("customer accounts and the thank-you page in Chromium", () => {
  it("shows a member the Rewards page: points, rewards to redeem and history (1280 in English, 375 in Greek)", async () => {
    const emma = customerByEmail("emma.clarke@example.com");
    await giveCustomerPoints(db, emma, 400);
    await logIn(emma);

    await page.setViewportSize(VIEWPORTS.desktop);
    await page.goto(`${demo.urls.storefront}/account/rewards`);
    await page.getByText("Rewards to redeem").waitFor();
    await page.getByText("400 points").first().waitFor();
    await page.getByText("Welcome gift").waitFor(); // the ledger entry, in the history
    expect(await horizontalOverflow(page)).toBe(0);
    await saveScreenshot(page, "accounts-rewards-1280");

    await page.setViewportSize(VIEWPORTS.phone);
    await page.goto(`${demo.urls.storefront}/el/account/rewards`);
    await page.getByText("400 πόντοι").first().waitFor();
    expect(await horizontalOverflow(page)).toBe(0);
    await saveScreenshot(page, "accounts-rewards-375-el");
  });

  it("shows a member the points their order earns on the thank-you page", async () => {
    await page.setViewportSize(VIEWPORTS.desktop);
    await page.goto(`${demo.urls.storefront}/collections/all`);
    await fillCart();
    await page.goto(`${demo.urls.storefront}/checkout/thank-you`);
    await page.getByText("This order earns you 158 points.").waitFor();
    expect(await horizontalOverflow(page)).toBe(0);
    await saveScreenshot(page, "accounts-thank-you-1280");
  });

  it("asks a guest on the thank-you page to create an account, in Greek at 375 px", async () => {
    await page.context().clearCookies();
    await page.setViewportSize(VIEWPORTS.phone);
    await page.goto(`${demo.urls.storefront}/el/collections/all`);
    await fillCart();
    await page.goto(`${demo.urls.storefront}/el/checkout/thank-you`);
    const block = page.locator("body");
    await page.getByText("Με αυτή την παραγγελία κερδίζετε: 158 πόντοι.").waitFor();
    await expect(block.innerText()).resolves.toMatch(/λογαριασμό/);
    expect(await horizontalOverflow(page)).toBe(0);
    await saveScreenshot(page, "accounts-thank-you-guest-375-el");
  });

  it("raised no errors in the browser console on any page", () => {
    expect(pageErrors.join("\n")).toBe("");
  });
});
