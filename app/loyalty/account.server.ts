// The loyalty programme as a customer sees it in their account (the customer-account Rewards
// page, profile and order-status blocks) and on the thank-you page: the storefront's view
// (storefront.server.ts: programme, balance, tier, codes, affordable rewards) and what those
// pages show besides: pending points by when they become spendable, the latest ledger entries,
// and the points of one order.
import type { Db } from "../db.server";
import { fromMinorUnits, toMinorUnits } from "../lib/money";
import { loadLoyaltySettings } from "./loyalty-settings.server";
import { memberDetail } from "./members.server";
import { pointsForOrder } from "./points";
import { storefrontView, type StorefrontView } from "./storefront.server";

/** Ledger entries on the Rewards page, newest first. */
export const HISTORY_SHOWN = 20;
const DAY = 86_400_000;

export interface PendingRelease {
  points: number;
  available_at: string;
  order_name: string | null;
}

export interface HistoryEntry {
  kind: string;
  points: number;
  note: string;
  order_name: string | null;
  created_at: string;
}

export interface AccountView extends StorefrontView {
  /** Points still waiting for the returns window, by order, soonest first. */
  pending_releases: PendingRelease[];
  history: HistoryEntry[];
}

const memberIdOf = async (db: Db, shop: string, customerId: string) =>
  (await db.loyaltyMember.findUnique({ where: { shop_customerId: { shop, customerId } }, select: { id: true } }))?.id ?? null;

export async function accountView(db: Db, shop: string, customerId: string | null, now: Date): Promise<AccountView> {
  const [view, memberId] = await Promise.all([
    storefrontView(db, shop, customerId, now),
    customerId ? memberIdOf(db, shop, customerId) : null,
  ]);
  if (!memberId) return { ...view, pending_releases: [], history: [] };
  const [detail, pending] = await Promise.all([
    memberDetail(db, shop, memberId, { take: HISTORY_SHOWN }),
    pendingReleases(db, shop, memberId),
  ]);
  const history = (detail?.entries.rows ?? [])
    // A release moves points from pending to spendable: one line ("released"), not its two entries.
    .filter((entry) => !(entry.kind === "release" && entry.bucket === "pending"))
    .map((entry) => ({
      kind: entry.kind,
      points: entry.points,
      note: entry.note,
      order_name: entry.orderName,
      created_at: entry.createdAt.toISOString(),
    }));
  return { ...view, pending_releases: pending, history };
}

async function pendingReleases(db: Db, shop: string, memberId: string): Promise<PendingRelease[]> {
  const sums = await db.loyaltyEntry.groupBy({ by: ["orderId"], where: { shop, memberId, bucket: "pending" }, _sum: { points: true } });
  const open = new Map(sums.flatMap((row) => (row.orderId && (row._sum.points ?? 0) > 0 ? [[row.orderId, row._sum.points!]] : [])));
  if (open.size === 0) return [];
  const orderIds = [...open.keys()];
  const [earned, orders] = await Promise.all([
    db.loyaltyEntry.findMany({
      where: { shop, memberId, kind: "pending", orderId: { in: orderIds } },
      select: { orderId: true, availableAt: true },
    }),
    db.order.findMany({ where: { shop, id: { in: orderIds } }, select: { id: true, name: true } }),
  ]);
  const names = new Map(orders.map((order) => [order.id, order.name]));
  return earned
    .flatMap(({ orderId, availableAt }) =>
      orderId && availableAt
        ? [{ points: open.get(orderId)!, available_at: availableAt.toISOString(), order_name: names.get(orderId) ?? null }]
        : [],
    )
    .sort((a, b) => a.available_at.localeCompare(b.available_at));
}

export interface OrderPoints {
  /** What the order earned, less what its refunds took back. */
  points: number;
  /** The part still waiting for the returns window, and when it becomes spendable. */
  pending: number;
  available_at: string | null;
  /** True for the thank-you page's estimate before the app has recorded the order. */
  estimated: boolean;
}

/** The customer's points for one of their orders, from the ledger; null when the ledger has none for them. */
export async function orderPoints(db: Db, shop: string, customerId: string, orderId: string): Promise<OrderPoints | null> {
  const memberId = await memberIdOf(db, shop, customerId);
  if (!memberId) return null;
  // Scoped to the customer's own member: another customer's order id finds nothing.
  const entries = await db.loyaltyEntry.findMany({
    where: { shop, memberId, orderId },
    select: { kind: true, bucket: true, points: true, availableAt: true },
  });
  if (!entries.some((entry) => entry.kind === "earn" || entry.kind === "pending")) return null;
  // A release moves points between the buckets: the sum over both is what the order earned net.
  const points = entries.reduce((sum, entry) => sum + entry.points, 0);
  const pending = entries.filter((entry) => entry.bucket === "pending").reduce((sum, entry) => sum + entry.points, 0);
  const availableAt = entries.find((entry) => entry.kind === "pending")?.availableAt ?? null;
  return { points, pending, available_at: pending > 0 ? (availableAt?.toISOString() ?? null) : null, estimated: false };
}

