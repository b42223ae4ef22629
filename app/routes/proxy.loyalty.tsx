import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { env } from "../config.server";
import { adminFor, requireAppProxy } from "../shopify.server";
import { answerBodyError, readBody } from "../security/request-body.server";
import { rateLimitedResponse, rateLimiter, retryAfterHeaders, shopperKey, waitText } from "../security/rate-limit.server";
import { redeemReward } from "../loyalty/redeem.server";
import { referralShareUrl, setBirthday } from "../loyalty/actions.server";
import {
  currentBalance,
  formFields,
  localPath,
  LoyaltyPost,
  pageLocale,
  REDEEM_FAILURES,
  rewardToConfirm,
  ShopperHints,
  storefrontMessagePage,
  storefrontView,
  type PageOutcome,
} from "../loyalty/storefront.server";
import { publicRoute } from "../security/public-route.server";
import { privateJson, privateLiquid } from "../lib/private-responses";

const MAX_BODY_BYTES = 16 * 1024; // a few short fields

// GET /apps/retention/loyalty: the programme, the logged-in shopper's points (null for guests)
// and which rewards they can afford, as JSON.
export const loader = publicRoute(async ({ request }: LoaderFunctionArgs) => {
  const { shop, customerId } = await requireAppProxy(request);
  return privateJson(await storefrontView(db, shop, customerId, new Date()));
});

// POST /apps/retention/loyalty (form or JSON) with an intent: redeem a reward for a discount
// code or store credit, save a birthday, or get the referral link. Only for logged-in customers. A form posted
// without JavaScript (Accept: text/html) gets a page in the shop's theme instead of JSON.
export const action = publicRoute(async ({ request }: ActionFunctionArgs) => {
  const { shop, customerId } = await requireAppProxy(request);
  if (!customerId) return privateJson({ error: "Log in to your account to use your points.", reason: "logged_out" }, 401);
  // JSON, a plain form, or the multipart FormData the storefront script sends.
  const body = await readBody(request, { accept: ["json", "form", "multipart"], maxBytes: MAX_BODY_BYTES }).catch(answerBodyError);
  const isJson = body.kind === "json";
  const fields: unknown = body.kind === "json" ? body.value : formFields(body.value);
  if (!fields || typeof fields !== "object" || Array.isArray(fields)) return privateJson({ error: "Send a form or a JSON object." }, 400);
  const hints = ShopperHints.safeParse(fields);
  const wantsPage = !isJson && (request.headers.get("accept") ?? "").includes("text/html");
  const answer = (body: Record<string, unknown>, status: number, outcome: PageOutcome, headers: Record<string, string> = {}) => {
    if (!wantsPage) return privateJson(body, status, headers);
    const page = storefrontMessagePage(pageLocale(hints.data?.locale), outcome, localPath(hints.data?.return_to));
    return privateLiquid(page, status, headers);
  };

  const parsed = LoyaltyPost.safeParse(fields);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return answer({ error: issue.message, field: issue.path[0] }, 422, { kind: "failed", error: issue.message });
  }
  const input = parsed.data;
  const now = new Date();

  // Without JavaScript, spending points is confirmed on a page of its own first (nothing is spent yet).
  if (wantsPage && input.intent === "redeem" && !input.confirmed) {
    const reward = await rewardToConfirm(db, shop, input.rewardId);
    if (reward) {
      const outcome = { rewardId: reward.id, reward: reward.name, points: reward.pointsCost, storeCredit: reward.kind === "store_credit" };
      return answer({}, 200, { kind: "confirm", ...outcome });
    }
  }

  const limit = await rateLimiter().consume(
    input.intent === "redeem" ? "loyalty_redeem" : "loyalty_action",
    shopperKey(request, shop, customerId, env().SHOPIFY_API_SECRET),
  );
  if (limit.limited) {
    const redeeming = input.intent === "redeem";
    const error = redeeming
      ? REDEEM_FAILURES.rate_limited.error
      : `Too many requests. Please try again ${waitText(limit.retryAfterSeconds)}.`;
    if (!wantsPage) return rateLimitedResponse(limit.retryAfterSeconds, error);
    // Redemptions get the page's translated text; other intents show the English message.
    return answer(
      {},
      429,
      { kind: "failed", reason: redeeming ? "rate_limited" : undefined, error },
      retryAfterHeaders(limit.retryAfterSeconds),
    );
  }

  switch (input.intent) {
    case "redeem": {
      const result = await redeemReward(db, () => adminFor(shop), shop, customerId, input.rewardId, now);
      if (!result.ok) {
        const { status, error } = REDEEM_FAILURES[result.reason];
        return answer({ error, reason: result.reason }, status, { kind: "failed", reason: result.reason, error });
      }
      const balance = await currentBalance(db, shop, customerId);
      if (result.credit) {
        const { amount, currency, expiresAt } = result.credit;
        const body = { store_credit: { amount, currency, expires_at: expiresAt }, reward: result.reward, balance };
        return answer(body, 200, { kind: "credited", amount: `${amount} ${currency}` });
      }
      const code = result.code!;
      const body = { code, apply_url: `/discount/${encodeURIComponent(code)}`, reward: result.reward, balance };
      return answer(body, 200, { kind: "redeemed", code, reward: result.reward.name });
    }
    case "birthday": {
      const result = await setBirthday(db, shop, customerId, input.birthday, now);
      if (!result.ok) return answer({ error: result.error, field: "birthday" }, 422, { kind: "failed", error: result.error });
      return answer({ ok: true, birthday_set: true }, 200, { kind: "birthday" });
    }
    case "referral": {
      const result = await referralShareUrl(db, () => adminFor(shop), shop, customerId, now);
      if (!result.ok) return answer({ error: result.error }, 422, { kind: "failed", error: result.error });
      return answer({ url: result.url, code: result.code }, 200, { kind: "referral", url: result.url });
    }
  }
});
