import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vitest/config";
import remixOptions from "./remix.config.js";

const testEnv = {
  SHOPIFY_API_KEY: "test-api-key",
  SHOPIFY_API_SECRET: "test-api-secret",
  SHOPIFY_APP_URL: "http://localhost:3000",
};

export default defineConfig(({ mode }) => ({
  // The live-reload socket gets a port of its own per app port, so demos and e2e runs side by
  // side never share one (a shared socket reloads the other server's pages).
  server: { port: Number(process.env.PORT || 3000), hmr: { port: 61000 + Number(process.env.PORT || 3000) } },
  // Vitest reads this file too (mode "test"); the Remix plugin is only for the app's dev server and build.
  plugins: mode === "test" ? [] : [remix(remixOptions)],
  build: { assetsInlineLimit: 0 },
  // The browser's dependencies, pre-bundled up front. Discovery is off because Vite's scan
  // follows route files into server-only modules and then reloads the page mid-load.
  optimizeDeps: {
    noDiscovery: true,
    include: [
      "@remix-run/react",
      "@shopify/app-bridge-react",
      "@shopify/polaris",
      "@shopify/polaris-viz", // the dashboard's charts (app/components/DashboardCharts.client.tsx)
      "@shopify/shopify-app-remix/react",
      "@shopify/shopify-app-remix/server", // boundary, used by route error boundaries
      "react",
      "react-dom",
      "react-dom/client",
      "react/jsx-dev-runtime",
      "react/jsx-runtime",
    ],
  },
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: [
            "app/**/*.test.ts",
            "scripts/**/*.test.ts",
            "bench/**/*.test.ts",
            "tests/integration/**/*.test.ts",
            "extensions/**/*.test.{ts,tsx}",
          ],
          setupFiles: ["tests/support/per-file-db.ts"],
          // Files wait on their databases part of the time: two at once on 2 cores took the
          // SQLite suite from 192 to 135 s and the PostgreSQL one from 286 to 206 s.
          maxWorkers: 2,
          env: testEnv,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          // Each file has its own demo (ports, database, browser), and a file mostly waits on its
          // browser and servers (about 40% of one core): three at once take 3.5 minutes instead of
          // 7 on 2 cores (vitest would run one file at a time there).
          maxWorkers: 3,
          env: testEnv,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
}));
