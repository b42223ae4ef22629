// /email/unsubscribe?token=…: the unsubscribe link of every email (footer and List-Unsubscribe
// header). No login: the signed token names the shop and the address. GET only asks (link
// scanners prefetch GETs); POST unsubscribes, from the page's button or as an RFC 8058
// one-click POST (body List-Unsubscribe=One-Click) from the recipient's mail provider.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import db from "../db.server";
import { env } from "../config.server";
import { readUnsubscribeToken } from "../emails/email-links";
import { suppressEmail } from "../emails/suppression.server";
import {
  invalidLinkPage,
  localeFromAcceptLanguage,
  publicPageResponse,
  unsubscribeConfirmPage,
  unsubscribedPage,
} from "../emails/public-pages";
import { answerBodyError, readForm } from "../security/request-body.server";
import { publicRoute } from "../security/public-route.server";

const Token = z.string().trim().min(1).max(4000);
// The page's form (the token) or a one-click POST (List-Unsubscribe=One-Click): a few KB at most.
const MAX_BODY_BYTES = 16 * 1024;

function readToken(value: unknown) {
  const token = Token.safeParse(value);
  const claims = token.success ? readUnsubscribeToken(token.data, env().SHOPIFY_API_SECRET) : null;
  return claims && token.success ? { token: token.data, claims } : null;
}

const invalidLink = (request: Request) =>
  publicPageResponse(invalidLinkPage(localeFromAcceptLanguage(request.headers.get("accept-language"))), 400);

async function shopName(domain: string): Promise<string> {
  const shop = await db.shop.findUnique({ where: { domain }, select: { name: true } });
  return shop?.name || domain;
}

export const loader = publicRoute(async ({ request }: LoaderFunctionArgs) => {
  const read = readToken(new URL(request.url).searchParams.get("token"));
  if (!read) return invalidLink(request);
  const { claims, token } = read;
  return publicPageResponse(
    unsubscribeConfirmPage({ locale: claims.locale, email: claims.email, shopName: await shopName(claims.shop), token }),
  );
});

export const action = publicRoute(async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return new Response(null, { status: 405, headers: { Allow: "GET, POST" } });
  // The page's form posts the token; a one-click POST goes to the header's URL, token in the query.
  const form = await readForm(request, MAX_BODY_BYTES).catch(answerBodyError);
  const posted = form.get("token");
  const read = readToken(typeof posted === "string" && posted ? posted : new URL(request.url).searchParams.get("token"));
  if (!read) return invalidLink(request);
  const { claims } = read;
  await suppressEmail(db, claims.shop, claims.email, "unsubscribed");
  return publicPageResponse(unsubscribedPage({ locale: claims.locale, email: claims.email, shopName: await shopName(claims.shop) }));
});
