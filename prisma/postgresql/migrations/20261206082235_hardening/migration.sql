-- AlterTable
ALTER TABLE "Review" ADD COLUMN     "buyerKey" TEXT;

-- AlterTable
ALTER TABLE "WebhookDelivery" ADD COLUMN     "eventId" TEXT,
ADD COLUMN     "refusedReason" TEXT,
ADD COLUMN     "status" TEXT NOT NULL DEFAULT 'accepted',
ADD COLUMN     "triggeredAt" TIMESTAMP(3);

-- Existing verified reviews: the earliest per product and buyer keeps the buyer's key (the rule of
-- app/reviews/buyer-key.ts: the customer when known, else the lower-cased email); later duplicates
-- keep none, so the unique index below can be built on data written before it existed.
UPDATE "Review" SET "buyerKey" = CASE WHEN "customerId" IS NOT NULL THEN 'customer:' || "customerId" ELSE 'email:' || lower("authorEmail") END
WHERE "verified" = TRUE
  AND ("customerId" IS NOT NULL OR "authorEmail" IS NOT NULL)
  AND "id" = (
    SELECT earliest."id" FROM "Review" AS earliest
    WHERE earliest."shop" = "Review"."shop" AND earliest."productId" = "Review"."productId" AND earliest."verified" = TRUE
      AND (CASE WHEN earliest."customerId" IS NOT NULL THEN 'customer:' || earliest."customerId" ELSE 'email:' || lower(earliest."authorEmail") END)
        = (CASE WHEN "Review"."customerId" IS NOT NULL THEN 'customer:' || "Review"."customerId" ELSE 'email:' || lower("Review"."authorEmail") END)
    ORDER BY earliest."createdAt", earliest."id"
    LIMIT 1
  );

-- CreateIndex
CREATE UNIQUE INDEX "Review_shop_productId_buyerKey_key" ON "Review"("shop", "productId", "buyerKey");

-- CreateIndex
CREATE INDEX "WebhookDelivery_status_receivedAt_idx" ON "WebhookDelivery"("status", "receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookDelivery_shop_topic_eventId_key" ON "WebhookDelivery"("shop", "topic", "eventId");
