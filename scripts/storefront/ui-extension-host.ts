// What Shopify's host gives the app's UI extensions (customer accounts, thank-you page), in
// small stand-ins, so the extensions' own Preact components render outside Shopify: in the
// component tests (happy-dom) and in the storefront preview. The `s-*` elements are Shopify's
// Polaris web components: here each is a plain custom element that shows its text and its
// `heading`/`label`, a button that is a button, a text field that has a value. The `shopify`
// global carries the session token, translations from the extension's locales/ and formatting.

/** The Polaris web components the extensions use. */
export const STAND_IN_TAGS = [
  "s-page",
  "s-section",
  "s-stack",
  "s-heading",
  "s-text",
  "s-paragraph",
  "s-badge",
  "s-banner",
  "s-spinner",
  "s-link",
  "s-button",
  "s-text-field",
] as const;

const STYLES: Record<string, string> = {
  "s-page": "display:block;max-width:48rem;margin:0 auto;padding:1rem;font-family:system-ui,sans-serif",
  "s-section": "display:block;border:1px solid #ddd;border-radius:8px;padding:1rem;margin-block:0.75rem",
  "s-stack": "display:flex;flex-direction:column;gap:0.5rem",
  "s-heading": "display:block;font-size:1.5rem;font-weight:600",
  "s-text": "display:inline",
  "s-paragraph": "display:block;margin-block:0.5rem",
  "s-badge": "display:inline-block;padding:0 0.5rem;border-radius:1rem;background:#eef",
  "s-banner": "display:block;padding:0.75rem;border-radius:8px;background:#f4f4f4",
  "s-spinner": "display:inline-block",
  "s-link": "display:inline",
  "s-button": "display:inline-block",
  "s-text-field": "display:block",
};

const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
const isOn = (element: Element, name: string) => element.hasAttribute(name) && element.getAttribute(name) !== "false";

/** Defines the stand-in elements in a window (a browser's or happy-dom's); defining twice is a no-op. */
export function defineStandIns(window: Window & typeof globalThis): void {
  for (const tag of STAND_IN_TAGS) {
    if (window.customElements.get(tag)) continue;
    class StandIn extends window.HTMLElement {
      static observedAttributes = ["heading", "label", "href", "disabled", "loading", "error", "direction"];
      #value = "";
      constructor() {
        super();
        // A disabled or busy button does nothing when clicked, as Shopify's does not.
        if (tag === "s-button")
          this.addEventListener("click", (event) =>
            isOn(this, "disabled") || isOn(this, "loading") ? event.stopImmediatePropagation() : undefined,
          );
      }
      get value() {
        return this.#value;
      }
      set value(next: string) {
        this.#value = next;
        const input = this.shadowRoot?.querySelector("input");
        if (input && input.value !== next) input.value = next;
      }
      connectedCallback() {
        this.render();
      }
      attributeChangedCallback() {
        if (this.isConnected) this.render();
      }
      render() {
        const root = this.shadowRoot ?? this.attachShadow({ mode: "open" });
        const heading = this.getAttribute("heading");
        const label = this.getAttribute("label") ?? "";
        const inline = tag === "s-stack" && this.getAttribute("direction") === "inline" ? ":host{flex-direction:row;flex-wrap:wrap}" : "";
        let inner = "<slot></slot>";
        if (tag === "s-button") {
          const href = this.getAttribute("href");
          inner = href
            ? `<a href="${escapeHtml(href)}" target="_blank"><slot></slot></a>`
            : `<button ${isOn(this, "disabled") ? "disabled" : ""}>${isOn(this, "loading") ? "…" : "<slot></slot>"}</button>`;
        } else if (tag === "s-link") {
          inner = `<a href="${escapeHtml(this.getAttribute("href") ?? "")}"><slot></slot></a>`;
        } else if (tag === "s-spinner") {
          inner = "…";
        } else if (tag === "s-text-field") {
          const error = this.getAttribute("error");
          inner = `<label>${escapeHtml(label)} <input value="${escapeHtml(this.#value)}"></label>${error ? `<div role="alert">${escapeHtml(error)}</div>` : ""}`;
        }
        root.innerHTML = `<style>:host{${STYLES[tag]}}${inline}</style>${heading ? `<strong>${escapeHtml(heading)}</strong>` : ""}${inner}`;
        const input = root.querySelector("input");
        input?.addEventListener("input", () => {
          this.#value = input.value;
        });
      }
    }
    window.customElements.define(tag, StandIn);
  }
}

type Translations = { [key: string]: string | Translations };

export interface HostOptions {
  locale: string;
  /** The extension's locales/<locale>.json (or en.default.json). */
  translations: Translations;
  sessionToken: () => Promise<string>;
  /** The target's own API: `order` (order status), `orderConfirmation` and `cost` (thank-you page). */
  target?: Record<string, unknown>;
}

/** The `shopify` global the extension reads: session token, i18n and the target's API. */
export function shopifyGlobal({ locale, translations, sessionToken, target = {} }: HostOptions) {
  const lookup = (key: string): string | Translations | undefined =>
    key
      .split(".")
      .reduce<string | Translations | undefined>((node, part) => (typeof node === "object" ? node[part] : undefined), translations);
  return {
    sessionToken: { get: sessionToken },
    i18n: {
      // Shopify's translate: {{name}} placeholders, and a `count` option picking the plural form.
      translate(key: string, options: Record<string, string | number> = {}): string {
        let found = lookup(key);
        if (typeof found === "object" && typeof options.count === "number")
          found = found[new Intl.PluralRules(locale).select(options.count)] ?? found.other;
        if (typeof found !== "string") return key;
        return found.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => String(options[name] ?? ""));
      },
      formatNumber: (value: number) => new Intl.NumberFormat(locale).format(value),
      formatCurrency: (value: number, options: { currency: string }) =>
        new Intl.NumberFormat(locale, { style: "currency", ...options }).format(value),
      formatDate: (date: Date, options?: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(locale, options).format(date),
    },
    ...target,
  };
}
