// The pages customers open from email links, with no login: unsubscribe and the
// satisfaction answer. Complete, self-contained HTML documents (no scripts, no external
// assets, one small inline style) in the language of the email; every dynamic value is
// escaped. Served by resource routes, so the admin's bundle never loads for them.
import { sha256 } from "../lib/hash.server";
import { escapeHtml } from "../lib/text";
import type { EmailLocale } from "./template-kinds";

const TEXT = {
  en: {
    invalidHeading: "This link is not valid",
    invalidBody: "It may have been copied only in part. Please open it again from the email you received.",
    unsubscribeHeading: (email: string, shop: string) => `Unsubscribe ${email} from ${shop} emails?`,
    unsubscribeBody: (shop: string) =>
      `You will no longer get thank-you notes and review requests from ${shop}. Order confirmations and shipping updates are not affected.`,
    unsubscribeButton: "Unsubscribe",
    unsubscribedHeading: "You're unsubscribed",
    unsubscribedBody: (email: string, shop: string) => `${email} will no longer receive these emails from ${shop}.`,
    surveyConfirmHeading: "How was your experience?",
    surveyScale: "Your score, from 1 (not good) to 5 (excellent)",
    surveyConfirmButton: "Send my answer",
    surveyHeading: "Thank you for your answer",
    surveyScore: (score: number) => `You rated your experience ${score} out of 5.`,
    surveyUnhappy: (shop: string) => `We're sorry it wasn't better. ${shop} will be in touch to put things right.`,
    surveyHappy: "We're glad you enjoyed it!",
    surveyChange: "Changed your mind? Choose another score in the email.",
    commentLabel: "Tell us more",
    commentSubmit: "Send",
    commentRequired: "Please write a few words before sending.",
    feedbackHeading: "Thanks for your feedback",
    feedbackBody: (shop: string) => `${shop} has received your comment.`,
  },
  el: {
    invalidHeading: "Αυτός ο σύνδεσμος δεν είναι έγκυρος",
    invalidBody: "Ίσως δεν αντιγράφηκε ολόκληρος. Ανοίξτε τον ξανά από το email που λάβατε.",
    unsubscribeHeading: (email: string, shop: string) => `Διαγραφή του ${email} από τα email του ${shop};`,
    unsubscribeBody: (shop: string) =>
      `Δεν θα λαμβάνετε πλέον ευχαριστήρια μηνύματα και αιτήματα για κριτική από το ${shop}. Οι επιβεβαιώσεις παραγγελιών και οι ενημερώσεις αποστολής δεν επηρεάζονται.`,
    unsubscribeButton: "Διαγραφή από τη λίστα",
    unsubscribedHeading: "Η διαγραφή σας ολοκληρώθηκε",
    unsubscribedBody: (email: string, shop: string) => `Το ${email} δεν θα λαμβάνει πλέον αυτά τα email από το ${shop}.`,
    surveyConfirmHeading: "Πώς ήταν η εμπειρία σας;",
    surveyScale: "Η βαθμολογία σας, από 1 (κακή) έως 5 (εξαιρετική)",
    surveyConfirmButton: "Αποστολή απάντησης",
    surveyHeading: "Ευχαριστούμε για την απάντησή σας",
    surveyScore: (score: number) => `Βαθμολογήσατε την εμπειρία σας με ${score} στα 5.`,
    surveyUnhappy: (shop: string) => `Λυπούμαστε που δεν ήταν καλύτερη. Το ${shop} θα επικοινωνήσει μαζί σας για να το διορθώσει.`,
    surveyHappy: "Χαιρόμαστε που σας άρεσε!",
    surveyChange: "Αλλάξατε γνώμη; Επιλέξτε άλλη βαθμολογία στο email.",
    commentLabel: "Πείτε μας περισσότερα",
    commentSubmit: "Αποστολή",
    commentRequired: "Γράψτε λίγα λόγια πριν από την αποστολή.",
    feedbackHeading: "Ευχαριστούμε για τα σχόλιά σας",
    feedbackBody: (shop: string) => `Το ${shop} έλαβε το σχόλιό σας.`,
  },
} as const satisfies Record<EmailLocale, unknown>;

/** The longest comment kept (survey.server cuts there too). */
export const COMMENT_MAX_LENGTH = 2000;

const STYLE =
  "body{margin:0;background:#f4f4f4;color:#1a1a1a;font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif}" +
  "main{box-sizing:border-box;max-width:36rem;margin:2rem auto;padding:1.5rem;background:#fff;border-radius:8px}" +
  "h1{font-size:1.5rem;line-height:1.3;margin:0 0 1rem;overflow-wrap:anywhere}" +
  "p{margin:0 0 1rem}.shop{color:#4a4a4a;font-weight:600;margin-bottom:.5rem}" +
  "label{display:block;font-weight:600;margin-bottom:.25rem}" +
  "textarea{box-sizing:border-box;width:100%;font:inherit;padding:.5rem;border:1px solid #767676;border-radius:6px}" +
  "button{font:inherit;min-height:44px;padding:.6rem 1.2rem;border:0;border-radius:6px;background:#1a1a1a;color:#fff;cursor:pointer}" +
  ":focus-visible{outline:3px solid #0b57d0;outline-offset:2px}" +
  ".error{color:#b3261e;font-weight:600}" +
  ".scores{border:0;margin:0 0 1rem;padding:0}.scores legend{font-weight:600;margin-bottom:.5rem}" +
  ".scores label{display:inline-flex;align-items:center;gap:.35rem;min-width:44px;min-height:44px;margin-right:.75rem;font-weight:400}" +
  "@media (max-width:38rem){main{margin:0;border-radius:0;min-height:100vh}}";

