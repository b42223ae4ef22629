// Test fixtures for the loyalty programme: a shop with the programme switched on, orders and
// refunds as the webhook handlers record them, a fake Admin API that creates (or refuses)
// discount codes, and the ledger invariants every test checks.
import { randomUUID } from "node:crypto";
import type { Db } from "../../app/db.server";
import type { LoyaltySettingsValues } from "../../app/loyalty/loyalty-settings.server";
import type { AdminClient } from "../../app/shopify/admin.server";

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
      lineItems: "[]",
      processedAt: input.paidAt ?? new Date(),
      paidAt: input.paidAt === undefined ? new Date() : input.paidAt,
      cancelledAt: input.cancelledAt ?? null,
    },
  });
}

/** A Refund row as order.refund leaves it (shop currency). */
export async function storeRefund(db: Db, shop: string, orderId: string, amount: string, id = `gid://shopify/Refund/${randomUUID()}`) {
  return db.refund.create({ data: { id, shop, orderId, amount, lineItems: "[]", createdAt: new Date() } });
}

export async function createReward(db: Db, shop: string, pointsCost: number, overrides: { kind?: string; value?: string; name?: string } = {}) {
  return db.loyaltyReward.create({
    data: { shop, name: overrides.name ?? `$${pointsCost / 100} off`, kind: overrides.kind ?? "amount_off", value: overrides.value ?? "5.00", pointsCost },
  });
}

/** The member's totals next to the sums of their ledger. */
export async function ledgerView(db: Db, memberId: string) {
  const member = await db.loyaltyMember.findUniqueOrThrow({ where: { id: memberId } });
  const entries = await db.loyaltyEntry.findMany({ where: { memberId }, orderBy: { createdAt: "asc" } });
  const sum = (predicate: (entry: (typeof entries)[number]) => boolean) => entries.filter(predicate).reduce((total, entry) => total + entry.points, 0);
  return {
    member,
    entries,
    balanceSum: sum((e) => e.bucket === "balance"),
    pendingSum: sum((e) => e.bucket === "pending"),
    lifetimeSum: sum((e) => (e.kind === "earn" || e.kind === "pending") && e.points > 0) + sum((e) => e.kind === "reverse"),
  };
}

export interface FakeAdminOptions {
  /** Decides, per createDiscountCode call, whether Shopify answers with a userError. */
  refuse?: (code: string) => boolean;
}

/**
 * An Admin API that answers the loyalty calls the way Shopify does: discount codes are
 * created (and found by code), refused with userErrors when `refuse` says so, metafields set.
 */
export function fakeAdmin(options: FakeAdminOptions = {}) {
  const codes = new Map<string, string>(); // code → discount GID
  let next = 1;
  const calls: { query: string; variables: Record<string, unknown> }[] = [];
  const client: AdminClient = {
    async graphql(query, request) {
      const variables = request?.variables ?? {};
      calls.push({ query, variables });
      if (/discountCode(Basic|FreeShipping)Create/.test(query)) {
        const field = query.includes("discountCodeBasicCreate") ? "discountCodeBasicCreate" : "discountCodeFreeShippingCreate";
        const code = (variables.discount as { code: string }).code;
        if (options.refuse?.(code) || codes.has(code)) {
          return Response.json({ data: { [field]: { codeDiscountNode: null, userErrors: [{ field: ["code"], message: "Code must be unique", code: "TAKEN" }] } } });
        }
        const id = `gid://shopify/DiscountCodeNode/${next++}`;
        codes.set(code, id);
        return Response.json({ data: { [field]: { codeDiscountNode: { id }, userErrors: [] } } });
      }
      if (query.includes("codeDiscountNodeByCode")) {
        const id = codes.get(variables.code as string);
        return Response.json({ data: { codeDiscountNodeByCode: id ? { id } : null } });
      }
      if (query.includes("metafieldsSet")) return Response.json({ data: { metafieldsSet: { metafields: [], userErrors: [] } } });
      return Response.json({ errors: [{ message: `the fake Admin API does not answer ${query.slice(0, 80)}` }] });
    },
  };
  return { client, admin: async () => client, codes, calls };
}
