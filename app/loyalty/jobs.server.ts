// The loyalty programme's background jobs.
import { z } from "zod";
import type { JobHandlers } from "../jobs/worker.server";
import { awardReviewPoints, CUSTOMER_CREATED_JOB, customerCreated, REVIEW_POINTS_JOB } from "./actions.server";
import { DAILY_JOB, runDailyJob, scheduleLoyaltyDaily } from "./expiry.server";
import { syncMemberMetafields, syncProgramMetafield } from "./metafield-sync.server";
import { RELEASE_JOB, releasePendingPoints, SYNC_MEMBER_JOB } from "./order-points.server";
import { checkRedemption, REDEMPTION_CHECK_JOB } from "./redeem.server";
import { gid } from "../webhooks/fields";

export const SYNC_PROGRAM_JOB = "loyalty.sync_program";

/** customers/create's body, the REST customer; the webhook intake checks it with this schema too (app/webhooks/accept.server.ts). */
export const CustomerCreatedPayload = z.object({ admin_graphql_api_id: gid("Customer"), email: z.string().nullish(), first_name: z.string().nullish() });

export const loyaltyJobHandlers: JobHandlers = {
  async [RELEASE_JOB]({ db, shop, payload, now }) {
    const { orderId } = z.object({ orderId: z.string() }).parse(payload);
    await releasePendingPoints(db, shop, orderId, now);
  },
  async [REDEMPTION_CHECK_JOB]({ db, shop, payload, now, admin }) {
    const { redemptionId } = z.object({ redemptionId: z.string() }).parse(payload);
    await checkRedemption(db, admin, shop, redemptionId, now);
  },
  async [SYNC_MEMBER_JOB]({ db, shop, payload, now, admin }) {
    const { memberId } = z.object({ memberId: z.string() }).parse(payload);
    await syncMemberMetafields(db, await admin(), shop, memberId, now);
  },
  async [SYNC_PROGRAM_JOB]({ db, shop, admin }) {
    await syncProgramMetafield(db, await admin(), shop);
  },
  /** customers/create: sign-up points, and a guest's points follow them into the account. */
  async [CUSTOMER_CREATED_JOB]({ db, shop, payload, now }) {
    const { body } = z.object({ body: CustomerCreatedPayload }).parse(payload);
    await customerCreated(db, shop, { customerId: body.admin_graphql_api_id, email: body.email ?? null, firstName: body.first_name || null }, now);
    await scheduleLoyaltyDaily(db, shop, now);
  },
  async [REVIEW_POINTS_JOB]({ db, shop, payload, now }) {
    const { reviewId } = z.object({ reviewId: z.string() }).parse(payload);
    await awardReviewPoints(db, shop, reviewId, now);
  },
  async [DAILY_JOB]({ db, shop, now }) {
    await runDailyJob(db, shop, now);
  },
};
