// The app's UI extensions in the storefront preview: the customer-account Rewards page at
// /account/rewards and the thank-you block at /checkout/thank-you, each the extension's own
// Preact component bundled with esbuild (as the CLI bundles it) and rendered with the host
// stand-ins (ui-extension-host.ts), calling the app with a session token signed as Shopify
// signs it for the logged-in customer (none for a guest).
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { escapeHtml } from "../simulator/common.ts";
import { signSessionToken } from "./session-token.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export const PREVIEW_EXTENSIONS = {
  "rewards-page": {
    title: "Rewards",
    component: "extensions/customer-account-rewards/src/RewardsPage.tsx",
    name: "RewardsPage",
    locales: "extensions/customer-account-rewards/locales",
  },
  "thank-you": {
    title: "Thank you",
    component: "extensions/thank-you-points/src/ThankYouBlock.tsx",
    name: "ThankYouBlock",
    locales: "extensions/thank-you-points/locales",
  },
} as const;
export type PreviewExtension = keyof typeof PREVIEW_EXTENSIONS;

const bundles = new Map<string, Promise<string>>();

/** The extension's component with the host stand-ins, as one script (built once per app URL). */
export function previewBundle(extension: PreviewExtension, appUrl: string): Promise<string> {
  const key = `${extension}:${appUrl}`;
  let bundle = bundles.get(key);
  if (!bundle) {
    const { component, name } = PREVIEW_EXTENSIONS[extension];
    const entry = `
      import { h, render } from "preact";
      import { defineStandIns, shopifyGlobal } from "./scripts/storefront/ui-extension-host.ts";
      import { ${name} } from "./${component}";
      const config = JSON.parse(document.getElementById("ui-extension-config").textContent);
      defineStandIns(window);
      globalThis.shopify = shopifyGlobal({
        ...config,
        sessionToken: () => fetch("/ui-extensions/session-token").then((response) => response.text()),
      });
      render(h(${name}, null), document.getElementById("ui-extension"));`;
    bundle = build({
      stdin: { contents: entry, resolveDir: ROOT, loader: "ts" },
      bundle: true,
      write: false,
      format: "esm",
      minify: true,
      define: { "process.env.APP_URL": JSON.stringify(appUrl) },
    }).then((result) => result.outputFiles[0]!.text);
    bundles.set(key, bundle);
  }
  return bundle;
}

/** The page around the component: its translations and the target's API as JSON for the bundle. */
export async function previewPage(extension: PreviewExtension, locale: string, target: Record<string, unknown>): Promise<string> {
  const { title, locales } = PREVIEW_EXTENSIONS[extension];
  const file = path.join(ROOT, locales, locale === "en" ? "en.default.json" : `${locale}.json`);
  const translations = JSON.parse(await readFile(file, "utf8").catch(() => readFile(path.join(ROOT, locales, "en.default.json"), "utf8")));
  const config = JSON.stringify({ locale, translations, target }).replace(/</g, "\\u003c");
  return `<!doctype html><html lang="${escapeHtml(locale)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title></head><body><div id="ui-extension"></div><script type="application/json" id="ui-extension-config">${config}</script><script type="module" src="/ui-extensions/${extension}.js"></script></body></html>`;
}

/** The logged-in customer's session token (none: a guest's). */
export function previewSessionToken(shop: string, customerId: string | null, apiKey: string, apiSecret: string): string {
  return signSessionToken({ shop, customerId, apiKey }, apiSecret);
}
