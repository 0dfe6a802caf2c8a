import { PrismaClient } from "./generated/prisma/client";
import type pg from "pg";
import { createPgAdapter, createPool } from "./db/adapter.server";

export type Db = PrismaClient;

declare global {
  var __prisma: PrismaClient | undefined;
  var __rawPool: pg.Pool | undefined;
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

/**
 * A plain pg pool beside Prisma, for the few hot paths where Prisma's per-query overhead (~0.5 ms of CPU) or its
 * unprepared statements matter more than its types — storing a webhook delivery, the storefront's order reads
 * (prepared, app/storefront/order-query.server.ts), rate limits. Everything else goes through Prisma.
 */
export function rawPool(): pg.Pool {
  // Without a max, createPool picks 10 on PostgreSQL (the bare handler of bench:webhooks uses the same) and 4 embedded.
  globalThis.__rawPool ??= createPool(process.env.DATABASE_URL ?? "");
  return globalThis.__rawPool;
}

export async function disconnectDb(): Promise<void> {
  const client = globalThis.__prisma;
  const pool = globalThis.__rawPool;
  globalThis.__prisma = undefined;
  globalThis.__rawPool = undefined;
  await Promise.all([client?.$disconnect(), pool?.end()]);
}

const db = new Proxy({} as PrismaClient, {
  get(_target, prop) {
    const client = getDb();
    const value = Reflect.get(client, prop, client);
    return typeof value === "function" ? value.bind(client) : value;
  },
});

export default db;
