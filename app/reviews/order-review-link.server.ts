// The "Review your items" link on an order's status page in the customer's account: the same
// signed review page the review-request email links to, for a delivered order of this customer
// with products they have not reviewed yet.
import type { Db } from "../db.server";
import { orderLines } from "../orders/order-lines";
import { createReviewToken } from "./review-links";

// Made afresh each time the order's page is viewed, so it need not last as long as an email's.
const LINK_DAYS = 7;

export async function orderReviewUrl(
  db: Db,
  shop: string,
  customerId: string,
  orderId: string,
  secret: string,
  now: Date,
): Promise<string | null> {
  // Only the customer's own order: another customer's order id finds nothing.
  const order = await db.order.findFirst({ where: { id: orderId, shop, customerId } });
  if (!order?.deliveredAt || order.cancelledAt) return null;
  const productIds = [...new Set(orderLines(order).flatMap((line) => (line.productId ? [line.productId] : [])))];
  if (productIds.length === 0) return null;
  // A product the customer reviewed, from this order or an earlier one, is not asked about again.
  const reviewed = await db.review.findMany({
    where: { shop, productId: { in: productIds }, OR: [{ orderId }, { customerId }] },
    select: { productId: true },
  });
  const done = new Set(reviewed.map((review) => review.productId));
  const open = productIds.filter((id) => !done.has(id));
  if (open.length === 0) return null;
  const token = createReviewToken({ shop, orderId, productIds: open, expiresAt: new Date(now.getTime() + LINK_DAYS * 86_400_000) }, secret);
  const shopRow = await db.shop.findUnique({ where: { domain: shop }, select: { storefrontUrl: true } });
  const storefrontUrl = (shopRow?.storefrontUrl ?? `https://${shop}`).replace(/\/$/, "");
  return `${storefrontUrl}/apps/retention/review?token=${token}`;
}
