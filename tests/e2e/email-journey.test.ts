// The merchant's email journey in Chromium: a template built from blocks (edit, add, move, remove,
// colours), the live preview, saving with the save bar; raw Liquid broken on purpose and the
// merchant-friendly error; open and click tracking switched off and on. Then an order from the
// simulator sends the review request to the mail sink; opening it (its pixel loads) records an
// open, clicking its link records a click and lands on the signed target, and the Emails page
// shows the flow's counts. Admin pages at 1280, 1024 and 375 px; the email itself at 1280 and 375.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import type { Demo } from "../../scripts/demo";
import type { Db } from "../../app/db.server";
import type { CapturedMail } from "../../scripts/mail-sink/server";
import { DEMO_SHOP_DOMAIN } from "../../scripts/simulator/demo-store";
import { horizontalOverflow, saveScreenshot, startBrowserDemo, stopBrowserDemo, VIEWPORTS, waitFor, type BrowserDemo } from "./support";

let session: BrowserDemo | undefined;
let demo: Demo;
let page: Page;
let db: Db;
let pageErrors: string[];
const shop = DEMO_SHOP_DOMAIN;

beforeAll(async () => {
  session = await startBrowserDemo({ firstPort: 3700, name: "email-journey" });
  ({ demo, page, db, pageErrors } = session);
});

afterAll(() => stopBrowserDemo(session));

const admin = (path: string) => `${demo.urls.admin.replace("localhost", "127.0.0.1")}${path}`;
const open = async (path: string, heading: string) => {
  await page.goto(admin(path));
  // The first visit compiles the admin in the Vite dev server: allow it time.
  await page.getByRole("heading", { name: heading, exact: true }).first().waitFor({ timeout: 90_000 });
  // The heading is server-rendered: wait for the page's scripts, so a click is not lost before hydration.
  await page.waitForLoadState("networkidle");
};
const saveBar = () => page.getByText("Unsaved changes");
const save = () => page.getByRole("button", { name: "Save", exact: true }).click();
const preview = () => page.frameLocator('iframe[title^="Preview of the"]');

/** Overflow checked and a screenshot taken at each width; `reload`: opened afresh at each width, as a merchant on that screen would. */
async function lookAt(name: string, widths: (keyof typeof VIEWPORTS)[], { reload = false } = {}) {
  for (const width of widths) {
    await page.setViewportSize(VIEWPORTS[width]);
    if (reload) {
      await page.reload();
      await page.waitForLoadState("networkidle");
    }
    // From the top, as the page opens: sticky headers stay in their place.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(150);
    expect(await horizontalOverflow(page), `${name} at ${VIEWPORTS[width].width}px`).toBe(0);
    await saveScreenshot(page, `${name}-${VIEWPORTS[width].width}`);
  }
  await page.setViewportSize(VIEWPORTS.desktop);
}

