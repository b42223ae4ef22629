// The block editor's templates: a list of blocks (heading, text, button, products, survey, image,
// logo, divider) and three colours, turned into the Liquid the renderer and the outbox already
// use. The HTML is what email clients render alike: tables and inline styles, no CSS classes.
// Merchant text is text, never markup: it is HTML-escaped and cannot open a Liquid tag; the only
// Liquid it may hold is a known variable, {{ customer.first_name }} or
// {{ customer.first_name | default: "there" }}, which the renderer escapes in turn.
// Used by the browser (the editor shows its problems as the merchant types) and the server.
import { z } from "zod";
import { variablesFor, type EmailLocale, type TemplateKind } from "./template-kinds";

const TEXT_MAX = 2000;
const SHORT_MAX = 120;
const URL_MAX = 2000;
export const BLOCKS_MAX = 30;

const HEX = /^#[0-9a-f]{6}$/i;
const colour = (label: string) => z.string().trim().regex(HEX, `${label}: use a colour like #1a1a1a.`);

export const EmailDesign = z.object({
  background: colour("Background colour"),
  text: colour("Text colour"),
  button: colour("Button colour"),
  /** The shop's logo (https), shown by the logo block; "" for none. */
  logoUrl: z.string().trim().max(URL_MAX),
});
export type EmailDesign = z.infer<typeof EmailDesign>;

const text = (label: string, max: number) =>
  z
    .string()
    .max(max, `${label}: keep it under ${max} characters.`)
    .refine((value) => value.trim().length > 0, `${label} can't be empty.`);

export const EmailBlock = z.discriminatedUnion("type", [
  z.object({ type: z.literal("heading"), text: text("Heading", SHORT_MAX) }),
  z.object({ type: z.literal("text"), text: text("Text", TEXT_MAX) }),
  z.object({ type: z.literal("button"), label: text("Button label", SHORT_MAX), link: z.string().trim().max(URL_MAX) }),
  /** The products to review, each with its photo and 1–5 star links when the email has them. */
  z.object({ type: z.literal("products"), buttonLabel: text("Product button label", SHORT_MAX) }),
  /** The satisfaction question (1–5) of thank-you emails, shown when it is turned on. */
  z.object({ type: z.literal("survey"), question: text("Question", SHORT_MAX), low: text("Low label", 40), high: text("High label", 40) }),
  z.object({ type: z.literal("image"), src: z.string().trim().max(URL_MAX), alt: z.string().max(SHORT_MAX) }),
  z.object({ type: z.literal("logo") }),
  z.object({ type: z.literal("divider") }),
]);
export type EmailBlock = z.infer<typeof EmailBlock>;
export type BlockType = EmailBlock["type"];

export const BlockTemplate = z.object({
  design: EmailDesign,
  blocks: z.array(EmailBlock).min(1, "Add at least one block.").max(BLOCKS_MAX, `Use at most ${BLOCKS_MAX} blocks.`),
});
export type BlockTemplate = z.infer<typeof BlockTemplate>;

export const BLOCK_LABELS: Record<BlockType, string> = {
  heading: "Heading",
  text: "Text",
  button: "Button",
  products: "Product list",
  survey: "Satisfaction question",
  image: "Image",
  logo: "Logo",
  divider: "Divider",
};

/** The variables a block's text may print, and those a button may link to (their names end in _url / .url). */
export function blockVariables(kind: TemplateKind) {
  const names = variablesFor(kind).map((variable) => variable.name);
  const printable = names.filter((name) => name !== "products" && name !== "survey");
  return { printable, links: printable.filter((name) => /(^|[._])url$/.test(name)) };
}

/** The block types this kind of email can use: the product list needs products, the question a survey. */
export function blockTypesFor(kind: TemplateKind): BlockType[] {
  const names = variablesFor(kind).map((variable) => variable.name);
  return (Object.keys(BLOCK_LABELS) as BlockType[]).filter(
    (type) => (type !== "products" || names.includes("products")) && (type !== "survey" || names.includes("survey")),
  );
}

const isWebUrl = (value: string, httpsOnly = false) => {
  try {
    const url = new URL(value);
    return url.protocol === "https:" || (!httpsOnly && url.protocol === "http:");
  } catch {
    return false;
  }
};

export type BlockProblem = { index: number | null; message: string };

