// The variables a template sees, built the same way for real sends and for the editor's
// preview, so what the merchant previews is what customers get.
import type { EmailContext } from "./render";
import type { EmailLocale } from "./template-kinds";

export interface ContextInput {
  shop: { name: string; storefrontUrl: string; email: string; timeZone: string };
  customer: { firstName: string; email: string };
  order: { name: string; total: string; currencyCode: string; processedAt: Date };
  locale: EmailLocale;
  /** Review requests: the products to ask about and the landing page for them. */
  review?: { products: { title: string }[]; url: string; reminderNumber: number };
  /** Thank-you emails with the satisfaction question on. */
  surveyLinks?: { score: number; url: string }[] | null;
  unsubscribeUrl: string;
}

export function formatMoney(amount: string, currencyCode: string, locale: EmailLocale): string {
  return new Intl.NumberFormat(locale, { style: "currency", currency: currencyCode }).format(Number(amount));
}

export function buildEmailContext(input: ContextInput): EmailContext {
  const context: EmailContext = {
    shop: { name: input.shop.name, url: input.shop.storefrontUrl, email: input.shop.email },
    customer: { first_name: input.customer.firstName, email: input.customer.email },
    order: {
      name: input.order.name,
      total: formatMoney(input.order.total, input.order.currencyCode, input.locale),
      date: new Intl.DateTimeFormat(input.locale, { dateStyle: "long", timeZone: input.shop.timeZone }).format(input.order.processedAt),
    },
    unsubscribe_url: input.unsubscribeUrl,
  };
  if (input.review) {
    context.products = input.review.products.map((product) => ({ title: product.title, review_url: input.review!.url }));
    context.review_url = input.review.url;
    if (input.review.reminderNumber > 0) context.reminder_number = input.review.reminderNumber;
  }
  if (input.surveyLinks !== undefined) context.survey = input.surveyLinks ? { links: input.surveyLinks } : null;
  return context;
}

/** Believable data for the template editor's preview and test sends. */
export function sampleContextInput(
  kind: "thank_you_first" | "thank_you_returning" | "review_request" | "review_reminder",
  locale: EmailLocale,
  shop: ContextInput["shop"],
  withSurvey: boolean,
): ContextInput {
  const reviewUrl = `${shop.storefrontUrl}/apps/retention/review?token=preview&locale=${locale}`;
  const greek = locale === "el";
  return {
    shop,
    customer: { firstName: greek ? "Ελένη" : "Alex", email: "customer@example.com" },
    order: { name: "#1001", total: "84.50", currencyCode: "EUR", processedAt: new Date("2026-11-02T10:00:00Z") },
    locale,
    review:
      kind === "review_request" || kind === "review_reminder"
        ? {
            products: [{ title: greek ? "Μάλλινο κασκόλ" : "Wool scarf" }, { title: greek ? "Δερμάτινα γάντια" : "Leather gloves" }],
            url: reviewUrl,
            reminderNumber: kind === "review_reminder" ? 1 : 0,
          }
        : undefined,
    surveyLinks:
      kind === "thank_you_first" || kind === "thank_you_returning"
        ? withSurvey
          ? [1, 2, 3, 4, 5].map((score) => ({ score, url: `${shop.storefrontUrl}#survey-${score}` }))
          : null
        : undefined,
    unsubscribeUrl: `${shop.storefrontUrl}#unsubscribe`,
  };
}
