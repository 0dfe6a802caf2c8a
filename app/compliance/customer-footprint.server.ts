import type { Prisma } from "../generated/prisma/client";
import type { CustomerIdentity } from "./payloads.server";

/**
 * For the compliance jobs' transactions on a possibly large shop. Prisma's default timeout (5 s) is too short:
 * on a shop with 1.5M messages the recipients scan of customers/redact alone takes ~1 s.
 */
export const TRANSACTION_LIMITS = { maxWait: 10_000, timeout: 120_000 };

/** Our rows that belong to one customer of one shop (ids), found from what Shopify says about them. */
export interface CustomerFootprint {
  customerIds: string[];
  orderIds: string[];
  caseIds: string[];
}

/**
 * Finds a customer's rows: Customer rows with their Shopify id or email; orders of those customers, with their
 * email, or named by the request; cases of those customers or opened from their email (guests).
 *
 * Emails are compared with lower() = lower(), never with Prisma's `mode: "insensitive"`: that is ILIKE, where
 * `_` and `%` in an address are wildcards (john_doe@… would also match johnXdoe@…), which would export or
 * erase another person's data.
 */
export async function findCustomerFootprint(
  client: Prisma.TransactionClient,
  shopId: string,
  who: CustomerIdentity
): Promise<CustomerFootprint> {
  const email = who.email?.toLowerCase() ?? null;
  const customers = await client.$queryRaw<{ id: string }[]>`
    SELECT id::text AS id FROM "Customer"
    WHERE "shopId" = ${shopId}::uuid
      AND ("shopifyId" = ${who.shopifyCustomerId}::bigint OR lower(email) = ${email}::text)`;
  const customerIds = customers.map((row) => row.id);

  const orders = await client.$queryRaw<{ id: string }[]>`
    SELECT id::text AS id FROM "Order"
    WHERE "shopId" = ${shopId}::uuid
      AND ("customerId" = ANY(${customerIds}::uuid[])
        OR "shopifyId" = ANY(${who.orderIds}::bigint[])
        OR lower(email) = ${email}::text)`;

  const cases = await client.$queryRaw<{ id: string }[]>`
    SELECT id::text AS id FROM "Case"
    WHERE "shopId" = ${shopId}::uuid
      AND ("customerId" = ANY(${customerIds}::uuid[]) OR lower("customerEmail") = ${email}::text)`;

  return { customerIds, orderIds: orders.map((row) => row.id), caseIds: cases.map((row) => row.id) };
}