describe("email templates, tracking and the sent email in Chromium", () => {
  it("builds the review request from blocks, previews and saves it", async () => {
    await page.setViewportSize(VIEWPORTS.desktop);
    await open("/emails/templates/review_request/en", "Review request");
    await page.getByRole("button", { name: "Start from blocks" }).click();
    await page.getByRole("heading", { name: "Colours and logo" }).waitFor();
    await saveBar().waitFor();

    await page.getByLabel("Heading", { exact: true }).fill('How is your order, {{ customer.first_name | default: "friend" }}?');
    await page.getByLabel("Buttons", { exact: true }).fill("#1f6f4a");
    // A button that leads to the review page, moved above the product list; the sign-off removed.
    await page.getByRole("button", { name: "Add block" }).click();
    await page.getByRole("menuitem", { name: "Button" }).click();
    await page.getByRole("heading", { name: "5. Button" }).waitFor();
    await page.getByLabel("Button label").fill("Review everything at once");
    await page.getByLabel("Link", { exact: true }).fill("javascript:alert(1)");
    await page.getByText(/^Block 5: Button link: use a web address/).waitFor();
    await page.getByLabel("Link", { exact: true }).fill("review_url");
    await page.getByRole("button", { name: "Move 5. Button up" }).click();
    await page.getByRole("button", { name: "Move 4. Button up" }).click();
    await page.getByRole("button", { name: "Remove 5. Text" }).click();
    await expect(page.getByRole("heading", { name: /^\d\. / }).allTextContents()).resolves.toEqual([
      "1. Heading",
      "2. Text",
      "3. Button",
      "4. Product list",
    ]);

    // The live preview renders the blocks with the sample order.
    await preview().getByText("How is your order, Alex?").waitFor();
    await preview().getByRole("link", { name: "Review everything at once" }).waitFor();
    await save();
    await page.getByText("Template saved").first().waitFor();
    await saveBar().waitFor({ state: "hidden" });
    await preview()
      .locator("html")
      .evaluate((html) => html.ownerDocument.defaultView?.scrollTo(0, 0));
    const row = await db.emailTemplate.findFirstOrThrow({ where: { shop, kind: "review_request", locale: "en" } });
    expect(JSON.parse(row.blocks!).blocks.map((block: { type: string }) => block.type)).toEqual(["heading", "text", "button", "products"]);
    expect(row.body).toContain("{{ review_url }}");
    expect(row.body).toContain("background:#1f6f4a");
    await lookAt("email-editor-blocks", ["desktop", "laptop", "phone"]);
    // Chromium leaves the sandboxed preview blank in a full-page capture below the fold: on a phone, the preview as scrolled to.
    await page.setViewportSize(VIEWPORTS.phone);
    await page.locator('iframe[title^="Preview of the"]').scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
    await page.screenshot({
      path: path.join(import.meta.dirname, "../../docs/screenshots/email-editor-preview-375.png"),
      caret: "initial",
    });
    await page.setViewportSize(VIEWPORTS.desktop);
  });

  it("shows a broken Liquid template's problem in the merchant's words, and goes back to blocks with a warning", async () => {
    await page.getByRole("button", { name: "Edit raw Liquid" }).click();
    const body = page.getByLabel("Body (HTML with Liquid)");
    await body.waitFor();
    const liquid = await body.inputValue();
    await body.fill(`${liquid}\n{% if order.name %}<p>Thanks for {{ order.name }}</p>`);
    const lines = liquid.split("\n").length + 1;
    await page.getByText(`Body: Line ${lines}: the tag {% if %} is not closed. Add {% endif %} where its part should end.`).waitFor();
    await expect(page.getByText(/line:\d+, col:\d+/).count()).resolves.toBe(0);
    await saveScreenshot(page, "email-editor-liquid-error-1280");

    await page.getByRole("button", { name: "Back to blocks" }).click();
    const dialog = page.getByRole("dialog", { name: "Go back to blocks?" });
    await dialog.getByText("Your Liquid changes are lost", { exact: false }).waitFor();
    await dialog.getByRole("button", { name: "Reset to blocks" }).click();
    await page.getByRole("heading", { name: "Colours and logo" }).waitFor();
    await saveBar().waitFor({ state: "hidden" });
  });

  it("switches open and click tracking off and on in the email settings", async () => {
    await open("/emails/settings", "Email settings");
    const tracking = page.getByLabel("Track opens and clicks");
    await page.getByText("Apple Mail Privacy Protection", { exact: false }).waitFor();
    await expect(tracking.isChecked()).resolves.toBe(true);
    await tracking.click();
    await saveBar().waitFor();
    await save();
    await page.getByText("Email settings saved").first().waitFor();
    await saveBar().waitFor({ state: "hidden" });
    await waitFor(
      () => db.emailSettings.findUnique({ where: { shop } }),
      (row) => row?.trackingEnabled === false,
    );
    // The form starts over from the saved settings: tick the new form's box.
    await expect.poll(() => page.getByLabel("Track opens and clicks").isChecked()).toBe(false);
    await page.getByLabel("Track opens and clicks").click();
    await saveBar().waitFor();
    await save();
    await saveBar().waitFor({ state: "hidden" });
    // Saved with the send-window switch off: the hours it shows for switching it on are not saved.
    expect(await db.emailSettings.findUniqueOrThrow({ where: { shop } })).toMatchObject({
      trackingEnabled: true,
      sendWindowStartHour: null,
      sendWindowEndHour: null,
    });
    await page.getByLabel("Track opens and clicks").scrollIntoViewIfNeeded();
    await lookAt("email-settings-tracking", ["desktop", "phone"]);
  });

  it("sends the email to a simulator order's customer; opening and clicking it are counted on the Emails page", async () => {
    const state = demo.simulator.state.shops.get(shop)!;
    const customer = state.customers.find((candidate) => candidate.email === "emma.clarke@example.com")!;
    const product = state.products[0]!;
    const { order } = await demo.simulator.actions.placeOrder({
      customerId: customer.id,
      lines: [{ variantId: product.variants[0]!.id, quantity: 1 }],
    });
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
    const isRequest = (mail: CapturedMail) => mail.envelopeTo.includes(customer.email) && mail.html?.includes("Review everything at once");
    const mails = await waitFor(
      async () => (await (await fetch(`${demo.urls.mail}/messages.json`)).json()) as CapturedMail[],
      (list) => list.some(isRequest),
      30_000,
    );
    const mail = mails.find(isRequest)!;
    expect(mail.html).toMatch(/<img src="[^"]*\/email\/open\?t=/);
    const message = await db.emailMessage.findFirstOrThrow({ where: { shop, orderId: order.id, flow: "review_request", step: 0 } });
    expect(message).toMatchObject({ status: "sent", openCount: 0, clickCount: 0 });

    // Opening the email loads its pixel: one open.
    await page.goto(`${demo.urls.mail}/messages/${mail.id}/html`);
    await page.getByText(`How is your order, ${customer.firstName}?`).waitFor();
    const opened = await waitFor(
      () => db.emailMessage.findUniqueOrThrow({ where: { id: message.id } }),
      (row) => row.openCount >= 1,
    );
    expect(opened.openedAt).not.toBeNull();
    await lookAt("email-received", ["desktop", "phone"]);

    // Clicking its button goes through the app, which records the click and forwards to the review page.
    await page.getByRole("link", { name: "Review everything at once" }).click();
    await page.waitForURL((url) => url.pathname === "/apps/retention/review");
    await page.getByRole("heading", { level: 1 }).first().waitFor();
    const clicked = await db.emailMessage.findUniqueOrThrow({ where: { id: message.id } });
    expect(clicked.clickCount).toBe(1);
    expect(clicked.clickedAt).not.toBeNull();

    // The Emails page counts them for the review request flow.
    await open("/emails", "Emails");
    // The thank-you email went out too, unopened: only the review request's figures read 100%.
    await page.getByText("opened (1 open)").waitFor();
    await page.getByText("clicked (1 click)").waitFor();
    await expect(page.getByText("opened (0 opens)").count()).resolves.toBe(1);
    // Shares of the emails sent with tracking on: the demo's earlier emails had none.
    await expect(page.getByText("100%", { exact: true }).count()).resolves.toBe(2);
    await lookAt("email-emails-page", ["desktop", "laptop", "phone"], { reload: true });
  });

  it("sends a Greek customer the Greek template built from blocks", async () => {
    await open("/emails/templates/review_request/el", "Review request");
    await page.getByRole("button", { name: "Start from blocks" }).click();
    await page.getByLabel("Heading", { exact: true }).fill("Πώς σας φάνηκε η παραγγελία σας;");
    await preview().getByText("Πώς σας φάνηκε η παραγγελία σας;").waitFor();
    await preview().getByRole("link", { name: "Γράψτε κριτική" }).first().waitFor();
    await save();
    await page.getByText("Template saved").first().waitFor();
    await saveBar().waitFor({ state: "hidden" });

    const state = demo.simulator.state.shops.get(shop)!;
    const customer = state.customers.find((candidate) => candidate.email === "maria.papadopoulou@example.com")!;
    const { order } = await demo.simulator.actions.placeOrder({
      customerId: customer.id,
      lines: [{ variantId: state.products[1]!.variants[0]!.id, quantity: 1 }],
    });
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
    const isRequest = (mail: CapturedMail) =>
      mail.envelopeTo.includes(customer.email) && (mail.html?.includes("Πώς σας φάνηκε η παραγγελία σας;") ?? false);
    const mails = await waitFor(
      async () => (await (await fetch(`${demo.urls.mail}/messages.json`)).json()) as CapturedMail[],
      (list) => list.some(isRequest),
      30_000,
    );
    const mail = mails.find(isRequest)!;
    await page.setViewportSize(VIEWPORTS.phone);
    await page.goto(`${demo.urls.mail}/messages/${mail.id}/html`);
    await page.getByRole("link", { name: "Γράψτε κριτική" }).first().waitFor();
    await expect(page.locator("html").getAttribute("lang")).resolves.toBe("el");
    expect(await horizontalOverflow(page)).toBe(0);
    await saveScreenshot(page, "email-received-375-el");
    await page.setViewportSize(VIEWPORTS.desktop);
  });

  it("refuses a forged click link without recording anything", async () => {
    const message = await db.emailMessage.findFirstOrThrow({ where: { shop, flow: "review_request", clickCount: 1 } });
    const response = await page.goto(`${demo.urls.admin.replace(/\/app$/, "")}/email/click?t=forged.${"A".repeat(43)}`);
    expect(response?.status()).toBe(400);
    expect((await db.emailMessage.findUniqueOrThrow({ where: { id: message.id } })).clickCount).toBe(1);
    const provoked = pageErrors.filter((error) => /^400 .*\/email\/click\?t=forged\./.test(error));
    expect(provoked).toHaveLength(1);
    expect(pageErrors.filter((error) => !provoked.includes(error))).toEqual([]);
  });
});
