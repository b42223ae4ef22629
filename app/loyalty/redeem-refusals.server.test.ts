// A redemption whose code Shopify refuses gives the points back at once; one Shopify did not
// answer keeps them debited for the check job. Shopify's answers reach the app through the
// library's client, as in production (it throws GraphqlQueryError or HTTP errors).
import { describe, expect, it } from "vitest";
import { createReward, enableLoyalty, ledgerView, newShop } from "../../tests/support/loyalty-fixtures";
import { accessDenied, internalError, libraryAdmin, throttled, type AdminRequest } from "../../tests/support/shopify-answers";
import db from "../db.server";
import { findOrCreateMember, postToLedger } from "./ledger.server";
import { redeemReward } from "./redeem.server";

const NOW = new Date("2030-06-01T09:00:00Z");
const CUSTOMER = "gid://shopify/Customer/314";

/** A member with 500 points, a 200-point reward, and Shopify answering the code's creation with `answer`. */
async function redeemWhileShopifyAnswers(answer: (request: AdminRequest) => Response) {
  const shop = newShop();
  await enableLoyalty(db, shop);
  const member = (await findOrCreateMember(db, shop, { customerId: CUSTOMER, email: "pat@example.com" }))!;
  await postToLedger(db, shop, member.id, NOW, async () => [{ kind: "earn", bucket: "balance", points: 500, idempotencyKey: "start" }]);
  const reward = await createReward(db, shop, 200);
  const admin = await libraryAdmin(shop, (request) => {
    // Redeeming asks Shopify one thing: to create the code.
    expect(request.query).toContain("discountCodeBasicCreate");
    return answer(request);
  });
  const result = await redeemReward(db, async () => admin, shop, CUSTOMER, reward.id, NOW);
  const view = await ledgerView(db, member.id);
  expect(view.member.balance).toBe(view.balanceSum);
  return { result, balance: view.member.balance, redemption: await db.loyaltyRedemption.findFirstOrThrow({ where: { shop } }) };
}

describe("a redemption Shopify refuses", () => {
  it("without the discounts scope (ACCESS_DENIED): the points come back and the merchant reads why", async () => {
    const { result, balance, redemption } = await redeemWhileShopifyAnswers(() =>
      Response.json(accessDenied("discountCodeBasicCreate", "write_discounts")),
    );
    const message = "CreateBasicCode: Access denied for discountCodeBasicCreate field. Required access: `write_discounts` access scope.";
    expect(result).toEqual({ ok: false, reason: "shopify_refused", message });
    expect(balance).toBe(500);
    expect(redemption).toMatchObject({ status: "failed", error: message, discountId: null });
  });

  it("over the rate limit (THROTTLED): nothing was created, so the points come back", async () => {
    const { result, balance, redemption } = await redeemWhileShopifyAnswers(() => Response.json(throttled));
    expect(result).toMatchObject({ ok: false, reason: "shopify_refused" });
    expect(balance).toBe(500);
    expect(redemption.status).toBe("failed");
  });
});

describe("a redemption Shopify did not answer", () => {
  it.each([
    ["a Shopify failure (INTERNAL_SERVER_ERROR)", () => Response.json(internalError)],
    ["HTTP 503", () => new Response("Service Unavailable", { status: 503 })],
  ])("%s: the points stay debited for the check job", async (_name, answer) => {
    const { result, balance, redemption } = await redeemWhileShopifyAnswers(answer);
    expect(result).toMatchObject({ ok: false, reason: "shopify_unreachable" });
    expect(balance).toBe(300);
    expect(redemption.status).toBe("pending");
  });
});
