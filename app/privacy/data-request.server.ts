// customers/data_request: Shopify asks, on a customer's behalf, for everything the app holds
// about them. The request is recorded when the webhook arrives (the merchant sees it at once as
// "preparing"); a job then assembles the JSON document the merchant downloads and passes on.
import { z } from "zod";
import type { Db } from "../db.server";
import { enqueue } from "../jobs/queue.server";
import { discountCodes, orderLines, refundLines } from "../orders/order-lines";
import { CustomerDataRequestPayload, customerIdentity, type CustomerIdentity } from "./compliance-payloads";
import { findCustomerRecords, type CustomerRecords } from "./customer-records.server";

export const DATA_REQUEST_JOB = "privacy.customer_data_request";

type Tx = Pick<Db, "dataRequest" | "job" | "$queryRaw">;

/** Records the request and its job (inside the webhook's transaction). */
export async function recordDataRequest(tx: Tx, shop: string, payload: unknown): Promise<string> {
  const request = CustomerDataRequestPayload.parse(payload);
  const customer = customerIdentity(request.customer, request.orders_requested);
  const row = await tx.dataRequest.create({
    data: { shop, customerId: customer.customerId, email: customer.email, orderIds: customer.orderIds },
    select: { id: true },
  });
  await enqueue(tx, { shop, type: DATA_REQUEST_JOB, payload: { dataRequestId: row.id }, dedupeKey: `data-request:${row.id}` });
  return row.id;
}

/** Builds the document and marks the request ready; a request erased meanwhile is left alone. */
export async function completeDataRequest(db: Db, shop: string, dataRequestId: string, now: Date): Promise<void> {
  const request = await db.dataRequest.findFirst({ where: { id: dataRequestId, shop } });
  if (!request) return;
  const customer: CustomerIdentity = {
    customerId: request.customerId ?? "",
    email: request.email,
    emailVariants: request.email ? [request.email] : [],
    orderIds: OrderIds.parse(request.orderIds),
  };
  const records = await findCustomerRecords(db, shop, customer);
  const document = customerDataDocument({ shop, customer, requestedAt: request.createdAt, generatedAt: now }, records);
  await db.dataRequest.updateMany({
    where: { id: request.id, shop },
    data: { status: "ready", document: JSON.stringify(document, null, 2), completedAt: now },
  });
}

/** DataRequest.orderIds: the order GIDs Shopify listed. */
const OrderIds = z.array(z.string());

const iso = (date: Date | null) => date?.toISOString() ?? null;

interface DocumentContext {
  shop: string;
  customer: CustomerIdentity;
  requestedAt: Date;
  generatedAt: Date;
}

/**
 * The export: every record about the customer in plain names, without the app's internals
 * (row locks, hashes used for spam checks, idempotency keys).
 */
