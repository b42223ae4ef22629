// The `shopify` global each module of the extension sees, as `shopify app dev` declares it.
export {};

declare module "./src/RewardsPage.tsx" {
  const shopify: import("@shopify/ui-extensions/customer-account.page.render").Api;
  const globalThis: { shopify: typeof shopify };
}
