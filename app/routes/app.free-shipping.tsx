import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, ButtonGroup, Card, Checkbox, EmptyState, IndexTable, InlineGrid, InlineStack, Layout, Page, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import db from "../db.server";
import { shopTimeZone } from "../lib/shop-profile.server";
import { requireAdmin } from "../shopify.server";
import type { FieldErrors } from "../forms";
import { SettingsSaveBar } from "../components/SettingsSaveBar";
import { useAdminToast } from "../components/useAdminToast";
import { useConfirmedAction } from "../components/useConfirmedAction";
import { useSettingsForm } from "../components/useSettingsForm";
import { useModalForm, type ListActionResult } from "../components/useModalForm";
import { ConfirmModal, FormModal } from "../components/FormModal";
import { FreeShippingPreview } from "../shipping/FreeShippingPreview";
import {
  createZone,
  deleteZone,
  loadFreeShipping,
  observedRates,
  paidCurrencies,
  saveFreeShippingSettings,
  SHIPPING_SYNC_JOB,
  shipsToCountries,
  updateZone,
  type FreeShippingSettingsInput,
  type SyncState,
  type ZoneInput,
} from "../shipping/settings.server";
import { unknownCountriesMessage } from "../shipping/countries";
import { LOCALES, MESSAGE_KINDS, type Messages } from "../shipping/messages";
import { formatMoney } from "../lib/money";
import { parseCountriesForForm, zoneMinimumInShopCurrency } from "../shipping/thresholds";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const [{ settings, zones, shopCurrency }, currencies, pendingJobs, timeZone] = await Promise.all([
    loadFreeShipping(db, shop),
    paidCurrencies(db, shop),
    db.job.count({ where: { shop, type: SHIPPING_SYNC_JOB, status: { in: ["queued", "running"] } } }),
    shopTimeZone(db, shop),
  ]);
  const rates = await observedRates(db, shop, [...currencies, ...zones.map((zone) => zone.currency)].filter((c) => c !== shopCurrency));
  // Sync state as text here, in the shop's time zone, so the server and the browser render the same.
  const syncText = (state: SyncState): { tone: "success" | "critical" | "attention"; text: string } => {
    if (pendingJobs > 0) return { tone: "attention", text: "Pending" };
    if (state.syncError) return { tone: "critical", text: `Error: ${state.syncError}` };
    if (state.syncedAt) {
      const at = state.syncedAt.toLocaleString("en-US", { timeZone, dateStyle: "medium", timeStyle: "short" });
      return { tone: "success", text: `Synced at ${at}` };
    }
    return { tone: "attention", text: "Pending" };
  };
  return {
    shopCurrency,
    settings: { enabled: settings.enabled, baseAmount: settings.baseAmount, excludedCountries: settings.excludedCountries, messages: settings.messages },
    baseSync: settings.enabled && settings.baseAmount ? syncText(settings) : null,
    zones: zones.map((zone) => ({
      id: zone.id,
      name: zone.name,
      countries: zone.countries,
      currency: zone.currency,
      amount: zone.amount,
      rateToShop: zone.rateToShop,
      amountText: formatMoney(zone.amount, zone.currency),
      checkoutText: formatMoney(zoneMinimumInShopCurrency(zone, shopCurrency) ?? "0", shopCurrency),
      sync: settings.enabled ? syncText(zone) : null,
    })),
    rates,
  };
};

type SettingsResult = { ok: true; intent: "settings" } | { ok: false; intent: "settings"; errors: FieldErrors<FreeShippingSettingsInput> };
type ZoneResult = ListActionResult<ZoneInput>;

