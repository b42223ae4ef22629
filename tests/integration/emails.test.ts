// Post-purchase emails end to end: the simulator places, ships, delivers, refunds and cancels
// orders and delivers signed webhooks to the app's webhook route; the job worker runs at
// simulated times; emails go over SMTP to a real server (the mail sink) on loopback.
// Each test uses a new customer and counts only the mail addressed to them, so email jobs
// left over from earlier tests (due later in simulated time) cannot disturb its counts.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Simulator } from "../../scripts/simulator/server";
import { DEMO_SHOP_DOMAIN } from "../../scripts/simulator/demo-store";
import { markDelivered } from "../../scripts/simulator/store-actions";
import { fulfillmentEventPayload, orderPayload } from "../../scripts/simulator/webhook-payloads";
import { isoTimestamp } from "../../scripts/simulator/common";
import type { Customer, Order as SimOrder, ShopState } from "../../scripts/simulator/state";
import { startMailSink, type CapturedMail, type MailSink } from "../../scripts/mail-sink/server";
import { serveRoute } from "../support/route-server";
import { startSimulatedShop, type SimulatedShop } from "../support/simulated-shop";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy";
import { jobsMentioning } from "../support/job-payloads";
import { readClickToken } from "../../app/emails/tracking";

/** The email settings form as the admin posts it, every flow on. */
const SETTINGS_FORM = {
  thankYouEnabled: "on",
  thankYouDelayMinutes: "60",
  thankYouSurvey: "on",
  reviewRequestEnabled: "on",
  reviewRequestTrigger: "delivery",
  reviewRequestDelayDays: "7",
  reviewRequestFallbackDays: "14",
  reviewReminders: "1",
  reviewReminderIntervalDays: "5",
};

const SHOP = DEMO_SHOP_DOMAIN;
const SECRET = process.env.SHOPIFY_API_SECRET!;
const STOREFRONT = "https://shop.retention.test";
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

type Db = typeof import("../../app/db.server").default;
let db: Db;
let shop: SimulatedShop | undefined;
let simulator: Simulator;
let unsubscribeRoute: Awaited<ReturnType<typeof serveRoute>>;
let sink: MailSink;
/** The app's SMTP_URL points here; stopping it is the SMTP server going down. */
let smtp: TcpProxy;
/** Every recipient the SMTP server was asked to accept (RCPT TO), including refused ones. */
const rcptAttempts: string[] = [];
let runJobsAt: (at: Date) => Promise<number>;
let app: {
  planOrderEmails: typeof import("../../app/emails/outbox.server").planOrderEmails;
  readSurveyToken: typeof import("../../app/emails/email-links").readSurveyToken;
  verifyReviewToken: typeof import("../../app/reviews/review-links").verifyReviewToken;
  submitReview: typeof import("../../app/reviews/submit-review.server").submitReview;
  saveTemplate: typeof import("../../app/emails/templates.server").saveTemplate;
  saveEmailSettings: typeof import("../../app/emails/email-settings.server").saveEmailSettings;
  EmailSettingsInput: typeof import("../../app/emails/email-settings-form").EmailSettingsInput;
  closeMailer: () => void;
};

beforeAll(async () => {
  // The app reads SMTP_URL once (env() is cached), so it is set before any app module loads.
  // It points at a forwarder to the sink, which the outage test stops and starts again.
  sink = await startMailSink({
    rejectRecipient: (address) => {
      rcptAttempts.push(address);
      return address.toLowerCase().startsWith("bounce@"); // the sink's default: no such mailbox
    },
  });
  smtp = await startTcpProxy({ host: "127.0.0.1", port: sink.smtpPort });
  process.env.SMTP_URL = `smtp://127.0.0.1:${smtp.port}`;

  unsubscribeRoute = await serveRoute(async (args) => {
    const route = await import("../../app/routes/email.unsubscribe");
    return args.request.method === "GET" ? route.loader(args as never) : route.action(args as never);
  });
  shop = await startSimulatedShop({ storefrontUrl: STOREFRONT });
  ({ db, simulator, runJobsAt } = shop);
  const outbox = await import("../../app/emails/outbox.server");
  const transport = await import("../../app/emails/transport.server");
  app = {
    planOrderEmails: outbox.planOrderEmails,
    readSurveyToken: (await import("../../app/emails/email-links")).readSurveyToken,
    verifyReviewToken: (await import("../../app/reviews/review-links")).verifyReviewToken,
    submitReview: (await import("../../app/reviews/submit-review.server")).submitReview,
    saveTemplate: (await import("../../app/emails/templates.server")).saveTemplate,
    saveEmailSettings: (await import("../../app/emails/email-settings.server")).saveEmailSettings,
    EmailSettingsInput: (await import("../../app/emails/email-settings-form")).EmailSettingsInput,
    closeMailer: () => transport.sharedMailer().close(),
  };
  expect(await db.shop.findUniqueOrThrow({ where: { domain: SHOP } })).toMatchObject({
    name: "Demo Retention Store",
    storefrontUrl: STOREFRONT,
    ianaTimezone: "Europe/Athens",
  });
});

afterAll(async () => {
  app?.closeMailer();
  await smtp?.close();
  await sink?.close();
  await shop?.close();
  await unsubscribeRoute?.close();
});

// ---------------------------------------------------------------- helpers

const shopState = (): ShopState => simulator.state.shops.get(SHOP)!;
const product = (n: number) => shopState().products[n]!;
const simOrder = (id: string): SimOrder => shopState().orders.find((order) => order.id === id)!;
const plus = (at: Date, ms: number) => new Date(at.getTime() + ms);

async function newCustomer(input: { firstName?: string; locale?: string; email?: string } = {}): Promise<Customer> {
  const { customer } = await simulator.actions.createCustomer({
    email: input.email ?? `buyer-${randomUUID().slice(0, 8)}@example.com`,
    firstName: input.firstName ?? "Alex",
    lastName: "Tester",
    locale: input.locale ?? "en",
    emailMarketingConsent: "SUBSCRIBED",
  });
  return customer;
}

