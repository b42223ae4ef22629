// How the dashboard's data time grows with the loyalty ledger: one shop's ledger grown to 10k,
// 100k and 1M entries over a year (members, orders, emails, reviews and unsubscribes to match),
// every day's DailyMetric row computed by the real rollup, and loadDashboard timed at each size.
// And what one day's rollup costs as that history grows: a day with the same activity at every
// size, rolled up again and again.
import { movePointsTotal } from "../app/loyalty/points-total.server";
import { createTestDatabase } from "../tests/support/test-database";
import { median, milliseconds, type BenchmarkResult, type Measurement } from "./report";
import { insertRows, type SqlValue } from "./seed";

const SHOP = "bench-dashboard.myshopify.com";
const SIZES = [10_000, 100_000, 1_000_000];
const ENTRIES_PER_MEMBER = 20;
const DAYS = 365;
const DAY_MS = 86_400_000;
const WARM_UP_CALLS = 10;
const TIMED_CALLS = 50;
const GROWTH_BUDGET = 2;
const ROLLUP_GROWTH_BUDGET = 1.5;
/** The history's other rows, one per this many ledger entries: a shop's orders, emails, reviews and unsubscribes grow with it. */
const LEDGER_ENTRIES_PER = { order: 10, email: 10, review: 50, unsubscribe: 200 };
/** The rolled-up day's own activity, the same at every size. */
const DAY_ACTIVITY = { customerOrders: 60, guestOrders: 10, refunds: 5, ledgerEntries: 300, emails: 45, reviews: 15, unsubscribes: 3 };
/** Each of the day's customers ordered this many times before (on a day outside the history's year). */
const EARLIER_ORDERS_PER_CUSTOMER = 2;

type Db = import("../app/db.server").Db;

/** Entries (and their members) numbered from `from` up to `to`, the new ones spread evenly over the last DAYS days. */
async function growLedger(db: Db, from: number, to: number, now: Date): Promise<void> {
  const firstMember = Math.ceil(from / ENTRIES_PER_MEMBER);
  const members = Math.ceil(to / ENTRIES_PER_MEMBER) - firstMember;
  await insertRows(db, "LoyaltyMember", members, (index) => {
    const n = firstMember + index;
    return {
      id: `bench-member-${n}`,
      shop: SHOP,
      customerId: `gid://shopify/Customer/${n}`,
      email: `member-${n}@example.com`,
      balance: ENTRIES_PER_MEMBER * 5,
      pending: 0,
      lifetimeEarned: ENTRIES_PER_MEMBER * 10,
      referralCode: `BENCH${n}`,
      lastActivityAt: now,
      createdAt: now,
      updatedAt: now,
    };
  });
  // The shop's totals move with its members, as a ledger post moves them.
  await db.$transaction((tx) => movePointsTotal(tx, SHOP, { balance: members * ENTRIES_PER_MEMBER * 5, pending: 0 }));
  const start = now.getTime() - DAYS * DAY_MS;
  const step = (DAYS * DAY_MS - 60_000) / (to - from);
  // Keys and times ascend with n, so each batch lands in neighbouring index pages: inserting a
  // million rows in random order takes minutes on SQLite's default page cache.
  const key = (n: number) => String(n).padStart(7, "0");
  await insertRows(db, "LoyaltyEntry", to - from, (index) => {
    const n = from + index;
    // Mostly earnings, some redemptions: the mix a live programme has.
    const redeem = n % 4 === 3;
    return {
      id: `bench-entry-${key(n)}`,
      shop: SHOP,
      memberId: `bench-member-${Math.floor(n / ENTRIES_PER_MEMBER)}`,
      kind: redeem ? "redeem" : "earn",
      bucket: "balance",
      points: redeem ? -20 : 10 + (n % 90),
      idempotencyKey: `bench:${key(n)}`,
      orderId: redeem ? null : `gid://shopify/Order/${n}`,
      note: "",
      createdAt: new Date(start + Math.floor(index * step)),
    };
  });
}

/** A paid order row, placed, paid and written at `at`. */
function orderRow(id: string, at: Date, buyer: { customerId: string | null; email: string | null }, total: number) {
  return {
    id,
    shop: SHOP,
    name: `#${id.slice(-6)}`,
    email: buyer.email,
    customerId: buyer.customerId,
    currencyCode: "USD",
    presentmentCurrencyCode: "USD",
    totalPrice: total.toFixed(2),
    presentmentTotalPrice: total.toFixed(2),
    subtotalPrice: total.toFixed(2),
    discountCodes: "[]",
    shippingCountry: "US",
    financialStatus: "paid",
    lineItems: "[]",
    processedAt: at,
    paidAt: at,
    createdAt: at,
    updatedAt: at,
  };
}

