// The migration that made JSON text columns Json and free status strings enums: rows written
// before it read back through Prisma with the same values, typed (on SQLite, and on PostgreSQL
// when DATABASE_URL points there).
import { afterAll, describe, expect, it, onTestFinished } from "vitest";
import { migrationTargets, runSql } from "../../tests/support/test-database";
import { createDb } from "../db.server";
import { applyMigrations, readMigrations } from "./migrate.server";

const TYPED_JSON_AND_ENUMS = "20261206095947_typed_json_and_enums";

const { targets, dropAll } = migrationTargets();
afterAll(dropAll);

const LINES = [
  {
    lineItemId: "gid://shopify/LineItem/1",
    productId: "gid://shopify/Product/1",
    variantId: null,
    title: "Sea soap «λ»",
    quantity: 2,
    price: "20.00",
  },
];
const REFUND_LINES = [{ lineItemId: "gid://shopify/LineItem/1", quantity: 1, subtotal: "20.00" }];
const MESSAGES = { en: { before: "Spend {amount} more", progress: "Almost", reached: "Free shipping!" } };
const T = "2025-03-01 10:00:00";

describe.each(targets)("the typed_json_and_enums migration on $provider", (target) => {
  const migrations = readMigrations(target.provider);
  const index = migrations.findIndex((migration) => migration.name === TYPED_JSON_AND_ENUMS);
  const text = (value: unknown) => `'${(typeof value === "string" ? value : JSON.stringify(value)).replace(/'/g, "''")}'`;

  /** A database migrated up to just before the migration, as the runner would have left it. */
  async function databaseBefore(): Promise<string> {
    const url = await target.createEmpty();
    const earlier = migrations.slice(0, index);
    for (const migration of earlier) await runSql(url, migration.sql);
    const now = target.provider === "sqlite" ? String(Date.now()) : "now()";
    // The runner's history table, so that it applies the one migration left.
    await runSql(
      url,
      `CREATE TABLE "_prisma_migrations" ("id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" ${target.provider === "sqlite" ? "DATETIME" : "TIMESTAMPTZ"},
         "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" ${target.provider === "sqlite" ? "DATETIME" : "TIMESTAMPTZ"},
         "started_at" ${target.provider === "sqlite" ? "DATETIME" : "TIMESTAMPTZ"} NOT NULL, "applied_steps_count" INTEGER NOT NULL DEFAULT 0);
       ${earlier.map((migration, position) => `INSERT INTO "_prisma_migrations" VALUES ('m${position}', '${migration.checksum}', ${now}, '${migration.name}', NULL, NULL, ${now}, 1);`).join("\n")}`,
    );
    return url;
  }

  it("keeps every row: JSON text becomes the same JSON, each status string its enum value", async () => {
    expect(index).toBeGreaterThan(0);
    const url = await databaseBefore();
    const shop = "a.myshopify.com";
    await runSql(
      url,
      `INSERT INTO "Order" ("id", "shop", "name", "currencyCode", "presentmentCurrencyCode", "totalPrice", "presentmentTotalPrice", "subtotalPrice", "financialStatus", "lineItems", "discountCodes", "processedAt", "updatedAt")
         VALUES ('gid://shopify/Order/1', '${shop}', '#1001', 'EUR', 'EUR', '40.00', '40.00', '40.00', 'partially_refunded', ${text(LINES)}, ${text(["FRIEND-AB3CD"])}, '${T}', '${T}');
       INSERT INTO "Refund" ("id", "shop", "orderId", "amount", "lineItems", "createdAt") VALUES ('gid://shopify/Refund/1', '${shop}', 'gid://shopify/Order/1', '20.00', ${text(REFUND_LINES)}, '${T}');
       INSERT INTO "Job" ("id", "shop", "type", "payload", "status", "updatedAt") VALUES ('job-1', '${shop}', 'email.send', ${text({ messageId: "m1" })}, 'dead', '${T}');
       INSERT INTO "WebhookDelivery" ("id", "shop", "webhookId", "topic", "status") VALUES ('wd-1', '${shop}', 'w1', 'orders/paid', 'refused');
       INSERT INTO "Review" ("id", "shop", "productId", "rating", "body", "authorName", "verifiedBy", "status", "source", "importedFrom", "contentHash", "updatedAt")
         VALUES ('r-1', '${shop}', 'gid://shopify/Product/1', 5, 'Good', 'Ana', NULL, 'published', 'import', 'okendo', 'h1', '${T}'),
                ('r-2', '${shop}', 'gid://shopify/Product/1', 4, 'Fine', 'Bo', 'review_link', 'pending', 'request_email', NULL, 'h2', '${T}');
       INSERT INTO "ReviewImport" ("id", "shop", "format", "status", "errors") VALUES ('ri-1', '${shop}', 'judgeme', 'failed', ${text([{ row: 3, message: "no rating" }])});
       INSERT INTO "MerchantTask" ("id", "shop", "kind", "subjectId", "summary", "status") VALUES ('t-1', '${shop}', 'unhappy_survey', 's1', 'Unhappy', 'done');
       INSERT INTO "EmailSettings" ("shop", "reviewRequestTrigger", "updatedAt") VALUES ('${shop}', 'fulfillment', '${T}');
       INSERT INTO "EmailTemplate" ("id", "shop", "kind", "locale", "subject", "body", "updatedAt") VALUES ('tpl-1', '${shop}', 'review_reminder', 'el', 'S', 'B', '${T}');
       INSERT INTO "EmailMessage" ("id", "shop", "orderId", "orderName", "flow", "idempotencyKey", "template", "recipient", "locale", "status", "scheduledFor", "updatedAt")
         VALUES ('em-1', '${shop}', 'loyalty-member:lm-1', '', 'points_expiry', 'k1', 'points_expiry', 'a@example.com', 'en', 'suppressed', '${T}', '${T}');
       INSERT INTO "EmailSuppression" ("id", "shop", "email", "reason") VALUES ('es-1', '${shop}', 'a@example.com', 'bounced');
       INSERT INTO "LoyaltySettings" ("shop", "tierBasis", "updatedAt") VALUES ('${shop}', 'spend', '${T}');
       INSERT INTO "LoyaltyReward" ("id", "shop", "name", "kind", "pointsCost", "updatedAt") VALUES ('rw-1', '${shop}', 'Free shipping', 'free_shipping', 500, '${T}');
       INSERT INTO "LoyaltyMember" ("id", "shop", "referralCode", "updatedAt") VALUES ('lm-1', '${shop}', 'AB3CD', '${T}');
       INSERT INTO "LoyaltyEntry" ("id", "shop", "memberId", "kind", "bucket", "points", "idempotencyKey") VALUES ('le-1', '${shop}', 'lm-1', 'release', 'pending', -50, 'k1');
       INSERT INTO "LoyaltyRedemption" ("id", "shop", "memberId", "rewardId", "points", "code", "status", "updatedAt") VALUES ('rd-1', '${shop}', 'lm-1', 'rw-1', 500, 'REWARD-1', 'issued', '${T}');
       INSERT INTO "FreeShippingSettings" ("shop", "excludedCountries", "messages", "updatedAt") VALUES ('${shop}', ${text(["AU"])}, ${text(MESSAGES)}, '${T}');
       INSERT INTO "FreeShippingZone" ("id", "shop", "name", "countries", "currency", "amount", "rateToShop", "updatedAt") VALUES ('z-1', '${shop}', 'Europe', ${text(["DE", "GR"])}, 'EUR', '60.00', '0.92', '${T}');
       INSERT INTO "DataRequest" ("id", "shop", "orderIds", "status", "document") VALUES ('dr-1', '${shop}', ${text(["gid://shopify/Order/1"])}, 'ready', '{\n  "about": "x"\n}');`,
    );

    // This migration first, then every later one, over the old-shape rows.
    expect((await applyMigrations(url))[0]).toBe(TYPED_JSON_AND_ENUMS);
    // Rows added afterwards without the JSON columns get the schema's defaults.
    await runSql(
      url,
      `INSERT INTO "FreeShippingZone" ("id", "shop", "name", "currency", "amount", "rateToShop", "updatedAt") VALUES ('z-2', '${shop}', 'Empty', 'GBP', '50.00', '0.8', '${T}');
       INSERT INTO "DataRequest" ("id", "shop") VALUES ('dr-2', '${shop}');`,
    );

    const db = createDb(url);
    onTestFinished(() => db.$disconnect());
    expect(await db.order.findUniqueOrThrow({ where: { id: "gid://shopify/Order/1" } })).toMatchObject({
      lineItems: LINES,
      discountCodes: ["FRIEND-AB3CD"],
      financialStatus: "partially_refunded",
    });
    expect(await db.refund.findUniqueOrThrow({ where: { id: "gid://shopify/Refund/1" } })).toMatchObject({ lineItems: REFUND_LINES });
    expect(await db.job.findUniqueOrThrow({ where: { id: "job-1" } })).toMatchObject({ payload: { messageId: "m1" }, status: "dead" });
    expect(await db.webhookDelivery.findUniqueOrThrow({ where: { id: "wd-1" } })).toMatchObject({ status: "refused" });
    expect(
      await db.review.findMany({ orderBy: { id: "asc" }, select: { verifiedBy: true, status: true, source: true, importedFrom: true } }),
    ).toEqual([
      { verifiedBy: null, status: "published", source: "import", importedFrom: "okendo" },
      { verifiedBy: "review_link", status: "pending", source: "request_email", importedFrom: null },
    ]);
    expect(await db.reviewImport.findUniqueOrThrow({ where: { id: "ri-1" } })).toMatchObject({
      format: "judgeme",
      status: "failed",
      errors: [{ row: 3, message: "no rating" }],
    });
    expect(await db.merchantTask.findUniqueOrThrow({ where: { id: "t-1" } })).toMatchObject({ kind: "unhappy_survey", status: "done" });
    expect(await db.emailSettings.findUniqueOrThrow({ where: { shop } })).toMatchObject({ reviewRequestTrigger: "fulfillment" });
    expect(await db.emailTemplate.findUniqueOrThrow({ where: { id: "tpl-1" } })).toMatchObject({ kind: "review_reminder", locale: "el" });
    expect(await db.emailMessage.findUniqueOrThrow({ where: { id: "em-1" } })).toMatchObject({
      flow: "points_expiry",
      template: "points_expiry",
      status: "suppressed",
    });
    expect(await db.emailSuppression.findUniqueOrThrow({ where: { id: "es-1" } })).toMatchObject({ reason: "bounced" });
    expect(await db.loyaltySettings.findUniqueOrThrow({ where: { shop } })).toMatchObject({ tierBasis: "spend" });
    expect(await db.loyaltyReward.findUniqueOrThrow({ where: { id: "rw-1" } })).toMatchObject({ kind: "free_shipping" });
    expect(await db.loyaltyEntry.findUniqueOrThrow({ where: { id: "le-1" } })).toMatchObject({
      kind: "release",
      bucket: "pending",
      points: -50,
    });
    expect(await db.loyaltyRedemption.findUniqueOrThrow({ where: { id: "rd-1" } })).toMatchObject({ status: "issued" });
    expect(await db.freeShippingSettings.findUniqueOrThrow({ where: { shop } })).toMatchObject({
      excludedCountries: ["AU"],
      messages: MESSAGES,
    });
    expect(await db.freeShippingZone.findMany({ orderBy: { id: "asc" }, select: { countries: true } })).toEqual([
      { countries: ["DE", "GR"] },
      { countries: [] },
    ]);
    expect(await db.dataRequest.findMany({ orderBy: { id: "asc" }, select: { orderIds: true, status: true, document: true } })).toEqual([
      { orderIds: ["gid://shopify/Order/1"], status: "ready", document: '{\n  "about": "x"\n}' },
      { orderIds: [], status: "pending", document: null },
    ]);
    // The enum columns take part in queries as before, in filters and in indexes.
    expect(await db.review.count({ where: { shop, status: "published" } })).toBe(1);
    expect(await db.job.count({ where: { status: { in: ["dead", "queued"] } } })).toBe(1);
  });
});
