-- AlterEnum
ALTER TYPE "RewardKind" ADD VALUE 'store_credit';

-- AlterTable
ALTER TABLE "LoyaltyRedemption" ADD COLUMN     "creditAmount" TEXT,
ADD COLUMN     "creditCurrency" TEXT,
ADD COLUMN     "creditExpiresAt" TIMESTAMP(3),
ADD COLUMN     "creditRequestedAt" TIMESTAMP(3),
ADD COLUMN     "creditTransactionId" TEXT,
ALTER COLUMN "code" DROP NOT NULL;

-- AlterTable
ALTER TABLE "LoyaltyReward" ADD COLUMN     "creditExpiryDays" INTEGER;

-- CreateIndex
CREATE UNIQUE INDEX "LoyaltyRedemption_shop_creditTransactionId_key" ON "LoyaltyRedemption"("shop", "creditTransactionId");
