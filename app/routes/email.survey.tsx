// /email/survey?token=…&score=N: the "how was your experience?" answer from a thank-you
// email. No login: the signed token names the shop and the email. GET only asks, with the
// clicked score chosen (link scanners prefetch GETs, as for unsubscribe links); the page's
// button POSTs the answer (a later answer changes it), and the next page offers a comment box
// (POST).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import db from "../db.server";
import { env } from "../config.server";
import { readSurveyToken } from "../emails/email-links";
import { addSurveyComment, recordSurveyAnswer, surveyEmailExists, UNHAPPY_SCORE } from "../emails/survey.server";
import {
  invalidLinkPage,
  localeFromAcceptLanguage,
  publicPageResponse,
  surveyAnsweredPage,
  surveyConfirmPage,
  surveyFeedbackPage,
} from "../emails/public-pages";
import { storedText } from "../lib/forms";
import type { EmailLocale } from "../emails/template-kinds";
import { answerBodyError, readForm } from "../security/request-body.server";
import { publicRoute } from "../security/public-route.server";

const Token = z.string().trim().min(1).max(4000);
const Score = z.coerce.number().int().min(1).max(5);
// Any length: survey.server keeps the first 2,000 characters (the textarea stops there too).
const Comment = storedText(z.string().trim().min(1));
// The token and a 2,000-character comment, percent-encoded (up to 12 bytes a character), with room to spare.
const MAX_BODY_BYTES = 64 * 1024;

const readToken = (value: unknown) => {
  const token = Token.safeParse(value);
  return token.success ? readSurveyToken(token.data, env().SHOPIFY_API_SECRET) : null;
};

const invalidLink = (locale: EmailLocale) => publicPageResponse(invalidLinkPage(locale), 400);
const browserLocale = (request: Request) => localeFromAcceptLanguage(request.headers.get("accept-language"));

async function shopName(domain: string): Promise<string> {
  const shop = await db.shop.findUnique({ where: { domain }, select: { name: true } });
  return shop?.name || domain;
}

export const loader = publicRoute(async ({ request }: LoaderFunctionArgs) => {
  const params = new URL(request.url).searchParams;
  const token = params.get("token");
  const claims = readToken(token);
  if (!claims) return invalidLink(browserLocale(request));
  const score = Score.safeParse(params.get("score") ?? "");
  if (!score.success || !(await surveyEmailExists(db, claims))) return invalidLink(claims.locale);
  return publicPageResponse(
    surveyConfirmPage({ locale: claims.locale, shopName: await shopName(claims.shop), score: score.data, token: token! }),
  );
});

export const action = publicRoute(async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return new Response(null, { status: 405, headers: { Allow: "GET, POST" } });
  const form = await readForm(request, MAX_BODY_BYTES).catch(answerBodyError);
  const token = form.get("token");
  const claims = readToken(token);
  if (!claims) return invalidLink(browserLocale(request));
  const name = await shopName(claims.shop);

  // The confirmation page's button: the answer itself.
  if (form.get("intent") === "answer") {
    const score = Score.safeParse(form.get("score") ?? "");
    const result = score.success ? await recordSurveyAnswer(db, claims, score.data) : null;
    if (!result?.ok) return invalidLink(claims.locale);
    return publicPageResponse(
      surveyAnsweredPage({
        locale: claims.locale,
        shopName: name,
        score: result.score,
        unhappy: result.score <= UNHAPPY_SCORE,
        token: String(token),
      }),
    );
  }

  // Otherwise the answered page's comment form.
  const comment = Comment.safeParse(form.get("comment") ?? "");
  if (!comment.success) {
    const score = Score.safeParse(form.get("score") ?? "");
    if (!score.success) return invalidLink(claims.locale);
    const page = surveyAnsweredPage({
      locale: claims.locale,
      shopName: name,
      score: score.data,
      unhappy: score.data <= UNHAPPY_SCORE,
      token: String(token),
      commentMissing: true,
    });
    return publicPageResponse(page, 400);
  }
  // False when no answer was recorded for this email: the comment has nothing to belong to.
  if (!(await addSurveyComment(db, claims, comment.data))) return invalidLink(claims.locale);
  return publicPageResponse(surveyFeedbackPage({ locale: claims.locale, shopName: name }));
});