/** An email row: mostly sent, some failed or bounced, review requests and thank-yous. */
function emailRow(id: string, n: number, at: Date) {
  const status = n % 20 === 0 ? "failed" : n % 25 === 0 ? "bounced" : "sent";
  const reviewRequest = n % 2 === 0;
  return {
    id,
    shop: SHOP,
    orderId: `gid://shopify/Order/${id}`,
    orderName: "#1",
    flow: reviewRequest ? "review_request" : "thank_you",
    step: reviewRequest ? n % 3 : 0,
    idempotencyKey: id,
    template: reviewRequest ? "review_request" : "thank_you_first",
    recipient: `${id}@example.com`,
    locale: "en",
    status,
    scheduledFor: at,
    sendingAt: at,
    sentAt: status === "sent" ? at : null,
    createdAt: at,
    updatedAt: at,
  };
}

function reviewRow(id: string, n: number, at: Date) {
  return {
    id,
    shop: SHOP,
    productId: `gid://shopify/Product/${n % 100}`,
    rating: 1 + (n % 5),
    body: "Bench review",
    authorName: "Bench",
    source: n % 3 === 0 ? "storefront" : "request_email",
    contentHash: id,
    createdAt: at,
    updatedAt: at,
  };
}

const unsubscribeRow = (id: string, at: Date) => ({ id, shop: SHOP, email: `${id}@example.com`, reason: "unsubscribed", createdAt: at });

/** The history's orders, emails, reviews and unsubscribes for ledger entries `from` up to `to`, spread like the ledger. */
async function growHistory(db: Db, from: number, to: number, now: Date): Promise<void> {
  const start = now.getTime() - DAYS * DAY_MS;
  const grow = async (table: string, per: number, row: (n: number, at: Date) => Record<string, SqlValue>) => {
    const first = Math.ceil(from / per);
    const count = Math.ceil(to / per) - first;
    const step = (DAYS * DAY_MS - 60_000) / count;
    await insertRows(db, table, count, (index) => row(first + index, new Date(start + Math.floor(index * step))));
  };
  const key = (n: number) => String(n).padStart(7, "0");
  // Customers grow with the shop: each has about five orders over the year, whatever its size.
  await grow("Order", LEDGER_ENTRIES_PER.order, (n, at) =>
    orderRow(
      `gid://shopify/Order/h${key(n)}`,
      at,
      n % 7 === 0
        ? { customerId: null, email: `guest-${n}@example.com` }
        : { customerId: `gid://shopify/Customer/h${Math.floor(n / 5)}`, email: null },
      20 + (n % 80),
    ),
  );
  await grow("EmailMessage", LEDGER_ENTRIES_PER.email, (n, at) => emailRow(`bench-email-${key(n)}`, n, at));
  await grow("Review", LEDGER_ENTRIES_PER.review, (n, at) => reviewRow(`bench-review-${key(n)}`, n, at));
  await grow("EmailSuppression", LEDGER_ENTRIES_PER.unsubscribe, (n, at) => unsubscribeRow(`bench-unsubscribe-${key(n)}`, at));
}

