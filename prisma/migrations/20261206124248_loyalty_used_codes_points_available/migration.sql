-- AlterTable
ALTER TABLE "LoyaltyRedemption" ADD COLUMN "usedAt" DATETIME;
ALTER TABLE "LoyaltyRedemption" ADD COLUMN "usedOrderId" TEXT;
ALTER TABLE "LoyaltyRedemption" ADD COLUMN "usedOrderName" TEXT;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_LoyaltySettings" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "enabled" BOOLEAN NOT NULL DEFAULT false,
    "pointsPerUnit" INTEGER NOT NULL DEFAULT 1,
    "excludeShipping" BOOLEAN NOT NULL DEFAULT true,
    "excludeTax" BOOLEAN NOT NULL DEFAULT true,
    "excludeDiscounts" BOOLEAN NOT NULL DEFAULT true,
    "pendingDays" INTEGER NOT NULL DEFAULT 14,
    "allowNegativeBalance" BOOLEAN NOT NULL DEFAULT false,
    "signupPoints" INTEGER NOT NULL DEFAULT 100,
    "reviewPoints" INTEGER NOT NULL DEFAULT 50,
    "reviewPhotoBonus" INTEGER NOT NULL DEFAULT 25,
    "birthdayPoints" INTEGER NOT NULL DEFAULT 100,
    "referrerPoints" INTEGER NOT NULL DEFAULT 200,
    "referralDiscountPercent" INTEGER NOT NULL DEFAULT 10,
    "tierBasis" TEXT NOT NULL DEFAULT 'points',
    "expiryMonths" INTEGER NOT NULL DEFAULT 12,
    "expiryWarningDays" INTEGER NOT NULL DEFAULT 30,
    "pointsAvailableEmail" BOOLEAN NOT NULL DEFAULT true,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_LoyaltySettings" ("allowNegativeBalance", "birthdayPoints", "enabled", "excludeDiscounts", "excludeShipping", "excludeTax", "expiryMonths", "expiryWarningDays", "pendingDays", "pointsPerUnit", "referralDiscountPercent", "referrerPoints", "reviewPhotoBonus", "reviewPoints", "shop", "signupPoints", "tierBasis", "updatedAt") SELECT "allowNegativeBalance", "birthdayPoints", "enabled", "excludeDiscounts", "excludeShipping", "excludeTax", "expiryMonths", "expiryWarningDays", "pendingDays", "pointsPerUnit", "referralDiscountPercent", "referrerPoints", "reviewPhotoBonus", "reviewPoints", "shop", "signupPoints", "tierBasis", "updatedAt" FROM "LoyaltySettings";
DROP TABLE "LoyaltySettings";
ALTER TABLE "new_LoyaltySettings" RENAME TO "LoyaltySettings";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
