// Everything the app holds about one customer of one shop, found the same way for a data
// request (to export it) and for an erasure (to remove it): by the customer's id, their email,
// and the orders Shopify names, then everything hanging off those (reviews on those orders,
// emails about them, answers to those emails, the loyalty member's ledger and codes).
import type { Db } from "../db.server";
import type { CustomerIdentity } from "./compliance-payloads";

const memberOrderId = (memberId: string) => `loyalty-member:${memberId}`;

export async function findCustomerRecords(db: Db, shop: string, customer: CustomerIdentity) {
  const byEmail = <K extends string>(field: K) => customer.emailVariants.map((email) => ({ [field]: email }) as Record<K, string>);

  const orders = await db.order.findMany({
    where: { shop, OR: [{ customerId: customer.customerId }, { id: { in: customer.orderIds } }, ...byEmail("email")] },
    orderBy: { processedAt: "asc" },
  });
  const orderIds = orders.map((order) => order.id);
  const refunds = await db.refund.findMany({ where: { shop, orderId: { in: orderIds } }, orderBy: { createdAt: "asc" } });

  const reviews = await db.review.findMany({
    where: { shop, OR: [{ customerId: customer.customerId }, { orderId: { in: orderIds } }, ...byEmail("authorEmail")] },
    include: { photos: { orderBy: { position: "asc" } } },
    orderBy: { createdAt: "asc" },
  });

  // "Helpful" votes the customer cast while logged in (a guest's are keyed by a hash that names no one).
  const reviewVotes = await db.reviewVote.findMany({
    where: { shop, voter: `customer:${customer.customerId}` },
    select: { reviewId: true, createdAt: true },
    orderBy: { createdAt: "asc" },
  });

  const member = await db.loyaltyMember.findFirst({
    where: { shop, OR: [{ customerId: customer.customerId }, ...(customer.email ? [{ email: customer.email }] : [])] },
    include: { entries: { orderBy: { createdAt: "asc" } } },
  });
  const redemptions = member
    ? await db.loyaltyRedemption.findMany({ where: { shop, memberId: member.id }, orderBy: { createdAt: "asc" } })
    : [];

  const emails = await db.emailMessage.findMany({
    where: {
      shop,
      OR: [...byEmail("recipient"), { orderId: { in: orderIds } }, ...(member ? [{ orderId: memberOrderId(member.id) }] : [])],
    },
    orderBy: { createdAt: "asc" },
  });
  const surveyAnswers = await db.surveyAnswer.findMany({
    where: { shop, OR: [{ orderId: { in: orderIds } }, { messageId: { in: emails.map((email) => email.id) } }] },
    orderBy: { createdAt: "asc" },
  });
  const suppressions = customer.email ? await db.emailSuppression.findMany({ where: { shop, email: customer.email } }) : [];
  const consents = await db.emailConsent.findMany({
    where: { shop, OR: [{ customerId: customer.customerId }, ...(customer.email ? [{ email: customer.email }] : [])] },
  });
  const tasks = await db.merchantTask.findMany({
    where: { shop, subjectId: { in: [...reviews.map((review) => review.id), ...surveyAnswers.map((answer) => answer.id)] } },
    orderBy: { createdAt: "asc" },
  });
  const dataRequests = await db.dataRequest.findMany({
    where: { shop, OR: [{ customerId: customer.customerId }, ...(customer.email ? [{ email: customer.email }] : [])] },
    select: { id: true, createdAt: true, status: true },
  });

  return { orders, refunds, reviews, reviewVotes, member, redemptions, emails, surveyAnswers, suppressions, consents, tasks, dataRequests };
}

export type CustomerRecords = Awaited<ReturnType<typeof findCustomerRecords>>;

/**
 * Text a job payload contains when it carries this customer's data: webhook bodies (their email,
 * their customer GID), member, redemption and data-request jobs. Quoted as JSON strings, so
 * Customer/12 does not match Customer/123 and maria@ does not match anna.maria@.
 */
export function customerPayloadMarkers(customer: CustomerIdentity, records: CustomerRecords): string[] {
  return [
    customer.customerId,
    ...customer.emailVariants,
    ...(records.member ? [records.member.id] : []),
    ...records.redemptions.map((redemption) => redemption.id),
    ...records.dataRequests.map((request) => request.id),
  ].map((value) => JSON.stringify(value));
}
