import { describe, expect, it } from "vitest";
import db from "../db.server";
import { PRODUCT_SYNC_LEASE_MS, withProductSyncLease } from "./product-sync-lease.server";
import { newShop } from "./test-fixtures";

const PRODUCT = "gid://shopify/Product/501";
const NOW = new Date("2030-05-01T10:00:00Z");

function lease(shop: string, now = NOW) {
  const reruns: string[] = [];
  const options = {
    db,
    shop,
    productId: PRODUCT,
    now,
    enqueueRerun: async () => {
      reruns.push("rerun");
    },
  };
  return { options, reruns };
}

describe("withProductSyncLease", () => {
  it("runs one sync at a time: another asks the holder for a rerun, which it queues as it lets go", async () => {
    const shop = newShop();
    const holder = lease(shop);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const running = withProductSyncLease(holder.options, async () => {
      await held;
      return { rerun: false };
    });
    await expect.poll(() => db.productSyncLease.count({ where: { shop } })).toBe(1);

    const other = lease(shop);
    let ran = false;
    expect(await withProductSyncLease(other.options, async () => ((ran = true), { rerun: false }))).toBe("deferred");
    expect(ran).toBe(false);

    release();
    expect(await running).toBe("ran");
    expect(holder.reruns).toEqual(["rerun"]);
    expect(await db.productSyncLease.count({ where: { shop } })).toBe(0);
  });

  it("lets go without a rerun when nobody asked, queues one when the work left some, and honours requests even when the work failed", async () => {
    const shop = newShop();
    const quiet = lease(shop);
    expect(await withProductSyncLease(quiet.options, async () => ({ rerun: false }))).toBe("ran");
    expect(quiet.reruns).toEqual([]);

    const partial = lease(shop);
    await withProductSyncLease(partial.options, async () => ({ rerun: true }));
    expect(partial.reruns).toEqual(["rerun"]);

    const failing = lease(shop);
    await expect(
      withProductSyncLease(failing.options, async () => {
        throw new Error("Throttled");
      }),
    ).rejects.toThrow("Throttled");
    // Its job retries: no rerun of its own, and the lease is free.
    expect(failing.reruns).toEqual([]);
    expect(await db.productSyncLease.count({ where: { shop } })).toBe(0);
  });

  it("takes over a lease whose sync died, never a live one", async () => {
    const shop = newShop();
    await db.productSyncLease.create({ data: { shop, productId: PRODUCT, token: "dead-worker", expiresAt: NOW } });
    const next = lease(shop);
    expect(await withProductSyncLease(next.options, async () => ({ rerun: false }))).toBe("ran");

    // A live lease is not taken.
    await db.productSyncLease.create({
      data: { shop, productId: PRODUCT, token: "live", expiresAt: new Date(NOW.getTime() + PRODUCT_SYNC_LEASE_MS) },
    });
    expect(await withProductSyncLease(lease(shop).options, async () => ({ rerun: false }))).toBe("deferred");
    expect(await db.productSyncLease.findFirstOrThrow({ where: { shop } })).toMatchObject({ token: "live", rerun: true });
  });
});
