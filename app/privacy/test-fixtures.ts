// Rows for the privacy tests: one of everything a shop and its customers can have, and
// questions asked of every model Prisma knows (rows per shop, rows mentioning some text),
// so a model added to the schema later is covered without editing the tests.
import { randomUUID } from "node:crypto";
import { Prisma } from "@prisma/client";
import type { Db } from "../db.server";
import { movePointsTotal } from "../loyalty/points-total.server";

export const newShop = () => `privacy-${randomUUID().slice(0, 8)}.myshopify.com`;

export interface Person {
  customerNumber: number;
  email: string;
  firstName: string;
  lastName: string;
}

export const customerGid = (person: Person) => `gid://shopify/Customer/${person.customerNumber}`;

let sequence = 0;
const unique = () => `${Date.now()}${sequence++}`;

/** An order webhook body as Shopify sends it, with the person's details (what a job payload keeps). */
export function orderWebhookBody(orderNumber: number, person: Person) {
  return {
    id: orderNumber,
    email: person.email,
    customer: {
      id: person.customerNumber,
      admin_graphql_api_id: customerGid(person),
      email: person.email,
      first_name: person.firstName,
      last_name: person.lastName,
    },
    shipping_address: { name: `${person.firstName} ${person.lastName}`, address1: "1 Example Street" },
  };
}

