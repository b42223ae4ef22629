// Four workers, each with its own database connection, drain 1,000 due emails over real SMTP.
// Some emails have a second send job (as a rescheduled email has), so two workers can hold jobs
// for the same email at the same moment: the compare-and-set claim on the row must still
// send each email exactly once. PostgreSQL only: SQLite serialises writers, so there is no
// concurrency to test there.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { log } from "../../app/lib/log.server";
import { startMailSink, type MailSink } from "../../scripts/mail-sink/server";

const isPostgres = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? "");
const TOTAL = 1000;
const DUPLICATE_EVERY = 7; // every 7th email also has a second job
const BATCH = 10;

describe.skipIf(!isPostgres)("email workers on PostgreSQL", () => {
  type Db = typeof import("../../app/db.server").default;
  let sink: MailSink;
  let db: Db;
  let workers: Db[] = [];
  let closeMailer = () => {};

  beforeAll(async () => {
    sink = await startMailSink();
    process.env.SMTP_URL = sink.smtpUrl; // before anything reads the (cached) configuration
    const dbModule = await import("../../app/db.server");
    db = dbModule.default;
    workers = Array.from({ length: 4 }, () => dbModule.createDb(process.env.DATABASE_URL!));
    const transport = await import("../../app/emails/transport.server");
    closeMailer = () => transport.sharedMailer().close();
  });

  afterAll(async () => {
    closeMailer();
    await Promise.all(workers.map((client) => client.$disconnect()));
    await sink?.close();
  });

  it(`send ${TOTAL.toLocaleString("en")} emails exactly once each`, async () => {
    const { handlers } = await import("../../app/jobs/handlers.server");
    const { runWorker, runDueJobs } = await import("../../app/jobs/worker.server");
    const { EMAIL_SEND_JOB, EMAIL_MAX_ATTEMPTS } = await import("../../app/emails/outbox.server");

    const shop = `workers-${randomUUID().slice(0, 8)}.myshopify.com`;
    const due = new Date(Date.now() - 60_000);
    const ids = Array.from({ length: TOTAL }, (_, i) => ({
      order: `gid://shopify/Order/${900_000 + i}`,
      message: `msg-${randomUUID()}`,
      recipient: `buyer-${i}@example.com`,
    }));
    await db.shop.create({
      data: { domain: shop, name: "Worker Test Store", email: "owner@example.com", storefrontUrl: "https://workers.example" },
    });
    await db.order.createMany({
      data: ids.map((id, i) => ({
        id: id.order,
        shop,
        name: `#${5000 + i}`,
        email: id.recipient,
        customerFirstName: `Buyer ${i}`,
        currencyCode: "USD",
        presentmentCurrencyCode: "USD",
        totalPrice: "20.00",
        presentmentTotalPrice: "20.00",
        subtotalPrice: "15.00",
        financialStatus: "paid",
        lineItems: [
          {
            lineItemId: `gid://shopify/LineItem/${i}`,
            productId: "gid://shopify/Product/1",
            variantId: null,
            title: "Mug",
            quantity: 1,
            price: "15.00",
          },
        ],
        processedAt: new Date(due.getTime() - 3_600_000),
        paidAt: new Date(due.getTime() - 3_600_000),
      })),
    });
    await db.emailMessage.createMany({
      data: ids.map((id, i) => ({
        id: id.message,
        shop,
        orderId: id.order,
        orderName: `#${5000 + i}`,
        flow: "thank_you",
        step: 0,
        idempotencyKey: `${id.order}:thank_you:0`,
        template: "thank_you_first",
        recipient: id.recipient,
        locale: "en",
        scheduledFor: due,
      })),
    });
    const duplicates = ids.filter((_, i) => i % DUPLICATE_EVERY === 0);
    // Workers claim jobs in runAt order, BATCH at a time, and run a batch one job after the
    // other. A duplicate one batch after its first job runs on another worker at about the
    // same moment as the first: the two race for the email.
    const queue = [
      ...ids.map((id, i) => ({ key: 2 * i, messageId: id.message, dedupeKey: `email:${id.message}:a` })),
      ...duplicates.map((id) => ({ key: 2 * (ids.indexOf(id) + BATCH) + 1, messageId: id.message, dedupeKey: `email:${id.message}:b` })),
    ].sort((a, b) => a.key - b.key);
    await db.job.createMany({
      data: queue.map((entry, slot) => ({
        shop,
        type: EMAIL_SEND_JOB,
        payload: { messageId: entry.messageId },
        runAt: new Date(due.getTime() - queue.length + slot),
        dedupeKey: entry.dedupeKey,
        maxAttempts: EMAIL_MAX_ATTEMPTS,
      })),
    });
    expect(await db.job.count({ where: { shop } })).toBe(TOTAL + duplicates.length);

    const started = Date.now();
    const controller = new AbortController();
    const warnings = vi.spyOn(log, "warn");
    const deadline = setTimeout(() => controller.abort(), 45_000); // a guard; it takes about 15 s
    const watcher = (async () => {
      while (!controller.signal.aborted) {
        const [sent, running] = await Promise.all([
          db.emailMessage.count({ where: { shop, status: "sent" } }),
          db.job.count({ where: { shop, status: "running" } }),
        ]);
        if (sent === TOTAL && running === 0) controller.abort();
        else await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    const noAdmin = async () => {
      throw new Error("email jobs do not call Shopify");
    };
    await Promise.all([
      watcher,
      ...workers.map((client, n) =>
        runWorker({
          db: client,
          handlers,
          adminFor: noAdmin,
          workerId: `mail-worker-${n}`,
          batchSize: BATCH,
          pollMs: 20,
          signal: controller.signal,
        }),
      ),
    ]);
    clearTimeout(deadline);
    const elapsed = Date.now() - started;

    // A duplicate job that found its email mid-send by another worker backs off (30 s): run
    // those now, an hour later, as the queue would; they find the email sent and do nothing.
    const later = new Date(Date.now() + 3_600_000);
    while ((await runDueJobs({ db, handlers, adminFor: noAdmin, now: () => later, batchSize: 100 })) > 0);

    expect(sink.messages).toHaveLength(TOTAL);
    const messageIds = sink.messages.map((mail) => mail.headers["message-id"]);
    expect(new Set(messageIds).size).toBe(TOTAL);
    expect(new Set(messageIds)).toEqual(new Set(ids.map((id) => `<${id.message}@localhost>`)));
    expect(new Set(sink.messages.flatMap((mail) => mail.envelopeTo))).toEqual(new Set(ids.map((id) => id.recipient)));

    const rows = await db.emailMessage.groupBy({ by: ["status", "attempts"], where: { shop }, _count: { _all: true } });
    expect(rows).toEqual([{ status: "sent", attempts: 1, _count: { _all: TOTAL } }]);
    expect(await db.emailMessage.count({ where: { shop, smtpMessageId: null } })).toBe(0);
    const jobs = await db.job.groupBy({ by: ["status"], where: { shop }, _count: { _all: true } });
    expect(jobs).toEqual([{ status: "done", _count: { _all: TOTAL + duplicates.length } }]);
    const perWorker = await db.job.groupBy({
      by: ["lockedBy"],
      where: { shop, lockedBy: { startsWith: "mail-worker-" } },
      _count: { _all: true },
    });
    expect(perWorker.length).toBe(4); // every worker took a share
    const midSend = warnings.mock.calls.filter(([fields]) =>
      String((fields as { err?: Error }).err?.message).includes("another worker is sending this email"),
    ).length;
    warnings.mockRestore();
    console.info(`${TOTAL} emails by 4 workers in ${elapsed} ms; ${midSend} duplicate job(s) found their email mid-send and backed off`);
  }, 60_000);
});
