-- AlterTable
ALTER TABLE "Review" ADD COLUMN     "erasedAt" TIMESTAMP(3),
ADD COLUMN     "metaobjectDigest" TEXT,
ADD COLUMN     "metaobjectHandle" TEXT,
ADD COLUMN     "metaobjectId" TEXT;

-- CreateTable
CREATE TABLE "ProductSyncLease" (
    "shop" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "rerun" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "ProductSyncLease_pkey" PRIMARY KEY ("shop","productId")
);
