// The email outbox. Order events plan emails as EmailMessage rows, each with a job due at
// its send time; the job re-checks the order just before sending (cancelled, refunded,
// reviewed, unsubscribed?), claims the row compare-and-set, sends, and records the result.
// The idempotency key (order, flow, step) keeps one row per email however often an order
// event is delivered, and the claim keeps one send however many workers run.
// The loyalty programme's points-expiry warning goes through the same outbox; it is about a
// member, not an order (see points-expiry.server.ts).
import type { EmailMessage, Order, Refund, Shop } from "@prisma/client";
import type { Db } from "../db.server";
import { isUniqueViolation } from "../db.server";
import { enqueue, LEASE_MS } from "../jobs/queue.server";
import { toMinorUnits } from "../lib/money";
import { orderLines, refundLines, type OrderLine } from "../orders/order-lines";
import { reviewProductImages } from "../reviews/product-images.server";
import { createReviewToken } from "../reviews/review-links";
import type { AdminClient } from "../shopify/admin.server";
import { hasEmailMarketingConsent } from "./consent.server";
import { buildEmailContext, type ContextInput } from "./email-context";
import { loadEmailSettings, type EmailSettingsValues } from "./email-settings.server";
import { listUnsubscribeHeaders, surveyUrls, unsubscribeUrl } from "./email-links";
import { planReminder, planReviewRequest, planThankYou, type EmailFlow, type EmailPlan, type OrderFacts } from "./plan";
import type { RenderedEmail } from "./render";
import { applySendWindow, sendWindowOf, type SendWindow } from "./send-window";
import { POINTS_EXPIRY_FLOW, pointsExpiryKey, pointsExpirySubject, preparePointsExpiryEmail } from "./points-expiry.server";
import { POINTS_AVAILABLE_FLOW, pointsAvailableKey, pointsAvailableSubject, preparePointsAvailableEmail } from "./points-available.server";
import { emailLocaleFor, type EmailLocale, type TemplateKind } from "./template-kinds";
import { renderTemplateOrDefault, type OutboxConfig, type PreparedEmail, type Tx } from "./prepared-email.server";
import { suppressEmail } from "./suppression.server";
import { addTracking } from "./tracking";
import { classifySendError, sharedMailer, type Mailer } from "./transport.server";
import { env } from "../config.server";
import type { JobHandlers } from "../jobs/worker.server";

export const EMAIL_SEND_JOB = "email.send";
/** About 2 hours of retries (30 s doubling) before an email is given up as failed. */
export const EMAIL_MAX_ATTEMPTS = 9;
/** Review links stay valid this long after the email is sent. */
const REVIEW_LINK_DAYS = 90;
/**
 * A row left "sending" longer than this belongs to a worker that died mid-send: half the
 * worker's lease (WORKER_LEASE_MS), which is how long the worker lets a job run before giving up
 * on it (app/jobs/worker.server.ts). The job a killed worker held is taken over once its lease
 * expires, and then finds the row stale.
 */
const staleSendingMs = () => (env().WORKER_LEASE_MS ?? LEASE_MS) / 2;
/**
 * The send log's reason for an email that cannot go for want of an address. An app without
 * Shopify's protected customer data approval receives orders without email (the field is left
 * out); so does any checkout that took only a phone number.
 */
export const NO_EMAIL_REASON = "No email address (protected customer data)";

interface OrderEmailState {
  order: Order;
  shop: Shop | null;
  settings: EmailSettingsValues;
  window: SendWindow | null;
  facts: OrderFacts;
  lines: OrderLine[];
}