/** Places and pays an order and runs its orders/paid job; the order was paid when Shopify processed it. */
async function placePaidOrder(customer: Customer, productIndexes: number[] = [0], presentmentCurrency?: string) {
  const { order, webhook } = await simulator.actions.placeOrder({
    customerId: customer.id,
    lines: productIndexes.map((n) => ({ variantId: product(n).variants[0]!.id, quantity: 1 })),
    presentmentCurrency,
  });
  expect(webhook.status).toBe(200);
  const paidAt = new Date(order.processedAt);
  await runJobsAt(new Date());
  return { order, paidAt, webhook };
}

/** Fulfils the order in the simulator and runs the orders/fulfilled job; the order was fulfilled when its fulfillment was created. */
async function fulfil(orderId: string) {
  const { webhook, fulfillment } = await simulator.actions.fulfilOrder({ orderId });
  expect(webhook.status).toBe(200);
  const fulfilledAt = new Date(fulfillment.createdAt);
  await runJobsAt(new Date());
  return { fulfilledAt, webhook };
}

/** The carrier reports delivery at `deliveredAt` (default: now); the event job runs then. */
async function deliver(orderId: string, deliveredAt?: Date) {
  const order = simOrder(orderId);
  const fulfillment = markDelivered(order, isoTimestamp(deliveredAt ?? new Date()));
  const webhook = await simulator.webhooks.send({
    shop: SHOP,
    topic: "fulfillment_events/create",
    payload: fulfillmentEventPayload(shopState(), order, fulfillment),
  });
  expect(webhook.status).toBe(200);
  const at = new Date(Date.parse(fulfillment.deliveredAt!));
  await runJobsAt(new Date(Math.max(at.getTime(), Date.now())));
  return { deliveredAt: at, webhook };
}

const mailsTo = (address: string): CapturedMail[] => sink.messages.filter((mail) => mail.envelopeTo.includes(address));
const emailRows = (orderId: string) =>
  db.emailMessage.findMany({ where: { shop: SHOP, orderId }, orderBy: [{ flow: "asc" }, { step: "asc" }] });
const emailRow = (orderId: string, flow: "thank_you" | "review_request", step = 0) =>
  db.emailMessage.findFirstOrThrow({ where: { shop: SHOP, orderId, flow, step } });

/** Every href of the mail's HTML, entity-decoded; a tracked link (open and click tracking is on by default) as the URL signed into it. */
const hrefs = (mail: CapturedMail) =>
  [...(mail.html ?? "").matchAll(/href="([^"]+)"/g)].map((match) => {
    const href = match[1]!.replace(/&amp;/g, "&");
    const tracked = href.includes("/email/click?t=") ? readClickToken(new URL(href).searchParams.get("t")!, SECRET) : null;
    return tracked?.target ?? href;
  });
/** The review page's link (each product's link and star links add product and rating to it). */
const reviewLink = (mail: CapturedMail) => {
  const links = [...new Set(hrefs(mail).filter((href) => href.startsWith(`${STOREFRONT}/apps/retention/review?`)))].map(
    (href) => new URL(href),
  );
  expect(new Set(links.map((url) => url.searchParams.get("token"))).size).toBe(1);
  const page = links.filter((url) => !url.searchParams.has("product"));
  expect(page).toHaveLength(1);
  return page[0]!;
};

// ---------------------------------------------------------------- thank-you

describe("thank-you email", () => {
  it("arrives only after the configured delay, from the first-order template; a second order gets the returning-customer one", async () => {
    const buyer = await newCustomer({ firstName: "Alex" });
    const { order, paidAt } = await placePaidOrder(buyer, [0, 1]);

    const row = await emailRow(order.id, "thank_you");
    expect(row).toMatchObject({ status: "scheduled", template: "thank_you_first", recipient: buyer.email, locale: "en", attempts: 0 });
    expect(row.scheduledFor.toISOString()).toBe(plus(paidAt, 60 * MINUTE).toISOString());
    // Not shipped yet: no review request is planned.
    expect((await emailRows(order.id)).map((r) => r.flow)).toEqual(["thank_you"]);

    await runJobsAt(plus(paidAt, 59 * MINUTE));
    expect(mailsTo(buyer.email)).toHaveLength(0);
    expect((await emailRow(order.id, "thank_you")).status).toBe("scheduled");

    const sentAt = plus(paidAt, 61 * MINUTE);
    await runJobsAt(sentAt);
    const mails = mailsTo(buyer.email);
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail.subject).toBe("Thank you for your first order, Alex!");
    expect(mail.from).toBe('"Demo Retention Store" <notifications@example.com>');
    expect(mail.headers["reply-to"]).toBe("owner@demo-retention.example.com");
    expect(mail.headers["message-id"]).toBe(`<${row.id}@localhost>`);
    expect(mail.html).toContain(order.name);
    expect(mail.text).toContain("Hi Alex,");

    // RFC 8058 one-click unsubscribe.
    expect(mail.headers["list-unsubscribe"]).toMatch(/^<http:\/\/localhost:3000\/email\/unsubscribe\?token=[\w-]+\.[\w-]{43}>$/);
    expect(mail.headers["list-unsubscribe-post"]).toBe("List-Unsubscribe=One-Click");

    // The satisfaction question: five links, each a signed token naming this email.
    const survey = hrefs(mail).filter((href) => href.startsWith("http://localhost:3000/email/survey?"));
    expect(survey.map((href) => new URL(href).searchParams.get("score"))).toEqual(["1", "2", "3", "4", "5"]);
    for (const href of survey) {
      expect(app.readSurveyToken(new URL(href).searchParams.get("token")!, SECRET)).toEqual({
        shop: SHOP,
        messageId: row.id,
        locale: "en",
      });
      expect(mail.text).toContain(href);
    }

    expect(await emailRow(order.id, "thank_you")).toMatchObject({
      status: "sent",
      attempts: 1,
      sentAt: sentAt,
      subject: "Thank you for your first order, Alex!",
      smtpMessageId: `<${row.id}@localhost>`,
      statusReason: null,
    });

    // Shopify's processed_at has whole seconds: the second order must be a later second.
    await new Promise((resolve) => setTimeout(resolve, 1001 - (Date.now() % 1000)));
    const second = await placePaidOrder(buyer, [2]);
    expect((await emailRow(second.order.id, "thank_you")).template).toBe("thank_you_returning");
    await runJobsAt(plus(second.paidAt, 61 * MINUTE));
    expect(mailsTo(buyer.email).map((m) => m.subject)).toEqual(["Thank you for your first order, Alex!", "Thanks for coming back, Alex!"]);
  });

  it("is in Greek for a customer who shops in Greek", async () => {
    const buyer = await newCustomer({ firstName: "Μαρία", locale: "el" });
    const { order, paidAt } = await placePaidOrder(buyer, [3], "EUR");
    expect(await emailRow(order.id, "thank_you")).toMatchObject({ locale: "el", template: "thank_you_first" });

    await runJobsAt(plus(paidAt, 61 * MINUTE));
    const mails = mailsTo(buyer.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe("Ευχαριστούμε για την πρώτη σας παραγγελία!");
    expect(mails[0]!.html).toContain('<html lang="el">');
    expect(mails[0]!.text).toContain("Γεια σας Μαρία,");
    expect(mails[0]!.text).toContain("Πώς ήταν η εμπειρία σας;");
    expect(mails[0]!.html).toMatch(/\d+,\d{2}\u00a0€/); // the EUR total, Greek style
    const survey = hrefs(mails[0]!).filter((href) => href.includes("/email/survey?"));
    expect(survey).toHaveLength(5);
    expect(app.readSurveyToken(new URL(survey[0]!).searchParams.get("token")!, SECRET)).toMatchObject({ locale: "el" });
  });
});

