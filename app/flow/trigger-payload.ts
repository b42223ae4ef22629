// What a flow.trigger job carries: the trigger's handle and the payload Shopify Flow receives,
// built when the event happened. Schemas only, so app/jobs/payloads.server.ts can import it.
import { z } from "zod";

/**
 * A trigger's payload: its reference fields by their payload keys (customer_id, product_id) and
 * its other fields by their TOML keys ("Rating"), each a string, number or boolean.
 */
export const FlowTriggerPayload = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));
export type FlowTriggerPayload = z.infer<typeof FlowTriggerPayload>;

export const FlowTriggerJob = z.object({ handle: z.string().min(1), payload: FlowTriggerPayload });
