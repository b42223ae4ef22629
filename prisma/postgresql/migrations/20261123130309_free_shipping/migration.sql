-- CreateTable
CREATE TABLE "FreeShippingSettings" (
    "shop" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT false,
    "baseAmount" TEXT,
    "excludedCountries" TEXT NOT NULL DEFAULT '[]',
    "messages" TEXT NOT NULL DEFAULT '{}',
    "discountId" TEXT,
    "syncedAt" TIMESTAMP(3),
    "syncError" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FreeShippingSettings_pkey" PRIMARY KEY ("shop")
);

-- CreateTable
CREATE TABLE "FreeShippingZone" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "countries" TEXT NOT NULL DEFAULT '[]',
    "currency" TEXT NOT NULL,
    "amount" TEXT NOT NULL,
    "rateToShop" TEXT NOT NULL,
    "discountId" TEXT,
    "syncedAt" TIMESTAMP(3),
    "syncError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FreeShippingZone_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "FreeShippingZone_shop_idx" ON "FreeShippingZone"("shop");
