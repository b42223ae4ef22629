-- AlterTable
ALTER TABLE "LoyaltyReward" ADD COLUMN "creditExpiryDays" INTEGER;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_LoyaltyRedemption" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "rewardId" TEXT NOT NULL,
    "points" INTEGER NOT NULL,
    "code" TEXT,
    "discountId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "error" TEXT,
    "usedAt" DATETIME,
    "usedOrderId" TEXT,
    "usedOrderName" TEXT,
    "creditAmount" TEXT,
    "creditCurrency" TEXT,
    "creditExpiresAt" DATETIME,
    "creditRequestedAt" DATETIME,
    "creditTransactionId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_LoyaltyRedemption" ("code", "createdAt", "discountId", "error", "id", "memberId", "points", "rewardId", "shop", "status", "updatedAt", "usedAt", "usedOrderId", "usedOrderName") SELECT "code", "createdAt", "discountId", "error", "id", "memberId", "points", "rewardId", "shop", "status", "updatedAt", "usedAt", "usedOrderId", "usedOrderName" FROM "LoyaltyRedemption";
DROP TABLE "LoyaltyRedemption";
ALTER TABLE "new_LoyaltyRedemption" RENAME TO "LoyaltyRedemption";
CREATE INDEX "LoyaltyRedemption_shop_memberId_createdAt_idx" ON "LoyaltyRedemption"("shop", "memberId", "createdAt");
CREATE UNIQUE INDEX "LoyaltyRedemption_shop_code_key" ON "LoyaltyRedemption"("shop", "code");
CREATE UNIQUE INDEX "LoyaltyRedemption_shop_creditTransactionId_key" ON "LoyaltyRedemption"("shop", "creditTransactionId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
