-- CreateEnum
CREATE TYPE "Sentiment" AS ENUM ('NEGATIVE', 'NEUTRAL', 'POSITIVE');

-- CreateEnum
CREATE TYPE "FeedbackKind" AS ENUM ('PRODUCT_FEEDBACK', 'FEATURE_REQUEST');

-- CreateEnum
CREATE TYPE "FeedbackStatus" AS ENUM ('OPEN', 'PLANNED', 'SHIPPED', 'DECLINED');

-- AlterTable
ALTER TABLE "Case" ADD COLUMN     "repeatContact" BOOLEAN,
ADD COLUMN     "sentiment" "Sentiment" NOT NULL DEFAULT 'NEUTRAL',
ADD COLUMN     "signals" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "slaPausedAt" TIMESTAMP(3),
ADD COLUMN     "urgent" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "disputeCount" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "InsightDirtyDay" (
    "shopId" UUID NOT NULL,
    "day" DATE NOT NULL,
    "markedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InsightDirtyDay_pkey" PRIMARY KEY ("shopId","day")
);

-- CreateTable
CREATE TABLE "InsightState" (
    "shopId" UUID NOT NULL,
    "timezone" TEXT NOT NULL,
    "rebuiltAt" TIMESTAMP(3),
    "customersAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "InsightState_pkey" PRIMARY KEY ("shopId")
);

-- CreateTable
CREATE TABLE "InsightCaseDaily" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "day" DATE NOT NULL,
    "channel" "Channel" NOT NULL,
    "topic" "CaseTopic" NOT NULL,
    "assigneeId" UUID,
    "created" INTEGER NOT NULL DEFAULT 0,
    "firstResponded" INTEGER NOT NULL DEFAULT 0,
    "firstResponseMinutes" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
    "firstResponseBreached" INTEGER NOT NULL DEFAULT 0,
    "repeatContacts" INTEGER NOT NULL DEFAULT 0,
    "urgent" INTEGER NOT NULL DEFAULT 0,
    "negative" INTEGER NOT NULL DEFAULT 0,
    "paymentFailureContacts" INTEGER NOT NULL DEFAULT 0,
    "resolved" INTEGER NOT NULL DEFAULT 0,
    "resolutionMinutes" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
    "resolutionBreached" INTEGER NOT NULL DEFAULT 0,
    "firstTouchResolved" INTEGER NOT NULL DEFAULT 0,
    "reopened" INTEGER NOT NULL DEFAULT 0,
    "topicReviewed" INTEGER NOT NULL DEFAULT 0,
    "topicCorrect" INTEGER NOT NULL DEFAULT 0,
    "csatResponses" INTEGER NOT NULL DEFAULT 0,
    "csatScores" INTEGER[] DEFAULT ARRAY[0, 0, 0, 0, 0]::INTEGER[],

    CONSTRAINT "InsightCaseDaily_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InsightBacklogDaily" (
    "shopId" UUID NOT NULL,
    "day" DATE NOT NULL,
    "open" INTEGER NOT NULL,
    "pending" INTEGER NOT NULL,

    CONSTRAINT "InsightBacklogDaily_pkey" PRIMARY KEY ("shopId","day")
);

-- CreateTable
CREATE TABLE "InsightSelfServiceDaily" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "day" DATE NOT NULL,
    "kind" "SelfServiceKind" NOT NULL,
    "events" INTEGER NOT NULL DEFAULT 0,
    "followedUp" INTEGER NOT NULL DEFAULT 0,
    "pending" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "InsightSelfServiceDaily_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InsightOrderDaily" (
    "shopId" UUID NOT NULL,
    "day" DATE NOT NULL,
    "orders" INTEGER NOT NULL DEFAULT 0,
    "revenue" DECIMAL(18,4) NOT NULL DEFAULT 0,
    "cancelled" INTEGER NOT NULL DEFAULT 0,
    "refundedOrders" INTEGER NOT NULL DEFAULT 0,
    "refundAmount" DECIMAL(18,4) NOT NULL DEFAULT 0,
    "returnedOrders" INTEGER NOT NULL DEFAULT 0,
    "disputedOrders" INTEGER NOT NULL DEFAULT 0,
    "paymentFailedContacts" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "InsightOrderDaily_pkey" PRIMARY KEY ("shopId","day")
);

