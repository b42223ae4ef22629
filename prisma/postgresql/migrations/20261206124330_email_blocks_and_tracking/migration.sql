-- AlterTable
ALTER TABLE "EmailMessage" ADD COLUMN     "clickCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "clickedAt" TIMESTAMP(3),
ADD COLUMN     "openCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "openedAt" TIMESTAMP(3),
ADD COLUMN     "tracked" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "EmailSettings" ADD COLUMN     "trackingEnabled" BOOLEAN NOT NULL DEFAULT true;

-- AlterTable
ALTER TABLE "EmailTemplate" ADD COLUMN     "blocks" TEXT;
