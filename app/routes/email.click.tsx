// /email/click?t=…: a tracked link of an email (app/emails/tracking.ts). The signed token carries
// the shop, the message and the target; the click is recorded and the browser goes to that
// target only. An altered or forged link is 400 with a page saying so, and nothing is recorded.
import type { LoaderFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { env } from "../config.server";
import { invalidLinkPage, localeFromAcceptLanguage, publicPageResponse } from "../emails/public-pages";
import { readClickToken } from "../emails/tracking";
import { recordClick } from "../emails/tracking.server";
import { publicRoute } from "../security/public-route.server";

const MAX_TOKEN_LENGTH = 8000;

export const loader = publicRoute(async ({ request }: LoaderFunctionArgs) => {
  const token = new URL(request.url).searchParams.get("t") ?? "";
  const click = token.length <= MAX_TOKEN_LENGTH ? readClickToken(token, env().SHOPIFY_API_SECRET) : null;
  if (!click) return publicPageResponse(invalidLinkPage(localeFromAcceptLanguage(request.headers.get("accept-language"))), 400);
  // A HEAD is a link checker or scanner asking whether the link works, not a reader.
  if (request.method !== "HEAD") await recordClick(db, click, new Date());
  return new Response(null, {
    status: 302,
    headers: { Location: click.target, "Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex" },
  });
});