const STYLE_HASH = sha256(STYLE, "base64");

/** Headers for every public page: the token in the URL must not leak, be cached or indexed. */
export const PUBLIC_PAGE_HEADERS: Readonly<Record<string, string>> = {
  "Content-Type": "text/html; charset=utf-8",
  "Cache-Control": "private, no-store",
  "X-Robots-Tag": "noindex",
  "Referrer-Policy": "no-referrer",
  "X-Content-Type-Options": "nosniff",
  "Content-Security-Policy": `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
};

export function publicPageResponse(html: string, status = 200): Response {
  return new Response(html, { status, headers: { ...PUBLIC_PAGE_HEADERS } });
}

/** For pages without a valid token to tell the language: the browser's preference, else English. */
export function localeFromAcceptLanguage(header: string | null | undefined): EmailLocale {
  for (const part of (header ?? "").split(",")) {
    const language = part.split(";")[0]!.trim().toLowerCase().split("-")[0];
    if (language === "el" || language === "en") return language;
  }
  return "en";
}

/** A whole page titled by its heading, under the shop's name (null for an unreadable link: no shop is known). */
function document(locale: EmailLocale, heading: string, shopName: string | null, body: string): string {
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(heading)}</title>
<link rel="icon" href="data:,">
<style>${STYLE}</style>
</head>
<body>
<main>
${shopName === null ? "" : `<p class="shop">${escapeHtml(shopName)}</p>\n`}<h1>${escapeHtml(heading)}</h1>
${body}
</main>
</body>
</html>
`;
}

export function invalidLinkPage(locale: EmailLocale): string {
  const t = TEXT[locale];
  return document(locale, t.invalidHeading, null, `<p>${escapeHtml(t.invalidBody)}</p>`);
}

export interface UnsubscribePageInput {
  locale: EmailLocale;
  email: string;
  shopName: string;
  token: string;
}

/** Asks first: opening the link (or a mail scanner fetching it) must not unsubscribe anyone. */
export function unsubscribeConfirmPage({ locale, email, shopName, token }: UnsubscribePageInput): string {
  const t = TEXT[locale];
  const heading = t.unsubscribeHeading(email, shopName);
  return document(
    locale,
    heading,
    shopName,
    `<p>${escapeHtml(t.unsubscribeBody(shopName))}</p>
<form method="post">
<input type="hidden" name="token" value="${escapeHtml(token)}">
<button type="submit">${escapeHtml(t.unsubscribeButton)}</button>
</form>`,
  );
}

export function unsubscribedPage({ locale, email, shopName }: Omit<UnsubscribePageInput, "token">): string {
  const t = TEXT[locale];
  return document(locale, t.unsubscribedHeading, shopName, `<p role="status">${escapeHtml(t.unsubscribedBody(email, shopName))}</p>`);
}

/**
 * Asks first, with the score clicked in the email already chosen: opening the link (or a mail
 * scanner fetching it) must not record an answer. The button posts it; no script needed.
 */
export function surveyConfirmPage({
  locale,
  shopName,
  score,
  token,
}: {
  locale: EmailLocale;
  shopName: string;
  score: number;
  token: string;
}): string {
  const t = TEXT[locale];
  const scores = [1, 2, 3, 4, 5]
    .map((n) => `<label><input type="radio" name="score" value="${n}" required${n === score ? " checked" : ""}> ${n}</label>`)
    .join("\n");
  return document(
    locale,
    t.surveyConfirmHeading,
    shopName,
    `<form method="post">
<input type="hidden" name="token" value="${escapeHtml(token)}">
<input type="hidden" name="intent" value="answer">
<fieldset class="scores"><legend>${escapeHtml(t.surveyScale)}</legend>
${scores}
</fieldset>
<p><button type="submit">${escapeHtml(t.surveyConfirmButton)}</button></p>
</form>`,
  );
}

export interface SurveyPageInput {
  locale: EmailLocale;
  shopName: string;
  /** The score recorded, 1–5. */
  score: number;
  /** A low score: the merchant was asked to follow up. */
  unhappy: boolean;
  token: string;
  /** Re-shown after an empty comment was sent. */
  commentMissing?: boolean;
}

export function surveyAnsweredPage({ locale, shopName, score, unhappy, token, commentMissing = false }: SurveyPageInput): string {
  const t = TEXT[locale];
  const reaction = unhappy ? t.surveyUnhappy(shopName) : score >= 4 ? t.surveyHappy : null;
  const error = commentMissing ? `\n<p id="comment-error" class="error" role="alert">${escapeHtml(t.commentRequired)}</p>` : "";
  const describedBy = commentMissing ? ` aria-describedby="comment-error" aria-invalid="true"` : "";
  return document(
    locale,
    t.surveyHeading,
    shopName,
    `<p role="status">${escapeHtml(t.surveyScore(score))}</p>${reaction ? `\n<p>${escapeHtml(reaction)}</p>` : ""}
<form method="post">
<input type="hidden" name="token" value="${escapeHtml(token)}">
<input type="hidden" name="score" value="${score}">
<p><label for="comment">${escapeHtml(t.commentLabel)}</label>
<textarea id="comment" name="comment" rows="5" required maxlength="${COMMENT_MAX_LENGTH}"${describedBy}></textarea></p>${error}
<p><button type="submit">${escapeHtml(t.commentSubmit)}</button></p>
</form>
<p>${escapeHtml(t.surveyChange)}</p>`,
  );
}

export function surveyFeedbackPage({ locale, shopName }: { locale: EmailLocale; shopName: string }): string {
  const t = TEXT[locale];
  return document(locale, t.feedbackHeading, shopName, `<p role="status">${escapeHtml(t.feedbackBody(shopName))}</p>`);
}