/** Everything a customer can leave behind in one shop; returns the ids the tests look at. */
export async function seedCustomerData(db: Db, shop: string, person: Person, productId = "gid://shopify/Product/9001") {
  const customerId = customerGid(person);
  const orderNumber = Number(unique().slice(-12));
  const orderId = `gid://shopify/Order/${orderNumber}`;
  const fullName = `${person.firstName} ${person.lastName}`;
  await db.order.create({
    data: {
      id: orderId,
      shop,
      name: `#${orderNumber % 100000}`,
      email: person.email,
      customerId,
      customerFirstName: person.firstName,
      customerLocale: "en",
      currencyCode: "USD",
      presentmentCurrencyCode: "USD",
      totalPrice: "42.00",
      presentmentTotalPrice: "42.00",
      subtotalPrice: "40.00",
      financialStatus: "partially_refunded",
      lineItems: [
        { lineItemId: `gid://shopify/LineItem/${unique()}`, productId, variantId: null, title: "Sea soap", quantity: 2, price: "20.00" },
      ],
      processedAt: new Date("2030-01-02T10:00:00Z"),
      paidAt: new Date("2030-01-02T10:00:00Z"),
    },
  });
  await db.refund.create({
    data: {
      id: `gid://shopify/Refund/${unique()}`,
      shop,
      orderId,
      amount: "20.00",
      lineItems: [],
      createdAt: new Date("2030-01-05T10:00:00Z"),
    },
  });
  const review = await db.review.create({
    data: {
      shop,
      productId,
      orderId,
      customerId,
      rating: 2,
      title: "Not for me",
      body: "The scent faded after a week.",
      authorName: fullName,
      authorEmail: person.email,
      verified: true,
      verifiedBy: "customer_order",
      status: "published",
      source: "storefront",
      ipHash: "ip-hash",
      contentHash: `hash-${unique()}`,
      photos: {
        create: [
          {
            fileId: `gid://shopify/MediaImage/${unique()}`,
            url: `https://cdn.example/${unique()}.jpg`,
            altText: `Photo by ${fullName}`,
            position: 0,
          },
        ],
      },
    },
  });
  // The customer found their own review helpful (any review would do): the vote names them.
  await db.reviewVote.create({ data: { reviewId: review.id, shop, voter: `customer:${customerId}` } });
  await db.merchantTask.create({
    data: { shop, kind: "low_rating", subjectId: review.id, summary: `2-star review from ${fullName}: “Not for me”` },
  });
  const message = await db.emailMessage.create({
    data: {
      shop,
      orderId,
      orderName: "#1",
      flow: "thank_you",
      idempotencyKey: `${orderId}:thank_you:0`,
      template: "thank_you_first",
      recipient: person.email,
      locale: "en",
      status: "sent",
      subject: `Thank you, ${person.firstName}!`,
      scheduledFor: new Date("2030-01-02T11:00:00Z"),
      sentAt: new Date("2030-01-02T11:00:00Z"),
    },
  });
  await db.emailMessage.create({
    data: {
      shop,
      orderId,
      orderName: "#1",
      flow: "review_request",
      idempotencyKey: `${orderId}:review_request:0`,
      template: "review_request",
      recipient: person.email,
      locale: "en",
      status: "scheduled",
      subject: `${person.firstName}, how was your soap?`,
      scheduledFor: new Date("2030-01-12T11:00:00Z"),
    },
  });
  const answer = await db.surveyAnswer.create({ data: { shop, orderId, messageId: message.id, score: 1, comment: `Signed, ${fullName}` } });
  await db.merchantTask.create({
    data: { shop, kind: "unhappy_survey", subjectId: answer.id, summary: `Order #1: rated 1/5 — “Signed, ${fullName}”` },
  });
  await db.emailSuppression.create({ data: { shop, email: person.email.toLowerCase(), reason: "unsubscribed" } });
  await db.emailConsent.create({
    data: {
      shop,
      customerId,
      email: person.email.toLowerCase(),
      state: "unsubscribed",
      consentUpdatedAt: new Date("2030-01-06T10:00:00Z"),
    },
  });
  const member = await db.loyaltyMember.create({
    data: {
      shop,
      customerId,
      email: person.email.toLowerCase(),
      firstName: person.firstName,
      balance: 150,
      lifetimeEarned: 250,
      birthday: "04-17",
      referralCode: `REF${unique()}`,
    },
  });
  await db.loyaltyEntry.create({
    data: { shop, memberId: member.id, kind: "earn", bucket: "balance", points: 250, idempotencyKey: `order:${orderId}:earn`, orderId },
  });
  await db.loyaltyEntry.create({
    data: { shop, memberId: member.id, kind: "redeem", bucket: "balance", points: -100, idempotencyKey: `redeem:${unique()}` },
  });
  // The shop's totals hold the member's points, as a ledger post leaves them.
  await movePointsTotal(db, shop, { balance: member.balance, pending: member.pending });
  await db.loyaltyRedemption.create({
    data: { shop, memberId: member.id, rewardId: "reward-1", points: 100, code: `RW-${unique()}`, status: "issued" },
  });
  await db.emailMessage.create({
    data: {
      shop,
      orderId: `loyalty-member:${member.id}`,
      orderName: "",
      flow: "points_expiry",
      idempotencyKey: `loyalty-member:${member.id}:points_expiry:2030`,
      template: "points_expiry",
      recipient: person.email.toLowerCase(),
      locale: "en",
      status: "sent",
      subject: `${person.firstName}, your points expire soon`,
      scheduledFor: new Date("2030-02-01T09:00:00Z"),
      sentAt: new Date("2030-02-01T09:00:00Z"),
    },
  });
  // Webhook bodies the worker has already run keep the customer's details.
  await db.job.create({
    data: { shop, type: "order.record", status: "done", payload: { topic: "orders/paid", body: orderWebhookBody(orderNumber, person) } },
  });
  await db.job.create({ data: { shop, type: "loyalty.sync_member", status: "queued", payload: { memberId: member.id } } });
  return { customerId, orderId, orderNumber, reviewId: review.id, memberId: member.id, messageId: message.id, answerId: answer.id };
}

