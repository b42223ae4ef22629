import type { Db } from "../db.server";

const DAY_MS = 24 * 60 * 60_000;

/** Order milestones the app has seen for a shop over the last 30 days. */
export async function orderActivity(db: Db, shop: string, now: Date) {
  const since = new Date(now.getTime() - 30 * DAY_MS);
  const [ordersLast30Days, fulfilledLast30Days, deliveredLast30Days, refundsLast30Days] = await Promise.all([
    db.order.count({ where: { shop, processedAt: { gte: since } } }),
    db.order.count({ where: { shop, fulfilledAt: { gte: since } } }),
    db.order.count({ where: { shop, deliveredAt: { gte: since } } }),
    db.refund.count({ where: { shop, createdAt: { gte: since } } }),
  ]);
  return { ordersLast30Days, fulfilledLast30Days, deliveredLast30Days, refundsLast30Days };
}
