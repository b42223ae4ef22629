// The Flow trigger job: one event's trigger, built when it happened (./triggers.server.ts), sent
// to Shopify Flow.
import { JobSkipped, type JobHandlers } from "../jobs/worker.server";
import { AdminApiError, triggerFlow } from "../shopify/admin.server";
import { FLOW_TRIGGER_JOB } from "./triggers.server";

export const flowJobHandlers = {
  async [FLOW_TRIGGER_JOB]({ payload, admin }) {
    try {
      await triggerFlow(await admin(), payload.handle, payload.payload);
    } catch (error) {
      // Flow refused the handle or the payload: sent again it would be refused again. The job ends
      // skipped with Flow's reason (Settings → Background jobs). Anything else (throttled, no
      // answer, access refused) is retried up to the job's attempts. A shop with no workflow on
      // the trigger is assumed not to be refused: Shopify's Flow guidelines say calls for a store
      // without Flow are ignored (help.shopify.com, Flow app extensions: guidelines).
      if (error instanceof AdminApiError && error.kind === "user_errors")
        throw new JobSkipped(`Shopify Flow refused the "${payload.handle}" trigger: ${error.message}`);
      throw error;
    }
  },
} satisfies JobHandlers;
