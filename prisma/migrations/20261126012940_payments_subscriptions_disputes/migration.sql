-- CreateEnum
CREATE TYPE "TransactionKind" AS ENUM ('SALE', 'AUTHORIZATION', 'CAPTURE', 'REFUND', 'VOID', 'CHANGE', 'EMV_AUTHORIZATION', 'SUGGESTED_REFUND');

-- CreateEnum
CREATE TYPE "TransactionStatus" AS ENUM ('SUCCESS', 'FAILURE', 'PENDING', 'ERROR', 'AWAITING_RESPONSE', 'UNKNOWN');

-- CreateEnum
CREATE TYPE "SubscriptionStatus" AS ENUM ('ACTIVE', 'PAUSED', 'CANCELLED', 'EXPIRED', 'FAILED');

-- CreateEnum
CREATE TYPE "BillingAttemptStatus" AS ENUM ('SUCCESS', 'FAILURE');

-- CreateEnum
CREATE TYPE "DisputeStatus" AS ENUM ('NEEDS_RESPONSE', 'UNDER_REVIEW', 'CHARGE_REFUNDED', 'ACCEPTED', 'WON', 'LOST', 'PREVENTED');

-- CreateEnum
CREATE TYPE "DisputeKind" AS ENUM ('INQUIRY', 'CHARGEBACK');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "OrderActionKind" ADD VALUE 'SEND_RECEIPT';
ALTER TYPE "OrderActionKind" ADD VALUE 'SEND_PAYMENT_METHOD_UPDATE';

-- AlterEnum
ALTER TYPE "SelfServiceKind" ADD VALUE 'RECEIPT_REQUESTED';

-- AlterTable
ALTER TABLE "Case" ADD COLUMN     "externalDueAt" TIMESTAMP(3),
ADD COLUMN     "outreach" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "paymentDueAt" TIMESTAMP(3),
ADD COLUMN     "paymentTermsName" TEXT;

-- CreateTable
CREATE TABLE "OrderTransaction" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "orderId" UUID NOT NULL,
    "shopifyId" BIGINT NOT NULL,
    "parentShopifyId" BIGINT,
    "kind" "TransactionKind" NOT NULL,
    "status" "TransactionStatus" NOT NULL,
    "amount" DECIMAL(18,4) NOT NULL,
    "currencyCode" TEXT NOT NULL,
    "gateway" TEXT,
    "cardBrand" TEXT,
    "lastFour" VARCHAR(4),
    "errorCode" TEXT,
    "message" TEXT,
    "test" BOOLEAN NOT NULL DEFAULT false,
    "processedAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OrderTransaction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SubscriptionContract" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "shopifyId" BIGINT NOT NULL,
    "customerId" UUID,
    "customerShopifyId" BIGINT,
    "originOrderShopifyId" BIGINT,
    "status" "SubscriptionStatus" NOT NULL,
    "planName" TEXT,
    "billingInterval" TEXT,
    "billingIntervalCount" INTEGER,
    "currencyCode" TEXT,
    "nextBillingDate" TIMESTAMP(3),
    "cancelledAt" TIMESTAMP(3),
    "shopifyCreatedAt" TIMESTAMP(3) NOT NULL,
    "shopifyUpdatedAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SubscriptionContract_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SubscriptionBillingAttempt" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "shopifyId" BIGINT NOT NULL,
    "contractId" UUID,
    "contractShopifyId" BIGINT NOT NULL,
    "orderShopifyId" BIGINT,
    "status" "BillingAttemptStatus" NOT NULL,
    "errorCode" TEXT,
    "errorMessage" TEXT,
    "attemptedAt" TIMESTAMP(3) NOT NULL,
    "recoveredAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SubscriptionBillingAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Dispute" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "shopifyId" BIGINT NOT NULL,
    "orderId" UUID,
    "orderShopifyId" BIGINT,
    "customerId" UUID,
    "caseId" UUID,
    "kind" "DisputeKind" NOT NULL,
    "status" "DisputeStatus" NOT NULL,
    "reason" TEXT NOT NULL,
    "networkReasonCode" TEXT,
    "amount" DECIMAL(18,4) NOT NULL,
    "currencyCode" TEXT NOT NULL,
    "evidenceDueBy" TIMESTAMP(3),
    "evidenceSentOn" TIMESTAMP(3),
    "finalizedOn" TIMESTAMP(3),
    "initiatedAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Dispute_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NpsResponse" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "customerId" UUID NOT NULL,
    "period" TEXT NOT NULL,
    "score" INTEGER,
    "comment" TEXT,
    "requestedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "respondedAt" TIMESTAMP(3),

    CONSTRAINT "NpsResponse_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "OrderTransaction_orderId_processedAt_idx" ON "OrderTransaction"("orderId", "processedAt");

