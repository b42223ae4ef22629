// The `shopify` global each module of the extension sees, as `shopify app dev` declares it.
export {};

declare module "./src/ProfileBlock.tsx" {
  const shopify: import("@shopify/ui-extensions/customer-account.profile.block.render").Api;
  const globalThis: { shopify: typeof shopify };
}

declare module "./src/OrderStatusBlock.tsx" {
  const shopify: import("@shopify/ui-extensions/customer-account.order-status.block.render").Api;
  const globalThis: { shopify: typeof shopify };
}
