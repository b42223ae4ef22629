// A reward code is used: when the app's copy of an order shows one of the shop's reward codes
// among the codes entered at checkout (the order webhook's `discount_codes[].code`), the
// redemption is marked used, with the order, so the customer's "My rewards" and the member's
// page in the admin say so. Codes are single-use, so the first order to show one is the one.
import type { Order } from "@prisma/client";
import type { Db } from "../db.server";
import { discountCodes } from "../orders/order-lines";
import { afterChange } from "./order-points.server";

/** Marks the shop's redemptions whose codes the order used; repeating it (webhook retries, later topics) changes nothing. */
export async function markRedemptionsUsed(
  db: Db,
  order: Pick<Order, "id" | "shop" | "name" | "discountCodes" | "paidAt" | "processedAt">,
  now: Date,
): Promise<number> {
  const { shop } = order;
  // Shopify codes are case-insensitive and shoppers type them as they like; reward codes are upper case.
  const codes = [...new Set(discountCodes(order).map((code) => code.trim().toUpperCase()))].filter(Boolean);
  if (codes.length === 0) return 0;
  // A code still pending exists in Shopify once an order used it; failed ones returned their points and are left alone.
  const candidates = await db.loyaltyRedemption.findMany({
    where: { shop, code: { in: codes }, status: { in: ["issued", "pending"] } },
    select: { id: true, memberId: true, status: true },
  });
  let marked = 0;
  for (const redemption of candidates) {
    const { count } = await db.loyaltyRedemption.updateMany({
      where: { id: redemption.id, shop, status: redemption.status },
      data: { status: "used", usedAt: order.paidAt ?? order.processedAt, usedOrderId: order.id, usedOrderName: order.name },
    });
    if (count === 0) continue; // Another delivery of the same order got there first.
    marked++;
    // The customer's storefront status lists their codes: it follows.
    await afterChange(db, shop, redemption.memberId, now);
  }
  return marked;
}
