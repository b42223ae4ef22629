// What the merchant configures for free shipping: the programme (base threshold in shop
// currency, excluded countries, the bar's messages) and per-market zones. Every function is
// scoped to the merchant's shop, and every change enqueues the sync job in the same
// transaction, so checkout's discounts and the storefront's metafield follow.
import type { FreeShippingSettings, FreeShippingZone, Prisma } from "@prisma/client";
import { z } from "zod";
import type { Db } from "../db.server";
import { fieldErrors, refused, type FieldErrors, type Refused } from "../lib/forms";
import { enqueue } from "../jobs/queue.server";
import { AdminApiError, fetchShipsToCountries, type AdminClient } from "../shopify/admin.server";
import type { CountryCode } from "../shopify/generated/admin.types";
import { parseCountries } from "./countries";
import { settingsSchema, zoneSchema, type FreeShippingSettingsInput, type ZoneInput } from "./threshold-form";
import { DEFAULT_MESSAGES, LOCALES, MESSAGE_KINDS, type Locale, type MessageKind, type Messages } from "./messages";
import { normalizeAmount } from "../lib/money";
import { shopCurrency } from "../lib/shop-profile.server";
import type { ThresholdSettings, ThresholdZone } from "./thresholds";

export const SHIPPING_SYNC_JOB = "shipping.sync";

export { DEFAULT_MESSAGES, LOCALES, MESSAGE_KINDS, type Locale, type MessageKind, type Messages };

export interface SyncState {
  discountId: string | null;
  syncedAt: Date | null;
  syncError: string | null;
}

export interface FreeShippingValues {
  enabled: boolean;
  baseAmount: string | null;
  excludedCountries: string[];
  messages: Messages;
}

export interface ZoneValues extends ThresholdZone, SyncState {}

/** A stored list of country codes; anything else in it is ignored. */
const countryCodes = (value: Prisma.JsonValue): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];

/** Stored messages by locale and kind; what is missing or not a message falls back to the defaults. */
const StoredMessages = z.record(z.string(), z.record(z.string(), z.unknown()).catch({})).catch({});

function messagesFrom(value: Prisma.JsonValue): Messages {
  const stored = StoredMessages.parse(value);
  const messages = structuredClone(DEFAULT_MESSAGES);
  for (const locale of LOCALES) {
    for (const kind of MESSAGE_KINDS) {
      const message = stored[locale]?.[kind];
      if (typeof message === "string" && message.trim()) messages[locale][kind] = message;
    }
  }
  return messages;
}

export function settingsValues(row: FreeShippingSettings | null): FreeShippingValues & SyncState {
  return {
    enabled: row?.enabled ?? false,
    baseAmount: row?.baseAmount ?? null,
    excludedCountries: countryCodes(row?.excludedCountries ?? []),
    messages: messagesFrom(row?.messages ?? {}),
    discountId: row?.discountId ?? null,
    syncedAt: row?.syncedAt ?? null,
    syncError: row?.syncError ?? null,
  };
}

export function zoneValues(row: FreeShippingZone): ZoneValues {
  return {
    id: row.id,
    name: row.name,
    countries: countryCodes(row.countries),
    currency: row.currency,
    amount: row.amount,
    rateToShop: row.rateToShop,
    discountId: row.discountId,
    syncedAt: row.syncedAt,
    syncError: row.syncError,
  };
}