/** The order's email state; `orderRef` is the order's row when the caller has it (an order job), else its id. */
async function loadOrderEmailState(db: Db | Tx, shop: string, orderRef: Order | string): Promise<OrderEmailState | null> {
  const order = typeof orderRef === "string" ? await db.order.findFirst({ where: { id: orderRef, shop } }) : orderRef;
  if (!order || order.shop !== shop) return null;
  const orderId = order.id;
  const [shopRow, settings, refunds, reviews] = await Promise.all([
    db.shop.findUnique({ where: { domain: shop } }),
    loadEmailSettings(db, shop),
    db.refund.findMany({ where: { shop, orderId } }),
    // A product the customer already reviewed, from this order or an earlier one, is not asked about again.
    db.review.findMany({
      where: { shop, OR: [{ orderId }, ...(order.customerId ? [{ customerId: order.customerId }] : [])] },
      select: { productId: true },
    }),
  ]);
  const lines = orderLines(order);
  const reviewed = new Set(reviews.map((review) => review.productId));
  const refunded = refundedProductIds(lines, refunds);
  const reviewableProductIds = [...new Set(lines.map((line) => line.productId).filter((id): id is string => Boolean(id)))].filter(
    (id) => !reviewed.has(id) && !refunded.has(id),
  );
  const refundedAmount = refunds.reduce((sum, refund) => sum + toMinorUnits(refund.amount, order.currencyCode), 0);
  const total = toMinorUnits(order.totalPrice, order.currencyCode);
  return {
    order,
    shop: shopRow,
    settings,
    window: sendWindowOf(settings, shopRow?.ianaTimezone ?? "UTC"),
    lines,
    facts: {
      paidAt: order.paidAt,
      fulfilledAt: order.fulfilledAt,
      deliveredAt: order.deliveredAt,
      cancelledAt: order.cancelledAt,
      fullyRefunded: order.financialStatus === "refunded" || (total > 0 && refundedAmount >= total),
      reviewableProductIds,
    },
  };
}

/** Products whose every unit was refunded. */
function refundedProductIds(lines: OrderLine[], refunds: Refund[]): Set<string> {
  const refundedUnits = new Map<string, number>();
  for (const refund of refunds) {
    for (const line of refundLines(refund)) {
      refundedUnits.set(line.lineItemId, (refundedUnits.get(line.lineItemId) ?? 0) + line.quantity);
    }
  }
  const byProduct = new Map<string, boolean>();
  for (const line of lines) {
    if (!line.productId) continue;
    const fully = (refundedUnits.get(line.lineItemId) ?? 0) >= line.quantity;
    byProduct.set(line.productId, (byProduct.get(line.productId) ?? true) && fully);
  }
  return new Set([...byProduct].filter(([, fully]) => fully).map(([id]) => id));
}

function planFor(flow: EmailFlow, state: OrderEmailState, now: Date | null): EmailPlan {
  return flow === "thank_you"
    ? planThankYou(state.facts, state.settings, state.window, now)
    : planReviewRequest(state.facts, state.settings, state.window, now);
}

async function enqueueSend(tx: Pick<Db, "job" | "$queryRaw">, shop: string, messageId: string, at: Date): Promise<void> {
  // No dedupe key: the row is the unit of idempotency. A rescheduled email gets a new job;
  // the old one finds the row not due (or already sent) and does nothing.
  await enqueue(tx, { shop, type: EMAIL_SEND_JOB, payload: { messageId }, runAt: at, maxAttempts: EMAIL_MAX_ATTEMPTS });
}

async function templateKindFor(db: Db | Tx, flow: EmailFlow, step: number, order: Order): Promise<TemplateKind> {
  if (flow === "review_request") return step === 0 ? "review_request" : "review_reminder";
  const earlier = await db.order.count({
    where: {
      shop: order.shop,
      id: { not: order.id },
      processedAt: { lt: order.processedAt },
      OR: [...(order.customerId ? [{ customerId: order.customerId }] : []), ...(order.email ? [{ email: order.email }] : [])],
    },
  });
  return earlier > 0 ? "thank_you_returning" : "thank_you_first";
}

/**
 * Adds an email to the outbox with its job; a second call for the same email changes nothing.
 * An order without an email address gets its row too, skipped with the reason, so the send log
 * shows why the customer heard nothing.
 */