const Intent = z.discriminatedUnion("intent", [
  z.object({ intent: z.enum(["settings", "createZone"]) }),
  z.object({ intent: z.enum(["updateZone", "deleteZone"]), id: z.string().min(1) }),
]);

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, admin } = await requireAdmin(request);
  const form = Object.fromEntries(await request.formData());
  const parsed = Intent.safeParse(form);
  if (!parsed.success) return Response.json({ ok: false, message: "Unknown action." } satisfies ZoneResult, { status: 400 });
  const input = parsed.data;
  if (input.intent === "settings") {
    const result = await saveFreeShippingSettings(db, shop, form);
    if (!result.ok) return Response.json({ ok: false, intent: "settings", errors: result.errors } satisfies SettingsResult, { status: 400 });
    return { ok: true, intent: "settings" } satisfies SettingsResult;
  }
  if (input.intent === "deleteZone") {
    const deleted = await deleteZone(db, shop, input.id);
    return Response.json({ ok: deleted, message: deleted ? "Zone deleted" : "This zone no longer exists." } satisfies ZoneResult, { status: deleted ? 200 : 404 });
  }
  const shipsTo = await shipsToCountries(admin);
  const result = input.intent === "updateZone" ? await updateZone(db, shop, input.id, form, shipsTo) : await createZone(db, shop, form, shipsTo);
  if (!result.ok) return Response.json({ ok: false, message: result.message, errors: result.errors } satisfies ZoneResult, { status: result.notFound ? 404 : 400 });
  return Response.json({ ok: true, message: `${result.zone.name} ${input.intent === "updateZone" ? "saved" : "added"}` } satisfies ZoneResult);
};

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type Zone = LoaderData["zones"][number];

interface SettingsForm {
  enabled: boolean;
  baseAmount: string;
  excludedCountries: string;
  messages: Messages;
}

const toForm = (settings: LoaderData["settings"]): SettingsForm => ({
  enabled: settings.enabled,
  baseAmount: settings.baseAmount ?? "",
  excludedCountries: settings.excludedCountries.join(", "),
  messages: settings.messages,
});

function toPayload(values: SettingsForm): Record<string, string> {
  const payload: Record<string, string> = {
    intent: "settings",
    enabled: String(values.enabled),
    baseAmount: values.baseAmount.trim(),
    excludedCountries: parseCountriesForForm(values.excludedCountries).join(", "),
  };
  for (const locale of LOCALES) for (const kind of MESSAGE_KINDS) payload[`message_${locale}_${kind}`] = values.messages[locale][kind].trim();
  return payload;
}

/** What the browser can check before saving; the server checks everything again. */
function validate(values: SettingsForm): Record<string, string> {
  const errors: Record<string, string> = {};
  if (values.baseAmount.trim() && !/^\d+([.,]\d+)?$/.test(values.baseAmount.trim())) errors.baseAmount = "Enter an amount such as 50 or 49.90.";
  const unknownCountries = unknownCountriesMessage(parseCountriesForForm(values.excludedCountries));
  if (unknownCountries) errors.excludedCountries = unknownCountries;
  for (const locale of LOCALES) {
    for (const kind of MESSAGE_KINDS) {
      const message = values.messages[locale][kind];
      if (!message.trim()) errors[`message_${locale}_${kind}`] = "Write a message.";
      else if (kind !== "reached" && !message.includes("{amount}")) errors[`message_${locale}_${kind}`] = "Include {amount}, where the amount goes.";
    }
  }
  return errors;
}

interface ZoneForm {
  name: string;
  countries: string;
  currency: string;
  amount: string;
  rateToShop: string;
}

const EMPTY_ZONE: ZoneForm = { name: "", countries: "", currency: "", amount: "", rateToShop: "" };
const LOCALE_NAMES: Record<string, string> = { en: "English", el: "Greek" };
const MESSAGE_LABELS: Record<string, string> = { before: "Empty cart", progress: "On the way", reached: "Reached" };

function SyncBadge({ sync }: { sync: { tone: "success" | "critical" | "attention"; text: string } | null }) {
  if (!sync) return null;
  return <Badge tone={sync.tone}>{sync.text}</Badge>;
}

