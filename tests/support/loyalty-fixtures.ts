// Test fixtures for the loyalty programme: a shop with the programme switched on, orders and
// refunds as the webhook handlers record them, the shop installed on the Shopify simulator
// (which creates, finds and, when a test arms a fault, refuses discount codes as Shopify does),
// and the ledger invariants every test checks.
import type { RewardKind } from "@prisma/client";
import { randomUUID } from "node:crypto";
import type { Db } from "../../app/db.server";
import type { LoyaltySettingsValues } from "../../app/loyalty/loyalty-settings.server";
import type { AdminClient } from "../../app/shopify/admin.server";
import { ADMIN_API_VERSION } from "../../app/shopify/schema/source";
import { findCodeDiscount } from "../../scripts/simulator/discount-rules";
import { startSimulator, type Simulator } from "../../scripts/simulator/server";
import type { ShopState } from "../../scripts/simulator/state";
import { addCustomer } from "../../scripts/simulator/store-actions";

export const DAY = 86_400_000;

export const newShop = () => `loyalty-${randomUUID().slice(0, 8)}.myshopify.com`;

export async function enableLoyalty(db: Db, shop: string, overrides: Partial<LoyaltySettingsValues> = {}): Promise<void> {
  const data = { enabled: true, pointsPerUnit: 1, pendingDays: 14, allowNegativeBalance: false, ...overrides };
  await db.loyaltySettings.upsert({ where: { shop }, create: { shop, ...data }, update: data });
}

export interface OrderInput {
  id?: string;
  customerId?: string | null;
  email?: string | null;
  subtotal?: string;
  shipping?: string;
  tax?: string;
  discounts?: string;
  total?: string; // default: subtotal + shipping + tax
  paidAt?: Date | null;
  cancelledAt?: Date | null;
  currencyCode?: string;
  presentmentCurrencyCode?: string;
  presentmentTotalPrice?: string;
}

const cents = (amount: string) => Math.round(Number(amount) * 100);
const money = (value: number) => (value / 100).toFixed(2);

/** An Order row as order.record leaves it. */
export async function storeOrder(db: Db, shop: string, input: OrderInput = {}) {
  const id = input.id ?? `gid://shopify/Order/${Math.floor(Math.random() * 1e12)}`;
  const subtotal = input.subtotal ?? "100.00";
  const shipping = input.shipping ?? "0.00";
  const tax = input.tax ?? "0.00";
  const total = input.total ?? money(cents(subtotal) + cents(shipping) + cents(tax));
  return db.order.create({
    data: {
      id,
      shop,
      name: `#${id.split("/").pop()}`,
      email: input.email === undefined ? "buyer@example.com" : input.email,
      customerId: input.customerId === undefined ? "gid://shopify/Customer/1" : input.customerId,
      currencyCode: input.currencyCode ?? "USD",
      presentmentCurrencyCode: input.presentmentCurrencyCode ?? input.currencyCode ?? "USD",
      totalPrice: total,
      presentmentTotalPrice: input.presentmentTotalPrice ?? total,
      subtotalPrice: subtotal,
      totalShipping: shipping,
      totalTax: tax,
      totalDiscounts: input.discounts ?? "0.00",
      financialStatus: "paid",
      lineItems: [],
      processedAt: input.paidAt ?? new Date(),
      paidAt: input.paidAt === undefined ? new Date() : input.paidAt,
      cancelledAt: input.cancelledAt ?? null,
    },
  });
}

/** A Refund row as order.refund leaves it (shop currency). */
export async function storeRefund(db: Db, shop: string, orderId: string, amount: string, id = `gid://shopify/Refund/${randomUUID()}`) {
  return db.refund.create({ data: { id, shop, orderId, amount, lineItems: [], createdAt: new Date() } });
}

export async function createReward(
  db: Db,
  shop: string,
  pointsCost: number,
  overrides: { kind?: RewardKind; value?: string; name?: string } = {},
) {
  return db.loyaltyReward.create({
    data: {
      shop,
      name: overrides.name ?? `$${pointsCost / 100} off`,
      kind: overrides.kind ?? "amount_off",
      value: overrides.value ?? "5.00",
      pointsCost,
    },
  });
}

/** The member's totals next to the sums of their ledger. */
export async function ledgerView(db: Db, memberId: string) {
  const member = await db.loyaltyMember.findUniqueOrThrow({ where: { id: memberId } });
  const entries = await db.loyaltyEntry.findMany({ where: { memberId }, orderBy: { createdAt: "asc" } });
  const sum = (predicate: (entry: (typeof entries)[number]) => boolean) =>
    entries.filter(predicate).reduce((total, entry) => total + entry.points, 0);
  return {
    member,
    entries,
    balanceSum: sum((e) => e.bucket === "balance"),
    pendingSum: sum((e) => e.bucket === "pending"),
    lifetimeSum: sum((e) => (e.kind === "earn" || e.kind === "pending") && e.points > 0) + sum((e) => e.kind === "reverse"),
  };
}

/** A shop the app is installed on in the Shopify simulator, and the Admin API client the app gets for it. */
export interface SimulatedShopify {
  /** The simulator's state of the shop: what Shopify holds, for assertions. */
  state: ShopState;
  /** Talks to the simulator over HTTP with the shop's token, as the app's client talks to Shopify. */
  client: AdminClient;
  /** What the app's jobs and actions take: a function opening the client. */
  admin: () => Promise<AdminClient>;
  /** Adds a customer to the shop in Shopify (no webhook), returning its GID. */
  addCustomer(email: string): string;
  /** The GID of the code discount with this code in Shopify, if one exists. */
  discountIdByCode(code: string): string | undefined;
}

/** The Shopify simulator for a test file: start it in beforeAll and close it in afterAll. */
export function startLoyaltySimulator(): Promise<Simulator> {
  // Webhooks are not delivered anywhere: these tests call the app's code directly.
  return startSimulator({ appUrl: "http://127.0.0.1:9", apiKey: process.env.SHOPIFY_API_KEY!, apiSecret: process.env.SHOPIFY_API_SECRET! });
}

/** Installs the app on a new shop of the simulator with this domain (the app's shopify.app.toml scopes granted). */
export function simulatedShopify(simulator: Simulator, domain: string): SimulatedShopify {
  const state = simulator.addShop({ domain });
  const client: AdminClient = {
    graphql: (query, options) =>
      fetch(`${simulator.url}/admin/api/${ADMIN_API_VERSION}/graphql.json`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-shopify-access-token": state.accessToken, "x-shopify-shop-domain": domain },
        body: JSON.stringify({ query, variables: options?.variables ?? {} }),
      }),
  };
  return {
    state,
    client,
    admin: async () => client,
    addCustomer: (email) => addCustomer(simulator.state, state, { email }).id,
    discountIdByCode: (code) => findCodeDiscount(state, code)?.id,
  };
}
