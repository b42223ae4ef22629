// The incremental rollups (each order event schedules the days it moves, the daily catch-up and
// the dashboard's refresh do the rest, each rollup reading one day) must leave DailyMetric as a
// full recompute does, on a mixed history run through the real job queue: orders paid at once
// or later, partial refunds, cancellations, points earned, redeemed, refused, expired, adjusted
// and reversed, reviews, emails sent, failed and bounced, later redacted, unsubscribes; webhooks
// retried, jobs re-run, the worker down over a midnight, and times bunched around the shop's
// midnight (Auckland, 13 hours from UTC).
import { randomUUID } from "node:crypto";
import type { EmailFlow, LedgerBucket, LedgerEntryKind, ReviewSource } from "@prisma/client";
import { describe, expect, it } from "vitest";
import db from "../db.server";
import type { JobContext } from "../jobs/worker.server";
import { runDueJobs } from "../jobs/worker.server";
import { addDays, dayBounds, dayOf } from "./days";
import { dashboardJobHandlers, METRICS_ROLLUP_JOB, recomputeRollups, refreshTodayIfStale, scheduleOrderRollups } from "./rollup.server";

const TIME_ZONE = "Pacific/Auckland";
const START = new Date("2031-01-04T09:30:00Z"); // 22:30 on the 4th in Auckland
const EVENTS = 220;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Deterministic randomness (mulberry32), so a failing seed can be replayed. */
function randomness(seed: number) {
  let state = seed;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    int: (below: number) => Math.floor(next() * below),
    pick: <T>(items: readonly T[]): T | undefined => items[Math.floor(next() * items.length)],
  };
}

interface SimulatedOrder {
  id: string;
  points: number;
  memberId: string | null;
  paid: boolean;
  cancelled: boolean;
  totalCents: number;
  refundedCents: number;
}

const figureColumns = (row: Record<string, unknown>) => {
  const { shop: _shop, day: _day, computedAt: _computedAt, ...figures } = row;
  return figures;
};

/** Each day's figures; a row of zeros is left out, as the dashboard reads a day without a row as zeros. */
async function figuresByDay(shop: string): Promise<Record<string, Record<string, unknown>>> {
  const rows = await db.dailyMetric.findMany({ where: { shop }, orderBy: { day: "asc" } });
  return Object.fromEntries(
    rows.filter((row) => Object.values(figureColumns(row)).some((value) => value !== 0)).map((row) => [row.day, figureColumns(row)]),
  );
}

