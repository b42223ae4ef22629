import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Card, Checkbox, ChoiceList, InlineGrid, Layout, Link, Page, Text, TextField } from "@shopify/polaris";
import db from "../db.server";
import { requireAdmin } from "../shopify.server";
import type { FieldErrors } from "../forms";
import { saveProgrammeSettings, type TierRefresh } from "../loyalty/catalogue.server";
import { loadLoyaltySettings, type LoyaltySettingsInput, type LoyaltySettingsValues } from "../loyalty/loyalty-settings.server";
import { SettingsSaveBar } from "../components/SettingsSaveBar";
import { useSettingsForm, wholeNumber } from "../components/useSettingsForm";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const [settings, shopRow] = await Promise.all([loadLoyaltySettings(db, shop), db.shop.findUnique({ where: { domain: shop }, select: { currencyCode: true } })]);
  return { settings, currency: shopRow?.currencyCode ?? "USD" };
};

type ActionResult = { ok: true; settings: LoyaltySettingsValues; refresh: TierRefresh | null } | { ok: false; errors: FieldErrors<LoyaltySettingsInput> };

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const result = await saveProgrammeSettings(db, shop, Object.fromEntries(await request.formData()), new Date());
  if (!result.ok) return Response.json({ ok: false, errors: result.errors } satisfies ActionResult, { status: 400 });
  return { ok: true, settings: result.settings, refresh: result.refresh } satisfies ActionResult;
};

const NUMBER_FIELDS = [
  "pointsPerUnit",
  "pendingDays",
  "signupPoints",
  "reviewPoints",
  "reviewPhotoBonus",
  "birthdayPoints",
  "referrerPoints",
  "referralDiscountPercent",
  "expiryMonths",
  "expiryWarningDays",
] as const;
const BOOLEAN_FIELDS = ["enabled", "excludeShipping", "excludeTax", "excludeDiscounts", "allowNegativeBalance"] as const;

type NumberField = (typeof NUMBER_FIELDS)[number];
type BooleanField = (typeof BOOLEAN_FIELDS)[number];
/** What the form edits: numbers as typed. */
type FormValues = Record<NumberField, string> & Record<BooleanField, boolean> & { tierBasis: string };

function toForm(settings: LoyaltySettingsValues): FormValues {
  const values = { tierBasis: settings.tierBasis } as FormValues;
  for (const field of NUMBER_FIELDS) values[field] = String(settings[field]);
  for (const field of BOOLEAN_FIELDS) values[field] = settings[field];
  return values;
}

/** The form as posted: the fields of LoyaltySettingsInput. */
function toPayload(values: FormValues): Record<keyof LoyaltySettingsInput, string> {
  const payload = { tierBasis: values.tierBasis } as Record<keyof LoyaltySettingsInput, string>;
  for (const field of NUMBER_FIELDS) payload[field] = values[field].trim();
  for (const field of BOOLEAN_FIELDS) payload[field] = String(values[field]);
  return payload;
}


