// The storefront bar as shoppers will see it, for a cart subtotal the merchant drags, in a
// currency and country they choose, at the top or the bottom of a page as the app embed's
// Position setting puts it. Uses the same pure functions as everything else (thresholds.ts), so
// what the preview shows is what the rules say. Amounts are in the shop's format for the currency
// whatever the language, as the storefront's `money` filter prints them.
import { BlockStack, Box, InlineGrid, RangeSlider, Select, Text } from "@shopify/polaris";
import { useState, type CSSProperties } from "react";
import { formatMoney, minorUnitDigits } from "../lib/money";
import { messageParts, progress, thresholdFor, type ThresholdSettings, type ThresholdZone } from "./thresholds";

type Messages = Record<string, { before: string; progress: string; reached: string }>;
export type BarPosition = "top" | "bottom";

export interface FreeShippingPreviewProps {
  settings: ThresholdSettings;
  zones: ThresholdZone[];
  messages: Messages;
  /** Where the preview starts (tests, links); the merchant changes them. */
  initial?: { currency?: string; country?: string; locale?: string; subtotal?: number; position?: BarPosition };
}

const OTHER_COUNTRY = "";
const POSITIONS = [
  { label: "Top of the page", value: "top" },
  { label: "Bottom of the page", value: "bottom" },
];

// The storefront's look with the theme's colours (snippets/free-shipping-style.liquid): text colour, a light page,
// progress in the text colour.
const page: CSSProperties = {
  display: "flex",
  flexDirection: "column",
  minHeight: "11rem",
  overflow: "hidden",
  border: "1px solid var(--p-color-border)",
  borderRadius: "var(--p-border-radius-200)",
  background: "#fff",
  color: "#121212",
};
const bar: CSSProperties = {
  position: "relative",
  padding: "0.5rem 2.75rem",
  boxShadow: "0 0 0 1px rgb(127 127 127 / 25%)",
  textAlign: "center",
  lineHeight: 1.3,
};
const track: CSSProperties = {
  width: "min(28em, 100%)",
  height: "0.375rem",
  margin: "0.375rem auto 0",
  overflow: "hidden",
  borderRadius: 999,
  background: "rgb(127 127 127 / 25%)",
};
const close: CSSProperties = { position: "absolute", top: "50%", right: "0.75rem", transform: "translateY(-50%)", fontSize: "1.25rem" };
const line = (width: string): CSSProperties => ({ width, height: "0.5rem", borderRadius: 4, background: "rgb(127 127 127 / 18%)" });

export function FreeShippingPreview({ settings, zones, messages, initial = {} }: FreeShippingPreviewProps) {
  const currencies = [...new Set([settings.shopCurrency, ...zones.map((zone) => zone.currency)])];
  const countries = [...new Set([...zones.flatMap((zone) => zone.countries), ...settings.excludedCountries])].sort();
  const locales = Object.keys(messages);
  const [currency, setCurrency] = useState(initial.currency ?? settings.shopCurrency);
  const [country, setCountry] = useState(initial.country ?? OTHER_COUNTRY);
  const [locale, setLocale] = useState(initial.locale ?? locales[0] ?? "en");
  const [subtotal, setSubtotal] = useState(initial.subtotal ?? 0);
  const [position, setPosition] = useState<BarPosition>(initial.position ?? "top");

  const activeCurrency = currencies.includes(currency) ? currency : settings.shopCurrency;
  const threshold = thresholdFor({ currency: activeCurrency, country: country || null }, settings, zones);
  const goal = threshold ? Number(threshold.amount) : 100;
  const max = Math.max(1, Math.ceil(goal * 1.5));
  const step = minorUnitDigits(activeCurrency) === 0 ? 1 : max > 200 ? 1 : 0.5;
  const value = Math.min(subtotal, max);
  const text = messages[locale] ?? messages.en;

  let parts: ReturnType<typeof messageParts> | null = null;
  let percent = 0;
  if (threshold && text) {
    const state = progress(value, threshold);
    percent = state.percent;
    if (state.reached) parts = messageParts(text.reached, "");
    else if (value <= 0) parts = messageParts(text.before, formatMoney(threshold.amount, threshold.currency));
    else parts = messageParts(text.progress, formatMoney(state.remaining, threshold.currency));
  }
  const message = parts?.map((part) => part.text).join("") ?? "";

  return (
    <BlockStack gap="400">
      <InlineGrid columns={{ xs: 1, sm: 2 }} gap="300">
        <Select label="Cart currency" options={currencies} value={activeCurrency} onChange={setCurrency} />
        <Select
          label="Shipping to"
          options={[{ label: "Any other country", value: OTHER_COUNTRY }, ...countries.map((code) => ({ label: code, value: code }))]}
          value={country}
          onChange={setCountry}
        />
        <Select label="Language" options={locales} value={locale} onChange={setLocale} />
        <Select label="Position" options={POSITIONS} value={position} onChange={(next) => setPosition(next as BarPosition)} />
      </InlineGrid>
      <RangeSlider
        label="Cart subtotal"
        min={0}
        max={max}
        step={step}
        value={value}
        onChange={(next) => setSubtotal(typeof next === "number" ? next : next[0])}
        output
        suffix={<Text as="span">{formatMoney(String(value), activeCurrency)}</Text>}
      />
      {parts ? (
        <div style={{ ...page, flexDirection: position === "top" ? "column" : "column-reverse" }} data-preview-position={position}>
          <div style={bar} lang={locale}>
            <p style={{ margin: 0, fontWeight: percent >= 100 ? 600 : 400, overflowWrap: "break-word" }} data-preview-message>
              {parts.map((part, index) =>
                part.amount ? (
                  <strong key={index} style={{ whiteSpace: "nowrap" }}>
                    {part.text}
                  </strong>
                ) : (
                  <span key={index}>{part.text}</span>
                ),
              )}
            </p>
            <div
              style={track}
              role="progressbar"
              aria-label="Progress towards free shipping"
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={percent}
              aria-valuetext={message}
            >
              <div style={{ width: `${percent}%`, height: "100%", borderRadius: "inherit", background: "currentColor" }} />
            </div>
            <span style={close} aria-hidden="true">
              ×
            </span>
          </div>
          <Box padding="400">
            <BlockStack gap="200">
              <div style={line("40%")} />
              <div style={line("85%")} />
              <div style={line("70%")} />
            </BlockStack>
          </Box>
        </div>
      ) : (
        <Box padding="400" background="bg-surface-secondary" borderRadius="200">
          <Text as="p" alignment="center" tone="subdued">
            {settings.enabled
              ? "No bar: this cart has no free-shipping threshold (excluded country, or no threshold in this currency)."
              : "No bar: free shipping is switched off."}
          </Text>
        </Box>
      )}
    </BlockStack>
  );
}
