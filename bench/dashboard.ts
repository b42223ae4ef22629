// How the dashboard's data time grows with the loyalty ledger: one shop's ledger grown to 10k,
// 100k and 1M entries over a year (members to match), the year's DailyMetric rows computed by
// the real rollup, and loadDashboard timed at each size.
import { createTestDatabase } from "../tests/support/test-database";
import { median, milliseconds, type BenchmarkResult, type Measurement } from "./report";
import { insertRows } from "./seed";

const SHOP = "bench-dashboard.myshopify.com";
const SIZES = [10_000, 100_000, 1_000_000];
const ENTRIES_PER_MEMBER = 20;
const DAYS = 365;
const DAY_MS = 86_400_000;
const WARM_UP_CALLS = 10;
const TIMED_CALLS = 50;
const GROWTH_BUDGET = 2;

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

async function medianTime(work: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let call = 0; call < WARM_UP_CALLS + TIMED_CALLS; call++) {
    const started = performance.now();
    await work();
    if (call >= WARM_UP_CALLS) times.push(performance.now() - started);
  }
  return median(times);
}

export async function measureDashboard(): Promise<BenchmarkResult> {
  const database = await createTestDatabase();
  process.env.DATABASE_URL = database.url;
  const { createDb } = await import("../app/db.server");
  const { rollupDay } = await import("../app/dashboard/rollup.server");
  const { loadDashboard } = await import("../app/dashboard/metrics.server");
  const { addDays, dayOf, lastDays } = await import("../app/dashboard/days");
  const db = createDb(database.url);
  try {
    const now = new Date();
    await db.shop.create({ data: { domain: SHOP, name: "Bench Dashboard", ianaTimezone: "UTC", currencyCode: "USD" } });
    await db.loyaltySettings.create({ data: { shop: SHOP, enabled: true } });
    const today = dayOf(now, "UTC");
    const range = lastDays(30, today);
    const timings: { size: number; ms: number; seedSeconds: number; rollupSeconds: number }[] = [];
    let size = 0;
    for (const target of SIZES) {
      const seedStarted = performance.now();
      await growLedger(db, size, target, now);
      size = target;
      const rollupStarted = performance.now();
      for (let back = DAYS; back >= 0; back--) await rollupDay(db, SHOP, addDays(today, -back), now);
      const rollupSeconds = (performance.now() - rollupStarted) / 1000;
      timings.push({
        size,
        ms: await medianTime(() => loadDashboard(db, SHOP, range, now)),
        seedSeconds: (rollupStarted - seedStarted) / 1000,
        rollupSeconds,
      });
    }
    const smallest = timings[0]!;
    const largest = timings.at(-1)!;
    const growth = largest.ms / smallest.ms;
    const label = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : `${n / 1000}k`);
    const measurements: Measurement[] = timings.map((timing) => ({
      name: `loadDashboard, ${label(timing.size)} ledger entries (${label(timing.size / ENTRIES_PER_MEMBER)} members)`,
      value: milliseconds(timing.ms),
    }));
    measurements.push({
      name: `${label(largest.size)} ÷ ${label(smallest.size)}`,
      value: `${growth.toFixed(2)}×`,
      budget: `≤ ${GROWTH_BUDGET}×`,
      pass: growth <= GROWTH_BUDGET,
    });
    return {
      id: "dashboard",
      title: "Dashboard data time",
      method:
        `One shop's ledger grown to ${SIZES.map(label).join(", ")} LoyaltyEntry rows spread over ${DAYS} days (one member per ${ENTRIES_PER_MEMBER} entries, batched INSERTs), ` +
        `then every day's DailyMetric row recomputed by the real rollup (rollupDay), then loadDashboard for the last 30 days timed in process: median of ${TIMED_CALLS} calls after ${WARM_UP_CALLS} warm-up calls.`,
      measurements,
      notes: timings.map(
        (t) =>
          `${label(t.size)}: ledger grown in ${t.seedSeconds.toFixed(1)} s, ${DAYS + 1} days rolled up in ${t.rollupSeconds.toFixed(1)} s.`,
      ),
    };
  } finally {
    await db.$disconnect();
    await database.drop();
  }
}