export default function LoyaltySettingsPage() {
  const { settings, currency } = useLoaderData<typeof loader>();
  const result = useActionData<ActionResult>();
  const { values, saved, set, showServerErrors, serverErrors, error, saveBar, onSubmit, toast } = useSettingsForm({
    settings,
    result,
    toForm,
    toPayload,
    wholeNumberFields: NUMBER_FIELDS,
    savedMessage: ({ refresh }) => {
      if (refresh && !refresh.refreshed) return "Loyalty settings saved. Members move to their tier on the new basis when their points next change.";
      if (refresh?.refreshed && refresh.members > 0) return `Loyalty settings saved. ${refresh.moved} member${refresh.moved === 1 ? "" : "s"} changed tier.`;
      return "Loyalty settings saved";
    },
  });

  const numberField = (field: NumberField, label: string, helpText?: string, extra: { suffix?: string; max?: number; min?: number } = {}) => (
    <TextField
      label={label}
      type="number"
      min={extra.min ?? 0}
      max={extra.max}
      suffix={extra.suffix}
      value={values[field]}
      onChange={set(field)}
      error={error(field)}
      helpText={helpText}
      autoComplete="off"
    />
  );

  const perUnit = wholeNumber(values.pointsPerUnit);
  const expiryMonths = wholeNumber(values.expiryMonths);
  const pendingDays = wholeNumber(values.pendingDays);

  return (
    <Page title="Loyalty settings" backAction={{ content: "Loyalty", url: "/app/loyalty" }}>
      <SettingsSaveBar id="loyalty-settings-save-bar" {...saveBar} />
      <form method="post" onSubmit={onSubmit}>
        <BlockStack gap="400">
          {showServerErrors ? <Banner tone="critical">Check the highlighted settings and save again.</Banner> : null}
          <Layout>
            <Layout.AnnotatedSection
              title="Programme"
              description="Customers earn points on paid orders and for actions, and redeem them for discount codes in your store."
            >
              <Card>
                <Checkbox
                  label="The loyalty programme is on"
                  checked={values.enabled}
                  onChange={set("enabled")}
                  error={serverErrors.enabled}
                  helpText="When it is off, new orders and actions earn no points and customers cannot redeem. Points already earned are kept and still follow refunds."
                />
              </Card>
            </Layout.AnnotatedSection>

            <Layout.AnnotatedSection title="Earning on orders" description={`Points are counted on the order's amount in your store's currency (${currency}), rounded down.`}>
              <Card>
                <BlockStack gap="400">
                  {numberField(
                    "pointsPerUnit",
                    `Points per 1 ${currency} spent`,
                    perUnit !== null ? `An order of 42.99 ${currency} earns ${Math.floor(42.99 * perUnit).toLocaleString("en-US")} points (before tier bonuses).` : undefined,
                    { max: 1000 },
                  )}
                  <BlockStack gap="100">
                    <Checkbox label="Leave out shipping" checked={values.excludeShipping} onChange={set("excludeShipping")} error={serverErrors.excludeShipping} />
                    <Checkbox label="Leave out taxes" checked={values.excludeTax} onChange={set("excludeTax")} error={serverErrors.excludeTax} />
                    <Checkbox
                      label="Leave out discounts"
                      checked={values.excludeDiscounts}
                      onChange={set("excludeDiscounts")}
                      error={serverErrors.excludeDiscounts}
                      helpText="Points are earned on what the customer paid after discount codes. When unticked, on prices before discounts."
                    />
                  </BlockStack>
                  {numberField(
                    "pendingDays",
                    "Days before points can be spent",
                    pendingDays === 0
                      ? "Points are spendable as soon as the order is paid."
                      : "Your returns window: order points wait this long, so a returned order takes back points nobody has spent yet. 0 makes them spendable at once.",
                    { max: 365, suffix: "days" },
                  )}
                </BlockStack>
              </Card>
            </Layout.AnnotatedSection>

            <Layout.AnnotatedSection title="Points for actions" description="Extra points for things customers do besides ordering. 0 turns an action off.">
              <Card>
                <BlockStack gap="400">
                  <InlineGrid columns={{ xs: 1, sm: 2 }} gap="400">
                    {numberField("signupPoints", "Creating an account", undefined, { suffix: "points" })}
                    {numberField("birthdayPoints", "Birthday", "Once a year, for customers who gave their birthday.", { suffix: "points" })}
                    {numberField("reviewPoints", "Writing a review", "When the review is published.", { suffix: "points" })}
                    {numberField("reviewPhotoBonus", "Extra for a review with a photo", undefined, { suffix: "points" })}
                    {numberField("referrerPoints", "Referring a friend", "For the customer whose referral link the friend used.", { suffix: "points" })}
                    {numberField("referralDiscountPercent", "The friend's discount", "Off the friend's first order.", { suffix: "%", max: 100 })}
                  </InlineGrid>
                </BlockStack>
              </Card>
            </Layout.AnnotatedSection>

            <Layout.AnnotatedSection
              title="VIP tiers"
              description="Members move up a tier, and earn more points per order, as they reach its threshold over a rolling 12 months."
            >
              <Card>
                <BlockStack gap="300">
                  <ChoiceList
                    title="Tiers are reached by"
                    choices={[
                      { label: "Points earned", value: "points", helpText: "Points from orders and actions in the last 12 months, less points taken back for refunds." },
                      { label: "Amount spent", value: "spend", helpText: `Paid orders in the last 12 months less refunds, in whole ${currency}.` },
                    ]}
                    selected={[values.tierBasis]}
                    onChange={([value]) => set("tierBasis")(value ?? "points")}
                    error={serverErrors.tierBasis}
                  />
                  {values.tierBasis !== saved.tierBasis ? (
                    <Banner tone="warning">
                      <p>
                        Tier thresholds keep their numbers: a threshold of 1,000 will mean {values.tierBasis === "spend" ? `1,000 ${currency} spent` : "1,000 points"}.
                        Check them in <Link url="/app/loyalty/tiers">Tiers</Link> after saving. Members are moved to their tier on the new basis.
                      </p>
                    </Banner>
                  ) : null}
                </BlockStack>
              </Card>
            </Layout.AnnotatedSection>

            <Layout.AnnotatedSection title="Expiry" description="Points can expire when a customer has been inactive for a while. Earning or redeeming points counts as activity.">
              <Card>
                <InlineGrid columns={{ xs: 1, sm: 2 }} gap="400">
                  {numberField(
                    "expiryMonths",
                    "Months without activity before points expire",
                    expiryMonths === 0 ? "Points never expire." : "0: points never expire.",
                    { max: 120, suffix: "months" },
                  )}
                  <TextField
                    label="Warn customers before points expire"
                    type="number"
                    min={0}
                    max={365}
                    suffix="days"
                    value={values.expiryWarningDays}
                    onChange={set("expiryWarningDays")}
                    disabled={expiryMonths === 0}
                    error={error("expiryWarningDays")}
                    helpText="How many days before their points expire customers are reminded."
                    autoComplete="off"
                  />
                </InlineGrid>
              </Card>
            </Layout.AnnotatedSection>

            <Layout.AnnotatedSection
              title="Refunds"
              description="A refunded order takes back the points it earned, pending points first. The question is what happens when the customer already spent them."
            >
              <Card>
                <BlockStack gap="200">
                  <Checkbox
                    label="Let refunds take the balance below zero"
                    checked={values.allowNegativeBalance}
                    onChange={set("allowNegativeBalance")}
                    error={serverErrors.allowNegativeBalance}
                    helpText={
                      values.allowNegativeBalance
                        ? "All the order's points are taken back; a customer who spent them owes the difference, and their next points pay it off first. Nobody keeps a reward paid with points from a returned order. Deducting points by hand may also go below zero."
                        : "Only the points the customer still has are taken back; points already spent on a reward are written off and the balance stops at zero. Kinder to customers, but a return can leave a reward paid for with points from the returned order."
                    }
                  />
                </BlockStack>
              </Card>
            </Layout.AnnotatedSection>
          </Layout>
          <Text as="p" tone="subdued" alignment="center">
            Saving also updates your storefront's loyalty blocks, in the background.
          </Text>
        </BlockStack>
      </form>
      {toast}
    </Page>
  );
}
