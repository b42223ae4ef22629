// Test orders (Order.test: "made using the Shopify Bogus Gateway or a payment provider with test
// mode enabled") earn no points and get no emails unless the merchant includes them, to try the app.
import { z } from "zod";
import type { Db } from "../db.server";
import { formBoolean } from "../lib/forms";

export const TEST_ORDER_SKIPPED = "Test order: test orders are left out (Settings → Orders → Include test orders)";

export async function includesTestOrders(db: Pick<Db, "shop">, shop: string): Promise<boolean> {
  return (await db.shop.findUnique({ where: { domain: shop }, select: { includeTestOrders: true } }))?.includeTestOrders ?? false;
}

/** The Settings page's Orders form, as posted. */
export const OrderSettingsInput = z.object({ intent: z.literal("orders"), includeTestOrders: formBoolean });

export async function saveIncludeTestOrders(db: Pick<Db, "shop">, shop: string, includeTestOrders: boolean): Promise<void> {
  // The shop row comes with the install (shop.sync); the domain stands in for its name until then.
  await db.shop.upsert({ where: { domain: shop }, create: { domain: shop, name: shop, includeTestOrders }, update: { includeTestOrders } });
}