-- CreateTable
CREATE TABLE "InsightProductDaily" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "day" DATE NOT NULL,
    "productKey" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "sold" INTEGER NOT NULL DEFAULT 0,
    "returned" INTEGER NOT NULL DEFAULT 0,
    "refunded" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "InsightProductDaily_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InsightReturnReasonDaily" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "day" DATE NOT NULL,
    "reason" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "InsightReturnReasonDaily_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InsightRevenueDaily" (
    "shopId" UUID NOT NULL,
    "day" DATE NOT NULL,
    "resolvedCustomers" INTEGER NOT NULL DEFAULT 0,
    "reorderedCustomers" INTEGER NOT NULL DEFAULT 0,
    "ordersAfter" INTEGER NOT NULL DEFAULT 0,
    "revenueAfter" DECIMAL(18,4) NOT NULL DEFAULT 0,
    "complete" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "InsightRevenueDaily_pkey" PRIMARY KEY ("shopId","day")
);

-- CreateTable
CREATE TABLE "InsightCohort" (
    "shopId" UUID NOT NULL,
    "month" DATE NOT NULL,
    "customers" INTEGER NOT NULL DEFAULT 0,
    "retained" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
    "revenueAfter" DECIMAL(18,4) NOT NULL DEFAULT 0,

    CONSTRAINT "InsightCohort_pkey" PRIMARY KEY ("shopId","month")
);

-- CreateTable
CREATE TABLE "InsightCustomerMonthly" (
    "shopId" UUID NOT NULL,
    "month" DATE NOT NULL,
    "buyers" INTEGER NOT NULL DEFAULT 0,
    "repeatBuyers" INTEGER NOT NULL DEFAULT 0,
    "contactedBuyers" INTEGER NOT NULL DEFAULT 0,
    "contactedRepeatBuyers" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "InsightCustomerMonthly_pkey" PRIMARY KEY ("shopId","month")
);

-- CreateTable
CREATE TABLE "FeedbackRequest" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "kind" "FeedbackKind" NOT NULL,
    "title" TEXT NOT NULL,
    "titleKey" TEXT NOT NULL,
    "description" TEXT,
    "productId" BIGINT,
    "productTitle" TEXT,
    "status" "FeedbackStatus" NOT NULL DEFAULT 'OPEN',
    "shippedAt" TIMESTAMP(3),
    "notifiedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FeedbackRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FeedbackMention" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "requestId" UUID NOT NULL,
    "caseId" UUID NOT NULL,
    "messageId" UUID,
    "customerId" UUID,
    "taggedById" UUID,
    "notifiedMessageId" UUID,
    "notifiedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FeedbackMention_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "InsightCaseDaily_shopId_day_idx" ON "InsightCaseDaily"("shopId", "day");

-- CreateIndex
CREATE INDEX "InsightSelfServiceDaily_shopId_day_idx" ON "InsightSelfServiceDaily"("shopId", "day");

-- CreateIndex
CREATE INDEX "InsightProductDaily_shopId_day_idx" ON "InsightProductDaily"("shopId", "day");

-- CreateIndex
CREATE INDEX "InsightReturnReasonDaily_shopId_day_idx" ON "InsightReturnReasonDaily"("shopId", "day");

