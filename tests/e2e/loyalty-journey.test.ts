// The loyalty journey a Smile.io or LoyaltyLion shopper expects, in Chromium on the storefront
// preview and the admin: a logged-in customer with points sees the ways to earn and to redeem,
// confirms before spending points, gets the code focused and in view (clear of the fixed
// free-shipping bar), copies it, finds it in "My rewards" after a reload, uses it in an order
// placed in the simulator, and then sees it as used on the storefront and on the member's page
// in the admin. At 1280 px in English and at 375 px in Greek; the admin also at 1024 px. Along the
// way the points released after the returns window are announced by email (the mail sink).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Locator, Page } from "playwright-core";
import type { Demo } from "../../scripts/demo";
import type { Db } from "../../app/db.server";
import type { CapturedMail } from "../../scripts/mail-sink/server";
import { DEMO_SHOP_DOMAIN } from "../../scripts/simulator/demo-store";
import type { Customer } from "../../scripts/simulator/state";
import { jobsMentioning } from "../support/job-payloads";
import {
  horizontalOverflow,
  logInOnStorefront,
  saveScreenshot,
  startBrowserDemo,
  stopBrowserDemo,
  VIEWPORTS,
  waitFor as waitUntil,
  type BrowserDemo,
} from "./support";

let session: BrowserDemo | undefined;
let demo: Demo;
let page: Page;
let db: Db;
let pageErrors: string[];

beforeAll(async () => {
  session = await startBrowserDemo({ firstPort: 3680, name: "retention-e2e-loyalty-journey" });
  ({ demo, page, db, pageErrors } = session);
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(demo.urls.storefront).origin });
}, 180_000);

afterAll(() => stopBrowserDemo(session));

const waitFor = <T>(read: () => Promise<T>, done: (value: T) => boolean) => waitUntil(read, done, 30_000, 250);
const shopState = () => demo.simulator.state.shops.get(DEMO_SHOP_DOMAIN)!;
const customerByEmail = (email: string) => shopState().customers.find((candidate) => candidate.email === email)!;
const variantOf = (handle: string) => shopState().products.find((candidate) => candidate.handle === handle)!.variants[0]!.id;
const idle = (type: string) =>
  waitFor(
    () => db.job.count({ where: { shop: DEMO_SHOP_DOMAIN, type, status: { not: "done" } } }),
    (left) => left === 0,
  );
const memberOf = (customer: Customer) =>
  db.loyaltyMember.findUniqueOrThrow({ where: { shop_customerId: { shop: DEMO_SHOP_DOMAIN, customerId: customer.id } } });

/** An order of `quantity` sandals ($79 each) whose points are then released as if the returns window had passed. */
async function spendablePointsFromOrder(customer: Customer, quantity: number, discountCode?: string) {
  const { order } = await demo.simulator.actions.placeOrder({
    customerId: customer.id,
    lines: [{ variantId: variantOf("leather-sandals"), quantity }],
    discountCode,
  });
  const release = await waitFor(
    async () => (await jobsMentioning(db, { shop: DEMO_SHOP_DOMAIN, type: "loyalty.release" }, order.id))[0],
    (job) => job !== undefined,
  );
  await db.job.update({ where: { id: release!.id }, data: { runAt: new Date() } });
  await waitFor(
    () => db.job.findUniqueOrThrow({ where: { id: release!.id } }),
    (job) => job.status === "done",
  );
  await idle("loyalty.sync_member");
  return order;
}

/** Opens `url` until `ready` shows (the worker syncs the customer's metafield in the background). */
async function openWhen(url: string, ready: () => Locator) {
  await waitFor(
    async () => {
      await page.goto(url);
      return ready().count();
    },
    (count) => count > 0,
  );
}

const logIn = (customer: Customer) => logInOnStorefront(page, demo.urls.storefront, customer);