export function customerDataDocument(context: DocumentContext, records: CustomerRecords) {
  const { member } = records;
  return {
    about: "Everything the Retention app holds about this customer for this shop.",
    shop: context.shop,
    customer: { id: context.customer.customerId, email: context.customer.email },
    requested_at: context.requestedAt.toISOString(),
    generated_at: context.generatedAt.toISOString(),
    orders: records.orders.map((order) => ({
      id: order.id,
      name: order.name,
      email: order.email,
      customer_id: order.customerId,
      first_name: order.customerFirstName,
      locale: order.customerLocale,
      accepts_email_marketing: order.acceptsMarketing,
      currency: order.currencyCode,
      presentment_currency: order.presentmentCurrencyCode,
      total_price: order.totalPrice,
      presentment_total_price: order.presentmentTotalPrice,
      subtotal_price: order.subtotalPrice,
      total_shipping: order.totalShipping,
      total_tax: order.totalTax,
      total_discounts: order.totalDiscounts,
      discount_codes: discountCodes(order),
      shipping_country: order.shippingCountry,
      financial_status: order.financialStatus,
      line_items: orderLines(order),
      processed_at: iso(order.processedAt),
      paid_at: iso(order.paidAt),
      fulfilled_at: iso(order.fulfilledAt),
      delivered_at: iso(order.deliveredAt),
      cancelled_at: iso(order.cancelledAt),
      refunds: records.refunds
        .filter((refund) => refund.orderId === order.id)
        .map((refund) => ({ id: refund.id, amount: refund.amount, line_items: refundLines(refund), created_at: iso(refund.createdAt) })),
    })),
    reviews: records.reviews.map((review) => ({
      id: review.id,
      product_id: review.productId,
      order_id: review.orderId,
      rating: review.rating,
      title: review.title,
      body: review.body,
      author_name: review.authorName,
      author_email: review.authorEmail,
      locale: review.locale,
      verified_buyer: review.verified,
      status: review.status,
      shop_reply: review.reply,
      created_at: iso(review.createdAt),
      published_at: iso(review.publishedAt),
      photos: review.photos.map((photo) => ({ url: photo.url, description: photo.altText })),
    })),
    helpful_votes: records.reviewVotes.map((vote) => ({ review_id: vote.reviewId, created_at: iso(vote.createdAt) })),
    loyalty: member
      ? {
          member: {
            id: member.id,
            customer_id: member.customerId,
            email: member.email,
            first_name: member.firstName,
            points_balance: member.balance,
            points_pending: member.pending,
            points_earned_lifetime: member.lifetimeEarned,
            birthday: member.birthday,
            referral_code: member.referralCode,
            referred_by_member: member.referredBy,
            last_activity_at: iso(member.lastActivityAt),
            joined_at: iso(member.createdAt),
          },
          ledger: member.entries.map((entry) => ({
            kind: entry.kind,
            bucket: entry.bucket,
            points: entry.points,
            order_id: entry.orderId,
            note: entry.note,
            available_at: iso(entry.availableAt),
            created_at: iso(entry.createdAt),
          })),
          redemptions: records.redemptions.map((redemption) => ({
            reward_id: redemption.rewardId,
            points: redemption.points,
            code: redemption.code,
            status: redemption.status,
            created_at: iso(redemption.createdAt),
          })),
        }
      : null,
    emails: records.emails.map((email) => ({
      flow: email.flow,
      step: email.step,
      order_id: email.orderId.startsWith("gid://") ? email.orderId : null,
      order_name: email.orderName || null,
      recipient: email.recipient,
      subject: email.subject,
      locale: email.locale,
      status: email.status,
      status_reason: email.statusReason,
      scheduled_for: iso(email.scheduledFor),
      sent_at: iso(email.sentAt),
    })),
    survey_answers: records.surveyAnswers.map((answer) => ({
      order_id: answer.orderId,
      score: answer.score,
      comment: answer.comment,
      answered_at: iso(answer.createdAt),
      updated_at: iso(answer.updatedAt),
    })),
    email_suppressions: records.suppressions.map((entry) => ({ email: entry.email, reason: entry.reason, since: iso(entry.createdAt) })),
    email_marketing_consent: records.consents.map((consent) => ({
      email: consent.email,
      state: consent.state,
      consent_updated_at: iso(consent.consentUpdatedAt),
    })),
  };
}

export type CustomerDataDocument = ReturnType<typeof customerDataDocument>;

/** What the admin lists: newest first. */
export async function listDataRequests(db: Db, shop: string, limit = 100) {
  return db.dataRequest.findMany({
    where: { shop },
    orderBy: { createdAt: "desc" },
    take: limit,
    select: { id: true, customerId: true, email: true, status: true, createdAt: true, completedAt: true },
  });
}

export type DataRequestDownload = { status: "ready"; filename: string; document: string } | { status: "pending" } | { status: "not_found" };

/** One shop's request as a file; another shop's id is simply not found. */
export async function dataRequestDownload(db: Db, shop: string, id: string): Promise<DataRequestDownload> {
  const request = await db.dataRequest.findFirst({ where: { id, shop } });
  if (!request) return { status: "not_found" };
  if (request.status !== "ready" || !request.document) return { status: "pending" };
  const who = request.customerId?.split("/").pop() ?? request.id;
  return {
    status: "ready",
    filename: `customer-${who}-data-${request.createdAt.toISOString().slice(0, 10)}.json`,
    document: request.document,
  };
}
