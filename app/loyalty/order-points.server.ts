// Points for orders: earned when paid (pending through the returns window), released when
// the window ends, and reversed for the refunded share or on cancellation. Each function
// reads the order as recorded and posts what is missing, so repeating it changes nothing.
import type { LoyaltyMember, Order } from "@prisma/client";
import type { Db } from "../db.server";
import { queuePointsAvailableEmail } from "../emails/outbox.server";
import { enqueueAll, type EnqueueInput } from "../jobs/queue.server";
import { formatMoney, fromMinorUnits, toMinorUnits } from "../lib/money";
import { findOrCreateMember, postToLedger, entryExists, type EntryInput, type Tx } from "./ledger.server";
import { loadLoyaltySettings, type LoyaltySettingsValues } from "./loyalty-settings.server";
import { contactOf, mayEmailMember } from "./member-contact.server";
import { orderLines, refundLines } from "../orders/order-lines";
import { pointsForOrder, refundedShare, reversalDue, type RefundedAmounts } from "./points";
import { refreshTier } from "./tiers.server";

export const RELEASE_JOB = "loyalty.release";
export const SYNC_MEMBER_JOB = "loyalty.sync_member";
const DAY = 86_400_000;

const earnKey = (orderId: string) => `order:${orderId}:earn`;

/** After an order event (paid, cancelled, refunded): earn what is due, reverse what was refunded. */
export async function applyOrderPoints(db: Db, shop: string, orderId: string, now: Date): Promise<void> {
  const order = await db.order.findFirst({ where: { id: orderId, shop } });
  if (!order) return;
  const settings = await loadLoyaltySettings(db, shop);
  const earnedBefore = await db.loyaltyEntry.findUnique({ where: { shop_idempotencyKey: { shop, idempotencyKey: earnKey(orderId) } } });
  // A programme switched off earns nothing new, but points already earned still follow refunds.
  if (!settings.enabled && !earnedBefore) return;
  const member = earnedBefore
    ? await db.loyaltyMember.findUniqueOrThrow({ where: { id: earnedBefore.memberId } })
    : await findOrCreateMember(db, shop, { customerId: order.customerId, email: order.email, firstName: order.customerFirstName });
  if (!member) return;

  const posted = await postToLedger(db, shop, member.id, now, async (tx, locked) => {
    const entries: EntryInput[] = [];
    if (settings.enabled && order.paidAt && !order.cancelledAt && !(await entryExists(tx, shop, earnKey(orderId)))) {
      entries.push(await earnEntry(tx, order, locked, settings, now));
    }
    const earned = entries[0]?.points ?? (await earnedPoints(tx, shop, orderId));
    entries.push(...(await reversalEntries(tx, order, locked, settings, earned, entries)));
    return entries;
  });

  if (posted.length === 0) return;
  const pending = posted.find((entry) => entry.kind === "pending");
  const release: EnqueueInput[] = pending?.availableAt
    ? [{ shop, type: RELEASE_JOB, payload: { orderId }, runAt: pending.availableAt, dedupeKey: `loyalty-release:${orderId}` }]
    : [];
  await afterChange(db, shop, member.id, now, release);
}

async function earnEntry(tx: Tx, order: Order, member: LoyaltyMember, settings: LoyaltySettingsValues, now: Date): Promise<EntryInput> {
  const tier = member.tierId ? await tx.loyaltyTier.findUnique({ where: { id: member.tierId } }) : null;
  const points = pointsForOrder(order, settings, tier?.multiplierPercent ?? 100);
  const note = `Order ${order.name}${tier && tier.multiplierPercent !== 100 ? ` (${tier.name}: ×${tier.multiplierPercent / 100})` : ""}`;
  if (settings.pendingDays === 0)
    return { kind: "earn", bucket: "balance", points, idempotencyKey: earnKey(order.id), orderId: order.id, note };
  const availableAt = new Date((order.paidAt ?? now).getTime() + settings.pendingDays * DAY);
  return { kind: "pending", bucket: "pending", points, idempotencyKey: earnKey(order.id), orderId: order.id, note, availableAt };
}

async function earnedPoints(tx: Tx, shop: string, orderId: string): Promise<number> {
  return (await tx.loyaltyEntry.findUnique({ where: { shop_idempotencyKey: { shop, idempotencyKey: earnKey(orderId) } } }))?.points ?? 0;
}

/** What is still in the pending bucket for the order (earned minus released and reversed there). */
async function pendingForOrder(tx: Tx, shop: string, orderId: string, unposted: EntryInput[]): Promise<number> {
  const { _sum } = await tx.loyaltyEntry.aggregate({ where: { shop, orderId, bucket: "pending" }, _sum: { points: true } });
  return (_sum.points ?? 0) + unposted.filter((e) => e.bucket === "pending").reduce((sum, e) => sum + e.points, 0);
}

/**
 * A refund row as refundedShare reads it: each refunded line's discount is what its units were
 * listed at on the order less what they cost after discounts (none for a line the order does
 * not list). Lines recorded before refunds kept their tax count none.
 */
const refundedAmounts =
  (order: Order) =>
  (refund: { amount: string; lineItems: unknown }): RefundedAmounts => {
    const listed = new Map(orderLines(order).map((line) => [line.lineItemId, line]));
    const minor = (amount: string) => toMinorUnits(amount, order.currencyCode);
    return {
      amount: refund.amount,
      lines: refundLines(refund).map((line) => {
        const ordered = listed.get(line.lineItemId);
        const discount = ordered ? Math.max(0, minor(ordered.price) * line.quantity - minor(line.subtotal)) : 0;
        return { subtotal: line.subtotal, tax: line.tax ?? "0", discount: fromMinorUnits(discount, order.currencyCode) };
      }),
    };
  };

