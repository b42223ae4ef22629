// The intake's one write, on the test run's database (SQLite, and PostgreSQL in test:pg):
// deliveries recorded once however they race, as jobs the queue claims and the job's schema reads.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import db from "../db.server";
import { claimJobs } from "../jobs/queue.server";
import { parseJobPayload } from "../jobs/payloads.server";
import type { VerifiedWebhook } from "../security/webhook-request.server";
import { recordDelivery, RETRY_WINDOW_ATTEMPTS, WEBHOOK_ACCEPT_JOB } from "./intake.server";

const newShop = () => `intake-${randomUUID().slice(0, 8)}.myshopify.com`;

function delivery(shop: string, body: Record<string, unknown>, rawBody = JSON.stringify(body)): VerifiedWebhook {
  return {
    shop,
    topic: "orders/paid",
    webhookId: randomUUID(),
    eventId: randomUUID(),
    triggeredAt: "2026-12-06T10:00:00.000Z",
    rawBody,
    payload: body,
  };
}

describe("recordDelivery", () => {
  it("records each delivery once when its copies race, in shared writes, and answers each copy", async () => {
    const shop = newShop();
    const deliveries = Array.from({ length: 150 }, (_, n) => delivery(shop, { id: n, name: `#${1000 + n}` }));
    // Every delivery 3 times at once: more than one write's worth, copies in the same write and in later ones.
    const outcomes = await Promise.all([...deliveries, ...deliveries, ...deliveries].map((sent) => recordDelivery(db, sent)));
    expect(outcomes.filter((outcome) => outcome === "received")).toHaveLength(150);
    expect(outcomes.filter((outcome) => outcome === "duplicate")).toHaveLength(300);
    const jobs = await db.job.findMany({ where: { shop } });
    expect(jobs).toHaveLength(150);
    expect(new Set(jobs.map((job) => job.dedupeKey))).toEqual(new Set(deliveries.map((sent) => `webhook:${sent.webhookId}`)));
    // Shopify's retry, later: still the one row.
    expect(await recordDelivery(db, deliveries[0]!)).toBe("duplicate");
    expect(await db.job.count({ where: { shop } })).toBe(150);
  });

  it("writes a job the queue claims when due and the job's schema reads, the body as sent", async () => {
    const shop = newShop();
    const body = { id: 7, note: 'Ζεστό σαπούνι "δώρο"', line_items: [{ title: "Olive soap", quantity: 2 }] };
    const sent = delivery(shop, body);
    const before = new Date(Date.now() - 1000);
    expect(await recordDelivery(db, sent)).toBe("received");
    const job = await db.job.findFirstOrThrow({ where: { shop } });
    expect(job).toMatchObject({ type: WEBHOOK_ACCEPT_JOB, status: "queued", attempts: 0, maxAttempts: RETRY_WINDOW_ATTEMPTS });
    expect(parseJobPayload(WEBHOOK_ACCEPT_JOB, job.payload)).toEqual({
      topic: sent.topic,
      webhookId: sent.webhookId,
      eventId: sent.eventId,
      triggeredAt: sent.triggeredAt,
      body,
    });
    // Its times are stored as Prisma stores them: the queue compares them with its own clock.
    expect((await claimJobs(db, "intake-test", 1000, before)).some((claimed) => claimed.shop === shop)).toBe(false);
    const claimed = (await claimJobs(db, "intake-test", 1000, new Date(Date.now() + 1000))).filter((row) => row.shop === shop);
    expect(claimed.map((row) => row.id)).toEqual([job.id]);
  });

  it("stores a body holding characters PostgreSQL refuses in JSON (U+0000, a broken surrogate) without them", async () => {
    const shop = newShop();
    const rawBody = '{"id":8,"note":"a\\u0000b","name":"c\\ud800d","title":"caf\\u00e9"}';
    expect(await recordDelivery(db, delivery(shop, JSON.parse(rawBody) as Record<string, unknown>, rawBody))).toBe("received");
    const job = await db.job.findFirstOrThrow({ where: { shop } });
    expect(parseJobPayload(WEBHOOK_ACCEPT_JOB, job.payload).body).toEqual({ id: 8, note: "ab", name: "cd", title: "café" });
  });
});
