import { randomUUID } from "node:crypto";
import { describe, expect, expectTypeOf, it } from "vitest";
import db from "../db.server";
import type { AdminClient } from "../shopify/admin.server";
import { enqueue } from "./queue.server";
import { runDueJobs, type JobContext, type JobHandlers } from "./worker.server";

const newShop = () => `shop-${randomUUID().slice(0, 8)}.myshopify.com`;
const noAdmin = async (): Promise<AdminClient> => {
  throw new Error("these jobs do not call Shopify");
};
const row = (id: string) => db.job.findUniqueOrThrow({ where: { id } });

describe("job types", () => {
  it("are checked by the compiler at enqueue and in handlers", async () => {
    const shop = newShop();
    // @ts-expect-error a type no handler knows
    await expect(enqueue(db, { shop, type: "reviews.sync_prodcut", payload: { productId: "gid://shopify/Product/1" } })).rejects.toThrow();
    // @ts-expect-error the payload of another type
    await expect(enqueue(db, { shop, type: "email.send", payload: { productId: "gid://shopify/Product/1" } })).rejects.toThrow(
      "messageId: Required",
    );
    expectTypeOf<JobContext<"email.send">["payload"]>().toEqualTypeOf<{ messageId: string }>();
    expectTypeOf<JobContext<"shipping.sync">["payload"]>().toEqualTypeOf<{ deleteDiscountIds: string[] }>();
    expect(await db.job.count({ where: { shop } })).toBe(0);
  });

  it("ends a job of an unknown type or with an invalid payload dead at once, without running anything", async () => {
    const shop = newShop();
    const now = new Date("2033-01-01T00:00:00Z");
    const unknown = await db.job.create({ data: { shop, type: "reviews.sync_prodcut", payload: {}, runAt: now } });
    const invalid = await db.job.create({ data: { shop, type: "email.send", payload: { messageId: 7 }, runAt: now } });
    let ran = 0;
    await runDueJobs({ db, handlers: { "email.send": async () => void (ran += 1) }, adminFor: noAdmin, now: () => now, batchSize: 100 });
    expect(ran).toBe(0);
    expect(await row(unknown.id)).toMatchObject({ status: "dead", attempts: 1, lastError: 'unknown job type "reviews.sync_prodcut"' });
    expect(await row(invalid.id)).toMatchObject({
      status: "dead",
      attempts: 1,
      lastError: 'invalid payload for "email.send": messageId: Expected string, received number',
    });
  });
});