async function addToOutbox(tx: Tx, state: OrderEmailState, flow: EmailFlow, step: number, sendAt: Date): Promise<void> {
  const { order } = state;
  const idempotencyKey = `${order.id}:${flow}:${step}`;
  if (await tx.emailMessage.findUnique({ where: { shop_idempotencyKey: { shop: order.shop, idempotencyKey } } })) return;
  const recipient = order.email ?? "";
  const message = await tx.emailMessage.create({
    data: {
      shop: order.shop,
      orderId: order.id,
      orderName: order.name,
      flow,
      step,
      idempotencyKey,
      template: await templateKindFor(tx, flow, step, order),
      recipient,
      locale: emailLocaleFor(order.customerLocale, state.shop?.primaryLocale),
      scheduledFor: sendAt,
      ...(recipient ? {} : { status: "skipped", statusReason: NO_EMAIL_REASON }),
    },
  });
  if (recipient) await enqueueSend(tx, order.shop, message.id, sendAt);
}

/**
 * Brings an order's planned emails in line with what is known about it now. Called after
 * every order event (paid, fulfilled, delivered, cancelled, refunded); safe to repeat.
 */
export async function planOrderEmails(db: Db, shop: string, order: Order | string, now: Date): Promise<void> {
  const state = await loadOrderEmailState(db, shop, order);
  if (!state) return;
  const orderId = state.order.id;
  for (const flow of ["thank_you", "review_request"] as const) {
    const plan = planFor(flow, state, now);
    if (plan.action === "wait") continue;
    if (plan.action === "cancel") {
      await db.emailMessage.updateMany({
        where: { shop, orderId, flow, status: "scheduled" },
        data: { status: plan.status, statusReason: plan.reason },
      });
      continue;
    }
    const first = await db.emailMessage.findFirst({ where: { shop, orderId, flow, step: 0 } });
    try {
      if (!first) {
        await db.$transaction((tx) => addToOutbox(tx, state, flow, 0, plan.sendAt));
      } else if (first.status === "scheduled" && first.scheduledFor.getTime() !== plan.sendAt.getTime()) {
        // Delivery reported after the fallback was planned: the email moves to the new time.
        await db.$transaction(async (tx) => {
          const { count } = await tx.emailMessage.updateMany({
            where: { id: first.id, status: "scheduled" },
            data: { scheduledFor: plan.sendAt },
          });
          if (count === 1) await enqueueSend(tx, shop, first.id, plan.sendAt);
        });
      }
    } catch (error) {
      // Another worker planned the same email at the same moment: one row is all we want.
      if (!isUniqueViolation(error)) throw error;
    }
  }
}

export type ReviewRequestOutcome =
  /** `sendAt`: when the review request goes, or went. */
  { ok: true; sendAt: Date } | { ok: false; reason: string };

/**
 * The order's review request, asked for now (Shopify Flow's "Send review request" action)
 * instead of a set time after delivery: its first email is scheduled at once (within the send
 * window), or brought forward when it was planned for later. An order is asked once, as with
 * planned requests: one already scheduled sooner, or sent, is left as it is, so asking again
 * changes nothing; one that was dropped (cancelled, skipped, unsubscribed) is not revived. The send still re-checks everything (reviewed, refunded, unsubscribed) and
 * reminders follow as usual. An order event that re-plans the email before it goes (delivery
 * reported within a send window's wait) moves it to its planned time again.
 */
