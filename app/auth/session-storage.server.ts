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

/**
 * Every webhook delivery loads the shop's offline session (inside authenticate.webhook), and Shopify sends
 * deliveries in bursts per shop. Reading it through Prisma costs ~1 ms of CPU, half the cost of accepting a
 * delivery (docs/benchmarks.md), so loads are remembered for two seconds. Writes and deletes through this
 * storage forget the entry at once; a change made by another instance is seen within two seconds.
 */
export const SESSION_CACHE_MS = 2000;
const cache = new Map<string, { session: Session | undefined; until: number }>();

function forget(ids: string[]) {
  for (const id of ids) cache.delete(id);
}

/** For code that changes sessions without this storage (bulk deletes on uninstall or redaction). */
export function forgetCachedSessions(): void {
  cache.clear();
}

/** Lazily constructed: the storage polls for its table as soon as it exists, which needs a database. */
export const sessionStorage = {
  storeSession: async (session: Session) => {
    forget([session.id]);
    return getStorage().storeSession(session);
  },
  loadSession: async (id: string) => {
    const hit = cache.get(id);
    if (hit && hit.until > Date.now()) return hit.session;
    const session = await getStorage().loadSession(id);
    if (cache.size > 10_000) cache.clear();
    cache.set(id, { session, until: Date.now() + SESSION_CACHE_MS });
    return session;
  },
  deleteSession: async (id: string) => {
    forget([id]);
    return getStorage().deleteSession(id);
  },
  deleteSessions: async (ids: string[]) => {
    forget(ids);
    return getStorage().deleteSessions(ids);
  },
  findSessionsByShop: (shop: string) => getStorage().findSessionsByShop(shop),
};
