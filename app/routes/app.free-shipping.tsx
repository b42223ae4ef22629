import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v3";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Page, Text } from "@shopify/polaris";
import { z } from "zod";
import db from "../db.server";
import { shopCurrency as loadShopCurrency, shopTimeZone } from "../lib/shop-profile.server";
import { requireAdmin } from "../shopify.server";
import { formStrings, refusalReply, replyFieldErrors } from "../lib/forms";
import { SettingsSaveBar } from "../components/SettingsSaveBar";
import { useAdminToast } from "../components/useAdminToast";
import { useConfirmedAction } from "../components/useConfirmedAction";
import { useSettingsForm } from "../components/useSettingsForm";
import type { FetcherFormResult } from "../components/useFetcherForm";
import { ConfirmModal } from "../components/FormModal";
import { FreeShippingSections } from "../components/shipping/FreeShippingSections";
import { useZoneModal } from "../components/shipping/ZoneModal";
import { ZonesSection } from "../components/shipping/ZonesSection";
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
  type SyncState,
} from "../shipping/settings.server";
import { settingsSchema, zoneSchema } from "../shipping/threshold-form";
import { LOCALES, MESSAGE_KINDS } from "../shipping/messages";
import { syncStatus } from "../shipping/sync-status";
import { themeEditorLinks } from "../dashboard/onboarding";
import { formatMoney } from "../lib/money";
import { zoneMinimumInShopCurrency } from "../shipping/thresholds";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const [{ settings, zones, shopCurrency }, currencies, pendingJobs, timeZone] = await Promise.all([
    loadFreeShipping(db, shop),
    paidCurrencies(db, shop),
    db.job.count({ where: { shop, type: SHIPPING_SYNC_JOB, status: { in: ["queued", "running"] } } }),
    shopTimeZone(db, shop),
  ]);
  const rates = await observedRates(
    db,
    shop,
    [...currencies, ...zones.map((zone) => zone.currency)].filter((c) => c !== shopCurrency),
  );
  const sync = (state: SyncState) => syncStatus(state, { pendingJobs, timeZone });
  return {
    shopCurrency,
    settings: {
      enabled: settings.enabled,
      baseAmount: settings.baseAmount,
      excludedCountries: settings.excludedCountries,
      messages: settings.messages,
    },
    baseSync: settings.enabled && settings.baseAmount ? sync(settings) : null,
    zones: zones.map((zone) => ({
      id: zone.id,
      name: zone.name,
      countries: zone.countries,
      currency: zone.currency,
      amount: zone.amount,
      rateToShop: zone.rateToShop,
      amountText: formatMoney(zone.amount, zone.currency),
      checkoutText: formatMoney(zoneMinimumInShopCurrency(zone, shopCurrency) ?? "0", shopCurrency),
      sync: settings.enabled ? sync(zone) : null,
    })),
    rates,
    // The app embed's Position, Show on and Colors settings live in the theme editor.
    editorUrl: themeEditorLinks(shop, process.env.SHOPIFY_API_KEY || "").enableEmbed,
  };
};

/** The answer to a zone's Delete, for the toast. */
type DeleteResult = { ok: boolean; message: string };

const Intent = z.discriminatedUnion("intent", [
  z.object({ intent: z.enum(["settings", "createZone"]) }),
  z.object({ intent: z.enum(["updateZone", "deleteZone"]), id: z.string().min(1) }),
]);

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, admin } = await requireAdmin(request);
  const formData = await request.formData();
  const form = Object.fromEntries(formData);
  const parsed = Intent.safeParse(form);
  if (!parsed.success) return data({ ok: false, message: "Unknown action." } satisfies DeleteResult, { status: 400 });
  const input = parsed.data;
  if (input.intent === "settings") {
    const submission = parseWithZod(formData, { schema: settingsSchema(await loadShopCurrency(db, shop)), disableAutoCoercion: true });
    if (submission.status !== "success") return data(submission.reply(), { status: 400 });
    const result = await saveFreeShippingSettings(db, shop, form);
    if (!result.ok) return data(submission.reply({ fieldErrors: replyFieldErrors(result.errors) }), { status: 400 });
    return submission.reply();
  }
  if (input.intent === "deleteZone") {
    const deleted = await deleteZone(db, shop, input.id);
    return data({ ok: deleted, message: deleted ? "Zone deleted" : "This zone no longer exists." } satisfies DeleteResult, {
      status: deleted ? 200 : 404,
    });
  }
  const shipsTo = await shipsToCountries(admin);
  const submission = parseWithZod(formData, { schema: zoneSchema(shipsTo), disableAutoCoercion: true });
  if (submission.status !== "success") return data(submission.reply() satisfies FetcherFormResult, { status: 400 });
  const result =
    input.intent === "updateZone"
      ? await updateZone(db, shop, input.id, submission.value, shipsTo)
      : await createZone(db, shop, submission.value, shipsTo);
  if (!result.ok) return data(submission.reply(refusalReply(result)) satisfies FetcherFormResult, { status: result.notFound ? 404 : 400 });
  return {
    ...submission.reply(),
    message: `${result.zone.name} ${input.intent === "updateZone" ? "saved" : "added"}`,
  } satisfies FetcherFormResult;
};

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type Zone = LoaderData["zones"][number];

/** The programme as the form posts it: the bar's messages one field per language and kind. */
function toForm(settings: LoaderData["settings"]) {
  const messages = LOCALES.flatMap((locale) => MESSAGE_KINDS.map((kind) => [`message_${locale}_${kind}`, settings.messages[locale][kind]]));
  return formStrings({
    enabled: settings.enabled,
    baseAmount: settings.baseAmount,
    excludedCountries: settings.excludedCountries.join(", "),
    ...Object.fromEntries(messages),
  });
}

export default function FreeShippingPage() {
  const { shopCurrency, settings, baseSync, zones, rates, editorUrl } = useLoaderData<typeof loader>();
  const adminToast = useAdminToast();
  const { show, toast } = adminToast;
  // The page's own form posts only the settings; zone saves and deletes answer their fetchers.
  const settingsReply = useActionData<typeof action>();
  const { form, fields, value, showServerErrors, saveBar } = useSettingsForm({
    id: "free-shipping",
    schema: settingsSchema(shopCurrency),
    defaultValue: toForm(settings),
    lastResult: settingsReply && !("ok" in settingsReply) ? settingsReply : undefined,
    savedMessage: () => "Free-shipping settings saved",
    adminToast,
  });
  const zoneModal = useZoneModal({ shopCurrency, rates, show });
  const zoneRemoval = useConfirmedAction<Zone>(show);
  const deleting = zoneRemoval.pending;

  const markets = (
    <ZonesSection zones={zones} onAdd={() => zoneModal.open(null)} onEdit={(zone) => zoneModal.open(zone)} onDelete={zoneRemoval.ask} />
  );

  return (
    <Page
      title="Free shipping"
      subtitle="Thresholds per market and currency, applied at checkout and shown to shoppers as a progress bar."
      primaryAction={{ content: "Add zone", onAction: () => zoneModal.open(null) }}
    >
      <SettingsSaveBar id="free-shipping-save-bar" {...saveBar} />
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="settings" />
        <BlockStack gap="400">
          {showServerErrors ? <Banner tone="critical">Check the highlighted settings and save again.</Banner> : null}
          <FreeShippingSections
            fields={fields}
            value={value}
            shopCurrency={shopCurrency}
            baseSync={baseSync}
            zones={zones}
            markets={markets}
            editorUrl={editorUrl}
          />
        </BlockStack>
      </Form>
      {zoneModal.modal}
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
