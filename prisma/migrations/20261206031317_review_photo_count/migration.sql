-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Review" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "orderId" TEXT,
    "customerId" TEXT,
    "rating" INTEGER NOT NULL,
    "title" TEXT NOT NULL DEFAULT '',
    "body" TEXT NOT NULL,
    "authorName" TEXT NOT NULL,
    "authorEmail" TEXT,
    "locale" TEXT NOT NULL DEFAULT 'en',
    "verified" BOOLEAN NOT NULL DEFAULT false,
    "verifiedBy" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "source" TEXT NOT NULL,
    "importedFrom" TEXT,
    "reply" TEXT,
    "repliedAt" DATETIME,
    "ipHash" TEXT,
    "contentHash" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "publishedAt" DATETIME,
    "updatedAt" DATETIME NOT NULL,
    "photoCount" INTEGER NOT NULL DEFAULT 0
);
INSERT INTO "new_Review" ("authorEmail", "authorName", "body", "contentHash", "createdAt", "customerId", "id", "importedFrom", "ipHash", "locale", "orderId", "productId", "publishedAt", "rating", "repliedAt", "reply", "shop", "source", "status", "title", "updatedAt", "verified", "verifiedBy") SELECT "authorEmail", "authorName", "body", "contentHash", "createdAt", "customerId", "id", "importedFrom", "ipHash", "locale", "orderId", "productId", "publishedAt", "rating", "repliedAt", "reply", "shop", "source", "status", "title", "updatedAt", "verified", "verifiedBy" FROM "Review";
DROP TABLE "Review";
ALTER TABLE "new_Review" RENAME TO "Review";
CREATE INDEX "Review_shop_productId_status_createdAt_idx" ON "Review"("shop", "productId", "status", "createdAt");
CREATE INDEX "Review_shop_productId_status_photoCount_createdAt_idx" ON "Review"("shop", "productId", "status", "photoCount", "createdAt");
CREATE INDEX "Review_shop_status_createdAt_idx" ON "Review"("shop", "status", "createdAt");
CREATE INDEX "Review_shop_rating_idx" ON "Review"("shop", "rating");
CREATE INDEX "Review_shop_customerId_idx" ON "Review"("shop", "customerId");
CREATE INDEX "Review_shop_contentHash_idx" ON "Review"("shop", "contentHash");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- Backfill: reviews stored before the column existed.
UPDATE "Review" SET "photoCount" = (SELECT COUNT(*) FROM "ReviewPhoto" WHERE "ReviewPhoto"."reviewId" = "Review"."id");
