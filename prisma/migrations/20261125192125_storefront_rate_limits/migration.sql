-- CreateTable
CREATE TABLE "storefront_rate_limits" (
    "key" VARCHAR(255) NOT NULL,
    "points" INTEGER NOT NULL DEFAULT 0,
    "expire" BIGINT,
    "shopId" UUID,

    CONSTRAINT "storefront_rate_limits_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "storefront_rate_limits_shopId_idx" ON "storefront_rate_limits"("shopId");

-- AddForeignKey
ALTER TABLE "storefront_rate_limits" ADD CONSTRAINT "storefront_rate_limits_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- rate-limiter-flexible inserts (key, points, expire) only; keys are "<prefix>:<shopId>:<rest>", so the shop is
-- taken from the key. A key without a shop id leaves shopId null.
CREATE FUNCTION storefront_rate_limits_shop() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  candidate text := split_part(NEW.key, ':', 2);
BEGIN
  IF candidate ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN
    NEW."shopId" := candidate::uuid;
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER storefront_rate_limits_shop BEFORE INSERT ON "storefront_rate_limits"
  FOR EACH ROW EXECUTE FUNCTION storefront_rate_limits_shop();
