-- AlterEnum
ALTER TYPE "EmailFlow" ADD VALUE 'points_available';

-- AlterEnum
ALTER TYPE "EmailTemplateKind" ADD VALUE 'points_available';

-- AlterEnum
ALTER TYPE "RedemptionStatus" ADD VALUE 'used';

-- AlterTable
ALTER TABLE "LoyaltyRedemption" ADD COLUMN     "usedAt" TIMESTAMP(3),
ADD COLUMN     "usedOrderId" TEXT,
ADD COLUMN     "usedOrderName" TEXT;

-- AlterTable
ALTER TABLE "LoyaltySettings" ADD COLUMN     "pointsAvailableEmail" BOOLEAN NOT NULL DEFAULT true;