export default function FreeShippingPage() {
  const { shopCurrency, settings, baseSync, zones, rates } = useLoaderData<typeof loader>();
  const result = useActionData<SettingsResult>();
  const adminToast = useAdminToast();
  const { show, toast } = adminToast;

  const { values, set, showServerErrors, serverErrors, error, saveBar, onSubmit } = useSettingsForm<LoaderData["settings"], SettingsForm, FreeShippingSettingsInput, SettingsResult>({
    settings,
    result,
    toForm,
    toPayload,
    validate,
    savedMessage: () => "Free-shipping settings saved",
    adminToast,
  });
  const setMessage = (locale: (typeof LOCALES)[number], kind: (typeof MESSAGE_KINDS)[number]) => (text: string) =>
    set("messages")({ ...values.messages, [locale]: { ...values.messages[locale], [kind]: text } });

  // ── Zones ──
  const zoneForm = useModalForm<ZoneForm, ZoneInput>({ show, toPayload: (zone) => ({ ...zone }), intents: { create: "createZone", update: "updateZone" } });
  const { editing, errors: zoneErrors } = zoneForm;
  // A new zone takes the observed rate of the currency typed, until the merchant types a rate.
  const [ratePrefilled, setRatePrefilled] = useState(false);
  const zoneRemoval = useConfirmedAction<Zone>(show);
  const deleting = zoneRemoval.pending;

  const openZone = (zone: Zone | null) => {
    setRatePrefilled(!zone);
    if (zone) zoneForm.open(zone.id, { name: zone.name, countries: zone.countries.join(", "), currency: zone.currency, amount: zone.amount, rateToShop: zone.rateToShop });
    else zoneForm.open(null, EMPTY_ZONE);
  };
  const setZone = (key: keyof ZoneForm) => (text: string) => {
    zoneForm.set(key)(text);
    if (key === "rateToShop") setRatePrefilled(false);
    // A new currency brings its observed rate, unless the merchant typed their own.
    if (key === "currency" && ratePrefilled) zoneForm.set("rateToShop")(rates[text.trim().toUpperCase()]?.rate ?? "");
  };
  const zoneValues = editing?.values ?? EMPTY_ZONE;
  // Codes Shopify does not know are named as they are typed (a code still being typed, one letter, is not judged yet);
  // the server also checks them against the countries the store ships to.
  const zoneCountriesProblem = unknownCountriesMessage(parseCountriesForForm(zoneValues.countries).filter((code) => code.length > 1));
  const zoneCurrency = zoneValues.currency.trim().toUpperCase();
  const observed = rates[zoneCurrency];
  const rateHelp = /^[A-Z]{3}$/.test(zoneCurrency)
    ? observed
      ? `1 ${shopCurrency} = ${observed.rate} ${zoneCurrency}, from order ${observed.orderName}. Checkout compares subtotals in ${shopCurrency}: amount ÷ rate.`
      : `No order paid in ${zoneCurrency} yet: enter how many ${zoneCurrency} make 1 ${shopCurrency}.`
    : `How many units of the zone's currency make 1 ${shopCurrency}.`;
  const zoneCheckout =
    /^[A-Z]{3}$/.test(zoneCurrency) && Number(zoneValues.amount) > 0 && Number(zoneValues.rateToShop) > 0
      ? zoneMinimumInShopCurrency({ amount: zoneValues.amount.trim(), currency: zoneCurrency, rateToShop: zoneValues.rateToShop.trim() }, shopCurrency)
      : null;

  const previewSettings = {
    enabled: values.enabled,
    shopCurrency,
    baseAmount: /^\d+([.,]\d+)?$/.test(values.baseAmount.trim()) ? values.baseAmount.trim().replace(",", ".") : null,
    excludedCountries: parseCountriesForForm(values.excludedCountries),
  };

  return (
    <Page title="Free shipping" subtitle="Thresholds per market and currency, applied at checkout and shown to shoppers as a progress bar." primaryAction={{ content: "Add zone", onAction: () => openZone(null) }}>
      <SettingsSaveBar id="free-shipping-save-bar" {...saveBar} />
      <form method="post" onSubmit={onSubmit}>
        <BlockStack gap="400">
          {showServerErrors ? <Banner tone="critical">Check the highlighted settings and save again.</Banner> : null}
          <Layout>
            <Layout.AnnotatedSection
              title="Programme"
              description={`Checkout gives free shipping through automatic discounts the app keeps in step. The base threshold is in your store's currency (${shopCurrency}) and applies to shoppers paying in ${shopCurrency}.`}
            >
              <Card>
                <BlockStack gap="400">
                  <Checkbox
                    label="Free shipping over a threshold is on"
                    checked={values.enabled}
                    onChange={set("enabled")}
                    error={serverErrors.enabled}
                    helpText="When it is off, the app's free-shipping discounts are removed from checkout and the storefront bar is hidden."
                  />
                  <InlineStack gap="200" blockAlign="center">
                    <Text as="span" variant="bodySm" tone="subdued">
                      Base discount:
                    </Text>
                    {baseSync ? <SyncBadge sync={baseSync} /> : <Badge>Not in use</Badge>}
                  </InlineStack>
                  <InlineGrid columns={{ xs: 1, sm: 2 }} gap="400">
                    <TextField
                      label="Base threshold"
                      type="text"
                      inputMode="decimal"
                      suffix={shopCurrency}
                      value={values.baseAmount}
                      onChange={set("baseAmount")}
                      error={error("baseAmount")}
                      helpText="Every country you ship to that is not in a zone or excluded. Empty: only zones get free shipping."
                      autoComplete="off"
                    />
                    <TextField
                      label="Excluded countries"
                      value={values.excludedCountries}
                      onChange={set("excludedCountries")}
                      error={error("excludedCountries")}
                      helpText="Shopify's two-letter country codes, separated by commas, e.g. AU, NZ. Never free shipping, whatever the cart."
                      placeholder="AU, NZ"
                      autoComplete="off"
                    />
                  </InlineGrid>
                </BlockStack>
              </Card>
            </Layout.AnnotatedSection>

            <Layout.AnnotatedSection title="Markets" description="A zone gives its countries their own threshold in the currency they pay in. A country belongs to one zone.">
              <Card padding="0">
                <IndexTable
                  resourceName={{ singular: "zone", plural: "zones" }}
                  itemCount={zones.length}
                  selectable={false}
                  headings={[{ title: "Zone" }, { title: "Countries" }, { title: "Threshold" }, { title: "Checkout" }, { title: "Actions" }]}
                  emptyState={
                    <EmptyState heading="No zones yet" action={{ content: "Add zone", onAction: () => openZone(null) }} image="/empty-state.svg">
                      <p>For example Europe at €60 for GR, DE, FR, IT and ES.</p>
                    </EmptyState>
                  }
                >
                  {zones.map((zone, index) => (
                    <IndexTable.Row id={zone.id} key={zone.id} position={index}>
                      <IndexTable.Cell>
                        <BlockStack gap="100">
                          <Text as="span" fontWeight="semibold">
                            {zone.name}
                          </Text>
                          <SyncBadge sync={zone.sync} />
                        </BlockStack>
                      </IndexTable.Cell>
                      <IndexTable.Cell>{zone.countries.join(", ")}</IndexTable.Cell>
                      <IndexTable.Cell>{zone.amountText}</IndexTable.Cell>
                      <IndexTable.Cell>
                        <Text as="span" tone="subdued">{`${zone.checkoutText} at ${zone.rateToShop}`}</Text>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        <ButtonGroup>
                          <Button size="slim" onClick={() => openZone(zone)} accessibilityLabel={`Edit ${zone.name}`}>
                            Edit
                          </Button>
                          <Button size="slim" tone="critical" variant="plain" onClick={() => zoneRemoval.ask(zone)} accessibilityLabel={`Delete ${zone.name}`}>
                            Delete
                          </Button>
                        </ButtonGroup>
                      </IndexTable.Cell>
                    </IndexTable.Row>
                  ))}
                </IndexTable>
              </Card>
            </Layout.AnnotatedSection>

            <Layout.AnnotatedSection title="Messages" description="What the storefront bar says. {amount} becomes the threshold (empty cart) or what is left to spend, in the shopper's currency.">
              <Card>
                <BlockStack gap="400">
                  {LOCALES.map((locale) => (
                    <BlockStack gap="200" key={locale}>
                      <Text as="h3" variant="headingSm">
                        {LOCALE_NAMES[locale] ?? locale}
                      </Text>
                      {MESSAGE_KINDS.map((kind) => (
                        <TextField
                          key={kind}
                          label={MESSAGE_LABELS[kind]}
                          value={values.messages[locale][kind]}
                          onChange={setMessage(locale, kind)}
                          error={error(`message_${locale}_${kind}`)}
                          maxLength={200}
                          autoComplete="off"
                        />
                      ))}
                    </BlockStack>
                  ))}
                </BlockStack>
              </Card>
            </Layout.AnnotatedSection>

            <Layout.AnnotatedSection title="Preview" description="The bar for a cart you choose, with the settings above (saved or not).">
              <Card>
                <FreeShippingPreview settings={previewSettings} zones={zones} messages={values.messages} />
              </Card>
            </Layout.AnnotatedSection>
          </Layout>
        </BlockStack>
      </form>

      <FormModal form={zoneForm} title={editing?.id ? "Edit zone" : "Add zone"} saveLabel={editing?.id ? "Save" : "Add zone"}>
        <TextField label="Name" value={zoneValues.name} onChange={setZone("name")} error={zoneErrors.name} maxLength={60} placeholder="Europe" autoComplete="off" />
        <TextField
          label="Countries"
          value={zoneValues.countries}
          onChange={setZone("countries")}
          error={zoneCountriesProblem ?? zoneErrors.countries}
          placeholder="GR, DE, FR, IT, ES"
          helpText="Shopify's two-letter country codes (GB for the United Kingdom), separated by commas. Only countries your store ships to."
          autoComplete="off"
        />
        <InlineGrid columns={{ xs: 1, sm: 3 }} gap="400">
          <TextField label="Currency" value={zoneValues.currency} onChange={setZone("currency")} error={zoneErrors.currency} maxLength={3} placeholder="EUR" autoComplete="off" />
          <TextField
            label="Threshold"
            inputMode="decimal"
            value={zoneValues.amount}
            onChange={setZone("amount")}
            error={zoneErrors.amount}
            suffix={zoneCurrency || undefined}
            autoComplete="off"
          />
          <TextField
            label={`Rate (per 1 ${shopCurrency})`}
            inputMode="decimal"
            value={zoneValues.rateToShop}
            onChange={setZone("rateToShop")}
            error={zoneErrors.rateToShop}
            autoComplete="off"
          />
        </InlineGrid>
        <Text as="p" tone="subdued">
          {rateHelp}
        </Text>
        {zoneCheckout ? (
          <Text as="p">{`Checkout gives free shipping from ${formatMoney(zoneCheckout, shopCurrency)} (${formatMoney(zoneValues.amount.trim(), zoneCurrency)} at this rate).`}</Text>
        ) : null}
      </FormModal>

      <ConfirmModal
        open={deleting !== null}
        onClose={zoneRemoval.cancel}
        title={`Delete ${deleting?.name ?? "zone"}?`}
        confirmLabel="Delete"
        loading={zoneRemoval.fetcher.state !== "idle"}
        onConfirm={() => deleting && zoneRemoval.confirm({ intent: "deleteZone", id: deleting.id })}
      >
        <Text as="p">{`Its checkout discount is removed; ${deleting?.countries.join(", ") ?? "its countries"} fall back to the base threshold in ${shopCurrency}.`}</Text>
      </ConfirmModal>
      {toast}
    </Page>
  );
}
