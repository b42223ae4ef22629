-- AlterTable
ALTER TABLE "DailyMetric" ADD COLUMN     "pointsBalance" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "pointsPending" INTEGER NOT NULL DEFAULT 0;