async function simulate(seed: number) {
  const random = randomness(seed);
  const shop = `agreement-${seed}-${randomUUID().slice(0, 6)}.myshopify.com`;
  await db.shop.create({ data: { domain: shop, name: "Agreement", currencyCode: "USD", ianaTimezone: TIME_ZONE } });
  await db.freeShippingSettings.create({ data: { shop, enabled: true, baseAmount: "75.00", excludedCountries: [] } });
  await db.freeShippingZone.create({
    data: { shop, name: "Europe", countries: ["GR"], currency: "EUR", amount: "60.00", rateToShop: "0.92" },
  });
  const customers = await Promise.all(
    [1, 2, 3, 4].map((n) =>
      db.loyaltyMember.create({
        data: { shop, customerId: `gid://shopify/Customer/${n}`, email: `c${n}@example.com`, referralCode: randomUUID() },
      }),
    ),
  );
  // Guests, one of them writing their email in two ways.
  const guests = ["g1@example.com", "G1@example.com", "g2@example.com"];
  const orders: SimulatedOrder[] = [];
  const codes: string[] = [];
  const emailIds: string[] = [];
  let clock = START;
  let sequence = 0;
  const noAdmin = async () => {
    throw new Error("a rollup calls no Shopify API");
  };

  /** The worker: every job due by `until`, each run at its due time, in order. */
  async function advanceTo(until: Date) {
    for (;;) {
      const next = await db.job.findFirst({ where: { shop, status: "queued", runAt: { lte: until } }, orderBy: { runAt: "asc" } });
      if (!next) break;
      if (next.runAt > clock) clock = next.runAt;
      await runDueJobs({ db, handlers: dashboardJobHandlers, adminFor: noAdmin, now: () => clock, batchSize: 50 });
    }
    clock = until;
  }

  async function post(memberId: string, kind: LedgerEntryKind, bucket: LedgerBucket, points: number, orderId?: string) {
    await db.loyaltyEntry.create({
      data: { shop, memberId, kind, bucket, points, orderId, idempotencyKey: `entry-${(sequence += 1)}`, createdAt: clock },
    });
  }

  async function placeOrder() {
    const customer = random.next() < 0.65 ? random.pick(customers)! : null;
    const guestEmail = customer ? null : random.pick(guests)!;
    const paid = random.next() < 0.85;
    const totalCents = 2_000 + random.int(15_000);
    const total = (totalCents / 100).toFixed(2);
    const european = random.next() < 0.25;
    // Shopify's webhook can come a while after the order was processed: its day may be yesterday.
    const processedAt = new Date(clock.getTime() - random.int(3 * HOUR));
    const code = random.next() < 0.3 ? random.pick(codes) : undefined;
    const id = `gid://shopify/Order/${seed}${String((sequence += 1)).padStart(6, "0")}`;
    await db.order.create({
      data: {
        id,
        shop,
        name: `#${sequence}`,
        email: customer ? customer.email : guestEmail,
        customerId: customer?.customerId ?? null,
        currencyCode: "USD",
        presentmentCurrencyCode: european ? "EUR" : "USD",
        totalPrice: total,
        presentmentTotalPrice: european ? ((totalCents * 0.92) / 100).toFixed(2) : total,
        subtotalPrice: total,
        discountCodes: code ? [code.toLowerCase()] : [],
        shippingCountry: european ? "GR" : "US",
        financialStatus: paid ? "paid" : "pending",
        lineItems: [],
        processedAt,
        paidAt: paid ? processedAt : null,
      },
    });
    const order: SimulatedOrder = {
      id,
      points: Math.floor(totalCents / 100),
      memberId: customer?.id ?? null,
      paid,
      cancelled: false,
      totalCents,
      refundedCents: 0,
    };
    orders.push(order);
    if (paid && order.memberId) await post(order.memberId, "pending", "pending", order.points, id);
    await scheduleOrderRollups(db, shop, await db.order.findUniqueOrThrow({ where: { id: id } }), clock);
  }

  async function payLater() {
    const order = random.pick(orders.filter((candidate) => !candidate.paid && !candidate.cancelled));
    if (!order) return;
    order.paid = true;
    await db.order.update({ where: { id: order.id }, data: { paidAt: clock, financialStatus: "paid" } });
    if (order.memberId) await post(order.memberId, "pending", "pending", order.points, order.id);
    await scheduleOrderRollups(db, shop, await db.order.findUniqueOrThrow({ where: { id: order.id } }), clock);
  }

  async function refund() {
    const order = random.pick(
      orders.filter((candidate) => candidate.paid && !candidate.cancelled && candidate.refundedCents < candidate.totalCents),
    );
    if (!order) return;
    const cents = 1 + random.int(order.totalCents - order.refundedCents);
    order.refundedCents += cents;
    await db.refund.create({
      data: {
        id: `gid://shopify/Refund/${seed}${String((sequence += 1)).padStart(6, "0")}`,
        shop,
        orderId: order.id,
        amount: (cents / 100).toFixed(2),
        lineItems: [],
        createdAt: clock,
      },
    });
    const points = Math.min(order.points, Math.floor(cents / 100));
    if (order.memberId && points > 0) {
      order.points -= points;
      await post(order.memberId, "reverse", "pending", -points, order.id);
    }
    await scheduleOrderRollups(db, shop, await db.order.findUniqueOrThrow({ where: { id: order.id } }), clock);
  }

  async function cancel() {
    const order = random.pick(orders.filter((candidate) => !candidate.cancelled));
    if (!order) return;
    order.cancelled = true;
    await db.order.update({ where: { id: order.id }, data: { cancelledAt: clock } });
    if (order.paid && order.memberId && order.points > 0) await post(order.memberId, "reverse", "pending", -order.points, order.id);
    order.points = 0;
    await scheduleOrderRollups(db, shop, await db.order.findUniqueOrThrow({ where: { id: order.id } }), clock);
  }

  /** Shopify delivers an order event again: the app schedules the same days again and changes nothing. */
  async function retryWebhook() {
    const order = random.pick(orders);
    if (order) await scheduleOrderRollups(db, shop, await db.order.findUniqueOrThrow({ where: { id: order.id } }), clock);
  }

  /** A rollup job runs again (a worker lost its lease, an operator retried it). */
  async function rerunRollup() {
    const day = addDays(dayOf(clock, TIME_ZONE), -random.int(4));
    const context = { db, shop, payload: { day }, now: clock, signal: new AbortController().signal } as unknown as JobContext<
      typeof METRICS_ROLLUP_JOB
    >;
    await dashboardJobHandlers[METRICS_ROLLUP_JOB](context);
  }

  async function redeem() {
    const member = random.pick(customers)!;
    const code = `REWARD-${seed}-${(sequence += 1)}`;
    await post(member.id, "redeem", "balance", -100);
    await db.loyaltyRedemption.create({ data: { shop, memberId: member.id, rewardId: "reward", points: 100, code, status: "issued" } });
    // Shopify refused some codes: the points come back to "redeem".
    if (random.next() < 0.2) await post(member.id, "redeem", "balance", 100);
    else codes.push(code);
  }

  async function pointsOther() {
    const member = random.pick(customers)!;
    const [kind, bucket, points] = random.pick<[LedgerEntryKind, LedgerBucket, number]>([
      ["earn", "balance", 25],
      ["adjust", "balance", 40],
      ["adjust", "balance", -15],
      ["expire", "balance", -30],
      ["release", "pending", -20],
    ])!;
    await post(member.id, kind, bucket, points);
    if (kind === "release") await post(member.id, "release", "balance", 20);
  }

  async function review() {
    const source = random.pick<ReviewSource>(["request_email", "storefront", "import"])!;
    await db.review.create({
      data: {
        shop,
        productId: `gid://shopify/Product/${random.int(5)}`,
        rating: 1 + random.int(5),
        body: "Fine",
        authorName: "A",
        source,
        contentHash: randomUUID(),
        // Imports keep the date they were written elsewhere.
        createdAt: source === "import" ? new Date(clock.getTime() - 300 * 24 * HOUR) : clock,
      },
    });
  }

  /** An email that went out, failed for good, or bounced at the SMTP server (the app's bounces happen while sending). */
  async function email(status: "sent" | "failed" | "bounced") {
    const flow = random.pick<EmailFlow>(["review_request", "thank_you", "points_available"])!;
    const id = `email-${seed}-${(sequence += 1)}`;
    await db.emailMessage.create({
      data: {
        id,
        shop,
        orderId: `gid://shopify/Order/${sequence}`,
        orderName: "#1",
        flow,
        step: flow === "review_request" ? random.int(3) : 0,
        idempotencyKey: id,
        template: flow === "review_request" ? "review_request" : flow === "thank_you" ? "thank_you_first" : "points_available",
        recipient: "a@example.com",
        locale: "en",
        status,
        scheduledFor: clock,
        sendingAt: clock,
        sentAt: status === "sent" ? clock : null,
        createdAt: new Date(clock.getTime() - random.int(2 * HOUR)),
        updatedAt: clock,
      },
    });
    emailIds.push(id);
  }

  /** A customers/redact erases an email's recipient: the row changes, its day's figures must not. */
  async function redactEmail() {
    const id = random.pick(emailIds);
    if (id) await db.emailMessage.update({ where: { id }, data: { recipient: "", subject: null, updatedAt: clock } });
  }

  async function unsubscribe() {
    const address = `u${random.int(30)}@example.com`;
    await db.emailSuppression.upsert({
      where: { shop_email: { shop, email: address } },
      create: { shop, email: address, reason: "unsubscribed", createdAt: clock },
      update: {},
    });
  }

  /** The worker is down for a day or more; then it runs what fell due, late, all at once. */
  async function workerOutage() {
    clock = new Date(clock.getTime() + 26 * HOUR + random.int(14 * HOUR));
    await runDueJobs({ db, handlers: dashboardJobHandlers, adminFor: noAdmin, now: () => clock, batchSize: 50 });
  }

  const events: [number, () => Promise<unknown>][] = [
    [28, placeOrder],
    [6, payLater],
    [10, refund],
    [4, cancel],
    [7, retryWebhook],
    [4, rerunRollup],
    [6, redeem],
    [6, pointsOther],
    [9, review],
    [10, () => email("sent")],
    [3, () => email("failed")],
    [3, () => email("bounced")],
    [3, redactEmail],
    [3, unsubscribe],
    [4, () => refreshTodayIfStale(db, shop, clock)],
    [1, workerOutage],
  ];
  const weight = events.reduce((sum, [share]) => sum + share, 0);

  // The merchant opens the app at install: the dashboard's refresh starts the daily catch-up chain.
  await refreshTodayIfStale(db, shop, clock);
  for (let count = 0; count < EVENTS; count++) {
    // A third of the events fall within minutes of the shop's midnight, on either side.
    const nextMidnight = dayBounds(addDays(dayOf(clock, TIME_ZONE), 1), TIME_ZONE).start;
    const target =
      random.next() < 0.33
        ? new Date(Math.max(clock.getTime(), nextMidnight.getTime() + (random.int(20) - 10) * MINUTE))
        : new Date(clock.getTime() + random.int(5 * HOUR));
    await advanceTo(target);
    let roll = random.next() * weight;
    const [, event] = events.find(([share]) => (roll -= share) < 0) ?? events[0]!;
    await event();
  }
  // Past the last day's catch-up (15 minutes after the shop's midnight).
  await advanceTo(new Date(dayBounds(addDays(dayOf(clock, TIME_ZONE), 1), TIME_ZONE).start.getTime() + HOUR));
  return { shop, orders, now: clock };
}

