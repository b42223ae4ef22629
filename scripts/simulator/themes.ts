// The shop's themes as the Admin API shows them: the live (MAIN) theme's JSON files, which say
// whether the app embed is on and where app blocks sit. The demo theme's files are written from
// what the storefront preview renders, so the onboarding checklist and the preview agree.
import { createHash } from "node:crypto";
import { DEFAULT_PLACEMENTS, type BlockPlacement } from "../storefront/theme.ts";
import { isoTimestamp } from "./common";
import { nextGid, type SimulatorState, type Theme } from "./state";

/** The extension's app embeds (target "body"): the storefront preview always renders them. */
const DEMO_EMBEDS = ["free-shipping-bar"];
/** Slots of the preview theme that are on the product template: its main section and the apps section under it. */
const PRODUCT_SECTIONS: Record<string, string> = { "product-info": "main", apps: "apps" };

/** shopify://apps/{app}/blocks/{handle}/{uuid}: how a theme refers to an app's block. */
function appBlockType(appHandle: string, block: string): string {
  const handle = block.split("/").pop()!;
  const hex = createHash("sha256").update(`${appHandle}/${handle}`).digest("hex");
  return `shopify://apps/${appHandle}/blocks/${handle}/${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

const GENERATED_HEADER =
  "/*\n * ------------------------------------------------------------\n * IMPORTANT: The contents of this file are auto-generated.\n * ------------------------------------------------------------\n */\n";

/** config/settings_data.json and templates/product.json for the given embeds and block placements. */
export function themeFilesFor(appHandle: string, embeds: string[], placements: BlockPlacement[]): Record<string, string> {
  const embedBlocks = Object.fromEntries(
    embeds.map((handle, index) => [`embed_${index + 1}`, { type: appBlockType(appHandle, handle), disabled: false, settings: {} }]),
  );
  const sections: Record<string, { type: string; blocks: Record<string, unknown>; block_order: string[] }> = {
    main: { type: "main-product", blocks: { title: { type: "title", settings: {} } }, block_order: ["title"] },
    apps: { type: "apps", blocks: {}, block_order: [] },
  };
  placements.forEach((placement, index) => {
    const section = sections[PRODUCT_SECTIONS[placement.slot] ?? ""];
    if (!section) return;
    const id = `app_block_${index + 1}`;
    section.blocks[id] = { type: appBlockType(appHandle, placement.block), settings: placement.settings ?? {} };
    section.block_order.push(id);
  });
  return {
    "config/settings_data.json": GENERATED_HEADER + JSON.stringify({ current: { blocks: embedBlocks }, presets: {} }, null, 2),
    "templates/product.json": GENERATED_HEADER + JSON.stringify({ sections, order: ["main", "apps"] }, null, 2),
  };
}

/** The demo shop's live theme: the embed on and the blocks where the storefront preview puts them. */
export function demoTheme(state: SimulatorState, appHandle = "retention"): Theme {
  const now = isoTimestamp();
  const files = themeFilesFor(appHandle, DEMO_EMBEDS, DEFAULT_PLACEMENTS);
  return {
    id: nextGid(state, "OnlineStoreTheme"),
    name: "Dawn",
    role: "MAIN",
    createdAt: now,
    updatedAt: now,
    files: Object.entries(files).map(([filename, content]) => ({ filename, content, updatedAt: now })),
  };
}
