// The privacy jobs the compliance webhooks turn into (app/webhooks/accept.server.ts).
import { z } from "zod";
import type { JobHandlers } from "../jobs/worker.server";
import { CustomerRedactPayload, customerIdentity } from "./compliance-payloads";
import { completeDataRequest, DATA_REQUEST_JOB } from "./data-request.server";
import { REDACTED_JOB_PAYLOAD, redactCustomer, redactShop } from "./redact.server";

export const CUSTOMER_REDACT_JOB = "privacy.customer_redact";
export const SHOP_REDACT_JOB = "privacy.shop_redact";

/** Webhook jobs carry the topic and the body as Shopify sent it. */
const WebhookJob = z.object({ topic: z.string(), body: z.unknown() });

export const privacyJobHandlers: JobHandlers = {
  /** customers/data_request: the document the merchant downloads from the Privacy page. */
  async [DATA_REQUEST_JOB]({ db, shop, payload, now }) {
    const { dataRequestId } = z.object({ dataRequestId: z.string() }).parse(payload);
    await completeDataRequest(db, shop, dataRequestId, now);
  },

  /** customers/redact: the customer's personal data removed or anonymised everywhere. */
  async [CUSTOMER_REDACT_JOB]({ db, shop, payload, job }) {
    // Run again after it committed (its worker died before recording it): already done.
    if (z.object({ redacted: z.literal(REDACTED_JOB_PAYLOAD.redacted) }).safeParse(payload).success) return;
    const request = CustomerRedactPayload.parse(WebhookJob.parse(payload).body);
    await redactCustomer(db, shop, customerIdentity(request.customer, request.orders_to_redact), job.id);
  },

  /** shop/redact (48 hours after uninstall): nothing of the shop remains. */
  async [SHOP_REDACT_JOB]({ db, shop }) {
    await redactShop(db, shop);
  },
};
