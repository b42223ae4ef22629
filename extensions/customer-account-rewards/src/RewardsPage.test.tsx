/** @jsxImportSource preact */
// The Rewards page rendered with Preact in a DOM (Shopify's host stood in
// for), against the app's real /extension-api/loyalty on the production server's stack.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { giveCustomerPoints, renderExtension, SHOP, startExtensionApp, type ExtensionApp } from "../../../tests/support/extension-app";
import el from "../locales/el.json";
import en from "../locales/en.default.json";

let app: ExtensionApp;
let RewardsPage: typeof import("./RewardsPage").RewardsPage;

beforeAll(async () => {
  app = await startExtensionApp();
  await giveCustomerPoints(app.db, app.customers[0]!, 400);
  ({ RewardsPage } = await import("./RewardsPage"));
});

afterAll(() => app.close());

describe("Rewards page", () => {
  it("shows a member their points and redeems a reward after they confirm", async () => {
    const page = renderExtension(() => <RewardsPage />, { locale: "en", translations: en, customer: app.customers[0]! });
    expect(await page.waitForText("400 points")).toContain("Rewards to redeem");
    expect(page.text()).toContain("Welcome gift");

    page.button("Redeem").click();
    expect(await page.waitForText("Spend 100 points for $5 off?")).not.toContain("Code:");
    expect(await app.db.loyaltyRedemption.count()).toBe(0); // nothing spent before confirming

    page.button("Confirm").click();
    const text = await page.waitForText("Code: REWARD-");
    expect(text).toContain("Your code for $5 off");
    expect(await page.waitForText("300 points")).toContain("Not used yet"); // reloaded: balance and My rewards
  });

  it("tells a customer with no points how to earn and offers nothing to redeem", async () => {
    const page = renderExtension(() => <RewardsPage />, { locale: "en", translations: en, customer: app.customers[1]! });
    const text = await page.waitForText("You have no points yet");
    expect(text).toContain("You earn 1 point for every $1.00 you spend.");
    expect(page.button("Redeem").getAttribute("disabled")).toBe("true");
    expect(text).not.toContain("Refer a friend");
  });

  it("shows a guest (a token without a customer) the programme, with no member actions", async () => {
    const page = renderExtension(() => <RewardsPage />, { locale: "en", translations: en, customer: null });
    const text = await page.waitForText("You have no points yet");
    expect(text).not.toContain("Your birthday");
  });

  it("shows the app's refusal as an error with a retry, in the customer's language", async () => {
    const page = renderExtension(() => <RewardsPage />, { locale: "el", translations: el, customer: app.customers[0]!, secret: "forged" });
    const text = await page.waitForText("Η σύνδεσή σας έληξε");
    expect(text).toContain("Δοκιμάστε ξανά");
  });

  it("redeems a store-credit reward into the customer's store credit and lists it in My rewards", async () => {
    // The cheapest reward, so its Redeem button comes first.
    await app.db.loyaltyReward.create({ data: { shop: SHOP, name: "$7.50 credit", kind: "store_credit", value: "7.50", pointsCost: 50 } });
    const customer = app.customers[2]!;
    await giveCustomerPoints(app.db, customer, 80);
    const page = renderExtension(() => <RewardsPage />, { locale: "en", translations: en, customer });
    await page.waitForText("80 points");

    page.button("Redeem").click();
    await page.waitForText("Spend 50 points for $7.50 credit?");
    page.button("Confirm").click();
    expect(await page.waitForText("$7.50 added to your store credit")).toContain("Spend it at checkout");
    expect(await page.waitForText("30 points")).toContain("$7.50 store credit");
    const account = app.simulator.state.shops.get(SHOP)!.storeCreditAccounts?.find((entry) => entry.ownerId === customer.id);
    expect(account?.balance).toBe("7.50");
  });
});
