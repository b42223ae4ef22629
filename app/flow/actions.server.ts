// Shopify Flow actions: what the merchant's workflows ask of the app (extensions/flow-award-points,
// flow-deduct-points, flow-send-review-request), run by app/routes/flow.actions.tsx once Shopify's
// signature is verified. Each is idempotent on Flow's action_run_id, which Flow keeps when it
// sends a run again: points are posted under a ledger key naming the run, and an order's review
// request exists once whoever asks.
//
// The request (shopify.dev, "Create Flow action endpoints"): shop_id, shopify_domain,
// action_run_id, action_definition_id, handle, and properties holding the action's fields by key,
// a reference field as customer_id / order_id (the resource's ID, a string in Shopify's example).
// The answer (same page): 200 when the action is done; any other 4XX but 429 marks it failed,
// shown in the workflow's run, and is not retried; a 5XX or no answer in time is retried later.
import { z } from "zod";
import type { Db } from "../db.server";
import { requestReviewNow } from "../emails/outbox.server";
import { AdjustInput } from "../loyalty/adjust-form";
import { memberForCustomer } from "../loyalty/actions.server";
import { loadLoyaltySettings } from "../loyalty/loyalty-settings.server";
import { postAdjustment } from "../loyalty/members.server";

/** The answer for Flow: 200 done (or done before), 400 not an action request of this app, 422 the action failed. */
export interface FlowActionResult {
  status: 200 | 400 | 422;
  message: string;
}

const done = (message: string): FlowActionResult => ({ status: 200, message });
const failed = (message: string): FlowActionResult => ({ status: 422, message });

/** A reference field's value: the ID as a number or a string, or the GID; read as the GID. */
const ResourceGid = (type: "Customer" | "Order") => {
  const message = `not a Shopify ${type.toLowerCase()} ID`;
  return z
    .union(
      [
        z.number().int(message).positive(message),
        z
          .string()
          .trim()
          .regex(new RegExp(`^(gid://shopify/${type}/)?\\d+$`), message),
      ],
      {
        errorMap: () => ({ message }),
      },
    )
    .transform((value) => `gid://shopify/${type}/${String(value).split("/").pop()}`);
};

const FlowActionRequest = z.object({
  action_run_id: z.string().trim().min(1),
  handle: z.string(),
  properties: z.record(z.string(), z.unknown()),
});

const POINTS_MESSAGE = "a whole number of points from 1 to 1,000,000";

const PointsProperties = z.object({
  customer_id: ResourceGid("Customer"),
  // number_integer: a JSON number, or its digits as text.
  points: z.coerce.number({ invalid_type_error: POINTS_MESSAGE }).int(POINTS_MESSAGE).min(1, POINTS_MESSAGE).max(1_000_000, POINTS_MESSAGE),
  // The admin's adjustment rules: 3 to 200 characters, shown in the points history.
  reason: AdjustInput.shape.reason,
});

const ReviewRequestProperties = z.object({ order_id: ResourceGid("Order") });

const invalidProperties = (error: z.ZodError): FlowActionResult =>
  failed(error.issues.map((issue) => `${issue.path.join(".") || "properties"}: ${issue.message}`).join("; "));

/** Runs the action a verified Flow request names. */
export async function runFlowAction(db: Db, shop: string, body: unknown, now: Date): Promise<FlowActionResult> {
  const request = FlowActionRequest.safeParse(body);
  if (!request.success)
    return { status: 400, message: "Not a Shopify Flow action request: action_run_id, handle and properties are required" };
  const { action_run_id: runId, handle, properties } = request.data;
  switch (handle) {
    case "award-points":
      return changePoints(db, shop, runId, properties, "award", now);
    case "deduct-points":
      return changePoints(db, shop, runId, properties, "deduct", now);
    case "send-review-request":
      return sendReviewRequest(db, shop, properties, now);
    default:
      return { status: 400, message: `This app has no Flow action "${handle}"` };
  }
}

/**
 * Adds or takes points as the admin's adjustment does, under a key naming the run. A deduction
 * never takes the balance below zero, whatever the refunds setting allows a deduction by hand: a
 * workflow runs unattended. It is checked under the member's lock, so concurrent deductions
 * cannot overdraw it together.
 */
async function changePoints(
  db: Db,
  shop: string,
  runId: string,
  properties: Record<string, unknown>,
  direction: "award" | "deduct",
  now: Date,
): Promise<FlowActionResult> {
  const parsed = PointsProperties.safeParse(properties);
  if (!parsed.success) return invalidProperties(parsed.error);
  const { customer_id: customerId, points, reason } = parsed.data;
  const customer = `Customer ${customerId.split("/").pop()}`;
  if (!(await loadLoyaltySettings(db, shop)).enabled) return failed("The rewards programme is switched off in the app's Loyalty settings");
  // An award makes the customer a member; a deduction from someone who never joined has nothing to take.
  const member =
    direction === "award"
      ? await memberForCustomer(db, shop, customerId)
      : await db.loyaltyMember.findUnique({ where: { shop_customerId: { shop, customerId } } });
  if (!member) return failed(`${customer} has no points to deduct`);
  const outcome = await postAdjustment(
    db,
    shop,
    member.id,
    { points: direction === "award" ? points : -points, reason, idempotencyKey: `flow:${runId}`, neverBelowZero: true },
    now,
  );
  if (!outcome.ok) {
    return failed(
      `${customer} has ${Math.max(0, outcome.balance).toLocaleString("en")} points, fewer than the ${points.toLocaleString("en")} to deduct: nothing was deducted`,
    );
  }
  if (!outcome.entry) return done(`Done already for this action run; ${customer} has ${outcome.balance.toLocaleString("en")} points`);
  return done(
    `${direction === "award" ? "Added" : "Deducted"} ${points.toLocaleString("en")} points; ${customer} has ${outcome.balance.toLocaleString("en")}`,
  );
}

async function sendReviewRequest(db: Db, shop: string, properties: Record<string, unknown>, now: Date): Promise<FlowActionResult> {
  const parsed = ReviewRequestProperties.safeParse(properties);
  if (!parsed.success) return invalidProperties(parsed.error);
  const outcome = await requestReviewNow(db, shop, parsed.data.order_id, now);
  return outcome.ok ? done(`Review request scheduled for ${outcome.sendAt.toISOString()}`) : failed(outcome.reason);
}
