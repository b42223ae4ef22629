// The bodies of the customer webhooks the app acts on. The webhook intake checks each body with
// these schemas (app/webhooks/accept.server.ts), and the jobs they become carry them
// (app/jobs/payloads.server.ts).
import { z } from "zod";
import { gid, shopifyId, timestamp } from "./fields";

/** customers/create's body, the REST customer. */
export const CustomerCreatedPayload = z.object({
  admin_graphql_api_id: gid("Customer"),
  email: z.string().nullish(),
  first_name: z.string().nullish(),
});

/**
 * customers_email_marketing_consent/update's body, as in Shopify's sample
 * (tests/fixtures/shopify-webhooks/2026-04/customers_email_marketing_consent/update.json).
 */
export const EmailConsentPayload = z.object({
  customer_id: shopifyId,
  email_address: z.string().nullish(),
  email_marketing_consent: z.object({ state: z.string(), consent_updated_at: timestamp.nullish() }),
});
export type EmailConsentPayload = z.infer<typeof EmailConsentPayload>;
