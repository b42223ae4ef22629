// An email a killed worker left "sending" goes again once the worker's configured lease
// (WORKER_LEASE_MS) has passed, as its job does, not after the default lease's fixed time.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SHOP_DOMAIN } from "../../scripts/simulator/demo-store";
import { startMailSink, type MailSink } from "../../scripts/mail-sink/server";
import { startSimulatedShop, type SimulatedShop } from "../support/simulated-shop";

const SHOP = DEMO_SHOP_DOMAIN;
const LEASE_MS = 4_000;
const MINUTE = 60_000;

let sink: MailSink;
let shop: SimulatedShop | undefined;
let closeMailer = () => {};

beforeAll(async () => {
  // Read once by the app (env() is cached), so set before any app module loads.
  sink = await startMailSink();
  process.env.SMTP_URL = sink.smtpUrl;
  process.env.WORKER_LEASE_MS = String(LEASE_MS);
  shop = await startSimulatedShop({ storefrontUrl: "https://shop.retention.test" });
  const transport = await import("../../app/emails/transport.server");
  closeMailer = () => transport.sharedMailer().close();
});

afterAll(async () => {
  closeMailer();
  await shop?.close();
  await sink?.close();
});

describe("an email left sending by a killed worker", () => {
  it("goes again, once, when the configured lease has passed", async () => {
    const { db, simulator, runJobsAt } = shop!;
    const { customer } = await simulator.actions.createCustomer({
      email: `lease-${randomUUID().slice(0, 8)}@example.com`,
      firstName: "Lea",
      emailMarketingConsent: "SUBSCRIBED",
    });
    const variantId = simulator.state.shops.get(SHOP)!.products[0]!.variants[0]!.id;
    const { order } = await simulator.actions.placeOrder({ customerId: customer.id, lines: [{ variantId, quantity: 1 }] });
    await runJobsAt(new Date());
    const row = await db.emailMessage.findFirstOrThrow({ where: { shop: SHOP, orderId: order.id, flow: "thank_you" } });
    const due = new Date(row.scheduledFor.getTime() + MINUTE);

    // As a worker killed mid-send leaves things: the row claimed, its job running under the dead worker's lease.
    await db.emailMessage.update({ where: { id: row.id }, data: { status: "sending", sendingAt: due, attempts: 1 } });
    const job = await db.job.findFirstOrThrow({ where: { shop: SHOP, type: "email.send", payload: { equals: { messageId: row.id } } } });
    await db.job.update({ where: { id: job.id }, data: { status: "running", lockedBy: "killed-worker", lockedAt: due, attempts: 1 } });

    const { runDueJobs } = await import("../../app/jobs/worker.server");
    const { handlers } = await import("../../app/jobs/handlers.server");
    const { adminFor } = await import("../../app/shopify.server");
    const runAt = (at: Date) => runDueJobs({ db, handlers, adminFor, leaseMs: LEASE_MS, now: () => at });
    const mailsToCustomer = () => sink.messages.filter((mail) => mail.envelopeTo.includes(customer.email!));

    await runAt(new Date(due.getTime() + LEASE_MS / 2)); // the lease still runs: nothing moves
    expect(mailsToCustomer()).toHaveLength(0);
    await runAt(new Date(due.getTime() + LEASE_MS + 1_000)); // a few seconds later, not minutes
    expect(mailsToCustomer()).toHaveLength(1);
    expect(mailsToCustomer()[0]!.headers["message-id"]).toBe(`<${row.id}@localhost>`);
    expect(await db.emailMessage.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: "sent", attempts: 2 });
  });
});