/** What is wrong with a design for this kind of email, block by block; [] when it can be saved. */
export function blockProblems(kind: TemplateKind, template: BlockTemplate): BlockProblem[] {
  const problems: BlockProblem[] = [];
  const parsed = BlockTemplate.safeParse(template);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const index = issue.path[0] === "blocks" && typeof issue.path[1] === "number" ? issue.path[1] : null;
      problems.push({ index, message: issue.message });
    }
    return problems;
  }
  const { printable, links } = blockVariables(kind);
  const types = blockTypesFor(kind);
  if (template.design.logoUrl && !isWebUrl(template.design.logoUrl, true))
    problems.push({ index: null, message: "Logo: use the image's https:// address." });
  template.blocks.forEach((block, index) => {
    if (!types.includes(block.type)) problems.push({ index, message: `${BLOCK_LABELS[block.type]} can't be used in this email.` });
    if (block.type === "button" && !(links.includes(block.link) || isWebUrl(block.link)))
      problems.push({ index, message: `Button link: use a web address (https://…) or one of ${links.join(", ")}.` });
    if (block.type === "image" && !isWebUrl(block.src, true)) problems.push({ index, message: "Image: use the image's https:// address." });
    if (block.type === "logo" && !template.design.logoUrl)
      problems.push({ index, message: "Logo: add your logo's address under Colours and logo." });
    for (const value of blockTexts(block)) {
      for (const name of unknownVariables(value, printable))
        problems.push({ index, message: `“{{ ${name} }}” isn't a variable of this email. Use one of ${printable.join(", ")}.` });
    }
  });
  return problems;
}

function blockTexts(block: EmailBlock): string[] {
  switch (block.type) {
    case "heading":
    case "text":
      return [block.text];
    case "button":
      return [block.label];
    case "products":
      return [block.buttonLabel];
    case "survey":
      return [block.question, block.low, block.high];
    case "image":
      return [block.alt];
    default:
      return [];
  }
}

