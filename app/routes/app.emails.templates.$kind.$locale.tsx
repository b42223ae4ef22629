import { parseWithZod } from "@conform-to/zod/v3";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { z } from "zod";
import db from "../db.server";
import { requireAdmin } from "../shopify.server";
import { loadEmailSettings } from "../emails/email-settings.server";
import { outboxConfigFromEnv } from "../emails/outbox.server";
import { previewShop, previewTemplate, sendTestEmail } from "../emails/preview.server";
import { problemsByField, sourceProblems, TemplateEditorInput, TemplateSourceInput, TestEmailInput } from "../emails/template-form";
import { TEMPLATE_KINDS, isEmailLocale, isTemplateKind, variablesFor } from "../emails/template-kinds";
import { loadTemplate, resetTemplate, saveTemplate } from "../emails/templates.server";
import { sharedMailer } from "../emails/transport.server";
import type { BlockTemplate } from "../emails/blocks";
import { TemplateEditorView } from "../components/emails/TemplateEditorView";
import type { PreviewAnswer } from "../components/emails/useTemplatePreview";
import type { FetcherFormResult } from "../components/useFetcherForm";

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

const EditorIntent = z.object({ intent: z.enum(["preview", "save", "reset", "test"]) });

/** The answer to a reset, or to a post the editor does not make, for the toast. */
type Notice = { ok: boolean; message: string };

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const { kind, locale } = templateParams(params);
  const formData = await request.formData();
  const intent = EditorIntent.safeParse(Object.fromEntries(formData));
  if (!intent.success)
    return data({ ok: false, message: "The editor sent something unexpected. Reload the page and try again." } satisfies Notice, {
      status: 400,
    });
  if (intent.data.intent === "reset") {
    await resetTemplate(db, shop, kind, locale);
    return { ok: true, message: "Template reset to the default" } satisfies Notice;
  }
  const context = await previewContext(shop);
  if (intent.data.intent === "preview") {
    // Problems are expected while the merchant types: a normal answer, not an error status.
    const source = TemplateSourceInput.safeParse(Object.fromEntries(formData));
    if (!source.success) return { intent: "preview", ok: false, problems: sourceProblems(source.error) } satisfies PreviewAnswer;
    return {
      intent: "preview",
      ...(await previewTemplate(kind, locale, source.data, context.previewShop, context.withSurvey)),
    } satisfies PreviewAnswer;
  }
  if (intent.data.intent === "save") {
    const submission = parseWithZod(formData, { schema: TemplateEditorInput, disableAutoCoercion: true });
    if (submission.status !== "success") return data(submission.reply(), { status: 400 });
    const blocks = readPostedBlocks(submission.value.blocks);
    if (blocks === undefined)
      return data(submission.reply({ fieldErrors: { blocks: ["The blocks could not be read. Reload the page and try again."] } }), {
        status: 400,
      });
    const result = await saveTemplate(db, shop, kind, locale, { ...submission.value, blocks }, context.previewShop);
    return result.ok ? submission.reply() : data(submission.reply({ fieldErrors: problemsByField(result.problems) }), { status: 400 });
  }
  const submission = parseWithZod(formData, { schema: TestEmailInput, disableAutoCoercion: true });
  if (submission.status !== "success") return data(submission.reply() satisfies FetcherFormResult, { status: 400 });
  const { to, ...source } = submission.value;
  const result = await sendTestEmail(sharedMailer(), outboxConfigFromEnv(), {
    kind,
    locale,
    source,
    shop: context.previewShop,
    withSurvey: context.withSurvey,
    to,
  });
  if (!result.ok) {
    const formErrors = "error" in result ? [result.error] : result.problems.map((problem) => problem.message);
    return data(submission.reply({ formErrors }) satisfies FetcherFormResult, { status: "error" in result ? 502 : 400 });
  }
  // The dashboard's onboarding checklist ticks "send a test email" from this.
  await db.shop.updateMany({ where: { domain: shop }, data: { testEmailSentAt: new Date() } });
  return { ...submission.reply(), message: `Test email sent to ${to}` } satisfies FetcherFormResult;
};

// Previews and test sends change nothing stored: no need to reload the template after them.
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) => {
  const intent = formData?.get("intent");
  if (intent === "preview" || intent === "test") return false;
  return defaultShouldRevalidate;
};

/** The posted design: null for raw Liquid, undefined when it is not JSON (saveTemplate checks the rest). */
function readPostedBlocks(json: string): BlockTemplate | null | undefined {
  if (!json) return null;
  try {
    return JSON.parse(json) as BlockTemplate;
  } catch {
    return undefined;
  }
}

export default function TemplateEditorPage() {
  const loaded = useLoaderData<typeof loader>();
  // A fresh editor per template: the draft of one language does not carry over to the other.
  return <TemplateEditorView key={`${loaded.kind}/${loaded.locale}`} {...loaded} />;
}
