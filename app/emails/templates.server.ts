// A shop's email templates: its edited copies, else the built-in defaults.
import type { Db } from "../db.server";
import { blockProblems, blocksToLiquid, parseBlockTemplate, type BlockTemplate } from "./blocks";
import { DEFAULT_TEMPLATES, type TemplateSource } from "./default-templates";
import { checkTemplate } from "./render";
import type { TemplateProblem } from "./template-form";
import { buildEmailContext, sampleContextInput, type ContextInput } from "./email-context";
import { EMAIL_LOCALES, TEMPLATE_KINDS, type EmailLocale, type TemplateKind } from "./template-kinds";

export interface LoadedTemplate extends TemplateSource {
  customized: boolean;
  /** The block editor's design the body was made from; null for Liquid written by hand (and the defaults). */
  blocks: BlockTemplate | null;
}

export async function loadTemplate(
  db: Pick<Db, "emailTemplate">,
  shop: string,
  kind: TemplateKind,
  locale: EmailLocale,
): Promise<LoadedTemplate> {
  const row = await db.emailTemplate.findUnique({ where: { shop_kind_locale: { shop, kind, locale } } });
  if (row) return { subject: row.subject, body: row.body, customized: true, blocks: parseBlockTemplate(row.blocks) };
  return { ...DEFAULT_TEMPLATES[kind][locale], customized: false, blocks: null };
}

/** Every kind × locale with whether the merchant changed it: the template list in the admin. */
export async function listTemplates(db: Pick<Db, "emailTemplate">, shop: string) {
  const rows = await db.emailTemplate.findMany({ where: { shop }, select: { kind: true, locale: true, updatedAt: true } });
  return (Object.keys(TEMPLATE_KINDS) as TemplateKind[]).flatMap((kind) =>
    EMAIL_LOCALES.map((locale) => {
      const row = rows.find((r) => r.kind === kind && r.locale === locale);
      return { kind, locale, label: TEMPLATE_KINDS[kind].label, customized: Boolean(row), updatedAt: row?.updatedAt ?? null };
    }),
  );
}

export type SaveTemplateResult = { ok: true } | { ok: false; problems: TemplateProblem[] };

/**
 * Saves after checking the template renders against preview data (no unknown variables). With
 * `blocks` the body is made from them here, whatever the browser sent; without, the body is the
 * merchant's own Liquid.
 */
export async function saveTemplate(
  db: Pick<Db, "emailTemplate">,
  shop: string,
  kind: TemplateKind,
  locale: EmailLocale,
  source: TemplateSource & { blocks?: BlockTemplate | null },
  previewShop: ContextInput["shop"],
): Promise<SaveTemplateResult> {
  const blocks = source.blocks ?? null;
  if (blocks) {
    const problems = blockProblems(kind, blocks);
    if (problems.length > 0) return { ok: false, problems: problems.map(({ message }) => ({ field: "blocks", message })) };
  }
  const body = blocks ? blocksToLiquid(kind, blocks) : source.body;
  const problems = await checkTemplate(
    { subject: source.subject, body },
    buildEmailContext(sampleContextInput(kind, locale, previewShop, true)),
  );
  if (problems.length > 0) return { ok: false, problems };
  const data = { subject: source.subject, body, blocks: blocks ? JSON.stringify(blocks) : null };
  await db.emailTemplate.upsert({
    where: { shop_kind_locale: { shop, kind, locale } },
    create: { shop, kind, locale, ...data },
    update: data,
  });
  return { ok: true };
}

/** Back to the built-in template. */
export async function resetTemplate(db: Pick<Db, "emailTemplate">, shop: string, kind: TemplateKind, locale: EmailLocale): Promise<void> {
  await db.emailTemplate.deleteMany({ where: { shop, kind, locale } });
}
