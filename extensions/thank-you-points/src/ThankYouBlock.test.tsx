/** @jsxImportSource preact */
// The thank-you block rendered with Preact in a DOM (Shopify's host stood in for), against the
// app's real /extension-api/thank-you on the production server's stack.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { giveCustomerPoints, renderExtension, startExtensionApp, type ExtensionApp } from "../../../tests/support/extension-app";
import el from "../locales/el.json";
import en from "../locales/en.default.json";

let app: ExtensionApp;
let ThankYouBlock: typeof import("./ThankYouBlock").ThankYouBlock;

const money = (amount: number) => ({ value: { amount, currencyCode: "USD" } });
/** The thank-you target's API: the order and the checkout's amounts. */
const checkout = (subtotal: number) => ({
  orderConfirmation: { value: { order: { id: "gid://shopify/OrderIdentity/5001" }, number: "1001" } },
  cost: { subtotalAmount: money(subtotal), totalShippingAmount: money(5), totalTaxAmount: money(0), totalAmount: money(subtotal + 5) },
});

beforeAll(async () => {
  app = await startExtensionApp();
  await giveCustomerPoints(app.db, app.customers[0]!, 10);
  ({ ThankYouBlock } = await import("./ThankYouBlock"));
});

afterAll(() => app.close());

describe("Thank-you block", () => {
  it("tells a guest what the order earns and that signing up keeps it", async () => {
    const block = renderExtension(() => <ThankYouBlock />, { locale: "en", translations: en, customer: null, target: checkout(42.5) });
    const text = await block.waitForText("This order earns you 42 points.");
    expect(text).toContain("Create an account with the email you used");
    expect(text).toContain("you get 100 points for joining");
    expect(text).not.toContain("Give friends");
  });

  it("gives a member their referral link", async () => {
    const block = renderExtension(() => <ThankYouBlock />, {
      locale: "en",
      translations: en,
      customer: app.customers[0]!,
      target: checkout(20),
    });
    await block.waitForText("Give friends 10% off");
    block.button("Give friends 10% off").click();
    expect(await block.waitForText("/discount/FRIEND-")).toContain("Share this link");
  });

  it("estimates for a customer with no points, in Greek", async () => {
    const block = renderExtension(() => <ThankYouBlock />, {
      locale: "el",
      translations: el,
      customer: app.customers[1]!,
      target: checkout(1),
    });
    expect(await block.waitForText("1 πόντος")).toContain("Με αυτή την παραγγελία κερδίζετε: 1 πόντος.");
  });

  it("shows nothing when the app refuses (the page is the buyer's receipt)", async () => {
    const block = renderExtension(() => <ThankYouBlock />, {
      locale: "en",
      translations: en,
      customer: null,
      secret: "forged",
      target: checkout(42.5),
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(block.text().trim()).toBe("");
  });
});
