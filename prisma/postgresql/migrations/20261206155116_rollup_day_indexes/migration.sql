-- AlterTable
ALTER TABLE "DailyMetric" DROP COLUMN "pointsBalance",
DROP COLUMN "pointsPending";

-- CreateIndex
CREATE INDEX "EmailMessage_shop_status_sentAt_idx" ON "EmailMessage"("shop", "status", "sentAt");

-- CreateIndex
CREATE INDEX "EmailMessage_shop_status_sendingAt_idx" ON "EmailMessage"("shop", "status", "sendingAt");

-- CreateIndex
CREATE INDEX "EmailSuppression_shop_createdAt_idx" ON "EmailSuppression"("shop", "createdAt");

-- CreateIndex
CREATE INDEX "Order_shop_email_idx" ON "Order"("shop", "email");

-- CreateIndex
CREATE INDEX "Review_shop_createdAt_idx" ON "Review"("shop", "createdAt");
