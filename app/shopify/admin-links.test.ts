import { describe, expect, it } from "vitest";
import { adminOrderUrl, orderNumber } from "./admin-links";

describe("adminOrderUrl", () => {
  it("uses App Bridge's shopify://admin link when embedded", () => {
    expect(adminOrderUrl("gid://shopify/Order/450789469", { embedded: true, shop: "demo.myshopify.com" })).toBe(
      "shopify://admin/orders/450789469",
    );
  });

  it("uses the store's admin address outside Shopify admin", () => {
    expect(adminOrderUrl("gid://shopify/Order/450789469", { embedded: false, shop: "retention-demo.myshopify.com" })).toBe(
      "https://admin.shopify.com/store/retention-demo/orders/450789469",
    );
  });

  it("links nothing that is not an order", () => {
    expect(adminOrderUrl("gid://shopify/Product/1", { embedded: true, shop: "demo.myshopify.com" })).toBeNull();
    expect(orderNumber("gid://shopify/Order/12/../3")).toBeNull();
  });
});
