// The bodies of Shopify's mandatory compliance webhooks, and the customer they name in the
// app's terms (GIDs, lower-case email). Checked when the webhook arrives, so a malformed one
// is refused with 400 instead of becoming a job that can never run.
import { z } from "zod";

const Customer = z.object({ id: z.number().int().positive(), email: z.string().nullish(), phone: z.string().nullish() });
const OrderIds = z.array(z.number().int().positive());

export const CustomerDataRequestPayload = z.object({
  customer: Customer,
  orders_requested: OrderIds.default([]),
  data_request: z.object({ id: z.number() }).optional(),
});

export const CustomerRedactPayload = z.object({ customer: Customer, orders_to_redact: OrderIds.default([]) });

export const ShopRedactPayload = z.object({ shop_domain: z.string().min(1) });

/** Topics whose payload must have these shapes. */
export const COMPLIANCE_PAYLOADS: Record<string, z.ZodTypeAny> = {
  "customers/data_request": CustomerDataRequestPayload,
  "customers/redact": CustomerRedactPayload,
  "shop/redact": ShopRedactPayload,
};

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
