-- AlterTable
ALTER TABLE "Job" ADD COLUMN "skipReason" TEXT;

-- CreateTable
CREATE TABLE "EmailConsent" (
    "shop" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "email" TEXT,
    "state" TEXT NOT NULL,
    "consentUpdatedAt" DATETIME,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "customerId")
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
    "taxesIncluded" BOOLEAN NOT NULL DEFAULT false,
    "totalShipping" TEXT NOT NULL DEFAULT '0.00',
    "shippingTax" TEXT NOT NULL DEFAULT '0.00',
    "totalTax" TEXT NOT NULL DEFAULT '0.00',
    "totalDiscounts" TEXT NOT NULL DEFAULT '0.00',
    "discountCodes" TEXT NOT NULL DEFAULT '[]',
    "shippingCountry" TEXT,
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
INSERT INTO "new_Order" ("acceptsMarketing", "cancelledAt", "createdAt", "currencyCode", "customerFirstName", "customerId", "customerLocale", "deliveredAt", "discountCodes", "email", "financialStatus", "fulfilledAt", "id", "lineItems", "name", "paidAt", "presentmentCurrencyCode", "presentmentTotalPrice", "processedAt", "shippingCountry", "shop", "subtotalPrice", "totalDiscounts", "totalPrice", "totalShipping", "totalTax", "updatedAt") SELECT "acceptsMarketing", "cancelledAt", "createdAt", "currencyCode", "customerFirstName", "customerId", "customerLocale", "deliveredAt", "discountCodes", "email", "financialStatus", "fulfilledAt", "id", "lineItems", "name", "paidAt", "presentmentCurrencyCode", "presentmentTotalPrice", "processedAt", "shippingCountry", "shop", "subtotalPrice", "totalDiscounts", "totalPrice", "totalShipping", "totalTax", "updatedAt" FROM "Order";
DROP TABLE "Order";
ALTER TABLE "new_Order" RENAME TO "Order";
CREATE INDEX "Order_shop_processedAt_idx" ON "Order"("shop", "processedAt");
CREATE INDEX "Order_shop_customerId_idx" ON "Order"("shop", "customerId");
CREATE TABLE "new_Shop" (
    "domain" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "email" TEXT,
    "currencyCode" TEXT NOT NULL DEFAULT 'USD',
    "ianaTimezone" TEXT NOT NULL DEFAULT 'UTC',
    "primaryLocale" TEXT NOT NULL DEFAULT 'en',
    "storefrontUrl" TEXT,
    "testEmailSentAt" DATETIME,
    "includeTestOrders" BOOLEAN NOT NULL DEFAULT false,
    "installedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uninstalledAt" DATETIME,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Shop" ("currencyCode", "domain", "email", "ianaTimezone", "installedAt", "name", "primaryLocale", "storefrontUrl", "testEmailSentAt", "uninstalledAt", "updatedAt") SELECT "currencyCode", "domain", "email", "ianaTimezone", "installedAt", "name", "primaryLocale", "storefrontUrl", "testEmailSentAt", "uninstalledAt", "updatedAt" FROM "Shop";
DROP TABLE "Shop";
ALTER TABLE "new_Shop" RENAME TO "Shop";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "EmailConsent_shop_email_idx" ON "EmailConsent"("shop", "email");
