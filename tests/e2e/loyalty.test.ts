// Loyalty in a real browser, end to end through the demo: an order placed in the simulator earns
// pending points, the storefront badge shows them once the worker has synced the customer's
// metafield, the returns window ends (its release job is brought forward), the points become
// spendable, and the customer redeems a reward on the rewards page for a customer-scoped,
// single-use code that exists in (simulated) Shopify.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import type { Demo } from "../../scripts/demo";
import type { Db } from "../../app/db.server";
import { DEMO_SHOP_DOMAIN } from "../../scripts/simulator/demo-store";
import { startBrowserDemo, stopBrowserDemo, waitFor as waitUntil, type BrowserDemo } from "./support";
import { jobsMentioning } from "../support/job-payloads";

let session: BrowserDemo | undefined;
let demo: Demo;
let page: Page;
let db: Db;
let pageErrors: string[];

beforeAll(async () => {
  session = await startBrowserDemo({ firstPort: 3610, name: "retention-e2e-loyalty" });
  ({ demo, page, db, pageErrors } = session);
});

afterAll(() => stopBrowserDemo(session));

/** The worker's background jobs here take longer: wait up to 30 seconds. */
const waitFor = <T>(read: () => Promise<T>, done: (value: T) => boolean) => waitUntil(read, done, 30_000, 250);

const shopState = () => demo.simulator.state.shops.get(DEMO_SHOP_DOMAIN)!;
const idle = (type: string) =>
  waitFor(
    () => db.job.count({ where: { shop: DEMO_SHOP_DOMAIN, type, status: { not: "done" } } }),
    (left) => left === 0,
  );

/** The badge's text after reloading `url` until it matches (the worker syncs metafields in the background). */
async function badgeAfterSync(url: string, expected: RegExp): Promise<string> {
  const badge = page.locator("header .rw-loyalty-badge");
  return waitFor(
    async () => {
      await page.goto(url);
      return (await badge.innerText()).replace(/\s+/g, " ").trim();
    },
    (text) => expected.test(text),
  );
}

