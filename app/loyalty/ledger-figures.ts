// What the ledger's movements mean to the merchant, pure and defined once: the dashboard's daily
// rollup and the Loyalty page both turn a period's per-kind sums into these figures.

/** One ledger kind's movements over a period. */
export interface LedgerSum {
  kind: string;
  /** The sum of the kind's positive entries (0 or more). */
  credited: number;
  /** The sum of the kind's negative entries (0 or less). */
  debited: number;
}

export interface LedgerFigures {
  /**
   * Points issued: points given to customers — for orders (whether they wait in pending or go
   * straight to the balance), for actions, and the merchant's adjustments upwards. A release
   * only moves an order's points from pending to spendable, so it issues nothing.
   */
  issued: number;
  /** Points spent on rewards, net of points returned for codes Shopify refused. */
  redeemed: number;
  expired: number;
  /** Points taken back: refunds and cancellations, and the merchant's adjustments downwards. */
  reversed: number;
}

/** The kinds whose sums the figures read ("release" moves points between buckets and is left out). */
export const FIGURE_KINDS = ["earn", "pending", "adjust", "redeem", "expire", "reverse"] as const;

export function ledgerFigures(sums: readonly LedgerSum[]): LedgerFigures {
  const figures: LedgerFigures = { issued: 0, redeemed: 0, expired: 0, reversed: 0 };
  for (const sum of sums) {
    switch (sum.kind) {
      case "earn":
      case "pending":
        figures.issued += sum.credited;
        break;
      case "adjust":
        figures.issued += sum.credited;
        figures.reversed -= sum.debited;
        break;
      case "redeem":
        // Points returned when Shopify refused the code are credited back to "redeem".
        figures.redeemed -= sum.debited + sum.credited;
        break;
      case "expire":
        figures.expired -= sum.debited;
        break;
      case "reverse":
        figures.reversed -= sum.debited;
        break;
    }
  }
  return figures;
}