export async function requestReviewNow(db: Db, shop: string, orderId: string, now: Date): Promise<ReviewRequestOutcome> {
  const state = await loadOrderEmailState(db, shop, orderId);
  if (!state) {
    return {
      ok: false,
      reason: `The app has no record of order ${orderId.split("/").pop()}: it was placed before the app was installed, or Shopify has not sent it yet`,
    };
  }
  // Whatever stops a planned request stops this one; its timing (delivery, fulfilment) does not apply.
  const plan = planReviewRequest(state.facts, state.settings, state.window, null);
  if (plan.action === "cancel") return { ok: false, reason: plan.reason };
  if (!state.facts.paidAt) return { ok: false, reason: "The order is not paid: only paid orders are asked for reviews" };
  if (!state.order.email) return { ok: false, reason: NO_EMAIL_REASON };
  const sendAt = applySendWindow(now, state.window);
  const first = await db.emailMessage.findFirst({ where: { shop, orderId, flow: "review_request", step: 0 } });
  try {
    if (!first) {
      await db.$transaction((tx) => addToOutbox(tx, state, "review_request", 0, sendAt));
      return { ok: true, sendAt };
    }
    if (first.status === "sent" || first.status === "sending") return { ok: true, sendAt: first.sentAt ?? first.scheduledFor };
    if (first.status !== "scheduled") {
      return { ok: false, reason: `The order's review request was ${first.status}${first.statusReason ? `: ${first.statusReason}` : ""}` };
    }
    if (first.scheduledFor.getTime() <= sendAt.getTime()) return { ok: true, sendAt: first.scheduledFor };
    await db.$transaction(async (tx) => {
      const { count } = await tx.emailMessage.updateMany({
        where: { id: first.id, status: "scheduled", scheduledFor: first.scheduledFor },
        data: { scheduledFor: sendAt },
      });
      if (count === 1) await enqueueSend(tx, shop, first.id, sendAt);
    });
  } catch (error) {
    // Planned at the same moment by an order event or a repeated request: one email is all we want.
    if (!isUniqueViolation(error)) throw error;
  }
  return { ok: true, sendAt };
}

export interface PointsExpiryWarningInput {
  shop: string;
  memberId: string;
  /** The inactivity the warning is about: activity since then cancels it. */
  lastActivityAt: Date;
  recipient: string;
  locale: EmailLocale;
  now: Date;
}

/**
 * Adds the loyalty programme's points-expiry warning to the outbox, due now (or when the send
 * window opens). One row per member and period of inactivity, however often it is called.
 */
export async function queuePointsExpiryWarning(tx: Db | Tx, input: PointsExpiryWarningInput): Promise<EmailMessage | null> {
  const idempotencyKey = pointsExpiryKey(input.memberId, input.lastActivityAt);
  if (await tx.emailMessage.findUnique({ where: { shop_idempotencyKey: { shop: input.shop, idempotencyKey } } })) return null;
  const [settings, shopRow] = await Promise.all([loadEmailSettings(tx, input.shop), tx.shop.findUnique({ where: { domain: input.shop } })]);
  const sendAt = applySendWindow(input.now, sendWindowOf(settings, shopRow?.ianaTimezone ?? "UTC"));
  const message = await tx.emailMessage.create({
    data: {
      shop: input.shop,
      orderId: pointsExpirySubject(input.memberId),
      orderName: "",
      flow: POINTS_EXPIRY_FLOW,
      step: 0,
      idempotencyKey,
      template: "points_expiry",
      recipient: input.recipient,
      locale: input.locale,
      scheduledFor: sendAt,
    },
  });
  await enqueueSend(tx, input.shop, message.id, sendAt);
  return message;
}

export interface PointsAvailableInput {
  shop: string;
  memberId: string;
  /** The order whose pending points were released. */
  orderId: string;
  recipient: string;
  locale: EmailLocale;
  now: Date;
}

/** Adds "your points are ready to spend" to the outbox, due now (or when the send window opens); one row per release. */
export async function queuePointsAvailableEmail(tx: Db | Tx, input: PointsAvailableInput): Promise<EmailMessage | null> {
  const idempotencyKey = pointsAvailableKey(input.memberId, input.orderId);
  if (await tx.emailMessage.findUnique({ where: { shop_idempotencyKey: { shop: input.shop, idempotencyKey } } })) return null;
  const [settings, shopRow] = await Promise.all([loadEmailSettings(tx, input.shop), tx.shop.findUnique({ where: { domain: input.shop } })]);
  const sendAt = applySendWindow(input.now, sendWindowOf(settings, shopRow?.ianaTimezone ?? "UTC"));
  const message = await tx.emailMessage
    .create({
      data: {
        shop: input.shop,
        orderId: pointsAvailableSubject(input.memberId),
        orderName: "",
        flow: POINTS_AVAILABLE_FLOW,
        step: 0,
        idempotencyKey,
        template: "points_available",
        recipient: input.recipient,
        locale: input.locale,
        scheduledFor: sendAt,
      },
    })
    // A release job run twice at once: the other run planned it.
    .catch((error: unknown) => {
      if (isUniqueViolation(error)) return null;
      throw error;
    });
  if (!message) return null;
  await enqueueSend(tx, input.shop, message.id, sendAt);
  return message;
}

