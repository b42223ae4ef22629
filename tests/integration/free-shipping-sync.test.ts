// Free shipping end to end: settings and zones saved as the admin saves them, the sync job
// against the simulator's Admin API, and checkout in the simulator honouring the thresholds.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../scripts/simulator/server";
import { storeOfflineSession } from "../../scripts/simulator/install";
import { DEMO_ACCESS_TOKEN, DEMO_SHOP_DOMAIN } from "../../scripts/simulator/demo-store";
import { stableNumber } from "../../scripts/simulator/common";
import { DEFAULT_SHIPS_TO_COUNTRIES } from "../../scripts/simulator/graphql/shop";
import type { Discount, ShopState } from "../../scripts/simulator/state";
import { serveRoute } from "../support/route-server";
import { routeResponse } from "../support/shopify-requests";

const SHOP = DEMO_SHOP_DOMAIN;
let simulator: Simulator;
let webhookRoute: Awaited<ReturnType<typeof serveRoute>>;
let db: typeof import("../../app/db.server").default;
let shipping: typeof import("../../app/shipping/settings.server");
let runJobs: () => Promise<number>;

beforeAll(async () => {
  webhookRoute = await serveRoute(async (args) => (await import("../../app/routes/webhooks")).action(args as never));
  simulator = await startSimulator({
    appUrl: webhookRoute.url,
    apiKey: process.env.SHOPIFY_API_KEY!,
    apiSecret: process.env.SHOPIFY_API_SECRET!,
  });
  process.env.SHOPIFY_ADMIN_API_ORIGIN = simulator.url;
  process.env.DEMO_SHOP = SHOP; // the admin route opens without OAuth on loopback, as in the demo
  const shopify = await import("../../app/shopify.server");
  const { handlers } = await import("../../app/jobs/handlers.server");
  const { runDueJobs } = await import("../../app/jobs/worker.server");
  db = (await import("../../app/db.server")).default;
  shipping = await import("../../app/shipping/settings.server");
  // Passes until one finds nothing due: a delivery's webhook.accept job, then the work it queued.
  runJobs = async () => {
    let total = 0;
    for (let ran = -1; ran !== 0; total += ran) ran = await runDueJobs({ db, handlers, adminFor: shopify.adminFor, batchSize: 100 });
    return total;
  };
  await storeOfflineSession(shopify.sessionStorage, { shop: SHOP, accessToken: DEMO_ACCESS_TOKEN });
  await db.shop.create({
    data: {
      domain: SHOP,
      name: "Demo",
      email: "shop@example.com",
      currencyCode: "USD",
      ianaTimezone: "Europe/Athens",
      primaryLocale: "en",
      storefrontUrl: "",
    },
  });
});

afterAll(async () => {
  await simulator.close();
  await webhookRoute.close();
});

const shopState = (): ShopState => simulator.state.shops.get(SHOP)!;
const freeShippingDiscounts = (): Discount[] => shopState().discounts.filter((d) => d.kind === "automatic_free_shipping");
const discount = (id: string | null) => {
  const found = freeShippingDiscounts().find((d) => d.id === id);
  return found && { ...found, destinationCountryCodes: [...(found.destinationCountryCodes ?? [])].sort() };
};
const soapVariant = () =>
  shopState()
    .products.flatMap((p) => p.variants)
    .find((v) => v.price === "8.50")!.id; // 8.50 USD
const thresholdsMetafield = () => {
  const namespace = `app--${stableNumber(process.env.SHOPIFY_API_KEY!, 7)}--shipping`; // what $app:shipping resolves to
  const metafield = shopState().metafields.find((m) => m.namespace === namespace && m.key === "thresholds");
  return metafield ? JSON.parse(metafield.value) : undefined;
};

/** A paid checkout of `soaps` × 8.50 USD shipping to `country`, priced by the simulator's checkout. */
async function checkout(soaps: number, country: string, presentmentCurrency = "USD") {
  const customerId = shopState().customers[0]!.id;
  const { order } = await simulator.actions.placeOrder({
    customerId,
    lines: [{ variantId: soapVariant(), quantity: soaps }],
    shippingCountry: country,
    presentmentCurrency,
  });
  return order;
}

const settingsForm = (overrides: Record<string, string> = {}) => ({
  enabled: "true",
  baseAmount: "50",
  excludedCountries: "au",
  ...Object.fromEntries(
    Object.entries(shipping.DEFAULT_MESSAGES).flatMap(([locale, messages]) =>
      Object.entries(messages).map(([kind, text]) => [`message_${locale}_${kind}`, text]),
    ),
  ),
  ...overrides,
});

