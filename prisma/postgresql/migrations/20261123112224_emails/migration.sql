-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "acceptsMarketing" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "customerFirstName" TEXT,
ADD COLUMN     "customerLocale" TEXT;

-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "storefrontUrl" TEXT;

-- CreateTable
CREATE TABLE "EmailSettings" (
    "shop" TEXT NOT NULL,
    "thankYouEnabled" BOOLEAN NOT NULL DEFAULT true,
    "thankYouDelayMinutes" INTEGER NOT NULL DEFAULT 60,
    "thankYouSurvey" BOOLEAN NOT NULL DEFAULT true,
    "reviewRequestEnabled" BOOLEAN NOT NULL DEFAULT true,
    "reviewRequestTrigger" TEXT NOT NULL DEFAULT 'delivery',
    "reviewRequestDelayDays" INTEGER NOT NULL DEFAULT 7,
    "reviewRequestFallbackDays" INTEGER NOT NULL DEFAULT 14,
    "reviewReminders" INTEGER NOT NULL DEFAULT 1,
    "reviewReminderIntervalDays" INTEGER NOT NULL DEFAULT 5,
    "sendWindowStartHour" INTEGER,
    "sendWindowEndHour" INTEGER,
    "marketingConsentOnly" BOOLEAN NOT NULL DEFAULT false,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EmailSettings_pkey" PRIMARY KEY ("shop")
);

-- CreateTable
CREATE TABLE "EmailTemplate" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EmailTemplate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EmailMessage" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "orderName" TEXT NOT NULL,
    "flow" TEXT NOT NULL,
    "step" INTEGER NOT NULL DEFAULT 0,
    "idempotencyKey" TEXT NOT NULL,
    "template" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'scheduled',
    "statusReason" TEXT,
    "scheduledFor" TIMESTAMP(3) NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "subject" TEXT,
    "smtpMessageId" TEXT,
    "sendingAt" TIMESTAMP(3),
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EmailMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EmailSuppression" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "detail" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EmailSuppression_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SurveyAnswer" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "score" INTEGER NOT NULL,
    "comment" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SurveyAnswer_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "EmailTemplate_shop_kind_locale_key" ON "EmailTemplate"("shop", "kind", "locale");

-- CreateIndex
CREATE INDEX "EmailMessage_shop_createdAt_idx" ON "EmailMessage"("shop", "createdAt");

-- CreateIndex
CREATE INDEX "EmailMessage_shop_status_createdAt_idx" ON "EmailMessage"("shop", "status", "createdAt");

-- CreateIndex
CREATE INDEX "EmailMessage_shop_flow_createdAt_idx" ON "EmailMessage"("shop", "flow", "createdAt");

-- CreateIndex
CREATE INDEX "EmailMessage_shop_orderId_idx" ON "EmailMessage"("shop", "orderId");

-- CreateIndex
CREATE UNIQUE INDEX "EmailMessage_shop_idempotencyKey_key" ON "EmailMessage"("shop", "idempotencyKey");

-- CreateIndex
CREATE UNIQUE INDEX "EmailSuppression_shop_email_key" ON "EmailSuppression"("shop", "email");

-- CreateIndex
CREATE UNIQUE INDEX "SurveyAnswer_messageId_key" ON "SurveyAnswer"("messageId");

-- CreateIndex
CREATE INDEX "SurveyAnswer_shop_createdAt_idx" ON "SurveyAnswer"("shop", "createdAt");
