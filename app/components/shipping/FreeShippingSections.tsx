import type { FieldMetadata } from "@conform-to/react";
import { Badge, BlockStack, Button, Card, InlineGrid, InlineStack, Layout, Text } from "@shopify/polaris";
import { ExternalIcon } from "@shopify/polaris-icons";
import type { ReactNode } from "react";
import type { FormStrings } from "../useSettingsForm";
import { FormCheckbox, FormTextField } from "../forms/PolarisFields";
import { FreeShippingPreview } from "../../shipping/FreeShippingPreview";
import { formatMoney } from "../../lib/money";
import { LOCALES, MESSAGE_KINDS, type Messages } from "../../shipping/messages";
import { parseCountriesForForm, type ThresholdZone } from "../../shipping/thresholds";

const LOCALE_NAMES: Record<string, string> = { en: "English", el: "Greek" };
const MESSAGE_LABELS: Record<string, string> = { before: "Empty cart", progress: "On the way", reached: "Reached" };

export type Sync = { tone: "success" | "critical" | "attention"; text: string };

export function SyncBadge({ sync }: { sync: Sync | null }) {
  if (!sync) return null;
  return <Badge tone={sync.tone}>{sync.text}</Badge>;
}

/** The free-shipping page's sections around the zones table (`markets`), with the bar's preview as typed. */
export function FreeShippingSections({
  fields,
  value,
  shopCurrency,
  baseSync,
  zones,
  markets,
  editorUrl,
}: {
  fields: Record<string, FieldMetadata<string, FormStrings>>;
  value(name: string): string;
  shopCurrency: string;
  baseSync: Sync | null;
  zones: ThresholdZone[];
  markets: ReactNode;
  /** The theme editor with the bar's app embed: its position, pages and colours. */
  editorUrl: string;
}) {
  const messages = Object.fromEntries(
    LOCALES.map((locale) => [locale, Object.fromEntries(MESSAGE_KINDS.map((kind) => [kind, value(`message_${locale}_${kind}`)]))]),
  ) as Messages;
  const baseAmount = value("baseAmount").trim();
  const previewSettings = {
    enabled: value("enabled") !== "",
    shopCurrency,
    baseAmount: /^\d+([.,]\d+)?$/.test(baseAmount) ? baseAmount.replace(",", ".") : null,
    excludedCountries: parseCountriesForForm(value("excludedCountries")),
  };

  return (
    <Layout>
      <Layout.AnnotatedSection
        title="Programme"
        description={`Checkout gives free shipping through automatic discounts the app keeps in step. The base threshold is in your store's currency (${shopCurrency}) and applies to shoppers paying in ${shopCurrency}.`}
      >
        <Card>
          <BlockStack gap="400">
            <FormCheckbox
              label="Free shipping over a threshold is on"
              field={fields.enabled}
              helpText="When it is off, the app's free-shipping discounts are removed from checkout and the storefront bar is hidden."
            />
            <InlineStack gap="200" blockAlign="center">
              <Text as="span" variant="bodySm" tone="subdued">
                Base discount:
              </Text>
              {baseSync ? <SyncBadge sync={baseSync} /> : <Badge>Not in use</Badge>}
            </InlineStack>
            <InlineGrid columns={{ xs: 1, sm: 2 }} gap="400">
              <FormTextField
                label="Base threshold"
                type="text"
                inputMode="decimal"
                suffix={shopCurrency}
                field={fields.baseAmount}
                helpText={`${previewSettings.baseAmount ? `Shoppers see ${formatMoney(previewSettings.baseAmount, shopCurrency)}. ` : ""}Every country you ship to that is not in a zone or excluded. Empty: only zones get free shipping.`}
                autoComplete="off"
              />
              <FormTextField
                label="Excluded countries"
                field={fields.excludedCountries}
                helpText="Shopify's two-letter country codes, separated by commas, e.g. AU, NZ. Never free shipping, whatever the cart."
                placeholder="AU, NZ"
                autoComplete="off"
              />
            </InlineGrid>
          </BlockStack>
        </Card>
      </Layout.AnnotatedSection>

      {markets}

      <Layout.AnnotatedSection
        title="Messages"
        description="What the storefront bar says. {amount} becomes the threshold (empty cart) or what is left to spend, in the shopper's currency."
      >
        <Card>
          <BlockStack gap="400">
            {LOCALES.map((locale) => (
              <BlockStack gap="200" key={locale}>
                <Text as="h3" variant="headingSm">
                  {LOCALE_NAMES[locale] ?? locale}
                </Text>
                {MESSAGE_KINDS.map((kind) => (
                  <FormTextField
                    key={kind}
                    label={MESSAGE_LABELS[kind]}
                    field={fields[`message_${locale}_${kind}`]!}
                    maxLength={200}
                    autoComplete="off"
                  />
                ))}
              </BlockStack>
            ))}
          </BlockStack>
        </Card>
      </Layout.AnnotatedSection>

      <Layout.AnnotatedSection
        title="Preview"
        description="The bar for a cart you choose, with the settings above (saved or not). Shoppers can close it for their visit."
      >
        <Card>
          <BlockStack gap="400">
            <FreeShippingPreview settings={previewSettings} zones={zones} messages={messages} />
            <InlineStack gap="300" blockAlign="center" wrap>
              <Text as="p" tone="subdued">
                Position, the pages it shows on (all, product pages, cart only) and colours are set on the app embed in your theme.
              </Text>
              <Button url={editorUrl} target="_top" icon={ExternalIcon}>
                Open the theme editor
              </Button>
            </InlineStack>
          </BlockStack>
        </Card>
      </Layout.AnnotatedSection>
    </Layout>
  );
}