-- CreateIndex
CREATE UNIQUE INDEX "OrderTransaction_shopId_shopifyId_key" ON "OrderTransaction"("shopId", "shopifyId");

-- CreateIndex
CREATE INDEX "SubscriptionContract_customerId_idx" ON "SubscriptionContract"("customerId");

-- CreateIndex
CREATE INDEX "SubscriptionContract_shopId_customerShopifyId_idx" ON "SubscriptionContract"("shopId", "customerShopifyId");

-- CreateIndex
CREATE INDEX "SubscriptionContract_shopId_shopifyCreatedAt_idx" ON "SubscriptionContract"("shopId", "shopifyCreatedAt");

-- CreateIndex
CREATE INDEX "SubscriptionContract_shopId_cancelledAt_idx" ON "SubscriptionContract"("shopId", "cancelledAt");

-- CreateIndex
CREATE UNIQUE INDEX "SubscriptionContract_shopId_shopifyId_key" ON "SubscriptionContract"("shopId", "shopifyId");

-- CreateIndex
CREATE INDEX "SubscriptionBillingAttempt_contractId_attemptedAt_idx" ON "SubscriptionBillingAttempt"("contractId", "attemptedAt");

-- CreateIndex
CREATE INDEX "SubscriptionBillingAttempt_shopId_contractShopifyId_attempt_idx" ON "SubscriptionBillingAttempt"("shopId", "contractShopifyId", "attemptedAt");

-- CreateIndex
CREATE INDEX "SubscriptionBillingAttempt_shopId_attemptedAt_idx" ON "SubscriptionBillingAttempt"("shopId", "attemptedAt");

-- CreateIndex
CREATE UNIQUE INDEX "SubscriptionBillingAttempt_shopId_shopifyId_key" ON "SubscriptionBillingAttempt"("shopId", "shopifyId");

-- CreateIndex
CREATE INDEX "Dispute_shopId_initiatedAt_idx" ON "Dispute"("shopId", "initiatedAt");

-- CreateIndex
CREATE INDEX "Dispute_shopId_orderShopifyId_idx" ON "Dispute"("shopId", "orderShopifyId");

-- CreateIndex
CREATE INDEX "Dispute_orderId_idx" ON "Dispute"("orderId");

-- CreateIndex
CREATE INDEX "Dispute_caseId_idx" ON "Dispute"("caseId");

-- CreateIndex
CREATE INDEX "Dispute_customerId_idx" ON "Dispute"("customerId");

-- CreateIndex
CREATE UNIQUE INDEX "Dispute_shopId_shopifyId_key" ON "Dispute"("shopId", "shopifyId");

-- CreateIndex
CREATE INDEX "NpsResponse_shopId_respondedAt_idx" ON "NpsResponse"("shopId", "respondedAt");

-- CreateIndex
CREATE INDEX "NpsResponse_shopId_requestedAt_idx" ON "NpsResponse"("shopId", "requestedAt");

-- CreateIndex
CREATE UNIQUE INDEX "NpsResponse_shopId_customerId_period_key" ON "NpsResponse"("shopId", "customerId", "period");

-- AddForeignKey
ALTER TABLE "OrderTransaction" ADD CONSTRAINT "OrderTransaction_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrderTransaction" ADD CONSTRAINT "OrderTransaction_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SubscriptionContract" ADD CONSTRAINT "SubscriptionContract_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SubscriptionContract" ADD CONSTRAINT "SubscriptionContract_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SubscriptionBillingAttempt" ADD CONSTRAINT "SubscriptionBillingAttempt_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SubscriptionBillingAttempt" ADD CONSTRAINT "SubscriptionBillingAttempt_contractId_fkey" FOREIGN KEY ("contractId") REFERENCES "SubscriptionContract"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Dispute" ADD CONSTRAINT "Dispute_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Dispute" ADD CONSTRAINT "Dispute_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Dispute" ADD CONSTRAINT "Dispute_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Dispute" ADD CONSTRAINT "Dispute_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NpsResponse" ADD CONSTRAINT "NpsResponse_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NpsResponse" ADD CONSTRAINT "NpsResponse_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

