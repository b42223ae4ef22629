-- CreateTable
CREATE TABLE "FreeShippingSettings" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "enabled" BOOLEAN NOT NULL DEFAULT false,
    "baseAmount" TEXT,
    "excludedCountries" TEXT NOT NULL DEFAULT '[]',
    "messages" TEXT NOT NULL DEFAULT '{}',
    "discountId" TEXT,
    "syncedAt" DATETIME,
    "syncError" TEXT,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "FreeShippingZone" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "countries" TEXT NOT NULL DEFAULT '[]',
    "currency" TEXT NOT NULL,
    "amount" TEXT NOT NULL,
    "rateToShop" TEXT NOT NULL,
    "discountId" TEXT,
    "syncedAt" DATETIME,
    "syncError" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "FreeShippingZone_shop_idx" ON "FreeShippingZone"("shop");