// ---------------------------------------------------------------- review requests

describe("review request", () => {
  it("goes N days after delivery, lists the order's products, and links to the storefront with a token for this order", async () => {
    const buyer = await newCustomer();
    const { order } = await placePaidOrder(buyer, [0, 4]);
    await fulfil(order.id);
    const { deliveredAt } = await deliver(order.id);
    expect((await db.order.findUniqueOrThrow({ where: { id: order.id } })).deliveredAt).toEqual(deliveredAt);

    const row = await emailRow(order.id, "review_request");
    expect(row).toMatchObject({ status: "scheduled", template: "review_request", step: 0, recipient: buyer.email });
    expect(row.scheduledFor.toISOString()).toBe(plus(deliveredAt, 7 * DAY).toISOString());

    const isReviewMail = (mail: CapturedMail) => mail.subject === `How are you finding your order ${order.name}?`;
    await runJobsAt(plus(deliveredAt, 7 * DAY - MINUTE));
    expect(mailsTo(buyer.email).map((m) => m.subject)).toEqual(["Thank you for your first order, Alex!"]);

    const sentAt = plus(deliveredAt, 7 * DAY + MINUTE);
    await runJobsAt(sentAt);
    const reviewMails = mailsTo(buyer.email).filter(isReviewMail);
    expect(reviewMails).toHaveLength(1);
    const mail = reviewMails[0]!;
    expect(mail.html).toContain(`>${product(0).title}</a>`);
    expect(mail.html).toContain(`>${product(4).title}</a>`);
    expect(mail.html).not.toContain(product(1).title);

    const link = reviewLink(mail);
    expect(link.searchParams.get("locale")).toBe("en");
    const token = link.searchParams.get("token")!;
    expect(mail.text).toContain(link.toString());
    const verified = app.verifyReviewToken(token, { shop: SHOP, secret: SECRET, now: sentAt });
    expect(verified).toEqual({
      ok: true,
      claims: {
        shop: SHOP,
        orderId: order.id,
        productIds: [product(0).id, product(4).id],
        expiresAt: new Date(Math.floor(sentAt.getTime() / 1000 + 90 * 86_400) * 1000),
      },
    });
    expect(app.verifyReviewToken(token, { shop: "other.myshopify.com", secret: SECRET, now: sentAt })).toEqual({
      ok: false,
      reason: "wrong_shop",
    });

    expect(await emailRow(order.id, "review_request")).toMatchObject({ status: "sent", attempts: 1, sentAt });
    // The reminder is planned from the moment the request went.
    const reminder = await emailRow(order.id, "review_request", 1);
    expect(reminder).toMatchObject({ status: "scheduled", template: "review_reminder" });
    expect(reminder.scheduledFor.toISOString()).toBe(plus(sentAt, 5 * DAY).toISOString());
  });

  it("without a delivery event goes M days after fulfilment", async () => {
    const buyer = await newCustomer();
    const { order } = await placePaidOrder(buyer, [2]);
    const { fulfilledAt } = await fulfil(order.id);
    const row = await emailRow(order.id, "review_request");
    expect(row.scheduledFor.toISOString()).toBe(plus(fulfilledAt, 14 * DAY).toISOString());

    await runJobsAt(plus(fulfilledAt, 14 * DAY - MINUTE));
    expect(mailsTo(buyer.email).filter((m) => m.subject.startsWith("How are you finding"))).toHaveLength(0);
    await runJobsAt(plus(fulfilledAt, 14 * DAY + MINUTE));
    expect(mailsTo(buyer.email).map((m) => m.subject)).toEqual([
      "Thank you for your first order, Alex!",
      `How are you finding your order ${order.name}?`,
    ]);
    expect((await emailRow(order.id, "review_request")).status).toBe("sent");
  });

  it("moves to delivery + N days when delivery is reported after the fallback was planned, and goes once", async () => {
    const buyer = await newCustomer();
    const { order } = await placePaidOrder(buyer, [5]);
    const { fulfilledAt } = await fulfil(order.id);
    const row = await emailRow(order.id, "review_request");
    expect(row.scheduledFor.toISOString()).toBe(plus(fulfilledAt, 14 * DAY).toISOString());

    // The carrier reports delivery two days after shipping.
    const { deliveredAt } = await deliver(order.id, plus(fulfilledAt, 2 * DAY));
    const moved = await emailRow(order.id, "review_request");
    expect(moved.id).toBe(row.id);
    expect(moved.scheduledFor.toISOString()).toBe(plus(deliveredAt, 7 * DAY).toISOString());
    const jobs = await db.job.findMany({
      where: { shop: SHOP, type: "email.send", payload: { equals: { messageId: row.id } } },
      orderBy: { runAt: "asc" },
    });
    expect(jobs.map((job) => job.runAt.toISOString())).toEqual([
      plus(deliveredAt, 7 * DAY).toISOString(),
      plus(fulfilledAt, 14 * DAY).toISOString(),
    ]);

    await runJobsAt(plus(deliveredAt, 7 * DAY + MINUTE));
    await runJobsAt(plus(fulfilledAt, 14 * DAY + MINUTE)); // the fallback's job finds the email sent
    expect(mailsTo(buyer.email).filter((m) => m.subject.startsWith("How are you finding"))).toHaveLength(1);
    expect(await emailRow(order.id, "review_request")).toMatchObject({
      status: "sent",
      attempts: 1,
      sentAt: plus(deliveredAt, 7 * DAY + MINUTE),
    });
  });
});

