import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import remixOptions from "./remix.config.js";

export default defineConfig({
  server: { port: Number(process.env.PORT || 3000), hmr: { port: 64999 } },
  plugins: [remix(remixOptions)],
  build: { assetsInlineLimit: 0 },
  // Keep tests (vitest reads this file too) from starting the Remix plugin.
  ...(process.env.VITEST ? { plugins: [] } : {}),
});
