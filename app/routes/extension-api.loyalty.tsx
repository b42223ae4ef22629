import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { env } from "../config.server";
import { adminFor, requireCustomerAccount } from "../shopify.server";
import { answerBodyError, readBody } from "../security/request-body.server";
import { rateLimitedResponse, rateLimiter, shopperKey, waitText } from "../security/rate-limit.server";
import { extensionRoute } from "../security/extension-route.server";
import { redeemReward } from "../loyalty/redeem.server";
import { referralShareUrl, setBirthday } from "../loyalty/actions.server";
import { accountView } from "../loyalty/account.server";
import { currentBalance, LoyaltyPost, REDEEM_FAILURES, rewardToConfirm } from "../loyalty/storefront.server";
import { privateJson } from "../lib/private-responses";

const MAX_BODY_BYTES = 16 * 1024; // a few short fields

// GET /extension-api/loyalty (customer accounts: Rewards page, profile block): the programme, the
// customer's points, pending points and when they become spendable, tier, codes and history.
export const loader = extensionRoute(async ({ request }: LoaderFunctionArgs) => {
  const { shop, customerId } = await requireCustomerAccount(request);
  return privateJson(await accountView(db, shop, customerId, new Date()));
});

// POST /extension-api/loyalty (JSON) with an intent, as the storefront's POST /apps/retention/loyalty
// takes it, under the same rules and rate limits: redeem a reward (asked to confirm first:
// nothing is spent until `confirmed: "yes"`), save a birthday, get the referral link.
export const action = extensionRoute(async ({ request }: ActionFunctionArgs) => {
  const { shop, customerId } = await requireCustomerAccount(request);
  if (!customerId) return privateJson({ error: "Log in to your account to use your points.", reason: "logged_out" }, 401);
  const body = await readBody(request, { accept: ["json"], maxBytes: MAX_BODY_BYTES }).catch(answerBodyError);
  const parsed = LoyaltyPost.safeParse(body.value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return privateJson({ error: issue.message, field: issue.path[0] }, 422);
  }
  const input = parsed.data;
  const now = new Date();

  if (input.intent === "redeem" && !input.confirmed) {
    const reward = await rewardToConfirm(db, shop, input.rewardId);
    if (!reward)
      return privateJson({ error: REDEEM_FAILURES.no_such_reward.error, reason: "no_such_reward" }, REDEEM_FAILURES.no_such_reward.status);
    return privateJson({ confirm: { reward: { id: reward.id, name: reward.name, points_cost: reward.pointsCost } } });
  }

  const redeeming = input.intent === "redeem";
  const limit = await rateLimiter().consume(
    redeeming ? "loyalty_redeem" : "loyalty_action",
    shopperKey(request, shop, customerId, env().SHOPIFY_API_SECRET),
  );
  if (limit.limited) {
    const error = redeeming
      ? REDEEM_FAILURES.rate_limited.error
      : `Too many requests. Please try again ${waitText(limit.retryAfterSeconds)}.`;
    return rateLimitedResponse(limit.retryAfterSeconds, error);
  }

  switch (input.intent) {
    case "redeem": {
      const result = await redeemReward(db, () => adminFor(shop), shop, customerId, input.rewardId, now);
      if (!result.ok) {
        const { status, error } = REDEEM_FAILURES[result.reason];
        return privateJson({ error, reason: result.reason }, status);
      }
      const balance = await currentBalance(db, shop, customerId);
      if (result.credit) {
        const { amount, currency, expiresAt } = result.credit;
        return privateJson({ store_credit: { amount, currency, expires_at: expiresAt }, reward: result.reward, balance });
      }
      return privateJson({ code: result.code, reward: result.reward, balance });
    }
    case "birthday": {
      const result = await setBirthday(db, shop, customerId, input.birthday, now);
      if (!result.ok) return privateJson({ error: result.error, field: "birthday" }, 422);
      return privateJson({ ok: true, birthday_set: true });
    }
    case "referral": {
      const result = await referralShareUrl(db, () => adminFor(shop), shop, customerId, now);
      if (!result.ok) return privateJson({ error: result.error }, 422);
      return privateJson({ url: result.url, code: result.code });
    }
  }
});
