import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import type { Session } from "@shopify/shopify-api";
import db from "../db.server";

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

/**
 * Shopify's Prisma session storage. Its retry after a concurrent insert of the same session (P2002) checks
 * `instanceof` against @prisma/client's error class, which the generated client does not use; this retry
 * recognises the error by its code instead.
 */
class AppSessionStorage extends PrismaSessionStorage<typeof db> {
  override async storeSession(session: Session): Promise<boolean> {
    try {
      return await super.storeSession(session);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      return super.storeSession(session);
    }
  }
}

let storage: AppSessionStorage | undefined;

function getStorage(): AppSessionStorage {
  storage ??= new AppSessionStorage(db, { connectionRetries: 5, connectionRetryIntervalMs: 1000 });
  return storage;
}

/** Lazily constructed: the storage polls for its table as soon as it exists, which needs a database. */
export const sessionStorage = {
  storeSession: (session: Session) => getStorage().storeSession(session),
  loadSession: (id: string) => getStorage().loadSession(id),
  deleteSession: (id: string) => getStorage().deleteSession(id),
  deleteSessions: (ids: string[]) => getStorage().deleteSessions(ids),
  findSessionsByShop: (shop: string) => getStorage().findSessionsByShop(shop),
};
