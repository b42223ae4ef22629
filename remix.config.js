// Remix options. The Vite plugin (vite.config.ts) reads them from here; the classic
// `remix build` compiler cannot bundle shopify-app-remix, so Vite is the only build.
/** @type {import("@remix-run/dev").VitePluginConfig} */
export default {
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: true,
    v3_routeConfig: true, // routes listed by app/routes.ts (flat routes)
  },
};
