import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { runMigrations } from "../../app/db/migrate.server";
import { startEmbeddedDatabase } from "../../app/db/embedded.server";
import { createPgAdapter } from "../../app/db/adapter.server";
import { PrismaClient } from "../../app/generated/prisma/client";
import { pendingMigrationSql } from "../../app/db/migration-diff.server";
import { SERVER_URL, databaseUrl, recreateDatabase, withServer } from "../setup/databases";

const migrationDirs = fs
  .readdirSync(path.resolve("prisma/migrations"), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

const EXPECTED_TABLES = [
  "Shop", "Session", "Staff", "Customer", "Order", "LineItem", "Fulfillment", "FulfillmentLineItem", "FulfillmentEvent",
  "Refund", "RefundLineItem", "Return", "ReturnLineItem", "Case", "CaseOrder", "Message", "CaseEvent", "HelpArticle",
  "ReturnPolicy", "Macro", "Tag", "SavedView", "SatisfactionRating", "SelfServiceEvent", "WebhookEvent", "ComplianceRequest",
];

async function tablesAndMigrations(url: string) {
  const client = new pg.Client({ connectionString: url.replace("?embedded=1", "") });
  await client.connect();
  try {
    const tables = await client.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
    );
    const migrations = await client.query<{ migration_name: string }>(
      "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY 1",
    );
    return { tables: tables.rows.map((r) => r.table_name), migrations: migrations.rows.map((r) => r.migration_name) };
  } finally {
    await client.end();
  }
}

/** Every shop-owned table carries shopId (or the shop's domain) and its first index column is the shop. */
async function unscopedTables(url: string) {
  const client = new pg.Client({ connectionString: url.replace("?embedded=1", "") });
  await client.connect();
  try {
    const { rows } = await client.query<{ table_name: string }>(`
      SELECT t.table_name FROM information_schema.tables t
      WHERE t.table_schema = 'public' AND t.table_name NOT IN ('Shop', '_prisma_migrations')
        AND NOT EXISTS (
          SELECT 1 FROM information_schema.columns c
          WHERE c.table_schema = 'public' AND c.table_name = t.table_name AND c.column_name IN ('shopId', 'shop', 'shopDomain'))`);
    return rows.map((r) => r.table_name);
  } finally {
    await client.end();
  }
}

describe("migrations on an empty PostgreSQL", () => {
  const name = `casefile_test_empty_${process.pid}`;
  afterAll(() => withServer((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)));

  it("creates every table, records every migration, and is a no-op the second time", async () => {
    await withServer((c) => recreateDatabase(c, name));
    const url = databaseUrl(name);

    const first = await runMigrations(url);
    expect(first).toMatch(/successfully applied/);
    const state = await tablesAndMigrations(url);
    expect(state.tables).toEqual(expect.arrayContaining([...EXPECTED_TABLES, "_prisma_migrations"]));
    expect(state.migrations).toEqual(migrationDirs);
    expect(await unscopedTables(url)).toEqual([]);

    const second = await runMigrations(url);
    expect(second).toMatch(/No pending migrations/);
  });

  it("reports an unreachable database in one readable line", async () => {
    await expect(runMigrations("postgresql://postgres@127.0.0.1:1/none")).rejects.toThrow(/Migrations failed: .*127\.0\.0\.1:1/);
  });
});

describe("the committed migrations", () => {
  it("produce exactly prisma/schema.prisma (a schema change without its migration fails here)", async () => {
    expect(await pendingMigrationSql(SERVER_URL)).toBe("");
  });
});

describe("migrations on the embedded default (PGlite on loopback)", () => {
  it("migrates an empty data directory and serves the app's queries through the same adapter", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "casefile-pglite-"));
    const db = await startEmbeddedDatabase({ dataDir });
    try {
      expect(await runMigrations(db.url)).toMatch(/successfully applied/);
      const state = await tablesAndMigrations(db.url);
      expect(state.tables).toEqual(expect.arrayContaining(EXPECTED_TABLES));
      expect(state.migrations).toEqual(migrationDirs);

      const prisma = new PrismaClient({ adapter: createPgAdapter(db.url) });
      try {
        const shop = await prisma.shop.create({ data: { domain: "embedded.myshopify.com" } });
        await prisma.session.create({
          data: { id: "offline_embedded.myshopify.com", shop: shop.domain, state: "s", accessToken: "t", userId: 42n },
        });
        const [found] = await prisma.session.findMany({ where: { shop: shop.domain } });
        expect(found).toMatchObject({ accessToken: "t", userId: 42n });
        // A transaction through the socket server commits as a unit.
        await prisma.$transaction([
          prisma.shop.update({ where: { id: shop.id }, data: { nextCaseNumber: { increment: 1 } } }),
          prisma.shop.update({ where: { id: shop.id }, data: { nextCaseNumber: { increment: 1 } } }),
        ]);
        expect((await prisma.shop.findUniqueOrThrow({ where: { id: shop.id } })).nextCaseNumber).toBe(1003);
      } finally {
        await prisma.$disconnect();
      }
      expect(await runMigrations(db.url)).toMatch(/No pending migrations/);
    } finally {
      await db.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