export async function loadFreeShipping(db: Db, shop: string) {
  const [row, zoneRows, currency] = await Promise.all([
    db.freeShippingSettings.findUnique({ where: { shop } }),
    db.freeShippingZone.findMany({ where: { shop }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
    shopCurrency(db, shop),
  ]);
  const settings = settingsValues(row);
  const zones = zoneRows.map(zoneValues);
  const thresholdSettings: ThresholdSettings = {
    enabled: settings.enabled,
    shopCurrency: currency,
    baseAmount: settings.baseAmount,
    excludedCountries: settings.excludedCountries,
  };
  return { settings, zones, shopCurrency: currency, thresholdSettings };
}

// ── Validation ─────────────────────────────────────────────────────────────────────────────

/**
 * The countries the shop ships to, which a zone's countries must be among; null when Shopify
 * cannot say right now. A zone is then checked against Shopify's country codes only: saving
 * does not wait for Shopify, and the sync job reports what Shopify refuses.
 */
export async function shipsToCountries(admin: AdminClient): Promise<CountryCode[] | null> {
  try {
    return await fetchShipsToCountries(admin);
  } catch (error) {
    if (error instanceof AdminApiError) return null;
    throw error;
  }
}

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];
const enqueueSync = (tx: Tx, shop: string, payload: { deleteDiscountIds?: string[] } = {}) =>
  enqueue(tx, { shop, type: SHIPPING_SYNC_JOB, payload });

export type SettingsResult = { ok: true; settings: FreeShippingValues & SyncState } | Refused<FreeShippingSettingsInput>;

export async function saveFreeShippingSettings(db: Db, shop: string, input: unknown): Promise<SettingsResult> {
  const currency = await shopCurrency(db, shop);
  const parsed = settingsSchema(currency).safeParse(input);
  if (!parsed.success) return refused("Check the highlighted fields.", fieldErrors(parsed.error) as FieldErrors<FreeShippingSettingsInput>);
  const data = parsed.data as Record<string, string | boolean>;
  const messages = structuredClone(DEFAULT_MESSAGES);
  for (const locale of LOCALES) for (const kind of MESSAGE_KINDS) messages[locale][kind] = String(data[`message_${locale}_${kind}`]).trim();
  const base = String(data.baseAmount)
    .trim()
    .replace(/^(\d+),(\d+)$/, "$1.$2");
  const values = {
    enabled: Boolean(data.enabled),
    baseAmount: base ? normalizeAmount(base, currency) : null,
    excludedCountries: parseCountries(String(data.excludedCountries)).countries.sort(),
    messages,
  };
  const row = await db.$transaction(async (tx) => {
    const saved = await tx.freeShippingSettings.upsert({ where: { shop }, create: { shop, ...values }, update: values });
    await enqueueSync(tx, shop);
    return saved;
  });
  return { ok: true, settings: settingsValues(row) };
}

// ── Zones ──────────────────────────────────────────────────────────────────────────────────

export type ZoneResult = { ok: true; zone: ZoneValues } | Refused<ZoneInput>;

async function zoneData(db: Db, shop: string, input: unknown, shipsTo: readonly string[] | null, exceptId: string | null) {
  const parsed = zoneSchema(shipsTo).safeParse(input);
  if (!parsed.success) return { refusal: refused<ZoneInput>("Check the highlighted fields.", fieldErrors(parsed.error)) };
  const currency = await shopCurrency(db, shop);
  const { countries } = parseCountries(parsed.data.countries);
  const chosen = new Set<string>(countries);
  const errors: FieldErrors<ZoneInput> = {};
  if (parsed.data.currency === currency.toUpperCase()) {
    errors.currency = `${currency} is your store's currency: use the base threshold (with excluded countries) instead of a zone.`;
  }
  const others = (await db.freeShippingZone.findMany({ where: { shop } })).filter((zone) => zone.id !== exceptId);
  for (const other of others) {
    const shared = countryCodes(other.countries).filter((country) => chosen.has(country));
    if (shared.length > 0)
      errors.countries = `${shared.join(", ")} ${shared.length === 1 ? "is" : "are"} already in ${other.name}. A country belongs to one zone.`;
    if (other.name.toLowerCase() === parsed.data.name.toLowerCase()) errors.name = `There is already a zone called ${other.name}.`;
  }
  if (Object.keys(errors).length > 0) return { refusal: refused<ZoneInput>("Check the highlighted fields.", errors) };
  return {
    data: {
      name: parsed.data.name,
      countries: [...countries].sort(),
      currency: parsed.data.currency,
      amount: normalizeAmount(parsed.data.amount.trim().replace(",", "."), parsed.data.currency)!,
      rateToShop: String(Number(parsed.data.rateToShop.trim().replace(",", "."))),
    },
  };
}

/** `shipsTo`: the shop's shipping countries (shipsToCountries), null when Shopify could not say. */
export async function createZone(db: Db, shop: string, input: unknown, shipsTo: readonly string[] | null): Promise<ZoneResult> {
  const result = await zoneData(db, shop, input, shipsTo, null);
  if (result.refusal) return result.refusal;
  const zone = await db.$transaction(async (tx) => {
    const row = await tx.freeShippingZone.create({ data: { shop, ...result.data } });
    await enqueueSync(tx, shop);
    return row;
  });
  return { ok: true, zone: zoneValues(zone) };
}

export async function updateZone(db: Db, shop: string, id: string, input: unknown, shipsTo: readonly string[] | null): Promise<ZoneResult> {
  const result = await zoneData(db, shop, input, shipsTo, id);
  if (result.refusal) return result.refusal;
  const zone = await db.$transaction(async (tx) => {
    const { count } = await tx.freeShippingZone.updateMany({ where: { id, shop }, data: result.data });
    if (count === 0) return null;
    await enqueueSync(tx, shop);
    return tx.freeShippingZone.findUniqueOrThrow({ where: { id } });
  });
  return zone ? { ok: true, zone: zoneValues(zone) } : refused("This zone no longer exists.", {}, true);
}

/** Deletes a zone; its checkout discount is deleted by the sync job the deletion enqueues. */
export async function deleteZone(db: Db, shop: string, id: string): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const zone = await tx.freeShippingZone.findFirst({ where: { id, shop } });
    if (!zone) return false;
    await tx.freeShippingZone.delete({ where: { id } });
    await enqueueSync(tx, shop, zone.discountId ? { deleteDiscountIds: [zone.discountId] } : {});
    return true;
  });
}

