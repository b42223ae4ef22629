-- AlterTable
ALTER TABLE "Review" ADD COLUMN     "photoCount" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "Review_shop_productId_status_photoCount_createdAt_idx" ON "Review"("shop", "productId", "status", "photoCount", "createdAt");

-- Backfill: reviews stored before the column existed.
UPDATE "Review" SET "photoCount" = (SELECT COUNT(*) FROM "ReviewPhoto" WHERE "ReviewPhoto"."reviewId" = "Review"."id");
