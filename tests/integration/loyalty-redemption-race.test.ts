// A customer taps "redeem" a hundred times at once: the balance covers one reward (or three),
// so exactly that many codes (or store credits) reach Shopify and the balance never goes below zero. Redemptions
// use the app's real Admin API client against the simulator. On PostgreSQL the requests are
// spread over several database clients (separate pools), as separate app processes would be.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../scripts/simulator/server";
import { storeOfflineSession } from "../../scripts/simulator/install";
import { DEMO_ACCESS_TOKEN, DEMO_SHOP_DOMAIN } from "../../scripts/simulator/demo-store";
import { storeCreditAccountsOf } from "../../scripts/simulator/store-credit";
import { createReward, enableLoyalty, ledgerView } from "../support/loyalty-fixtures";

const SHOP = DEMO_SHOP_DOMAIN;
const REQUESTS = 100;
const COST = 500;
// Set by tests/support/per-file-db.ts before this file loads.
const POSTGRES = /^postgres(ql)?:/.test(process.env.DATABASE_URL ?? "");
const MODE = POSTGRES ? "PostgreSQL, 4 clients" : "SQLite, one client";

type Db = typeof import("../../app/db.server").default;
let db: Db;
let clients: Db[];
let simulator: Simulator;
let adminFor: (shop: string) => Promise<import("../../app/shopify/admin.server").AdminClient>;
let loyalty: {
  redeemReward: typeof import("../../app/loyalty/redeem.server").redeemReward;
  findOrCreateMember: typeof import("../../app/loyalty/ledger.server").findOrCreateMember;
  postToLedger: typeof import("../../app/loyalty/ledger.server").postToLedger;
};

beforeAll(async () => {
  // No webhooks are sent in this file; the simulator only serves the Admin API.
  simulator = await startSimulator({
    appUrl: "http://127.0.0.1:9",
    apiKey: process.env.SHOPIFY_API_KEY!,
    apiSecret: process.env.SHOPIFY_API_SECRET!,
  });
  process.env.SHOPIFY_ADMIN_API_ORIGIN = simulator.url;
  const shopify = await import("../../app/shopify.server");
  const dbModule = await import("../../app/db.server");
  db = dbModule.default;
  expect(dbModule.dbProvider(db)).toBe(POSTGRES ? "postgresql" : "sqlite");
  clients = POSTGRES ? Array.from({ length: 4 }, () => dbModule.createDb(process.env.DATABASE_URL!)) : [db];
  adminFor = shopify.adminFor;
  const ledger = await import("../../app/loyalty/ledger.server");
  loyalty = {
    redeemReward: (await import("../../app/loyalty/redeem.server")).redeemReward,
    findOrCreateMember: ledger.findOrCreateMember,
    postToLedger: ledger.postToLedger,
  };
  await storeOfflineSession(shopify.sessionStorage, { shop: SHOP, accessToken: DEMO_ACCESS_TOKEN });
  await enableLoyalty(db, SHOP, { signupPoints: 0 });
});

afterAll(async () => {
  await Promise.all((clients ?? []).filter((client) => client !== db).map((client) => client.$disconnect()));
  await simulator?.close();
});

const rewardCodes = (customerId: string) =>
  simulator.state.shops.get(SHOP)!.discounts.filter((d) => d.title.endsWith("(loyalty reward)") && d.customerIds?.includes(customerId));

async function race(customerIndex: number, rewards: number, kind: "amount_off" | "store_credit" = "amount_off") {
  const customer = simulator.state.shops.get(SHOP)!.customers[customerIndex]!;
  const member = (await loyalty.findOrCreateMember(db, SHOP, { customerId: customer.id, email: customer.email }))!;
  await loyalty.postToLedger(db, SHOP, member.id, new Date(), async () => [
    { kind: "adjust", bucket: "balance", points: COST * rewards, idempotencyKey: `race-start:${member.id}`, note: "Enough for the race" },
  ]);
  const reward = await createReward(db, SHOP, COST, { kind, name: kind === "amount_off" ? "$5 off" : "$5 store credit", value: "5.00" });

  // Watch the balance while the requests run.
  let lowest = Infinity;
  let racing = true;
  const watcher = (async () => {
    while (racing) {
      lowest = Math.min(lowest, (await db.loyaltyMember.findUniqueOrThrow({ where: { id: member.id } })).balance);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  })();
  const now = new Date();
  const started = Date.now();
  const results = await Promise.all(
    Array.from({ length: REQUESTS }, (_, i) =>
      loyalty.redeemReward(clients[i % clients.length]!, () => adminFor(SHOP), SHOP, customer.id, reward.id, now),
    ),
  );
  const elapsed = Date.now() - started;
  racing = false;
  await watcher;

  const issued = results.filter((r) => r.ok);
  expect(issued, `${REQUESTS} requests in ${elapsed} ms`).toHaveLength(rewards);
  expect(results.filter((r) => !r.ok && r.reason === "not_enough_points")).toHaveLength(REQUESTS - rewards);

  const redemptions = await db.loyaltyRedemption.findMany({ where: { shop: SHOP, memberId: member.id } });
  if (kind === "amount_off") {
    // Shopify holds exactly those codes, each for this customer and single use.
    const codes = rewardCodes(customer.id);
    expect(codes.map((d) => d.code).sort()).toEqual(issued.map((r) => (r.ok ? r.code : "")).sort());
    for (const discount of codes)
      expect(discount).toMatchObject({ usageLimit: 1, appliesOncePerCustomer: true, customerIds: [customer.id] });
    expect(redemptions.every((r) => r.status === "issued" && r.discountId !== null)).toBe(true);
  } else {
    // Shopify holds exactly that many credits on the customer's account, each recorded on its redemption.
    const credits = storeCreditAccountsOf(simulator.state.shops.get(SHOP)!, customer.id).flatMap((account) => account.transactions);
    expect(credits.map((credit) => credit.amount)).toEqual(Array.from({ length: rewards }, () => "5.00"));
    expect(redemptions.map((r) => r.creditTransactionId).sort()).toEqual(credits.map((credit) => credit.id).sort());
    expect(redemptions.every((r) => r.status === "issued")).toBe(true);
  }

  // The app: that many redemptions, all issued; that many debits, none returned; nothing left over.
  expect(redemptions).toHaveLength(rewards);
  const view = await ledgerView(db, member.id);
  const redeems = view.entries.filter((e) => e.kind === "redeem");
  expect(redeems.map((e) => e.points)).toEqual(Array.from({ length: rewards }, () => -COST));
  expect(view.member.balance).toBe(0);
  expect(view.member.balance).toBe(view.balanceSum);
  expect(view.member.pending).toBe(view.pendingSum);
  expect(lowest).toBeGreaterThanOrEqual(0);
}

describe(`racing redemptions (${MODE})`, () => {
  it(`issue exactly one code when the balance covers one reward (${REQUESTS} at once)`, async () => {
    await race(3, 1);
  });

  it(`issue exactly three codes when the balance covers three rewards (${REQUESTS} at once)`, async () => {
    await race(4, 3);
  });

  it(`add store credit exactly once when the balance covers one reward (${REQUESTS} at once)`, async () => {
    await race(1, 1, "store_credit");
  });

  it(`add store credit exactly three times when the balance covers three rewards (${REQUESTS} at once)`, async () => {
    await race(2, 3, "store_credit");
  });
});
