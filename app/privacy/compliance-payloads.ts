// The bodies of Shopify's mandatory compliance webhooks, and the customer they name in the
// app's terms (GIDs, lower-case email). The webhook intake checks each body with these schemas
// (app/webhooks/accept.server.ts), so a malformed one is refused and recorded instead of becoming a job
// that can never run. Each body names its shop (shop_domain); the intake requires it to be the
// shop in X-Shopify-Shop-Domain, which the signature does not cover.
import { z } from "zod";
import { shopifyId } from "../webhooks/fields";

const Customer = z.object({ id: shopifyId, email: z.string().nullish(), phone: z.string().nullish() });
const OrderIds = z.array(shopifyId);

export const CustomerDataRequestPayload = z.object({
  customer: Customer,
  orders_requested: OrderIds.default([]),
  data_request: z.object({ id: shopifyId }).optional(),
});

export const CustomerRedactPayload = z.object({ customer: Customer, orders_to_redact: OrderIds.default([]) });

export const ShopRedactPayload = z.object({ shop_domain: z.string().min(1) });

/** The customer a request is about. */
export interface CustomerIdentity {
  customerId: string; // gid://shopify/Customer/…
  /** Lower case; null when Shopify sent none. */
  email: string | null;
  /** The email as Shopify sent it and in lower case: stored copies keep the case they came in. */
  emailVariants: string[];
  orderIds: string[]; // gid://shopify/Order/…
}

export function customerIdentity(customer: z.infer<typeof Customer>, orderIds: number[]): CustomerIdentity {
  const given = customer.email?.trim() ?? "";
  return {
    customerId: `gid://shopify/Customer/${customer.id}`,
    email: given ? given.toLowerCase() : null,
    emailVariants: given ? [...new Set([given, given.toLowerCase()])] : [],
    orderIds: orderIds.map((id) => `gid://shopify/Order/${id}`),
  };
}

/** What a finished customer-redact job's payload becomes: the request itself named the customer. */
export const REDACTED_JOB_PAYLOAD = { redacted: true } as const;
export const RedactedJobPayload = z.object({ redacted: z.literal(true) });