describe("job timeout", () => {
  /** An Admin API client whose answer takes `ms`, and that records whether its request was aborted. */
  function slowAdmin(ms: number) {
    const requests: { aborted: boolean; answered: boolean }[] = [];
    const admin: AdminClient = {
      graphql: (_query, options) =>
        new Promise((resolve) => {
          const request = { aborted: false, answered: false };
          requests.push(request);
          const timer = setTimeout(() => {
            request.answered = true;
            resolve(Response.json({ data: { shop: { id: "gid://shopify/Shop/1" } } }));
          }, ms);
          options?.signal?.addEventListener("abort", () => {
            request.aborted = true;
            clearTimeout(timer);
          });
        }),
    };
    return { admin, requests };
  }

  it("aborts the handler's signal and its request; nothing is written after the abort", async () => {
    const shop = newShop();
    const now = new Date("2033-02-01T00:00:00Z");
    const job = await enqueue(db, { shop, type: "loyalty.sync_program", payload: {}, runAt: now });
    const { admin, requests } = slowAdmin(5_000);
    let signal: AbortSignal | undefined;
    const handlers: JobHandlers = {
      async "loyalty.sync_program"(ctx) {
        if (ctx.shop !== shop) return; // jobs the file's other tests left
        signal = ctx.signal;
        const client = await ctx.admin();
        await client.graphql("query Slow { shop { id } }");
        await db.shop.create({ data: { domain: shop, name: "written after the answer" } });
      },
    };
    const started = Date.now();
    await runDueJobs({ db, handlers, adminFor: async () => admin, now: () => now, jobTimeoutMs: 100 });

    expect(Date.now() - started).toBeLessThan(2_000);
    expect(signal?.aborted).toBe(true);
    expect(requests).toEqual([{ aborted: true, answered: false }]);
    expect(await db.shop.count({ where: { domain: shop } })).toBe(0);
    expect(await row(job!.id)).toMatchObject({ status: "queued", attempts: 1, lastError: "TimeoutError: job timed out after 100 ms" });
  });

  it("gives the job back to the queue only once the aborted handler has stopped, so its retry never overlaps it", async () => {
    const shop = newShop();
    let clock = new Date("2033-03-01T00:00:00Z");
    const job = await enqueue(db, { shop, type: "loyalty.sync_program", payload: {}, runAt: clock });
    const runs: { start: number; end: number }[] = [];
    const statusWhileStopping: string[] = [];
    const handlers: JobHandlers = {
      async "loyalty.sync_program"({ signal, shop: jobShop }) {
        if (jobShop !== shop) return;
        const run = { start: performance.now(), end: Infinity };
        runs.push(run);
        try {
          if (runs.length > 1) return; // the retry finishes at once
          // The first attempt's I/O notices the abort but takes a moment to wind down.
          await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
          await new Promise((resolve) => setTimeout(resolve, 300));
          statusWhileStopping.push((await row(job!.id)).status);
          signal.throwIfAborted();
        } finally {
          run.end = performance.now();
        }
      },
    };
    await runDueJobs({ db, handlers, adminFor: noAdmin, now: () => clock, jobTimeoutMs: 50 });
    expect(statusWhileStopping).toEqual(["running"]);
    const afterFirst = await row(job!.id);
    expect(afterFirst).toMatchObject({ status: "queued", attempts: 1 });

    clock = afterFirst.runAt;
    await runDueJobs({ db, handlers, adminFor: noAdmin, now: () => clock, jobTimeoutMs: 50 });
    expect(runs).toHaveLength(2);
    expect(runs[1]!.start).toBeGreaterThanOrEqual(runs[0]!.end);
    expect(await row(job!.id)).toMatchObject({ status: "done", attempts: 2 });
  });

  it("leaves a handler that ignores its signal to the lease: no other run starts while it may still be going", async () => {
    const shop = newShop();
    const start = new Date("2033-04-01T00:00:00Z");
    const job = await enqueue(db, { shop, type: "loyalty.sync_program", payload: {}, runAt: start });
    let runs = 0;
    const handlers: JobHandlers = {
      async "loyalty.sync_program"({ shop: jobShop }) {
        if (jobShop !== shop) return;
        runs += 1;
        await new Promise((resolve) => setTimeout(resolve, 500));
      },
    };
    const deps = { db, handlers, adminFor: noAdmin, jobTimeoutMs: 50, abortGraceMs: 50, leaseMs: 60_000 };
    await runDueJobs({ ...deps, now: () => start });
    expect(await row(job!.id)).toMatchObject({ status: "running", attempts: 1 });
    await runDueJobs({ ...deps, now: () => new Date(start.getTime() + 30_000) });
    expect(runs).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 500)); // the abandoned run ends
    await runDueJobs({ ...deps, now: () => new Date(start.getTime() + 60_001) });
    expect(runs).toBe(2);
  });
});

describe("follow-up jobs", () => {
  it("are due when the job that enqueued them was, so one event's steps go ahead of later events", async () => {
    const shop = newShop();
    const eventAt = new Date("2020-01-01T00:00:00Z");
    const later = new Date(eventAt.getTime() + 60_000);
    const now = new Date(eventAt.getTime() + 120_000);
    await enqueue(db, { shop, type: "email.send", payload: { messageId: "first-event" }, runAt: eventAt });
    await enqueue(db, { shop, type: "email.send", payload: { messageId: "later-event" }, runAt: later });
    const ran: string[] = [];
    const handlers: JobHandlers = {
      "email.send": async ({ db, payload }) => {
        ran.push(payload.messageId);
        if (payload.messageId === "first-event")
          await enqueue(db, { shop, type: "email.send", payload: { messageId: "first-event, next step" } });
      },
    };
    for (let pass = 0; pass < 3; pass++) await runDueJobs({ db, handlers, adminFor: noAdmin, now: () => now, batchSize: 1 });
    expect(ran).toEqual(["first-event", "first-event, next step", "later-event"]);
    const followUp = await db.job.findFirstOrThrow({ where: { shop, payload: { equals: { messageId: "first-event, next step" } } } });
    expect(followUp.runAt).toEqual(eventAt);
    // Outside a job, a job without a time of its own is due now.
    const before = Date.now();
    const direct = await enqueue(db, { shop, type: "email.send", payload: { messageId: "direct" } });
    expect((await row(direct!.id)).runAt.getTime()).toBeGreaterThanOrEqual(before - 1);
  });
});
