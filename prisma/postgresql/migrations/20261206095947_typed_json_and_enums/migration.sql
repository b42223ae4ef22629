-- CreateEnum
CREATE TYPE "WebhookDeliveryStatus" AS ENUM ('accepted', 'refused');

-- CreateEnum
CREATE TYPE "JobStatus" AS ENUM ('dead', 'done', 'queued', 'running', 'skipped');

-- CreateEnum
CREATE TYPE "ReviewVerification" AS ENUM ('customer_order', 'review_link');

-- CreateEnum
CREATE TYPE "ReviewStatus" AS ENUM ('pending', 'published', 'rejected');

-- CreateEnum
CREATE TYPE "ReviewSource" AS ENUM ('import', 'request_email', 'storefront');

-- CreateEnum
CREATE TYPE "ReviewImportFormat" AS ENUM ('judgeme', 'okendo');

-- CreateEnum
CREATE TYPE "ReviewImportStatus" AS ENUM ('done', 'failed', 'queued', 'running');

-- CreateEnum
CREATE TYPE "MerchantTaskKind" AS ENUM ('low_rating', 'unhappy_survey');

-- CreateEnum
CREATE TYPE "MerchantTaskStatus" AS ENUM ('done', 'open');

-- CreateEnum
CREATE TYPE "ReviewRequestTrigger" AS ENUM ('delivery', 'fulfillment');

-- CreateEnum
CREATE TYPE "EmailFlow" AS ENUM ('points_expiry', 'review_request', 'thank_you');

-- CreateEnum
CREATE TYPE "EmailTemplateKind" AS ENUM ('points_expiry', 'review_reminder', 'review_request', 'thank_you_first', 'thank_you_returning');

-- CreateEnum
CREATE TYPE "EmailStatus" AS ENUM ('bounced', 'cancelled', 'failed', 'scheduled', 'sending', 'sent', 'skipped', 'suppressed');

-- CreateEnum
CREATE TYPE "SuppressionReason" AS ENUM ('bounced', 'manual', 'unsubscribed');

-- CreateEnum
CREATE TYPE "TierBasis" AS ENUM ('points', 'spend');

-- CreateEnum
CREATE TYPE "RewardKind" AS ENUM ('amount_off', 'free_shipping', 'percent_off');

-- CreateEnum
CREATE TYPE "LedgerEntryKind" AS ENUM ('adjust', 'earn', 'expire', 'pending', 'redeem', 'release', 'reverse');

-- CreateEnum
CREATE TYPE "LedgerBucket" AS ENUM ('balance', 'pending');

-- CreateEnum
CREATE TYPE "RedemptionStatus" AS ENUM ('failed', 'issued', 'pending');

-- CreateEnum
CREATE TYPE "DataRequestStatus" AS ENUM ('pending', 'ready');

-- Hand-written: the columns change type in place, converting every row (the text of each
-- status is its enum value; each JSON text becomes jsonb). Dropping and re-adding them, as
-- generated, would lose the data. Indexes on these columns are rebuilt by PostgreSQL.

-- AlterTable
ALTER TABLE "DataRequest"
    ALTER COLUMN "orderIds" DROP DEFAULT,
    ALTER COLUMN "orderIds" TYPE JSONB USING "orderIds"::jsonb,
    ALTER COLUMN "orderIds" SET DEFAULT '[]',
    ALTER COLUMN "status" DROP DEFAULT,
    ALTER COLUMN "status" TYPE "DataRequestStatus" USING "status"::"DataRequestStatus",
    ALTER COLUMN "status" SET DEFAULT 'pending';

-- AlterTable
ALTER TABLE "EmailMessage"
    ALTER COLUMN "flow" TYPE "EmailFlow" USING "flow"::"EmailFlow",
    ALTER COLUMN "template" TYPE "EmailTemplateKind" USING "template"::"EmailTemplateKind",
    ALTER COLUMN "status" DROP DEFAULT,
    ALTER COLUMN "status" TYPE "EmailStatus" USING "status"::"EmailStatus",
    ALTER COLUMN "status" SET DEFAULT 'scheduled';

-- AlterTable
ALTER TABLE "EmailSettings"
    ALTER COLUMN "reviewRequestTrigger" DROP DEFAULT,
    ALTER COLUMN "reviewRequestTrigger" TYPE "ReviewRequestTrigger" USING "reviewRequestTrigger"::"ReviewRequestTrigger",
    ALTER COLUMN "reviewRequestTrigger" SET DEFAULT 'delivery';

-- AlterTable
ALTER TABLE "EmailSuppression"
    ALTER COLUMN "reason" TYPE "SuppressionReason" USING "reason"::"SuppressionReason";

-- AlterTable
ALTER TABLE "EmailTemplate"
    ALTER COLUMN "kind" TYPE "EmailTemplateKind" USING "kind"::"EmailTemplateKind";

