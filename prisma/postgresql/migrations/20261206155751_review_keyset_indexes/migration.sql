-- DropIndex
DROP INDEX "Review_shop_productId_status_createdAt_idx";

-- DropIndex
DROP INDEX "Review_shop_productId_status_helpfulCount_createdAt_idx";

-- DropIndex
DROP INDEX "Review_shop_productId_status_photoCount_createdAt_idx";

-- CreateIndex
CREATE INDEX "Review_shop_productId_status_createdAt_id_idx" ON "Review"("shop", "productId", "status", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Review_shop_productId_status_photoCount_createdAt_id_idx" ON "Review"("shop", "productId", "status", "photoCount", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Review_shop_productId_status_helpfulCount_createdAt_id_idx" ON "Review"("shop", "productId", "status", "helpfulCount", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Review_shop_productId_status_rating_createdAt_id_idx" ON "Review"("shop", "productId", "status", "rating", "createdAt", "id");
