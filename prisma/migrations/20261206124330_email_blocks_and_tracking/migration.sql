-- Written by hand: SQLite adds these columns in place (constant defaults), no table copy needed.
-- AlterTable
ALTER TABLE "EmailTemplate" ADD COLUMN "blocks" TEXT;

-- AlterTable
ALTER TABLE "EmailMessage" ADD COLUMN "tracked" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "EmailMessage" ADD COLUMN "openedAt" DATETIME;
ALTER TABLE "EmailMessage" ADD COLUMN "openCount" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "EmailMessage" ADD COLUMN "clickedAt" DATETIME;
ALTER TABLE "EmailMessage" ADD COLUMN "clickCount" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "EmailSettings" ADD COLUMN "trackingEnabled" BOOLEAN NOT NULL DEFAULT true;
