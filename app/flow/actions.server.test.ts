import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { enableLoyalty, newShop } from "../../tests/support/loyalty-fixtures";
import db from "../db.server";
import { runFlowAction } from "./actions.server";

const NOW = new Date("2030-03-01T12:00:00Z");

const request = (handle: string, properties: Record<string, unknown>, actionRunId = randomUUID()) => ({
  shop_id: "1",
  shopify_domain: "unused.myshopify.com",
  action_run_id: actionRunId,
  action_definition_id: "Award loyalty points",
  handle,
  properties,
});

const customerId = () => String(Math.floor(Math.random() * 1e12));

describe("Flow actions", () => {
  it("answer 400 to what is not one of the app's action requests", async () => {
    const shop = newShop();
    expect(await runFlowAction(db, shop, { handle: "award-points" }, NOW)).toMatchObject({ status: 400 });
    expect(await runFlowAction(db, shop, request("tag-customer", {}), NOW)).toEqual({
      status: 400,
      message: 'This app has no Flow action "tag-customer"',
    });
  });

  it("take a customer reference as the numeric ID, in a string or not, or as the GID", async () => {
    const shop = newShop();
    await enableLoyalty(db, shop);
    const id = customerId();
    for (const reference of [id, Number(id), `gid://shopify/Customer/${id}`]) {
      const result = await runFlowAction(db, shop, request("award-points", { customer_id: reference, points: 5, reason: "Thanks" }), NOW);
      expect(result.status).toBe(200);
    }
    const member = await db.loyaltyMember.findUniqueOrThrow({
      where: { shop_customerId: { shop, customerId: `gid://shopify/Customer/${id}` } },
    });
    expect(member.balance).toBe(15);
    const refused = await runFlowAction(
      db,
      shop,
      request("award-points", { customer_id: "gid://shopify/Order/1", points: 5, reason: "Thanks" }),
      NOW,
    );
    expect(refused).toEqual({ status: 422, message: "customer_id: not a Shopify customer ID" });
  });

  it("fail, writing nothing, while the programme is off or for a deduction from someone who never joined", async () => {
    const shop = newShop();
    await enableLoyalty(db, shop, { enabled: false });
    const off = await runFlowAction(db, shop, request("award-points", { customer_id: customerId(), points: 5, reason: "Thanks" }), NOW);
    expect(off).toEqual({ status: 422, message: "The rewards programme is switched off in the app's Loyalty settings" });
    await enableLoyalty(db, shop);
    const id = customerId();
    const stranger = await runFlowAction(db, shop, request("deduct-points", { customer_id: id, points: 5, reason: "Oops" }), NOW);
    expect(stranger).toEqual({ status: 422, message: `Customer ${id} has no points to deduct` });
    expect(await db.loyaltyMember.count({ where: { shop } })).toBe(0);
  });
});
