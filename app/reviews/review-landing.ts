// The page a review-request email links to: every product of the order still to review on one
// form, no login, one submit; the thank-you view after it; a page of its own when everything is
// reviewed or the link no longer works. Served through the app proxy as Liquid, so it appears
// inside the shop's theme, with its own style and script (review-landing-assets.ts).
import { escapeHtml } from "../lib/text";
import { PHOTO_LIMITS } from "./photos.server";
import { REVIEW_PAGE_CSS, REVIEW_PAGE_SCRIPT } from "./review-landing-assets";
import { LANDING_TEXT, type LandingLocale, type LandingText } from "./review-landing-text";
import { FORM_FIELDS, reviewField, type FieldErrors, type TypedValues } from "./review-page-form";
import type { ReviewPageProduct, ReviewPageState, SubmittedReview } from "./review-page.server";
import { REVIEW_LIMITS } from "./spam";

export { landingLocale, type LandingLocale } from "./review-landing-text";

// Liquid would evaluate {{ }} and {% %} in shopper or merchant text; entities keep them inert.
const inert = (value: string) => escapeHtml(value).replace(/\{/g, "&#123;").replace(/\}/g, "&#125;").replace(/%/g, "&#37;");

const STAR_PATH = "M12 2.6l2.9 6 6.6.9-4.8 4.6 1.2 6.5L12 17.5l-5.9 3.1 1.2-6.5L2.5 9.5l6.6-.9z";
const starSvg = `<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="${STAR_PATH}"/></svg>`;

/** The page's wrapper: its style, the content, and (for the form) its script. */
function page(locale: LandingLocale, content: string, { script = false, className = "" } = {}): string {
  return `<section class="rr retention-review-landing${className ? ` ${className}` : ""}" lang="${locale}">
<style>${REVIEW_PAGE_CSS}</style>
${content}
${script ? `<script>${REVIEW_PAGE_SCRIPT}</script>` : ""}
</section>`;
}

/** The element id of a field ("reviews[0].body" → "rr-reviews-0-body"). */
const fieldId = (name: string) => `rr-${name.replace(/[^\w]+/g, "-").replace(/-$/, "")}`;

const thumb = (product: { imageUrl: string | null }) =>
  product.imageUrl
    ? `<img class="rr-thumb" src="${inert(product.imageUrl)}" alt="" width="88" height="88" loading="lazy">`
    : `<span class="rr-thumb rr-thumb-empty" aria-hidden="true"></span>`;

const shopLink = (t: LandingText, secondary = false) =>
  // routes.root_url is the storefront's home in the shopper's language (Shopify's Liquid object).
  `<a class="rr-button${secondary ? " rr-button-secondary" : ""}" href="{{ routes.root_url }}">${inert(t.continueShopping)}</a>`;

function errorSlot(name: string, errors: FieldErrors): string {
  const message = errors[name]?.[0];
  return `<p class="rr-error" id="${fieldId(name)}-error"${message ? "" : " hidden"}>${message ? inert(message) : ""}</p>`;
}

const invalid = (name: string, errors: FieldErrors) => (errors[name]?.length ? ' aria-invalid="true"' : "");

export interface ReviewFormPageInput {
  locale: LandingLocale;
  token: string;
  state: ReviewPageState;
  /** The product and rating a star in the email chose. */
  prefill?: { productId: string; rating: number } | null;
  /** After a refused submission: what the shopper typed, and why it was refused. */
  values?: TypedValues;
  errors?: FieldErrors;
  /** The refused submission had photos, which a page cannot keep: the shopper is asked again. */
  photosChosen?: boolean;
  /** Titles of the products whose reviews this submission sent before the others were refused. */
  sentTitles?: string[];
}

