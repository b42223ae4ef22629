// /email/open?t=…: the open pixel of a tracked email (app/emails/tracking.ts). A signed token names
// the shop and the message; anything else is 400 and nothing is recorded.
import type { LoaderFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { env } from "../config.server";
import { readOpenToken, TRANSPARENT_GIF } from "../emails/tracking";
import { recordOpen } from "../emails/tracking.server";
import { publicRoute } from "../security/public-route.server";

const MAX_TOKEN_LENGTH = 4000;

export const loader = publicRoute(async ({ request }: LoaderFunctionArgs) => {
  const token = new URL(request.url).searchParams.get("t") ?? "";
  const message = token.length <= MAX_TOKEN_LENGTH ? readOpenToken(token, env().SHOPIFY_API_SECRET) : null;
  if (!message) return new Response("Invalid link", { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  // A HEAD is a link checker or scanner asking whether the link works, not a reader.
  if (request.method !== "HEAD") await recordOpen(db, message, new Date());
  return new Response(TRANSPARENT_GIF, {
    headers: {
      "Content-Type": "image/gif",
      "Content-Length": String(TRANSPARENT_GIF.length),
      // Every open asks again: a cached pixel would count once per mail app, not per open.
      "Cache-Control": "no-store, max-age=0",
      "X-Robots-Tag": "noindex",
    },
  });
});
