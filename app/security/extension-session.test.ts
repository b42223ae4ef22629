import { describe, expect, it } from "vitest";
import { extensionCaller } from "./extension-session";

const KEY = "app-client-id";
const claims = { aud: KEY, dest: "shop-one.myshopify.com", sub: "gid://shopify/Customer/42" };

describe("extensionCaller", () => {
  it("reads the shop from dest and the customer from sub", () => {
    expect(extensionCaller(claims, KEY)).toEqual({ shop: "shop-one.myshopify.com", customerId: "gid://shopify/Customer/42" });
    expect(extensionCaller({ ...claims, dest: "https://shop-one.myshopify.com" }, KEY)?.shop).toBe("shop-one.myshopify.com");
  });

  it("takes a token without sub for a guest", () => {
    expect(extensionCaller({ aud: KEY, dest: claims.dest }, KEY)).toEqual({ shop: claims.dest, customerId: null });
  });

  it("refuses another app's token, a dest that is not a shop and a sub that is not a customer", () => {
    expect(extensionCaller({ ...claims, aud: "another-app" }, KEY)).toBeNull();
    expect(extensionCaller({ ...claims, aud: ["another-app", KEY] }, KEY)).not.toBeNull();
    expect(extensionCaller({ ...claims, aud: undefined }, KEY)).toBeNull();
    for (const dest of ["shop.example.com", "https://evil.example/shop-one.myshopify.com", "", undefined, 42]) {
      expect(extensionCaller({ ...claims, dest }, KEY)).toBeNull();
    }
    for (const sub of ["gid://shopify/Order/42", "42", "gid://shopify/Customer/0", { id: 1 }]) {
      expect(extensionCaller({ ...claims, sub }, KEY)).toBeNull();
    }
  });
});
