// The storefront bar as shoppers will see it, for a cart subtotal the merchant drags, in a
// currency and country they choose. Uses the same pure functions as everything else
// (thresholds.ts), so what the preview shows is what the rules say.
import { BlockStack, Box, InlineGrid, ProgressBar, RangeSlider, Select, Text } from "@shopify/polaris";
import { useState } from "react";
import { formatMoney, minorUnitDigits } from "../lib/money";
import { fillMessage, progress, thresholdFor, type ThresholdSettings, type ThresholdZone } from "./thresholds";

type Messages = Record<string, { before: string; progress: string; reached: string }>;

export interface FreeShippingPreviewProps {
  settings: ThresholdSettings;
  zones: ThresholdZone[];
  messages: Messages;
  /** Where the preview starts (tests, links); the merchant changes them. */
  initial?: { currency?: string; country?: string; locale?: string; subtotal?: number };
}

const OTHER_COUNTRY = "";

export function FreeShippingPreview({ settings, zones, messages, initial = {} }: FreeShippingPreviewProps) {
  const currencies = [...new Set([settings.shopCurrency, ...zones.map((zone) => zone.currency)])];
  const countries = [...new Set([...zones.flatMap((zone) => zone.countries), ...settings.excludedCountries])].sort();
  const locales = Object.keys(messages);
  const [currency, setCurrency] = useState(initial.currency ?? settings.shopCurrency);
  const [country, setCountry] = useState(initial.country ?? OTHER_COUNTRY);
  const [locale, setLocale] = useState(initial.locale ?? locales[0] ?? "en");
  const [subtotal, setSubtotal] = useState(initial.subtotal ?? 0);

  const activeCurrency = currencies.includes(currency) ? currency : settings.shopCurrency;
  const threshold = thresholdFor({ currency: activeCurrency, country: country || null }, settings, zones);
  const goal = threshold ? Number(threshold.amount) : 100;
  const max = Math.max(1, Math.ceil(goal * 1.5));
  const step = minorUnitDigits(activeCurrency) === 0 ? 1 : max > 200 ? 1 : 0.5;
  const value = Math.min(subtotal, max);
  const text = messages[locale] ?? messages.en;

  let message: string | null = null;
  let percent = 0;
  if (threshold && text) {
    const state = progress(value, threshold);
    percent = state.percent;
    if (state.reached) message = text.reached;
    else if (value <= 0) message = fillMessage(text.before, formatMoney(threshold.amount, threshold.currency, { locale }));
    else message = fillMessage(text.progress, formatMoney(state.remaining, threshold.currency, { locale }));
  }

  return (
    <BlockStack gap="400">
      <InlineGrid columns={{ xs: 1, sm: 3 }} gap="300">
        <Select label="Cart currency" options={currencies} value={activeCurrency} onChange={setCurrency} />
        <Select
          label="Shipping to"
          options={[{ label: "Any other country", value: OTHER_COUNTRY }, ...countries.map((code) => ({ label: code, value: code }))]}
          value={country}
          onChange={setCountry}
        />
        <Select label="Language" options={locales} value={locale} onChange={setLocale} />
      </InlineGrid>
      <RangeSlider
        label="Cart subtotal"
        min={0}
        max={max}
        step={step}
        value={value}
        onChange={(next) => setSubtotal(typeof next === "number" ? next : next[0])}
        output
        suffix={<Text as="span">{formatMoney(String(value), activeCurrency, { locale })}</Text>}
      />
      <Box padding="400" background="bg-surface-secondary" borderRadius="200">
        {message ? (
          <BlockStack gap="200">
            <Text as="p" alignment="center" fontWeight="medium">
              {message}
            </Text>
            <ProgressBar progress={percent} tone={percent >= 100 ? "success" : "primary"} size="small" />
          </BlockStack>
        ) : (
          <Text as="p" alignment="center" tone="subdued">
            {settings.enabled
              ? "No bar: this cart has no free-shipping threshold (excluded country, or no threshold in this currency)."
              : "No bar: free shipping is switched off."}
          </Text>
        )}
      </Box>
    </BlockStack>
  );
}