-- AlterTable
ALTER TABLE "FreeShippingSettings"
    ALTER COLUMN "excludedCountries" DROP DEFAULT,
    ALTER COLUMN "excludedCountries" TYPE JSONB USING "excludedCountries"::jsonb,
    ALTER COLUMN "excludedCountries" SET DEFAULT '[]',
    ALTER COLUMN "messages" DROP DEFAULT,
    ALTER COLUMN "messages" TYPE JSONB USING "messages"::jsonb,
    ALTER COLUMN "messages" SET DEFAULT '{}';

-- AlterTable
ALTER TABLE "FreeShippingZone"
    ALTER COLUMN "countries" DROP DEFAULT,
    ALTER COLUMN "countries" TYPE JSONB USING "countries"::jsonb,
    ALTER COLUMN "countries" SET DEFAULT '[]';

-- AlterTable
ALTER TABLE "Job"
    ALTER COLUMN "payload" TYPE JSONB USING "payload"::jsonb,
    ALTER COLUMN "status" DROP DEFAULT,
    ALTER COLUMN "status" TYPE "JobStatus" USING "status"::"JobStatus",
    ALTER COLUMN "status" SET DEFAULT 'queued';

-- AlterTable
ALTER TABLE "LoyaltyEntry"
    ALTER COLUMN "kind" TYPE "LedgerEntryKind" USING "kind"::"LedgerEntryKind",
    ALTER COLUMN "bucket" TYPE "LedgerBucket" USING "bucket"::"LedgerBucket";

-- AlterTable
ALTER TABLE "LoyaltyRedemption"
    ALTER COLUMN "status" DROP DEFAULT,
    ALTER COLUMN "status" TYPE "RedemptionStatus" USING "status"::"RedemptionStatus",
    ALTER COLUMN "status" SET DEFAULT 'pending';

-- AlterTable
ALTER TABLE "LoyaltyReward"
    ALTER COLUMN "kind" TYPE "RewardKind" USING "kind"::"RewardKind";

-- AlterTable
ALTER TABLE "LoyaltySettings"
    ALTER COLUMN "tierBasis" DROP DEFAULT,
    ALTER COLUMN "tierBasis" TYPE "TierBasis" USING "tierBasis"::"TierBasis",
    ALTER COLUMN "tierBasis" SET DEFAULT 'points';

-- AlterTable
ALTER TABLE "MerchantTask"
    ALTER COLUMN "kind" TYPE "MerchantTaskKind" USING "kind"::"MerchantTaskKind",
    ALTER COLUMN "status" DROP DEFAULT,
    ALTER COLUMN "status" TYPE "MerchantTaskStatus" USING "status"::"MerchantTaskStatus",
    ALTER COLUMN "status" SET DEFAULT 'open';

-- AlterTable
ALTER TABLE "Order"
    ALTER COLUMN "lineItems" TYPE JSONB USING "lineItems"::jsonb,
    ALTER COLUMN "discountCodes" DROP DEFAULT,
    ALTER COLUMN "discountCodes" TYPE JSONB USING "discountCodes"::jsonb,
    ALTER COLUMN "discountCodes" SET DEFAULT '[]';

-- AlterTable
ALTER TABLE "Refund"
    ALTER COLUMN "lineItems" TYPE JSONB USING "lineItems"::jsonb;

-- AlterTable
ALTER TABLE "Review"
    ALTER COLUMN "verifiedBy" TYPE "ReviewVerification" USING "verifiedBy"::"ReviewVerification",
    ALTER COLUMN "status" DROP DEFAULT,
    ALTER COLUMN "status" TYPE "ReviewStatus" USING "status"::"ReviewStatus",
    ALTER COLUMN "status" SET DEFAULT 'pending',
    ALTER COLUMN "source" TYPE "ReviewSource" USING "source"::"ReviewSource",
    ALTER COLUMN "importedFrom" TYPE "ReviewImportFormat" USING "importedFrom"::"ReviewImportFormat";

-- AlterTable
ALTER TABLE "ReviewImport"
    ALTER COLUMN "format" TYPE "ReviewImportFormat" USING "format"::"ReviewImportFormat",
    ALTER COLUMN "status" DROP DEFAULT,
    ALTER COLUMN "status" TYPE "ReviewImportStatus" USING "status"::"ReviewImportStatus",
    ALTER COLUMN "status" SET DEFAULT 'queued',
    ALTER COLUMN "errors" DROP DEFAULT,
    ALTER COLUMN "errors" TYPE JSONB USING "errors"::jsonb,
    ALTER COLUMN "errors" SET DEFAULT '[]';

-- AlterTable
ALTER TABLE "WebhookDelivery"
    ALTER COLUMN "status" DROP DEFAULT,
    ALTER COLUMN "status" TYPE "WebhookDeliveryStatus" USING "status"::"WebhookDeliveryStatus",
    ALTER COLUMN "status" SET DEFAULT 'accepted';
