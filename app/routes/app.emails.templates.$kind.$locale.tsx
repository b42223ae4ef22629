import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Button,
  ButtonGroup,
  Card,
  InlineStack,
  Layout,
  List,
  Modal,
  Page,
  SkeletonBodyText,
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useRef, useState } from "react";
import { z } from "zod";
import { storedText } from "../forms";
import db from "../db.server";
import { requireAdmin } from "../shopify.server";
import { loadEmailSettings } from "../emails/email-settings.server";
import { outboxConfigFromEnv } from "../emails/outbox.server";
import { previewShop, previewTemplate, sendTestEmail } from "../emails/preview.server";
import type { RenderedEmail, TemplateProblem } from "../emails/render";
import { EMAIL_LOCALES, LOCALE_NAMES, TEMPLATE_KINDS, isEmailLocale, isTemplateKind, variablesFor } from "../emails/template-kinds";
import { loadTemplate, resetTemplate, saveTemplate } from "../emails/templates.server";
import { sharedMailer } from "../emails/transport.server";
import { SettingsSaveBar } from "../components/SettingsSaveBar";
import { useAdminToast } from "../components/useAdminToast";

function templateParams(params: LoaderFunctionArgs["params"]) {
  const { kind = "", locale = "" } = params;
  if (!isTemplateKind(kind) || !isEmailLocale(locale)) throw new Response("Not found", { status: 404 });
  return { kind, locale };
}

/** The shop as the preview shows it, and whether thank-you emails carry the survey. */
async function previewContext(shop: string) {
  const [shopRow, settings] = await Promise.all([db.shop.findUnique({ where: { domain: shop } }), loadEmailSettings(db, shop)]);
  return { shopRow, previewShop: previewShop(shop, shopRow), withSurvey: settings.thankYouSurvey };
}

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const { kind, locale } = templateParams(params);
  const [template, context] = await Promise.all([loadTemplate(db, shop, kind, locale), previewContext(shop)]);
  return {
    kind,
    locale,
    label: TEMPLATE_KINDS[kind].label,
    template,
    variables: variablesFor(kind),
    preview: await previewTemplate(kind, locale, template, context.previewShop, context.withSurvey),
    shopEmail: context.shopRow?.email ?? "",
  };
};

const Source = { subject: storedText(z.string().max(100_000)), body: storedText(z.string().max(200_000)) };
const EditorAction = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("preview"), ...Source }),
  z.object({ intent: z.literal("save"), ...Source }),
  z.object({ intent: z.literal("reset") }),
  z.object({ intent: z.literal("test"), ...Source, to: z.string().trim().email("Enter a valid email address.") }),
]);

type ActionData =
  | { intent: "preview"; ok: true; email: RenderedEmail }
  | { intent: "preview"; ok: false; problems: TemplateProblem[] }
  | { intent: "save"; ok: true }
  | { intent: "save"; ok: false; problems: TemplateProblem[] }
  | { intent: "reset"; ok: true }
  | { intent: "test"; ok: true; to: string }
  | { intent: "test"; ok: false; problems?: TemplateProblem[]; error?: string; toError?: string }
  | { intent: "invalid"; ok: false; error: string };

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const { kind, locale } = templateParams(params);
  const form = Object.fromEntries(await request.formData());
  const parsed = EditorAction.safeParse(form);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const data: ActionData =
      form.intent === "test" && issue.path[0] === "to"
        ? { intent: "test", ok: false, toError: issue.message }
        : { intent: "invalid", ok: false, error: "The editor sent something unexpected. Reload the page and try again." };
    return Response.json(data, { status: 400 });
  }
  const input = parsed.data;
  if (input.intent === "reset") {
    await resetTemplate(db, shop, kind, locale);
    return { intent: "reset", ok: true } satisfies ActionData;
  }
  const source = { subject: input.subject, body: input.body };
  const context = await previewContext(shop);
  switch (input.intent) {
    case "preview":
      // Problems are expected while the merchant types: a normal answer, not an error status.
      return { intent: "preview", ...(await previewTemplate(kind, locale, source, context.previewShop, context.withSurvey)) } satisfies ActionData;
    case "save": {
      const result = await saveTemplate(db, shop, kind, locale, source, context.previewShop);
      return result.ok ? ({ intent: "save", ok: true } satisfies ActionData) : Response.json({ intent: "save", ...result } satisfies ActionData, { status: 400 });
    }
    case "test": {
      const result = await sendTestEmail(sharedMailer(), outboxConfigFromEnv(), {
        kind,
        locale,
        source,
        shop: context.previewShop,
        withSurvey: context.withSurvey,
        to: input.to,
      });
      if (result.ok) {
        // The dashboard's onboarding checklist ticks "send a test email" from this.
        await db.shop.updateMany({ where: { domain: shop }, data: { testEmailSentAt: new Date() } });
        return { intent: "test", ok: true, to: input.to } satisfies ActionData;
      }
      return Response.json({ intent: "test", ...result } satisfies ActionData, { status: "error" in result ? 502 : 400 });
    }
  }
};

