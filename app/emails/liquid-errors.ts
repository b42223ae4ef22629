// What a merchant reads when their template does not parse or render: the line and what to fix,
// in their words. liquidjs's own messages ("tag {% if x %} not closed, line:3, col:1" followed by
// the source and a caret) are for developers; the caller logs them and shows this instead.

const LINE = /, line:(\d+), col:\d+/;

/** liquidjs's errors carry the position in their token; the message repeats it as text. */
function lineOf(error: unknown, message: string): number | null {
  const token = (error as { token?: { getPosition?: () => [number, number] } } | null)?.token;
  const position = typeof token?.getPosition === "function" ? token.getPosition() : null;
  if (position && Number.isInteger(position[0])) return position[0];
  const match = LINE.exec(message);
  return match ? Number(match[1]) : null;
}

/** The tags that need an end tag, as Liquid writes it. */
const BLOCK_TAGS = new Set(["if", "unless", "for", "case", "capture", "comment", "raw", "tablerow"]);
const OPENER_OF: Record<string, string> = Object.fromEntries([...BLOCK_TAGS].map((tag) => [`end${tag}`, tag]));

type Rule = { pattern: RegExp; explain: (match: RegExpExecArray) => string };

const RULES: Rule[] = [
  {
    // tag {% if x %} not closed
    pattern: /^tag \{%-?\s*(\w+)[\s\S]*?-?%\} not closed/,
    explain: ([, tag]) => `the tag {% ${tag} %} is not closed. Add {% end${tag} %} where its part should end.`,
  },
  {
    // tag "endif" not found: an end tag without its opening tag, or an unknown tag
    pattern: /^tag "(\w+)" not found/,
    explain: ([, tag]) =>
      OPENER_OF[tag!]
        ? `{% ${tag} %} has no {% ${OPENER_OF[tag!]} %} before it. Remove it, or add the opening tag.`
        : `there is no tag called {% ${tag} %}. Check its spelling; the tags emails can use are if, unless, for, case, assign and capture.`,
  },
  {
    pattern: /^illegal tag: \{%-?\s*(\w+)/,
    explain: ([, tag]) => `the tag {% ${tag} %} is incomplete. For example: {% for product in products %} … {% endfor %}.`,
  },
  {
    pattern: /^undefined variable: ([\w.]+)/,
    explain: ([, name]) => `this email has no variable called “${name}”. Use one from the Variables list, or check its spelling.`,
  },
  {
    pattern: /^undefined filter: (\w+)/,
    explain: ([, name]) => `there is no filter called “${name}”. Check its spelling, e.g. | default: "there" or | upcase.`,
  },
  {
    pattern: /^output "[\s\S]*?" not closed/,
    explain: () => "a {{ is not closed. Add }} after the variable.",
  },
  {
    pattern: /^tag "[\s\S]*?" not closed/,
    explain: () => "a {% is not closed. Add %} at the end of the tag.",
  },
  {
    pattern: /^(invalid value expression|expected variable name|unexpected token)/,
    explain: () => "a tag or {{ }} is missing its value. Write what it should show or test, e.g. {% if order.name %}.",
  },
  {
    pattern: /(ENOENT|Failed to lookup)/,
    explain: () => "emails can't include other templates ({% include %} and {% render %}). Put the content in this template.",
  },
  {
    pattern: /limit exceeded/,
    explain: () => "the template takes too long to fill in. Look for a loop that repeats too often.",
  },
];

/**
 * "Line 3: the tag {% if %} is not closed. Add {% endif %} where its part should end." from a
 * liquidjs error; anything it does not recognise still gets the line and a general hint.
 */
export function friendlyLiquidError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = message.split("\n")[0] ?? "";
  const line = lineOf(error, firstLine);
  const prefix = line === null ? "" : `Line ${line}: `;
  for (const rule of RULES) {
    const match = rule.pattern.exec(firstLine);
    if (match) return capitalise(`${prefix}${rule.explain(match)}`);
  }
  return capitalise(`${prefix}Liquid can't read this part of the template. Check that every {{ has its }} and every {% its %}.`);
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
