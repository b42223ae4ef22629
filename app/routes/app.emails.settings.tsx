import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v3";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Page } from "@shopify/polaris";
import db from "../db.server";
import { shopTimeZone } from "../lib/shop-profile.server";
import { requireAdmin } from "../shopify.server";
import { formStrings } from "../lib/forms";
import { loadEmailSettings, saveEmailSettings, type EmailSettingsValues } from "../emails/email-settings.server";
import { EmailSettingsInput } from "../emails/email-settings-form";
import { EmailSettingsSections } from "../components/emails/EmailSettingsSections";
import { SettingsSaveBar } from "../components/SettingsSaveBar";
import { useSettingsForm } from "../components/useSettingsForm";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const [settings, timeZone] = await Promise.all([loadEmailSettings(db, shop), shopTimeZone(db, shop)]);
  return { settings, timeZone };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const formData = await request.formData();
  // This form always shows the send-window switch: when it posts nothing for it, as an unticked
  // checkbox does, the window is off and the hours it keeps for switching back on are not saved.
  if (!formData.has("sendWindow")) formData.set("sendWindow", "");
  const submission = parseWithZod(formData, { schema: EmailSettingsInput, disableAutoCoercion: true });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  await saveEmailSettings(db, shop, submission.value);
  return submission.reply();
};

/** The form's defaults: the send window as a switch plus two hours, which start from office hours. */
function toForm(settings: EmailSettingsValues) {
  const windowOn = settings.sendWindowStartHour !== null && settings.sendWindowEndHour !== null;
  return formStrings({
    ...settings,
    sendWindow: windowOn,
    sendWindowStartHour: settings.sendWindowStartHour ?? 9,
    sendWindowEndHour: settings.sendWindowEndHour ?? 18,
  });
}

export default function EmailSettingsPage() {
  const { settings, timeZone } = useLoaderData<typeof loader>();
  const { form, fields, value, showServerErrors, saveBar, toast } = useSettingsForm({
    id: "email-settings",
    schema: EmailSettingsInput,
    defaultValue: toForm(settings),
    lastResult: useActionData<typeof action>(),
    savedMessage: () => "Email settings saved",
  });

  return (
    <Page title="Email settings" backAction={{ content: "Emails", url: "/app/emails" }}>
      <SettingsSaveBar id="email-settings-save-bar" {...saveBar} />
      <Form method="post" {...getFormProps(form)}>
        <BlockStack gap="400">
          {showServerErrors ? <Banner tone="critical">Check the highlighted settings and save again.</Banner> : null}
          <EmailSettingsSections fields={fields} value={value} timeZone={timeZone} />
        </BlockStack>
      </Form>
      {toast}
    </Page>
  );
}
