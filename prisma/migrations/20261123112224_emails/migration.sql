-- AlterTable
ALTER TABLE "Shop" ADD COLUMN "storefrontUrl" TEXT;

-- CreateTable
CREATE TABLE "EmailSettings" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "thankYouEnabled" BOOLEAN NOT NULL DEFAULT true,
    "thankYouDelayMinutes" INTEGER NOT NULL DEFAULT 60,
    "thankYouSurvey" BOOLEAN NOT NULL DEFAULT true,
    "reviewRequestEnabled" BOOLEAN NOT NULL DEFAULT true,
    "reviewRequestTrigger" TEXT NOT NULL DEFAULT 'delivery',
    "reviewRequestDelayDays" INTEGER NOT NULL DEFAULT 7,
    "reviewRequestFallbackDays" INTEGER NOT NULL DEFAULT 14,
    "reviewReminders" INTEGER NOT NULL DEFAULT 1,
    "reviewReminderIntervalDays" INTEGER NOT NULL DEFAULT 5,
    "sendWindowStartHour" INTEGER,
    "sendWindowEndHour" INTEGER,
    "marketingConsentOnly" BOOLEAN NOT NULL DEFAULT false,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "EmailTemplate" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "EmailMessage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "orderName" TEXT NOT NULL,
    "flow" TEXT NOT NULL,
    "step" INTEGER NOT NULL DEFAULT 0,
    "idempotencyKey" TEXT NOT NULL,
    "template" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'scheduled',
    "statusReason" TEXT,
    "scheduledFor" DATETIME NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "subject" TEXT,
    "smtpMessageId" TEXT,
    "sendingAt" DATETIME,
    "sentAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "EmailSuppression" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "detail" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "SurveyAnswer" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "score" INTEGER NOT NULL,
    "comment" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Order" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT,
    "customerId" TEXT,
    "customerFirstName" TEXT,
    "customerLocale" TEXT,
    "acceptsMarketing" BOOLEAN NOT NULL DEFAULT false,
    "currencyCode" TEXT NOT NULL,
    "presentmentCurrencyCode" TEXT NOT NULL,
    "totalPrice" TEXT NOT NULL,
    "presentmentTotalPrice" TEXT NOT NULL,
    "subtotalPrice" TEXT NOT NULL,
    "financialStatus" TEXT NOT NULL,
    "lineItems" TEXT NOT NULL,
    "processedAt" DATETIME NOT NULL,
    "paidAt" DATETIME,
    "fulfilledAt" DATETIME,
    "deliveredAt" DATETIME,
    "cancelledAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Order" ("cancelledAt", "createdAt", "currencyCode", "customerId", "deliveredAt", "email", "financialStatus", "fulfilledAt", "id", "lineItems", "name", "paidAt", "presentmentCurrencyCode", "presentmentTotalPrice", "processedAt", "shop", "subtotalPrice", "totalPrice", "updatedAt") SELECT "cancelledAt", "createdAt", "currencyCode", "customerId", "deliveredAt", "email", "financialStatus", "fulfilledAt", "id", "lineItems", "name", "paidAt", "presentmentCurrencyCode", "presentmentTotalPrice", "processedAt", "shop", "subtotalPrice", "totalPrice", "updatedAt" FROM "Order";
DROP TABLE "Order";
ALTER TABLE "new_Order" RENAME TO "Order";
CREATE INDEX "Order_shop_processedAt_idx" ON "Order"("shop", "processedAt");
CREATE INDEX "Order_shop_customerId_idx" ON "Order"("shop", "customerId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "EmailTemplate_shop_kind_locale_key" ON "EmailTemplate"("shop", "kind", "locale");

-- CreateIndex
CREATE INDEX "EmailMessage_shop_createdAt_idx" ON "EmailMessage"("shop", "createdAt");

-- CreateIndex
CREATE INDEX "EmailMessage_shop_status_createdAt_idx" ON "EmailMessage"("shop", "status", "createdAt");

-- CreateIndex
CREATE INDEX "EmailMessage_shop_flow_createdAt_idx" ON "EmailMessage"("shop", "flow", "createdAt");

-- CreateIndex
CREATE INDEX "EmailMessage_shop_orderId_idx" ON "EmailMessage"("shop", "orderId");

-- CreateIndex
CREATE UNIQUE INDEX "EmailMessage_shop_idempotencyKey_key" ON "EmailMessage"("shop", "idempotencyKey");

-- CreateIndex
CREATE UNIQUE INDEX "EmailSuppression_shop_email_key" ON "EmailSuppression"("shop", "email");

-- CreateIndex
CREATE UNIQUE INDEX "SurveyAnswer_messageId_key" ON "SurveyAnswer"("messageId");

-- CreateIndex
CREATE INDEX "SurveyAnswer_shop_createdAt_idx" ON "SurveyAnswer"("shop", "createdAt");
