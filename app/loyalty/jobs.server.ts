// The loyalty programme's background jobs.
import type { JobHandlers } from "../jobs/worker.server";
import { awardReviewPoints, CUSTOMER_CREATED_JOB, customerCreated, REVIEW_POINTS_JOB } from "./actions.server";
import { DAILY_JOB, runDailyJob, scheduleLoyaltyDaily } from "./expiry.server";
import { syncMemberMetafields, syncProgramMetafield } from "./metafield-sync.server";
import { RELEASE_JOB, releasePendingPoints, SYNC_MEMBER_JOB } from "./order-points.server";
import { checkRedemption, REDEMPTION_CHECK_JOB } from "./redeem.server";

export const SYNC_PROGRAM_JOB = "loyalty.sync_program";

export const loyaltyJobHandlers = {
  async [RELEASE_JOB]({ db, shop, payload, now }) {
    await releasePendingPoints(db, shop, payload.orderId, now);
  },
  async [REDEMPTION_CHECK_JOB]({ db, shop, payload, now, admin }) {
    await checkRedemption(db, admin, shop, payload.redemptionId, now);
  },
  async [SYNC_MEMBER_JOB]({ db, shop, payload, now, admin }) {
    await syncMemberMetafields(db, await admin(), shop, payload.memberId, now);
  },
  async [SYNC_PROGRAM_JOB]({ db, shop, admin }) {
    await syncProgramMetafield(db, await admin(), shop);
  },
  /** customers/create: sign-up points, and a guest's points follow them into the account. */
  async [CUSTOMER_CREATED_JOB]({ db, shop, payload, now }) {
    const { body } = payload;
    await customerCreated(
      db,
      shop,
      { customerId: body.admin_graphql_api_id, email: body.email ?? null, firstName: body.first_name || null },
      now,
    );
    await scheduleLoyaltyDaily(db, shop, now);
  },
  async [REVIEW_POINTS_JOB]({ db, shop, payload, now }) {
    await awardReviewPoints(db, shop, payload.reviewId, now);
  },
  async [DAILY_JOB]({ db, shop, now, signal }) {
    await runDailyJob(db, shop, now, signal);
  },
} satisfies JobHandlers;