// ---------------------------------------------------------------- reminders

describe("review reminders", () => {
  /** An order delivered now whose review request has just gone; returns when it went. */
  async function requested(buyer: Customer, productIndexes: number[]) {
    const { order } = await placePaidOrder(buyer, productIndexes);
    await fulfil(order.id);
    const { deliveredAt } = await deliver(order.id);
    const requestedAt = plus(deliveredAt, 7 * DAY + MINUTE);
    await runJobsAt(requestedAt);
    const request = mailsTo(buyer.email).filter((m) => m.subject === `How are you finding your order ${order.name}?`);
    expect(request).toHaveLength(1);
    return { order, requestedAt, token: reviewLink(request[0]!).searchParams.get("token")! };
  }

  async function reviewFromEmail(token: string, productId: string, now: Date) {
    const verified = app.verifyReviewToken(token, { shop: SHOP, secret: SECRET, now });
    if (!verified.ok) throw new Error(`review link rejected: ${verified.reason}`);
    const result = await app.submitReview(
      db,
      { rating: 5, body: "Exactly as described, lovely quality.", authorName: "Alex T.", productId },
      {
        shop: SHOP,
        via: { kind: "review_link", claims: verified.claims },
        ipHash: `ip-${randomUUID()}`,
        now,
        productExists: async () => expect.fail("not asked: the review link's order proves the product"),
      },
    );
    expect(result).toMatchObject({ ok: true, review: { productId, verified: true } });
  }

  it("one reminder after the interval, asking only about products not yet reviewed; no more than configured", async () => {
    const buyer = await newCustomer();
    const { order, requestedAt, token } = await requested(buyer, [6, 7]);
    await reviewFromEmail(token, product(6).id, plus(requestedAt, DAY));

    const reminderSubject = `A quick reminder: review your order ${order.name}`;
    await runJobsAt(plus(requestedAt, 5 * DAY - MINUTE));
    expect(mailsTo(buyer.email).filter((m) => m.subject === reminderSubject)).toHaveLength(0);
    const remindedAt = plus(requestedAt, 5 * DAY + MINUTE);
    await runJobsAt(remindedAt);
    const reminders = mailsTo(buyer.email).filter((m) => m.subject === reminderSubject);
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.html).toContain(`>${product(7).title}</a>`);
    expect(reminders[0]!.html).not.toContain(product(6).title);
    const verified = app.verifyReviewToken(reviewLink(reminders[0]!).searchParams.get("token")!, {
      shop: SHOP,
      secret: SECRET,
      now: remindedAt,
    });
    expect(verified.ok && verified.claims.productIds).toEqual([product(7).id]);
    expect(await emailRow(order.id, "review_request", 1)).toMatchObject({ status: "sent", template: "review_reminder", attempts: 1 });

    // The default is one reminder: nothing more, however long we wait.
    await runJobsAt(plus(requestedAt, 60 * DAY));
    expect(mailsTo(buyer.email)).toHaveLength(3); // thank-you, request, reminder
    expect((await emailRows(order.id)).map((r) => `${r.flow}:${r.step}:${r.status}`)).toEqual([
      "review_request:0:sent",
      "review_request:1:sent",
      "thank_you:0:sent",
    ]);
  });

  it("stop once the buyer reviewed everything: the reminder is skipped", async () => {
    const buyer = await newCustomer();
    const { order, requestedAt, token } = await requested(buyer, [1]);
    await reviewFromEmail(token, product(1).id, plus(requestedAt, 2 * DAY));
    // At once, not when the reminder falls due: the send log never shows it "Scheduled" after the review.
    expect(await emailRow(order.id, "review_request", 1)).toMatchObject({
      status: "skipped",
      statusReason: "Every product is reviewed or refunded",
    });

    await runJobsAt(plus(requestedAt, 5 * DAY + MINUTE));
    expect(await emailRow(order.id, "review_request", 1)).toMatchObject({
      status: "skipped",
      statusReason: "Every product is reviewed or refunded",
      attempts: 0,
      sentAt: null,
    });
    expect(mailsTo(buyer.email).map((m) => m.subject)).toEqual([
      "Thank you for your first order, Alex!",
      `How are you finding your order ${order.name}?`,
    ]);
  });
});

