// The email template editor page (app.emails.templates.$kind.$locale): the subject, then either the
// block editor or the body as raw Liquid, with the live preview and the test send beside them.
// The form posts subject, body and blocks (the design as JSON, "" for raw Liquid); in block mode the
// body is the Liquid made from the blocks, so the preview and the save bar need nothing else.
import { getFormProps, useInputControl, type SubmissionResult } from "@conform-to/react";
import { Form, useActionData } from "@remix-run/react";
import { Badge, Banner, BlockStack, Layout, Page, Text } from "@shopify/polaris";
import { useMemo, useState } from "react";
import { blockProblems, blocksToLiquid, blockVariables, starterBlocks, type BlockTemplate } from "../../emails/blocks";
import type { PreviewResult } from "../../emails/preview.server";
import { TemplateEditorInput } from "../../emails/template-form";
import { LOCALE_NAMES, type EmailLocale, type TemplateKind, type TemplateVariable } from "../../emails/template-kinds";
import type { LoadedTemplate } from "../../emails/templates.server";
import { ConfirmModal } from "../FormModal";
import { SettingsSaveBar } from "../SettingsSaveBar";
import { useAdminToast } from "../useAdminToast";
import { useConfirmedAction } from "../useConfirmedAction";
import { useSettingsForm } from "../useSettingsForm";
import { BlockEditor } from "./BlockEditor";
import { PreviewCard, TemplateSourceCard, VariablesCard } from "./TemplateEditor";
import { TestEmailCard } from "./TestEmailCard";
import { useTemplatePreview } from "./useTemplatePreview";

export interface TemplateEditorData {
  kind: TemplateKind;
  locale: EmailLocale;
  label: string;
  template: LoadedTemplate;
  variables: TemplateVariable[];
  preview: PreviewResult;
  shopEmail: string;
}

/** The design as the form holds it; what the merchant types is kept even while it has problems. */
const readBlocks = (json: string): BlockTemplate | null => {
  try {
    return json ? (JSON.parse(json) as BlockTemplate) : null;
  } catch {
    return null;
  }
};

export function TemplateEditorView({ kind, locale, label, template, variables, preview, shopEmail }: TemplateEditorData) {
  const adminToast = useAdminToast();
  const { show, toast } = adminToast;
  const savedBlocks = template.blocks ? JSON.stringify(template.blocks) : "";
  // After a save or a reset the reloaded template is the saved one: the form starts over from it.
  const { form, fields, value, saveBar } = useSettingsForm({
    id: "email-template",
    schema: TemplateEditorInput,
    defaultValue: { subject: template.subject, body: template.body, blocks: savedBlocks },
    // Only the save posts through the page's form; previews, tests and the reset use fetchers.
    lastResult: useActionData<SubmissionResult>(),
    savedMessage: () => "Template saved",
    adminToast,
  });
  // One control per field: the body is the raw Liquid field's value, or the blocks' Liquid.
  const body = useInputControl(fields.body);
  const blocksField = useInputControl(fields.blocks);
  const blocks = readBlocks(value("blocks"));
  const links = useMemo(() => blockVariables(kind).links, [kind]);
  // The design left for raw Liquid, to go back to; and whether the Liquid was edited since.
  const [leftBlocks, setLeftBlocks] = useState<BlockTemplate | null>(template.blocks);
  const [confirmBack, setConfirmBack] = useState(false);

  const setBlocks = (next: BlockTemplate) => {
    blocksField.change(JSON.stringify(next));
    body.change(blocksToLiquid(kind, next));
  };
  const toRaw = () => {
    setLeftBlocks(blocks);
    blocksField.change("");
  };
  const backToBlocks = () => {
    setConfirmBack(false);
    setBlocks(leftBlocks ?? starterBlocks(kind, locale));
  };
  const handEdited = leftBlocks !== null && value("body") !== blocksToLiquid(kind, leftBlocks);

  const draft = { subject: value("subject"), body: value("body") };
  const live = useTemplatePreview(draft, template, preview);
  const reset = useConfirmedAction<typeof template>(show);
  const problems = blocks ? blockProblems(kind, blocks) : [];
  // The save's problems come first: it also refuses unknown variables, which the preview lets pass.
  const saveProblems = (["subject", "body", "blocks"] as const).flatMap((field) =>
    (fields[field].errors ?? []).map((message) => ({ field, message })),
  );

  return (
    <Page
      title={label}
      subtitle={LOCALE_NAMES[locale]}
      titleMetadata={template.customized ? <Badge tone="info">Customized</Badge> : <Badge>Default</Badge>}
      backAction={{ content: "Emails", url: "/app/emails" }}
      secondaryActions={
        template.customized ? [{ content: "Reset to default", destructive: true, onAction: () => reset.ask(template) }] : []
      }
      fullWidth
    >
      <SettingsSaveBar id="email-template-save-bar" {...saveBar} saveDisabled={problems.length > 0} />
      <Layout>
        <Layout.Section variant="oneHalf">
          <BlockStack gap="400">
            <Form method="post" {...getFormProps(form)}>
              <input type="hidden" name="intent" value="save" />
              <TemplateSourceCard
                kind={kind}
                locale={locale}
                subject={fields.subject}
                body={blocks ? null : { ...body, error: fields.body.errors?.[0] }}
                previewProblems={live.problems}
                mode={
                  blocks
                    ? { label: "Edit raw Liquid", onAction: toRaw }
                    : leftBlocks
                      ? { label: "Back to blocks", onAction: () => (handEdited ? setConfirmBack(true) : backToBlocks()) }
                      : { label: "Start from blocks", onAction: backToBlocks }
                }
              />
            </Form>
            {blocks ? (
              <BlockEditor kind={kind} locale={locale} template={blocks} problems={problems} linkVariables={links} onChange={setBlocks} />
            ) : (
              <VariablesCard variables={variables} />
            )}
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneHalf">
          <BlockStack gap="400">
            {problems.length > 0 ? (
              <Banner tone="warning" title="Fix these blocks to save">
                <BlockStack gap="100">
                  {problems.map((problem) => (
                    <Text as="p" key={`${problem.index}:${problem.message}`}>
                      {problem.index === null ? problem.message : `Block ${problem.index + 1}: ${problem.message}`}
                    </Text>
                  ))}
                </BlockStack>
              </Banner>
            ) : null}
            <PreviewCard
              label={label}
              email={live.email}
              problems={saveProblems.length > 0 ? saveProblems : live.problems}
              updating={live.updating}
            />
            <TestEmailCard draft={draft} shopEmail={shopEmail} show={show} />
          </BlockStack>
        </Layout.Section>
      </Layout>
      <ConfirmModal
        open={confirmBack}
        onClose={() => setConfirmBack(false)}
        title="Go back to blocks?"
        confirmLabel="Reset to blocks"
        loading={false}
        onConfirm={backToBlocks}
      >
        <Text as="p">
          You changed the Liquid by hand. Going back to blocks makes the email from the blocks again, and your Liquid changes are lost.
        </Text>
      </ConfirmModal>
      <ConfirmModal
        open={reset.pending !== null}
        onClose={reset.cancel}
        title="Reset to the default template?"
        confirmLabel="Reset to default"
        loading={reset.fetcher.state !== "idle"}
        onConfirm={() => reset.confirm({ intent: "reset" })}
      >
        <Text as="p">{`Your changes to the ${LOCALE_NAMES[locale]} “${label}” email are deleted and the built-in text is used again. This can't be undone.`}</Text>
      </ConfirmModal>
      {toast}
    </Page>
  );
}