export type SendOutcome = EmailMessage["status"] | "not_due" | "missing";

export interface SendContext {
  db: Db;
  mailer: Mailer;
  config: OutboxConfig;
  now: Date;
  /** The job's last attempt: a transient failure now marks the email failed instead of retrying. */
  lastAttempt: boolean;
  /** The job's: once it aborts, nothing more is written (see sendOutboxEmail). */
  signal: AbortSignal;
  /** The shop's Admin API: review requests show each product's image from it. */
  admin(): Promise<AdminClient>;
}

/** The job: send one outbox email if it is still due and still wanted. */
export async function sendOutboxEmail(ctx: SendContext, shop: string, messageId: string): Promise<SendOutcome> {
  const { db, now } = ctx;
  const message = await db.emailMessage.findFirst({ where: { id: messageId, shop } });
  if (!message) return "missing";
  if (message.status === "sending") {
    // A worker that died mid-send leaves the row here; whether its SMTP server accepted the
    // mail is unknown, so after the lease the email goes again with the same Message-ID.
    if (message.sendingAt && now.getTime() - message.sendingAt.getTime() < staleSendingMs()) {
      throw new Error("another worker is sending this email right now");
    }
  } else if (message.status !== "scheduled") {
    return message.status;
  }
  if (message.scheduledFor.getTime() > now.getTime()) return "not_due";

  // Re-checked and composed before the claim: a template or data problem must not strand the row in "sending".
  const prepared =
    message.flow === POINTS_EXPIRY_FLOW
      ? await preparePointsExpiryEmail(db, ctx.config, message, now)
      : message.flow === POINTS_AVAILABLE_FLOW
        ? await preparePointsAvailableEmail(db, ctx.config, message)
        : await prepareOrderEmail(ctx, message);
  ctx.signal.throwIfAborted();
  if (prepared.status !== "send") {
    await db.emailMessage.updateMany({
      where: { id: message.id, status: message.status },
      data: { status: prepared.status, statusReason: prepared.reason, sendingAt: null },
    });
    return prepared.status;
  }
  const { headers } = prepared;
  const { rendered, tracked } = await withTracking(db, ctx.config, message, prepared.rendered, headers);

  ctx.signal.throwIfAborted();
  const claimed = await db.emailMessage.updateMany({
    where: { id: message.id, status: message.status, sendingAt: message.sendingAt },
    data: { status: "sending", sendingAt: now, attempts: { increment: 1 } },
  });
  if (claimed.count === 0) return "sending"; // another worker took it first

  const storeName = prepared.shop?.name ?? shop;
  try {
    await ctx.mailer.send(
      {
        from: { name: storeName, address: ctx.config.mailFrom },
        replyTo: prepared.shop?.email || undefined,
        to: message.recipient,
        subject: rendered.subject,
        html: rendered.html,
        text: rendered.text,
        messageId: smtpMessageId(message.id, ctx.config.appUrl),
        headers,
      },
      ctx.signal,
    );
  } catch (error) {
    // Cancelled mid-send: whether the server took the mail is unknown, so the row stays "sending"
    // and goes again with the same Message-ID once it is stale, as after a crash.
    if (ctx.signal.aborted) throw error;
    return recordFailure(ctx, message, error);
  }
  ctx.signal.throwIfAborted();

  await db.$transaction(async (tx) => {
    await tx.emailMessage.update({
      where: { id: message.id },
      data: {
        status: "sent",
        sentAt: now,
        subject: rendered.subject,
        smtpMessageId: smtpMessageId(message.id, ctx.config.appUrl),
        statusReason: prepared.note,
        tracked,
      },
    });
    await prepared.afterSend?.(tx);
  });
  return "sent";
}

