-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_DataRequest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "customerId" TEXT,
    "email" TEXT,
    "orderIds" JSONB NOT NULL DEFAULT '[]',
    "status" TEXT NOT NULL DEFAULT 'pending',
    "document" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" DATETIME
);
INSERT INTO "new_DataRequest" ("completedAt", "createdAt", "customerId", "document", "email", "id", "orderIds", "shop", "status") SELECT "completedAt", "createdAt", "customerId", "document", "email", "id", "orderIds", "shop", "status" FROM "DataRequest";
DROP TABLE "DataRequest";
ALTER TABLE "new_DataRequest" RENAME TO "DataRequest";
CREATE INDEX "DataRequest_shop_createdAt_idx" ON "DataRequest"("shop", "createdAt");
CREATE TABLE "new_FreeShippingSettings" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "enabled" BOOLEAN NOT NULL DEFAULT false,
    "baseAmount" TEXT,
    "excludedCountries" JSONB NOT NULL DEFAULT '[]',
    "messages" JSONB NOT NULL DEFAULT '{}',
    "discountId" TEXT,
    "syncedAt" DATETIME,
    "syncError" TEXT,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_FreeShippingSettings" ("baseAmount", "discountId", "enabled", "excludedCountries", "messages", "shop", "syncError", "syncedAt", "updatedAt") SELECT "baseAmount", "discountId", "enabled", "excludedCountries", "messages", "shop", "syncError", "syncedAt", "updatedAt" FROM "FreeShippingSettings";
DROP TABLE "FreeShippingSettings";
ALTER TABLE "new_FreeShippingSettings" RENAME TO "FreeShippingSettings";
CREATE TABLE "new_FreeShippingZone" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "countries" JSONB NOT NULL DEFAULT '[]',
    "currency" TEXT NOT NULL,
    "amount" TEXT NOT NULL,
    "rateToShop" TEXT NOT NULL,
    "discountId" TEXT,
    "syncedAt" DATETIME,
    "syncError" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_FreeShippingZone" ("amount", "countries", "createdAt", "currency", "discountId", "id", "name", "rateToShop", "shop", "syncError", "syncedAt", "updatedAt") SELECT "amount", "countries", "createdAt", "currency", "discountId", "id", "name", "rateToShop", "shop", "syncError", "syncedAt", "updatedAt" FROM "FreeShippingZone";
DROP TABLE "FreeShippingZone";
ALTER TABLE "new_FreeShippingZone" RENAME TO "FreeShippingZone";
CREATE INDEX "FreeShippingZone_shop_idx" ON "FreeShippingZone"("shop");
CREATE TABLE "new_Job" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "dedupeKey" TEXT,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "runAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL DEFAULT 5,
    "lastError" TEXT,
    "skipReason" TEXT,
    "lockedBy" TEXT,
    "lockedAt" DATETIME,
    "finishedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Job" ("attempts", "createdAt", "dedupeKey", "finishedAt", "id", "lastError", "lockedAt", "lockedBy", "maxAttempts", "payload", "runAt", "shop", "skipReason", "status", "type", "updatedAt") SELECT "attempts", "createdAt", "dedupeKey", "finishedAt", "id", "lastError", "lockedAt", "lockedBy", "maxAttempts", "payload", "runAt", "shop", "skipReason", "status", "type", "updatedAt" FROM "Job";
DROP TABLE "Job";
ALTER TABLE "new_Job" RENAME TO "Job";
CREATE INDEX "Job_status_runAt_idx" ON "Job"("status", "runAt");
CREATE INDEX "Job_shop_status_idx" ON "Job"("shop", "status");
CREATE UNIQUE INDEX "Job_shop_dedupeKey_key" ON "Job"("shop", "dedupeKey");
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
    "taxesIncluded" BOOLEAN NOT NULL DEFAULT false,
    "totalShipping" TEXT NOT NULL DEFAULT '0.00',
    "shippingTax" TEXT NOT NULL DEFAULT '0.00',
    "totalTax" TEXT NOT NULL DEFAULT '0.00',
    "totalDiscounts" TEXT NOT NULL DEFAULT '0.00',
    "discountCodes" JSONB NOT NULL DEFAULT '[]',
    "shippingCountry" TEXT,
    "financialStatus" TEXT NOT NULL,
    "lineItems" JSONB NOT NULL,
    "processedAt" DATETIME NOT NULL,
    "paidAt" DATETIME,
    "fulfilledAt" DATETIME,
    "deliveredAt" DATETIME,
    "cancelledAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Order" ("acceptsMarketing", "cancelledAt", "createdAt", "currencyCode", "customerFirstName", "customerId", "customerLocale", "deliveredAt", "discountCodes", "email", "financialStatus", "fulfilledAt", "id", "lineItems", "name", "paidAt", "presentmentCurrencyCode", "presentmentTotalPrice", "processedAt", "shippingCountry", "shippingTax", "shop", "subtotalPrice", "taxesIncluded", "totalDiscounts", "totalPrice", "totalShipping", "totalTax", "updatedAt") SELECT "acceptsMarketing", "cancelledAt", "createdAt", "currencyCode", "customerFirstName", "customerId", "customerLocale", "deliveredAt", "discountCodes", "email", "financialStatus", "fulfilledAt", "id", "lineItems", "name", "paidAt", "presentmentCurrencyCode", "presentmentTotalPrice", "processedAt", "shippingCountry", "shippingTax", "shop", "subtotalPrice", "taxesIncluded", "totalDiscounts", "totalPrice", "totalShipping", "totalTax", "updatedAt" FROM "Order";
DROP TABLE "Order";
ALTER TABLE "new_Order" RENAME TO "Order";
CREATE INDEX "Order_shop_processedAt_idx" ON "Order"("shop", "processedAt");
CREATE INDEX "Order_shop_customerId_idx" ON "Order"("shop", "customerId");
CREATE TABLE "new_Refund" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "amount" TEXT NOT NULL,
    "lineItems" JSONB NOT NULL,
    "createdAt" DATETIME NOT NULL
);
INSERT INTO "new_Refund" ("amount", "createdAt", "id", "lineItems", "orderId", "shop") SELECT "amount", "createdAt", "id", "lineItems", "orderId", "shop" FROM "Refund";
DROP TABLE "Refund";
ALTER TABLE "new_Refund" RENAME TO "Refund";
CREATE INDEX "Refund_shop_orderId_idx" ON "Refund"("shop", "orderId");
CREATE TABLE "new_ReviewImport" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "totalRows" INTEGER NOT NULL DEFAULT 0,
    "processed" INTEGER NOT NULL DEFAULT 0,
    "imported" INTEGER NOT NULL DEFAULT 0,
    "errors" JSONB NOT NULL DEFAULT '[]',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME
);
INSERT INTO "new_ReviewImport" ("createdAt", "errors", "finishedAt", "format", "id", "imported", "processed", "shop", "status", "totalRows") SELECT "createdAt", "errors", "finishedAt", "format", "id", "imported", "processed", "shop", "status", "totalRows" FROM "ReviewImport";
DROP TABLE "ReviewImport";
ALTER TABLE "new_ReviewImport" RENAME TO "ReviewImport";
CREATE INDEX "ReviewImport_shop_createdAt_idx" ON "ReviewImport"("shop", "createdAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
