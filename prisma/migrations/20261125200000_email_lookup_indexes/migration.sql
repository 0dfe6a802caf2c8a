-- Case-insensitive email lookups (a customer's other cases and orders, storefront contact, case linking) compare
-- lower(email) = lower($1): exact, unlike Prisma's `mode: "insensitive"` (ILIKE, where "_" and "%" are wildcards),
-- and served by these expression indexes instead of a scan of the shop's rows.
CREATE INDEX "Case_shopId_lower_customerEmail_idx" ON "Case" ("shopId", lower("customerEmail"));
CREATE INDEX "Order_shopId_lower_email_idx" ON "Order" ("shopId", lower("email"));
CREATE INDEX "Customer_shopId_lower_email_idx" ON "Customer" ("shopId", lower("email"));
