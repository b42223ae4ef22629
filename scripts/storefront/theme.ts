// The preview theme and how app blocks get into it. A small Dawn-like theme (theme/) renders with
// liquidjs; `{% app_blocks 'slot' %}` marks where the theme accepts app blocks, and each theme app
// extension renders with its own engine (its snippets, its locales, its asset URLs), as on Shopify.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Liquid, Tag, type Context, type Emitter, type TagToken, type Template, type TopLevelToken } from "liquidjs";
import { escapeHtml } from "../simulator/common.ts";
import { blockEnabledOn, translate, type AppBlock, type ThemeExtension } from "./extensions.ts";
import { formatCents, type MoneyStyle, type Presentment } from "./objects.ts";

export const THEME_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "theme");

/**
 * Where the merchant put a block (the theme editor's job on Shopify). Slots in this theme:
 * "header" (the header's icons: account, cart), "product-info" (product page, under the title),
 * "product-card" (every product card, under its title), "apps" (end of the main content of the
 * product, page and account templates).
 */
export interface BlockPlacement {
  block: string; // "star-rating" or "retention-widgets/star-rating"
  slot: string; // for an app embed, its target ("body", "head")
  settings?: Record<string, unknown>;
  disabled?: boolean; // switched off in the theme editor (settings_data.json `"disabled": true`): renders nowhere
}

export const DEFAULT_PLACEMENTS: BlockPlacement[] = [
  { block: "star-rating", slot: "product-info" },
  { block: "star-rating", slot: "product-card" },
  { block: "product-reviews", slot: "apps" }, // product page, under the product info section
  { block: "loyalty-badge", slot: "header", settings: { rewards_page: "rewards" } },
  { block: "loyalty-earn", slot: "product-info" },
  { block: "loyalty-rewards", slot: "apps" }, // /pages/rewards and the account page (its enabled_on)
];

/** Blocks not named in any placement land in the "apps" slot of every template they are enabled on. */
const AUTO_SLOT = "apps";

export interface PageContext {
  template: string; // "product", "collection", "index", "cart", "page", "customers/login", ...
  locale: string;
  presentment: Presentment;
  extensions: ThemeExtension[]; // empty when the app is uninstalled: Shopify removes its blocks
  placements: BlockPlacement[];
  findProduct: (handle: string) => unknown; // Liquid product for a product setting's handle
  findPage?: (handle: string) => unknown; // Liquid page for a page setting's handle
  globals: Record<string, unknown>; // shop, customer, cart, request, localization, routes, app, template
}

interface PlacedBlock {
  extension: ThemeExtension;
  engine: Liquid;
  block: AppBlock;
  settings: Record<string, unknown>;
}

type Closest = { product?: unknown; collection?: unknown };

const HEADER_MARKER = "<!--storefront:content_for_header-->";

function keywordArgs(args: unknown[]): Record<string, unknown> {
  return Object.fromEntries(
    args.filter((arg): arg is [string, unknown] => Array.isArray(arg) && arg.length === 2 && typeof arg[0] === "string"),
  );
}

function imageSource(input: unknown): string {
  if (typeof input === "string") return input;
  if (input && typeof input === "object") {
    const record = input as Record<string, unknown>;
    if (typeof record.src === "string") return record.src;
    if (record.featured_image) return imageSource(record.featured_image);
  }
  return "";
}

function withQuery(url: string, params: Record<string, unknown>): string {
  const query = Object.entries(params)
    .filter(([, value]) => value !== undefined && value !== null && value !== "")
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
    .join("&");
  if (!url || !query) return url;
  return `${url}${url.includes("?") ? "&" : "?"}${query}`;
}

/** `{% schema %}` holds the block's JSON for Shopify's editor; it renders nothing. */
class SchemaTag extends Tag {
  constructor(token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid) {
    super(token, remainTokens, liquid);
    while (remainTokens.length) {
      const next = remainTokens.shift();
      if (next && "name" in next && next.name === "endschema") return;
    }
    throw new Error(`tag ${token.getText()} not closed`);
  }

  render(): void {}
}