/** The rolled-up day's activity (DAY_ACTIVITY), spread over its 24 hours, and its customers' earlier orders. */
async function seedRolledUpDay(db: Db, start: Date, now: Date): Promise<void> {
  const at = (index: number, count: number) => new Date(start.getTime() + Math.floor(((index + 0.5) * DAY_MS) / count));
  const earlier = new Date(start.getTime() - 10 * DAY_MS);
  const customer = (index: number) => ({ customerId: `gid://shopify/Customer/day-${index}`, email: null });
  const { customerOrders, guestOrders, refunds, ledgerEntries, emails, reviews, unsubscribes } = DAY_ACTIVITY;
  await insertRows(db, "Order", customerOrders * EARLIER_ORDERS_PER_CUSTOMER, (index) =>
    orderRow(`gid://shopify/Order/day-earlier-${index}`, earlier, customer(index % customerOrders), 40),
  );
  const orders = customerOrders + guestOrders;
  await insertRows(db, "Order", orders, (index) =>
    orderRow(
      `gid://shopify/Order/day-${index}`,
      at(index, orders),
      index < customerOrders ? customer(index) : { customerId: null, email: `day-guest-${index}@example.com` },
      30 + index,
    ),
  );
  await insertRows(db, "Refund", refunds, (index) => ({
    id: `gid://shopify/Refund/day-${index}`,
    shop: SHOP,
    orderId: `gid://shopify/Order/day-${index}`,
    amount: "10.00",
    lineItems: "[]",
    createdAt: now,
  }));
  await insertRows(db, "LoyaltyMember", 1, () => ({
    id: "bench-day-member",
    shop: SHOP,
    email: "day-member@example.com",
    referralCode: "BENCHDAY",
    createdAt: start,
    updatedAt: start,
  }));
  await insertRows(db, "LoyaltyEntry", ledgerEntries, (index) => ({
    id: `bench-day-entry-${index}`,
    shop: SHOP,
    memberId: "bench-day-member",
    kind: index % 4 === 3 ? "redeem" : "earn",
    bucket: "balance",
    points: index % 4 === 3 ? -20 : 10 + index,
    idempotencyKey: `bench-day:${index}`,
    note: "",
    createdAt: at(index, ledgerEntries),
  }));
  await insertRows(db, "EmailMessage", emails, (index) => emailRow(`bench-day-email-${index}`, index, at(index, emails)));
  await insertRows(db, "Review", reviews, (index) => reviewRow(`bench-day-review-${index}`, index, at(index, reviews)));
  await insertRows(db, "EmailSuppression", unsubscribes, (index) =>
    unsubscribeRow(`bench-day-unsubscribe-${index}`, at(index, unsubscribes)),
  );
}

async function medianTime(work: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let call = 0; call < WARM_UP_CALLS + TIMED_CALLS; call++) {
    const started = performance.now();
    await work();
    if (call >= WARM_UP_CALLS) times.push(performance.now() - started);
  }
  return median(times);
}

/** Medians of two kinds of call taken in turns (which goes first alternates), so a busy moment of the machine falls on both. */
async function medianTimesInTurns(first: () => Promise<unknown>, second: () => Promise<unknown>): Promise<[number, number]> {
  const times: [number[], number[]] = [[], []];
  const timed = async (work: () => Promise<unknown>) => {
    const started = performance.now();
    await work();
    return performance.now() - started;
  };
  for (let call = 0; call < WARM_UP_CALLS + TIMED_CALLS; call++) {
    const order = call % 2 === 0 ? ([0, 1] as const) : ([1, 0] as const);
    for (const which of order) {
      const ms = await timed(which === 0 ? first : second);
      if (call >= WARM_UP_CALLS) times[which].push(ms);
    }
  }
  return [median(times[0]), median(times[1])];
}

/** The bench shop with the rolled-up day's activity. */
async function createShop(db: Db, rolledUpDayStart: Date, now: Date): Promise<void> {
  await db.shop.create({ data: { domain: SHOP, name: "Bench Dashboard", ianaTimezone: "UTC", currencyCode: "USD" } });
  await db.loyaltySettings.create({ data: { shop: SHOP, enabled: true } });
  await seedRolledUpDay(db, rolledUpDayStart, now);
}