function productCard(product: ReviewPageProduct, input: ReviewFormPageInput, t: LandingText): string {
  const { values = {}, errors = {}, prefill } = input;
  const name = (field: Parameters<typeof reviewField>[1]) => reviewField(product.index, field);
  const id = (field: Parameters<typeof reviewField>[1]) => fieldId(name(field));
  const typedRating = values[name("rating")];
  const rating = typedRating !== undefined ? Number(typedRating) : prefill?.productId === product.id ? prefill.rating : 0;
  const heading = `${id("product_id")}-title`;
  const stars = [1, 2, 3, 4, 5]
    .map(
      (n) =>
        `<label class="rr-star"><input type="radio" name="${name("rating")}" value="${n}"${n === rating ? " checked" : ""}>${starSvg}<span class="rr-vh">${inert(t.stars(n))}</span></label>`,
    )
    .join("");
  const photosAgain = input.photosChosen && !errors[name("photos")] ? `<span class="rr-hint">${inert(t.photosAgain)}</span>` : "";
  return `<div class="rr-card" role="group" data-rr-card="${fieldId(`reviews[${product.index}]`)}-" aria-labelledby="${heading}">
<div class="rr-card-head">${thumb(product)}<h2 id="${heading}">${inert(product.title)}</h2></div>
<input type="hidden" name="${name("product_id")}" value="${inert(product.id.split("/").pop()!)}">
<fieldset class="rr-group" id="${id("rating")}" data-rr-stars aria-describedby="${id("rating")}-error"${invalid(name("rating"), errors)}>
<legend>${inert(t.rating)}</legend>
<div class="rr-stars">${stars}<span class="rr-rating-word" data-rr-word aria-hidden="true">${rating ? inert(t.ratingWords[rating - 1]!) : ""}</span></div>
${errorSlot(name("rating"), errors)}
</fieldset>
<div class="rr-field"><label class="rr-label" for="${id("body")}">${inert(t.body)}</label>
<textarea class="rr-input" id="${id("body")}" name="${name("body")}" rows="5" maxlength="${REVIEW_LIMITS.bodyMax}" placeholder="${inert(t.bodyPlaceholder)}" aria-describedby="${id("body")}-hint ${id("body")}-error"${invalid(name("body"), errors)}>${inert(values[name("body")] ?? "")}</textarea>
<span class="rr-hint" id="${id("body")}-hint">${inert(t.bodyHint)}</span>${errorSlot(name("body"), errors)}</div>
<div class="rr-field"><label class="rr-label" for="${id("title")}">${inert(t.title)}</label>
<input class="rr-input" id="${id("title")}" name="${name("title")}" data-rr-title maxlength="${REVIEW_LIMITS.titleMax}" placeholder="${inert(t.titlePlaceholder)}" value="${inert(values[name("title")] ?? "")}" aria-describedby="${id("title")}-error"${invalid(name("title"), errors)}>
${errorSlot(name("title"), errors)}</div>
<div class="rr-field"><label class="rr-label" for="${id("photos")}">${inert(t.photos)}</label>
<input class="rr-file" id="${id("photos")}" name="${name("photos")}" type="file" accept="${PHOTO_LIMITS.types.join(",")}" multiple aria-describedby="${id("photos")}-hint ${id("photos")}-error"${invalid(name("photos"), errors)}>
<span class="rr-hint" id="${id("photos")}-hint">${inert(t.photosHint)}</span>${photosAgain}${errorSlot(name("photos"), errors)}
<ul class="rr-previews" id="${id("photos")}-previews"></ul></div>
</div>`;
}

/** The messages the page's script shows, the same as the server's. */
function scriptMessages(t: LandingText): string {
  return JSON.stringify({
    rating: t.errors.rating,
    bodyMissing: t.errors.bodyMissing,
    bodyShort: t.errors.bodyShort,
    bodyMin: REVIEW_LIMITS.bodyMin,
    nameMissing: t.errors.nameMissing,
    nothingFilled: t.errors.nothingFilled,
    photoCount: PHOTO_LIMITS.count,
    photoCountError: t.errors.photoCount,
    photoBytes: PHOTO_LIMITS.bytes,
    photoTypes: PHOTO_LIMITS.types,
    photoSize: t.errors.photoSize("#"),
    photoType: t.errors.photoType("#"),
    photo: t.photoRemove,
    sending: t.sending,
    words: t.ratingWords,
  });
}

/** The form: one card per product still to review, the name once, one submit. */
export function reviewFormPage(input: ReviewFormPageInput): string {
  const { locale, token, state, errors = {}, values = {} } = input;
  const t = LANDING_TEXT[locale];
  // The product whose star was clicked in the email comes first.
  const products = [...state.open].sort((a, b) => Number(b.id === input.prefill?.productId) - Number(a.id === input.prefill?.productId));
  const problems = Object.entries(errors).filter(([, messages]) => messages.length > 0);
  const formProblem = errors[""]?.[0];
  const summary = `<div class="rr-summary" id="rr-form-error" role="alert" tabindex="-1"${problems.length ? "" : " hidden"}>${
    problems.length
      ? formProblem && problems.length === 1
        ? inert(formProblem)
        : `${inert(t.errorSummary(problems.length))}<ul>${problems
            .map(([name, messages]) => `<li>${name ? `<a href="#${fieldId(name)}">${inert(messages[0]!)}</a>` : inert(messages[0]!)}</li>`)
            .join("")}</ul>`
      : ""
  }</div>`;
  const sent = input.sentTitles?.length ? `<p class="rr-notice" role="status">${inert(t.sentSome(input.sentTitles.join(", ")))}</p>` : "";
  const reviewed = state.reviewed.length
    ? `<p class="rr-done-note">${inert(t.alreadyReviewedSome(state.reviewed.map((product) => product.title).join(", ")))}</p>`
    : "";
  const authorName = values[FORM_FIELDS.authorName] ?? state.order?.customerFirstName ?? "";
  const nameId = fieldId(FORM_FIELDS.authorName);
  const content = `<h1>${inert(t.heading)}</h1>
<p class="rr-intro">${inert(state.order ? t.intro(state.order.name) : t.introNoOrder)}</p>
<p class="rr-sub">${inert(products.length > 1 ? t.skipHint : "")}</p>
${sent}${summary}${reviewed}
<form method="post" enctype="multipart/form-data" data-rr-form data-rr-messages="${inert(scriptMessages(t))}">
<input type="hidden" name="${FORM_FIELDS.token}" value="${inert(token)}">
<input type="hidden" name="${FORM_FIELDS.locale}" value="${locale}">
<div class="rr-honeypot" aria-hidden="true"><label>Website <input name="${FORM_FIELDS.honeypot}" tabindex="-1" autocomplete="off"></label></div>
${products.map((product) => productCard(product, input, t)).join("\n")}
<div class="rr-field"><label class="rr-label" for="${nameId}">${inert(t.name)}</label>
<input class="rr-input" id="${nameId}" name="${FORM_FIELDS.authorName}" maxlength="${REVIEW_LIMITS.authorNameMax}" autocomplete="name" value="${inert(authorName)}" aria-describedby="${nameId}-hint ${nameId}-error"${invalid(FORM_FIELDS.authorName, errors)}>
<span class="rr-hint" id="${nameId}-hint">${inert(t.nameHint)}</span>${errorSlot(FORM_FIELDS.authorName, errors)}</div>
<div class="rr-actions"><button class="rr-submit" type="submit" data-rr-submit>${inert(products.length > 1 ? t.submitMany : t.submitOne)}</button></div>
</form>`;
  return page(locale, content, { script: true });
}