async function reversalEntries(
  tx: Tx,
  order: Order,
  member: LoyaltyMember,
  settings: LoyaltySettingsValues,
  earned: number,
  unposted: EntryInput[],
): Promise<EntryInput[]> {
  if (earned <= 0) return [];
  // Read first: an order standing without refunds (most order events) has nothing reversed or due.
  const refunds = order.cancelledAt
    ? []
    : await tx.refund.findMany({ where: { shop: order.shop, orderId: order.id }, select: { amount: true, lineItems: true } });
  if (!order.cancelledAt && refunds.length === 0) return [];
  const { _sum } = await tx.loyaltyEntry.aggregate({
    where: { shop: order.shop, orderId: order.id, kind: "reverse" },
    _sum: { points: true },
  });
  const alreadyReversed = -(_sum.points ?? 0);
  let due: number;
  let key: string;
  let note: string;
  if (order.cancelledAt) {
    due = earned - alreadyReversed;
    key = `order:${order.id}:cancel`;
    note = `Order ${order.name} cancelled`;
  } else {
    // Refund rows are in the order's shop currency (refundRowFromPayload).
    const minor = (amount: string) => toMinorUnits(amount, order.currencyCode);
    const refunded = refunds.reduce((sum, refund) => sum + minor(refund.amount), 0);
    const converted = order.presentmentCurrencyCode !== order.currencyCode;
    const { refunded: share, total } = refundedShare(order, settings, refunds.map(refundedAmounts(order)), converted);
    due = reversalDue(earned, alreadyReversed, share, total);
    // The key names the refunded state, money and items: each new refund is a new state, a repeat is not.
    const items = refunds.flatMap((refund) => refundLines(refund)).reduce((sum, line) => sum + line.quantity, 0);
    key = `order:${order.id}:refunded:${refunded}${items > 0 ? `:items:${items}` : ""}`;
    // Stored with the entry and shown to the merchant as it was written: the shop's currency, in English like the rest of the note.
    note = `Order ${order.name} refunded (${formatMoney(fromMinorUnits(refunded, order.currencyCode), order.currencyCode)} in total)`;
  }
  if (due <= 0 || (await entryExists(tx, order.shop, key))) return [];

  // Points still pending come back from there first; the rest from the spendable balance.
  const fromPending = Math.min(due, Math.max(0, await pendingForOrder(tx, order.shop, order.id, unposted)));
  const entries: EntryInput[] = [];
  if (fromPending > 0)
    entries.push({ kind: "reverse", bucket: "pending", points: -fromPending, idempotencyKey: `${key}:pending`, orderId: order.id, note });
  let fromBalance = due - fromPending;
  if (fromBalance > 0 && !settings.allowNegativeBalance) {
    const spendable = Math.max(0, member.balance + unposted.filter((e) => e.bucket === "balance").reduce((sum, e) => sum + e.points, 0));
    if (fromBalance > spendable) {
      note += ` — ${fromBalance - spendable} points already spent were not taken back`;
      fromBalance = spendable;
    }
  }
  if (fromBalance > 0) {
    entries.push({ kind: "reverse", bucket: "balance", points: -fromBalance, idempotencyKey: key, orderId: order.id, note });
  }
  return entries;
}

/** The returns window is over: whatever is still pending for the order becomes spendable. */
export async function releasePendingPoints(db: Db, shop: string, orderId: string, now: Date): Promise<void> {
  const earn = await db.loyaltyEntry.findUnique({ where: { shop_idempotencyKey: { shop, idempotencyKey: earnKey(orderId) } } });
  if (!earn || earn.bucket !== "pending") return;
  const posted = await postToLedger(db, shop, earn.memberId, now, async (tx) => {
    const key = `order:${orderId}:release`;
    if (await entryExists(tx, shop, key)) return [];
    const remaining = await pendingForOrder(tx, shop, orderId, []);
    if (remaining <= 0) return [];
    const note = `${earn.note} — returns window over`;
    return [
      { kind: "release", bucket: "pending", points: -remaining, idempotencyKey: `${key}:pending`, orderId, note },
      { kind: "release", bucket: "balance", points: remaining, idempotencyKey: key, orderId, note },
    ];
  });
  if (posted.length === 0) return;
  await afterChange(db, shop, earn.memberId, now);
  await announceSpendablePoints(db, shop, earn.memberId, orderId, now);
}

/**
 * "Your points are ready to spend", once per release (the outbox keys it by the order), when the
 * merchant has it switched on and the shop's consent rule allows emailing the member. The send
 * checks all of it again, since any of it may change before the email goes.
 */
async function announceSpendablePoints(db: Db, shop: string, memberId: string, orderId: string, now: Date): Promise<void> {
  const settings = await loadLoyaltySettings(db, shop);
  if (!settings.enabled || !settings.pointsAvailableEmail) return;
  const member = await db.loyaltyMember.findFirst({ where: { id: memberId, shop } });
  if (!member || !(await mayEmailMember(db, shop, member))) return;
  const contact = await contactOf(db, shop, member);
  if (!contact.email) return;
  await queuePointsAvailableEmail(db, { shop, memberId, orderId, recipient: contact.email, locale: contact.locale, now });
}

/** Tier and storefront metafields follow every change of a member's points; `alsoEnqueue` goes in the same INSERT as the sync. */
export async function afterChange(db: Db, shop: string, memberId: string, now: Date, alsoEnqueue: EnqueueInput[] = []): Promise<void> {
  await refreshTier(db, shop, memberId, now);
  await enqueueAll(db, [...alsoEnqueue, { shop, type: SYNC_MEMBER_JOB, payload: { memberId } }]);
}
