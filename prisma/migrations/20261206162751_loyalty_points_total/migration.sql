-- CreateTable
CREATE TABLE "LoyaltyPointsTotal" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "balance" BIGINT NOT NULL DEFAULT 0,
    "pending" BIGINT NOT NULL DEFAULT 0
);

-- Backfill: each shop's totals as its members hold them now.
INSERT INTO "LoyaltyPointsTotal" ("shop", "balance", "pending")
SELECT "shop", SUM("balance"), SUM("pending") FROM "LoyaltyMember" GROUP BY "shop";
