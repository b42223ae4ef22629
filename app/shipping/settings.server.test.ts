// Zone and excluded countries are checked against Shopify's CountryCode enum, and a zone's
// countries against the countries the shop ships to.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import db from "../db.server";
import type { AdminClient } from "../shopify/admin.server";
import { DEFAULT_MESSAGES, createZone, saveFreeShippingSettings, shipsToCountries, updateZone } from "./settings.server";

const newShop = () => `shipping-${randomUUID().slice(0, 8)}.myshopify.com`;
const zone = (countries: string) => ({ name: "Europe", countries, currency: "EUR", amount: "45", rateToShop: "0.92" });
const SHIPS_TO = ["DE", "FR", "GB", "GR", "US"];

const settingsForm = (excludedCountries: string) => ({
  enabled: "true",
  baseAmount: "50",
  excludedCountries,
  ...Object.fromEntries(
    Object.entries(DEFAULT_MESSAGES).flatMap(([locale, messages]) =>
      Object.entries(messages).map(([kind, text]) => [`message_${locale}_${kind}`, text]),
    ),
  ),
});

describe("zone countries", () => {
  it("refuses a code Shopify does not know, naming it and what to use", async () => {
    const result = await createZone(db, newShop(), zone("GR, uk"), SHIPS_TO);
    expect(result).toMatchObject({ ok: false, errors: { countries: "UK (United Kingdom) is not a country code Shopify knows; use GB." } });
    const territory = await createZone(db, newShop(), zone("PR"), SHIPS_TO);
    expect(territory).toMatchObject({
      ok: false,
      errors: { countries: expect.stringContaining("PR (Puerto Rico) is not a country code Shopify knows") },
    });
  });

  it("refuses a country the shop does not ship to", async () => {
    const result = await createZone(db, newShop(), zone("GR, JP"), SHIPS_TO);
    expect(result).toMatchObject({
      ok: false,
      errors: { countries: "Your store does not ship to JP (Japan): add it to a shipping zone in Shopify's shipping settings first." },
    });
  });

  it("checks Shopify's codes alone when Shopify could not say where the shop ships", async () => {
    expect(await createZone(db, newShop(), zone("GR, JP"), null)).toMatchObject({ ok: true, zone: { countries: ["GR", "JP"] } });
    expect(await createZone(db, newShop(), zone("GR, EU"), null)).toMatchObject({
      ok: false,
      errors: { countries: expect.stringContaining("EU (European Union)") },
    });
  });

  it("applies to updates too", async () => {
    const shop = newShop();
    const created = await createZone(db, shop, zone("GR"), SHIPS_TO);
    if (!created.ok) throw new Error(created.message);
    expect(await updateZone(db, shop, created.zone.id, zone("GR, UK"), SHIPS_TO)).toMatchObject({
      ok: false,
      errors: { countries: expect.stringContaining("use GB") },
    });
    expect(await updateZone(db, shop, created.zone.id, zone("GR, GB"), SHIPS_TO)).toMatchObject({
      ok: true,
      zone: { countries: ["GB", "GR"] },
    });
  });
});

describe("excluded countries", () => {
  it("must be Shopify's codes; a country not shipped to yet may be excluded", async () => {
    expect(await saveFreeShippingSettings(db, newShop(), settingsForm("AU, UK"))).toMatchObject({
      ok: false,
      errors: { excludedCountries: "UK (United Kingdom) is not a country code Shopify knows; use GB." },
    });
    expect(await saveFreeShippingSettings(db, newShop(), settingsForm("au, nz"))).toMatchObject({
      ok: true,
      settings: { excludedCountries: ["AU", "NZ"] },
    });
  });
});

describe("shipsToCountries", () => {
  const answering = (answer: () => Promise<Response>): AdminClient => ({ graphql: answer });

  it("is the shop's shipping countries, or null while Shopify cannot say", async () => {
    expect(await shipsToCountries(answering(async () => Response.json({ data: { shop: { shipsToCountries: ["GR", "DE"] } } })))).toEqual([
      "DE",
      "GR",
    ]);
    expect(await shipsToCountries(answering(async () => new Response("Service Unavailable", { status: 503 })))).toBeNull();
  });

  it("lets through what is not Shopify's answer, such as the admin's re-authentication", async () => {
    const reauthorize = new Response(undefined, { status: 401 });
    await expect(shipsToCountries(answering(() => Promise.reject(reauthorize)))).rejects.toBe(reauthorize);
  });
});