// ---------------------------------------------------------------- refunds and cancellations

describe("refunds and cancellations", () => {
  it("a full refund before the send time cancels the pending thank-you and review request", async () => {
    const buyer = await newCustomer();
    const { order, paidAt } = await placePaidOrder(buyer, [0, 2]);
    await fulfil(order.id);
    await deliver(order.id);
    expect((await emailRows(order.id)).map((r) => `${r.flow}:${r.status}`)).toEqual(["review_request:scheduled", "thank_you:scheduled"]);

    const { webhook } = await simulator.actions.refundOrder({ orderId: order.id });
    expect(webhook.status).toBe(200);
    await runJobsAt(plus(paidAt, 10 * MINUTE));
    for (const row of await emailRows(order.id))
      expect(row).toMatchObject({ status: "cancelled", statusReason: "Order refunded", attempts: 0 });

    await runJobsAt(plus(paidAt, 30 * DAY));
    expect(mailsTo(buyer.email)).toHaveLength(0);
    expect((await emailRows(order.id)).map((r) => `${r.flow}:${r.status}`)).toEqual(["review_request:cancelled", "thank_you:cancelled"]);
  });

  it("a partial refund of one product keeps the emails and stops asking about that product", async () => {
    const buyer = await newCustomer();
    const { order } = await placePaidOrder(buyer, [3, 5]);
    await fulfil(order.id);
    const { deliveredAt } = await deliver(order.id);
    const refundedLine = simOrder(order.id).lineItems.find((line) => line.productId === product(3).id)!;
    await simulator.actions.refundOrder({ orderId: order.id, lines: [{ lineItemId: refundedLine.id, quantity: 1 }] });
    await runJobsAt(new Date());

    await runJobsAt(plus(deliveredAt, 7 * DAY + MINUTE));
    const request = mailsTo(buyer.email).filter((m) => m.subject.startsWith("How are you finding"));
    expect(request).toHaveLength(1);
    expect(request[0]!.html).toContain(`>${product(5).title}</a>`);
    expect(request[0]!.html).not.toContain(product(3).title);
  });

  it("a cancelled order gets no review request, even when a late orders/fulfilled arrives after the cancellation", async () => {
    const buyer = await newCustomer();
    const { order, paidAt } = await placePaidOrder(buyer, [4]);
    // What Shopify sent for the order while it was still live and being fulfilled, delivered late.
    const stale = structuredClone(simOrder(order.id));
    stale.fulfillmentStatus = "FULFILLED";
    stale.fulfillments.push({ id: "gid://shopify/Fulfillment/999999", createdAt: isoTimestamp(), deliveredAt: null });
    const staleFulfilled = orderPayload(shopState(), stale);

    await simulator.actions.cancelOrder({ orderId: order.id });
    await runJobsAt(new Date());
    expect(await emailRow(order.id, "thank_you")).toMatchObject({ status: "cancelled", statusReason: "Order cancelled" });

    const late = await simulator.webhooks.send({ shop: SHOP, topic: "orders/fulfilled", payload: staleFulfilled });
    expect(late.status).toBe(200);
    await runJobsAt(new Date());
    const row = await db.order.findUniqueOrThrow({ where: { id: order.id } });
    expect(row.cancelledAt).not.toBeNull();
    expect(row.fulfilledAt).not.toBeNull();
    expect((await emailRows(order.id)).map((r) => `${r.flow}:${r.status}`)).toEqual(["thank_you:cancelled"]);

    await runJobsAt(plus(paidAt, 30 * DAY));
    expect(mailsTo(buyer.email)).toHaveLength(0);
    expect((await emailRows(order.id)).map((r) => `${r.flow}:${r.status}`)).toEqual(["thank_you:cancelled"]);
  });
});

// ---------------------------------------------------------------- delivery problems