/** The element's box is inside the viewport and clear of the fixed free-shipping bar. */
async function inViewClearOfBar(target: Locator) {
  const viewport = page.viewportSize()!;
  const box = (await target.boundingBox())!;
  const bar = await page.locator(".rw-fsb").boundingBox();
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
  if (bar) expect(box.y + box.height <= bar.y || box.y >= bar.y + bar.height, JSON.stringify({ box, bar })).toBe(true);
}

const pointsMail = async (email: string) =>
  ((await (await fetch(`${demo.urls.mail}/messages.json`)).json()) as CapturedMail[]).filter(
    (mail) => mail.envelopeTo.includes(email) && /points are ready to spend|πόντοι σας είναι διαθέσιμοι/.test(mail.subject),
  );

const openAdmin = async (path: string, heading: string) => {
  await page.goto(`${demo.urls.admin.replace("localhost", "127.0.0.1")}${path}`);
  // The first visit compiles the admin in the Vite dev server: allow it time.
  await page.getByRole("heading", { name: heading, exact: true }).first().waitFor({ timeout: 90_000 });
  // Hydrated before it is looked at or resized (a full-page screenshot resizes the viewport).
  await page.waitForLoadState("networkidle");
};

describe("the loyalty journey in Chromium", () => {
  const alex = () => customerByEmail("alex.morgan@example.com");
  let code = "";

  it("1280: ways to earn and redeem, a confirmed redemption, the code focused in view, copied, and in My rewards after a reload", async () => {
    await page.setViewportSize(VIEWPORTS.desktop);
    await waitFor(
      async () => shopState().metafields.some((m) => m.namespace.endsWith("--loyalty") && m.key === "program"),
      (found) => found,
    );
    await logIn(alex());
    // Two pairs at $79: 158 points, spendable once the returns window is over; an email says so.
    await spendablePointsFromOrder(alex(), 2);
    expect(await memberOf(alex())).toMatchObject({ balance: 158, pending: 0 });
    const [announcement] = await waitFor(
      () => pointsMail(alex().email),
      (mails) => mails.length > 0,
    );
    expect(announcement!.subject).toBe("Your points are ready to spend: 158 points at Demo Retention Store");

    const rewards = page.locator("loyalty-rewards");
    await openWhen(demo.urls.rewards, () => rewards.locator('[data-loyalty-balance]:text-is("158")'));
    await rewards.getByRole("heading", { name: "Ways to earn" }).waitFor();
    await expect(rewards.getByRole("heading", { name: "Ways to redeem" }).isVisible()).resolves.toBe(true);
    await rewards.getByText("1 point for every 1 USD spent").waitFor();
    await rewards.getByText("Codes you redeem appear here, ready to use at checkout.").waitFor();
    expect(await horizontalOverflow(page)).toBe(0);
    await saveScreenshot(page, "loyalty-ways-1280");

    // Redeem asks first; Escape cancels and nothing is spent.
    const redeem = rewards.getByRole("button", { name: "Redeem $5 off your order" });
    await redeem.click();
    const dialog = page.getByRole("dialog", { name: "Spend 100 points for $5 off your order?" });
    await dialog.waitFor();
    await expect(dialog.getByRole("button", { name: "Cancel" }).evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await saveScreenshot(page, "loyalty-confirm-1280");
    await page.keyboard.press("Escape");
    await expect(dialog.isVisible()).resolves.toBe(false);
    await expect(redeem.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    const { id: memberId } = await memberOf(alex());
    expect(await db.loyaltyRedemption.count({ where: { shop: DEMO_SHOP_DOMAIN, memberId } })).toBe(0);

    // Again, confirmed with the keyboard alone.
    await page.keyboard.press("Enter");
    await dialog.waitFor();
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Enter");
    const fresh = rewards.locator(".rw-loyalty__mine-item--new");
    await fresh.waitFor();
    code = await fresh.locator("code").innerText();
    expect(code).toMatch(/^REWARD-[A-Z2-9]{8}$/);
    // Focused, announced, and scrolled into the middle of the screen, clear of the fixed bar.
    await expect(fresh.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await expect(rewards.locator("[data-announce]").textContent()).resolves.toBe(`Your code ${code} is ready. It is saved in My rewards.`);
    await page.waitForFunction(() => {
      const item = document.querySelector(".rw-loyalty__mine-item--new")!.getBoundingClientRect();
      return item.top >= 0 && item.bottom <= innerHeight;
    });
    await inViewClearOfBar(fresh);
    await expect(rewards.locator("[data-loyalty-balance]").innerText()).resolves.toBe("58");
    await expect(fresh.getByRole("link", { name: "Apply to cart" }).getAttribute("href")).resolves.toBe(
      `/discount/${code}?redirect=%2Fcart`,
    );
    await fresh.getByRole("button", { name: "Copy code" }).click();
    await fresh.getByRole("button", { name: "Copied" }).waitFor();
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(code);
    await saveScreenshot(page, "loyalty-code-1280");

    // After a reload the code is still there, from the customer's metafield.
    await idle("loyalty.sync_member");
    const mine = rewards.locator(".rw-loyalty__mine-item", { hasText: code });
    await openWhen(demo.urls.rewards, () => mine);
    await expect(mine.innerText()).resolves.toContain("Not used yet");
    expect(await horizontalOverflow(page)).toBe(0);
    await saveScreenshot(page, "loyalty-my-rewards-1280");
  });

  it("1280: an order placed with the code marks it Used on the storefront and on the member's page in the admin (1280, 1024)", async () => {
    // The simulator's checkout accepts the customer's code (typed in lower case) and sends orders/paid.
    const order = await spendablePointsFromOrder(alex(), 1, code.toLowerCase());
    expect(order.discountCodes).toEqual([code]);
    const redemption = await waitFor(
      () => db.loyaltyRedemption.findFirstOrThrow({ where: { shop: DEMO_SHOP_DOMAIN, code } }),
      (row) => row.status === "used",
    );
    expect(redemption).toMatchObject({ usedOrderId: order.id, usedOrderName: order.name });

    const rewards = page.locator("loyalty-rewards");
    const used = rewards.locator(".rw-loyalty__mine-item--used", { hasText: code });
    await openWhen(demo.urls.rewards, () => used);
    const day = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", year: "numeric", timeZone: "UTC" }).format(
      redemption.usedAt!,
    );
    await expect(used.innerText()).resolves.toContain(`Used on ${day}`);
    await expect(used.getByRole("button", { name: "Copy code" }).count()).resolves.toBe(0);
    await saveScreenshot(page, "loyalty-used-1280");

    const member = await memberOf(alex());
    for (const viewport of ["desktop", "laptop"] as const) {
      await page.setViewportSize(VIEWPORTS[viewport]);
      await openAdmin(`/loyalty/members/${member.id}`, alex().email);
      // The redemptions table's row (the points history also names the code, in its note).
      const row = page.getByRole("row", { name: new RegExp(`^${code}`) });
      await row.getByText("Used", { exact: true }).waitFor();
      await expect(row.innerText()).resolves.toMatch(new RegExp(`Used on .* in ${order.name}`));
      expect(await horizontalOverflow(page)).toBe(0);
      await saveScreenshot(page, `loyalty-admin-member-${VIEWPORTS[viewport].width}`);
    }
  });

  it("375, in Greek: confirms, gets the new code focused and in view above the bar, and sees the used one", async () => {
    await page.setViewportSize(VIEWPORTS.phone);
    // The second order's points are spendable now too: 58 + 74 after the $5 off.
    const member = await memberOf(alex());
    expect(member.balance).toBeGreaterThanOrEqual(100);
    const rewards = page.locator("loyalty-rewards");
    await openWhen(`${demo.urls.storefront}/el/pages/rewards`, () =>
      rewards.locator(`[data-loyalty-balance]:text-is("${member.balance}")`),
    );
    await rewards.getByRole("heading", { name: "Πώς κερδίζετε πόντους" }).waitFor();
    await rewards.getByText("Χρησιμοποιήθηκε στις").waitFor();
    expect(await horizontalOverflow(page)).toBe(0);

    await rewards.getByRole("button", { name: "Εξαργύρωση $5 off your order" }).click();
    const dialog = page.getByRole("dialog", { name: "Να εξαργυρωθούν 100 πόντοι για: $5 off your order;" });
    await dialog.waitFor();
    expect(await horizontalOverflow(page)).toBe(0);
    await saveScreenshot(page, "loyalty-confirm-375-el");
    await dialog.getByRole("button", { name: "Επιβεβαίωση" }).click();
    const fresh = rewards.locator(".rw-loyalty__mine-item--new");
    await fresh.waitFor();
    const second = await fresh.locator("code").innerText();
    expect(second).not.toBe(code);
    await expect(fresh.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await expect(rewards.locator("[data-announce]").textContent()).resolves.toContain(`Ο κωδικός σας ${second} είναι έτοιμος.`);
    await page.waitForFunction(() => {
      const item = document.querySelector(".rw-loyalty__mine-item--new")!.getBoundingClientRect();
      return item.top >= 0 && item.bottom <= innerHeight;
    });
    await inViewClearOfBar(fresh);
    await fresh.getByRole("button", { name: "Αντιγραφή κωδικού" }).waitFor();
    expect(await horizontalOverflow(page)).toBe(0);
    await saveScreenshot(page, "loyalty-code-375-el");

    // In English at 375: My rewards with the new code on top and the used one below.
    await idle("loyalty.sync_member");
    await openWhen(demo.urls.rewards, () => rewards.locator(".rw-loyalty__mine-item", { hasText: second }));
    await rewards.locator(".rw-loyalty__mine-item--used", { hasText: code }).getByText("Used on").waitFor();
    expect(await horizontalOverflow(page)).toBe(0);
    await saveScreenshot(page, "loyalty-my-rewards-375");
  });

  it("1280: a store-credit reward, confirmed, lands on the customer's store credit in Shopify and in My rewards", async () => {
    await page.setViewportSize(VIEWPORTS.desktop);
    // Imported here, once the demo has set DATABASE_URL: the app's modules connect on import.
    const { createReward } = await import("../../app/loyalty/catalogue.server");
    const created = await createReward(db, DEMO_SHOP_DOMAIN, {
      name: "Store credit",
      kind: "store_credit",
      value: "7.50",
      pointsCost: "50",
      enabled: "on",
    });
    expect(created.ok).toBe(true);
    await idle("loyalty.sync_program");
    const emma = customerByEmail("emma.clarke@example.com");
    await logIn(emma);
    await spendablePointsFromOrder(emma, 1);
    const { balance } = await memberOf(emma);
    expect(balance).toBeGreaterThanOrEqual(50);

    const rewards = page.locator("loyalty-rewards");
    await openWhen(demo.urls.rewards, () => rewards.locator(`[data-loyalty-balance]:text-is("${balance}")`));
    await rewards.getByRole("button", { name: "Redeem Store credit" }).click();
    const dialog = page.getByRole("dialog", { name: "Spend 50 points for Store credit?" });
    await dialog.getByText("It is added to your store credit, to spend at checkout when you are logged in.").waitFor();
    await dialog.getByRole("button", { name: "Confirm" }).click();

    const fresh = rewards.locator(".rw-loyalty__mine-item--new");
    await fresh.getByText("7.50 USD added to your store credit").waitFor();
    await expect(fresh.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await expect(rewards.locator("[data-announce]").textContent()).resolves.toBe("7.50 USD added to your store credit");
    await expect(rewards.locator("[data-loyalty-balance]").innerText()).resolves.toBe(String(balance - 50));
    const account = shopState().storeCreditAccounts?.find((candidate) => candidate.ownerId === emma.id);
    expect(account).toMatchObject({ currencyCode: "USD", balance: "7.50" });
    await inViewClearOfBar(fresh);
    expect(await horizontalOverflow(page)).toBe(0);
    await saveScreenshot(page, "loyalty-store-credit-1280");
  });

  it("raised no errors in the browser console on any page", () => {
    expect(pageErrors).toEqual([]);
  });
});
