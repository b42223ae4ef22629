import type { ActionFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { env } from "../config.server";
import { requireAppProxy } from "../shopify.server";
import { HelpfulVoteForm, setHelpfulVote, voterKey } from "../reviews/helpful-votes.server";
import { answerBodyError, readBody } from "../security/request-body.server";
import { clientIp, rateLimitedResponse, rateLimiter, shopperKey, waitText } from "../security/rate-limit.server";
import { publicRoute } from "../security/public-route.server";
import { privateJson } from "../lib/private-responses";

const MAX_BODY_BYTES = 4 * 1024; // two short fields

// POST /apps/retention/reviews/helpful (form or JSON: review_id, helpful=true|false): the
// shopper's "Helpful" vote on a published review, set (not toggled), so a repeated request
// changes nothing. Counted against the shopper's rate limit before the body is read.
export const action = publicRoute(async ({ request }: ActionFunctionArgs) => {
  const { shop, customerId } = await requireAppProxy(request);
  const secret = env().SHOPIFY_API_SECRET;
  const limit = await rateLimiter().consume("review_vote", shopperKey(request, shop, customerId, secret));
  if (limit.limited)
    return rateLimitedResponse(
      limit.retryAfterSeconds,
      `Too many votes in a short time. Please try again ${waitText(limit.retryAfterSeconds)}.`,
    );
  const body = await readBody(request, { accept: ["json", "form", "multipart"], maxBytes: MAX_BODY_BYTES }).catch(answerBodyError);
  const fields = body.kind === "json" ? body.value : Object.fromEntries(body.value);
  const parsed = HelpfulVoteForm.safeParse(fields);
  if (!parsed.success) return privateJson({ error: parsed.error.issues[0]!.message }, 422);

  const voter = voterKey({ customerId, ip: clientIp(request), userAgent: request.headers.get("user-agent") ?? "" }, secret);
  const result = await setHelpfulVote(db, shop, parsed.data.review_id, voter, parsed.data.helpful);
  if (!result.ok) return privateJson({ error: "This review is not published in this shop." }, 404);
  return privateJson({ helpful: result.helpful, helpfulCount: result.helpfulCount });
});