-- CreateIndex
CREATE INDEX "FeedbackRequest_shopId_status_idx" ON "FeedbackRequest"("shopId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "FeedbackRequest_shopId_kind_titleKey_key" ON "FeedbackRequest"("shopId", "kind", "titleKey");

-- CreateIndex
CREATE INDEX "FeedbackMention_shopId_caseId_idx" ON "FeedbackMention"("shopId", "caseId");

-- CreateIndex
CREATE UNIQUE INDEX "FeedbackMention_requestId_caseId_key" ON "FeedbackMention"("requestId", "caseId");

-- CreateIndex
CREATE INDEX "Order_shopId_processedAt_idx" ON "Order"("shopId", "processedAt");

-- AddForeignKey
ALTER TABLE "FeedbackRequest" ADD CONSTRAINT "FeedbackRequest_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FeedbackMention" ADD CONSTRAINT "FeedbackMention_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FeedbackMention" ADD CONSTRAINT "FeedbackMention_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "FeedbackRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FeedbackMention" ADD CONSTRAINT "FeedbackMention_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- CreateTable
CREATE TABLE "InsightDurationMonthly" (
    "shopId" UUID NOT NULL,
    "month" DATE NOT NULL,
    "kind" TEXT NOT NULL,
    "minutes" INTEGER[],
    "counts" INTEGER[],

    CONSTRAINT "InsightDurationMonthly_pkey" PRIMARY KEY ("shopId","month","kind")
);

-- AlterTable
ALTER TABLE "Case" ADD COLUMN     "slaPausedSeconds" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "InsightClaimedDay" (
    "shopId" UUID NOT NULL,
    "day" DATE NOT NULL,
    "claimedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InsightClaimedDay_pkey" PRIMARY KEY ("shopId","day")
);

-- The insights job reads a day's resolved cases.
CREATE INDEX "Case_shopId_resolvedAt_idx" ON "Case"("shopId", "resolvedAt");

-- ───────────── Insights: mark the (shop, day) rollups a change touches ─────────────
-- Days are calendar days in the shop's time zone. Timestamps are stored as UTC without zone.
-- An unknown zone name (should never come from Shopify) falls back to UTC rather than failing the write.
CREATE FUNCTION casefile_insight_day(shop_id uuid, ts timestamp) RETURNS date LANGUAGE plpgsql STABLE AS $$
DECLARE tz text;
BEGIN
  IF ts IS NULL THEN RETURN NULL; END IF;
  SELECT "ianaTimezone" INTO tz FROM "Shop" WHERE id = shop_id;
  BEGIN
    RETURN ((ts AT TIME ZONE 'UTC') AT TIME ZONE coalesce(tz, 'UTC'))::date;
  EXCEPTION WHEN others THEN
    RETURN ts::date;
  END;
END $$;

CREATE FUNCTION casefile_insight_mark(shop_id uuid, ts timestamp, days_before int DEFAULT 0) RETURNS void LANGUAGE plpgsql AS $$
DECLARE tz text; d date;
BEGIN
  IF ts IS NULL OR shop_id IS NULL THEN RETURN; END IF;
  SELECT "ianaTimezone" INTO tz FROM "Shop" WHERE id = shop_id;
  -- A shop being deleted (shop/redact cascades to its rows) leaves nothing behind to recompute.
  IF NOT FOUND THEN RETURN; END IF;
  BEGIN
    d := ((ts AT TIME ZONE 'UTC') AT TIME ZONE tz)::date;
  EXCEPTION WHEN others THEN
    d := ts::date;
  END;
  INSERT INTO "InsightDirtyDay" ("shopId", day)
    SELECT shop_id, d - g FROM generate_series(0, days_before) g
  ON CONFLICT DO NOTHING;
END $$;

-- Cases: the day created (and the 3 days before it: self-service events a new case follows up), the day resolved.
CREATE FUNCTION casefile_insight_case_after() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM casefile_insight_mark(NEW."shopId", NEW."createdAt", 3);
    PERFORM casefile_insight_mark(NEW."shopId", NEW."resolvedAt");
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM casefile_insight_mark(OLD."shopId", OLD."createdAt");
    PERFORM casefile_insight_mark(OLD."shopId", OLD."resolvedAt");
  ELSIF (NEW.status, NEW.topic, NEW."suggestedTopic", NEW.channel, NEW."assigneeId", NEW."firstResponseAt", NEW."resolvedAt",
         NEW."reopenCount", NEW."mergedIntoId", NEW.urgent, NEW.sentiment, NEW.signals, NEW."firstResponseDueAt",
         NEW."resolutionDueAt", NEW."customerId", NEW."createdAt")
     IS DISTINCT FROM
        (OLD.status, OLD.topic, OLD."suggestedTopic", OLD.channel, OLD."assigneeId", OLD."firstResponseAt", OLD."resolvedAt",
         OLD."reopenCount", OLD."mergedIntoId", OLD.urgent, OLD.sentiment, OLD.signals, OLD."firstResponseDueAt",
         OLD."resolutionDueAt", OLD."customerId", OLD."createdAt") THEN
    PERFORM casefile_insight_mark(NEW."shopId", NEW."createdAt");
    IF OLD."createdAt" IS DISTINCT FROM NEW."createdAt" THEN PERFORM casefile_insight_mark(OLD."shopId", OLD."createdAt"); END IF;
    PERFORM casefile_insight_mark(NEW."shopId", NEW."resolvedAt");
    IF OLD."resolvedAt" IS DISTINCT FROM NEW."resolvedAt" THEN PERFORM casefile_insight_mark(OLD."shopId", OLD."resolvedAt"); END IF;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER case_insight_dirty AFTER INSERT OR UPDATE OR DELETE ON "Case"
  FOR EACH ROW EXECUTE FUNCTION casefile_insight_case_after();

-- A staff reply changes first-touch resolution of a case resolved that day; a message never moves other days.
CREATE FUNCTION casefile_insight_message_after() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE c record;
BEGIN
  IF NEW.direction <> 'OUTBOUND' THEN RETURN NULL; END IF;
  SELECT "shopId", "createdAt", "resolvedAt" INTO c FROM "Case" WHERE id = NEW."caseId";
  IF FOUND AND c."resolvedAt" IS NOT NULL THEN PERFORM casefile_insight_mark(c."shopId", c."resolvedAt"); END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER message_insight_dirty AFTER INSERT ON "Message"
  FOR EACH ROW EXECUTE FUNCTION casefile_insight_message_after();

-- Linking an order to a case: payment-failure contacts per order day, self-service follow-ups, repeat contacts.
CREATE FUNCTION casefile_insight_case_order_after() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE c record; o record;
BEGIN
  SELECT "shopId", "createdAt" INTO c FROM "Case" WHERE id = NEW."caseId";
  IF FOUND THEN PERFORM casefile_insight_mark(c."shopId", c."createdAt", 3); END IF;
  SELECT "shopId", "processedAt" INTO o FROM "Order" WHERE id = NEW."orderId";
  IF FOUND THEN PERFORM casefile_insight_mark(o."shopId", o."processedAt"); END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER case_order_insight_dirty AFTER INSERT ON "CaseOrder"
  FOR EACH ROW EXECUTE FUNCTION casefile_insight_case_order_after();

CREATE FUNCTION casefile_insight_rating_after() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM casefile_insight_mark(OLD."shopId", OLD."respondedAt");
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' OR (NEW.score, NEW."respondedAt", NEW."staffId") IS DISTINCT FROM (OLD.score, OLD."respondedAt", OLD."staffId") THEN
    PERFORM casefile_insight_mark(NEW."shopId", NEW."respondedAt");
    IF TG_OP = 'UPDATE' AND OLD."respondedAt" IS DISTINCT FROM NEW."respondedAt" THEN
      PERFORM casefile_insight_mark(OLD."shopId", OLD."respondedAt");
    END IF;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER rating_insight_dirty AFTER INSERT OR UPDATE OR DELETE ON "SatisfactionRating"
  FOR EACH ROW EXECUTE FUNCTION casefile_insight_rating_after();

CREATE FUNCTION casefile_insight_self_service_after() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' OR (NEW."followUpCaseId", NEW."orderId", NEW."customerId") IS DISTINCT FROM (OLD."followUpCaseId", OLD."orderId", OLD."customerId") THEN
    PERFORM casefile_insight_mark(NEW."shopId", NEW."createdAt");
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER self_service_insight_dirty AFTER INSERT OR UPDATE ON "SelfServiceEvent"
  FOR EACH ROW EXECUTE FUNCTION casefile_insight_self_service_after();

-- Orders: the day placed (processedAt); refunds, returns and line items move their order's day.
CREATE FUNCTION casefile_insight_order_after() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM casefile_insight_mark(OLD."shopId", OLD."processedAt");
  ELSIF TG_OP = 'INSERT' OR (NEW."processedAt", NEW."totalPrice", NEW."cancelledAt", NEW."financialStatus", NEW."totalRefunded",
                            NEW."disputeCount", NEW."customerId", NEW."currencyCode")
                           IS DISTINCT FROM (OLD."processedAt", OLD."totalPrice", OLD."cancelledAt", OLD."financialStatus",
                            OLD."totalRefunded", OLD."disputeCount", OLD."customerId", OLD."currencyCode") THEN
    PERFORM casefile_insight_mark(NEW."shopId", NEW."processedAt");
    IF TG_OP = 'UPDATE' AND OLD."processedAt" IS DISTINCT FROM NEW."processedAt" THEN
      PERFORM casefile_insight_mark(OLD."shopId", OLD."processedAt");
    END IF;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER order_insight_dirty AFTER INSERT OR UPDATE OR DELETE ON "Order"
  FOR EACH ROW EXECUTE FUNCTION casefile_insight_order_after();

CREATE FUNCTION casefile_insight_order_child_after() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE o record; order_id uuid;
BEGIN
  IF TG_OP = 'DELETE' THEN order_id := OLD."orderId"; ELSE order_id := NEW."orderId"; END IF;
  SELECT "shopId", "processedAt" INTO o FROM "Order" WHERE id = order_id;
  IF FOUND THEN PERFORM casefile_insight_mark(o."shopId", o."processedAt"); END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER refund_insight_dirty AFTER INSERT OR UPDATE OR DELETE ON "Refund"
  FOR EACH ROW EXECUTE FUNCTION casefile_insight_order_child_after();
CREATE TRIGGER return_insight_dirty AFTER INSERT OR UPDATE OR DELETE ON "Return"
  FOR EACH ROW EXECUTE FUNCTION casefile_insight_order_child_after();
CREATE TRIGGER line_item_insight_dirty AFTER INSERT OR UPDATE OR DELETE ON "LineItem"
  FOR EACH ROW EXECUTE FUNCTION casefile_insight_order_child_after();
