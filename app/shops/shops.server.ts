import db, { rawPool } from "../db.server";
import { forgetCachedSessions } from "../auth/session-storage.server";
import type { Prisma } from "../generated/prisma/client";

export type ShopRecord = Prisma.ShopGetPayload<object>;

/** Creates the shop on first sight (install, seed) and marks it installed again after a reinstall. */
export async function ensureShop(
  domain: string,
  data: Partial<Pick<ShopRecord, "name" | "email" | "currencyCode" | "ianaTimezone" | "scopes">> = {},
): Promise<ShopRecord> {
  return db.shop.upsert({
    where: { domain },
    create: { domain, ...data },
    update: { ...data, state: "INSTALLED", uninstalledAt: null },
  });
}

/**
 * The shop by its domain. Every storefront and customer-account request starts here, so it is a prepared statement
 * on the plain pg pool (under half of Prisma's time for it). Timestamps are read as UTC (the columns hold UTC
 * without a zone); tests/storefront/find-shop.test.ts checks the record equals Prisma's, column for column.
 */
export async function findShop(domain: string): Promise<ShopRecord | null> {
  const { rows } = await rawPool().query<ShopRecord>({
    name: "find-shop-by-domain",
    text: `SELECT id::text AS id, domain, name, email, "currencyCode", "ianaTimezone", state::text AS state, scopes,
             "installedAt" AT TIME ZONE 'UTC' AS "installedAt", "uninstalledAt" AT TIME ZONE 'UTC' AS "uninstalledAt",
             settings, "nextCaseNumber", "lastSyncedAt" AT TIME ZONE 'UTC' AS "lastSyncedAt",
             "createdAt" AT TIME ZONE 'UTC' AS "createdAt", "updatedAt" AT TIME ZONE 'UTC' AS "updatedAt"
           FROM "Shop" WHERE domain = $1`,
    values: [domain],
  });
  return rows[0] ?? null;
}

/**
 * app/uninstalled: the shop's sessions are deleted (its tokens are dead) and the shop is marked uninstalled.
 * Its data stays until shop/redact asks for erasure, 48 hours later, so a quick reinstall loses nothing.
 */
export async function markShopUninstalled(domain: string, at = new Date()): Promise<void> {
  await db.$transaction([
    db.session.deleteMany({ where: { shop: domain } }),
    db.shop.updateMany({ where: { domain }, data: { state: "UNINSTALLED", uninstalledAt: at } }),
  ]);
  forgetCachedSessions();
}