// {{ name }} or {{ name | default: "fallback" }}: all the Liquid a merchant's text may hold.
const VARIABLE = /\{\{\s*([a-z_]+(?:\.[a-z_]+)?)\s*(?:\|\s*default:\s*(?:"([^"{}%<>]*)"|'([^'{}%<>]*)')\s*)?\}\}/g;

function unknownVariables(value: string, known: string[]): string[] {
  return [...value.matchAll(VARIABLE)].map((match) => match[1]!).filter((name) => !known.includes(name));
}

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
  "{": "&#123;",
  "}": "&#125;",
  "%": "&#37;",
};
/** Text as HTML that no Liquid delimiter survives: { } and % are written as entities. */
const escapeText = (value: string) => value.replace(/[&<>"'{}%]/g, (char) => ESCAPES[char]!);

/** Merchant text as HTML: escaped, with its known variables kept as Liquid output. Lines break where the merchant broke them. */
export function textToLiquid(value: string, known: string[]): string {
  let out = "";
  let last = 0;
  for (const match of value.matchAll(VARIABLE)) {
    const [whole, name, double, single] = match;
    out += escapeText(value.slice(last, match.index));
    const fallback = double ?? single;
    out += known.includes(name!)
      ? `{{ ${name}${fallback === undefined ? "" : ` | default: "${fallback.replace(/"/g, "")}"`} }}`
      : escapeText(whole);
    last = match.index! + whole.length;
  }
  return (out + escapeText(value.slice(last))).replace(/\r?\n/g, "<br>");
}

/** A link attribute: a known variable as Liquid output, or the URL escaped. */
function hrefOf(link: string, links: string[]): string {
  return links.includes(link) ? `{{ ${link} }}` : escapeText(link);
}

/** Black or white, whichever reads better on the colour (WCAG relative luminance). */
export function readableOn(hex: string): "#000000" | "#ffffff" {
  const channel = (offset: number) => {
    const value = parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  return luminance > 0.179 ? "#000000" : "#ffffff";
}

const FONT = "font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";

function blockToLiquid(block: EmailBlock, design: EmailDesign, known: { printable: string[]; links: string[] }): string {
  const say = (value: string) => textToLiquid(value, known.printable);
  const onButton = readableOn(design.button);
  const button = (href: string, label: string) =>
    `<table role="presentation" cellpadding="0" cellspacing="0" style="margin:8px 0 24px"><tr><td style="border-radius:6px;background:${design.button}"><a href="${href}" style="display:inline-block;padding:12px 24px;${FONT};font-size:16px;font-weight:600;color:${onButton};text-decoration:none;border-radius:6px">${label}</a></td></tr></table>`;
  switch (block.type) {
    case "heading":
      return `<h1 style="margin:0 0 16px;${FONT};font-size:24px;line-height:1.3;color:${design.text}">${say(block.text)}</h1>`;
    case "text":
      return `<p style="margin:0 0 16px;${FONT};font-size:16px;line-height:1.5;color:${design.text}">${say(block.text)}</p>`;
    case "button":
      return button(hrefOf(block.link, known.links), say(block.label));
    case "logo":
      return `<p style="margin:0 0 24px"><img src="${escapeText(design.logoUrl)}" alt="{{ shop.name }}" width="160" style="display:block;max-width:160px;height:auto;border:0"></p>`;
    case "image":
      return `<p style="margin:0 0 16px"><img src="${escapeText(block.src)}" alt="${say(block.alt)}" width="536" style="display:block;width:100%;max-width:536px;height:auto;border:0;border-radius:6px"></p>`;
    case "divider":
      return `<hr style="border:0;border-top:1px solid #dddddd;margin:24px 0">`;
    case "survey":
      return `{% if survey %}<p style="margin:24px 0 8px;${FONT};font-weight:600;color:${design.text}">${say(block.question)}</p>
<p style="margin:0">{% for link in survey.links %}<a href="{{ link.url }}" style="display:inline-block;min-width:36px;margin:0 4px 4px 0;padding:8px 0;text-align:center;border:1px solid ${design.button};border-radius:6px;${FONT};color:${design.text};text-decoration:none;font-weight:600">{{ link.score }}</a>{% endfor %}</p>
<p style="margin:4px 0 16px;${FONT};font-size:13px;color:${design.text}">1 = ${say(block.low)}, 5 = ${say(block.high)}</p>{% endif %}`;
    case "products":
      // image_url and rating_urls come with review emails that have them; without, the row is title and button.
      return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="margin:8px 0 16px">
{% for product in products %}<tr>
{% if product.image_url %}<td width="88" valign="top" style="padding:0 16px 16px 0"><img src="{{ product.image_url }}" alt="{{ product.title }}" width="72" height="72" style="display:block;width:72px;height:72px;object-fit:cover;border:0;border-radius:6px"></td>{% endif %}
<td valign="top" style="padding:0 0 16px;${FONT};color:${design.text}"><p style="margin:0 0 6px;font-size:16px;font-weight:600">{{ product.title }}</p>
{% if product.rating_urls %}<p style="margin:0 0 8px">{% for rating in product.rating_urls %}<a href="{{ rating.url }}" aria-label="{{ rating.score }} / 5" style="display:inline-block;margin:0 2px 0 0;font-size:24px;line-height:1;color:${design.button};text-decoration:none">&#9733;</a>{% endfor %}</p>{% endif %}
<a href="{{ product.review_url }}" style="display:inline-block;padding:8px 16px;border-radius:6px;background:${design.button};color:${onButton};font-size:14px;font-weight:600;text-decoration:none">${say(block.buttonLabel)}</a></td>
</tr>{% endfor %}
</table>`;
  }
}

/** The template's body as Liquid, the same for the same design (the editor compares them to tell hand edits). */
export function blocksToLiquid(kind: TemplateKind, template: BlockTemplate): string {
  const known = blockVariables(kind);
  const content = template.blocks.map((block) => blockToLiquid(block, template.design, known)).join("\n");
  return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:${template.design.background};border-radius:8px">
<tr><td style="padding:16px;color:${template.design.text}">
${content}
</td></tr>
</table>`;
}

/** Reads stored or posted JSON; null when it is not a block template. */
export function parseBlockTemplate(json: string | null | undefined): BlockTemplate | null {
  if (!json) return null;
  try {
    const parsed = BlockTemplate.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export const DEFAULT_DESIGN: EmailDesign = { background: "#ffffff", text: "#1a1a1a", button: "#1a1a1a", logoUrl: "" };

/** A new block of a type, with words to start from in the email's language. */
export function newBlock(type: BlockType, kind: TemplateKind, locale: EmailLocale): EmailBlock {
  const words = STARTER_WORDS[locale];
  switch (type) {
    case "heading":
      return { type, text: words.heading };
    case "text":
      return { type, text: words.text };
    case "button":
      return { type, label: words.button, link: blockVariables(kind).links.find((name) => name !== "unsubscribe_url") ?? "shop.url" };
    case "products":
      return { type, buttonLabel: words.review };
    case "survey":
      return { type, question: words.question, low: words.low, high: words.high };
    case "image":
      return { type, src: "", alt: "" };
    default:
      return { type };
  }
}

const STARTER_WORDS: Record<EmailLocale, Record<string, string>> = {
  en: {
    heading: 'Hi {{ customer.first_name | default: "there" }},',
    text: "Thank you for shopping with {{ shop.name }}.",
    button: "Visit the store",
    review: "Write a review",
    question: "How was shopping with us?",
    low: "not good",
    high: "excellent",
    signoff: "With thanks,\n{{ shop.name }}",
  },
  el: {
    heading: "Γεια σας,",
    text: "Σας ευχαριστούμε που ψωνίσατε από το {{ shop.name }}.",
    button: "Επισκεφθείτε το κατάστημα",
    review: "Γράψτε κριτική",
    question: "Πώς ήταν η εμπειρία σας;",
    low: "κακή",
    high: "εξαιρετική",
    signoff: "Με εκτίμηση,\n{{ shop.name }}",
  },
};

/** "Start from blocks": a heading, a line, what the kind is about (products, the question, a button), a sign-off. */
export function starterBlocks(kind: TemplateKind, locale: EmailLocale): BlockTemplate {
  const types = blockTypesFor(kind);
  const words = STARTER_WORDS[locale];
  const middle: EmailBlock[] = types.includes("products")
    ? [newBlock("products", kind, locale)]
    : types.includes("survey")
      ? [newBlock("survey", kind, locale)]
      : [newBlock("button", kind, locale)];
  return {
    design: DEFAULT_DESIGN,
    blocks: [newBlock("heading", kind, locale), newBlock("text", kind, locale), ...middle, { type: "text", text: words.signoff! }],
  };
}
