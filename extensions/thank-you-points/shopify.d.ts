// The `shopify` global each module of the extension sees, as `shopify app dev` declares it.
export {};

declare module "./src/ThankYouBlock.tsx" {
  const shopify: import("@shopify/ui-extensions/purchase.thank-you.block.render").Api;
  const globalThis: { shopify: typeof shopify };
}
