// The template editor's live preview and test send: the merchant's draft rendered with
// sample data, exactly as the outbox renders real emails.
import type { Shop } from "@prisma/client";
import { randomUUID } from "node:crypto";
import { buildEmailContext, sampleContextInput, type ContextInput } from "./email-context";
import type { TemplateSource } from "./default-templates";
import { checkTemplate, renderEmail, type RenderedEmail } from "./render";
import type { TemplateProblem } from "./template-form";
import type { EmailLocale, TemplateKind } from "./template-kinds";
import type { Mailer } from "./transport.server";
import type { OutboxConfig } from "./prepared-email.server";

export function previewShop(domain: string, shop: Shop | null): ContextInput["shop"] {
  return {
    name: shop?.name ?? domain,
    storefrontUrl: shop?.storefrontUrl ?? `https://${domain}`,
    email: shop?.email ?? "",
    timeZone: shop?.ianaTimezone ?? "UTC",
  };
}

export type PreviewResult = { ok: true; email: RenderedEmail } | { ok: false; problems: TemplateProblem[] };

export async function previewTemplate(
  kind: TemplateKind,
  locale: EmailLocale,
  source: TemplateSource,
  shop: ContextInput["shop"],
  withSurvey: boolean,
): Promise<PreviewResult> {
  const context = buildEmailContext(sampleContextInput(kind, locale, shop, withSurvey));
  const problems = await checkTemplate(source, context);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, email: await renderEmail(source, context, locale) };
}

export type TestSendResult = { ok: true } | { ok: false; problems: TemplateProblem[] } | { ok: false; error: string };

/** Sends the rendered draft to `to` (usually the merchant), marked as a test. */
export async function sendTestEmail(
  mailer: Mailer,
  config: OutboxConfig,
  input: { kind: TemplateKind; locale: EmailLocale; source: TemplateSource; shop: ContextInput["shop"]; withSurvey: boolean; to: string },
): Promise<TestSendResult> {
  const preview = await previewTemplate(input.kind, input.locale, input.source, input.shop, input.withSurvey);
  if (!preview.ok) return preview;
  try {
    await mailer.send({
      from: { name: input.shop.name, address: config.mailFrom },
      to: input.to,
      subject: `[Test] ${preview.email.subject}`,
      html: preview.email.html,
      text: preview.email.text,
      messageId: `<test-${randomUUID()}@${new URL(config.appUrl).hostname}>`,
      headers: {},
    });
    return { ok: true };
  } catch (error) {
    return { ok: false, error: `The mail server refused the test email: ${error instanceof Error ? error.message : String(error)}` };
  }
}
