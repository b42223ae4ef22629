-- AlterTable
ALTER TABLE "Review" ADD COLUMN "erasedAt" DATETIME;
ALTER TABLE "Review" ADD COLUMN "metaobjectDigest" TEXT;
ALTER TABLE "Review" ADD COLUMN "metaobjectHandle" TEXT;
ALTER TABLE "Review" ADD COLUMN "metaobjectId" TEXT;

-- CreateTable
CREATE TABLE "ProductSyncLease" (
    "shop" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "rerun" BOOLEAN NOT NULL DEFAULT false,

    PRIMARY KEY ("shop", "productId")
);
