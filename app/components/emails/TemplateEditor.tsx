// The cards of an email template's editor (app.emails.templates.$kind.$locale): the template
// itself, the variables it may use, and the live preview.
import type { FieldMetadata } from "@conform-to/react";
import { Banner, BlockStack, Box, Button, ButtonGroup, Card, InlineStack, List, SkeletonBodyText, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { FormTextField } from "../forms/PolarisFields";
import type { RenderedEmail } from "../../emails/render";
import type { TemplateProblem } from "../../emails/template-form";
import { EMAIL_LOCALES, LOCALE_NAMES, type EmailLocale, type TemplateKind } from "../../emails/template-kinds";

/** The body as raw Liquid: its form control (shared with the block editor, which writes it too) and its problem. */
export interface BodyControl {
  value: string | string[] | undefined;
  change(value: string): void;
  blur(): void;
  focus(): void;
  error?: string;
}

/**
 * The subject, and the body as Liquid unless the blocks make it (body null), with the other
 * languages of the same email a click away and the switch between blocks and raw Liquid.
 * Problems the live preview found show on their field.
 */
export function TemplateSourceCard({
  kind,
  locale,
  subject,
  body,
  previewProblems,
  mode,
}: {
  kind: TemplateKind;
  locale: EmailLocale;
  subject: FieldMetadata<string>;
  body: BodyControl | null;
  previewProblems: TemplateProblem[];
  mode: { label: string; onAction(): void };
}) {
  const previewProblem = (field: "subject" | "body") => previewProblems.find((problem) => problem.field === field)?.message;
  return (
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
                <Button
                  key={other}
                  size="slim"
                  pressed={other === locale}
                  url={other === locale ? undefined : `/app/emails/templates/${kind}/${other}`}
                >
                  {LOCALE_NAMES[other]}
                </Button>
              ))}
            </ButtonGroup>
          </InlineStack>
        </InlineStack>
        <FormTextField field={subject} label="Subject" error={previewProblem("subject")} autoComplete="off" />
        {body ? (
          <TextField
            id="email-template-body"
            label="Body (HTML with Liquid)"
            value={typeof body.value === "string" ? body.value : ""}
            onChange={body.change}
            onBlur={body.blur}
            onFocus={body.focus}
            error={body.error ?? previewProblem("body")}
            multiline={18}
            maxHeight={640}
            monospaced
            spellCheck={false}
            autoComplete="off"
            helpText="Placed inside the email layout, with your store's name at the top and the unsubscribe link at the bottom."
          />
        ) : (
          <Text as="p" tone="subdued">
            Built from the blocks below. Switch to raw Liquid for full control of the HTML.
          </Text>
        )}
        <InlineStack>
          <Button onClick={mode.onAction}>{mode.label}</Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}

const FIELD_NAMES: Record<TemplateProblem["field"], string> = { subject: "Subject", body: "Body", blocks: "Blocks" };

const LIQUID_DEFAULT = "{{ customer.first_name | default: 'there' }}";
const LIQUID_LOOP = "{% for product in products %} … {% endfor %}";

export function VariablesCard({ variables }: { variables: { name: string; description: string }[] }) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Variables
        </Text>
        <Text as="p" tone="subdued">
          Templates use Liquid. Print a value with a fallback: <code>{LIQUID_DEFAULT}</code>. Repeat for each product:{" "}
          <code>{LIQUID_LOOP}</code>. Unknown variables are refused when you save, so a typo never reaches a customer.
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
  );
}

/** The email as the draft renders it (or the last version without problems), as HTML or plain text, and the problems found. */
export function PreviewCard({
  label,
  email,
  problems,
  updating,
}: {
  label: string;
  email: RenderedEmail | null;
  problems: TemplateProblem[];
  updating: boolean;
}) {
  const [view, setView] = useState<"html" | "text">("html");
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center" gap="200">
          <InlineStack gap="200" blockAlign="center">
            <Text as="h2" variant="headingMd">
              Preview
            </Text>
            {updating ? (
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
                <List.Item key={`${problem.field}:${problem.message}`}>{`${FIELD_NAMES[problem.field]}: ${problem.message}`}</List.Item>
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
                <pre style={{ margin: 0, whiteSpace: "pre-wrap", wordBreak: "break-word", fontSize: 13, maxHeight: 640, overflow: "auto" }}>
                  {email.text}
                </pre>
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
  );
}