/** What the thank-you page knows of the order it follows (the checkout's Cost API, buyer's currency). */
export interface CheckoutAmounts {
  currencyCode: string;
  subtotal: string;
  shipping: string;
  tax: string;
  total: string;
}

/**
 * The points the order will earn by the rules the ledger applies (pointsForOrder, the customer's
 * tier multiplier), for the thank-you page before the order webhook has arrived: the ledger
 * decides when it does. The checkout does not say whether prices include tax: they do when the
 * total is the subtotal and shipping without the tax added. Discounts are not added back and the
 * shipping's tax is not told apart (both count only when the merchant turns their exclusion off).
 * Null when the programme is off or the checkout's currency is not the shop's (the ledger counts
 * shop money, at the order's own rate, which the thank-you page does not know).
 */
export async function estimateOrderPoints(
  db: Db,
  shop: string,
  customerId: string | null,
  amounts: CheckoutAmounts,
  now: Date,
): Promise<OrderPoints | null> {
  const [settings, shopRow, member] = await Promise.all([
    loadLoyaltySettings(db, shop),
    db.shop.findUnique({ where: { domain: shop }, select: { currencyCode: true } }),
    customerId ? db.loyaltyMember.findUnique({ where: { shop_customerId: { shop, customerId } }, select: { tierId: true } }) : null,
  ]);
  if (!settings.enabled || amounts.currencyCode !== (shopRow?.currencyCode ?? "USD")) return null;
  const tier = member?.tierId ? await db.loyaltyTier.findFirst({ where: { id: member.tierId, shop } }) : null;
  const minor = (amount: string) => toMinorUnits(amount, amounts.currencyCode);
  const withTaxAdded = minor(amounts.subtotal) + minor(amounts.shipping) + minor(amounts.tax);
  const taxesIncluded =
    minor(amounts.tax) > 0 &&
    Math.abs(withTaxAdded - minor(amounts.total)) > Math.abs(withTaxAdded - minor(amounts.tax) - minor(amounts.total));
  const points = pointsForOrder(
    {
      currencyCode: amounts.currencyCode,
      subtotalPrice: amounts.subtotal,
      taxesIncluded,
      totalDiscounts: fromMinorUnits(0, amounts.currencyCode),
      totalShipping: amounts.shipping,
      shippingTax: fromMinorUnits(0, amounts.currencyCode),
      totalTax: amounts.tax,
    },
    settings,
    tier?.multiplierPercent ?? 100,
  );
  const pending = settings.pendingDays > 0 ? points : 0;
  const availableAt = new Date(now.getTime() + settings.pendingDays * DAY).toISOString();
  return { points, pending, available_at: pending > 0 ? availableAt : null, estimated: true };
}

export interface ThankYouView {
  enabled: boolean;
  logged_in: boolean;
  /** This order's points: from the ledger once the order is recorded, else estimated; null without a programme. */
  order: OrderPoints | null;
  /** Points a new account earns (guests: their order's points wait for them under their email). */
  signup_points: number;
  /** Members can share their referral link (POST for it). */
  referral_offered: boolean;
  referral_discount_percent: number;
}

export async function thankYouView(
  db: Db,
  shop: string,
  customerId: string | null,
  orderId: string,
  amounts: CheckoutAmounts,
  now: Date,
): Promise<ThankYouView> {
  const settings = await loadLoyaltySettings(db, shop);
  const recorded = customerId && settings.enabled ? await orderPoints(db, shop, customerId, orderId) : null;
  return {
    enabled: settings.enabled,
    logged_in: customerId !== null,
    order: recorded ?? (await estimateOrderPoints(db, shop, customerId, amounts, now)),
    signup_points: settings.enabled ? settings.signupPoints : 0,
    referral_offered: settings.enabled && customerId !== null && settings.referralDiscountPercent > 0,
    referral_discount_percent: settings.referralDiscountPercent,
  };
}

/** What the order-status block shows (GET /extension-api/order). */
export interface OrderStatusView {
  order: OrderPoints | null;
  review_url: string | null;
}
