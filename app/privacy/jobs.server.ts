// The privacy jobs the compliance webhooks turn into (app/webhooks/accept.server.ts).
import type { JobHandlers } from "../jobs/worker.server";
import { customerIdentity } from "./compliance-payloads";
import { completeDataRequest, DATA_REQUEST_JOB } from "./data-request.server";
import { redactCustomer, redactShop } from "./redact.server";

export const CUSTOMER_REDACT_JOB = "privacy.customer_redact";
export const SHOP_REDACT_JOB = "privacy.shop_redact";

export const privacyJobHandlers = {
  /** customers/data_request: the document the merchant downloads from the Privacy page. */
  async [DATA_REQUEST_JOB]({ db, shop, payload, now }) {
    await completeDataRequest(db, shop, payload.dataRequestId, now);
  },

  /** customers/redact: the customer's personal data removed or anonymised everywhere. */
  async [CUSTOMER_REDACT_JOB]({ db, shop, payload, job }) {
    // Run again after it committed (its worker died before recording it): already done.
    if ("redacted" in payload) return;
    const request = payload.body;
    await redactCustomer(db, shop, customerIdentity(request.customer, request.orders_to_redact), job.id);
  },

  /** shop/redact (48 hours after uninstall): nothing of the shop remains. */
  async [SHOP_REDACT_JOB]({ db, shop }) {
    await redactShop(db, shop);
  },
} satisfies JobHandlers;