// Previews and test sends change nothing stored: no need to reload the template after them.
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) => {
  const intent = formData?.get("intent");
  if (intent === "preview" || intent === "test") return false;
  return defaultShouldRevalidate;
};

export default function TemplateEditorPage() {
  const { kind, locale } = useLoaderData<typeof loader>();
  // A fresh editor per template: the draft of one language does not carry over to the other.
  return <TemplateEditor key={`${kind}/${locale}`} />;
}

const LIQUID_DEFAULT = "{{ customer.first_name | default: 'there' }}";
const LIQUID_LOOP = "{% for product in products %} … {% endfor %}";

function TemplateEditor() {
  const { kind, locale, label, template, variables, preview: loadedPreview, shopEmail } = useLoaderData<typeof loader>();
  const { show, toast } = useAdminToast();
  const previewFetcher = useFetcher<ActionData>();
  const saveFetcher = useFetcher<ActionData>();
  const resetFetcher = useFetcher<ActionData>();
  const testFetcher = useFetcher<ActionData>();

  const [draft, setDraft] = useState({ subject: template.subject, body: template.body });
  const [saveProblems, setSaveProblems] = useState<TemplateProblem[]>([]);
  const [email, setEmail] = useState<RenderedEmail | null>(loadedPreview.ok ? loadedPreview.email : null);
  const [view, setView] = useState<"html" | "text">("html");
  const [testTo, setTestTo] = useState(shopEmail);
  const [resetOpen, setResetOpen] = useState(false);
  const resetting = useRef(false);

  const dirty = draft.subject !== template.subject || draft.body !== template.body;
  const saving = saveFetcher.state !== "idle";
  const edit = (field: "subject" | "body") => (value: string) => {
    setDraft((current) => ({ ...current, [field]: value }));
    setSaveProblems([]);
  };

  // The live preview: the draft goes to the server once typing pauses.
  const previewed = useRef(`${template.subject}\u0000${template.body}`);
  const submitPreview = previewFetcher.submit;
  useEffect(() => {
    const key = `${draft.subject}\u0000${draft.body}`;
    if (key === previewed.current) return;
    const timer = setTimeout(() => {
      previewed.current = key;
      submitPreview({ intent: "preview", ...draft }, { method: "post" });
    }, 400);
    return () => clearTimeout(timer);
  }, [draft, submitPreview]);

  const previewResult = previewFetcher.data?.intent === "preview" ? previewFetcher.data : null;
  useEffect(() => {
    if (previewResult?.ok) setEmail(previewResult.email);
  }, [previewResult]);
  const previewProblems = previewResult ? (previewResult.ok ? [] : previewResult.problems) : loadedPreview.ok ? [] : loadedPreview.problems;

  useEffect(() => {
    const data = saveFetcher.data;
    if (data?.intent !== "save") return;
    if (data.ok) show("Template saved");
    else setSaveProblems(data.problems);
  }, [saveFetcher.data, show]);

  // After a reset the reloaded template is the default: the draft follows it.
  useEffect(() => {
    if (!resetting.current) return;
    resetting.current = false;
    setDraft({ subject: template.subject, body: template.body });
  }, [template.subject, template.body]);
  useEffect(() => {
    if (resetFetcher.data?.intent === "reset" && resetFetcher.data.ok) {
      setResetOpen(false);
      show("Template reset to the default");
    }
  }, [resetFetcher.data, show]);

  const testResult = testFetcher.data?.intent === "test" ? testFetcher.data : null;
  useEffect(() => {
    if (testResult?.ok) show(`Test email sent to ${testResult.to}`);
  }, [testResult, show]);

  const problemFor = (field: "subject" | "body") =>
    saveProblems.find((problem) => problem.field === field)?.message ?? previewProblems.find((problem) => problem.field === field)?.message;
  const problems = saveProblems.length > 0 ? saveProblems : previewProblems;

  return (
    <Page
      title={label}
      subtitle={LOCALE_NAMES[locale]}
      titleMetadata={template.customized ? <Badge tone="info">Customized</Badge> : <Badge>Default</Badge>}
      backAction={{ content: "Emails", url: "/app/emails" }}
      secondaryActions={template.customized ? [{ content: "Reset to default", destructive: true, onAction: () => setResetOpen(true) }] : []}
      fullWidth
    >
      <SettingsSaveBar
        id="email-template-save-bar"
        open={dirty || saving}
        saving={saving}
        onSave={() => saveFetcher.submit({ intent: "save", ...draft }, { method: "post" })}
        onDiscard={() => {
          setDraft({ subject: template.subject, body: template.body });
          setSaveProblems([]);
        }}
      />
      <Layout>
        <Layout.Section variant="oneHalf">
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="400">
                <InlineStack align="space-between" blockAlign="center" gap="200">
                  <Text as="h2" variant="headingMd">
                    Template
                  </Text>
                  <InlineStack gap="200" blockAlign="center">
                    <Text as="span" tone="subdued">
                      Language
                    </Text>
                    <ButtonGroup variant="segmented">
                      {EMAIL_LOCALES.map((other) => (
                        <Button key={other} size="slim" pressed={other === locale} url={other === locale ? undefined : `/app/emails/templates/${kind}/${other}`}>
                          {LOCALE_NAMES[other]}
                        </Button>
                      ))}
                    </ButtonGroup>
                  </InlineStack>
                </InlineStack>
                <TextField label="Subject" value={draft.subject} onChange={edit("subject")} error={problemFor("subject")} autoComplete="off" />
                <TextField
                  label="Body (HTML with Liquid)"
                  value={draft.body}
                  onChange={edit("body")}
                  error={problemFor("body")}
                  multiline={18}
                  maxHeight={640}
                  monospaced
                  spellCheck={false}
                  autoComplete="off"
                  helpText="Placed inside the email layout, with your store's name at the top and the unsubscribe link at the bottom."
                />
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Variables
                </Text>
                <Text as="p" tone="subdued">
                  Templates use Liquid. Print a value with a fallback: <code>{LIQUID_DEFAULT}</code>. Repeat for each product: <code>{LIQUID_LOOP}</code>.
                  Unknown variables are refused when you save, so a typo never reaches a customer.
                </Text>
                <List>
                  {variables.map((variable) => (
                    <List.Item key={variable.name}>
                      <code>{variable.name}</code> — {variable.description}
                    </List.Item>
                  ))}
                </List>
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneHalf">
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="300">
                <InlineStack align="space-between" blockAlign="center" gap="200">
                  <InlineStack gap="200" blockAlign="center">
                    <Text as="h2" variant="headingMd">
                      Preview
                    </Text>
                    {previewFetcher.state !== "idle" ? (
                      <Text as="span" tone="subdued">
                        Updating…
                      </Text>
                    ) : null}
                  </InlineStack>
                  <ButtonGroup variant="segmented">
                    <Button size="slim" pressed={view === "html"} onClick={() => setView("html")}>
                      Email
                    </Button>
                    <Button size="slim" pressed={view === "text"} onClick={() => setView("text")}>
                      Plain text
                    </Button>
                  </ButtonGroup>
                </InlineStack>
                {problems.length > 0 ? (
                  <Banner tone="critical" title={email ? "The preview shows the last version without errors" : "The template can't be shown yet"}>
                    <List>
                      {problems.map((problem) => (
                        <List.Item key={`${problem.field}:${problem.message}`}>{`${problem.field === "subject" ? "Subject" : "Body"}: ${problem.message}`}</List.Item>
                      ))}
                    </List>
                  </Banner>
                ) : null}
                {email ? (
                  <>
                    <Text as="p">
                      <Text as="span" tone="subdued">
                        Subject:{" "}
                      </Text>
                      <Text as="span" fontWeight="semibold">
                        {email.subject}
                      </Text>
                    </Text>
                    {view === "html" ? (
                      <iframe
                        title={`Preview of the ${label.toLowerCase()} email`}
                        sandbox=""
                        srcDoc={email.html}
                        style={{ width: "100%", height: 640, border: "1px solid var(--p-color-border)", borderRadius: 8, background: "#f4f4f4" }}
                      />
                    ) : (
                      <Box background="bg-surface-secondary" padding="300" borderRadius="200">
                        <pre style={{ margin: 0, whiteSpace: "pre-wrap", wordBreak: "break-word", fontSize: 13, maxHeight: 640, overflow: "auto" }}>{email.text}</pre>
                      </Box>
                    )}
                    <Text as="p" tone="subdued">
                      Sample order #1001 with example products and customer. Links in the preview do not open.
                    </Text>
                  </>
                ) : (
                  <SkeletonBodyText lines={8} />
                )}
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Send a test
                </Text>
                {testResult && !testResult.ok && (testResult.error || testResult.problems) ? (
                  <Banner tone="critical" title="The test email was not sent">
                    {testResult.error ?? testResult.problems?.map((problem) => problem.message).join(" ")}
                  </Banner>
                ) : null}
                <testFetcher.Form
                  method="post"
                  // The server checks the address and its message shows on the field, Polaris-style.
                  noValidate
                  onSubmit={(event) => {
                    event.preventDefault();
                    testFetcher.submit({ intent: "test", ...draft, to: testTo }, { method: "post" });
                  }}
                >
                  <BlockStack gap="300">
                    <TextField
                      label="Send to"
                      type="email"
                      value={testTo}
                      onChange={setTestTo}
                      error={testResult && !testResult.ok ? testResult.toError : undefined}
                      helpText="The draft as it is now, with the sample order. The subject starts with [Test]."
                      autoComplete="email"
                    />
                    <InlineStack>
                      <Button submit loading={testFetcher.state !== "idle"}>
                        Send test email
                      </Button>
                    </InlineStack>
                  </BlockStack>
                </testFetcher.Form>
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
      <Modal
        open={resetOpen}
        onClose={() => setResetOpen(false)}
        title="Reset to the default template?"
        primaryAction={{
          content: "Reset to default",
          destructive: true,
          loading: resetFetcher.state !== "idle",
          onAction: () => {
            resetting.current = true;
            resetFetcher.submit({ intent: "reset" }, { method: "post" });
          },
        }}
        secondaryActions={[{ content: "Cancel", onAction: () => setResetOpen(false) }]}
      >
        <Modal.Section>
          <Text as="p">{`Your changes to the ${LOCALE_NAMES[locale]} “${label}” email are deleted and the built-in text is used again. This can't be undone.`}</Text>
        </Modal.Section>
      </Modal>
      {toast}
    </Page>
  );
}
