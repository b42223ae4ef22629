// Erasure. customers/redact: remove or anonymise one customer's personal data everywhere the
// app keeps it, Shopify's product review metaobjects of their reviews included (deleted by the
// products' syncs it queues, with the shop's token). shop/redact (48 hours after uninstall):
// delete every row the app holds for the shop, in every table. The app holds no token by then
// (app/uninstalled deleted its sessions) and cannot call Shopify, so the product review
// metaobjects it created stay in the store. Shopify's docs do not say what it does with them; the
// assumption is that they stay as the shop's own data: a standard definition belongs to the shop,
// not to the app (the schema's STANDARD_METAOBJECT_DEFINITION_DEPENDENT_ON_APP error only stops
// the merchant deleting one that an installed app depends on).
import { Prisma } from "@prisma/client";
import { dbProvider, type Db } from "../db.server";
import type { DbProvider } from "../db/provider";
import { movePointsTotal } from "../loyalty/points-total.server";
import { enqueueProductSync } from "../reviews/sync-product.server";
import { REDACTED_JOB_PAYLOAD, type CustomerIdentity } from "./compliance-payloads";
import { customerPayloadMarkers, findCustomerRecords } from "./customer-records.server";

type ShopDeletion = (db: Db, shop: string) => Prisma.PrismaPromise<unknown>;

/**
 * One deletion per model, children before parents. Keyed by Prisma's model names, so adding
 * a model to the schema without adding it here fails the type check (and privacy tests).
 */
export const SHOP_DELETIONS = {
  ReviewVote: (db, shop) => db.reviewVote.deleteMany({ where: { shop } }),
  ReviewPhoto: (db, shop) => db.reviewPhoto.deleteMany({ where: { review: { shop } } }),
  Review: (db, shop) => db.review.deleteMany({ where: { shop } }),
  ProductSyncLease: (db, shop) => db.productSyncLease.deleteMany({ where: { shop } }),
  ReviewSettings: (db, shop) => db.reviewSettings.deleteMany({ where: { shop } }),
  ReviewImport: (db, shop) => db.reviewImport.deleteMany({ where: { shop } }),
  MerchantTask: (db, shop) => db.merchantTask.deleteMany({ where: { shop } }),
  EmailMessage: (db, shop) => db.emailMessage.deleteMany({ where: { shop } }),
  EmailTemplate: (db, shop) => db.emailTemplate.deleteMany({ where: { shop } }),
  EmailSettings: (db, shop) => db.emailSettings.deleteMany({ where: { shop } }),
  EmailSuppression: (db, shop) => db.emailSuppression.deleteMany({ where: { shop } }),
  EmailConsent: (db, shop) => db.emailConsent.deleteMany({ where: { shop } }),
  SurveyAnswer: (db, shop) => db.surveyAnswer.deleteMany({ where: { shop } }),
  LoyaltyEntry: (db, shop) => db.loyaltyEntry.deleteMany({ where: { shop } }),
  LoyaltyRedemption: (db, shop) => db.loyaltyRedemption.deleteMany({ where: { shop } }),
  LoyaltyMember: (db, shop) => db.loyaltyMember.deleteMany({ where: { shop } }),
  LoyaltyPointsTotal: (db, shop) => db.loyaltyPointsTotal.deleteMany({ where: { shop } }),
  LoyaltyReward: (db, shop) => db.loyaltyReward.deleteMany({ where: { shop } }),
  LoyaltyTier: (db, shop) => db.loyaltyTier.deleteMany({ where: { shop } }),
  LoyaltySettings: (db, shop) => db.loyaltySettings.deleteMany({ where: { shop } }),
  FreeShippingZone: (db, shop) => db.freeShippingZone.deleteMany({ where: { shop } }),
  FreeShippingSettings: (db, shop) => db.freeShippingSettings.deleteMany({ where: { shop } }),
  DailyMetric: (db, shop) => db.dailyMetric.deleteMany({ where: { shop } }),
  DataRequest: (db, shop) => db.dataRequest.deleteMany({ where: { shop } }),
  Refund: (db, shop) => db.refund.deleteMany({ where: { shop } }),
  Order: (db, shop) => db.order.deleteMany({ where: { shop } }),
  WebhookDelivery: (db, shop) => db.webhookDelivery.deleteMany({ where: { shop } }),
  Session: (db, shop) => db.session.deleteMany({ where: { shop } }),
  // The redact job itself included: once this commits nothing of the shop remains.
  Job: (db, shop) => db.job.deleteMany({ where: { shop } }),
  Shop: (db, shop) => db.shop.deleteMany({ where: { domain: shop } }),
} satisfies Record<Prisma.ModelName, ShopDeletion>;

export async function redactShop(db: Db, shop: string): Promise<void> {
  await db.$transaction(Object.values(SHOP_DELETIONS).map((deletion) => deletion(db, shop)));
}

const ERASED = "Customer data erased";

/**
 * Anonymises what must stay for the shop's records (orders and their totals, review text,
 * survey scores, the send log) and deletes what is only about the person (loyalty member,
 * ledger and codes, review photos, suppression entries, data-request exports, job payloads
 * carrying their data). `currentJobId`: the redact job running this, whose own payload
 * names the customer and is emptied in the same transaction.
 */
