import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Card, Checkbox, ChoiceList, InlineGrid, Layout, Page, Select, Text, TextField } from "@shopify/polaris";
import db from "../db.server";
import { shopTimeZone } from "../lib/shop-profile.server";
import { requireAdmin } from "../shopify.server";
import { fieldErrors, type FieldErrors } from "../forms";
import { EmailSettingsInput, loadEmailSettings, saveEmailSettings, type EmailSettingsValues } from "../emails/email-settings.server";
import { SettingsSaveBar } from "../components/SettingsSaveBar";
import { useSettingsForm, wholeNumber } from "../components/useSettingsForm";
import { hourLabel, reminderTiming, reviewRequestTiming, thankYouTiming } from "../emails/timing-summary";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const [settings, timeZone] = await Promise.all([loadEmailSettings(db, shop), shopTimeZone(db, shop)]);
  return { settings, timeZone };
};

type ActionResult = { ok: true; settings: EmailSettingsValues } | { ok: false; errors: FieldErrors<EmailSettingsInput> };

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const parsed = EmailSettingsInput.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return Response.json({ ok: false, errors: fieldErrors(parsed.error) } satisfies ActionResult, { status: 400 });
  return { ok: true, settings: await saveEmailSettings(db, shop, parsed.data) } satisfies ActionResult;
};

/** What the form edits: numbers as typed, and the send window as a switch plus two hours. */
interface FormValues {
  thankYouEnabled: boolean;
  thankYouDelayMinutes: string;
  thankYouSurvey: boolean;
  reviewRequestEnabled: boolean;
  reviewRequestTrigger: EmailSettingsValues["reviewRequestTrigger"];
  reviewRequestDelayDays: string;
  reviewRequestFallbackDays: string;
  reviewReminders: string;
  reviewReminderIntervalDays: string;
  sendWindow: boolean;
  sendWindowStartHour: string;
  sendWindowEndHour: string;
  marketingConsentOnly: boolean;
}

function toForm(settings: EmailSettingsValues): FormValues {
  const windowOn = settings.sendWindowStartHour !== null && settings.sendWindowEndHour !== null;
  return {
    thankYouEnabled: settings.thankYouEnabled,
    thankYouDelayMinutes: String(settings.thankYouDelayMinutes),
    thankYouSurvey: settings.thankYouSurvey,
    reviewRequestEnabled: settings.reviewRequestEnabled,
    reviewRequestTrigger: settings.reviewRequestTrigger,
    reviewRequestDelayDays: String(settings.reviewRequestDelayDays),
    reviewRequestFallbackDays: String(settings.reviewRequestFallbackDays),
    reviewReminders: String(settings.reviewReminders),
    reviewReminderIntervalDays: String(settings.reviewReminderIntervalDays),
    sendWindow: windowOn,
    // Switching the window on starts from office hours.
    sendWindowStartHour: String(settings.sendWindowStartHour ?? 9),
    sendWindowEndHour: String(settings.sendWindowEndHour ?? 18),
    marketingConsentOnly: settings.marketingConsentOnly,
  };
}

/** The form as posted: the fields of EmailSettingsInput. */
function toPayload(values: FormValues): Record<keyof EmailSettingsInput, string> {
  return {
    thankYouEnabled: String(values.thankYouEnabled),
    thankYouDelayMinutes: values.thankYouDelayMinutes.trim(),
    thankYouSurvey: String(values.thankYouSurvey),
    reviewRequestEnabled: String(values.reviewRequestEnabled),
    reviewRequestTrigger: values.reviewRequestTrigger,
    reviewRequestDelayDays: values.reviewRequestDelayDays.trim(),
    reviewRequestFallbackDays: values.reviewRequestFallbackDays.trim(),
    reviewReminders: values.reviewReminders,
    reviewReminderIntervalDays: values.reviewReminderIntervalDays.trim(),
    sendWindowStartHour: values.sendWindow ? values.sendWindowStartHour : "",
    sendWindowEndHour: values.sendWindow ? values.sendWindowEndHour : "",
    marketingConsentOnly: String(values.marketingConsentOnly),
  };
}

const NUMBER_FIELDS = ["thankYouDelayMinutes", "reviewRequestDelayDays", "reviewRequestFallbackDays", "reviewReminderIntervalDays"] as const;


