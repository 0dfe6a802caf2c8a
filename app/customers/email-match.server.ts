import db from "../db.server";

// Emails match case-insensitively and EXACTLY. Prisma's `mode: "insensitive"` is ILIKE, where "_" and "%" in
// an address are wildcards (john_doe@… would also match johnXdoe@…) — that would show, link or append to another
// person's data. Hot paths use lower() = lower(), served by the expression indexes of migration
// 20261125200000_email_lookup_indexes; elsewhere `sameEmail` escapes the pattern.

/** A Prisma string filter for an exact, case-insensitive email match (LIKE wildcards escaped). */
export function sameEmail(email: string): { equals: string; mode: "insensitive" } {
  return { equals: email.trim().replace(/[\\%_]/g, (c) => `\\${c}`), mode: "insensitive" };
}

/** Ids of this shop's cases opened from the email, newest activity first (at most `limit`). */
export async function caseIdsWithEmail(shopId: string, email: string, limit = 200): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT id::text AS id FROM "Case"
    WHERE "shopId" = ${shopId}::uuid AND lower("customerEmail") = lower(${email.trim()})
    ORDER BY "lastActivityAt" DESC, id DESC LIMIT ${limit}`;
  return rows.map((r) => r.id);
}

/** Ids of this shop's orders placed with the email, newest first (at most `limit`). */
export async function orderIdsWithEmail(shopId: string, email: string, limit = 500): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT id::text AS id FROM "Order"
    WHERE "shopId" = ${shopId}::uuid AND lower(email) = lower(${email.trim()})
    ORDER BY "processedAt" DESC NULLS LAST, id DESC LIMIT ${limit}`;
  return rows.map((r) => r.id);
}
