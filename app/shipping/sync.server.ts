// Keeps Shopify in step with the free-shipping settings: one automatic free-shipping
// discount per plan (base and each zone, app/shipping/thresholds.ts discountPlans) so checkout
// honours the thresholds the storefront bar promises, and the shop metafield the bar reads.
// Each discount's outcome is recorded on its row (syncedAt / syncError); any failure fails
// the job, which retries with backoff.
import type { Db } from "../db.server";
import type { JobHandlers } from "../jobs/worker.server";
import {
  createAutomaticFreeShipping,
  deleteAutomaticDiscount,
  fetchAutomaticFreeShipping,
  fetchShipsToCountries,
  fetchShop,
  setMetafields,
  updateAutomaticFreeShipping,
  type AdminClient,
} from "../shopify/admin.server";
import { isCountryCode, unknownCountriesMessage } from "./countries";
import { loadFreeShipping, SHIPPING_SYNC_JOB, type FreeShippingValues, type ZoneValues } from "./settings.server";
import { normalizeAmount } from "../lib/money";
import { discountPlans, type DiscountPlan } from "./thresholds";

export const SHIPPING_NAMESPACE = "$app:shipping";
export const THRESHOLDS_KEY = "thresholds";

/** The storefront's view: exactly what the theme extension's Liquid reads from shop.metafields["$app:shipping"].thresholds. */
export function thresholdsJson(settings: FreeShippingValues, zones: ZoneValues[], shopCurrency: string) {
  const excluded = new Set(settings.excludedCountries);
  const base = settings.baseAmount === null ? null : normalizeAmount(settings.baseAmount, shopCurrency);
  return {
    enabled: settings.enabled,
    shop_currency: shopCurrency,
    base: base === null ? null : { amount: base, currency: shopCurrency },
    zones: zones.map((zone) => ({
      name: zone.name,
      countries: zone.countries.filter((country) => !excluded.has(country)),
      currency: zone.currency,
      amount: normalizeAmount(zone.amount, zone.currency) ?? zone.amount,
    })),
    excluded_countries: settings.excludedCountries,
    messages: settings.messages,
  };
}

const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 500);

/** Makes the discount `discountId` match `plan` (or removes it when there is no plan). Returns the discount id to keep. */
async function reconcile(
  admin: AdminClient,
  discountId: string | null,
  plan: DiscountPlan | undefined,
  now: Date,
): Promise<{ id: string | null; created: boolean }> {
  if (!plan) {
    if (discountId) await deleteAutomaticDiscount(admin, discountId);
    return { id: null, created: false };
  }
  // Zones saved before their countries were checked against Shopify's codes fail here, naming
  // the code, rather than in Shopify's answer to the mutation.
  const unknown = unknownCountriesMessage(plan.countries);
  if (unknown) throw new Error(unknown);
  const input = { title: plan.title, countries: plan.countries.filter(isCountryCode), minimumSubtotal: plan.minimumSubtotal };
  const current = discountId ? await fetchAutomaticFreeShipping(admin, discountId) : null;
  // Deleted in Shopify admin (or never created): create it again.
  if (!current) return { id: await createAutomaticFreeShipping(admin, input, now), created: true };
  const same =
    current.title === input.title &&
    Number(current.minimumSubtotal) === Number(input.minimumSubtotal) &&
    current.countries.join() === input.countries.join() &&
    current.status === "ACTIVE";
  if (!same) {
    await updateAutomaticFreeShipping(admin, current.id, input, current.countries);
  }
  return { id: current.id, created: false };
}

/**
 * Records the discount id only if the row still holds the id this sync started from. Two syncs
 * running at once may both create a discount; the one that records second deletes its own,
 * so checkout never has two competing free-shipping discounts for one zone.
 */
async function keepOrDiscard(admin: AdminClient, recorded: number, result: { id: string | null; created: boolean }): Promise<void> {
  if (recorded === 0 && result.created && result.id) await deleteAutomaticDiscount(admin, result.id);
}

/** `signal` (the job's) stops the sync: nothing, not even a failure, is recorded once it aborts. */
export async function syncFreeShipping(
  db: Db,
  admin: AdminClient,
  shop: string,
  now: Date,
  { deleteDiscountIds = [], signal }: { deleteDiscountIds?: string[]; signal?: AbortSignal } = {},
): Promise<void> {
  const [shopInfo, shipsTo] = await Promise.all([fetchShop(admin), fetchShipsToCountries(admin)]);
  const { settings, zones, thresholdSettings } = await loadFreeShipping(db, shop);
  const currency = shopInfo.currencyCode;
  const plans = discountPlans({ ...thresholdSettings, shopCurrency: currency }, zones, shipsTo);
  const failures: string[] = [];

  // Discounts of zones deleted since.
  for (const id of deleteDiscountIds) {
    try {
      await deleteAutomaticDiscount(admin, id);
    } catch (error) {
      signal?.throwIfAborted();
      failures.push(`deleted zone: ${errorMessage(error)}`);
    }
  }

  try {
    const result = await reconcile(
      admin,
      settings.discountId,
      plans.find((plan) => plan.key === "base"),
      now,
    );
    signal?.throwIfAborted();
    const { count } = await db.freeShippingSettings.updateMany({
      where: { shop, discountId: settings.discountId },
      data: { discountId: result.id, syncedAt: now, syncError: null },
    });
    await keepOrDiscard(admin, count, result);
  } catch (error) {
    signal?.throwIfAborted();
    failures.push(`base: ${errorMessage(error)}`);
    await db.freeShippingSettings.updateMany({ where: { shop }, data: { syncError: errorMessage(error) } });
  }

  for (const zone of zones) {
    try {
      const result = await reconcile(
        admin,
        zone.discountId,
        plans.find((plan) => plan.key === zone.id),
        now,
      );
      signal?.throwIfAborted();
      const { count } = await db.freeShippingZone.updateMany({
        where: { id: zone.id, shop, discountId: zone.discountId },
        data: { discountId: result.id, syncedAt: now, syncError: null },
      });
      await keepOrDiscard(admin, count, result);
    } catch (error) {
      signal?.throwIfAborted();
      failures.push(`${zone.name}: ${errorMessage(error)}`);
      await db.freeShippingZone.updateMany({ where: { id: zone.id, shop }, data: { syncError: errorMessage(error) } });
    }
  }

  await setMetafields(admin, [
    {
      ownerId: shopInfo.id,
      namespace: SHIPPING_NAMESPACE,
      key: THRESHOLDS_KEY,
      type: "json",
      value: JSON.stringify(thresholdsJson(settings, zones, currency)),
    },
  ]);

  if (failures.length > 0) throw new Error(`Free-shipping sync failed for ${failures.join("; ")}`);
}

export const shippingJobHandlers = {
  async [SHIPPING_SYNC_JOB]({ db, shop, payload, now, admin, signal }) {
    await syncFreeShipping(db, await admin(), shop, now, { deleteDiscountIds: payload.deleteDiscountIds, signal });
  },
} satisfies JobHandlers;
