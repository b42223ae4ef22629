// The `shopify` global the shared customer-account module sees: what every customer-account
// target offers (the session token, i18n), typed as the Rewards page's.
export {};

declare module "./account.tsx" {
  const shopify: import("@shopify/ui-extensions/customer-account.page.render").Api;
  const globalThis: { shopify: typeof shopify };
}
