// The page a review-request email links to: every product of the order on one page, no
// login. Served through the app proxy as Liquid, so it appears inside the shop's theme.
import { escapeHtml } from "../lib/text";

export interface LandingProduct {
  numericId: string;
  title: string;
}

const TEXT = {
  en: {
    heading: "How did we do?",
    intro: "Rate the products from your order. Your review helps other shoppers.",
    rating: "Your rating",
    stars: (n: number) => `${n} star${n === 1 ? "" : "s"}`,
    title: "Title (optional)",
    body: "Your review",
    name: "Name shown with your review",
    photos: "Photos (up to 5 images, 5 MB each)",
    submit: "Submit review",
    expired: "This review link has expired or is not valid. Thank you for shopping with us!",
    thanksPublished: "Thank you! Your review is published.",
    thanksPending: "Thank you! Your review will appear after moderation.",
  },
  el: {
    heading: "Πώς τα πήγαμε;",
    intro: "Βαθμολογήστε τα προϊόντα της παραγγελίας σας. Η κριτική σας βοηθά άλλους αγοραστές.",
    rating: "Η βαθμολογία σας",
    stars: (n: number) => `${n} ${n === 1 ? "αστέρι" : "αστέρια"}`,
    title: "Τίτλος (προαιρετικό)",
    body: "Η κριτική σας",
    name: "Όνομα που θα εμφανίζεται",
    photos: "Φωτογραφίες (έως 5 εικόνες, 5 MB η καθεμία)",
    submit: "Υποβολή κριτικής",
    expired: "Αυτός ο σύνδεσμος κριτικής έληξε ή δεν είναι έγκυρος. Σας ευχαριστούμε για την αγορά σας!",
    thanksPublished: "Ευχαριστούμε! Η κριτική σας δημοσιεύτηκε.",
    thanksPending: "Ευχαριστούμε! Η κριτική σας θα εμφανιστεί μετά τον έλεγχο.",
  },
} as const;

export type LandingLocale = keyof typeof TEXT;
export const landingLocale = (locale: string | null | undefined): LandingLocale => (locale?.startsWith("el") ? "el" : "en");

// Liquid would evaluate {{ }} and {% %} in shopper or merchant text; entities keep them inert.
const inert = (value: string) => escapeHtml(value).replace(/\{/g, "&#123;").replace(/\}/g, "&#125;").replace(/%/g, "&#37;");

export function reviewLandingPage({
  products,
  token,
  locale,
}: {
  products: LandingProduct[];
  token: string;
  locale: LandingLocale;
}): string {
  const t = TEXT[locale];
  const forms = products
    .map((product, index) => {
      const id = `review-${index}`;
      const stars = [5, 4, 3, 2, 1]
        .map((n) => `<label><input type="radio" name="rating" value="${n}" required> ${inert(t.stars(n))}</label>`)
        .join(" ");
      return `<form class="retention-review-form" method="post" action="/apps/retention/reviews" enctype="multipart/form-data" aria-labelledby="${id}">
  <h2 id="${id}">${inert(product.title)}</h2>
  <input type="hidden" name="token" value="${inert(token)}">
  <input type="hidden" name="product_id" value="${inert(product.numericId)}">
  <input type="hidden" name="locale" value="${locale}">
  <fieldset><legend>${inert(t.rating)}</legend>${stars}</fieldset>
  <p><label for="${id}-title">${inert(t.title)}</label><br><input id="${id}-title" name="title" maxlength="120"></p>
  <p><label for="${id}-body">${inert(t.body)}</label><br><textarea id="${id}-body" name="body" required minlength="10" maxlength="5000" rows="4"></textarea></p>
  <p><label for="${id}-name">${inert(t.name)}</label><br><input id="${id}-name" name="author_name" required maxlength="60" autocomplete="name"></p>
  <p><label for="${id}-photos">${inert(t.photos)}</label><br><input id="${id}-photos" name="photos" type="file" accept="image/jpeg,image/png,image/webp" multiple></p>
  <p><button type="submit">${inert(t.submit)}</button></p>
</form>`;
    })
    .join("\n");
  return `<section class="retention-review-landing page-width"><h1>${inert(t.heading)}</h1><p>${inert(t.intro)}</p>${forms}</section>`;
}

export function reviewMessagePage(
  locale: LandingLocale,
  message: keyof Pick<(typeof TEXT)["en"], "expired" | "thanksPublished" | "thanksPending">,
): string {
  return `<section class="retention-review-landing page-width"><p role="status">${inert(TEXT[locale][message])}</p></section>`;
}