const starsText = (rating: number) => "★".repeat(rating) + "☆".repeat(5 - rating);

/** After a submission: what was sent, and whether more of the order is left to review. */
export function reviewThanksPage({
  locale,
  token,
  submitted,
  remaining,
}: {
  locale: LandingLocale;
  token: string;
  submitted: (SubmittedReview & { product: ReviewPageProduct })[];
  remaining: number;
}): string {
  const t = LANDING_TEXT[locale];
  const items = submitted
    .map(
      (review) => `<li>${thumb(review.product)}<div><h2>${inert(review.product.title)}</h2>
<p class="rr-list-stars" role="img" aria-label="${inert(t.yourRating(review.rating))}">${starsText(review.rating)}</p>
${review.title ? `<p class="rr-list-title">${inert(review.title)}</p>` : ""}<p class="rr-status">${inert(
        [
          review.status === "published" ? t.thanksPublishedLine : t.thanksPendingLine,
          ...(review.photoCount ? [t.photoCount(review.photoCount)] : []),
        ].join(" · "),
      )}</p></div></li>`,
    )
    .join("");
  const rest = remaining
    ? `<a class="rr-button" href="?token=${encodeURIComponent(token)}&amp;locale=${locale}">${inert(t.reviewRest)}</a>`
    : "";
  return page(
    locale,
    `<h1>${inert(submitted.length > 1 ? t.thanksHeadingMany : t.thanksHeading)}</h1>
<p class="rr-intro">${inert(t.thanksIntro)}</p>
${remaining ? `<p class="rr-notice">${inert(t.moreToReview(remaining))}</p>` : ""}
<ul class="rr-list" role="list">${items}</ul>
<div class="rr-actions">${rest}${shopLink(t, remaining > 0)}</div>`,
  );
}

/** Opened once every product of the order has the buyer's review. */
export function allReviewedPage(locale: LandingLocale, reviewed: ReviewPageProduct[]): string {
  const t = LANDING_TEXT[locale];
  const items = reviewed
    .map(
      (product) =>
        `<li>${thumb(product)}<div><h2>${inert(product.title)}</h2>${
          product.rating
            ? `<p class="rr-list-stars" role="img" aria-label="${inert(t.yourRating(product.rating))}">${starsText(product.rating)}</p>`
            : ""
        }</div></li>`,
    )
    .join("");
  return page(
    locale,
    `<h1>${inert(t.allDoneHeading)}</h1><p class="rr-intro">${inert(t.allDoneText)}</p>
<ul class="rr-list" role="list">${items}</ul><div class="rr-actions">${shopLink(t)}</div>`,
  );
}

/** A link that no longer works: expired, or not one the app signed for this shop. */
export function reviewLinkProblemPage(locale: LandingLocale, problem: "expired" | "invalid"): string {
  const t = LANDING_TEXT[locale];
  const [heading, text] = problem === "expired" ? [t.expiredHeading, t.expiredText] : [t.invalidHeading, t.invalidText];
  return page(locale, `<h1>${inert(heading)}</h1><p class="rr-intro">${inert(text)}</p><div class="rr-actions">${shopLink(t)}</div>`, {
    className: "rr-message",
  });
}

/** A one-line page (the storefront form's answer without JavaScript, a refused request). */
export function reviewMessagePage(locale: LandingLocale, message: "expired" | "thanksPublished" | "thanksPending"): string {
  const t = LANDING_TEXT[locale];
  const text = message === "expired" ? t.expiredText : t[message];
  return page(locale, `<p class="rr-intro" role="status">${inert(text)}</p><div class="rr-actions">${shopLink(t)}</div>`, {
    className: "rr-message",
  });
}

/** A request the page cannot take (too many at once, a body that did not arrive whole). */
export function reviewProblemPage(locale: LandingLocale, message: string): string {
  const t = LANDING_TEXT[locale];
  return page(locale, `<p class="rr-summary" role="alert">${inert(message)}</p><div class="rr-actions">${shopLink(t, true)}</div>`, {
    className: "rr-message",
  });
}
