// The admin's forms in a real browser (the demo, outside Shopify's admin, so the save bar is
// Polaris'): a settings form shows its save bar once edited, saves, discards and round-trips
// checkboxes; modal forms and the points adjustment check themselves with the action's schema
// before posting and show the action's own refusals on their fields.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import type { Demo } from "../../scripts/demo";
import type { Db } from "../../app/db.server";
import { DEMO_SHOP_DOMAIN } from "../../scripts/simulator/demo-store";
import { startBrowserDemo, stopBrowserDemo, waitFor, type BrowserDemo } from "./support";

let session: BrowserDemo | undefined;
let demo: Demo;
let page: Page;
let db: Db;
let pageErrors: string[];

beforeAll(async () => {
  session = await startBrowserDemo({ firstPort: 3640, name: "retention-e2e-forms" });
  ({ demo, page, db, pageErrors } = session);
});

afterAll(() => stopBrowserDemo(session));

const open = async (path: string, heading: string) => {
  await page.goto(`${demo.urls.admin.replace("localhost", "127.0.0.1")}${path}`);
  // The first visit compiles the admin in the Vite dev server: allow it time.
  await page.getByRole("heading", { name: heading, exact: true }).first().waitFor({ timeout: 90_000 });
};
const saveBar = () => page.getByText("Unsaved changes");
const shop = DEMO_SHOP_DOMAIN;