/**
 * The HTML part with the open pixel and tracked links, when the shop has tracking on (Email
 * settings); the plain-text part keeps the plain links. The unsubscribe link is never tracked.
 */
async function withTracking(
  db: Db,
  config: OutboxConfig,
  message: EmailMessage,
  rendered: RenderedEmail,
  headers: Record<string, string>,
): Promise<{ rendered: RenderedEmail; tracked: boolean }> {
  const settings = await loadEmailSettings(db, message.shop);
  if (!settings.trackingEnabled) return { rendered, tracked: false };
  const unsubscribe = /^<(.*)>$/.exec(headers["List-Unsubscribe"] ?? "")?.[1];
  const html = addTracking(rendered.html, {
    appUrl: config.appUrl,
    secret: config.secret,
    message: { shop: message.shop, messageId: message.id },
    except: unsubscribe ? [unsubscribe] : [],
  });
  return { rendered: { ...rendered, html }, tracked: true };
}

async function prepareOrderEmail(ctx: SendContext, message: EmailMessage): Promise<PreparedEmail> {
  const { now } = ctx;
  const verdict = await recheck(ctx.db, message);
  if (verdict.status !== "send") return verdict;
  const { state } = verdict;
  const { rendered, note, headers } = await composeEmail(ctx, message, state);
  return {
    status: "send",
    rendered,
    note,
    headers,
    shop: state.shop,
    afterSend:
      message.flow === "review_request"
        ? async (tx) => {
            const reminderAt = planReminder(message.step + 1, now, state.settings, state.window);
            if (reminderAt) await addToOutbox(tx, state, "review_request", message.step + 1, reminderAt);
          }
        : undefined,
  };
}

const smtpMessageId = (id: string, appUrl: string) => `<${id}@${new URL(appUrl).hostname}>`;

type Verdict = { status: "send"; state: OrderEmailState } | { status: "cancelled" | "skipped" | "suppressed"; reason: string };

/** Everything that may have changed since the email was planned. */
async function recheck(db: Db, message: EmailMessage): Promise<Verdict> {
  const state = await loadOrderEmailState(db, message.shop, message.orderId);
  if (!state || !message.recipient) return { status: "cancelled", reason: "Order no longer available" };
  // Lateness was judged when the email was planned, against when the app learnt of the order:
  // an email already planned still goes when a worker that was down catches up.
  // The loyalty emails are about a member, not an order: points-expiry.server.ts and points-available.server.ts prepare them.
  if (message.flow === "points_expiry" || message.flow === "points_available")
    throw new Error(`message ${message.id} is a loyalty email, not an order email`);
  const plan = planFor(message.flow, state, null);
  if (plan.action === "cancel") return { status: plan.status, reason: plan.reason };
  if (message.step > 0 && message.step > state.settings.reviewReminders) return { status: "cancelled", reason: "Reminders turned off" };
  const suppressed = await db.emailSuppression.findUnique({
    where: { shop_email: { shop: message.shop, email: message.recipient.toLowerCase() } },
  });
  if (suppressed)
    return { status: "suppressed", reason: suppressed.reason === "bounced" ? "Address bounced earlier" : "Customer unsubscribed" };
  if (
    state.settings.marketingConsentOnly &&
    !(await hasEmailMarketingConsent(
      db,
      message.shop,
      { customerId: state.order.customerId, email: message.recipient },
      state.order.acceptsMarketing,
    ))
  ) {
    return { status: "skipped", reason: "No email marketing consent" };
  }
  return { status: "send", state };
}

