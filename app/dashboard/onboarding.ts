// The onboarding checklist, pure: whether the live theme has the app embed switched on and the
// review block on the product template (from the theme's JSON files), the theme editor's deep
// links that do each, and the checklist's steps.

/** The app embed every storefront feature needs (the free-shipping bar; block handle = file name). */
export const EMBED_HANDLE = "free-shipping-bar";
/** The block the product page needs for reviews. */
export const REVIEW_BLOCK_HANDLE = "product-reviews";
export const THEME_FILES = ["config/settings_data.json", "templates/product.json"] as const;

export type ThemeCheck =
  { checked: true; themeName: string; embedEnabled: boolean; reviewBlockAdded: boolean } | { checked: false; reason: string };

interface ThemeBlock {
  type?: unknown;
  disabled?: unknown;
}

/** Shopify writes a comment above the JSON of generated theme files. */
function parseThemeJson(content: string): unknown {
  try {
    return JSON.parse(content.replace(/^\s*\/\*[\s\S]*?\*\//, ""));
  } catch {
    return null;
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** An app block's type reads shopify://apps/{app}/blocks/{handle}/{uuid}. */
function isLiveAppBlock(block: unknown, handle: string): boolean {
  if (!isRecord(block)) return false;
  const { type, disabled } = block as ThemeBlock;
  return typeof type === "string" && /^shopify:\/\/apps\/[^/]+\/blocks\/([^/]+)\//.exec(type)?.[1] === handle && disabled !== true;
}

const blocksOf = (holder: unknown): unknown[] => (isRecord(holder) && isRecord(holder.blocks) ? Object.values(holder.blocks) : []);

/** settings_data.json: the embed is on when `current.blocks` holds it and it is not disabled. */
export function embedEnabled(settingsData: string | null, handle = EMBED_HANDLE): boolean {
  if (!settingsData) return false;
  const data = parseThemeJson(settingsData);
  if (!isRecord(data)) return false;
  // `current` names a preset when the merchant never changed the theme settings.
  const current = isRecord(data.current)
    ? data.current
    : isRecord(data.presets) && typeof data.current === "string"
      ? data.presets[data.current]
      : null;
  return blocksOf(current).some((block) => isLiveAppBlock(block, handle));
}

/** templates/product.json: the block is added when some section holds it, not disabled. */
export function appBlockAdded(template: string | null, handle = REVIEW_BLOCK_HANDLE): boolean {
  if (!template) return false;
  const data = parseThemeJson(template);
  if (!isRecord(data) || !isRecord(data.sections)) return false;
  return Object.values(data.sections).some(
    (section) => isRecord(section) && section.disabled !== true && blocksOf(section).some((block) => isLiveAppBlock(block, handle)),
  );
}

export function themeEditorLinks(shop: string, apiKey: string) {
  const editor = `https://${shop}/admin/themes/current/editor`;
  return {
    enableEmbed: `${editor}?context=apps&activateAppId=${encodeURIComponent(apiKey)}/${EMBED_HANDLE}`,
    addReviewBlock: `${editor}?template=product&addAppBlockId=${encodeURIComponent(apiKey)}/${REVIEW_BLOCK_HANDLE}&target=mainSection`,
  };
}

export interface OnboardingState {
  reviewsConfigured: boolean;
  emailsConfigured: boolean;
  loyaltyEnabled: boolean;
  freeShippingEnabled: boolean;
  testEmailSentAt: Date | string | null;
}

export interface ChecklistStep {
  id: string;
  title: string;
  help: string;
  /** null: not known (the theme could not be checked). */
  done: boolean | null;
  action: { label: string; url: string; external: boolean };
}

export function checklistSteps(state: OnboardingState, theme: ThemeCheck, links: ReturnType<typeof themeEditorLinks>): ChecklistStep[] {
  const themeDone = (value: (check: Extract<ThemeCheck, { checked: true }>) => boolean) => (theme.checked ? value(theme) : null);
  return [
    {
      id: "embed",
      title: "Turn on the app embed",
      help: "The embed loads the free-shipping bar and the app's storefront scripts. Switch it on in the theme editor's App embeds and save.",
      done: themeDone((check) => check.embedEnabled),
      action: { label: "Open App embeds", url: links.enableEmbed, external: true },
    },
    {
      id: "review-block",
      title: "Add the Product reviews block",
      help: "Shoppers see reviews and write them from the product page. The link adds the block to the product template; place it and save.",
      done: themeDone((check) => check.reviewBlockAdded),
      action: { label: "Add the block", url: links.addReviewBlock, external: true },
    },
    {
      id: "reviews",
      title: "Review your moderation rules",
      help: "Choose what is published at once and whether anonymous reviews are allowed.",
      done: state.reviewsConfigured,
      action: { label: "Review settings", url: "/app/reviews/settings", external: false },
    },
    {
      id: "emails",
      title: "Set up post-purchase emails",
      help: "When thank-you emails and review requests go out, and the send window.",
      done: state.emailsConfigured,
      action: { label: "Email settings", url: "/app/emails/settings", external: false },
    },
    {
      id: "loyalty",
      title: "Switch on loyalty points",
      help: "Customers earn points on orders and reviews and redeem them for discount codes.",
      done: state.loyaltyEnabled,
      action: { label: "Loyalty settings", url: "/app/loyalty/settings", external: false },
    },
    {
      id: "free-shipping",
      title: "Switch on free-shipping thresholds",
      help: "Show shoppers how far they are from free shipping; checkout applies the same thresholds.",
      done: state.freeShippingEnabled,
      action: { label: "Free shipping", url: "/app/free-shipping", external: false },
    },
    {
      id: "test-email",
      title: "Send yourself a test email",
      help: "Open a template, check the preview and send a test to see it in your inbox.",
      done: state.testEmailSentAt !== null,
      action: { label: "Open the review request template", url: "/app/emails/templates/review_request/en", external: false },
    },
  ];
}
