import { FormProvider, getFormProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v3";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Page, Text } from "@shopify/polaris";
import db from "../db.server";
import { requireAdmin } from "../shopify.server";
import { merchantLocale } from "../lib/merchant-locale";
import { formatMoney } from "../lib/money";
import { formStrings, replyFieldErrors } from "../lib/forms";
import { saveProgrammeSettings, type TierRefresh } from "../loyalty/catalogue.server";
import { loadLoyaltySettings } from "../loyalty/loyalty-settings.server";
import { LoyaltySettingsInput } from "../loyalty/loyalty-settings-form";
import { LoyaltySettingsSections } from "../components/loyalty/LoyaltySettingsSections";
import { SettingsSaveBar } from "../components/SettingsSaveBar";
import { useSettingsForm } from "../components/useSettingsForm";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const [settings, shopRow] = await Promise.all([
    loadLoyaltySettings(db, shop),
    db.shop.findUnique({ where: { domain: shop }, select: { currencyCode: true } }),
  ]);
  const currency = shopRow?.currencyCode ?? "USD";
  const locale = merchantLocale(request);
  // The examples' amounts, formatted here so the server and the browser render the same text.
  const money = {
    unit: formatMoney(1, currency, { locale, wholeUnits: true }),
    example: formatMoney("42.99", currency, { locale }),
    thousand: formatMoney(1000, currency, { locale, wholeUnits: true }),
  };
  return { settings, currency, money };
};

/** The save's reply, with how many members changed tier when the tier basis changed. */
type ActionResult = SubmissionResult & { refresh?: TierRefresh | null };

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const submission = parseWithZod(await request.formData(), { schema: LoyaltySettingsInput, disableAutoCoercion: true });
  if (submission.status !== "success") return data(submission.reply() satisfies ActionResult, { status: 400 });
  const result = await saveProgrammeSettings(db, shop, submission.value, new Date());
  if (!result.ok) return data(submission.reply({ fieldErrors: replyFieldErrors(result.errors) }) satisfies ActionResult, { status: 400 });
  return { ...submission.reply(), refresh: result.refresh } satisfies ActionResult;
};

function savedMessage({ refresh }: ActionResult): string {
  if (refresh && !refresh.refreshed)
    return "Loyalty settings saved. Members move to their tier on the new basis when their points next change.";
  if (refresh?.refreshed && refresh.members > 0)
    return `Loyalty settings saved. ${refresh.moved} member${refresh.moved === 1 ? "" : "s"} changed tier.`;
  return "Loyalty settings saved";
}

export default function LoyaltySettingsPage() {
  const { settings, currency, money } = useLoaderData<typeof loader>();
  const { form, showServerErrors, saveBar, toast } = useSettingsForm({
    id: "loyalty-settings",
    schema: LoyaltySettingsInput,
    defaultValue: formStrings(settings),
    lastResult: useActionData<ActionResult>(),
    savedMessage,
  });

  return (
    <Page title="Loyalty settings" backAction={{ content: "Loyalty", url: "/app/loyalty" }}>
      <SettingsSaveBar id="loyalty-settings-save-bar" {...saveBar} />
      <FormProvider context={form.context}>
        <Form method="post" {...getFormProps(form)}>
          <BlockStack gap="400">
            {showServerErrors ? <Banner tone="critical">Check the highlighted settings and save again.</Banner> : null}
            <LoyaltySettingsSections formId={form.id} currency={currency} money={money} savedTierBasis={settings.tierBasis} />
            <Text as="p" tone="subdued" alignment="center">
              Saving also updates your storefront's loyalty blocks, in the background.
            </Text>
          </BlockStack>
        </Form>
      </FormProvider>
      {toast}
    </Page>
  );
}
