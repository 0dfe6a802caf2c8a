-- DropIndex
DROP INDEX "Case_shopId_customerId_idx";

-- DropIndex
DROP INDEX "CaseEvent_shopId_caseId_occurredAt_idx";

-- DropIndex
DROP INDEX "CaseOrder_shopId_orderId_idx";

-- DropIndex
DROP INDEX "Fulfillment_shopId_orderId_idx";

-- DropIndex
DROP INDEX "FulfillmentEvent_shopId_fulfillmentId_happenedAt_idx";

-- DropIndex
DROP INDEX "FulfillmentLineItem_shopId_lineItemId_idx";

-- DropIndex
DROP INDEX "LineItem_shopId_orderId_idx";

-- DropIndex
DROP INDEX "Message_shopId_caseId_createdAt_idx";

-- DropIndex
DROP INDEX "MessageAttachment_shopId_messageId_idx";

-- DropIndex
DROP INDEX "Order_shopId_customerId_processedAt_idx";

-- DropIndex
DROP INDEX "Refund_shopId_orderId_idx";

-- DropIndex
DROP INDEX "RefundLineItem_shopId_lineItemId_idx";

-- DropIndex
DROP INDEX "RefundLineItem_shopId_refundId_idx";

-- DropIndex
DROP INDEX "Return_shopId_orderId_idx";

-- DropIndex
DROP INDEX "ReturnLineItem_shopId_lineItemId_idx";

-- DropIndex
DROP INDEX "ReturnLineItem_shopId_returnId_idx";

-- DropIndex
DROP INDEX "SelfServiceEvent_shopId_orderId_idx";

-- CreateIndex
CREATE INDEX "Case_customerId_idx" ON "Case"("customerId");

-- CreateIndex
CREATE INDEX "Case_mergedIntoId_idx" ON "Case"("mergedIntoId");

-- CreateIndex
CREATE INDEX "CaseEvent_caseId_occurredAt_idx" ON "CaseEvent"("caseId", "occurredAt");

-- CreateIndex
CREATE INDEX "CaseEvent_orderId_idx" ON "CaseEvent"("orderId");

-- CreateIndex
CREATE INDEX "CaseOrder_orderId_idx" ON "CaseOrder"("orderId");

-- CreateIndex
CREATE INDEX "Fulfillment_orderId_idx" ON "Fulfillment"("orderId");

-- CreateIndex
CREATE INDEX "FulfillmentEvent_fulfillmentId_happenedAt_idx" ON "FulfillmentEvent"("fulfillmentId", "happenedAt");

-- CreateIndex
CREATE INDEX "FulfillmentLineItem_fulfillmentId_idx" ON "FulfillmentLineItem"("fulfillmentId");

-- CreateIndex
CREATE INDEX "FulfillmentLineItem_lineItemId_idx" ON "FulfillmentLineItem"("lineItemId");

-- CreateIndex
CREATE INDEX "LineItem_orderId_idx" ON "LineItem"("orderId");

-- CreateIndex
CREATE INDEX "Message_caseId_createdAt_idx" ON "Message"("caseId", "createdAt");

-- CreateIndex
CREATE INDEX "MessageAttachment_messageId_idx" ON "MessageAttachment"("messageId");

-- CreateIndex
CREATE INDEX "Order_customerId_processedAt_idx" ON "Order"("customerId", "processedAt" DESC);

-- CreateIndex
CREATE INDEX "Refund_orderId_idx" ON "Refund"("orderId");

-- CreateIndex
CREATE INDEX "Refund_returnId_idx" ON "Refund"("returnId");

-- CreateIndex
CREATE INDEX "RefundLineItem_refundId_idx" ON "RefundLineItem"("refundId");

-- CreateIndex
CREATE INDEX "RefundLineItem_lineItemId_idx" ON "RefundLineItem"("lineItemId");

-- CreateIndex
CREATE INDEX "Return_orderId_idx" ON "Return"("orderId");

-- CreateIndex
CREATE INDEX "ReturnLineItem_returnId_idx" ON "ReturnLineItem"("returnId");

-- CreateIndex
CREATE INDEX "ReturnLineItem_lineItemId_idx" ON "ReturnLineItem"("lineItemId");

-- CreateIndex
CREATE INDEX "SatisfactionRating_customerId_idx" ON "SatisfactionRating"("customerId");

-- CreateIndex
CREATE INDEX "SelfServiceEvent_orderId_idx" ON "SelfServiceEvent"("orderId");

-- CreateIndex
CREATE INDEX "SelfServiceEvent_customerId_idx" ON "SelfServiceEvent"("customerId");

