-- AlterEnum
ALTER TYPE "WebhookState" ADD VALUE 'IGNORED';

-- AlterTable
ALTER TABLE "WebhookEvent" ADD COLUMN     "outcome" TEXT;

