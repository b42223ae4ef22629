import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v3";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Card, Layout, Page, Text } from "@shopify/polaris";
import db from "../db.server";
import { requireAdmin } from "../shopify.server";
import { formStrings } from "../lib/forms";
import { loadReviewSettings, saveReviewSettings } from "../reviews/review-settings.server";
import { ReviewSettingsInput } from "../reviews/review-settings-form";
import { FormCheckbox, FormSelect } from "../components/forms/PolarisFields";
import { SettingsSaveBar } from "../components/SettingsSaveBar";
import { useSettingsForm } from "../components/useSettingsForm";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  return { settings: await loadReviewSettings(db, shop) };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { admin, shop } = await requireAdmin(request);
  const submission = parseWithZod(await request.formData(), { schema: ReviewSettingsInput, disableAutoCoercion: true });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const saved = await saveReviewSettings(db, admin, shop, submission.value);
  if (!saved.ok) return data(submission.reply({ fieldErrors: { [saved.field]: [saved.message] } }), { status: 400 });
  return submission.reply();
};

const RATING_OPTIONS = [1, 2, 3, 4, 5].map((rating) => ({
  label: `${"★".repeat(rating)}${"☆".repeat(5 - rating)} ${rating === 5 ? "5 stars only" : `${rating} star${rating === 1 ? "" : "s"} and up`}`,
  value: String(rating),
}));

export default function ReviewSettingsPage() {
  const { settings } = useLoaderData<typeof loader>();
  const { form, fields, value, showServerErrors, saveBar, toast } = useSettingsForm({
    id: "review-settings",
    schema: ReviewSettingsInput,
    defaultValue: formStrings(settings),
    lastResult: useActionData<typeof action>(),
    savedMessage: () => "Review settings saved",
  });
  const autoPublish = value("autoPublish") !== "";

  return (
    <Page title="Review settings" backAction={{ content: "Reviews", url: "/app/reviews" }}>
      <SettingsSaveBar id="review-settings-save-bar" {...saveBar} />
      <Form method="post" {...getFormProps(form)}>
        <BlockStack gap="400">
          {showServerErrors ? <Banner tone="critical">Check the highlighted settings and save again.</Banner> : null}
          <Layout>
            <Layout.AnnotatedSection
              title="Publishing"
              description="Decide which reviews appear on your store without waiting for you. Everything else waits in the moderation list."
            >
              <Card>
                <BlockStack gap="400">
                  <FormCheckbox
                    field={fields.autoPublish}
                    label="Publish reviews automatically"
                    helpText="Off: every review waits for you to publish it."
                  />
                  <FormSelect
                    field={fields.autoPublishMinRating}
                    label="Minimum rating to publish automatically"
                    options={RATING_OPTIONS}
                    disabled={!autoPublish}
                    helpText="Reviews below this rating wait for moderation. Ratings never decide incentives: points and discounts for reviewing are the same for every rating. Low ratings (1–2★) always create a follow-up task."
                  />
                  <FormCheckbox
                    field={fields.autoPublishVerifiedOnly}
                    label="Only verified buyers' reviews are published automatically"
                    disabled={!autoPublish}
                  />
                </BlockStack>
              </Card>
            </Layout.AnnotatedSection>
            <Layout.AnnotatedSection title="Who can review" description="Verified buyers can always review the products they ordered.">
              <Card>
                <BlockStack gap="200">
                  <FormCheckbox
                    field={fields.allowAnonymous}
                    label="Accept reviews from shoppers who are not logged in (always moderated, never verified)"
                  />
                  <Text as="p" tone="subdued">
                    These reviews always wait for you, whatever the publishing rules say.
                  </Text>
                </BlockStack>
              </Card>
            </Layout.AnnotatedSection>
            <Layout.AnnotatedSection
              title="Reviews in Shopify"
              description="Your store's own review blocks work either way. This also gives Shopify a copy of each published review."
            >
              <Card>
                <FormCheckbox
                  field={fields.syndicateToMetaobject}
                  label="Show reviews in Shopify (product review metaobjects)"
                  helpText="Each published review is copied to Shopify's standard product review entries (Content → Metaobjects), which Shopify can show beyond your theme, such as in the Shop app. Unpublished reviews and reviews of customers whose data was erased are removed; turning this off removes them all. Shopify opens this to approved review apps only."
                />
              </Card>
            </Layout.AnnotatedSection>
          </Layout>
        </BlockStack>
      </Form>
      {toast}
    </Page>
  );
}
