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
    expect(render({ currency: "EUR", country: "GR", subtotal: 40, locale: "el" })).toMatch(/Σας λείπουν 5,00\s€ για δωρεάν αποστολή/); // Greek money format
    expect(render({ currency: "EUR", country: "" })).toContain("No bar: this cart has no free-shipping threshold");
    expect(render({ country: "AU" })).toContain("No bar");
    expect(render({}, { settings: { ...props.settings, enabled: false } })).toContain("free shipping is switched off");
  });
});
