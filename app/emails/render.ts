// Renders an email from a Liquid template: the merchant's HTML fragment inside a responsive
// layout, a plain-text part derived from it, and the subject. Templates are merchant input:
// every output is HTML-escaped unless marked `| raw`, there is no file access, and rendering
// time and memory are capped.
import { Liquid } from "liquidjs";
import { convert } from "html-to-text";
import { escapeHtml } from "../lib/text";
import { log } from "../lib/log.server";
import { friendlyLiquidError } from "./liquid-errors";
import type { TemplateSource } from "./default-templates";
import type { EmailLocale } from "./template-kinds";
import { sourceProblems, TemplateSourceInput, type TemplateProblem } from "./template-form";

export interface EmailContext {
  shop: { name: string; url: string; email: string };
  customer: { first_name: string; email: string };
  /** Order emails only. */
  order?: { name: string; total: string; date: string };
  /** Review requests: image_url is "" for a product without an image; rating_urls has scores 1 to 5. */
  products?: { title: string; image_url: string; review_url: string; rating_urls: { score: number; url: string }[] }[];
  review_url?: string;
  reminder_number?: number;
  survey?: { links: { score: number; url: string }[] } | null;
  /** The loyalty emails: the balance (formatted), the expiry date or the points just released, the rewards page. */
  points?: string;
  expires_on?: string;
  released_points?: string;
  rewards_url?: string;
  unsubscribe_url: string;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

const LIMITS = { parseLimit: 200_000, renderLimit: 2_000, memoryLimit: 20_000_000 };
// `templates: {}` replaces the file system: {% include %} and {% render %} find nothing.
// lenientIf: `{% if product.image_url %}` asks whether the email has a value (the block editor's
// product list does), so a lookup inside if/unless may be undefined; printing one is still refused.
const htmlEngine = new Liquid({
  outputEscape: "escape",
  strictFilters: true,
  ownPropertyOnly: true,
  templates: {},
  lenientIf: true,
  ...LIMITS,
});
const textEngine = new Liquid({ strictFilters: true, ownPropertyOnly: true, templates: {}, ...LIMITS });

const FOOTER: Record<EmailLocale, { why: string; whyPoints: string; unsubscribe: string }> = {
  en: {
    why: "You are receiving this email because you ordered from {shop}.",
    whyPoints: "You are receiving this email because you collect points at {shop}.",
    unsubscribe: "Unsubscribe",
  },
  el: {
    why: "Λαμβάνετε αυτό το email επειδή παραγγείλατε από το {shop}.",
    whyPoints: "Λαμβάνετε αυτό το email επειδή συλλέγετε πόντους στο {shop}.",
    unsubscribe: "Διαγραφή από τη λίστα",
  },
};

/** Table-based and inline-styled: what renders the same in Gmail, Outlook and phone mail apps. */
export function emailLayout({
  locale,
  subject,
  content,
  shopName,
  unsubscribeUrl,
  reason = "order",
}: {
  locale: EmailLocale;
  subject: string;
  content: string;
  shopName: string;
  unsubscribeUrl: string;
  /** Why the customer gets the email, said in the footer: an order, or their loyalty points. */
  reason?: "order" | "points";
}): string {
  const footer = { ...FOOTER[locale], why: reason === "points" ? FOOTER[locale].whyPoints : FOOTER[locale].why };
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="x-apple-disable-message-reformatting">
<title>${escapeHtml(subject)}</title>
<style>@media (max-width:620px){.container{width:100%!important}.content{padding:20px!important}}</style>
</head>
<body style="margin:0;padding:0;background:#f4f4f4">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f4f4">
<tr><td align="center" style="padding:24px 12px">
<table role="presentation" class="container" width="600" cellpadding="0" cellspacing="0" style="width:600px;max-width:600px;background:#ffffff;border-radius:8px">
<tr><td style="padding:20px 32px;border-bottom:1px solid #eeeeee;font:600 18px/1.3 -apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#1a1a1a">${escapeHtml(shopName)}</td></tr>
<tr><td class="content" style="padding:32px;font:16px/1.5 -apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#1a1a1a">
${content}
</td></tr>
<tr><td style="padding:20px 32px;border-top:1px solid #eeeeee;font:12px/1.5 -apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#6b6b6b">
${escapeHtml(footer.why.replace("{shop}", shopName))} <a href="${escapeHtml(unsubscribeUrl)}" style="color:#6b6b6b">${footer.unsubscribe}</a>
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>`;
}

export async function renderEmail(
  source: TemplateSource,
  context: EmailContext,
  locale: EmailLocale,
  { strict = false } = {},
): Promise<RenderedEmail> {
  const scope = context as unknown as Record<string, unknown>;
  const subject = (await textEngine.parseAndRender(source.subject, scope, { strictVariables: strict })).replace(/\s+/g, " ").trim();
  const content = await htmlEngine.parseAndRender(source.body, scope, { strictVariables: strict });
  const reason = context.points !== undefined ? "points" : "order";
  const html = emailLayout({ locale, subject, content, shopName: context.shop.name, unsubscribeUrl: context.unsubscribe_url, reason });
  // Links side by side (the survey's 1–5) are apart in the HTML only by their styling: on a line
  // each in the text part, so a score never runs into the next one's address.
  const text = convert(html.replace(/<\/a>\s*(?=<a\b)/gi, "</a><br>"), {
    wordwrap: 78,
    selectors: [
      { selector: "title", format: "skip" },
      { selector: "h1", options: { uppercase: false } },
      { selector: "a", options: { hideLinkHrefIfSameAsText: true } },
    ],
  });
  return { subject, html, text };
}

/**
 * Checks a template before it is saved: it must parse, and render against preview data
 * without unknown variables or filters (a typo would otherwise send blank text to customers).
 */
export async function checkTemplate(source: TemplateSource, sample: EmailContext): Promise<TemplateProblem[]> {
  const parsed = TemplateSourceInput.safeParse(source);
  if (!parsed.success) return sourceProblems(parsed.error);
  const problems: TemplateProblem[] = [];
  const scope = sample as unknown as Record<string, unknown>;
  for (const field of ["subject", "body"] as const) {
    const engine = field === "subject" ? textEngine : htmlEngine;
    try {
      await engine.parseAndRender(source[field], scope, { strictVariables: true });
    } catch (error) {
      // The merchant reads what to fix; liquidjs's own message (with the source and a caret) goes to the log.
      log.info({ field, err: error }, "email template problem");
      problems.push({ field, message: friendlyLiquidError(error) });
    }
  }
  return problems;
}
