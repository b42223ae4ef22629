import { randomUUID } from "node:crypto";
import type { EmailFlow, EmailStatus, LedgerBucket, LedgerEntryKind, ReviewSource } from "@prisma/client";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import db from "../db.server";
import { enqueue } from "../jobs/queue.server";
import type { JobContext } from "../jobs/worker.server";
import {
  dashboardJobHandlers,
  METRICS_DAILY_JOB,
  METRICS_ROLLUP_JOB,
  refreshTodayIfStale,
  rollupDay,
  scheduleOrderRollups,
  scheduleRollup,
} from "./rollup.server";

const DAY = "2031-01-10"; // Europe/Athens, UTC+2: 2031-01-09T22:00Z .. 2031-01-10T22:00Z
const NOW = new Date("2031-01-11T08:00:00Z");

const newShop = () => `dashboard-${randomUUID().slice(0, 8)}.myshopify.com`;

async function createShop(shop: string) {
  await db.shop.create({ data: { domain: shop, name: "Demo", currencyCode: "USD", ianaTimezone: "Europe/Athens" } });
  await db.freeShippingSettings.create({ data: { shop, enabled: true, baseAmount: "75.00", excludedCountries: [] } });
  await db.freeShippingZone.create({
    data: { shop, name: "Europe", countries: ["GR"], currency: "EUR", amount: "60.00", rateToShop: "0.92" },
  });
}

interface OrderFixture {
  processedAt: string;
  total?: string;
  presentment?: { currency: string; total: string };
  customerId?: string | null;
  email?: string | null;
  codes?: string[];
  country?: string | null;
  paid?: boolean;
  cancelled?: boolean;
}

async function addOrder(shop: string, fixture: OrderFixture) {
  const id = `gid://shopify/Order/${randomUUID()}`;
  const total = fixture.total ?? "100.00";
  await db.order.create({
    data: {
      id,
      shop,
      name: "#1",
      email: fixture.email === undefined ? null : fixture.email,
      customerId: fixture.customerId === undefined ? null : fixture.customerId,
      currencyCode: "USD",
      presentmentCurrencyCode: fixture.presentment?.currency ?? "USD",
      totalPrice: total,
      presentmentTotalPrice: fixture.presentment?.total ?? total,
      subtotalPrice: total,
      discountCodes: fixture.codes ?? [],
      shippingCountry: fixture.country === undefined ? "US" : fixture.country,
      financialStatus: fixture.paid === false ? "pending" : "paid",
      lineItems: [],
      processedAt: new Date(fixture.processedAt),
      paidAt: fixture.paid === false ? null : new Date(fixture.processedAt),
      cancelledAt: fixture.cancelled ? new Date(fixture.processedAt) : null,
    },
  });
  return id;
}

async function email(shop: string, data: { flow?: EmailFlow; step?: number; status: EmailStatus; sentAt?: string; failedAt?: string }) {
  const at = new Date(data.sentAt ?? data.failedAt ?? "2031-01-10T10:00:00Z");
  await db.emailMessage.create({
    data: {
      shop,
      orderId: `gid://shopify/Order/${randomUUID()}`,
      orderName: "#1",
      flow: data.flow ?? "thank_you",
      step: data.step ?? 0,
      idempotencyKey: randomUUID(),
      template: "thank_you_first",
      recipient: "a@example.com",
      locale: "en",
      status: data.status,
      scheduledFor: new Date(at.getTime() - 60_000),
      sendingAt: at,
      sentAt: data.sentAt ? at : null,
      createdAt: new Date("2031-01-09T12:00:00Z"),
      // A later change to the row (a redaction) moves no figure.
      updatedAt: new Date("2031-01-20T12:00:00Z"),
    },
  });
}

async function review(shop: string, rating: number, source: ReviewSource, createdAt: string) {
  await db.review.create({
    data: {
      shop,
      productId: "gid://shopify/Product/1",
      rating,
      body: "Nice",
      authorName: "A",
      source,
      contentHash: randomUUID(),
      createdAt: new Date(createdAt),
    },
  });
}