describe("free-shipping sync", () => {
  let zoneId: string;
  let baseDiscountId: string | null;
  let zoneDiscountId: string | null;

  it("creates one automatic discount per market and the storefront metafield", async () => {
    const saved = await shipping.saveFreeShippingSettings(db, SHOP, settingsForm());
    expect(saved.ok).toBe(true);
    const zone = await shipping.createZone(
      db,
      SHOP,
      { name: "Europe", countries: "GR, de", currency: "eur", amount: "45", rateToShop: "0.92" },
      DEFAULT_SHIPS_TO_COUNTRIES,
    );
    if (!zone.ok) throw new Error(JSON.stringify(zone.errors));
    zoneId = zone.zone.id;
    expect(await db.job.count({ where: { shop: SHOP, type: "shipping.sync", status: "queued" } })).toBe(2);
    await runJobs();

    const settings = await db.freeShippingSettings.findUniqueOrThrow({ where: { shop: SHOP } });
    const zoneRow = await db.freeShippingZone.findUniqueOrThrow({ where: { id: zoneId } });
    expect(settings).toMatchObject({ syncError: null, syncedAt: expect.any(Date) });
    expect(zoneRow).toMatchObject({ syncError: null, syncedAt: expect.any(Date) });
    baseDiscountId = settings.discountId;
    zoneDiscountId = zoneRow.discountId;
    expect(freeShippingDiscounts()).toHaveLength(2);
    expect(discount(baseDiscountId)).toMatchObject({
      minimumSubtotal: "50.00",
      status: "ACTIVE",
      destinationCountryCodes: DEFAULT_SHIPS_TO_COUNTRIES.filter((c) => !["AU", "GR", "DE"].includes(c)),
    });
    // 45 EUR / 0.92 = 48.913… USD, rounded down so 45.00 EUR always qualifies.
    expect(discount(zoneDiscountId)).toMatchObject({
      minimumSubtotal: "48.91",
      destinationCountryCodes: ["DE", "GR"],
      title: "Free shipping: Europe",
    });

    expect(thresholdsMetafield()).toEqual({
      enabled: true,
      shop_currency: "USD",
      base: { amount: "50.00", currency: "USD" },
      zones: [{ name: "Europe", countries: ["DE", "GR"], currency: "EUR", amount: "45.00" }],
      excluded_countries: ["AU"],
      messages: shipping.DEFAULT_MESSAGES,
    });
  });

  it("is honoured at checkout: free above the market's threshold, charged below it and in excluded countries", async () => {
    expect((await checkout(5, "GR", "EUR")).totalShipping).toBe("5.00"); // 42.50 USD < 48.91
    expect((await checkout(6, "GR", "EUR")).totalShipping).toBe("0.00"); // 51.00 USD
    expect((await checkout(6, "DE")).totalShipping).toBe("0.00");
    expect((await checkout(5, "US")).totalShipping).toBe("5.00");
    expect((await checkout(6, "US")).totalShipping).toBe("0.00"); // 51.00 ≥ 50.00
    expect((await checkout(20, "AU")).totalShipping).toBe("5.00"); // excluded
  });

  it("prefills a zone's rate from the latest order paid in its currency", async () => {
    await runJobs(); // records the orders above from their webhooks
    const observed = await shipping.observedRate(db, SHOP, "EUR");
    expect(observed).toMatchObject({ rate: "0.92" });
    expect(observed!.orderName).toMatch(/^#\d+$/);
    expect(await shipping.observedRate(db, SHOP, "GBP")).toBeNull();
  });

  it("updates the same discounts when amounts and countries change", async () => {
    const zone = await shipping.updateZone(
      db,
      SHOP,
      zoneId,
      { name: "Europe", countries: "GR DE FR", currency: "EUR", amount: "60", rateToShop: "0.92" },
      DEFAULT_SHIPS_TO_COUNTRIES,
    );
    expect(zone.ok).toBe(true);
    expect((await shipping.saveFreeShippingSettings(db, SHOP, settingsForm({ baseAmount: "75" }))).ok).toBe(true);
    await runJobs();

    expect(
      freeShippingDiscounts()
        .map((d) => d.id)
        .sort(),
    ).toEqual([baseDiscountId, zoneDiscountId].sort());
    expect(discount(zoneDiscountId)).toMatchObject({ minimumSubtotal: "65.21", destinationCountryCodes: ["DE", "FR", "GR"] });
    expect(discount(baseDiscountId)).toMatchObject({ minimumSubtotal: "75.00" });
    expect(discount(baseDiscountId)!.destinationCountryCodes).not.toContain("FR");
    expect(thresholdsMetafield().zones).toEqual([{ name: "Europe", countries: ["DE", "FR", "GR"], currency: "EUR", amount: "60.00" }]);

    expect((await checkout(7, "FR", "EUR")).totalShipping).toBe("5.00"); // 59.50 USD < 65.21
    expect((await checkout(8, "FR", "EUR")).totalShipping).toBe("0.00"); // 68.00 USD
  });

  it("refuses a zone whose countries another zone has, or in the shop's currency", async () => {
    const overlapping = await shipping.createZone(
      db,
      SHOP,
      { name: "Greece", countries: "GR", currency: "EUR", amount: "30", rateToShop: "0.92" },
      DEFAULT_SHIPS_TO_COUNTRIES,
    );
    expect(overlapping).toMatchObject({ ok: false, errors: { countries: expect.stringContaining("Europe") } });
    const inShopCurrency = await shipping.createZone(
      db,
      SHOP,
      { name: "Canada", countries: "CA", currency: "USD", amount: "30", rateToShop: "1" },
      DEFAULT_SHIPS_TO_COUNTRIES,
    );
    expect(inShopCurrency).toMatchObject({ ok: false, errors: { currency: expect.any(String) } });
    const bad = await shipping.createZone(
      db,
      SHOP,
      { name: "Japan", countries: "JP, XX", currency: "JPY", amount: "8000.5", rateToShop: "abc" },
      DEFAULT_SHIPS_TO_COUNTRIES,
    );
    expect(bad).toMatchObject({
      ok: false,
      errors: { countries: expect.stringContaining("XX"), amount: expect.any(String), rateToShop: expect.any(String) },
    });
  });

  it("recreates a discount deleted in Shopify admin", async () => {
    shopState().discounts.splice(
      shopState().discounts.findIndex((d) => d.id === zoneDiscountId),
      1,
    );
    expect((await shipping.saveFreeShippingSettings(db, SHOP, settingsForm({ baseAmount: "75" }))).ok).toBe(true);
    await runJobs();
    const row = await db.freeShippingZone.findUniqueOrThrow({ where: { id: zoneId } });
    expect(row.discountId).not.toBe(zoneDiscountId);
    expect(discount(row.discountId)).toMatchObject({ minimumSubtotal: "65.21" });
    zoneDiscountId = row.discountId;
  });

  it("deletes a deleted zone's discount and gives its countries back to the base", async () => {
    expect(await shipping.deleteZone(db, SHOP, zoneId)).toBe(true);
    await runJobs();
    expect(discount(zoneDiscountId)).toBeUndefined();
    expect(discount(baseDiscountId)!.destinationCountryCodes).toEqual(expect.arrayContaining(["GR", "DE", "FR"]));
    expect(thresholdsMetafield().zones).toEqual([]);
  });

  it("removes every discount when the programme is switched off", async () => {
    const zone = await shipping.createZone(
      db,
      SHOP,
      { name: "Europe", countries: "GR", currency: "EUR", amount: "45", rateToShop: "0.92" },
      DEFAULT_SHIPS_TO_COUNTRIES,
    );
    expect(zone.ok).toBe(true);
    await runJobs();
    expect(freeShippingDiscounts()).toHaveLength(2);

    expect((await shipping.saveFreeShippingSettings(db, SHOP, settingsForm({ enabled: "false" }))).ok).toBe(true);
    await runJobs();
    expect(freeShippingDiscounts()).toEqual([]);
    expect(await db.freeShippingZone.findMany({ where: { shop: SHOP } })).toEqual([
      expect.objectContaining({ discountId: null, syncError: null }),
    ]);
    expect(thresholdsMetafield()).toMatchObject({ enabled: false });
    expect((await checkout(20, "GR", "EUR")).totalShipping).toBe("5.00");
  });

  it("two syncs running at once leave one discount per market", async () => {
    expect((await shipping.saveFreeShippingSettings(db, SHOP, settingsForm({ enabled: "true" }))).ok).toBe(true);
    await db.job.deleteMany({ where: { shop: SHOP, type: "shipping.sync", status: "queued" } });
    const { syncFreeShipping } = await import("../../app/shipping/sync.server");
    const { adminFor } = await import("../../app/shopify.server");
    const admin = await adminFor(SHOP);
    await Promise.all([syncFreeShipping(db, admin, SHOP, new Date()), syncFreeShipping(db, admin, SHOP, new Date())]);
    const zones = await db.freeShippingZone.findMany({ where: { shop: SHOP } });
    const settings = await db.freeShippingSettings.findUniqueOrThrow({ where: { shop: SHOP } });
    // Each market's recorded discount exists, and no other free-shipping discount does.
    expect(
      freeShippingDiscounts()
        .map((d) => d.id)
        .sort(),
    ).toEqual([settings.discountId, ...zones.map((z) => z.discountId)].sort());
    expect(freeShippingDiscounts()).toHaveLength(1 + zones.length);
  });

  it("seeds the demo programme", async () => {
    await shipping.seedDemoFreeShipping(db, SHOP);
    await shipping.seedDemoFreeShipping(db, SHOP); // idempotent
    await runJobs();
    const { settings, zones } = await shipping.loadFreeShipping(db, SHOP);
    expect(settings).toMatchObject({ enabled: true, baseAmount: "75.00", excludedCountries: ["AU"], syncError: null });
    // The existing Europe zone is updated, not duplicated; the rate is the one observed on EUR orders.
    expect(zones.map((z) => [z.name, z.currency, z.amount, z.rateToShop, z.countries])).toEqual([
      ["Europe", "EUR", "60.00", "0.92", ["DE", "ES", "FR", "GR", "IT"]],
    ]);
    expect(freeShippingDiscounts()).toHaveLength(2);
  });

  it("serves the admin page: settings, zones with their sync state and observed rates", async () => {
    const route = await import("../../app/routes/app.free-shipping");
    const url = "http://localhost/app/free-shipping";
    const post = async (fields: Record<string, string>) => {
      const response = await routeResponse(() =>
        route.action({ request: new Request(url, { method: "POST", body: new URLSearchParams(fields) }), params: {}, context: {} }),
      );
      return { status: response.status, body: (await response.json()) as unknown };
    };
    const load = async () =>
      (await route.loader({ request: new Request(url), params: {}, context: {} })) as Awaited<ReturnType<typeof route.loader>>;

    const refused = await post({
      intent: "settings",
      ...settingsForm({ excludedCountries: "AU, Narnia", message_en_progress: "Almost there" }),
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({
      status: "error",
      error: { excludedCountries: [expect.stringContaining("NARNIA")], message_en_progress: [expect.stringContaining("{amount}")] },
    });

    expect((await post({ intent: "settings", ...settingsForm({ baseAmount: "80" }) })).body).toMatchObject({ status: "success" });
    const zone = await db.freeShippingZone.findFirstOrThrow({ where: { shop: SHOP } });
    expect(
      (
        await post({
          intent: "updateZone",
          id: zone.id,
          name: "Europe",
          countries: "GR, DE, FR, IT, ES",
          currency: "EUR",
          amount: "55",
          rateToShop: "0.92",
        })
      ).body,
    ).toMatchObject({
      status: "success",
      message: "Europe saved",
    });

    let page = await load();
    expect(page.baseSync).toEqual({ tone: "attention", text: "Pending" });
    await runJobs();
    page = await load();
    expect(page.settings).toMatchObject({ enabled: true, baseAmount: "80.00", excludedCountries: ["AU"] });
    expect(page.baseSync).toMatchObject({ tone: "success", text: expect.stringMatching(/^Synced at /) });
    expect(page.zones).toEqual([
      expect.objectContaining({
        name: "Europe",
        amountText: "€55.00",
        checkoutText: "$59.78",
        sync: expect.objectContaining({ tone: "success" }),
      }),
    ]);
    expect(page.rates.EUR).toMatchObject({ rate: "0.92", orderName: expect.stringMatching(/^#/) });

    // The countries of a zone are checked against Shopify's codes and, asked of Shopify, the countries the store ships to.
    const unknownCode = await post({
      intent: "createZone",
      name: "Britain",
      countries: "UK",
      currency: "GBP",
      amount: "40",
      rateToShop: "0.79",
    });
    expect(unknownCode.status).toBe(400);
    expect(unknownCode.body).toMatchObject({ error: { countries: ["UK (United Kingdom) is not a country code Shopify knows; use GB."] } });
    const notShipped = await post({
      intent: "createZone",
      name: "Japan",
      countries: "JP",
      currency: "JPY",
      amount: "8000",
      rateToShop: "150",
    });
    expect(notShipped.body).toMatchObject({ error: { countries: [expect.stringContaining("Your store does not ship to JP (Japan)")] } });

    const gone = await post({ intent: "deleteZone", id: "nope" });
    expect(gone.status).toBe(404);
  });

  it("names a code Shopify does not know in a zone saved before countries were checked, instead of sending it", async () => {
    const legacy = await db.freeShippingZone.create({
      data: { shop: SHOP, name: "Legacy", countries: ["UK"], currency: "GBP", amount: "40.00", rateToShop: "0.79" },
    });
    const discountsBefore = freeShippingDiscounts().length;
    const { syncFreeShipping } = await import("../../app/shipping/sync.server");
    const { adminFor } = await import("../../app/shopify.server");
    await expect(syncFreeShipping(db, await adminFor(SHOP), SHOP, new Date())).rejects.toThrow(
      "Legacy: UK (United Kingdom) is not a country code Shopify knows; use GB.",
    );
    expect(await db.freeShippingZone.findUniqueOrThrow({ where: { id: legacy.id } })).toMatchObject({
      discountId: null,
      syncError: "UK (United Kingdom) is not a country code Shopify knows; use GB.",
    });
    expect(freeShippingDiscounts()).toHaveLength(discountsBefore);
    await db.freeShippingZone.delete({ where: { id: legacy.id } });
  });
});
