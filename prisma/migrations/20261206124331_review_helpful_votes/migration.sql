-- AlterTable (written by hand: the generator rebuilt the whole Review table to add one column;
-- SQLite adds a NOT NULL column with a constant default in place, without copying the rows)
ALTER TABLE "Review" ADD COLUMN "helpfulCount" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "ReviewVote" (
    "reviewId" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "voter" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("reviewId", "voter"),
    CONSTRAINT "ReviewVote_reviewId_fkey" FOREIGN KEY ("reviewId") REFERENCES "Review" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Review_shop_productId_status_helpfulCount_createdAt_idx" ON "Review"("shop", "productId", "status", "helpfulCount", "createdAt");

-- CreateIndex
CREATE INDEX "ReviewVote_shop_voter_idx" ON "ReviewVote"("shop", "voter");
