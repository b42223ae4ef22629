-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "discountCodes" TEXT NOT NULL DEFAULT '[]',
ADD COLUMN     "totalDiscounts" TEXT NOT NULL DEFAULT '0.00',
ADD COLUMN     "totalShipping" TEXT NOT NULL DEFAULT '0.00',
ADD COLUMN     "totalTax" TEXT NOT NULL DEFAULT '0.00';

-- CreateTable
CREATE TABLE "LoyaltySettings" (
    "shop" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT false,
    "pointsPerUnit" INTEGER NOT NULL DEFAULT 1,
    "excludeShipping" BOOLEAN NOT NULL DEFAULT true,
    "excludeTax" BOOLEAN NOT NULL DEFAULT true,
    "excludeDiscounts" BOOLEAN NOT NULL DEFAULT true,
    "pendingDays" INTEGER NOT NULL DEFAULT 14,
    "allowNegativeBalance" BOOLEAN NOT NULL DEFAULT false,
    "signupPoints" INTEGER NOT NULL DEFAULT 100,
    "reviewPoints" INTEGER NOT NULL DEFAULT 50,
    "reviewPhotoBonus" INTEGER NOT NULL DEFAULT 25,
    "birthdayPoints" INTEGER NOT NULL DEFAULT 100,
    "referrerPoints" INTEGER NOT NULL DEFAULT 200,
    "referralDiscountPercent" INTEGER NOT NULL DEFAULT 10,
    "tierBasis" TEXT NOT NULL DEFAULT 'points',
    "expiryMonths" INTEGER NOT NULL DEFAULT 12,
    "expiryWarningDays" INTEGER NOT NULL DEFAULT 30,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LoyaltySettings_pkey" PRIMARY KEY ("shop")
);

-- CreateTable
CREATE TABLE "LoyaltyTier" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "threshold" INTEGER NOT NULL,
    "multiplierPercent" INTEGER NOT NULL DEFAULT 100,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LoyaltyTier_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LoyaltyReward" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "value" TEXT NOT NULL DEFAULT '0',
    "pointsCost" INTEGER NOT NULL,
    "minimumOrder" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LoyaltyReward_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LoyaltyMember" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "customerId" TEXT,
    "email" TEXT,
    "firstName" TEXT,
    "balance" INTEGER NOT NULL DEFAULT 0,
    "pending" INTEGER NOT NULL DEFAULT 0,
    "lifetimeEarned" INTEGER NOT NULL DEFAULT 0,
    "tierId" TEXT,
    "birthday" TEXT,
    "referralCode" TEXT NOT NULL,
    "referredBy" TEXT,
    "lastActivityAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiryWarnedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LoyaltyMember_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LoyaltyEntry" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "bucket" TEXT NOT NULL,
    "points" INTEGER NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "orderId" TEXT,
    "note" TEXT NOT NULL DEFAULT '',
    "availableAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LoyaltyEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LoyaltyRedemption" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "rewardId" TEXT NOT NULL,
    "points" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "discountId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LoyaltyRedemption_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "LoyaltyTier_shop_threshold_key" ON "LoyaltyTier"("shop", "threshold");

-- CreateIndex
CREATE INDEX "LoyaltyReward_shop_enabled_idx" ON "LoyaltyReward"("shop", "enabled");

-- CreateIndex
CREATE INDEX "LoyaltyMember_shop_lastActivityAt_idx" ON "LoyaltyMember"("shop", "lastActivityAt");

-- CreateIndex
CREATE UNIQUE INDEX "LoyaltyMember_shop_customerId_key" ON "LoyaltyMember"("shop", "customerId");

-- CreateIndex
CREATE UNIQUE INDEX "LoyaltyMember_shop_email_key" ON "LoyaltyMember"("shop", "email");

-- CreateIndex
CREATE UNIQUE INDEX "LoyaltyMember_shop_referralCode_key" ON "LoyaltyMember"("shop", "referralCode");

-- CreateIndex
CREATE INDEX "LoyaltyEntry_memberId_createdAt_idx" ON "LoyaltyEntry"("memberId", "createdAt");

-- CreateIndex
CREATE INDEX "LoyaltyEntry_shop_orderId_idx" ON "LoyaltyEntry"("shop", "orderId");

-- CreateIndex
CREATE INDEX "LoyaltyEntry_shop_kind_createdAt_idx" ON "LoyaltyEntry"("shop", "kind", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "LoyaltyEntry_shop_idempotencyKey_key" ON "LoyaltyEntry"("shop", "idempotencyKey");

-- CreateIndex
CREATE INDEX "LoyaltyRedemption_shop_memberId_createdAt_idx" ON "LoyaltyRedemption"("shop", "memberId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "LoyaltyRedemption_shop_code_key" ON "LoyaltyRedemption"("shop", "code");

-- AddForeignKey
ALTER TABLE "LoyaltyEntry" ADD CONSTRAINT "LoyaltyEntry_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "LoyaltyMember"("id") ON DELETE CASCADE ON UPDATE CASCADE;
