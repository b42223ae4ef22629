// Email marketing consent. Order webhooks stopped carrying customer.email_marketing_consent in API
// 2025-01, so the app keeps each customer's consent from Shopify's own topic,
// customers_email_marketing_consent/update ("occurs whenever a customer's email marketing consent
// is updated"; read_customers scope). What a buyer ticked at checkout (the order's
// buyer_accepts_marketing) stands in until Shopify reports the customer's consent.
import type { Db } from "../db.server";
import type { JobHandlers } from "../jobs/worker.server";
import type { EmailConsentPayload } from "../webhooks/customer-payloads";

export const EMAIL_CONSENT_JOB = "customer.email_consent";

type ConsentDb = Pick<Db, "emailConsent">;

/**
 * Keeps the customer's latest consent. Shopify does not order deliveries: a report whose
 * consent_updated_at is older than the one kept (or has none, when one is kept) arrived late and
 * changes nothing.
 */
export async function recordEmailConsent(db: ConsentDb, shop: string, payload: EmailConsentPayload): Promise<void> {
  const customerId = `gid://shopify/Customer/${payload.customer_id}`;
  const { state, consent_updated_at } = payload.email_marketing_consent;
  const updatedAt = consent_updated_at ? new Date(consent_updated_at) : null;
  const kept = await db.emailConsent.findUnique({ where: { shop_customerId: { shop, customerId } } });
  if (kept?.consentUpdatedAt && (!updatedAt || updatedAt < kept.consentUpdatedAt)) return;
  const data = { email: payload.email_address?.trim().toLowerCase() || null, state: state.toLowerCase(), consentUpdatedAt: updatedAt };
  await db.emailConsent.upsert({ where: { shop_customerId: { shop, customerId } }, create: { shop, customerId, ...data }, update: data });
}

/**
 * Whether the shop may send marketing-consent-only email to this person: the customer's consent
 * as Shopify last reported it (by customer, else by address), or failing that what they ticked at
 * checkout. Only "subscribed" is consent; "pending" is a double opt-in not yet confirmed.
 */
export async function hasEmailMarketingConsent(
  db: ConsentDb,
  shop: string,
  who: { customerId: string | null; email: string | null },
  atCheckout: boolean,
): Promise<boolean> {
  const email = who.email?.trim().toLowerCase() || null;
  const reported =
    (who.customerId ? await db.emailConsent.findUnique({ where: { shop_customerId: { shop, customerId: who.customerId } } }) : null) ??
    (email ? await db.emailConsent.findFirst({ where: { shop, email }, orderBy: { updatedAt: "desc" } }) : null);
  return reported ? reported.state === "subscribed" : atCheckout;
}

export const consentJobHandlers = {
  async [EMAIL_CONSENT_JOB]({ db, shop, payload }) {
    await recordEmailConsent(db, shop, payload.body);
  },
} satisfies JobHandlers;