async function composeEmail(
  { db, config, now, admin, signal }: SendContext,
  message: EmailMessage,
  state: OrderEmailState,
): Promise<{ rendered: RenderedEmail; note: string | null; headers: Record<string, string> }> {
  const { order } = state;
  const locale = message.locale as EmailLocale;
  const storefrontUrl = state.shop?.storefrontUrl ?? `https://${order.shop}`;
  const unsubscribe = unsubscribeUrl(config.appUrl, { shop: order.shop, email: message.recipient, locale }, config.secret);
  let review: ContextInput["review"];
  if (message.flow === "review_request") {
    const productIds = state.facts.reviewableProductIds;
    const token = createReviewToken(
      { shop: order.shop, orderId: order.id, productIds, expiresAt: new Date(now.getTime() + REVIEW_LINK_DAYS * 86_400_000) },
      config.secret,
    );
    const images = await reviewProductImages(order.shop, admin, productIds, signal);
    review = {
      products: productIds.map((id) => ({
        id,
        title: state.lines.find((line) => line.productId === id)?.title ?? "",
        imageUrl: images.get(id) ?? null,
      })),
      url: `${storefrontUrl}/apps/retention/review?token=${token}&locale=${locale}`,
      reminderNumber: message.step,
    };
  }
  const context = buildEmailContext({
    shop: {
      name: state.shop?.name ?? order.shop,
      storefrontUrl,
      email: state.shop?.email ?? "",
      timeZone: state.shop?.ianaTimezone ?? "UTC",
    },
    customer: { firstName: order.customerFirstName ?? "", email: message.recipient },
    order: {
      name: order.name,
      total: order.presentmentTotalPrice,
      currencyCode: order.presentmentCurrencyCode,
      processedAt: order.processedAt,
    },
    locale,
    review,
    surveyLinks:
      message.flow === "thank_you"
        ? state.settings.thankYouSurvey
          ? surveyUrls(config.appUrl, { shop: order.shop, messageId: message.id, locale }, config.secret)
          : null
        : undefined,
    unsubscribeUrl: unsubscribe,
  });
  const { rendered, note } = await renderTemplateOrDefault(
    db,
    { shop: order.shop, kind: message.template, locale, messageId: message.id },
    context,
  );
  return { rendered, note, headers: listUnsubscribeHeaders(unsubscribe) };
}

async function recordFailure(ctx: SendContext, message: EmailMessage, error: unknown): Promise<SendOutcome> {
  const { db } = ctx;
  const failure = classifySendError(error);
  if (failure.kind === "bounced") {
    await db.emailMessage.update({ where: { id: message.id }, data: { status: "bounced", statusReason: failure.reason } });
    await suppressEmail(db, message.shop, message.recipient, "bounced", failure.reason);
    return "bounced";
  }
  if (failure.kind === "rejected" || ctx.lastAttempt) {
    const reason = failure.kind === "rejected" ? failure.reason : `Gave up after ${message.attempts + 1} attempts: ${failure.reason}`;
    await db.emailMessage.update({ where: { id: message.id }, data: { status: "failed", statusReason: reason } });
    return "failed";
  }
  await db.emailMessage.update({
    where: { id: message.id },
    data: { status: "scheduled", sendingAt: null, statusReason: `Retrying: ${failure.reason}` },
  });
  // Thrown so the job is retried with backoff.
  throw error;
}

export function outboxConfigFromEnv(): OutboxConfig {
  const config = env();
  return { appUrl: config.SHOPIFY_APP_URL, secret: config.SHOPIFY_API_SECRET, mailFrom: config.MAIL_FROM };
}

export const emailJobHandlers = {
  async [EMAIL_SEND_JOB]({ db, shop, payload, job, now, signal, admin }) {
    const { messageId } = payload;
    const lastAttempt = job.attempts >= job.maxAttempts;
    await sendOutboxEmail({ db, mailer: sharedMailer(), config: outboxConfigFromEnv(), now, lastAttempt, signal, admin }, shop, messageId);
  },
} satisfies JobHandlers;
