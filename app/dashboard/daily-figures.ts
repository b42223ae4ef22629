// One day's figures from the rows that happened on it, pure: the rollup job reads the rows
// (app/dashboard/rollup.server.ts) and stores what this returns as the day's DailyMetric.
import { toMinorUnits } from "../lib/money";
import { ledgerFigures, type LedgerSum } from "../loyalty/ledger-figures";
import { progress, thresholdFor, type ThresholdSettings, type ThresholdZone } from "../shipping/thresholds";

/** A paid, not cancelled order processed on the day. */
export interface DayOrder {
  processedAt: Date;
  /** Who ordered: the customer GID, else the lower-case email of a guest; null when neither is known. */
  customerKey: string | null;
  currencyCode: string;
  presentmentCurrencyCode: string;
  totalPrice: string; // shop currency
  presentmentTotalPrice: string;
  subtotalPrice: string; // shop currency
  /** Refunds so far, in shop currency. */
  refunded: string;
  discountCodes: string[];
  shippingCountry: string | null;
}

export interface DayRows {
  orders: DayOrder[];
  /** Each ordering customer's first paid order ever (this day's included). */
  firstOrderAt: Map<string, Date>;
  /** The shop's loyalty reward codes among the day's discount codes, upper case. */
  loyaltyCodes: Set<string>;
  /** The free-shipping thresholds as they are now. */
  thresholds: { settings: ThresholdSettings; zones: ThresholdZone[] };
  emails: { sent: number; failed: number; bounced: number; reviewRequestsSent: number; unsubscribes: number };
  reviews: { count: number; ratingSum: number; fromRequests: number };
  ledger: LedgerSum[];
}

export interface DailyFigures {
  orders: number;
  repeatOrders: number;
  /** Net sales in the shop currency's minor units (cents for most currencies, yen for JPY). */
  revenueCents: number;
  loyaltyOrders: number;
  loyaltyRevenueCents: number;
  freeShippingEligibleOrders: number;
  freeShippingTrackedOrders: number;
  reviewRequestsSent: number;
  reviewsFromRequests: number;
  reviews: number;
  ratingSum: number;
  emailsSent: number;
  emailsFailed: number;
  emailsBounced: number;
  unsubscribes: number;
  pointsIssued: number;
  pointsRedeemed: number;
  pointsExpired: number;
  pointsReversed: number;
}

/** The order's subtotal in the currency the customer paid in, at the order's own rate. */
function presentmentSubtotal(order: DayOrder): string {
  if (order.presentmentCurrencyCode === order.currencyCode) return order.subtotalPrice;
  const total = Number(order.totalPrice);
  if (!(total > 0)) return order.subtotalPrice;
  return String((Number(order.subtotalPrice) * Number(order.presentmentTotalPrice)) / total);
}

export function dailyFigures(rows: DayRows): DailyFigures {
  const points = ledgerFigures(rows.ledger);
  const figures: DailyFigures = {
    orders: 0,
    repeatOrders: 0,
    revenueCents: 0,
    loyaltyOrders: 0,
    loyaltyRevenueCents: 0,
    freeShippingEligibleOrders: 0,
    freeShippingTrackedOrders: 0,
    reviewRequestsSent: rows.emails.reviewRequestsSent,
    reviewsFromRequests: rows.reviews.fromRequests,
    reviews: rows.reviews.count,
    ratingSum: rows.reviews.ratingSum,
    emailsSent: rows.emails.sent,
    emailsFailed: rows.emails.failed,
    emailsBounced: rows.emails.bounced,
    unsubscribes: rows.emails.unsubscribes,
    pointsIssued: points.issued,
    pointsRedeemed: points.redeemed,
    pointsExpired: points.expired,
    pointsReversed: points.reversed,
  };
  for (const order of rows.orders) {
    // Net sales: what the order brought in after its refunds.
    const revenue = toMinorUnits(order.totalPrice, order.currencyCode) - toMinorUnits(order.refunded, order.currencyCode);
    figures.orders += 1;
    figures.revenueCents += revenue;
    const first = order.customerKey ? rows.firstOrderAt.get(order.customerKey) : undefined;
    if (first && first < order.processedAt) figures.repeatOrders += 1;
    if (order.discountCodes.some((code) => rows.loyaltyCodes.has(code.toUpperCase()))) {
      figures.loyaltyOrders += 1;
      figures.loyaltyRevenueCents += revenue;
    }
    const threshold = thresholdFor(
      { currency: order.presentmentCurrencyCode, country: order.shippingCountry },
      rows.thresholds.settings,
      rows.thresholds.zones,
    );
    if (threshold) {
      figures.freeShippingTrackedOrders += 1;
      if (progress(presentmentSubtotal(order), threshold).reached) figures.freeShippingEligibleOrders += 1;
    }
  }
  return figures;
}
