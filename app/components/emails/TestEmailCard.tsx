import { getFormProps } from "@conform-to/react";
import { Banner, BlockStack, Button, Card, InlineStack, Text } from "@shopify/polaris";
import { FormTextField } from "../forms/PolarisFields";
import { useAdminToast } from "../useAdminToast";
import { useFetcherForm } from "../useFetcherForm";
import { TestEmailInput } from "../../emails/template-form";
import type { TemplateSource } from "../../emails/default-templates";

/** Sends the draft as it is now, with the sample order, to an address the merchant types. */
export function TestEmailCard({
  draft,
  shopEmail,
  show,
}: {
  draft: TemplateSource;
  shopEmail: string;
  show: ReturnType<typeof useAdminToast>["show"];
}) {
  // The address stays after a send, for the next one.
  const test = useFetcherForm({ id: "test-email", schema: TestEmailInput, defaultValue: { to: shopEmail }, show });
  const { form, fields } = test;
  // The draft's problems and the mail server's refusal have no field in this form.
  const problems = [...(form.errors ?? []), ...(fields.subject.errors ?? []), ...(fields.body.errors ?? [])];
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Send a test
        </Text>
        {problems.length > 0 ? (
          <Banner tone="critical" title="The test email was not sent">
            {problems.join(" ")}
          </Banner>
        ) : null}
        <form method="post" {...getFormProps(form)}>
          <input type="hidden" name="intent" value="test" />
          <input type="hidden" name="subject" value={draft.subject} />
          <input type="hidden" name="body" value={draft.body} />
          <BlockStack gap="300">
            <FormTextField
              field={fields.to}
              label="Send to"
              type="email"
              helpText="The draft as it is now, with the sample order. The subject starts with [Test]."
              autoComplete="email"
            />
            <InlineStack>
              <Button submit loading={test.saving}>
                Send test email
              </Button>
            </InlineStack>
          </BlockStack>
        </form>
      </BlockStack>
    </Card>
  );
}