describe("incremental rollups", () => {
  it.each([1, 2, 3])(
    "leave every day as a full recompute does, and count each cent and point once (seed %i)",
    async (seed) => {
      const { shop, orders, now } = await simulate(seed);
      const incremental = await figuresByDay(shop);
      const days = await recomputeRollups(db, shop, now);
      const full = await figuresByDay(shop);
      expect(days).toBeGreaterThan(10);
      expect(Object.keys(incremental).length).toBeGreaterThan(10);
      expect(incremental).toEqual(full);

      // Independent of either: the sums over all days are the orders' and the ledger's own.
      const rows = await db.dailyMetric.findMany({ where: { shop } });
      const sum = (key: "revenueCents" | "orders" | "pointsIssued" | "pointsReversed") => rows.reduce((total, row) => total + row[key], 0);
      const standing = orders.filter((order) => order.paid && !order.cancelled);
      expect(sum("orders")).toBe(standing.length);
      expect(sum("revenueCents")).toBe(standing.reduce((total, order) => total + order.totalCents - order.refundedCents, 0));
      const entries = await db.loyaltyEntry.findMany({ where: { shop } });
      const points = (kinds: LedgerEntryKind[], sign: 1 | -1) =>
        entries
          .filter((entry) => kinds.includes(entry.kind) && Math.sign(entry.points) === sign)
          .reduce((total, entry) => total + entry.points, 0);
      expect(sum("pointsIssued")).toBe(points(["earn", "pending", "adjust"], 1));
      expect(sum("pointsReversed")).toBe(-points(["reverse", "adjust"], -1));
      await db.job.deleteMany({ where: { shop } });
    },
    180_000,
  ); // a few hundred events, each through the job queue: tens of seconds on a busy PostgreSQL
});