/** A day with orders, emails, reviews and points on both sides of its Athens midnight boundaries. */
async function seedDay(shop: string) {
  await createShop(shop);
  // Customer 1 ordered before: the day's order is a repeat; it used a loyalty reward code and was partly refunded.
  await addOrder(shop, { processedAt: "2031-01-05T10:00:00Z", customerId: "gid://shopify/Customer/1" });
  const loyal = await addOrder(shop, {
    processedAt: "2031-01-09T22:30:00Z",
    customerId: "gid://shopify/Customer/1",
    codes: ["reward-abc"],
  }); // 00:30 in Athens
  await db.refund.create({
    data: {
      id: `gid://shopify/Refund/${randomUUID()}`,
      shop,
      orderId: loyal,
      amount: "20.00",
      lineItems: [],
      createdAt: new Date("2031-01-12T10:00:00Z"),
    },
  });
  await db.loyaltyRedemption.create({ data: { shop, memberId: "m", rewardId: "r", points: 100, code: "REWARD-ABC", status: "issued" } });
  // A guest's first and second order of the day (emails differ in case): the second is a repeat.
  await addOrder(shop, { processedAt: "2031-01-10T21:30:00Z", email: "Guest@Example.com", total: "50.00" }); // 23:30 in Athens
  await addOrder(shop, {
    processedAt: "2031-01-10T21:45:00Z",
    email: "guest@example.com",
    total: "70.00",
    presentment: { currency: "EUR", total: "64.40" },
    country: "GR",
  });
  // Not the day's: after its midnight, cancelled, unpaid.
  await addOrder(shop, { processedAt: "2031-01-10T22:30:00Z", customerId: "gid://shopify/Customer/2" });
  await addOrder(shop, { processedAt: "2031-01-10T10:00:00Z", customerId: "gid://shopify/Customer/3", cancelled: true });
  await addOrder(shop, { processedAt: "2031-01-10T10:00:00Z", customerId: "gid://shopify/Customer/4", paid: false });

  await email(shop, { flow: "review_request", status: "sent", sentAt: "2031-01-10T09:00:00Z" });
  await email(shop, { flow: "review_request", step: 1, status: "sent", sentAt: "2031-01-10T09:30:00Z" }); // a reminder
  await email(shop, { flow: "review_request", status: "sent", sentAt: "2031-01-09T21:59:00Z" }); // the day before, in Athens
  await email(shop, { status: "failed", failedAt: "2031-01-10T11:00:00Z" });
  await email(shop, { status: "bounced", failedAt: "2031-01-10T11:00:00Z" });
  await email(shop, { status: "bounced", failedAt: "2031-01-10T22:01:00Z" }); // the next day in Athens
  await db.emailSuppression.createMany({
    data: [
      { shop, email: "u@example.com", reason: "unsubscribed", createdAt: new Date("2031-01-10T12:00:00Z") },
      { shop, email: "b@example.com", reason: "bounced", createdAt: new Date("2031-01-10T12:00:00Z") },
    ],
  });

  await review(shop, 5, "request_email", "2031-01-10T08:00:00Z");
  await review(shop, 2, "storefront", "2031-01-10T21:59:00Z");
  await review(shop, 1, "import", "2031-01-10T08:00:00Z");
  await review(shop, 4, "request_email", "2031-01-10T22:00:00Z"); // the next day in Athens

  const member = await db.loyaltyMember.create({ data: { shop, email: "m@example.com", referralCode: randomUUID() } });
  const entries: [LedgerEntryKind, LedgerBucket, number][] = [
    ["earn", "balance", 100],
    ["pending", "pending", 50],
    ["release", "pending", -50],
    ["release", "balance", 50],
    ["redeem", "balance", -130],
    ["redeem", "balance", 30],
    ["adjust", "balance", 20],
    ["adjust", "balance", -5],
    ["expire", "balance", -10],
    ["reverse", "pending", -15],
  ];
  await db.loyaltyEntry.createMany({
    data: entries.map(([kind, bucket, points]) => ({
      shop,
      memberId: member.id,
      kind,
      bucket,
      points,
      idempotencyKey: randomUUID(),
      createdAt: new Date("2031-01-10T12:00:00Z"),
    })),
  });
  await db.loyaltyEntry.create({
    data: {
      shop,
      memberId: member.id,
      kind: "earn",
      bucket: "balance",
      points: 999,
      idempotencyKey: randomUUID(),
      createdAt: new Date("2031-01-10T22:00:00Z"),
    },
  });
}

const EXPECTED = {
  orders: 3,
  repeatOrders: 2,
  revenueCents: 8_000 + 5_000 + 7_000,
  loyaltyOrders: 1,
  loyaltyRevenueCents: 8_000,
  freeShippingTrackedOrders: 3,
  freeShippingEligibleOrders: 2, // $100 over $75, €64.40 over €60; $50 is not
  reviewRequestsSent: 1,
  reviewsFromRequests: 1,
  reviews: 2,
  ratingSum: 7,
  emailsSent: 2,
  emailsFailed: 1,
  emailsBounced: 1,
  unsubscribes: 1,
  pointsIssued: 170,
  pointsRedeemed: 100,
  pointsExpired: 10,
  pointsReversed: 20,
};

