-- CreateIndex
CREATE INDEX "Review_shop_productId_status_rating_createdAt_idx" ON "Review"("shop", "productId", "status", "rating", "createdAt");
