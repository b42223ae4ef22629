// The ledger's per-kind sums over a period, for ledgerFigures (ledger-figures.ts).
import type { Db } from "../db.server";
import { FIGURE_KINDS, type LedgerSum } from "./ledger-figures";

/** Entries created in [start, end). */
export async function ledgerSums(db: Db, shop: string, start: Date, end: Date): Promise<LedgerSum[]> {
  const where = { shop, kind: { in: [...FIGURE_KINDS] }, createdAt: { gte: start, lt: end } };
  const [credits, debits] = await Promise.all([
    db.loyaltyEntry.groupBy({ by: ["kind"], where: { ...where, points: { gt: 0 } }, _sum: { points: true } }),
    db.loyaltyEntry.groupBy({ by: ["kind"], where: { ...where, points: { lt: 0 } }, _sum: { points: true } }),
  ]);
  return FIGURE_KINDS.map((kind) => ({
    kind,
    credited: credits.find((row) => row.kind === kind)?._sum.points ?? 0,
    debited: debits.find((row) => row.kind === kind)?._sum.points ?? 0,
  }));
}
