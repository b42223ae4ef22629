// The emails a merchant can edit, the languages they come in, and the variables each
// template can use. The editor's documentation and its preview data come from here.
import type { EmailFlow } from "./plan";

/** The outbox's flows: the post-purchase order emails, and the loyalty programme's member emails. */
export type OutboxFlow = EmailFlow | "points_expiry" | "points_available";

export const TEMPLATE_KINDS = {
  thank_you_first: { flow: "thank_you", label: "Thank you — first order" },
  thank_you_returning: { flow: "thank_you", label: "Thank you — returning customer" },
  review_request: { flow: "review_request", label: "Review request" },
  review_reminder: { flow: "review_request", label: "Review reminder" },
  points_expiry: { flow: "points_expiry", label: "Points expiry warning" },
  points_available: { flow: "points_available", label: "Points available" },
} as const satisfies Record<string, { flow: OutboxFlow; label: string }>;

export type TemplateKind = keyof typeof TEMPLATE_KINDS;
export const isTemplateKind = (value: string): value is TemplateKind => value in TEMPLATE_KINDS;

export const EMAIL_LOCALES = ["en", "el"] as const;
export type EmailLocale = (typeof EMAIL_LOCALES)[number];
export const LOCALE_NAMES: Record<EmailLocale, string> = { en: "English", el: "Ελληνικά (Greek)" };
export const isEmailLocale = (value: string): value is EmailLocale => (EMAIL_LOCALES as readonly string[]).includes(value);

/** The email language for a customer's locale ("el-GR" → "el"), else the shop's, else English. */
export function emailLocaleFor(customerLocale: string | null | undefined, shopLocale: string | null | undefined): EmailLocale {
  for (const candidate of [customerLocale, shopLocale]) {
    const language = candidate?.toLowerCase().split(/[-_]/)[0] ?? "";
    if (isEmailLocale(language)) return language;
  }
  return "en";
}

export interface TemplateVariable {
  name: string;
  description: string;
  /** Only these kinds have the variable; absent: every kind. */
  kinds?: TemplateKind[];
}

const ORDER_KINDS: TemplateKind[] = ["thank_you_first", "thank_you_returning", "review_request", "review_reminder"];

export const TEMPLATE_VARIABLES: TemplateVariable[] = [
  { name: "shop.name", description: "Your store's name" },
  { name: "shop.url", description: "Your storefront's address" },
  { name: "customer.first_name", description: 'The customer\'s first name (may be blank: use | default: "there")' },
  { name: "order.name", description: "The order number, e.g. #1001", kinds: ORDER_KINDS },
  { name: "order.total", description: "The order total, formatted in the customer's currency", kinds: ORDER_KINDS },
  { name: "order.date", description: "The order date, in the customer's language", kinds: ORDER_KINDS },
  {
    name: "products",
    description:
      "The products to review: each has title, image_url (blank when the product has no image), review_url, and rating_urls (score 1–5 and url: opens the review page with that rating chosen)",
    kinds: ["review_request", "review_reminder"],
  },
  { name: "review_url", description: "One link to review every product of the order", kinds: ["review_request", "review_reminder"] },
  { name: "reminder_number", description: "1 for the first reminder, 2 for the second", kinds: ["review_reminder"] },
  {
    name: "survey",
    description: "The satisfaction question, when turned on: survey.links has score (1–5) and url for each answer",
    kinds: ["thank_you_first", "thank_you_returning"],
  },
  { name: "points", description: "The customer's points balance, e.g. 1,250", kinds: ["points_expiry", "points_available"] },
  { name: "released_points", description: "The points that just became spendable, e.g. 158", kinds: ["points_available"] },
  { name: "expires_on", description: "The date the points expire, in the customer's language", kinds: ["points_expiry"] },
  {
    name: "rewards_url",
    description: "Your storefront's rewards page (/pages/rewards), where points are spent",
    kinds: ["points_expiry", "points_available"],
  },
  { name: "unsubscribe_url", description: "One-click unsubscribe (also added to the footer for you)" },
];

export const variablesFor = (kind: TemplateKind) => TEMPLATE_VARIABLES.filter((v) => !v.kinds || v.kinds.includes(kind));