export async function measureDashboard(): Promise<BenchmarkResult> {
  // The growing shop's database, and one that stays at the smallest size for the budgets' comparisons.
  const database = await createTestDatabase();
  const smallDatabase = await createTestDatabase();
  process.env.DATABASE_URL = database.url;
  const { createDb } = await import("../app/db.server");
  const { recomputeRollups, rollupDay } = await import("../app/dashboard/rollup.server");
  const { loadDashboard } = await import("../app/dashboard/metrics.server");
  const { addDays, dayBounds, dayOf, lastDays } = await import("../app/dashboard/days");
  const db = createDb(database.url);
  const smallDb = createDb(smallDatabase.url);
  try {
    const now = new Date();
    const today = dayOf(now, "UTC");
    const range = lastDays(30, today);
    // Before the history's year, so the history adds nothing to it.
    const rolledUpDay = addDays(today, -(DAYS + 30));
    const rolledUpDayStart = dayBounds(rolledUpDay, "UTC").start;
    await createShop(smallDb, rolledUpDayStart, now);
    await growLedger(smallDb, 0, SIZES[0]!, now);
    await growHistory(smallDb, 0, SIZES[0]!, now);
    await createShop(db, rolledUpDayStart, now);
    const timings: { size: number; ms: number; seedSeconds: number; days: number; rollupSeconds: number }[] = [];
    let size = 0;
    for (const target of SIZES) {
      const seedStarted = performance.now();
      await growLedger(db, size, target, now);
      await growHistory(db, size, target, now);
      size = target;
      const rollupStarted = performance.now();
      const days = await recomputeRollups(db, SHOP, now);
      const rollupSeconds = (performance.now() - rollupStarted) / 1000;
      timings.push({
        size,
        ms: await medianTime(() => loadDashboard(db, SHOP, range, now)),
        seedSeconds: (rollupStarted - seedStarted) / 1000,
        days,
        rollupSeconds,
      });
    }
    // The budget's comparison: the 10k and the 1M shop's dashboards in turns, as the rollups below, so
    // the load of a busy machine falls on both (the sizes' times above are taken minutes apart).
    await recomputeRollups(smallDb, SHOP, now);
    const [smallDashboardMs, largeDashboardMs] = await medianTimesInTurns(
      () => loadDashboard(smallDb, SHOP, range, now),
      () => loadDashboard(db, SHOP, range, now),
    );
    const [smallRollupMs, largeRollupMs] = await medianTimesInTurns(
      () => rollupDay(smallDb, SHOP, rolledUpDay, now),
      () => rollupDay(db, SHOP, rolledUpDay, now),
    );
    const smallest = timings[0]!;
    const largest = timings.at(-1)!;
    const label = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : `${n / 1000}k`);
    const ratio = (name: string, growth: number, budget: number): Measurement => ({
      name: `${name}, ${label(largest.size)} ÷ ${label(smallest.size)}`,
      value: `${growth.toFixed(2)}×`,
      budget: `≤ ${budget}×`,
      pass: growth <= budget,
    });
    const measurements: Measurement[] = [
      ...timings.map((timing) => ({
        name: `loadDashboard, ${label(timing.size)} ledger entries (${label(timing.size / ENTRIES_PER_MEMBER)} members)`,
        value: milliseconds(timing.ms),
      })),
      { name: `loadDashboard in turns, ${label(smallest.size)} ledger entries`, value: milliseconds(smallDashboardMs) },
      { name: `loadDashboard in turns, ${label(largest.size)} ledger entries`, value: milliseconds(largeDashboardMs) },
      ratio("loadDashboard", largeDashboardMs / smallDashboardMs, GROWTH_BUDGET),
      { name: `rollup of one day, ${label(smallest.size)} ledger entries`, value: milliseconds(smallRollupMs) },
      { name: `rollup of one day, ${label(largest.size)} ledger entries`, value: milliseconds(largeRollupMs) },
      ratio("rollup of one day", largeRollupMs / smallRollupMs, ROLLUP_GROWTH_BUDGET),
    ];
    const day = DAY_ACTIVITY;
    return {
      id: "dashboard",
      title: "Dashboard data time",
      method:
        `One shop's ledger grown to ${SIZES.map(label).join(", ")} LoyaltyEntry rows spread over ${DAYS} days (one member per ${ENTRIES_PER_MEMBER} entries, ` +
        `one order per ${LEDGER_ENTRIES_PER.order}, one email per ${LEDGER_ENTRIES_PER.email}, one review per ${LEDGER_ENTRIES_PER.review}, ` +
        `one unsubscribe per ${LEDGER_ENTRIES_PER.unsubscribe}; batched INSERTs), then every day's DailyMetric row recomputed by the real rollup ` +
        `(recomputeRollups), then loadDashboard for the last 30 days timed in process: median of ${TIMED_CALLS} calls after ${WARM_UP_CALLS} warm-up calls; ` +
        `for the budget, loadDashboard in the ${label(largest.size)} shop's database and in a second database holding the ${label(smallest.size)} history ` +
        `(rolled up the same way), taken in turns. ` +
        `"Rollup of one day": rollupDay of a day before the history's year with the same activity in both shops ` +
        `(${day.customerOrders + day.guestOrders} orders by ${day.customerOrders} returning customers and ${day.guestOrders} guests, ${day.refunds} refunds, ` +
        `${day.ledgerEntries} ledger entries, ${day.emails} emails, ${day.reviews} reviews, ${day.unsubscribes} unsubscribes), ` +
        `in the ${label(largest.size)} shop's database and in a second database holding the ${label(smallest.size)} history: ` +
        `medians of ${TIMED_CALLS} rollups each after ${WARM_UP_CALLS} warm-up rounds, the two taken in turns.`,
      measurements,
      notes: timings.map(
        (t) =>
          `${label(t.size)}: history grown in ${t.seedSeconds.toFixed(1)} s, ${t.days} days rolled up in ${t.rollupSeconds.toFixed(1)} s.`,
      ),
    };
  } finally {
    await Promise.all([db.$disconnect(), smallDb.$disconnect()]);
    await Promise.all([database.drop(), smallDatabase.drop()]);
  }
}
