-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_DailyMetric" (
    "shop" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "orders" INTEGER NOT NULL DEFAULT 0,
    "repeatOrders" INTEGER NOT NULL DEFAULT 0,
    "revenueCents" INTEGER NOT NULL DEFAULT 0,
    "loyaltyOrders" INTEGER NOT NULL DEFAULT 0,
    "loyaltyRevenueCents" INTEGER NOT NULL DEFAULT 0,
    "freeShippingEligibleOrders" INTEGER NOT NULL DEFAULT 0,
    "freeShippingTrackedOrders" INTEGER NOT NULL DEFAULT 0,
    "reviewRequestsSent" INTEGER NOT NULL DEFAULT 0,
    "reviewsFromRequests" INTEGER NOT NULL DEFAULT 0,
    "reviews" INTEGER NOT NULL DEFAULT 0,
    "ratingSum" INTEGER NOT NULL DEFAULT 0,
    "emailsSent" INTEGER NOT NULL DEFAULT 0,
    "emailsFailed" INTEGER NOT NULL DEFAULT 0,
    "emailsBounced" INTEGER NOT NULL DEFAULT 0,
    "unsubscribes" INTEGER NOT NULL DEFAULT 0,
    "pointsIssued" INTEGER NOT NULL DEFAULT 0,
    "pointsRedeemed" INTEGER NOT NULL DEFAULT 0,
    "pointsExpired" INTEGER NOT NULL DEFAULT 0,
    "pointsReversed" INTEGER NOT NULL DEFAULT 0,
    "computedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("shop", "day")
);
INSERT INTO "new_DailyMetric" ("computedAt", "day", "emailsBounced", "emailsFailed", "emailsSent", "freeShippingEligibleOrders", "freeShippingTrackedOrders", "loyaltyOrders", "loyaltyRevenueCents", "orders", "pointsExpired", "pointsIssued", "pointsRedeemed", "pointsReversed", "ratingSum", "repeatOrders", "revenueCents", "reviewRequestsSent", "reviews", "reviewsFromRequests", "shop", "unsubscribes") SELECT "computedAt", "day", "emailsBounced", "emailsFailed", "emailsSent", "freeShippingEligibleOrders", "freeShippingTrackedOrders", "loyaltyOrders", "loyaltyRevenueCents", "orders", "pointsExpired", "pointsIssued", "pointsRedeemed", "pointsReversed", "ratingSum", "repeatOrders", "revenueCents", "reviewRequestsSent", "reviews", "reviewsFromRequests", "shop", "unsubscribes" FROM "DailyMetric";
DROP TABLE "DailyMetric";
ALTER TABLE "new_DailyMetric" RENAME TO "DailyMetric";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

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
