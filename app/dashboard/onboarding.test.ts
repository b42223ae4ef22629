import { describe, expect, it } from "vitest";
import { appBlockAdded, checklistSteps, embedEnabled, themeEditorLinks } from "./onboarding";

const HEADER = "/*\n * IMPORTANT: The contents of this file are auto-generated.\n */\n";
const block = (handle: string, extra: Record<string, unknown> = {}) => ({
  type: `shopify://apps/retention/blocks/${handle}/0a1b2c3d-0000-4000-8000-000000000000`,
  settings: {},
  ...extra,
});

describe("theme checks", () => {
  it("finds the app embed in settings_data.json only when it is not disabled", () => {
    const settings = (blocks: Record<string, unknown>) => HEADER + JSON.stringify({ current: { blocks }, presets: {} });
    expect(embedEnabled(settings({ a: block("free-shipping-bar", { disabled: false }) }))).toBe(true);
    expect(embedEnabled(settings({ a: block("free-shipping-bar", { disabled: true }) }))).toBe(false);
    expect(embedEnabled(settings({ a: block("star-rating") }))).toBe(false);
    expect(embedEnabled(JSON.stringify({ current: "Default", presets: { Default: { blocks: { a: block("free-shipping-bar") } } } }))).toBe(
      true,
    );
    expect(embedEnabled(JSON.stringify({ current: "Default", presets: { Default: {} } }))).toBe(false);
    expect(embedEnabled("not json")).toBe(false);
    expect(embedEnabled(null)).toBe(false);
  });

  it("finds the review block in any section of the product template", () => {
    const template = (sections: Record<string, unknown>) => HEADER + JSON.stringify({ sections, order: Object.keys(sections) });
    expect(appBlockAdded(template({ main: { type: "main-product", blocks: { x: block("product-reviews") } } }))).toBe(true);
    expect(appBlockAdded(template({ apps: { type: "apps", blocks: { x: block("product-reviews") } } }))).toBe(true);
    expect(appBlockAdded(template({ main: { type: "main-product", blocks: { x: block("product-reviews", { disabled: true }) } } }))).toBe(
      false,
    );
    expect(appBlockAdded(template({ main: { type: "main-product", disabled: true, blocks: { x: block("product-reviews") } } }))).toBe(
      false,
    );
    expect(appBlockAdded(template({ main: { type: "main-product", blocks: { x: block("star-rating") } } }))).toBe(false);
    expect(appBlockAdded(template({ main: { type: "main-product" } }))).toBe(false);
    expect(appBlockAdded(null)).toBe(false);
  });
});

describe("checklist", () => {
  const links = themeEditorLinks("shop.myshopify.com", "abc123");

  it("deep-links to the theme editor", () => {
    expect(links).toEqual({
      enableEmbed: "https://shop.myshopify.com/admin/themes/current/editor?context=apps&activateAppId=abc123/free-shipping-bar",
      addReviewBlock:
        "https://shop.myshopify.com/admin/themes/current/editor?template=product&addAppBlockId=abc123/product-reviews&target=mainSection",
    });
  });

  it("marks steps done from the settings and the theme, and unknown when the theme could not be checked", () => {
    const state = {
      reviewsConfigured: true,
      emailsConfigured: false,
      loyaltyEnabled: true,
      freeShippingEnabled: false,
      testEmailSentAt: null,
    };
    const checked = checklistSteps(state, { checked: true, themeName: "Dawn", embedEnabled: true, reviewBlockAdded: false }, links);
    expect(Object.fromEntries(checked.map((step) => [step.id, step.done]))).toEqual({
      embed: true,
      "review-block": false,
      reviews: true,
      emails: false,
      loyalty: true,
      "free-shipping": false,
      "test-email": false,
    });
    const unknown = checklistSteps({ ...state, testEmailSentAt: "2031-01-01T00:00:00Z" }, { checked: false, reason: "timeout" }, links);
    expect(unknown.find((step) => step.id === "embed")?.done).toBeNull();
    expect(unknown.find((step) => step.id === "test-email")?.done).toBe(true);
  });
});
