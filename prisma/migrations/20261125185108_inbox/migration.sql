-- CreateEnum
CREATE TYPE "OrderActionKind" AS ENUM ('REFUND', 'CANCEL', 'RETURN_APPROVE', 'RETURN_DECLINE', 'RETURN_PROCESS', 'RESEND_TRACKING');

-- CreateEnum
CREATE TYPE "OrderActionStatus" AS ENUM ('PENDING', 'SUCCEEDED', 'FAILED');

-- AlterTable
ALTER TABLE "Case" ADD COLUMN     "searchVector" tsvector,
ADD COLUMN     "slaDueAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "CaseRead" (
    "shopId" UUID NOT NULL,
    "caseId" UUID NOT NULL,
    "staffId" UUID NOT NULL,
    "lastReadAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CaseRead_pkey" PRIMARY KEY ("staffId","caseId")
);

-- CreateTable
CREATE TABLE "CasePresence" (
    "shopId" UUID NOT NULL,
    "caseId" UUID NOT NULL,
    "staffId" UUID NOT NULL,
    "typing" BOOLEAN NOT NULL DEFAULT false,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CasePresence_pkey" PRIMARY KEY ("caseId","staffId")
);

-- CreateTable
CREATE TABLE "OrderAction" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "caseId" UUID,
    "orderId" UUID,
    "staffId" UUID,
    "kind" "OrderActionKind" NOT NULL,
    "status" "OrderActionStatus" NOT NULL DEFAULT 'PENDING',
    "idempotencyKey" TEXT NOT NULL,
    "input" JSONB NOT NULL DEFAULT '{}',
    "result" JSONB,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "OrderAction_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CaseRead_caseId_idx" ON "CaseRead"("caseId");

-- CreateIndex
CREATE INDEX "CasePresence_staffId_idx" ON "CasePresence"("staffId");

-- CreateIndex
CREATE INDEX "CasePresence_lastSeenAt_idx" ON "CasePresence"("lastSeenAt");

-- CreateIndex
CREATE INDEX "OrderAction_caseId_createdAt_idx" ON "OrderAction"("caseId", "createdAt");

-- CreateIndex
CREATE INDEX "OrderAction_orderId_idx" ON "OrderAction"("orderId");

-- CreateIndex
CREATE INDEX "OrderAction_staffId_idx" ON "OrderAction"("staffId");

-- CreateIndex
CREATE UNIQUE INDEX "OrderAction_shopId_idempotencyKey_key" ON "OrderAction"("shopId", "idempotencyKey");

-- CreateIndex
CREATE INDEX "Case_shopId_status_createdAt_id_idx" ON "Case"("shopId", "status", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Case_shopId_status_priority_lastActivityAt_id_idx" ON "Case"("shopId", "status", "priority" DESC, "lastActivityAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Case_shopId_status_slaDueAt_id_idx" ON "Case"("shopId", "status", "slaDueAt", "id");

-- CreateIndex
CREATE INDEX "Case_tags_idx" ON "Case" USING GIN ("tags");

-- CreateIndex
CREATE INDEX "Case_searchVector_idx" ON "Case" USING GIN ("searchVector");

-- AddForeignKey
ALTER TABLE "CaseRead" ADD CONSTRAINT "CaseRead_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseRead" ADD CONSTRAINT "CaseRead_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseRead" ADD CONSTRAINT "CaseRead_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "Staff"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CasePresence" ADD CONSTRAINT "CasePresence_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CasePresence" ADD CONSTRAINT "CasePresence_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CasePresence" ADD CONSTRAINT "CasePresence_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "Staff"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrderAction" ADD CONSTRAINT "OrderAction_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrderAction" ADD CONSTRAINT "OrderAction_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrderAction" ADD CONSTRAINT "OrderAction_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrderAction" ADD CONSTRAINT "OrderAction_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "Staff"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- ───────────── Case full-text search (kept by triggers, so every writer keeps it right) ─────────────
-- The document: subject and customer (weight A), linked order names (B), message bodies (C, each capped).
-- Long threads stop adding words at 20 000 distinct lexemes (tsvector's 1 MB limit must never fail an insert).

CREATE FUNCTION casefile_case_search_vector(case_id uuid, subject text, customer_name text, customer_email text)
RETURNS tsvector LANGUAGE sql STABLE AS $$
  SELECT
    setweight(to_tsvector('english', coalesce(subject, '')), 'A') ||
    setweight(to_tsvector('english', coalesce(customer_name, '') || ' ' || coalesce(customer_email, '')), 'A') ||
    setweight(to_tsvector('english', coalesce((
      SELECT string_agg(o."name" || ' ' || o."orderNumber"::text, ' ')
      FROM "CaseOrder" co JOIN "Order" o ON o."id" = co."orderId"
      WHERE co."caseId" = case_id), '')), 'B') ||
    setweight(to_tsvector('english', coalesce((
      SELECT string_agg(left(m."bodyText", 4000), ' ')
      FROM (SELECT "bodyText" FROM "Message" WHERE "caseId" = case_id ORDER BY "createdAt" LIMIT 200) m), '')), 'C')
$$;

CREATE FUNCTION casefile_case_search_before() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."searchVector" := casefile_case_search_vector(NEW."id", NEW."subject", NEW."customerName", NEW."customerEmail");
  RETURN NEW;
END $$;

CREATE TRIGGER case_search_document
  BEFORE INSERT OR UPDATE OF "subject", "customerName", "customerEmail" ON "Case"
  FOR EACH ROW EXECUTE FUNCTION casefile_case_search_before();

CREATE FUNCTION casefile_case_search_refresh(case_id uuid) RETURNS void LANGUAGE sql AS $$
  UPDATE "Case" SET "searchVector" = casefile_case_search_vector("id", "subject", "customerName", "customerEmail")
  WHERE "id" = case_id
$$;

CREATE FUNCTION casefile_message_search_after() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    -- The common case: append the new body instead of re-reading the thread.
    UPDATE "Case"
       SET "searchVector" = coalesce("searchVector", ''::tsvector) ||
                            setweight(to_tsvector('english', left(NEW."bodyText", 4000)), 'C')
     WHERE "id" = NEW."caseId" AND coalesce(length("searchVector"), 0) < 20000;
  ELSIF TG_OP = 'UPDATE' THEN
    -- An edited or redacted body, or a message moved by a merge/split: rebuild the cases concerned.
    PERFORM casefile_case_search_refresh(NEW."caseId");
    IF OLD."caseId" <> NEW."caseId" THEN PERFORM casefile_case_search_refresh(OLD."caseId"); END IF;
  ELSE
    PERFORM casefile_case_search_refresh(OLD."caseId");
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER message_search_document
  AFTER INSERT OR UPDATE OF "bodyText", "caseId" OR DELETE ON "Message"
  FOR EACH ROW EXECUTE FUNCTION casefile_message_search_after();

CREATE FUNCTION casefile_case_order_search_after() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM casefile_case_search_refresh(CASE WHEN TG_OP = 'DELETE' THEN OLD."caseId" ELSE NEW."caseId" END);
  RETURN NULL;
END $$;

CREATE TRIGGER case_order_search_document
  AFTER INSERT OR DELETE ON "CaseOrder"
  FOR EACH ROW EXECUTE FUNCTION casefile_case_order_search_after();

-- Cases that exist already.
UPDATE "Case" SET "searchVector" = casefile_case_search_vector("id", "subject", "customerName", "customerEmail");