// ── Observed exchange rates ────────────────────────────────────────────────────────────────

export interface ObservedRate {
  /** Units of `currency` per 1 unit of shop currency, 6 decimals at most. */
  rate: string;
  orderName: string;
}

/**
 * The Admin API exposes no exchange rates: the latest recorded order paid in `currency`
 * (presentment total / shop-currency total) is the best evidence of the rate Shopify uses.
 */
export async function observedRate(db: Db, shop: string, currency: string): Promise<ObservedRate | null> {
  const orders = await db.order.findMany({
    where: { shop, presentmentCurrencyCode: currency.toUpperCase(), NOT: { currencyCode: currency.toUpperCase() } },
    orderBy: [{ processedAt: "desc" }, { createdAt: "desc" }],
    take: 10,
    select: { name: true, totalPrice: true, presentmentTotalPrice: true },
  });
  for (const order of orders) {
    const shopTotal = Number(order.totalPrice);
    const paid = Number(order.presentmentTotalPrice);
    if (shopTotal > 0 && paid > 0) return { rate: String(Math.round((paid / shopTotal) * 1_000_000) / 1_000_000), orderName: order.name };
  }
  return null;
}

/** The observed rate for each currency with orders, e.g. { EUR: { rate: "0.92", orderName: "#1042" } }. */
export async function observedRates(db: Db, shop: string, currencies: string[]): Promise<Record<string, ObservedRate>> {
  const entries = await Promise.all(
    [...new Set(currencies.map((c) => c.toUpperCase()))].map(
      async (currency) => [currency, await observedRate(db, shop, currency)] as const,
    ),
  );
  return Object.fromEntries(entries.filter((entry): entry is readonly [string, ObservedRate] => entry[1] !== null));
}

/** Currencies customers paid in besides the shop's, from recorded orders. */
export async function paidCurrencies(db: Db, shop: string): Promise<string[]> {
  const rows = await db.order.findMany({
    where: { shop },
    distinct: ["presentmentCurrencyCode"],
    select: { presentmentCurrencyCode: true },
  });
  return rows.map((row) => row.presentmentCurrencyCode).sort();
}

// ── Demo ───────────────────────────────────────────────────────────────────────────────────

/**
 * The demo's programme: base USD 75, a Europe zone at EUR 60 for GR, DE, FR, IT, ES at the
 * simulator's rate (or the rate of an order already paid in EUR), Australia excluded.
 * Idempotent; enqueues the sync job like any admin change.
 */
export async function seedDemoFreeShipping(db: Db, shop: string): Promise<void> {
  const rate = (await observedRate(db, shop, "EUR"))?.rate ?? "0.92"; // scripts/simulator/common.ts USD_RATES.EUR
  const values = { enabled: true, baseAmount: "75.00", excludedCountries: ["AU"], messages: DEFAULT_MESSAGES };
  const zone = { name: "Europe", countries: ["DE", "ES", "FR", "GR", "IT"], currency: "EUR", amount: "60.00", rateToShop: rate };
  await db.$transaction(async (tx) => {
    await tx.freeShippingSettings.upsert({ where: { shop }, create: { shop, ...values }, update: values });
    const existing = await tx.freeShippingZone.findFirst({ where: { shop, name: zone.name } });
    if (existing) await tx.freeShippingZone.update({ where: { id: existing.id }, data: zone });
    else await tx.freeShippingZone.create({ data: { shop, ...zone } });
    await enqueueSync(tx, shop);
  });
}
