import { AppProvider } from "@shopify/polaris";
import en from "@shopify/polaris/locales/en.json";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { FreeShippingPreview, type FreeShippingPreviewProps } from "./FreeShippingPreview";
import { DEFAULT_MESSAGES } from "./messages";

const props: FreeShippingPreviewProps = {
  settings: { enabled: true, shopCurrency: "USD", baseAmount: "50", excludedCountries: ["AU"] },
  zones: [{ id: "z", name: "Europe", countries: ["GR"], currency: "EUR", amount: "45", rateToShop: "0.92" }],
  messages: DEFAULT_MESSAGES,
};

const render = (initial: FreeShippingPreviewProps["initial"], overrides: Partial<FreeShippingPreviewProps> = {}) =>
  renderToString(createElement(AppProvider, { i18n: en }, createElement(FreeShippingPreview, { ...props, ...overrides, initial })))
    .replace(/<!-- -->/g, "")
    .replace(/&#x27;/g, "'");

describe("FreeShippingPreview", () => {
  it("renders the bar's message for the chosen cart with the same rules as the storefront", () => {
    expect(render({})).toContain("Free shipping on orders over $50.00");
    expect(render({ subtotal: 32.5 })).toContain("You're $17.50 away from free shipping");
    expect(render({ subtotal: 60 })).toContain("You've got free shipping!");
    // The shop's format for the currency, whatever the language (as Liquid's `money` prints it).
    expect(render({ currency: "EUR", country: "GR", subtotal: 40, locale: "el" })).toContain("Σας λείπουν €5.00 για δωρεάν αποστολή");
    expect(render({ currency: "EUR", country: "" })).toContain("No bar: this cart has no free-shipping threshold");
    expect(render({ country: "AU" })).toContain("No bar");
    expect(render({}, { settings: { ...props.settings, enabled: false } })).toContain("free shipping is switched off");
  });

  it("sets the amount apart and puts the bar at the top or the bottom of the page, as the embed's Position does", () => {
    const top = render({ subtotal: 32.5 });
    expect(top).toContain('data-preview-position="top"');
    expect(top).toMatch(
      /data-preview-message[^>]*><span>You're <\/span><strong style="white-space:nowrap">\$17\.50<\/strong><span> away from free shipping<\/span><\/p>/,
    );
    expect(top).toMatch(/role="progressbar"[^>]*aria-valuenow="65"[^>]*aria-valuetext="You're \$17\.50 away from free shipping"/);
    expect(top).toMatch(/flex-direction:column;/);
    const bottom = render({ subtotal: 32.5, position: "bottom" });
    expect(bottom).toContain('data-preview-position="bottom"');
    expect(bottom).toMatch(/flex-direction:column-reverse/);
    // No amounts as "50.00 USD": the shop's format.
    expect(render({})).not.toMatch(/\d\.\d\d USD/);
  });
});
