-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "ShopState" AS ENUM ('INSTALLED', 'UNINSTALLED');

-- CreateEnum
CREATE TYPE "StaffRole" AS ENUM ('ADMIN', 'AGENT');

-- CreateEnum
CREATE TYPE "FinancialStatus" AS ENUM ('PENDING', 'AUTHORIZED', 'PARTIALLY_PAID', 'PAID', 'PARTIALLY_REFUNDED', 'REFUNDED', 'VOIDED', 'EXPIRED');

-- CreateEnum
CREATE TYPE "FulfillmentStatus" AS ENUM ('UNFULFILLED', 'PARTIALLY_FULFILLED', 'FULFILLED', 'RESTOCKED', 'ON_HOLD', 'SCHEDULED', 'IN_PROGRESS');

-- CreateEnum
CREATE TYPE "FulfillmentState" AS ENUM ('PENDING', 'OPEN', 'SUCCESS', 'CANCELLED', 'ERROR', 'FAILURE');

-- CreateEnum
CREATE TYPE "ShipmentStatus" AS ENUM ('LABEL_PRINTED', 'LABEL_PURCHASED', 'CONFIRMED', 'READY_FOR_PICKUP', 'PICKED_UP', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'ATTEMPTED_DELIVERY', 'DELAYED', 'DELIVERED', 'FAILURE', 'CARRIER_PICKED_UP');

-- CreateEnum
CREATE TYPE "ReturnStatus" AS ENUM ('REQUESTED', 'OPEN', 'DECLINED', 'CANCELED', 'CLOSED');

-- CreateEnum
CREATE TYPE "CaseStatus" AS ENUM ('OPEN', 'PENDING', 'SNOOZED', 'RESOLVED', 'CLOSED');

-- CreateEnum
CREATE TYPE "CasePriority" AS ENUM ('LOW', 'NORMAL', 'HIGH', 'URGENT');

-- CreateEnum
CREATE TYPE "CaseTopic" AS ENUM ('WHERE_IS_MY_ORDER', 'RETURN', 'REFUND', 'CANCEL', 'BILLING', 'PRODUCT_QUESTION', 'DAMAGED_OR_WRONG', 'ACCOUNT', 'OTHER');

-- CreateEnum
CREATE TYPE "Channel" AS ENUM ('EMAIL', 'STOREFRONT', 'CUSTOMER_ACCOUNT', 'ADMIN', 'SYSTEM');

-- CreateEnum
CREATE TYPE "CaseOrderLink" AS ENUM ('AUTO', 'STAFF', 'CUSTOMER');

-- CreateEnum
CREATE TYPE "MessageDirection" AS ENUM ('INBOUND', 'OUTBOUND', 'NOTE');

-- CreateEnum
CREATE TYPE "AuthorType" AS ENUM ('CUSTOMER', 'STAFF', 'SYSTEM');

-- CreateEnum
CREATE TYPE "DeliveryStatus" AS ENUM ('RECEIVED', 'QUEUED', 'SENT', 'FAILED', 'NOT_SENT');

-- CreateEnum
CREATE TYPE "ActorType" AS ENUM ('STAFF', 'CUSTOMER', 'SYSTEM', 'SHOPIFY');

-- CreateEnum
CREATE TYPE "SelfServiceKind" AS ENUM ('ORDER_LOOKUP', 'RETURN_REQUESTED', 'ARTICLE_VIEW');

-- CreateEnum
CREATE TYPE "WebhookState" AS ENUM ('RECEIVED', 'PROCESSING', 'PROCESSED', 'STALE', 'FAILED');

-- CreateEnum
CREATE TYPE "ComplianceKind" AS ENUM ('CUSTOMER_DATA_REQUEST', 'CUSTOMER_REDACT', 'SHOP_REDACT');