/** The shop's own rows: settings, templates, programme, thresholds, metrics, imports, sessions. */
export async function seedShopData(db: Db, shop: string) {
  // Upserts: the shop may be installed already.
  await db.shop.upsert({
    where: { domain: shop },
    create: { domain: shop, name: "Privacy Test Shop", email: "owner@privacy-shop.example" },
    update: {},
  });
  await db.session.upsert({
    where: { id: `offline_${shop}` },
    create: { id: `offline_${shop}`, shop, state: "", accessToken: "token" },
    update: {},
  });
  await db.webhookDelivery.create({ data: { shop, webhookId: unique(), topic: "orders/paid" } });
  await db.reviewSettings.upsert({ where: { shop }, create: { shop }, update: {} });
  await db.reviewImport.create({ data: { shop, format: "judgeme" } });
  await db.productSyncLease.create({
    data: { shop, productId: `gid://shopify/Product/${unique()}`, token: unique(), expiresAt: new Date("2030-01-02T00:00:00Z") },
  });
  await db.emailSettings.upsert({ where: { shop }, create: { shop }, update: {} });
  await db.emailTemplate.upsert({
    where: { shop_kind_locale: { shop, kind: "thank_you_first", locale: "en" } },
    create: { shop, kind: "thank_you_first", locale: "en", subject: "Thanks", body: "<p>Thanks</p>" },
    update: {},
  });
  await db.loyaltySettings.upsert({ where: { shop }, create: { shop, enabled: true }, update: {} });
  await db.loyaltyTier.upsert({
    where: { shop_threshold: { shop, threshold: 1000 } },
    create: { shop, name: "Gold", threshold: 1000 },
    update: {},
  });
  await db.loyaltyReward.create({ data: { shop, name: "$5 off", kind: "amount_off", value: "5.00", pointsCost: 100 } });
  await db.freeShippingSettings.upsert({ where: { shop }, create: { shop, enabled: true, baseAmount: "50.00" }, update: {} });
  await db.freeShippingZone.create({
    data: { shop, name: "Europe", countries: ["GR"], currency: "EUR", amount: "60.00", rateToShop: "0.92" },
  });
  await db.dailyMetric.upsert({
    where: { shop_day: { shop, day: "2030-01-02" } },
    create: { shop, day: "2030-01-02", orders: 1, revenueCents: 4200 },
    update: {},
  });
  await db.dataRequest.create({
    data: { shop, customerId: "gid://shopify/Customer/1", email: "someone@example.com", status: "ready", document: "{}" },
  });
}

type Delegate = { count(args: { where: object }): Promise<number>; findMany(args: { where: object }): Promise<Record<string, unknown>[]> };
const delegate = (db: Db, model: string) => (db as unknown as Record<string, Delegate>)[model[0]!.toLowerCase() + model.slice(1)]!;

/** How to find a model's rows for one shop. A model with no shop column needs a line here. */
function shopWhere(model: Prisma.DMMF.Model, shop: string): object {
  if (model.fields.some((field) => field.name === "shop")) return { shop };
  if (model.name === "Shop") return { domain: shop };
  if (model.name === "ReviewPhoto") return { review: { shop } };
  throw new Error(`${model.name} has no shop column: say in app/privacy/test-fixtures.ts how its rows belong to a shop`);
}

/** Rows each model holds for the shop, by model name. */
export async function rowsPerModel(db: Db, shop: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const model of Prisma.dmmf.datamodel.models)
    counts[model.name] = await delegate(db, model.name).count({ where: shopWhere(model, shop) });
  return counts;
}

/** "Model.field" for every text or JSON column, in any table, containing `text`. */
export async function columnsMentioning(db: Db, text: string): Promise<string[]> {
  const found: string[] = [];
  for (const model of Prisma.dmmf.datamodel.models) {
    const scalars = (type: string) =>
      model.fields.filter((field) => field.kind === "scalar" && field.type === type).map((field) => field.name);
    const textFields = scalars("String");
    const jsonFields = scalars("Json");
    // JSON columns have no text filter: a model with one is read whole and searched here.
    const where = jsonFields.length > 0 ? {} : { OR: textFields.map((field) => ({ [field]: { contains: text } })) };
    const rows = await delegate(db, model.name).findMany({ where });
    for (const row of rows) {
      for (const field of textFields) if (String(row[field] ?? "").includes(text)) found.push(`${model.name}.${field}`);
      for (const field of jsonFields) if (JSON.stringify(row[field] ?? null).includes(text)) found.push(`${model.name}.${field}`);
    }
  }
  return [...new Set(found)];
}
