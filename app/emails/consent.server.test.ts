import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { documentedSample } from "../../tests/fixtures/shopify-webhooks/samples";
import db from "../db.server";
import { EmailConsentPayload } from "../webhooks/customer-payloads";
import { hasEmailMarketingConsent, recordEmailConsent } from "./consent.server";

const newShop = () => `shop-${randomUUID().slice(0, 8)}.myshopify.com`;

/** Shopify's documented customers_email_marketing_consent/update sample, with the consent given. */
const report = (state: string, updatedAt: string | null, customerId = 706405506930370) =>
  EmailConsentPayload.parse({
    ...documentedSample("customers_email_marketing_consent/update"),
    customer_id: customerId,
    email_marketing_consent: { state, opt_in_level: null, consent_updated_at: updatedAt },
  });

describe("email marketing consent", () => {
  it("keeps the latest consent Shopify reported, whatever order the reports arrive in", async () => {
    const shop = newShop();
    const who = { customerId: "gid://shopify/Customer/706405506930370", email: null };
    await recordEmailConsent(db, shop, report("subscribed", "2026-03-01T10:00:00Z"));
    expect(await hasEmailMarketingConsent(db, shop, who, false)).toBe(true);
    await recordEmailConsent(db, shop, report("unsubscribed", "2026-03-05T10:00:00Z"));
    // Delivered late: an earlier report, and one without a date.
    await recordEmailConsent(db, shop, report("subscribed", "2026-03-02T10:00:00Z"));
    await recordEmailConsent(db, shop, report("subscribed", null));
    expect(await hasEmailMarketingConsent(db, shop, who, true)).toBe(false);
    expect(await db.emailConsent.findUniqueOrThrow({ where: { shop_customerId: { shop, customerId: who.customerId } } })).toMatchObject({
      email: "bob@biller.com",
      state: "unsubscribed",
    });
  });

  it("finds a guest's consent by address, and falls back to the checkout box when Shopify reported none", async () => {
    const shop = newShop();
    await recordEmailConsent(db, shop, report("subscribed", "2026-03-01T10:00:00Z"));
    expect(await hasEmailMarketingConsent(db, shop, { customerId: null, email: "Bob@Biller.com" }, false)).toBe(true);
    expect(await hasEmailMarketingConsent(db, shop, { customerId: null, email: "someone@else.com" }, true)).toBe(true);
    expect(await hasEmailMarketingConsent(db, shop, { customerId: null, email: "someone@else.com" }, false)).toBe(false);
    // "pending" is a double opt-in not yet confirmed: not consent.
    await recordEmailConsent(db, shop, report("pending", "2026-03-02T10:00:00Z"));
    expect(await hasEmailMarketingConsent(db, shop, { customerId: "gid://shopify/Customer/706405506930370", email: null }, true)).toBe(
      false,
    );
  });
});
