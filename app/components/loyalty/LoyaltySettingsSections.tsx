import { Banner, BlockStack, Card, InlineGrid, Layout, Link } from "@shopify/polaris";
import { memo } from "react";
import { useSettingsFields } from "../useSettingsForm";
import { FormCheckbox, FormChoiceList, FormTextField } from "../forms/PolarisFields";

/** A whole number as typed, or null while the field does not hold one (no example text then). */
const wholeNumber = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text) : null);

/**
 * The loyalty settings page's sections, with examples that follow the values as typed. Inside the
 * form's FormProvider; memo: a keystroke or a save re-renders the field concerned and the save bar, not every section.
 */
export const LoyaltySettingsSections = memo(function LoyaltySettingsSections({
  formId,
  currency,
  money,
  savedTierBasis,
}: {
  formId: string;
  currency: string;
  /** Amounts for the examples in the shop's currency and the merchant's locale: 1, 42.99 and 1,000. */
  money: { unit: string; example: string; thousand: string };
  /** The tier basis as saved: changing it warns about the tiers' thresholds. */
  savedTierBasis: string;
}) {
  const { fields, value } = useSettingsFields(formId);
  const numberField = (field: string, label: string, helpText?: string, extra: { suffix?: string; max?: number; min?: number } = {}) => (
    <FormTextField
      field={fields[field]!}
      label={label}
      type="number"
      min={extra.min ?? 0}
      max={extra.max}
      suffix={extra.suffix}
      helpText={helpText}
      autoComplete="off"
    />
  );
  const perUnit = wholeNumber(value("pointsPerUnit"));
  const expiryMonths = wholeNumber(value("expiryMonths"));
  const pendingDays = wholeNumber(value("pendingDays"));
  const tierBasis = value("tierBasis");
  const allowNegativeBalance = value("allowNegativeBalance") !== "";

  return (
    <Layout>
      <Layout.AnnotatedSection
        title="Programme"
        description="Customers earn points on paid orders and for actions, and redeem them for discount codes in your store."
      >
        <Card>
          <FormCheckbox
            field={fields.enabled}
            label="The loyalty programme is on"
            helpText="When it is off, new orders and actions earn no points and customers cannot redeem. Points already earned are kept and still follow refunds."
          />
        </Card>
      </Layout.AnnotatedSection>

      <Layout.AnnotatedSection
        title="Earning on orders"
        description={`Points are counted on the order's amount in your store's currency (${currency}), rounded down.`}
      >
        <Card>
          <BlockStack gap="400">
            {numberField(
              "pointsPerUnit",
              `Points per ${money.unit} spent`,
              perUnit !== null
                ? `An order of ${money.example} earns ${Math.floor(42.99 * perUnit).toLocaleString("en-US")} points (before tier bonuses).`
                : undefined,
              { max: 1000 },
            )}
            <BlockStack gap="100">
              <FormCheckbox field={fields.excludeShipping} label="Leave out shipping" />
              <FormCheckbox field={fields.excludeTax} label="Leave out taxes" />
              <FormCheckbox
                field={fields.excludeDiscounts}
                label="Leave out discounts"
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

      <Layout.AnnotatedSection
        title="Points for actions"
        description="Extra points for things customers do besides ordering. 0 turns an action off."
      >
        <Card>
          <BlockStack gap="400">
            <InlineGrid columns={{ xs: 1, sm: 2 }} gap="400">
              {numberField("signupPoints", "Creating an account", undefined, { suffix: "points" })}
              {numberField("birthdayPoints", "Birthday", "Once a year, for customers who gave their birthday.", { suffix: "points" })}
              {numberField("reviewPoints", "Writing a review", "When the review is published.", { suffix: "points" })}
              {numberField("reviewPhotoBonus", "Extra for a review with a photo", undefined, { suffix: "points" })}
              {numberField("referrerPoints", "Referring a friend", "For the customer whose referral link the friend used.", {
                suffix: "points",
              })}
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
            <FormChoiceList
              field={fields.tierBasis}
              title="Tiers are reached by"
              choices={[
                {
                  label: "Points earned",
                  value: "points",
                  helpText: "Points from orders and actions in the last 12 months, less points taken back for refunds.",
                },
                {
                  label: "Amount spent",
                  value: "spend",
                  helpText: `Paid orders in the last 12 months less refunds, in whole ${currency}.`,
                },
              ]}
            />
            {tierBasis !== savedTierBasis ? (
              <Banner tone="warning">
                <p>
                  Tier thresholds keep their numbers: a threshold of 1,000 will mean{" "}
                  {tierBasis === "spend" ? `${money.thousand} spent` : "1,000 points"}. Check them in{" "}
                  <Link url="/app/loyalty/tiers">Tiers</Link> after saving. Members are moved to their tier on the new basis.
                </p>
              </Banner>
            ) : null}
          </BlockStack>
        </Card>
      </Layout.AnnotatedSection>

      <Layout.AnnotatedSection
        title="Expiry and reminders"
        description="Points can expire when a customer has been inactive for a while. Earning or redeeming points counts as activity. Emails follow your email settings (consent, unsubscribes, send window)."
      >
        <Card>
          <BlockStack gap="400">
            <InlineGrid columns={{ xs: 1, sm: 2 }} gap="400">
              {numberField(
                "expiryMonths",
                "Months without activity before points expire",
                expiryMonths === 0 ? "Points never expire." : "0: points never expire.",
                { max: 120, suffix: "months" },
              )}
              <FormTextField
                field={fields.expiryWarningDays}
                label="Warn customers before points expire"
                type="number"
                min={0}
                max={365}
                suffix="days"
                disabled={expiryMonths === 0}
                helpText="How many days before their points expire customers are reminded."
                autoComplete="off"
              />
            </InlineGrid>
            <FormCheckbox
              field={fields.pointsAvailableEmail}
              label="Email customers when their points can be spent"
              helpText="Sent when an order's points leave the returns window and join the spendable balance (the “Points available” template on the Emails page)."
            />
          </BlockStack>
        </Card>
      </Layout.AnnotatedSection>

      <Layout.AnnotatedSection
        title="Refunds"
        description="A refunded order takes back the points it earned, pending points first. The question is what happens when the customer already spent them."
      >
        <Card>
          <BlockStack gap="200">
            <FormCheckbox
              field={fields.allowNegativeBalance}
              label="Let refunds take the balance below zero"
              helpText={
                allowNegativeBalance
                  ? "All the order's points are taken back; a customer who spent them owes the difference, and their next points pay it off first. Nobody keeps a reward paid with points from a returned order. Deducting points by hand may also go below zero."
                  : "Only the points the customer still has are taken back; points already spent on a reward are written off and the balance stops at zero. Kinder to customers, but a return can leave a reward paid for with points from the returned order."
              }
            />
          </BlockStack>
        </Card>
      </Layout.AnnotatedSection>
    </Layout>
  );
});
