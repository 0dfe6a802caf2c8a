-- AlterEnum
ALTER TYPE "WebhookState" ADD VALUE 'IGNORED';

-- AlterTable
ALTER TABLE "WebhookEvent" ADD COLUMN     "outcome" TEXT,
ADD COLUMN     "queuedAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "WebhookEvent_queuedAt_receivedAt_idx" ON "WebhookEvent"("queuedAt", "receivedAt");

