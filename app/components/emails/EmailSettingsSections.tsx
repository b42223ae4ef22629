import type { FieldMetadata } from "@conform-to/react";
import { BlockStack, Card, InlineGrid, Layout, Text } from "@shopify/polaris";
import type { FormStrings } from "../useSettingsForm";
import { FormCheckbox, FormChoiceList, FormSelect, FormTextField } from "../forms/PolarisFields";
import { hourLabel, reminderTiming, reviewRequestTiming, thankYouTiming } from "../../emails/timing-summary";

/** A whole number as typed, or null while the field does not hold one (no timing text then). */
const wholeNumber = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text) : null);

const START_HOURS = Array.from({ length: 24 }, (_, hour) => ({ label: hourLabel(hour), value: String(hour) }));
const END_HOURS = Array.from({ length: 24 }, (_, n) => n + 1).map((hour) => ({
  label: hour === 24 ? "24:00 (midnight)" : hourLabel(hour),
  value: String(hour),
}));
const REMINDER_OPTIONS = [
  { label: "No reminders", value: "0" },
  { label: "1 reminder", value: "1" },
  { label: "2 reminders", value: "2" },
];

/** The email settings page's sections, with timing texts that follow the values as typed. */
export function EmailSettingsSections({
  fields,
  value,
  timeZone,
}: {
  fields: Record<string, FieldMetadata<string, FormStrings>>;
  value(name: string): string;
  timeZone: string;
}) {
  const thankYouEnabled = value("thankYouEnabled") !== "";
  const reviewRequestEnabled = value("reviewRequestEnabled") !== "";
  const sendWindow = value("sendWindow") !== "";
  const trigger = value("reviewRequestTrigger");
  const delayMinutes = wholeNumber(value("thankYouDelayMinutes"));
  const delayDays = wholeNumber(value("reviewRequestDelayDays"));
  const fallbackDays = wholeNumber(value("reviewRequestFallbackDays"));
  const intervalDays = wholeNumber(value("reviewReminderIntervalDays"));
  const reminders = Number(value("reviewReminders"));
  const byDelivery = trigger === "delivery";

  return (
    <Layout>
      <Layout.AnnotatedSection
        title="Thank-you email"
        description="A short thank-you after the customer pays, with a different text for first orders and returning customers."
      >
        <Card>
          <BlockStack gap="400">
            <FormCheckbox
              label="Send a thank-you email"
              field={fields.thankYouEnabled}
              helpText={thankYouEnabled && delayMinutes !== null ? thankYouTiming({ thankYouDelayMinutes: delayMinutes }) : undefined}
            />
            <FormTextField
              label="Minutes after payment"
              type="number"
              min={0}
              max={7 * 24 * 60}
              field={fields.thankYouDelayMinutes}
              disabled={!thankYouEnabled}
              helpText="0 sends it right away; 60 is an hour, 1440 a day, and 10080 (7 days) the most."
              autoComplete="off"
            />
            <FormCheckbox
              label="Ask “How was your experience?” (1–5) in the email"
              field={fields.thankYouSurvey}
              disabled={!thankYouEnabled}
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
            <FormCheckbox
              label="Send review requests"
              field={fields.reviewRequestEnabled}
              helpText={
                reviewRequestEnabled && delayDays !== null && fallbackDays !== null && intervalDays !== null
                  ? reviewRequestTiming({
                      reviewRequestTrigger: byDelivery ? "delivery" : "fulfillment",
                      reviewRequestDelayDays: delayDays,
                      reviewRequestFallbackDays: fallbackDays,
                      reviewReminders: reminders,
                      reviewReminderIntervalDays: intervalDays,
                    })
                  : undefined
              }
            />
            <FormChoiceList
              title="Send it after"
              choices={[
                {
                  label: "Delivery",
                  value: "delivery",
                  helpText: "Recommended. When the carrier never reports delivery, the email goes a set time after fulfilment instead.",
                },
                { label: "Fulfilment", value: "fulfillment", helpText: "For stores whose carriers do not report deliveries." },
              ]}
              field={fields.reviewRequestTrigger}
              disabled={!reviewRequestEnabled}
            />
            <InlineGrid columns={{ xs: 1, sm: 2 }} gap="400">
              <FormTextField
                label={byDelivery ? "Days after delivery" : "Days after fulfilment"}
                type="number"
                min={0}
                max={90}
                field={fields.reviewRequestDelayDays}
                disabled={!reviewRequestEnabled}
                helpText="0 to 90 days"
                autoComplete="off"
              />
              {byDelivery ? (
                <FormTextField
                  label="Days after fulfilment, if no delivery is reported"
                  type="number"
                  min={0}
                  max={90}
                  field={fields.reviewRequestFallbackDays}
                  disabled={!reviewRequestEnabled}
                  helpText="0 to 90 days"
                  autoComplete="off"
                />
              ) : null}
            </InlineGrid>
            <InlineGrid columns={{ xs: 1, sm: 2 }} gap="400">
              <FormSelect
                label="Reminders"
                options={REMINDER_OPTIONS}
                field={fields.reviewReminders}
                disabled={!reviewRequestEnabled}
                helpText="Only customers who have not reviewed yet get them."
              />
              <FormTextField
                label="Days between reminders"
                type="number"
                min={1}
                max={30}
                field={fields.reviewReminderIntervalDays}
                disabled={!reviewRequestEnabled || reminders === 0}
                helpText={
                  intervalDays !== null && reminders > 0
                    ? reminderTiming({ reviewReminders: reminders, reviewReminderIntervalDays: intervalDays })
                    : "1 to 30 days"
                }
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
            <FormCheckbox field={fields.sendWindow} label="Only send emails between set hours" />
            <InlineGrid columns={{ xs: 1, sm: 2 }} gap="400">
              <FormSelect label="From" options={START_HOURS} field={fields.sendWindowStartHour} disabled={!sendWindow} />
              <FormSelect label="Until" options={END_HOURS} field={fields.sendWindowEndHour} disabled={!sendWindow} />
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
          <FormCheckbox
            label="Only email customers who accept email marketing"
            field={fields.marketingConsentOnly}
            helpText="Customers who unsubscribed or whose address bounced are never emailed, whatever this says."
          />
        </Card>
      </Layout.AnnotatedSection>

      <Layout.AnnotatedSection
        title="Open and click tracking"
        description="See on the Emails page how many customers open each email and click its links."
      >
        <Card>
          <BlockStack gap="300">
            <FormCheckbox
              label="Track opens and clicks"
              field={fields.trackingEnabled}
              helpText="Adds an invisible image to each email and sends its links through this app, which records the click and forwards the customer. Turned off, emails have no image and plain links. The unsubscribe link is never tracked."
            />
            <Text as="p" tone="subdued">
              Open rates read high: Apple Mail Privacy Protection loads every image when the email arrives, so an email to an Apple Mail
              user counts as opened whether or not they read it. Clicks are the surer measure.
            </Text>
          </BlockStack>
        </Card>
      </Layout.AnnotatedSection>
    </Layout>
  );
}
