import { PrismaClient } from "./generated/prisma/client";
import { createPgAdapter } from "./db/adapter.server";

export type Db = PrismaClient;

declare global {
  var __prisma: PrismaClient | undefined;
}

function createClient(): PrismaClient {
  return new PrismaClient({ adapter: createPgAdapter(process.env.DATABASE_URL ?? "") });
}

/**
 * The one Prisma client of this process. Created on first use so that importing a module never opens a
 * connection; kept on globalThis so Vite's dev reloads do not open a new pool each time.
 */
export function getDb(): PrismaClient {
  globalThis.__prisma ??= createClient();
  return globalThis.__prisma;
}

export async function disconnectDb(): Promise<void> {
  const client = globalThis.__prisma;
  globalThis.__prisma = undefined;
  await client?.$disconnect();
}

const db = new Proxy({} as PrismaClient, {
  get(_target, prop) {
    const client = getDb();
    const value = Reflect.get(client, prop, client);
    return typeof value === "function" ? value.bind(client) : value;
  },
});

export default db;
