// The shop's clock and currency as recorded at installation (Shop row, from Shopify's shop
// query): the one place that reads them, with the defaults the Shop table itself has.
import type { Db } from "../db.server";

/** The shop's IANA time zone ("Europe/Athens"); UTC for a shop the app has no row for. */
export async function shopTimeZone(db: Pick<Db, "shop">, shop: string): Promise<string> {
  return (await db.shop.findUnique({ where: { domain: shop }, select: { ianaTimezone: true } }))?.ianaTimezone || "UTC";
}

/** The shop's currency (ISO 4217): what order totals, refunds and thresholds are kept in; USD for a shop the app has no row for. */
export async function shopCurrency(db: Pick<Db, "shop">, shop: string): Promise<string> {
  return (await db.shop.findUnique({ where: { domain: shop }, select: { currencyCode: true } }))?.currencyCode || "USD";
}