describe("loyalty in Chromium", () => {
  it("invites guests to join from the header of the storefront", async () => {
    // The demo switches the programme on; the worker publishes it to the shop metafield.
    await waitFor(
      async () => shopState().metafields.some((m) => m.namespace.endsWith("--loyalty") && m.key === "program"),
      (found) => found,
    );
    await page.goto(demo.urls.storefront);
    await page.getByRole("link", { name: "Join and earn 100 points" }).waitFor();
    await page.goto(demo.urls.rewards);
    await page.getByRole("heading", { level: 2, name: "Rewards" }).waitFor();
    await page.getByText("$5 off your order").waitFor();
    await expect(page.getByRole("button", { name: /^Redeem/ }).count()).resolves.toBe(0);
  });

  it("earns pending points on an order, spendable after the returns window, then redeems them for a code", async () => {
    const shop = shopState();
    const customer = shop.customers.find((candidate) => candidate.email === "alex.morgan@example.com")!;
    const sandals = shop.products.find((candidate) => candidate.handle === "leather-sandals")!;

    // Shop as Alex on the storefront (Shopify signs logged_in_customer_id on every app-proxy call).
    await page.goto(`${demo.urls.storefront}/account/login`);
    await page.getByRole("button", { name: new RegExp(customer.email) }).click();
    await page.goto(`${demo.urls.storefront}/products/${sandals.handle}`);
    await page.getByText("Earn 79 points with this purchase").waitFor();

    // Two pairs at 79.00: 158 points, pending for the 14-day returns window.
    const { order } = await demo.simulator.actions.placeOrder({
      customerId: customer.id,
      lines: [{ variantId: sandals.variants[0]!.id, quantity: 2 }],
    });
    const member = await waitFor(
      () => db.loyaltyMember.findFirst({ where: { shop: DEMO_SHOP_DOMAIN, customerId: customer.id } }),
      (row) => row?.pending === 158,
    );
    expect(member).toMatchObject({ balance: 0, pending: 158 });
    const [release] = await jobsMentioning(db, { shop: DEMO_SHOP_DOMAIN, type: "loyalty.release" }, order.id);
    if (!release) throw new Error(`no loyalty.release job for ${order.id}`);
    expect(release.runAt.getTime()).toBeGreaterThan(Date.now() + 13 * 86_400_000);

    await idle("loyalty.sync_member");
    expect(await badgeAfterSync(demo.urls.rewards, /\+158 pending/)).toBe("Rewards: 0 points +158 pending");
    const rewards = page.locator("loyalty-rewards");
    await expect(rewards.locator("[data-loyalty-balance]").innerText()).resolves.toBe("0");
    await expect(rewards.getByRole("button", { name: "Redeem $5 off your order" }).isDisabled()).resolves.toBe(true);
    await rewards.getByText("100 more points needed").waitFor();

    // The returns window passes: the release job is due now and the worker runs it.
    await db.job.update({ where: { id: release.id }, data: { runAt: new Date() } });
    await waitFor(
      () => db.job.findUniqueOrThrow({ where: { id: release.id } }),
      (job) => job.status === "done",
    );
    expect(await db.loyaltyMember.findUniqueOrThrow({ where: { id: member!.id } })).toMatchObject({ balance: 158, pending: 0 });
    await idle("loyalty.sync_member");
    expect(await badgeAfterSync(demo.urls.rewards, /^Rewards: 158 points$/)).toBe("Rewards: 158 points");
    await expect(rewards.locator("[data-loyalty-balance]").innerText()).resolves.toBe("158");
    await rewards.getByText("342 more points to reach Silver").waitFor();

    // Redeem, once confirmed: the code appears at the top of My rewards, with a link that applies it to the cart.
    const redeem = rewards.getByRole("button", { name: "Redeem $5 off your order" });
    await expect(redeem.isEnabled()).resolves.toBe(true);
    await expect(rewards.getByRole("button", { name: "Redeem Free shipping" }).isDisabled()).resolves.toBe(true);
    await redeem.click();
    await page.getByRole("dialog", { name: "Spend 100 points for $5 off your order?" }).getByRole("button", { name: "Confirm" }).click();
    const card = rewards.locator(".rw-loyalty__mine-item--new");
    await card.locator("code").waitFor();
    const code = await card.locator("code").innerText();
    expect(code).toMatch(/^REWARD-[A-Z2-9]{8}$/);
    await expect(rewards.locator("[data-announce]").textContent()).resolves.toContain(`Your code ${code} is ready.`);
    await expect(card.getByRole("link", { name: "Apply to cart" }).getAttribute("href")).resolves.toBe(
      `/discount/${code}?redirect=%2Fcart`,
    );
    await card.getByRole("button", { name: "Copy code" }).waitFor();

    // In Shopify: a code for this customer only, usable once.
    const discount = shopState().discounts.find((candidate) => candidate.code === code);
    expect(discount).toMatchObject({ kind: "code_basic", customerIds: [customer.id], usageLimit: 1, value: { amount: "5.00" } });

    // The balance went down on the page (block and header badge) and in the database.
    await expect(rewards.locator("[data-loyalty-balance]").innerText()).resolves.toBe("58");
    await expect(page.locator("header [data-loyalty-balance]").innerText()).resolves.toBe("58");
    await expect(redeem.isDisabled()).resolves.toBe(true);
    expect(await db.loyaltyMember.findUniqueOrThrow({ where: { id: member!.id } })).toMatchObject({ balance: 58 });
    expect(await db.loyaltyRedemption.findFirstOrThrow({ where: { shop: DEMO_SHOP_DOMAIN, code } })).toMatchObject({
      status: "issued",
      points: 100,
      discountId: discount!.id,
    });

    // The birthday form, sent by the script: saved once, then gone.
    await rewards.getByLabel("Month").selectOption({ label: "April" });
    await rewards.getByLabel("Day").selectOption("23");
    await rewards.getByRole("button", { name: "Save birthday" }).click();
    await rewards.getByRole("status").getByText("Thanks! We saved your birthday.").waitFor();
    await expect(rewards.getByRole("button", { name: "Save birthday" }).isVisible()).resolves.toBe(false);
    expect(await db.loyaltyMember.findUniqueOrThrow({ where: { id: member!.id } })).toMatchObject({ birthday: "04-23" });

    // The referral link: a friend code in Shopify, shared as a storefront discount link.
    await rewards.getByRole("button", { name: "Get my referral link" }).click();
    await rewards.getByRole("status").getByText("Your referral link:").waitFor();
    const link = await rewards.getByRole("status").locator("code").innerText();
    expect(link).toBe(`${demo.urls.storefront}/discount/FRIEND-${member!.referralCode}`);
    await expect(rewards.getByRole("status").getByRole("link", { name: "Apply to cart" }).count()).resolves.toBe(0);
    expect(shopState().discounts.some((candidate) => candidate.code === `FRIEND-${member!.referralCode}`)).toBe(true);

    // After the sync, a fresh page says the same from the metafield, and no longer asks for the birthday.
    await idle("loyalty.sync_member");
    expect(await badgeAfterSync(demo.urls.rewards, /^Rewards: 58 points$/)).toBe("Rewards: 58 points");
    await expect(rewards.locator("[data-loyalty-balance]").innerText()).resolves.toBe("58");
    await expect(rewards.getByRole("button", { name: "Save birthday" }).count()).resolves.toBe(0);

    // "Apply to cart" goes to the cart with the code.
    await page.goto(`${demo.urls.storefront}/discount/${code}?redirect=%2Fcart`);
    expect(new URL(page.url()).pathname).toBe("/cart");
  });

  it("sends a form posted without JavaScript back only to the shop, whatever return_to says", async () => {
    const storefront = new URL(demo.urls.storefront).origin;
    // A browser context of its own, outside the console-error check (the pages it gets are
    // refusals as often as not): this test is about where their links lead. Logged in as Alex.
    const context = await session!.browser!.newContext();
    const formPage = await context.newPage();
    try {
      await formPage.goto(`${demo.urls.storefront}/account/login`);
      await formPage.getByRole("button", { name: /alex\.morgan@example\.com/ }).click();
      await formPage.waitForURL((url) => !url.pathname.endsWith("/login"));
      // Browsers drop tabs and line breaks inside URLs and read backslashes as slashes: each of
      // these, written into the href as posted, would lead Chromium to evil.example.
      for (const returnTo of [
        "/\t/evil.example/x",
        "/\n/evil.example/x",
        "/\\evil.example/x",
        "/./\t/evil.example/x",
        "/pages/rewards?from=form",
      ]) {
        await formPage.goto(demo.urls.rewards);
        // The rewards block's referral form, sent as a browser without JavaScript sends it
        // (form.submit() skips the custom element's submit handler), with return_to changed.
        await formPage.locator('loyalty-rewards form:has(input[name="intent"][value="referral"])').evaluate((form, value) => {
          (form.querySelector('input[name="return_to"]') as HTMLInputElement).value = value;
          (form as HTMLFormElement).submit();
        }, returnTo);
        const section = formPage.locator(".rw-loyalty-page");
        await section.waitFor();
        // Where Chromium resolved each link of the page.
        const links = await section
          .locator("a")
          .evaluateAll((anchors) => anchors.map((anchor) => ({ text: anchor.textContent, href: (anchor as HTMLAnchorElement).href })));
        expect(links.length).toBeGreaterThan(0); // the referral link at least
        for (const link of links) expect(new URL(link.href).origin, `${JSON.stringify(returnTo)}: ${link.href}`).toBe(storefront);
        const back = links.filter((link) => link.text === "Back");
        expect(back, JSON.stringify(returnTo)).toEqual(
          returnTo === "/pages/rewards?from=form" ? [{ text: "Back", href: `${storefront}/pages/rewards?from=form` }] : [],
        );
      }
    } finally {
      await context.close();
    }
  });

  it("raised no errors in the browser console on any page", () => {
    expect(pageErrors).toEqual([]);
  });
});