-- CreateTable
CREATE TABLE "Shop" (
    "id" UUID NOT NULL,
    "domain" TEXT NOT NULL,
    "name" TEXT,
    "email" TEXT,
    "currencyCode" TEXT NOT NULL DEFAULT 'USD',
    "ianaTimezone" TEXT NOT NULL DEFAULT 'UTC',
    "state" "ShopState" NOT NULL DEFAULT 'INSTALLED',
    "scopes" TEXT,
    "installedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uninstalledAt" TIMESTAMP(3),
    "settings" JSONB NOT NULL DEFAULT '{}',
    "nextCaseNumber" INTEGER NOT NULL DEFAULT 1001,
    "lastSyncedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Shop_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "isOnline" BOOLEAN NOT NULL DEFAULT false,
    "scope" TEXT,
    "expires" TIMESTAMP(3),
    "accessToken" TEXT NOT NULL,
    "userId" BIGINT,
    "firstName" TEXT,
    "lastName" TEXT,
    "email" TEXT,
    "accountOwner" BOOLEAN NOT NULL DEFAULT false,
    "locale" TEXT,
    "collaborator" BOOLEAN DEFAULT false,
    "emailVerified" BOOLEAN DEFAULT false,
    "refreshToken" TEXT,
    "refreshTokenExpires" TIMESTAMP(3),

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Staff" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "shopifyUserId" BIGINT,
    "email" TEXT NOT NULL,
    "firstName" TEXT,
    "lastName" TEXT,
    "role" "StaffRole" NOT NULL DEFAULT 'AGENT',
    "accountOwner" BOOLEAN NOT NULL DEFAULT false,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "refundLimit" DECIMAL(18,4),
    "lastSeenAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Staff_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Customer" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "shopifyId" BIGINT,
    "email" TEXT,
    "firstName" TEXT,
    "lastName" TEXT,
    "phone" TEXT,
    "ordersCount" INTEGER NOT NULL DEFAULT 0,
    "totalSpent" DECIMAL(18,4) NOT NULL DEFAULT 0,
    "currencyCode" TEXT,
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "redactedAt" TIMESTAMP(3),
    "shopifyUpdatedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Customer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Order" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "shopifyId" BIGINT NOT NULL,
    "name" TEXT NOT NULL,
    "orderNumber" INTEGER NOT NULL,
    "customerId" UUID,
    "email" TEXT,
    "phone" TEXT,
    "financialStatus" "FinancialStatus" NOT NULL DEFAULT 'PENDING',
    "fulfillmentStatus" "FulfillmentStatus" NOT NULL DEFAULT 'UNFULFILLED',
    "currencyCode" TEXT NOT NULL,
    "subtotalPrice" DECIMAL(18,4) NOT NULL DEFAULT 0,
    "totalShipping" DECIMAL(18,4) NOT NULL DEFAULT 0,
    "totalTax" DECIMAL(18,4) NOT NULL DEFAULT 0,
    "totalPrice" DECIMAL(18,4) NOT NULL DEFAULT 0,
    "totalRefunded" DECIMAL(18,4) NOT NULL DEFAULT 0,
    "totalDiscounts" DECIMAL(18,4) NOT NULL DEFAULT 0,
    "discountCodes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "shippingMethod" TEXT,
    "paymentGateways" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "shippingAddress" JSONB,
    "billingAddress" JSONB,
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "note" TEXT,
    "statusPageUrl" TEXT,
    "cancelledAt" TIMESTAMP(3),
    "cancelReason" TEXT,
    "closedAt" TIMESTAMP(3),
    "processedAt" TIMESTAMP(3) NOT NULL,
    "shopifyCreatedAt" TIMESTAMP(3) NOT NULL,
    "shopifyUpdatedAt" TIMESTAMP(3) NOT NULL,
    "redactedAt" TIMESTAMP(3),
    "syncedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Order_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LineItem" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "orderId" UUID NOT NULL,
    "shopifyId" BIGINT NOT NULL,
    "productId" BIGINT,
    "variantId" BIGINT,
    "title" TEXT NOT NULL,
    "variantTitle" TEXT,
    "sku" TEXT,
    "vendor" TEXT,
    "productType" TEXT,
    "productTags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "quantity" INTEGER NOT NULL,
    "price" DECIMAL(18,4) NOT NULL,
    "totalDiscount" DECIMAL(18,4) NOT NULL DEFAULT 0,
    "requiresShipping" BOOLEAN NOT NULL DEFAULT true,
    "imageUrl" TEXT,

    CONSTRAINT "LineItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Fulfillment" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "orderId" UUID NOT NULL,
    "shopifyId" BIGINT NOT NULL,
    "name" TEXT,
    "status" "FulfillmentState" NOT NULL DEFAULT 'SUCCESS',
    "shipmentStatus" "ShipmentStatus",
    "trackingCompany" TEXT,
    "trackingNumber" TEXT,
    "trackingUrl" TEXT,
    "trackingNumbers" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "trackingUrls" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "estimatedDeliveryAt" TIMESTAMP(3),
    "deliveredAt" TIMESTAMP(3),
    "inTransitAt" TIMESTAMP(3),
    "shopifyCreatedAt" TIMESTAMP(3) NOT NULL,
    "shopifyUpdatedAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Fulfillment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FulfillmentLineItem" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "fulfillmentId" UUID NOT NULL,
    "lineItemId" UUID NOT NULL,
    "shopifyId" BIGINT,
    "quantity" INTEGER NOT NULL,

    CONSTRAINT "FulfillmentLineItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FulfillmentEvent" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "fulfillmentId" UUID NOT NULL,
    "shopifyId" BIGINT NOT NULL,
    "status" "ShipmentStatus" NOT NULL,
    "message" TEXT,
    "city" TEXT,
    "province" TEXT,
    "country" TEXT,
    "estimatedDeliveryAt" TIMESTAMP(3),
    "happenedAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FulfillmentEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Refund" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "orderId" UUID NOT NULL,
    "shopifyId" BIGINT NOT NULL,
    "amount" DECIMAL(18,4) NOT NULL,
    "shippingAmount" DECIMAL(18,4) NOT NULL DEFAULT 0,
    "currencyCode" TEXT NOT NULL,
    "note" TEXT,
    "restocked" BOOLEAN NOT NULL DEFAULT false,
    "returnId" UUID,
    "processedAt" TIMESTAMP(3) NOT NULL,
    "shopifyCreatedAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Refund_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RefundLineItem" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "refundId" UUID NOT NULL,
    "lineItemId" UUID,
    "shopifyId" BIGINT,
    "quantity" INTEGER NOT NULL,
    "restockType" TEXT,
    "subtotal" DECIMAL(18,4) NOT NULL DEFAULT 0,
    "totalTax" DECIMAL(18,4) NOT NULL DEFAULT 0,

    CONSTRAINT "RefundLineItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Return" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "orderId" UUID NOT NULL,
    "shopifyId" BIGINT NOT NULL,
    "name" TEXT,
    "status" "ReturnStatus" NOT NULL DEFAULT 'REQUESTED',
    "declineReason" TEXT,
    "declineNote" TEXT,
    "reverseCarrier" TEXT,
    "reverseTrackingNumber" TEXT,
    "reverseTrackingUrl" TEXT,
    "reverseLabelUrl" TEXT,
    "requestedAt" TIMESTAMP(3) NOT NULL,
    "approvedAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),
    "shopifyUpdatedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Return_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReturnLineItem" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "returnId" UUID NOT NULL,
    "lineItemId" UUID,
    "shopifyId" BIGINT,
    "quantity" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "customerNote" TEXT,

    CONSTRAINT "ReturnLineItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Case" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "subject" TEXT NOT NULL,
    "status" "CaseStatus" NOT NULL DEFAULT 'OPEN',
    "priority" "CasePriority" NOT NULL DEFAULT 'NORMAL',
    "topic" "CaseTopic" NOT NULL DEFAULT 'OTHER',
    "suggestedTopic" "CaseTopic",
    "channel" "Channel" NOT NULL,
    "customerId" UUID,
    "customerEmail" TEXT,
    "customerName" TEXT,
    "assigneeId" UUID,
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "snoozedUntil" TIMESTAMP(3),
    "firstResponseAt" TIMESTAMP(3),
    "resolvedAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),
    "firstResponseDueAt" TIMESTAMP(3),
    "resolutionDueAt" TIMESTAMP(3),
    "reopenCount" INTEGER NOT NULL DEFAULT 0,
    "mergedIntoId" UUID,
    "lastMessageAt" TIMESTAMP(3),
    "lastActivityAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Case_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CaseOrder" (
    "shopId" UUID NOT NULL,
    "caseId" UUID NOT NULL,
    "orderId" UUID NOT NULL,
    "linkedBy" "CaseOrderLink" NOT NULL DEFAULT 'AUTO',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CaseOrder_pkey" PRIMARY KEY ("caseId","orderId")
);

-- CreateTable
CREATE TABLE "Message" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "caseId" UUID NOT NULL,
    "direction" "MessageDirection" NOT NULL,
    "channel" "Channel" NOT NULL,
    "authorType" "AuthorType" NOT NULL,
    "authorStaffId" UUID,
    "authorName" TEXT,
    "authorEmail" TEXT,
    "subject" TEXT,
    "toEmails" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "ccEmails" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "bodyText" TEXT NOT NULL,
    "bodyHtml" TEXT,
    "externalMessageId" TEXT,
    "inReplyTo" TEXT,
    "deliveryStatus" "DeliveryStatus" NOT NULL DEFAULT 'RECEIVED',
    "deliveryError" TEXT,
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Message_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MessageAttachment" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "messageId" UUID NOT NULL,
    "filename" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "content" BYTEA,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MessageAttachment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CaseEvent" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "caseId" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "actorType" "ActorType" NOT NULL DEFAULT 'SYSTEM',
    "staffId" UUID,
    "orderId" UUID,
    "data" JSONB NOT NULL DEFAULT '{}',
    "dedupeKey" TEXT,
    "occurredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CaseEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HelpArticle" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "topic" "CaseTopic",
    "published" BOOLEAN NOT NULL DEFAULT false,
    "viewCount" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "HelpArticle_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReturnPolicy" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "windowDays" INTEGER NOT NULL DEFAULT 30,
    "windowStartsAt" TEXT NOT NULL DEFAULT 'DELIVERY',
    "excludedTags" TEXT[] DEFAULT ARRAY['final-sale']::TEXT[],
    "excludedProductTypes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "productWindows" JSONB NOT NULL DEFAULT '[]',
    "reasons" TEXT[] DEFAULT ARRAY['SIZE_TOO_SMALL', 'SIZE_TOO_LARGE', 'UNWANTED', 'NOT_AS_DESCRIBED', 'WRONG_ITEM', 'DEFECTIVE', 'OTHER']::TEXT[],
    "restockingFeePercent" DECIMAL(5,2) NOT NULL DEFAULT 0,
    "returnShippingFee" DECIMAL(18,4) NOT NULL DEFAULT 0,
    "autoApprove" JSONB NOT NULL DEFAULT '{}',
    "instructions" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReturnPolicy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Macro" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "topic" "CaseTopic",
    "usageCount" INTEGER NOT NULL DEFAULT 0,
    "createdById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Macro_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Tag" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "color" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Tag_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SavedView" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "staffId" UUID,
    "name" TEXT NOT NULL,
    "filters" JSONB NOT NULL,
    "sort" TEXT NOT NULL DEFAULT 'lastActivity',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SavedView_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SatisfactionRating" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "caseId" UUID NOT NULL,
    "staffId" UUID,
    "customerId" UUID,
    "score" INTEGER,
    "comment" TEXT,
    "requestedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "respondedAt" TIMESTAMP(3),

    CONSTRAINT "SatisfactionRating_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SelfServiceEvent" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "kind" "SelfServiceKind" NOT NULL,
    "orderId" UUID,
    "customerId" UUID,
    "articleId" UUID,
    "query" TEXT,
    "followUpCaseId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SelfServiceEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookEvent" (
    "id" UUID NOT NULL,
    "shopDomain" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "webhookId" TEXT NOT NULL,
    "eventId" TEXT,
    "apiVersion" TEXT,
    "triggeredAt" TIMESTAMP(3),
    "payload" JSONB NOT NULL,
    "state" "WebhookState" NOT NULL DEFAULT 'RECEIVED',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processedAt" TIMESTAMP(3),

    CONSTRAINT "WebhookEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ComplianceRequest" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "kind" "ComplianceKind" NOT NULL,
    "shopifyCustomerId" BIGINT,
    "customerEmail" TEXT,
    "ordersRequested" BIGINT[] DEFAULT ARRAY[]::BIGINT[],
    "export" JSONB,
    "requestedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "ComplianceRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Shop_domain_key" ON "Shop"("domain");

-- CreateIndex
CREATE INDEX "Session_shop_idx" ON "Session"("shop");

-- CreateIndex
CREATE UNIQUE INDEX "Staff_shopId_shopifyUserId_key" ON "Staff"("shopId", "shopifyUserId");

-- CreateIndex
CREATE UNIQUE INDEX "Staff_shopId_email_key" ON "Staff"("shopId", "email");

-- CreateIndex
CREATE INDEX "Customer_shopId_email_idx" ON "Customer"("shopId", "email");

-- CreateIndex
CREATE UNIQUE INDEX "Customer_shopId_shopifyId_key" ON "Customer"("shopId", "shopifyId");

-- CreateIndex
CREATE INDEX "Order_shopId_orderNumber_idx" ON "Order"("shopId", "orderNumber");

-- CreateIndex
CREATE INDEX "Order_shopId_email_idx" ON "Order"("shopId", "email");

-- CreateIndex
CREATE INDEX "Order_shopId_customerId_processedAt_idx" ON "Order"("shopId", "customerId", "processedAt" DESC);

-- CreateIndex
CREATE INDEX "Order_shopId_shopifyUpdatedAt_idx" ON "Order"("shopId", "shopifyUpdatedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Order_shopId_shopifyId_key" ON "Order"("shopId", "shopifyId");

-- CreateIndex
CREATE INDEX "LineItem_shopId_orderId_idx" ON "LineItem"("shopId", "orderId");

-- CreateIndex
CREATE UNIQUE INDEX "LineItem_shopId_shopifyId_key" ON "LineItem"("shopId", "shopifyId");

-- CreateIndex
CREATE INDEX "Fulfillment_shopId_orderId_idx" ON "Fulfillment"("shopId", "orderId");

-- CreateIndex
CREATE INDEX "Fulfillment_shopId_trackingNumber_idx" ON "Fulfillment"("shopId", "trackingNumber");

-- CreateIndex
CREATE UNIQUE INDEX "Fulfillment_shopId_shopifyId_key" ON "Fulfillment"("shopId", "shopifyId");

-- CreateIndex
CREATE INDEX "FulfillmentLineItem_shopId_lineItemId_idx" ON "FulfillmentLineItem"("shopId", "lineItemId");

-- CreateIndex
CREATE UNIQUE INDEX "FulfillmentLineItem_shopId_fulfillmentId_lineItemId_key" ON "FulfillmentLineItem"("shopId", "fulfillmentId", "lineItemId");

-- CreateIndex
CREATE INDEX "FulfillmentEvent_shopId_fulfillmentId_happenedAt_idx" ON "FulfillmentEvent"("shopId", "fulfillmentId", "happenedAt");

-- CreateIndex
CREATE UNIQUE INDEX "FulfillmentEvent_shopId_shopifyId_key" ON "FulfillmentEvent"("shopId", "shopifyId");

-- CreateIndex
CREATE INDEX "Refund_shopId_orderId_idx" ON "Refund"("shopId", "orderId");

-- CreateIndex
CREATE INDEX "Refund_shopId_processedAt_idx" ON "Refund"("shopId", "processedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Refund_shopId_shopifyId_key" ON "Refund"("shopId", "shopifyId");

-- CreateIndex
CREATE INDEX "RefundLineItem_shopId_refundId_idx" ON "RefundLineItem"("shopId", "refundId");

-- CreateIndex
CREATE INDEX "RefundLineItem_shopId_lineItemId_idx" ON "RefundLineItem"("shopId", "lineItemId");

-- CreateIndex
CREATE INDEX "Return_shopId_orderId_idx" ON "Return"("shopId", "orderId");

-- CreateIndex
CREATE INDEX "Return_shopId_status_requestedAt_idx" ON "Return"("shopId", "status", "requestedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Return_shopId_shopifyId_key" ON "Return"("shopId", "shopifyId");

-- CreateIndex
CREATE INDEX "ReturnLineItem_shopId_returnId_idx" ON "ReturnLineItem"("shopId", "returnId");

-- CreateIndex
CREATE INDEX "ReturnLineItem_shopId_lineItemId_idx" ON "ReturnLineItem"("shopId", "lineItemId");

-- CreateIndex
CREATE INDEX "Case_shopId_status_lastActivityAt_id_idx" ON "Case"("shopId", "status", "lastActivityAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Case_shopId_assigneeId_status_lastActivityAt_id_idx" ON "Case"("shopId", "assigneeId", "status", "lastActivityAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Case_shopId_lastActivityAt_id_idx" ON "Case"("shopId", "lastActivityAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Case_shopId_customerEmail_idx" ON "Case"("shopId", "customerEmail");

-- CreateIndex
CREATE INDEX "Case_shopId_customerId_idx" ON "Case"("shopId", "customerId");

-- CreateIndex
CREATE INDEX "Case_shopId_createdAt_idx" ON "Case"("shopId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Case_shopId_number_key" ON "Case"("shopId", "number");

-- CreateIndex
CREATE INDEX "CaseOrder_shopId_orderId_idx" ON "CaseOrder"("shopId", "orderId");

-- CreateIndex
CREATE INDEX "Message_shopId_caseId_createdAt_idx" ON "Message"("shopId", "caseId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Message_shopId_externalMessageId_key" ON "Message"("shopId", "externalMessageId");

-- CreateIndex
CREATE INDEX "MessageAttachment_shopId_messageId_idx" ON "MessageAttachment"("shopId", "messageId");

-- CreateIndex
CREATE INDEX "CaseEvent_shopId_caseId_occurredAt_idx" ON "CaseEvent"("shopId", "caseId", "occurredAt");

-- CreateIndex
CREATE UNIQUE INDEX "CaseEvent_shopId_caseId_dedupeKey_key" ON "CaseEvent"("shopId", "caseId", "dedupeKey");

-- CreateIndex
CREATE INDEX "HelpArticle_shopId_published_idx" ON "HelpArticle"("shopId", "published");

-- CreateIndex
CREATE UNIQUE INDEX "HelpArticle_shopId_slug_key" ON "HelpArticle"("shopId", "slug");

-- CreateIndex
CREATE UNIQUE INDEX "ReturnPolicy_shopId_key" ON "ReturnPolicy"("shopId");

-- CreateIndex
CREATE UNIQUE INDEX "Macro_shopId_name_key" ON "Macro"("shopId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Tag_shopId_name_key" ON "Tag"("shopId", "name");

-- CreateIndex
CREATE INDEX "SavedView_shopId_staffId_idx" ON "SavedView"("shopId", "staffId");

-- CreateIndex
CREATE UNIQUE INDEX "SatisfactionRating_caseId_key" ON "SatisfactionRating"("caseId");

-- CreateIndex
CREATE INDEX "SatisfactionRating_shopId_respondedAt_idx" ON "SatisfactionRating"("shopId", "respondedAt");

-- CreateIndex
CREATE INDEX "SelfServiceEvent_shopId_createdAt_idx" ON "SelfServiceEvent"("shopId", "createdAt");

-- CreateIndex
CREATE INDEX "SelfServiceEvent_shopId_orderId_idx" ON "SelfServiceEvent"("shopId", "orderId");

-- CreateIndex
CREATE INDEX "WebhookEvent_shopDomain_state_receivedAt_idx" ON "WebhookEvent"("shopDomain", "state", "receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookEvent_shopDomain_webhookId_key" ON "WebhookEvent"("shopDomain", "webhookId");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookEvent_shopDomain_topic_eventId_key" ON "WebhookEvent"("shopDomain", "topic", "eventId");

-- CreateIndex
CREATE INDEX "ComplianceRequest_shopId_requestedAt_idx" ON "ComplianceRequest"("shopId", "requestedAt");

-- AddForeignKey
ALTER TABLE "Staff" ADD CONSTRAINT "Staff_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Customer" ADD CONSTRAINT "Customer_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Order" ADD CONSTRAINT "Order_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Order" ADD CONSTRAINT "Order_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LineItem" ADD CONSTRAINT "LineItem_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LineItem" ADD CONSTRAINT "LineItem_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Fulfillment" ADD CONSTRAINT "Fulfillment_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Fulfillment" ADD CONSTRAINT "Fulfillment_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FulfillmentLineItem" ADD CONSTRAINT "FulfillmentLineItem_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FulfillmentLineItem" ADD CONSTRAINT "FulfillmentLineItem_fulfillmentId_fkey" FOREIGN KEY ("fulfillmentId") REFERENCES "Fulfillment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FulfillmentLineItem" ADD CONSTRAINT "FulfillmentLineItem_lineItemId_fkey" FOREIGN KEY ("lineItemId") REFERENCES "LineItem"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FulfillmentEvent" ADD CONSTRAINT "FulfillmentEvent_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FulfillmentEvent" ADD CONSTRAINT "FulfillmentEvent_fulfillmentId_fkey" FOREIGN KEY ("fulfillmentId") REFERENCES "Fulfillment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Refund" ADD CONSTRAINT "Refund_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Refund" ADD CONSTRAINT "Refund_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Refund" ADD CONSTRAINT "Refund_returnId_fkey" FOREIGN KEY ("returnId") REFERENCES "Return"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RefundLineItem" ADD CONSTRAINT "RefundLineItem_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RefundLineItem" ADD CONSTRAINT "RefundLineItem_refundId_fkey" FOREIGN KEY ("refundId") REFERENCES "Refund"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RefundLineItem" ADD CONSTRAINT "RefundLineItem_lineItemId_fkey" FOREIGN KEY ("lineItemId") REFERENCES "LineItem"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Return" ADD CONSTRAINT "Return_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Return" ADD CONSTRAINT "Return_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReturnLineItem" ADD CONSTRAINT "ReturnLineItem_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReturnLineItem" ADD CONSTRAINT "ReturnLineItem_returnId_fkey" FOREIGN KEY ("returnId") REFERENCES "Return"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReturnLineItem" ADD CONSTRAINT "ReturnLineItem_lineItemId_fkey" FOREIGN KEY ("lineItemId") REFERENCES "LineItem"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Case" ADD CONSTRAINT "Case_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Case" ADD CONSTRAINT "Case_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Case" ADD CONSTRAINT "Case_assigneeId_fkey" FOREIGN KEY ("assigneeId") REFERENCES "Staff"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Case" ADD CONSTRAINT "Case_mergedIntoId_fkey" FOREIGN KEY ("mergedIntoId") REFERENCES "Case"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseOrder" ADD CONSTRAINT "CaseOrder_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseOrder" ADD CONSTRAINT "CaseOrder_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseOrder" ADD CONSTRAINT "CaseOrder_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Message" ADD CONSTRAINT "Message_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Message" ADD CONSTRAINT "Message_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Message" ADD CONSTRAINT "Message_authorStaffId_fkey" FOREIGN KEY ("authorStaffId") REFERENCES "Staff"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MessageAttachment" ADD CONSTRAINT "MessageAttachment_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MessageAttachment" ADD CONSTRAINT "MessageAttachment_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "Message"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseEvent" ADD CONSTRAINT "CaseEvent_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseEvent" ADD CONSTRAINT "CaseEvent_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseEvent" ADD CONSTRAINT "CaseEvent_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "Staff"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseEvent" ADD CONSTRAINT "CaseEvent_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HelpArticle" ADD CONSTRAINT "HelpArticle_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReturnPolicy" ADD CONSTRAINT "ReturnPolicy_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Macro" ADD CONSTRAINT "Macro_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Macro" ADD CONSTRAINT "Macro_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "Staff"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Tag" ADD CONSTRAINT "Tag_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SavedView" ADD CONSTRAINT "SavedView_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SavedView" ADD CONSTRAINT "SavedView_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "Staff"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SatisfactionRating" ADD CONSTRAINT "SatisfactionRating_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SatisfactionRating" ADD CONSTRAINT "SatisfactionRating_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SatisfactionRating" ADD CONSTRAINT "SatisfactionRating_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "Staff"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SatisfactionRating" ADD CONSTRAINT "SatisfactionRating_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SelfServiceEvent" ADD CONSTRAINT "SelfServiceEvent_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SelfServiceEvent" ADD CONSTRAINT "SelfServiceEvent_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SelfServiceEvent" ADD CONSTRAINT "SelfServiceEvent_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SelfServiceEvent" ADD CONSTRAINT "SelfServiceEvent_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "HelpArticle"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ComplianceRequest" ADD CONSTRAINT "ComplianceRequest_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

