import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { Banner, BlockStack, Card, Checkbox, Layout, Page, PageActions, Select, Text } from "@shopify/polaris";
import { useRef, useState } from "react";
import db from "../db.server";
import { requireAdmin } from "../shopify.server";
import { fieldErrors, type FieldErrors } from "../forms";
import { loadReviewSettings, ReviewSettingsInput, saveReviewSettings } from "../reviews/review-settings.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const { autoPublish, autoPublishMinRating, autoPublishVerifiedOnly, allowAnonymous } = await loadReviewSettings(db, shop);
  return { settings: { autoPublish, autoPublishMinRating, autoPublishVerifiedOnly, allowAnonymous } };
};

type ActionResult = { ok: true } | { ok: false; errors: FieldErrors<ReviewSettingsInput> };

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const parsed = ReviewSettingsInput.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return Response.json({ ok: false, errors: fieldErrors(parsed.error) } satisfies ActionResult, { status: 400 });
  await saveReviewSettings(db, shop, parsed.data);
  return { ok: true } satisfies ActionResult;
};

const RATING_OPTIONS = [1, 2, 3, 4, 5].map((rating) => ({
  label: `${"★".repeat(rating)}${"☆".repeat(5 - rating)} ${rating === 5 ? "5 stars only" : `${rating} star${rating === 1 ? "" : "s"} and up`}`,
  value: String(rating),
}));

export default function ReviewSettingsPage() {
  const { settings } = useLoaderData<typeof loader>();
  const result = useActionData<ActionResult>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState(settings);
  const saving = navigation.state === "submitting";
  const dirty = (Object.keys(settings) as (keyof typeof settings)[]).some((key) => values[key] !== settings[key]);
  const errors = result && !result.ok ? result.errors : {};
  const set = <K extends keyof typeof values>(key: K) => (value: (typeof values)[K]) => setValues((current) => ({ ...current, [key]: value }));

  return (
    <Page title="Review settings" backAction={{ content: "Reviews", url: "/app/reviews" }}>
      <Form method="post" ref={formRef}>
        <BlockStack gap="400">
          {result?.ok && !dirty && !saving ? <Banner tone="success">Review settings saved.</Banner> : null}
          {result && !result.ok ? <Banner tone="critical">Check the highlighted settings and save again.</Banner> : null}
          <Layout>
            <Layout.AnnotatedSection
              title="Publishing"
              description="Decide which reviews appear on your store without waiting for you. Everything else waits in the moderation list."
            >
              <Card>
                <BlockStack gap="400">
                  <Checkbox
                    label="Publish reviews automatically"
                    name="autoPublish"
                    checked={values.autoPublish}
                    onChange={set("autoPublish")}
                    error={errors.autoPublish}
                    helpText="Off: every review waits for you to publish it."
                  />
                  <Select
                    label="Minimum rating to publish automatically"
                    name="autoPublishMinRating"
                    options={RATING_OPTIONS}
                    value={String(values.autoPublishMinRating)}
                    onChange={(value) => set("autoPublishMinRating")(Number(value))}
                    disabled={!values.autoPublish}
                    error={errors.autoPublishMinRating}
                    helpText="Reviews below this rating wait for moderation. Ratings never decide incentives: points and discounts for reviewing are the same for every rating. Low ratings (1–2★) always create a follow-up task."
                  />
                  <Checkbox
                    label="Only verified buyers' reviews are published automatically"
                    name="autoPublishVerifiedOnly"
                    checked={values.autoPublishVerifiedOnly}
                    onChange={set("autoPublishVerifiedOnly")}
                    disabled={!values.autoPublish}
                    error={errors.autoPublishVerifiedOnly}
                  />
                  {/* Disabled controls are not posted; keep their values so saving does not reset them. */}
                  {!values.autoPublish ? (
                    <>
                      <input type="hidden" name="autoPublishMinRating" value={String(values.autoPublishMinRating)} />
                      {values.autoPublishVerifiedOnly ? <input type="hidden" name="autoPublishVerifiedOnly" value="true" /> : null}
                    </>
                  ) : null}
                </BlockStack>
              </Card>
            </Layout.AnnotatedSection>
            <Layout.AnnotatedSection title="Who can review" description="Verified buyers can always review the products they ordered.">
              <Card>
                <BlockStack gap="200">
                  <Checkbox
                    label="Accept reviews from shoppers who are not logged in (always moderated, never verified)"
                    name="allowAnonymous"
                    checked={values.allowAnonymous}
                    onChange={set("allowAnonymous")}
                    error={errors.allowAnonymous}
                  />
                  <Text as="p" tone="subdued">
                    These reviews always wait for you, whatever the publishing rules say.
                  </Text>
                </BlockStack>
              </Card>
            </Layout.AnnotatedSection>
          </Layout>
          <PageActions
            primaryAction={{
              content: "Save",
              disabled: !dirty || saving,
              loading: saving,
              onAction: () => {
                if (formRef.current) submit(formRef.current);
              },
            }}
          />
        </BlockStack>
      </Form>
    </Page>
  );
}
