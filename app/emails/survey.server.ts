// Answers to the thank-you email's "how was your experience?" question. One answer per
// email (a second answer changes it); a low score asks the merchant to follow up.
import type { Db } from "../db.server";
import type { SurveyClaims } from "./email-links";

export const UNHAPPY_SCORE = 2;

export type SurveyResult = { ok: true; answerId: string; score: number } | { ok: false; reason: "unknown_email" | "bad_score" };

/** The thank-you email a survey link belongs to, or null when the shop sent no such email. */
function surveyEmail(db: Db, claims: SurveyClaims) {
  return db.emailMessage.findFirst({ where: { id: claims.messageId, shop: claims.shop, flow: "thank_you" } });
}

/** Whether an answer could be recorded for the link: the page that asks checks this without writing. */
export async function surveyEmailExists(db: Db, claims: SurveyClaims): Promise<boolean> {
  return (await surveyEmail(db, claims)) !== null;
}

export async function recordSurveyAnswer(db: Db, claims: SurveyClaims, score: number): Promise<SurveyResult> {
  if (!Number.isInteger(score) || score < 1 || score > 5) return { ok: false, reason: "bad_score" };
  const message = await surveyEmail(db, claims);
  if (!message) return { ok: false, reason: "unknown_email" };
  const answer = await db.surveyAnswer.upsert({
    where: { messageId: message.id },
    create: { shop: claims.shop, orderId: message.orderId, messageId: message.id, score },
    update: { score },
  });
  const summary = `Order ${message.orderName}: rated the experience ${score}/5`;
  if (score <= UNHAPPY_SCORE) {
    // A changed answer updates the open task instead of leaving the first score in it.
    await db.merchantTask.upsert({
      where: { shop_kind_subjectId: { shop: claims.shop, kind: "unhappy_survey", subjectId: answer.id } },
      create: { shop: claims.shop, kind: "unhappy_survey", subjectId: answer.id, summary },
      update: { summary, status: "open", completedAt: null },
    });
  } else {
    // The customer changed their answer to a happy one: nothing left to follow up.
    await db.merchantTask.updateMany({
      where: { shop: claims.shop, kind: "unhappy_survey", subjectId: answer.id, status: "open" },
      data: { summary: `${summary} (changed from a low score)`, status: "done", completedAt: new Date() },
    });
  }
  return { ok: true, answerId: answer.id, score };
}

/** The optional "tell us more" after the click. */
export async function addSurveyComment(db: Db, claims: SurveyClaims, comment: string): Promise<boolean> {
  const text = comment.trim().slice(0, 2000);
  const answer = await db.surveyAnswer.findFirst({ where: { messageId: claims.messageId, shop: claims.shop } });
  if (!answer || !text) return false;
  await db.surveyAnswer.update({ where: { id: answer.id }, data: { comment: text } });
  const message = await db.emailMessage.findFirst({ where: { id: claims.messageId, shop: claims.shop }, select: { orderName: true } });
  await db.merchantTask.updateMany({
    where: { shop: claims.shop, kind: "unhappy_survey", subjectId: answer.id },
    data: { summary: `Order ${message?.orderName ?? ""}: rated the experience ${answer.score}/5 — “${text.slice(0, 200)}”` },
  });
  return true;
}
