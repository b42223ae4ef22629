// The loyalty programme's background jobs.
import { z } from "zod";
import type { JobHandlers } from "../jobs/worker.server";
import { syncMemberMetafields, syncProgramMetafield } from "./metafield-sync.server";
import { RELEASE_JOB, releasePendingPoints, SYNC_MEMBER_JOB } from "./order-points.server";
import { checkRedemption, REDEMPTION_CHECK_JOB } from "./redeem.server";

export const SYNC_PROGRAM_JOB = "loyalty.sync_program";

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
};
