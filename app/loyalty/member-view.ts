// One member's page as the admin shows it: every date, number and label as text, formatted in
// the shop's time zone so the server and the browser render the same. Pure: the loader passes
// what memberDetail read.
import { dateFormatter, formatNumber } from "../lib/format";
import { formatMoney } from "../lib/money";
import type { MemberDetail } from "./members.server";

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** "03-14" → "March 14". */
function birthdayText(monthDay: string): string {
  const [month, day] = monthDay.split("-").map(Number);
  return month && day && MONTHS[month - 1] ? `${MONTHS[month - 1]} ${day}` : monthDay;
}

/** "+50", "−20" (a minus sign, not a hyphen), "0". */
const signed = (value: number) => (value > 0 ? `+${formatNumber(value)}` : value < 0 ? `−${formatNumber(-value)}` : "0");

export function memberView({ member, tier, entries, redemptions }: MemberDetail, timeZone: string) {
  const formatDate = dateFormatter(timeZone);
  const formatDay = dateFormatter(timeZone, { withTime: false });
  return {
    member: {
      id: member.id,
      title: member.email ?? member.firstName ?? "Member",
      firstName: member.firstName,
      email: member.email,
      customerNumber: member.customerId?.split("/").pop() ?? null,
      balance: formatNumber(member.balance),
      negative: member.balance < 0,
      pending: formatNumber(member.pending),
      lifetimeEarned: formatNumber(member.lifetimeEarned),
      tier: tier
        ? {
            name: tier.name,
            multiplier: tier.multiplierPercent === 100 ? "Normal rate" : `×${tier.multiplierPercent / 100} points on orders`,
          }
        : null,
      referralCode: member.referralCode,
      birthday: member.birthday ? birthdayText(member.birthday) : null,
      memberSince: formatDay(member.createdAt),
      lastActivity: formatDay(member.lastActivityAt),
    },
    entries: {
      rows: entries.rows.map((entry) => ({
        id: entry.id,
        date: formatDate(entry.createdAt),
        kind: entry.kind,
        pendingBucket: entry.bucket === "pending",
        points: signed(entry.points),
        positive: entry.points > 0,
        note: entry.note,
        order: entry.orderName ?? (entry.orderId ? `Order ${entry.orderId.split("/").pop()}` : null),
        availableAt: entry.availableAt && entry.kind === "pending" ? formatDay(entry.availableAt) : null,
      })),
      hasNext: entries.hasNext,
      hasPrevious: entries.hasPrevious,
      nextCursor: entries.nextCursor,
      previousCursor: entries.previousCursor,
    },
    redemptions: {
      total: redemptions.total,
      rows: redemptions.rows.map((redemption) => ({
        id: redemption.id,
        // What the customer got: the code, or else (a redemption without one is store credit) "€5.00 store credit".
        code: redemption.code ?? `${formatMoney(redemption.creditAmount!, redemption.creditCurrency!)} store credit`,
        reward: redemption.rewardName ?? "Deleted reward",
        points: formatNumber(redemption.points),
        status: redemption.status,
        error: redemption.error,
        date: formatDate(redemption.createdAt),
        /** "Used on Dec 6, 2026, 10:15 AM in #1002" once an order used the code. */
        used:
          redemption.status === "used" && redemption.usedAt
            ? `Used on ${formatDate(redemption.usedAt)}${redemption.usedOrderName ? ` in ${redemption.usedOrderName}` : ""}`
            : null,
      })),
    },
  };
}

export type MemberView = ReturnType<typeof memberView>;
