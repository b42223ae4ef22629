// Types for Remix's single fetch (v3_singleFetch in remix.config.js): loader data keeps
// Dates, Maps and the like, as it arrives in the browser.
import "@remix-run/node";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}
