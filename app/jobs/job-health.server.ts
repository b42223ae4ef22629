import type { Db } from "../db.server";

export interface JobHealth {
  counts: Record<"queued" | "running" | "done" | "skipped" | "dead", number>;
  dead: { id: string; type: string; attempts: number; lastError: string | null; finishedAt: string | null }[];
  /** The latest jobs that had nothing to do, with why (a test order, an order the app never saw). */
  skipped: { id: string; type: string; reason: string; finishedAt: string | null }[];
  /**
   * The latest webhook deliveries the app refused (app/webhooks/accept.server.ts), with why: a body
   * that does not fit its topic, a stale or repeated delivery, one for another shop. None created a job.
   */
  refusedWebhooks: { id: string; topic: string; receivedAt: string; reason: string }[];
}

/** What the merchant sees of the background work for their shop. */
export async function jobHealth(db: Db, shop: string): Promise<JobHealth> {
  const [groups, dead, skipped, refused] = await Promise.all([
    db.job.groupBy({ by: ["status"], where: { shop }, _count: { _all: true } }),
    db.job.findMany({ where: { shop, status: "dead" }, orderBy: { finishedAt: "desc" }, take: 50 }),
    db.job.findMany({ where: { shop, status: "skipped" }, orderBy: { finishedAt: "desc" }, take: 20 }),
    db.webhookDelivery.findMany({ where: { shop, status: "refused" }, orderBy: { receivedAt: "desc" }, take: 20 }),
  ]);
  const counts = { queued: 0, running: 0, done: 0, skipped: 0, dead: 0 };
  for (const group of groups) {
    if (group.status in counts) counts[group.status as keyof typeof counts] = group._count._all;
  }
  return {
    counts,
    dead: dead.map((job) => ({
      id: job.id,
      type: job.type,
      attempts: job.attempts,
      lastError: job.lastError,
      finishedAt: job.finishedAt?.toISOString() ?? null,
    })),
    skipped: skipped.map((job) => ({
      id: job.id,
      type: job.type,
      reason: job.skipReason ?? "",
      finishedAt: job.finishedAt?.toISOString() ?? null,
    })),
    refusedWebhooks: refused.map((delivery) => ({
      id: delivery.id,
      topic: delivery.topic,
      receivedAt: delivery.receivedAt.toISOString(),
      reason: delivery.refusedReason ?? "",
    })),
  };
}