/** `{% app_blocks 'slot' %}` / `{% app_embeds 'body' %}`: hand the slot to the page's block renderer. */
function slotTag(renderSlot: (slot: string, ctx: Context) => Promise<string>) {
  return class extends Tag {
    readonly slot: string;

    constructor(token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid) {
      super(token, remainTokens, liquid);
      const match = /^\s*['"]([\w-]+)['"]\s*$/.exec(token.args);
      if (!match) throw new Error(`${token.name} takes one quoted slot name: ${token.getText()}`);
      this.slot = match[1];
    }

    *render(ctx: Context, emitter: Emitter): Generator<unknown, void, string> {
      emitter.write(yield renderSlot(this.slot, ctx));
    }
  };
}

function createEngine(
  options: { root?: string; partials: string },
  page: PageContext,
  assetUrl: (file: string) => string,
  translateKey: (key: string, variables: Record<string, unknown>) => string,
): Liquid {
  // strictFilters: a filter the preview lacks must fail loudly, not render as nothing.
  const liquid = new Liquid({ ...options, extname: ".liquid", strictFilters: true, relativeReference: false });
  liquid.registerTag("schema", SchemaTag);
  const money = (style: MoneyStyle) => (value: unknown) =>
    value === null || value === undefined || value === "" ? "" : formatCents(page.presentment, Number(value) || 0, style);
  liquid.registerFilter("money", money("money"));
  liquid.registerFilter("money_with_currency", money("money_with_currency"));
  liquid.registerFilter("money_without_currency", money("money_without_currency"));
  liquid.registerFilter("t", (key: unknown, ...args: unknown[]) => translateKey(String(key), keywordArgs(args)));
  liquid.registerFilter("asset_url", (file: unknown) => assetUrl(String(file)));
  liquid.registerFilter(
    "stylesheet_tag",
    (url: unknown) => `<link href="${escapeHtml(String(url))}" rel="stylesheet" type="text/css" media="all" />`,
  );
  liquid.registerFilter("script_tag", (url: unknown) => `<script src="${escapeHtml(String(url))}" type="text/javascript"></script>`);
  // Escapes what could close a <script> element, so `| json` is safe inside one (as on Shopify).
  liquid.registerFilter("json", (value: unknown) =>
    (JSON.stringify(value) ?? "null").replace(/[<>&\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`),
  );
  liquid.registerFilter("image_url", (image: unknown, ...args: unknown[]) => {
    const { width, height, crop, format } = keywordArgs(args);
    return withQuery(imageSource(image), { width, height, crop, format });
  });
  liquid.registerFilter("img_url", (image: unknown, size: unknown) => {
    const [width, height] = typeof size === "string" && size !== "master" ? size.split("x") : [];
    return withQuery(imageSource(image), { width, height });
  });
  const handleize = (value: unknown) =>
    String(value ?? "")
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[^\p{L}\p{N}]+/gu, "-")
      .replace(/^-+|-+$/g, "");
  liquid.registerFilter("handleize", handleize);
  liquid.registerFilter("handle", handleize);
  return liquid;
}

/** Renders one page: template, layout, the blocks placed in it and the assets those blocks declare. */
export function createPageRenderer(page: PageContext) {
  const stylesheets = new Set<string>();
  const scripts = new Set<string>();
  let blockCount = 0;

  const extensionAssetUrl = (extension: ThemeExtension, file: string) =>
    `/extension-assets/${encodeURIComponent(extension.handle)}/${encodeURIComponent(file)}`;

  // Each block is parsed once per page even when it renders in every product card.
  const parsedBlocks = new Map<AppBlock, Template[]>();

  const available = page.extensions.flatMap((extension) => {
    const engine = createEngine(
      { partials: path.join(extension.dir, "snippets") },
      page,
      (file) => extensionAssetUrl(extension, file),
      (key, variables) => translate(extension, page.locale, key, variables),
    );
    return extension.blocks
      .filter((block) => blockEnabledOn(block.schema, page.template))
      .map((block) => ({ extension, engine, block, ids: [block.handle, `${extension.handle}/${block.handle}`] }));
  });

  const placed = (slot: string): PlacedBlock[] => {
    const result: PlacedBlock[] = [];
    for (const placement of page.placements.filter((p) => p.slot === slot)) {
      for (const { ids, ...candidate } of available) {
        if (!placement.disabled && candidate.block.schema.target === "section" && ids.includes(placement.block)) {
          result.push({ ...candidate, settings: placement.settings ?? {} });
        }
      }
    }
    for (const { ids, ...candidate } of available) {
      const { target } = candidate.block.schema;
      const placement = page.placements.find((p) => ids.includes(p.block));
      const fits = target === "section" ? slot === AUTO_SLOT && !placement : target === slot && !placement?.disabled;
      // An app embed takes the settings its placement gives (the theme editor's App embeds panel).
      if (fits) result.push({ ...candidate, settings: target === "section" ? {} : (placement?.settings ?? {}) });
    }
    return result;
  };

  /** Schema defaults, then the placement's values; resource settings resolve to Liquid objects. */
  const blockSettings = (block: AppBlock, overrides: Record<string, unknown>, closest: Closest) => {
    const settings: Record<string, unknown> = {};
    for (const setting of block.schema.settings ?? []) {
      if (!setting.id) continue;
      const value = overrides[setting.id] ?? setting.default ?? null;
      if (setting.type === "product") {
        settings[setting.id] =
          typeof value === "string" ? (page.findProduct(value) ?? null) : setting.autofill ? (closest.product ?? null) : null;
      } else if (setting.type === "page") {
        settings[setting.id] = typeof value === "string" ? (page.findPage?.(value) ?? null) : null;
      } else if (setting.type === "collection") {
        settings[setting.id] = setting.autofill ? (closest.collection ?? null) : null;
      } else {
        settings[setting.id] = value;
      }
    }
    return settings;
  };

  const renderBlock = async ({ extension, engine, block, settings }: PlacedBlock, closest: Closest): Promise<string> => {
    blockCount += 1;
    const id = `${block.handle.replaceAll("-", "_")}_${blockCount}`;
    if (block.schema.stylesheet) stylesheets.add(extensionAssetUrl(extension, block.schema.stylesheet));
    if (block.schema.javascript) scripts.add(extensionAssetUrl(extension, block.schema.javascript));
    let html: string;
    try {
      const templates = parsedBlocks.get(block) ?? engine.parse(block.source, `blocks/${block.handle}.liquid`);
      parsedBlocks.set(block, templates);
      const scope = {
        ...closest,
        block: {
          id,
          type: `shopify://apps/${extension.handle}/blocks/${block.handle}`,
          settings: blockSettings(block, settings, closest),
          shopify_attributes: "",
        },
      };
      html = await engine.render(templates, scope, { globals: page.globals });
    } catch (error) {
      // Shopify prints Liquid errors in place and keeps rendering the page.
      const message = error instanceof Error ? error.message : String(error);
      html = `<p class="liquid-error">Liquid error (blocks/${escapeHtml(block.handle)}.liquid): ${escapeHtml(message)}</p>`;
    }
    const classes = ["shopify-app-block", block.schema.class].filter(Boolean).join(" ");
    return `<div id="shopify-block-${escapeHtml(id)}" class="${escapeHtml(classes)}">${html}</div>`;
  };

  const renderSlot = async (slot: string, ctx: Context): Promise<string> => {
    const closest: Closest = { product: ctx.getSync(["product"]), collection: ctx.getSync(["collection"]) };
    const parts: string[] = [];
    for (const placedBlock of placed(slot)) parts.push(await renderBlock(placedBlock, closest));
    return parts.join("\n");
  };

  const themeEngine = createEngine(
    { root: THEME_DIR, partials: path.join(THEME_DIR, "snippets") },
    page,
    (file) => `/theme-assets/${encodeURIComponent(file)}`,
    // The preview theme's own text is English only; like a theme without the key, say so.
    (key) => escapeHtml(`translation missing: ${page.locale}.${key}`),
  );
  themeEngine.registerTag("app_blocks", slotTag(renderSlot));
  themeEngine.registerTag("app_embeds", slotTag(renderSlot));

  const headerTags = () =>
    [
      ...[...stylesheets].map((url) => `<link href="${escapeHtml(url)}" rel="stylesheet" type="text/css" media="all" />`),
      ...[...scripts].map((url) => `<script src="${escapeHtml(url)}" defer></script>`),
    ].join("\n");

  const renderLayout = async (contentForLayout: string, variables: Record<string, unknown>) => {
    const html = await themeEngine.renderFile(
      "layout/theme",
      { ...variables, content_for_layout: contentForLayout, content_for_header: HEADER_MARKER },
      { globals: page.globals },
    );
    // Block assets are known only once every block has rendered, embeds included.
    return html.replace(HEADER_MARKER, () => headerTags());
  };

  return {
    /** A theme template (theme/templates/{name}.liquid) inside the layout. */
    async renderTemplate(name: string, variables: Record<string, unknown>): Promise<string> {
      const content = await themeEngine.renderFile(`templates/${name}`, variables, { globals: page.globals });
      return renderLayout(content, variables);
    },

    /** Liquid an app proxy returned: rendered with the storefront's objects, in the layout unless it says `{% layout none %}`. */
    async renderProxyLiquid(source: string, variables: Record<string, unknown>): Promise<string> {
      const layoutNone = /{%-?\s*layout\s+none\s*-?%}/;
      const content = await themeEngine.parseAndRender(source.replace(layoutNone, ""), variables, { globals: page.globals });
      return layoutNone.test(source) ? content : renderLayout(content, variables);
    },
  };
}