describe("delivery problems", () => {
  it("retries with backoff while the SMTP server is down and delivers every email exactly once when it is back", async () => {
    const buyers = await Promise.all([1, 2, 3].map(() => newCustomer()));
    const orders: SimOrder[] = [];
    for (const buyer of buyers) orders.push((await placePaidOrder(buyer, [0])).order);
    const start = new Date();
    const rows = async () => Promise.all(orders.map((order) => emailRow(order.id, "thank_you")));
    const jobsOf = async () =>
      Promise.all(
        (await rows()).map((row) =>
          db.job.findFirstOrThrow({ where: { shop: SHOP, type: "email.send", payload: { equals: { messageId: row.id } } } }),
        ),
      );

    await smtp.stop();
    const firstTry = plus(start, 61 * MINUTE);
    await runJobsAt(firstTry);
    for (const row of await rows()) {
      expect(row.status).toBe("scheduled");
      expect(row.statusReason).toBe(`Retrying: connect ECONNREFUSED 127.0.0.1:${smtp.port}`);
      expect(row.attempts).toBe(1);
      expect(row.sendingAt).toBeNull();
    }
    for (const job of await jobsOf()) {
      expect(job).toMatchObject({ status: "queued", attempts: 1 });
      expect(job.runAt.toISOString()).toBe(plus(firstTry, 30_000).toISOString());
    }

    // Backing off: not yet.
    await runJobsAt(plus(firstTry, 29_000));
    for (const job of await jobsOf()) expect(job.attempts).toBe(1);
    // Still down at the second try.
    const secondTry = plus(firstTry, 31_000);
    await runJobsAt(secondTry);
    for (const job of await jobsOf()) {
      expect(job).toMatchObject({ status: "queued", attempts: 2 });
      expect(job.runAt.toISOString()).toBe(plus(secondTry, 60_000).toISOString());
    }

    await smtp.start();
    await runJobsAt(plus(secondTry, 59_000));
    expect(buyers.flatMap((buyer) => mailsTo(buyer.email))).toHaveLength(0);
    await runJobsAt(plus(secondTry, 61_000));
    await runJobsAt(plus(secondTry, 2 * DAY)); // anything else due changes nothing

    const delivered = buyers.flatMap((buyer) => mailsTo(buyer.email));
    expect(delivered).toHaveLength(3);
    for (const buyer of buyers) expect(mailsTo(buyer.email)).toHaveLength(1);
    const finalRows = await rows();
    expect(new Set(delivered.map((mail) => mail.headers["message-id"]))).toEqual(new Set(finalRows.map((row) => `<${row.id}@localhost>`)));
    for (const row of finalRows) expect(row).toMatchObject({ status: "sent", attempts: 3, statusReason: null });
    for (const job of await jobsOf()) expect(job).toMatchObject({ status: "done", attempts: 3 });
  });

  it("a hard bounce marks the email bounced and suppresses the address; later emails to it are suppressed", async () => {
    const address = `bounce@${randomUUID().slice(0, 8)}.example.com`;
    const buyer = await newCustomer({ email: address });
    const { order, paidAt } = await placePaidOrder(buyer, [1]);
    await runJobsAt(plus(paidAt, 61 * MINUTE));

    const reason = `550 5.1.1 <${address}>: mailbox unavailable`;
    expect(await emailRow(order.id, "thank_you")).toMatchObject({ status: "bounced", statusReason: reason, attempts: 1, sentAt: null });
    expect(await db.emailSuppression.findUnique({ where: { shop_email: { shop: SHOP, email: address } } })).toMatchObject({
      reason: "bounced",
      detail: reason,
    });
    const job = await db.job.findFirstOrThrow({
      where: { shop: SHOP, type: "email.send", payload: { equals: { messageId: (await emailRow(order.id, "thank_you")).id } } },
    });
    expect(job).toMatchObject({ status: "done", attempts: 1 }); // a bounce is not retried
    expect(rcptAttempts.filter((a) => a === address)).toHaveLength(1);

    await fulfil(order.id);
    const { deliveredAt } = await deliver(order.id);
    await runJobsAt(plus(deliveredAt, 7 * DAY + MINUTE));
    expect(await emailRow(order.id, "review_request")).toMatchObject({
      status: "suppressed",
      statusReason: "Address bounced earlier",
      attempts: 0,
    });

    const second = await placePaidOrder(buyer, [2]);
    await runJobsAt(plus(second.paidAt, 61 * MINUTE));
    expect(await emailRow(second.order.id, "thank_you")).toMatchObject({ status: "suppressed", statusReason: "Address bounced earlier" });
    // The server was never asked again, and nothing was delivered.
    expect(rcptAttempts.filter((a) => a === address)).toHaveLength(1);
    expect(mailsTo(address)).toHaveLength(0);
  });

  it("the List-Unsubscribe one-click POST suppresses every later email to the customer", async () => {
    const buyer = await newCustomer();
    const { order, paidAt } = await placePaidOrder(buyer, [0]);
    await runJobsAt(plus(paidAt, 61 * MINUTE));
    const [thanks] = mailsTo(buyer.email);
    const header = /^<(.+)>$/.exec(thanks!.headers["list-unsubscribe"]!)![1]!;
    const target = new URL(header);
    expect(`${target.origin}${target.pathname}`).toBe("http://localhost:3000/email/unsubscribe");
    const routeUrl = `${unsubscribeRoute.url}${target.pathname}${target.search}`;

    // Opening the link (or a scanner prefetching it) only asks.
    const page = await fetch(routeUrl);
    expect(page.status).toBe(200);
    expect(await db.emailSuppression.count({ where: { shop: SHOP, email: buyer.email } })).toBe(0);

    // What Gmail sends for the header (RFC 8058).
    const oneClick = await fetch(routeUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(oneClick.status).toBe(200);
    expect(await db.emailSuppression.findUnique({ where: { shop_email: { shop: SHOP, email: buyer.email } } })).toMatchObject({
      reason: "unsubscribed",
    });

    const forged = await fetch(`${unsubscribeRoute.url}/email/unsubscribe?token=${target.searchParams.get("token")!.slice(0, -2)}xx`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(forged.status).toBe(400);

    await fulfil(order.id);
    const { deliveredAt } = await deliver(order.id);
    await runJobsAt(plus(deliveredAt, 7 * DAY + MINUTE));
    expect(await emailRow(order.id, "review_request")).toMatchObject({
      status: "suppressed",
      statusReason: "Customer unsubscribed",
      attempts: 0,
    });
    await new Promise((resolve) => setTimeout(resolve, 1001 - (Date.now() % 1000)));
    const second = await placePaidOrder(buyer, [1]);
    await runJobsAt(plus(second.paidAt, 61 * MINUTE));
    expect(await emailRow(second.order.id, "thank_you")).toMatchObject({ status: "suppressed", statusReason: "Customer unsubscribed" });
    expect(mailsTo(buyer.email)).toHaveLength(1);
  });
});

// ---------------------------------------------------------------- idempotency

describe("planning", () => {
  it("is idempotent: the same webhooks redelivered, and sent again under new ids, keep one email each", async () => {
    const buyer = await newCustomer();
    const { order, webhook: paid } = await simulator.actions.placeOrder({
      customerId: buyer.id,
      lines: [{ variantId: product(2).variants[0]!.id, quantity: 1 }],
    });
    for (let n = 0; n < 3; n++) expect((await simulator.webhooks.redeliver(paid.webhookId)).status).toBe(200);
    for (let n = 0; n < 3; n++)
      expect(
        (await simulator.webhooks.send({ shop: SHOP, topic: "orders/paid", payload: orderPayload(shopState(), simOrder(order.id)) }))
          .status,
      ).toBe(200);
    const paidAt = new Date(order.processedAt);
    await runJobsAt(new Date());
    expect(await jobsMentioning(db, { shop: SHOP, type: "order.record" }, `"admin_graphql_api_id":"${order.id}"`)).toHaveLength(4);

    const { webhook: fulfilled } = await simulator.actions.fulfilOrder({ orderId: order.id });
    for (let n = 0; n < 3; n++) await simulator.webhooks.redeliver(fulfilled.webhookId);
    await runJobsAt(new Date());
    const { webhook: delivered, deliveredAt } = await deliver(order.id);
    for (let n = 0; n < 3; n++) await simulator.webhooks.redeliver(delivered.webhookId);
    for (let n = 0; n < 3; n++) {
      await simulator.webhooks.send({
        shop: SHOP,
        topic: "fulfillment_events/create",
        payload: fulfillmentEventPayload(shopState(), simOrder(order.id), simOrder(order.id).fulfillments[0]!),
      });
    }
    await runJobsAt(new Date());
    // Planning again directly, several at once, changes nothing either.
    await Promise.all([1, 2, 3].map(() => app.planOrderEmails(db, SHOP, order.id, new Date())));

    const rows = await emailRows(order.id);
    expect(rows.map((r) => `${r.flow}:${r.step}`)).toEqual(["review_request:0", "thank_you:0"]);
    const thanks = rows.find((r) => r.flow === "thank_you")!;
    const request = rows.find((r) => r.flow === "review_request")!;
    expect(thanks.scheduledFor.toISOString()).toBe(plus(paidAt, 60 * MINUTE).toISOString());
    expect(request.scheduledFor.toISOString()).toBe(plus(deliveredAt, 7 * DAY).toISOString());
    const jobCount = (messageId: string) => db.job.count({ where: { shop: SHOP, type: "email.send", payload: { equals: { messageId } } } });
    expect(await jobCount(thanks.id)).toBe(1);
    expect(await jobCount(request.id)).toBe(2); // the fallback's job, then the delivery's

    await runJobsAt(plus(deliveredAt, 7 * DAY + MINUTE));
    await runJobsAt(plus(deliveredAt, 30 * DAY));
    expect(mailsTo(buyer.email).map((m) => m.subject)).toEqual([
      "Thank you for your first order, Alex!",
      `How are you finding your order ${order.name}?`,
      `A quick reminder: review your order ${order.name}`,
    ]);
  });
});

// ---------------------------------------------------------------- the merchant's choices

describe("merchant settings and templates", () => {
  it("an edited template is what customers get; a stored template that no longer renders falls back to the built-in one", async () => {
    const previewShop = {
      name: "Demo Retention Store",
      storefrontUrl: STOREFRONT,
      email: "owner@demo-retention.example.com",
      timeZone: "Europe/Athens",
    };
    try {
      // A typo is refused on save, with the reason.
      const refused = await app.saveTemplate(
        db,
        SHOP,
        "thank_you_first",
        "en",
        { subject: "{{ order.name }} {{ customer.nickname }}", body: "<p>x</p>" },
        previewShop,
      );
      expect(refused).toMatchObject({
        ok: false,
        problems: [
          {
            field: "subject",
            message:
              "Line 1: this email has no variable called “customer.nickname”. Use one from the Variables list, or check its spelling.",
          },
        ],
      });
      expect(await db.emailTemplate.count({ where: { shop: SHOP } })).toBe(0);
      const saved = await app.saveTemplate(
        db,
        SHOP,
        "thank_you_first",
        "en",
        {
          subject: "Order {{ order.name }} is in, {{ customer.first_name }}",
          body: "<p>Thanks {{ customer.first_name }}, from all of us at {{ shop.name }}.</p>",
        },
        previewShop,
      );
      expect(saved).toEqual({ ok: true });
      const buyer = await newCustomer({ firstName: "<Sam>" });
      const { order, paidAt } = await placePaidOrder(buyer, [0]);
      await runJobsAt(plus(paidAt, 61 * MINUTE));
      const [mail] = mailsTo(buyer.email);
      expect(mail!.subject).toBe(`Order ${order.name} is in, <Sam>`);
      expect(mail!.html).toContain("<p>Thanks &lt;Sam&gt;, from all of us at Demo Retention Store.</p>");

      // A template stored before a filter it uses went away: the customer still gets an email.
      await db.emailTemplate.update({
        where: { shop_kind_locale: { shop: SHOP, kind: "thank_you_first", locale: "en" } },
        data: { body: "<p>{{ customer.first_name | shout }}</p>" },
      });
      const other = await newCustomer({ firstName: "Kim" });
      const second = await placePaidOrder(other, [1]);
      await runJobsAt(plus(second.paidAt, 61 * MINUTE));
      expect(mailsTo(other.email).map((m) => m.subject)).toEqual(["Thank you for your first order, Kim!"]);
      expect(await emailRow(second.order.id, "thank_you")).toMatchObject({ status: "sent" });
    } finally {
      await db.emailTemplate.deleteMany({ where: { shop: SHOP } });
    }
  });

  it("the send window holds an email until the window opens in the shop's time zone", async () => {
    const athensHour = (at: Date) =>
      Number(new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Athens", hour: "2-digit", hourCycle: "h23" }).format(at));
    const due = plus(new Date(), 60 * MINUTE);
    // A one-hour window opening two hours after the email would be due, Athens time.
    const startHour = (athensHour(due) + 2) % 24;
    await app.saveEmailSettings(
      db,
      SHOP,
      app.EmailSettingsInput.parse({ ...SETTINGS_FORM, sendWindowStartHour: String(startHour), sendWindowEndHour: String(startHour + 1) }),
    );
    try {
      const buyer = await newCustomer();
      const { order, paidAt } = await placePaidOrder(buyer, [0]);
      const row = await emailRow(order.id, "thank_you");
      const wait = row.scheduledFor.getTime() - (paidAt.getTime() + 60 * MINUTE);
      expect(wait).toBeGreaterThan(0);
      expect(wait).toBeLessThanOrEqual(2 * 60 * MINUTE);
      expect(athensHour(row.scheduledFor)).toBe(startHour);
      expect(row.scheduledFor.getUTCMinutes() % 15).toBe(0);
      expect(row.scheduledFor.getUTCSeconds()).toBe(0);

      await runJobsAt(plus(row.scheduledFor, -MINUTE));
      expect(mailsTo(buyer.email)).toHaveLength(0);
      await runJobsAt(row.scheduledFor);
      expect(mailsTo(buyer.email)).toHaveLength(1);
    } finally {
      await db.emailSettings.deleteMany({ where: { shop: SHOP } });
    }
  });
});

// ---------------------------------------------------------------- consent, switches, crashes, erasure

describe("consent, turned-off flows, crashes and erasure", () => {
  const settingsForm = { ...SETTINGS_FORM, sendWindowStartHour: "", sendWindowEndHour: "" };

  it("with 'marketing consent only', a customer who did not accept marketing gets nothing", async () => {
    await app.saveEmailSettings(db, SHOP, app.EmailSettingsInput.parse({ ...settingsForm, marketingConsentOnly: "on" }));
    try {
      const { customer: declined } = await simulator.actions.createCustomer({
        email: `no-consent-${randomUUID().slice(0, 8)}@example.com`,
        firstName: "Noa",
        emailMarketingConsent: "NOT_SUBSCRIBED",
      });
      const consenting = await newCustomer(); // SUBSCRIBED
      const a = await placePaidOrder(declined, [0]);
      const b = await placePaidOrder(consenting, [0]);
      await runJobsAt(plus(b.paidAt, 61 * MINUTE));
      expect(await emailRow(a.order.id, "thank_you")).toMatchObject({ status: "skipped", statusReason: "No email marketing consent" });
      expect(mailsTo(declined.email)).toHaveLength(0);
      expect(mailsTo(consenting.email)).toHaveLength(1);
    } finally {
      await db.emailSettings.deleteMany({ where: { shop: SHOP } });
    }
  });

  it("turning a flow off cancels what it had planned, at send time", async () => {
    const buyer = await newCustomer();
    const { order, paidAt } = await placePaidOrder(buyer, [0]);
    expect((await emailRow(order.id, "thank_you")).status).toBe("scheduled");
    await app.saveEmailSettings(db, SHOP, app.EmailSettingsInput.parse({ ...settingsForm, thankYouEnabled: "" }));
    try {
      await runJobsAt(plus(paidAt, 61 * MINUTE));
      expect(await emailRow(order.id, "thank_you")).toMatchObject({ status: "cancelled", statusReason: "Thank-you emails are turned off" });
      expect(mailsTo(buyer.email)).toHaveLength(0);
    } finally {
      await db.emailSettings.deleteMany({ where: { shop: SHOP } });
    }
  });

  it("a worker that died mid-send: the email goes once more after the lease, with the same Message-ID", async () => {
    const buyer = await newCustomer();
    const { order, paidAt } = await placePaidOrder(buyer, [0]);
    const row = await emailRow(order.id, "thank_you");
    const due = plus(paidAt, 61 * MINUTE);
    // As a crashed worker leaves things: the row claimed, the job running with an old lease.
    await db.emailMessage.update({ where: { id: row.id }, data: { status: "sending", sendingAt: due, attempts: 1 } });
    await db.job.updateMany({
      where: { shop: SHOP, type: "email.send", payload: { equals: { messageId: row.id } } },
      data: { status: "running", lockedBy: "dead-worker", lockedAt: due, attempts: 1 },
    });
    await runJobsAt(plus(due, MINUTE)); // lease not expired: nothing happens
    expect(mailsTo(buyer.email)).toHaveLength(0);
    await runJobsAt(plus(due, 6 * MINUTE)); // lease expired (5 min): the job runs again
    const mails = mailsTo(buyer.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.headers["message-id"]).toBe(`<${row.id}@localhost>`);
    expect(await emailRow(order.id, "thank_you")).toMatchObject({ status: "sent", attempts: 2 });
  });

  it("gives up after the last attempt while the SMTP server stays down: status failed, with the reason", async () => {
    const buyer = await newCustomer();
    const { order, paidAt } = await placePaidOrder(buyer, [0]);
    const row = await emailRow(order.id, "thank_you");
    await smtp.stop();
    try {
      let at = plus(paidAt, 61 * MINUTE);
      for (let attempt = 0; attempt < 9; attempt++) {
        await runJobsAt(at);
        at = plus(at, 2 * 60 * MINUTE); // past any backoff
      }
    } finally {
      app.closeMailer();
      await smtp.start();
    }
    const failed = await emailRow(order.id, "thank_you");
    expect(failed.status).toBe("failed");
    expect(failed.statusReason).toMatch(/^Gave up after 9 attempts: /);
    expect(
      await db.job.findFirstOrThrow({ where: { shop: SHOP, type: "email.send", payload: { equals: { messageId: row.id } } } }),
    ).toMatchObject({ status: "done", attempts: 9 }); // the failure is recorded on the email, not left to the job
    expect(mailsTo(buyer.email)).toHaveLength(0);
  });

  it("customers/redact drops the customer's pending emails and their address from the log", async () => {
    const buyer = await newCustomer();
    const { order } = await placePaidOrder(buyer, [0]);
    const { webhook } = await simulator.actions.redactCustomer({ customerId: buyer.id });
    expect(webhook.status).toBe(200);
    await runJobsAt(new Date());
    expect(await emailRow(order.id, "thank_you")).toMatchObject({
      status: "cancelled",
      statusReason: "Customer data erased",
      recipient: "",
    });
    expect(await db.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({ email: null, customerFirstName: null });
  });
});