const START_HOURS = Array.from({ length: 24 }, (_, hour) => ({ label: hourLabel(hour), value: String(hour) }));
const END_HOURS = Array.from({ length: 24 }, (_, n) => n + 1).map((hour) => ({ label: hour === 24 ? "24:00 (midnight)" : hourLabel(hour), value: String(hour) }));
const REMINDER_OPTIONS = [
  { label: "No reminders", value: "0" },
  { label: "1 reminder", value: "1" },
  { label: "2 reminders", value: "2" },
];

export default function EmailSettingsPage() {
  const { settings, timeZone } = useLoaderData<typeof loader>();
  const result = useActionData<ActionResult>();
  const { values, set, showServerErrors, serverErrors, error, saveBar, onSubmit, toast } = useSettingsForm({
    settings,
    result,
    toForm,
    toPayload,
    wholeNumberFields: NUMBER_FIELDS,
    savedMessage: () => "Email settings saved",
  });

  const delayMinutes = wholeNumber(values.thankYouDelayMinutes);
  const delayDays = wholeNumber(values.reviewRequestDelayDays);
  const fallbackDays = wholeNumber(values.reviewRequestFallbackDays);
  const intervalDays = wholeNumber(values.reviewReminderIntervalDays);
  const reminders = Number(values.reviewReminders);
  const byDelivery = values.reviewRequestTrigger === "delivery";

  return (
    <Page title="Email settings" backAction={{ content: "Emails", url: "/app/emails" }}>
      <SettingsSaveBar id="email-settings-save-bar" {...saveBar} />
      <form method="post" onSubmit={onSubmit}>
        <BlockStack gap="400">
          {showServerErrors ? <Banner tone="critical">Check the highlighted settings and save again.</Banner> : null}
          <Layout>
            <Layout.AnnotatedSection
              title="Thank-you email"
              description="A short thank-you after the customer pays, with a different text for first orders and returning customers."
            >
              <Card>
                <BlockStack gap="400">
                  <Checkbox
                    label="Send a thank-you email"
                    checked={values.thankYouEnabled}
                    onChange={set("thankYouEnabled")}
                    error={serverErrors.thankYouEnabled}
                    helpText={values.thankYouEnabled && delayMinutes !== null ? thankYouTiming({ thankYouDelayMinutes: delayMinutes }) : undefined}
                  />
                  <TextField
                    label="Minutes after payment"
                    type="number"
                    min={0}
                    max={7 * 24 * 60}
                    value={values.thankYouDelayMinutes}
                    onChange={set("thankYouDelayMinutes")}
                    disabled={!values.thankYouEnabled}
                    error={error("thankYouDelayMinutes")}
                    helpText="0 sends it right away; 60 is an hour, 1440 a day, and 10080 (7 days) the most."
                    autoComplete="off"
                  />
                  <Checkbox
                    label="Ask “How was your experience?” (1–5) in the email"
                    checked={values.thankYouSurvey}
                    onChange={set("thankYouSurvey")}
                    disabled={!values.thankYouEnabled}
                    error={serverErrors.thankYouSurvey}
                    helpText="Customers answer with one click. Scores of 1 or 2 become follow-up tasks for you."
                  />
                </BlockStack>
              </Card>
            </Layout.AnnotatedSection>

            <Layout.AnnotatedSection
              title="Review request"
              description="Asks the customer to review the products of their order, once they have had time to use them. Products already reviewed or refunded are left out."
            >
              <Card>
                <BlockStack gap="400">
                  <Checkbox
                    label="Send review requests"
                    checked={values.reviewRequestEnabled}
                    onChange={set("reviewRequestEnabled")}
                    error={serverErrors.reviewRequestEnabled}
                    helpText={
                      values.reviewRequestEnabled && delayDays !== null && fallbackDays !== null && intervalDays !== null
                        ? reviewRequestTiming({
                            reviewRequestTrigger: values.reviewRequestTrigger,
                            reviewRequestDelayDays: delayDays,
                            reviewRequestFallbackDays: fallbackDays,
                            reviewReminders: reminders,
                            reviewReminderIntervalDays: intervalDays,
                          })
                        : undefined
                    }
                  />
                  <ChoiceList
                    title="Send it after"
                    choices={[
                      {
                        label: "Delivery",
                        value: "delivery",
                        helpText: "Recommended. When the carrier never reports delivery, the email goes a set time after fulfilment instead.",
                      },
                      { label: "Fulfilment", value: "fulfillment", helpText: "For stores whose carriers do not report deliveries." },
                    ]}
                    selected={[values.reviewRequestTrigger]}
                    onChange={([value]) => set("reviewRequestTrigger")(value === "fulfillment" ? "fulfillment" : "delivery")}
                    disabled={!values.reviewRequestEnabled}
                    error={serverErrors.reviewRequestTrigger}
                  />
                  <InlineGrid columns={{ xs: 1, sm: 2 }} gap="400">
                    <TextField
                      label={byDelivery ? "Days after delivery" : "Days after fulfilment"}
                      type="number"
                      min={0}
                      max={90}
                      value={values.reviewRequestDelayDays}
                      onChange={set("reviewRequestDelayDays")}
                      disabled={!values.reviewRequestEnabled}
                      error={error("reviewRequestDelayDays")}
                      helpText="0 to 90 days"
                      autoComplete="off"
                    />
                    {byDelivery ? (
                      <TextField
                        label="Days after fulfilment, if no delivery is reported"
                        type="number"
                        min={0}
                        max={90}
                        value={values.reviewRequestFallbackDays}
                        onChange={set("reviewRequestFallbackDays")}
                        disabled={!values.reviewRequestEnabled}
                        error={error("reviewRequestFallbackDays")}
                        helpText="0 to 90 days"
                        autoComplete="off"
                      />
                    ) : null}
                  </InlineGrid>
                  <InlineGrid columns={{ xs: 1, sm: 2 }} gap="400">
                    <Select
                      label="Reminders"
                      options={REMINDER_OPTIONS}
                      value={values.reviewReminders}
                      onChange={set("reviewReminders")}
                      disabled={!values.reviewRequestEnabled}
                      error={serverErrors.reviewReminders}
                      helpText="Only customers who have not reviewed yet get them."
                    />
                    <TextField
                      label="Days between reminders"
                      type="number"
                      min={1}
                      max={30}
                      value={values.reviewReminderIntervalDays}
                      onChange={set("reviewReminderIntervalDays")}
                      disabled={!values.reviewRequestEnabled || reminders === 0}
                      error={error("reviewReminderIntervalDays")}
                      helpText={intervalDays !== null && reminders > 0 ? reminderTiming({ reviewReminders: reminders, reviewReminderIntervalDays: intervalDays }) : "1 to 30 days"}
                      autoComplete="off"
                    />
                  </InlineGrid>
                </BlockStack>
              </Card>
            </Layout.AnnotatedSection>

            <Layout.AnnotatedSection
              title="Send window"
              description="Keep emails to the hours your customers read them. An email due outside the window waits until it next opens."
            >
              <Card>
                <BlockStack gap="400">
                  <Checkbox label="Only send emails between set hours" checked={values.sendWindow} onChange={set("sendWindow")} />
                  <InlineGrid columns={{ xs: 1, sm: 2 }} gap="400">
                    <Select
                      label="From"
                      options={START_HOURS}
                      value={values.sendWindowStartHour}
                      onChange={set("sendWindowStartHour")}
                      disabled={!values.sendWindow}
                      error={serverErrors.sendWindowStartHour}
                    />
                    <Select
                      label="Until"
                      options={END_HOURS}
                      value={values.sendWindowEndHour}
                      onChange={set("sendWindowEndHour")}
                      disabled={!values.sendWindow}
                      error={serverErrors.sendWindowEndHour}
                    />
                  </InlineGrid>
                  <Text as="p" tone="subdued">
                    {`Hours are in your store's time zone: ${timeZone}.`}
                  </Text>
                </BlockStack>
              </Card>
            </Layout.AnnotatedSection>

            <Layout.AnnotatedSection
              title="Who gets emails"
              description="Thank-you emails and review requests are about an order the customer placed. Some stores still prefer to email only customers who opted in."
            >
              <Card>
                <Checkbox
                  label="Only email customers who accept email marketing"
                  checked={values.marketingConsentOnly}
                  onChange={set("marketingConsentOnly")}
                  error={serverErrors.marketingConsentOnly}
                  helpText="Customers who unsubscribed or whose address bounced are never emailed, whatever this says."
                />
              </Card>
            </Layout.AnnotatedSection>
          </Layout>
        </BlockStack>
      </form>
      {toast}
    </Page>
  );
}