export async function redactCustomer(db: Db, shop: string, customer: CustomerIdentity, currentJobId?: string): Promise<void> {
  const records = await findCustomerRecords(db, shop, customer);
  const orderIds = records.orders.map((order) => order.id);
  const reviewIds = records.reviews.map((review) => review.id);
  const emailIds = records.emails.map((email) => email.id);
  const taskIds = (kind: string) => records.tasks.filter((task) => task.kind === kind).map((task) => task.id);
  const markers = customerPayloadMarkers(customer, records);
  const provider = dbProvider(db);

  await db.$transaction(async (tx) => {
    await tx.order.updateMany({ where: { shop, id: { in: orderIds } }, data: { email: null, customerId: null, customerFirstName: null } });
    // Emails not yet sent are dropped; the log keeps that an email went out, not to whom or what it said.
    await tx.emailMessage.updateMany({
      where: { shop, id: { in: emailIds }, status: "scheduled" },
      data: { status: "cancelled", statusReason: ERASED },
    });
    await tx.emailMessage.updateMany({ where: { shop, id: { in: emailIds } }, data: { recipient: "", subject: null } });
    await tx.surveyAnswer.updateMany({
      where: { shop, id: { in: records.surveyAnswers.map((answer) => answer.id) } },
      data: { comment: null },
    });
    // Task summaries quote the reviewer's name or the survey comment.
    await tx.merchantTask.updateMany({
      where: { shop, id: { in: taskIds("low_rating") } },
      data: { summary: "Low rating from a customer whose data was erased" },
    });
    await tx.merchantTask.updateMany({
      where: { shop, id: { in: taskIds("unhappy_survey") } },
      data: { summary: "Unhappy survey answer from a customer whose data was erased" },
    });
    // Points are personal data and useless without the person: the member, ledger and codes go.
    if (records.member) {
      await tx.loyaltyRedemption.deleteMany({ where: { shop, memberId: records.member.id } });
      // The member's row locked first (a write that changes nothing), as a ledger post does, so the
      // points taken off the shop's totals are the ones deleted: a post in flight commits before or after.
      await tx.loyaltyMember.updateMany({ where: { shop, id: records.member.id }, data: { balance: { increment: 0 } } });
      const erased = await tx.loyaltyMember.findUnique({ where: { id: records.member.id }, select: { balance: true, pending: true } });
      if (erased) {
        await tx.loyaltyMember.delete({ where: { id: records.member.id } }); // entries cascade
        await movePointsTotal(tx, shop, { balance: -erased.balance, pending: -erased.pending });
      }
    }
    // The review text stays (it is about the product); whatever identifies the person goes,
    // photos included (they may show them), and the buyer key (it holds their customer id or address).
    // erasedAt ends the review's syndication: the product's sync deletes its Shopify metaobject.
    await tx.reviewPhoto.deleteMany({ where: { reviewId: { in: reviewIds } } });
    await tx.review.updateMany({
      where: { shop, id: { in: reviewIds } },
      data: {
        authorName: "Anonymous",
        authorEmail: null,
        customerId: null,
        ipHash: null,
        orderId: null,
        photoCount: 0,
        buyerKey: null,
        erasedAt: new Date(),
      },
    });
    // "Helpful" votes name the customer; the counts they added stay (they identify nobody).
    await tx.reviewVote.deleteMany({ where: { shop, voter: `customer:${customer.customerId}` } });
    // Storefront summaries show reviewer names and photos, and Shopify holds the reviews' metaobjects: re-sync the products.
    const syncedProducts = new Set(
      records.reviews
        .filter((review) => review.status === "published" || review.metaobjectHandle !== null)
        .map((review) => review.productId),
    );
    for (const productId of syncedProducts) await enqueueProductSync(tx, shop, productId);
    if (customer.email) await tx.emailSuppression.deleteMany({ where: { shop, email: customer.email } });
    await tx.emailConsent.deleteMany({ where: { shop, customerId: { in: records.consents.map((consent) => consent.customerId) } } });
    await tx.dataRequest.deleteMany({ where: { shop, id: { in: records.dataRequests.map((request) => request.id) } } });
    // Webhook bodies kept in finished (or still queued) jobs carry names, emails and addresses.
    if (markers.length > 0) {
      const ids = await jobsMentioning(tx, provider, shop, markers);
      await tx.job.deleteMany({
        where: { shop, status: { not: "running" }, id: { in: ids, ...(currentJobId ? { not: currentJobId } : {}) } },
      });
    }
    if (currentJobId) await tx.job.updateMany({ where: { id: currentJobId }, data: { payload: REDACTED_JOB_PAYLOAD } });
  });
}

/**
 * The shop's jobs whose payload holds one of `markers` (JSON string literals) anywhere in it.
 * Prisma's JSON filters look at one path at a time, so this searches the JSON's text: SQLite keeps
 * it as written, PostgreSQL prints its jsonb with strings escaped as JSON.stringify does.
 */
async function jobsMentioning(tx: Prisma.TransactionClient, provider: DbProvider, shop: string, markers: string[]): Promise<string[]> {
  const payload = provider === "postgresql" ? Prisma.sql`"payload"::text` : Prisma.sql`"payload"`;
  const mentions = markers.map((marker) =>
    provider === "postgresql" ? Prisma.sql`strpos(${payload}, ${marker}) > 0` : Prisma.sql`instr(${payload}, ${marker}) > 0`,
  );
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT "id" FROM "Job" WHERE "shop" = ${shop} AND (${Prisma.join(mentions, " OR ")})`;
  return rows.map((row) => row.id);
}