describe("rollupDay", () => {
  it("recomputes a day on the shop's clock from the source tables", async () => {
    const shop = newShop();
    await seedDay(shop);
    const row = await rollupDay(db, shop, DAY, NOW);
    expect(row).toMatchObject({ shop, day: DAY, ...EXPECTED, computedAt: NOW });
  });

  it("gives the same row however many times it runs, one after another or at once", async () => {
    const shop = newShop();
    await seedDay(shop);
    await rollupDay(db, shop, DAY, NOW);
    await rollupDay(db, shop, DAY, NOW);
    await Promise.all([rollupDay(db, shop, DAY, NOW), rollupDay(db, shop, DAY, NOW), rollupDay(db, shop, DAY, NOW)]);
    const rows = await db.dailyMetric.findMany({ where: { shop } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject(EXPECTED);
  });

  it("sees only its shop's rows, and follows later changes", async () => {
    const shop = newShop();
    const other = newShop();
    await seedDay(shop);
    await seedDay(other);
    await addOrder(other, { processedAt: "2031-01-10T10:00:00Z", customerId: "gid://shopify/Customer/9" });
    await rollupDay(db, shop, DAY, NOW);
    await rollupDay(db, other, DAY, NOW);
    expect(await db.dailyMetric.findUniqueOrThrow({ where: { shop_day: { shop, day: DAY } } })).toMatchObject(EXPECTED);
    expect(await db.dailyMetric.findUniqueOrThrow({ where: { shop_day: { shop: other, day: DAY } } })).toMatchObject({
      ...EXPECTED,
      orders: 4,
      revenueCents: 30_000,
      freeShippingTrackedOrders: 4,
      freeShippingEligibleOrders: 3,
    });

    await addOrder(shop, { processedAt: "2031-01-10T10:00:00Z", customerId: "gid://shopify/Customer/9", total: "10.00" });
    const later = new Date(NOW.getTime() + 60_000);
    expect(await rollupDay(db, shop, DAY, later)).toMatchObject({ orders: 4, revenueCents: 21_000, computedAt: later });
  });

  it("writes an empty day as zeros", async () => {
    const shop = newShop();
    await createShop(shop);
    expect(await rollupDay(db, shop, DAY, NOW)).toMatchObject({ orders: 0, reviews: 0, pointsIssued: 0 });
  });
});

describe("rollup scheduling", () => {
  const jobs = (shop: string) =>
    db.job.findMany({
      where: { shop },
      orderBy: [{ runAt: "asc" }, { dedupeKey: "asc" }],
      select: { type: true, payload: true, runAt: true, dedupeKey: true },
    });

  it("debounces a day's rollups to one now and one at the end of each 10-minute interval", async () => {
    const shop = newShop();
    await createShop(shop);
    const at = new Date("2031-01-10T10:03:00Z");
    await scheduleRollup(db, shop, DAY, at);
    await scheduleRollup(db, shop, DAY, new Date("2031-01-10T10:09:00Z"));
    expect(await jobs(shop)).toEqual([
      { type: METRICS_ROLLUP_JOB, payload: { day: DAY }, runAt: at, dedupeKey: expect.stringMatching(/^metrics:2031-01-10:\d+$/) },
      {
        type: METRICS_ROLLUP_JOB,
        payload: { day: DAY },
        runAt: new Date("2031-01-10T10:10:00Z"),
        dedupeKey: expect.stringMatching(/^metrics:2031-01-10:\d+:end$/),
      },
    ]);
    await scheduleRollup(db, shop, DAY, new Date("2031-01-10T10:10:00Z"));
    expect(await jobs(shop)).toHaveLength(4);
  });

  it("after an order event: its day, today, the days of the buyer's later orders, and the daily catch-up after the shop's midnight", async () => {
    const shop = newShop();
    await createShop(shop);
    const customerId = "gid://shopify/Customer/1";
    const orderId = await addOrder(shop, { processedAt: "2031-01-09T23:00:00Z", customerId }); // the 10th in Athens
    await addOrder(shop, { processedAt: "2031-01-05T10:00:00Z", customerId }); // before it: its repeat status does not change
    await addOrder(shop, { processedAt: "2031-01-11T10:00:00Z", customerId }); // a repeat order while this one stands
    await addOrder(shop, { processedAt: "2031-01-10T23:30:00Z", customerId: "gid://shopify/Customer/2", email: "Ann@example.com" });
    await addOrder(shop, { processedAt: "2031-01-11T00:30:00Z", customerId: "gid://shopify/Customer/3" }); // someone else's
    const guestOrderId = await addOrder(shop, { processedAt: "2031-01-10T10:00:00Z", email: "Ann@example.com" });
    const rollupDays = async () =>
      (await jobs(shop))
        .filter((job) => job.type === METRICS_ROLLUP_JOB)
        .map((job) => z.object({ day: z.string() }).parse(job.payload).day)
        .sort();
    await scheduleOrderRollups(db, shop, await db.order.findUniqueOrThrow({ where: { id: orderId } }), new Date("2031-01-12T10:00:00Z"));
    expect(await rollupDays()).toEqual(["2031-01-10", "2031-01-10", "2031-01-11", "2031-01-11", "2031-01-12", "2031-01-12"]);
    const scheduled = await jobs(shop);
    expect(scheduled.filter((job) => job.type === METRICS_DAILY_JOB)).toEqual([
      {
        type: METRICS_DAILY_JOB,
        payload: { day: "2031-01-13" },
        runAt: new Date("2031-01-12T22:15:00Z"),
        dedupeKey: "metrics-daily:2031-01-13",
      },
    ]);
    // A guest's first order counts for the same email's later orders, with or without an account.
    await db.job.deleteMany({ where: { shop, type: METRICS_ROLLUP_JOB } });
    await scheduleOrderRollups(
      db,
      shop,
      await db.order.findUniqueOrThrow({ where: { id: guestOrderId } }),
      new Date("2031-01-10T10:00:00Z"),
    );
    expect(await rollupDays()).toEqual(["2031-01-10", "2031-01-10", "2031-01-11", "2031-01-11"]);
  });

  it("the dashboard refreshes today only when its figures are older than the interval", async () => {
    const shop = newShop();
    await createShop(shop);
    const now = new Date("2031-01-10T10:00:00Z");
    expect(await refreshTodayIfStale(db, shop, now)).toBe(true);
    await rollupDay(db, shop, DAY, now);
    expect(await refreshTodayIfStale(db, shop, new Date(now.getTime() + 5 * 60_000))).toBe(false);
    expect(await refreshTodayIfStale(db, shop, new Date(now.getTime() + 11 * 60_000))).toBe(true);
  });

  it("the daily job rolls up yesterday and today and chains tomorrow's", async () => {
    const shop = newShop();
    await seedDay(shop);
    const now = new Date("2031-01-10T22:15:00Z"); // 00:15 on the 11th in Athens
    const context = { db, shop, payload: { day: "2031-01-11" }, now, signal: new AbortController().signal } as unknown as JobContext<
      typeof METRICS_DAILY_JOB
    >;
    await dashboardJobHandlers[METRICS_DAILY_JOB]!(context);
    const rows = await db.dailyMetric.findMany({ where: { shop }, orderBy: { day: "asc" } });
    expect(rows.map((row) => row.day)).toEqual(["2031-01-10", "2031-01-11"]);
    expect(rows[0]).toMatchObject(EXPECTED);
    expect(rows[1]).toMatchObject({ orders: 1, reviews: 1, pointsIssued: 999 });
    expect(await db.job.findFirst({ where: { shop, type: METRICS_DAILY_JOB } })).toMatchObject({ dedupeKey: "metrics-daily:2031-01-12" });
  });

  it("a daily job that runs days late rolls up every day since the one it was scheduled for", async () => {
    const shop = newShop();
    await seedDay(shop);
    const now = new Date("2031-01-12T10:00:00Z"); // the worker was down from the 11th's midnight to noon on the 12th
    const context = { db, shop, payload: { day: "2031-01-11" }, now, signal: new AbortController().signal } as unknown as JobContext<
      typeof METRICS_DAILY_JOB
    >;
    await dashboardJobHandlers[METRICS_DAILY_JOB]!(context);
    const rows = await db.dailyMetric.findMany({ where: { shop }, orderBy: { day: "asc" } });
    expect(rows.map((row) => row.day)).toEqual(["2031-01-10", "2031-01-11", "2031-01-12"]);
    expect(rows[0]).toMatchObject(EXPECTED);
    expect(await db.job.findFirst({ where: { shop, type: METRICS_DAILY_JOB } })).toMatchObject({ dedupeKey: "metrics-daily:2031-01-13" });
  });

  it("refuses a rollup job without a real day", async () => {
    const shop = newShop();
    await expect(enqueue(db, { shop, type: METRICS_ROLLUP_JOB, payload: { day: "2031-02-30" } })).rejects.toThrow("day: a YYYY-MM-DD day");
    expect(await db.job.count({ where: { shop } })).toBe(0);
  });
});
