/** @jsxImportSource preact */
// The profile and order-status blocks rendered with Preact in a DOM (Shopify's host stood in
// for), against the app's real /extension-api/loyalty and /extension-api/order on the production
// server's stack.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { giveCustomerPoints, renderExtension, SHOP, startExtensionApp, type ExtensionApp } from "../../../tests/support/extension-app";
import { storeOrder } from "../../../tests/support/loyalty-fixtures";
import el from "../locales/el.json";
import en from "../locales/en.default.json";

let app: ExtensionApp;
let ProfileBlock: typeof import("./ProfileBlock").ProfileBlock;
let OrderStatusBlock: typeof import("./OrderStatusBlock").OrderStatusBlock;
let deliveredOrderId = "";

/** The order-status target's API: the order the page shows. */
const orderPage = (id: string) => ({ order: { value: { id, name: "#1001" } } });

beforeAll(async () => {
  app = await startExtensionApp();
  const [member] = app.customers;
  await giveCustomerPoints(app.db, member!, 400);
  const order = await storeOrder(app.db, SHOP, { customerId: member!.id, email: member!.email, subtotal: "75.00" });
  await app.db.order.update({
    where: { id: order.id },
    data: {
      deliveredAt: new Date(),
      lineItems: [
        {
          lineItemId: "gid://shopify/LineItem/1",
          productId: "gid://shopify/Product/7",
          variantId: null,
          title: "Mug",
          quantity: 1,
          price: "75.00",
        },
      ],
    },
  });
  const { applyOrderPoints } = await import("../../../app/loyalty/order-points.server");
  await applyOrderPoints(app.db, SHOP, order.id, new Date());
  deliveredOrderId = order.id;
  ({ ProfileBlock } = await import("./ProfileBlock"));
  ({ OrderStatusBlock } = await import("./OrderStatusBlock"));
});

afterAll(() => app.close());

describe("Profile block", () => {
  it("shows the member's points, in Greek", async () => {
    const block = renderExtension(() => <ProfileBlock />, { locale: "el", translations: el, customer: app.customers[0]! });
    expect(await block.waitForText("400 πόντοι")).toContain("Δείτε τις ανταμοιβές σας");
    expect(block.body.querySelector("s-link")?.getAttribute("href")).toBe("extension://customer-account-rewards");
  });

  it("tells a customer with no points how to start", async () => {
    const block = renderExtension(() => <ProfileBlock />, { locale: "en", translations: en, customer: app.customers[1]! });
    await block.waitForText("You have no points yet");
  });
});

describe("Order status block", () => {
  it("shows the order's points, when they become spendable, and the review link once delivered", async () => {
    const block = renderExtension(() => <OrderStatusBlock />, {
      locale: "en",
      translations: en,
      customer: app.customers[0]!,
      target: orderPage(deliveredOrderId),
    });
    const text = await block.waitForText("This order earned 75 points.");
    expect(text).toContain("They become spendable on");
    expect(block.button("Review your items").getAttribute("href")).toMatch(
      /^https:\/\/demo-retention\.example\/apps\/retention\/review\?token=/,
    );
  });

  it("shows nothing on another customer's order", async () => {
    const block = renderExtension(() => <OrderStatusBlock />, {
      locale: "en",
      translations: en,
      customer: app.customers[1]!,
      target: orderPage(deliveredOrderId),
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(block.text().trim()).toBe("");
  });

  it("shows the app's refusal with a retry", async () => {
    const block = renderExtension(() => <OrderStatusBlock />, {
      locale: "en",
      translations: en,
      customer: app.customers[0]!,
      secret: "forged",
      target: orderPage(deliveredOrderId),
    });
    expect(await block.waitForText("Your session has expired")).toContain("Try again");
  });
});