describe("admin forms in Chromium", () => {
  it("loyalty settings: the save bar, an inline error, saving, discarding, checkboxes both ways", async () => {
    await open("/loyalty/settings", "Loyalty settings");
    await expect(saveBar().isVisible()).resolves.toBe(false);

    const signup = page.getByLabel("Creating an account");
    await signup.fill("100001");
    await saveBar().waitFor();
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByText("Enter a number from 0 to 100,000.").waitFor();

    await signup.fill("150");
    const shipping = page.getByLabel("Leave out shipping");
    const wasTicked = await shipping.isChecked();
    await shipping.click();
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByText("Loyalty settings saved").first().waitFor();
    await saveBar().waitFor({ state: "hidden" });
    expect(await db.loyaltySettings.findUniqueOrThrow({ where: { shop } })).toMatchObject({
      signupPoints: 150,
      excludeShipping: !wasTicked,
    });

    await page.reload();
    await expect(page.getByLabel("Leave out shipping").isChecked()).resolves.toBe(!wasTicked);
    await page.getByLabel("Leave out shipping").click();
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await saveBar().waitFor({ state: "hidden" });
    expect(await db.loyaltySettings.findUniqueOrThrow({ where: { shop } })).toMatchObject({ excludeShipping: wasTicked });

    await page.getByLabel("Creating an account").fill("999");
    await saveBar().waitFor();
    await page.getByRole("button", { name: "Discard" }).click();
    await saveBar().waitFor({ state: "hidden" });
    await expect(page.getByLabel("Creating an account").inputValue()).resolves.toBe("150");
  });

  it("rewards: the modal checks before posting, and adds", async () => {
    await open("/loyalty/rewards", "Rewards");
    await page.getByRole("button", { name: "Add reward" }).first().click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("button", { name: "Add reward" }).click();
    await dialog.getByText("Give the reward a name.").waitFor();
    await dialog.getByText("Enter the amount off.").waitFor();
    await dialog.getByLabel("Name").fill("Seven off");
    await dialog.getByLabel("Amount off").fill("7");
    await dialog.getByLabel("Customers can redeem this reward").click();
    await dialog.getByRole("button", { name: "Add reward" }).click();
    await page.getByText("Seven off added").first().waitFor();
    await dialog.waitFor({ state: "hidden" });
    expect(await db.loyaltyReward.findFirstOrThrow({ where: { shop, name: "Seven off" } })).toMatchObject({
      value: "7.00",
      pointsCost: 500,
      enabled: false,
    });

    await page.getByRole("button", { name: "Edit Seven off" }).click();
    await expect(dialog.getByLabel("Name").inputValue()).resolves.toBe("Seven off");
    await expect(dialog.getByLabel("Customers can redeem this reward").isChecked()).resolves.toBe(false);
    await dialog.getByLabel("Reward", { exact: true }).selectOption("free_shipping");
    await dialog.getByRole("button", { name: "Save" }).click();
    await page.getByText("Seven off saved").first().waitFor();
    expect(await db.loyaltyReward.findFirstOrThrow({ where: { shop, name: "Seven off" } })).toMatchObject({
      kind: "free_shipping",
      value: "0",
    });
  });

  it("tiers: the action's refusal shows on its field", async () => {
    const taken = await db.loyaltyTier.findFirstOrThrow({ where: { shop } });
    await open("/loyalty/tiers", "VIP tiers");
    await page.getByRole("button", { name: "Add tier" }).first().click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Name").fill("Platinum");
    await dialog.getByLabel(/^Reached after/).fill(String(taken.threshold));
    await dialog.getByRole("button", { name: "Add tier" }).click();
    await dialog.getByText(`${taken.name} already starts at`).waitFor();
    await dialog.getByLabel(/^Reached after/).fill("987654");
    await dialog.getByRole("button", { name: "Add tier" }).click();
    await page
      .getByText(/^Platinum added\./)
      .first()
      .waitFor();
  });

  it("free shipping: a zone's country codes are checked in the browser, and the observed rate fills in", async () => {
    // An order paid in euros, whose rate a new EUR zone takes.
    const now = new Date();
    await db.order.create({
      data: {
        id: "gid://shopify/Order/990001",
        shop,
        name: "#9901",
        currencyCode: "USD",
        presentmentCurrencyCode: "EUR",
        totalPrice: "100.00",
        presentmentTotalPrice: "92.00",
        subtotalPrice: "100.00",
        financialStatus: "paid",
        processedAt: now,
        paidAt: now,
        lineItems: "[]",
      },
    });
    await open("/free-shipping", "Free shipping");
    await page.getByRole("button", { name: "Add zone" }).first().click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Name").fill("Britain");
    await dialog.getByLabel("Countries").fill("UK");
    await dialog.getByLabel("Currency").click();
    await dialog.getByText("UK (United Kingdom) is not a country code Shopify knows; use GB.").waitFor();
    await dialog.getByLabel("Countries").fill("GB");
    await dialog.getByText("UK (United Kingdom) is not a country code Shopify knows; use GB.").waitFor({ state: "detached" });
    // A currency the shop has orders in brings the rate seen on them; one it has none in, none.
    await dialog.getByLabel("Currency").fill("EUR");
    const rate = () => dialog.getByLabel(/^Rate/).inputValue();
    await expect(waitFor(rate, (value) => value === "0.92", 5_000)).resolves.toBe("0.92");
    await dialog.getByLabel("Currency").fill("GBP");
    await expect(waitFor(rate, (value) => value === "", 5_000)).resolves.toBe("");
    await dialog.getByLabel("Threshold").fill("40");
    await dialog.getByLabel(/^Rate/).fill("0.79");
    await dialog.getByRole("button", { name: "Add zone" }).click();
    // Adding a zone syncs Shopify's discounts before the toast: slow on a loaded machine.
    await page.getByText("Britain added").first().waitFor({ timeout: 60_000 });
    expect(await db.freeShippingZone.findFirstOrThrow({ where: { shop, name: "Britain" } })).toMatchObject({
      currency: "GBP",
      amount: "40.00",
      rateToShop: "0.79",
    });
  });

  it("a member's points adjustment: checked in the browser, refused below zero by the action, then made", async () => {
    const member = await db.loyaltyMember.create({
      data: { shop, customerId: "gid://shopify/Customer/991", email: "forms@example.com", referralCode: "REF-FORMS" },
    });
    await open(`/loyalty/members/${member.id}`, "forms@example.com");
    await page.getByRole("button", { name: "Add points" }).click();
    await page.getByText("Give a reason of at least 3 characters; it is shown in the points history.").waitFor();
    await page.getByLabel("Points").fill("-5");
    await page.getByLabel("Reason").fill("Correction");
    await page.getByRole("button", { name: "Deduct points" }).click();
    await page.getByText(/This would take the balance below zero/).waitFor();
    await page.getByLabel("Points").fill("25");
    await page.getByRole("button", { name: "Add points" }).click();
    await page.getByText("Added 25 points. Balance: 25").first().waitFor();
    await expect(page.getByLabel("Points").inputValue()).resolves.toBe("");
  });

  it("an email template: Liquid the server refuses shows on its field; a fix saves", async () => {
    await open("/emails/templates/thank_you_first/en", "Thank you — first order");
    const subject = page.getByLabel("Subject");
    await subject.fill("Thanks {{ customer.first_name");
    await saveBar().waitFor();
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByText("The preview shows the last version without errors").waitFor();
    await expect(subject.getAttribute("aria-invalid")).resolves.toBe("true");
    await subject.fill("Thanks, {{ customer.first_name | default: 'friend' }}!");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByText("Template saved").first().waitFor();
    await saveBar().waitFor({ state: "hidden" });
    expect(await db.emailTemplate.findFirstOrThrow({ where: { shop, kind: "thank_you_first", locale: "en" } })).toMatchObject({
      subject: "Thanks, {{ customer.first_name | default: 'friend' }}!",
    });
    const unexpected = pageErrors.filter((error) => !/^400 /.test(error) && !/status of 400/.test(error));
    expect(unexpected).toEqual([]);
  });
});
