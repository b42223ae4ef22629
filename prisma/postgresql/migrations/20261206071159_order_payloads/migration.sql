-- AlterTable
ALTER TABLE "Job" ADD COLUMN     "skipReason" TEXT;

-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "shippingTax" TEXT NOT NULL DEFAULT '0.00',
ADD COLUMN     "taxesIncluded" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "includeTestOrders" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "EmailConsent" (
    "shop" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "email" TEXT,
    "state" TEXT NOT NULL,
    "consentUpdatedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EmailConsent_pkey" PRIMARY KEY ("shop","customerId")
);

-- CreateIndex
CREATE INDEX "EmailConsent_shop_email_idx" ON "EmailConsent"("shop", "email");
