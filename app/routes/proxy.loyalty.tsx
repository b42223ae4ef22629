import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { adminFor, requireAppProxy } from "../shopify.server";
import { redeemReward } from "../loyalty/redeem.server";
import { referralShareUrl, setBirthday } from "../loyalty/actions.server";
import {
  currentBalance,
  formFields,
  localPath,
  LoyaltyPost,
  pageLocale,
  REDEEM_FAILURES,
  redemptionRateLimited,
  ShopperHints,
  storefrontMessagePage,
  storefrontView,
  type PageOutcome,
} from "../loyalty/storefront.server";

const NO_STORE = { "Cache-Control": "private, no-store" };
const json = (body: unknown, status = 200) => Response.json(body, { status, headers: NO_STORE });
const MAX_BODY_BYTES = 16 * 1024;

// GET /apps/retention/loyalty: the programme, the logged-in shopper's points (null for guests)
// and which rewards they can afford, as JSON.
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop, customerId } = await requireAppProxy(request);
  return json(await storefrontView(db, shop, customerId, new Date()));
};

// POST /apps/retention/loyalty (form or JSON) with an intent: redeem a reward for a discount
// code, save a birthday, or get the referral link. Only for logged-in customers. A form posted
// without JavaScript (Accept: text/html) gets a page in the shop's theme instead of JSON.
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, customerId } = await requireAppProxy(request);
  if (!customerId) return json({ error: "Log in to your account to use your points.", reason: "logged_out" }, 401);
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) return json({ error: "The request is too large." }, 413);

  const isJson = request.headers.get("content-type")?.includes("application/json") ?? false;
  const fields: unknown = isJson ? await request.json().catch(() => null) : await request.formData().then(formFields, () => null);
  if (!fields || typeof fields !== "object" || Array.isArray(fields)) return json({ error: "Send a form or a JSON object." }, 400);
  const hints = ShopperHints.safeParse(fields);
  const wantsPage = !isJson && (request.headers.get("accept") ?? "").includes("text/html");
  const answer = (body: Record<string, unknown>, status: number, outcome: PageOutcome) => {
    if (!wantsPage) return json(body, status);
    const page = storefrontMessagePage(pageLocale(hints.data?.locale), outcome, localPath(hints.data?.return_to));
    return new Response(page, { status, headers: { ...NO_STORE, "Content-Type": "application/liquid" } });
  };

  const parsed = LoyaltyPost.safeParse(fields);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return answer({ error: issue.message, field: issue.path[0] }, 422, { kind: "failed", error: issue.message });
  }
  const input = parsed.data;
  const now = new Date();

  switch (input.intent) {
    case "redeem": {
      if (await redemptionRateLimited(db, shop, customerId, now)) {
        const { status, error } = REDEEM_FAILURES.rate_limited;
        return answer({ error, reason: "rate_limited" }, status, { kind: "failed", reason: "rate_limited", error });
      }
      const result = await redeemReward(db, () => adminFor(shop), shop, customerId, input.rewardId, now);
      if (!result.ok) {
        const { status, error } = REDEEM_FAILURES[result.reason];
        return answer({ error, reason: result.reason }, status, { kind: "failed", reason: result.reason, error });
      }
      const body = {
        code: result.code,
        apply_url: `/discount/${encodeURIComponent(result.code)}`,
        reward: result.reward,
        balance: await currentBalance(db, shop, customerId),
      };
      return answer(body, 200, { kind: "redeemed", code: result.code, reward: result.reward.name });
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
};
