import db from "../db.server";
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

export async function findShop(domain: string): Promise<ShopRecord | null> {
  return db.shop.findUnique({ where: { domain } });
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
