// The variables a template sees, built the same way for real sends and for the editor's
// preview, so what the merchant previews is what customers get.
import { formatMoney } from "../lib/money";
import type { EmailContext } from "./render";
import type { EmailLocale, TemplateKind } from "./template-kinds";

export interface ContextInput {
  shop: { name: string; storefrontUrl: string; email: string; timeZone: string };
  customer: { firstName: string; email: string };
  /** Order emails (thank-you, review request). */
  order?: { name: string; total: string; currencyCode: string; processedAt: Date };
  /**
   * The loyalty emails: the balance, where to spend it, and when it expires (the expiry warning)
   * or how many points just became spendable (points available).
   */
  points?: { balance: number; expiresOn?: Date; released?: number; rewardsUrl: string };
  locale: EmailLocale;
  /**
   * Review requests: the products to ask about (id: the Product GID; imageUrl: its featured image,
   * null when it has none or Shopify could not be asked) and the review page for them.
   */
  review?: { products: { id: string; title: string; imageUrl: string | null }[]; url: string; reminderNumber: number };
  /** Thank-you emails with the satisfaction question on. */
  surveyLinks?: { score: number; url: string }[] | null;
  unsubscribeUrl: string;
}

const RATINGS = [1, 2, 3, 4, 5];

/**
 * The review page for one product of the order, and with `rating` that rating already chosen
 * (the email's one-click stars): `product` is the numeric product id the page accepts.
 */
export function reviewPageUrl(pageUrl: string, productId: string, rating?: number): string {
  const url = new URL(pageUrl);
  url.searchParams.set("product", productId.split("/").pop()!);
  if (rating !== undefined) url.searchParams.set("rating", String(rating));
  return url.toString();
}

export function buildEmailContext(input: ContextInput): EmailContext {
  const longDate = new Intl.DateTimeFormat(input.locale, { dateStyle: "long", timeZone: input.shop.timeZone });
  const context: EmailContext = {
    shop: { name: input.shop.name, url: input.shop.storefrontUrl, email: input.shop.email },
    customer: { first_name: input.customer.firstName, email: input.customer.email },
    unsubscribe_url: input.unsubscribeUrl,
  };
  if (input.order) {
    context.order = {
      name: input.order.name,
      total: formatMoney(input.order.total, input.order.currencyCode, { locale: input.locale }),
      date: longDate.format(input.order.processedAt),
    };
  }
  if (input.points) {
    context.points = new Intl.NumberFormat(input.locale).format(input.points.balance);
    if (input.points.expiresOn) context.expires_on = longDate.format(input.points.expiresOn);
    if (input.points.released !== undefined) context.released_points = new Intl.NumberFormat(input.locale).format(input.points.released);
    context.rewards_url = input.points.rewardsUrl;
  }
  if (input.review) {
    const pageUrl = input.review.url;
    context.products = input.review.products.map((product) => ({
      title: product.title,
      image_url: product.imageUrl ?? "",
      review_url: reviewPageUrl(pageUrl, product.id),
      rating_urls: RATINGS.map((score) => ({ score, url: reviewPageUrl(pageUrl, product.id, score) })),
    }));
    context.review_url = input.review.url;
    if (input.review.reminderNumber > 0) context.reminder_number = input.review.reminderNumber;
  }
  if (input.surveyLinks !== undefined) context.survey = input.surveyLinks ? { links: input.surveyLinks } : null;
  return context;
}

/** Believable data for the template editor's preview and test sends. */
export function sampleContextInput(kind: TemplateKind, locale: EmailLocale, shop: ContextInput["shop"], withSurvey: boolean): ContextInput {
  const reviewUrl = `${shop.storefrontUrl}/apps/retention/review?token=preview&locale=${locale}`;
  const greek = locale === "el";
  return {
    shop,
    customer: { firstName: greek ? "Ελένη" : "Alex", email: "customer@example.com" },
    order:
      kind === "points_expiry" || kind === "points_available"
        ? undefined
        : { name: "#1001", total: "84.50", currencyCode: "EUR", processedAt: new Date("2026-11-02T10:00:00Z") },
    points:
      kind === "points_expiry"
        ? { balance: 1250, expiresOn: new Date("2026-12-02T10:00:00Z"), rewardsUrl: `${shop.storefrontUrl}/pages/rewards` }
        : kind === "points_available"
          ? { balance: 1250, released: 158, rewardsUrl: `${shop.storefrontUrl}/pages/rewards` }
          : undefined,
    locale,
    review:
      kind === "review_request" || kind === "review_reminder"
        ? {
            // No images: the preview cannot know the shop's products; real emails show each one's.
            products: [
              { id: "gid://shopify/Product/1", title: greek ? "Μάλλινο κασκόλ" : "Wool scarf", imageUrl: null },
              { id: "gid://shopify/Product/2", title: greek ? "Δερμάτινα γάντια" : "Leather gloves", imageUrl: null },
            ],
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
