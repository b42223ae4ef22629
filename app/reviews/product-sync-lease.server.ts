// One sync of a product's reviews to Shopify at a time. A sync recomputes everything from the
// database, but two running at once interleave their Admin API calls: one that read a review
// as published could upsert its metaobject after another, which read it unpublished, deleted it.
// A lease row per product makes them take turns without holding a transaction across Admin API
// calls. A sync asked for while the lease is held is not lost: it marks the lease `rerun`, and
// the holder enqueues one more sync as it lets go, which then reads whatever changed meanwhile.
import { randomUUID } from "node:crypto";
import type { Prisma } from "@prisma/client";
import { isUniqueViolation, type Db } from "../db.server";
import { LEASE_MS } from "../jobs/queue.server";

type Tx = Prisma.TransactionClient;

export interface ProductSyncLeaseOptions {
  db: Db;
  shop: string;
  productId: string;
  now: Date;
  /** Enqueues another sync of the product, in the transaction that releases the lease. */
  enqueueRerun(tx: Tx): Promise<void>;
}

/**
 * The worker's default job lease: a sync (at most METAOBJECT_WRITES_PER_SYNC Admin API writes) ends
 * long before, and is aborted at its job's timeout (half of it) anyway; one whose worker died is taken over after it.
 */
export const PRODUCT_SYNC_LEASE_MS = LEASE_MS;

/** Tries to take the lease; taking over an expired one (its worker died) is taking it. */
async function acquire(db: Db, shop: string, productId: string, token: string, now: Date): Promise<boolean> {
  const expiresAt = new Date(now.getTime() + PRODUCT_SYNC_LEASE_MS);
  const { count } = await db.productSyncLease.updateMany({
    where: { shop, productId, expiresAt: { lte: now } },
    data: { token, expiresAt, rerun: false },
  });
  if (count === 1) return true;
  try {
    await db.productSyncLease.create({ data: { shop, productId, token, expiresAt } });
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

/**
 * Runs `work` holding the product's lease, or, when another sync holds it, asks that one for a
 * rerun and returns "deferred". `work` answers whether it left work for another sync (it writes
 * in bounded batches).
 */
export async function withProductSyncLease(
  { db, shop, productId, now, enqueueRerun }: ProductSyncLeaseOptions,
  work: () => Promise<{ rerun: boolean }>,
): Promise<"ran" | "deferred"> {
  const token = randomUUID();
  // A lease released or expired between the two steps is simply tried again.
  for (let attempt = 0; ; attempt += 1) {
    if (await acquire(db, shop, productId, token, now)) break;
    const { count } = await db.productSyncLease.updateMany({
      where: { shop, productId, expiresAt: { gt: now } },
      data: { rerun: true },
    });
    if (count === 1) return "deferred";
    if (attempt === 2) throw new Error(`the sync lease of ${productId} changed hands three times; retrying later`);
  }
  // A failed run asks for none: its job retries (requests from other syncs are still honoured).
  let rerun = false;
  try {
    ({ rerun } = await work());
  } finally {
    await db.$transaction(async (tx) => {
      // Deleted only if nobody asked for a rerun; a request arriving after this finds no lease and takes it.
      if (!rerun && (await tx.productSyncLease.deleteMany({ where: { shop, productId, token, rerun: false } })).count === 1) return;
      // Ours, with a rerun requested; not ours any more when it expired and was taken (its taker syncs).
      if ((await tx.productSyncLease.deleteMany({ where: { shop, productId, token } })).count === 1) await enqueueRerun(tx);
    });
  }
  return "ran";
}
