// Links in emails that act without a login: one-click unsubscribe and the satisfaction
// answer. Both are signed (see security/signed-token.ts) and never expire, as a customer
// may act on an old email; each names its shop, so a link works only for that shop's data.
import { z } from "zod";
import { readSignedToken, signToken } from "../security/signed-token";

const UNSUBSCRIBE = "email-unsubscribe.v1";
const SURVEY = "email-survey.v1";

const UnsubscribeClaims = z.object({ shop: z.string(), email: z.string(), locale: z.enum(["en", "el"]) });
export type UnsubscribeClaims = z.infer<typeof UnsubscribeClaims>;

const SurveyClaims = z.object({ shop: z.string(), messageId: z.string(), locale: z.enum(["en", "el"]) });
export type SurveyClaims = z.infer<typeof SurveyClaims>;

export function unsubscribeUrl(appUrl: string, claims: UnsubscribeClaims, secret: string): string {
  const token = signToken(UNSUBSCRIBE, { ...claims, email: claims.email.toLowerCase() }, secret);
  return `${appUrl.replace(/\/$/, "")}/email/unsubscribe?token=${token}`;
}

/** RFC 8058 one-click unsubscribe, which Gmail and Yahoo require of bulk senders. */
export function listUnsubscribeHeaders(url: string): Record<string, string> {
  return { "List-Unsubscribe": `<${url}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" };
}

export function readUnsubscribeToken(token: string, secret: string): UnsubscribeClaims | null {
  const read = readSignedToken(UNSUBSCRIBE, token, secret);
  if (!read.ok) return null;
  const claims = UnsubscribeClaims.safeParse(read.payload);
  return claims.success ? claims.data : null;
}

export function surveyUrls(appUrl: string, claims: SurveyClaims, secret: string): { score: number; url: string }[] {
  const token = signToken(SURVEY, claims, secret);
  return [1, 2, 3, 4, 5].map((score) => ({ score, url: `${appUrl.replace(/\/$/, "")}/email/survey?token=${token}&score=${score}` }));
}

export function readSurveyToken(token: string, secret: string): SurveyClaims | null {
  const read = readSignedToken(SURVEY, token, secret);
  if (!read.ok) return null;
  const claims = SurveyClaims.safeParse(read.payload);
  return claims.success ? claims.data : null;
}
