// Times the order-side insights rollups (app/insights/rollup/orders.server.ts) and the commerce report read
// (app/insights/commerce-metrics.server.ts) on a generated shop of 1M orders (2 years, New York time),
// 1.5M line items, 200k customers, 300k cases, refunds and returns.
//
//   npx tsx scripts/bench/commerce-rollups.ts            seeds casefile_bench_commerce once (reused), then times
//   npx tsx scripts/bench/commerce-rollups.ts --reseed   seeds again
// Environment: BENCH_DATABASE_SERVER (default postgresql://postgres@127.0.0.1:5432/postgres), BENCH_ORDERS (1000000).
import os from "node:os";
import pg from "pg";
import { runMigrations } from "../../app/db/migrate.server";
import { fmt, readSeedInfo, recreateDatabase, sql } from "./lib";

const SERVER = process.env.BENCH_DATABASE_SERVER || "postgresql://postgres@127.0.0.1:5432/postgres";
const DB = "casefile_bench_commerce";
const url = Object.assign(new URL(SERVER), { pathname: `/${DB}` }).toString();
const ORDERS = Number(process.env.BENCH_ORDERS || 1_000_000);
const CUSTOMERS = Math.round(ORDERS / 5);
const CASES = Math.round(ORDERS * 0.3);
const TZ = "America/New_York";
const SHOP_ID = "0193f000-0000-7000-8000-000000000001";
const NOW = new Date("2026-11-25T12:00:00Z");

async function seed() {
  await recreateDatabase(SERVER, DB, url);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const step = async (label: string, text: string) => {
    const t0 = performance.now();
    const r = await client.query(text);
    console.log(`  ${label}: ${fmt(r.rowCount ?? 0)} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  };
  try {
    // Generated data needs no triggers (dirty days, search vectors) nor foreign-key checks.
    await client.query(`SET session_replication_role = replica`);
    const now = `'${NOW.toISOString()}'::timestamp`;
    const customer = (expr: string) => `md5('c' || (1 + (${expr}) % ${CUSTOMERS}))::uuid`;
    await step("shop", `INSERT INTO "Shop" (id, domain, "ianaTimezone", "updatedAt") VALUES ('${SHOP_ID}', 'bench-commerce.myshopify.com', '${TZ}', now())`);
    await step("customers", `INSERT INTO "Customer" (id, "shopId", "shopifyId", email, "updatedAt")
      SELECT md5('c' || i)::uuid, '${SHOP_ID}', i, 'c' || i || '@example.com', now() FROM generate_series(1, ${CUSTOMERS}) i`);
    await step("orders", `INSERT INTO "Order" (id, "shopId", "shopifyId", name, "orderNumber", "customerId", "currencyCode",
        "totalPrice", "cancelledAt", "disputeCount", "processedAt", "shopifyCreatedAt", "shopifyUpdatedAt", "updatedAt")
      SELECT md5('o' || i)::uuid, '${SHOP_ID}', i, '#' || i, i,
        CASE WHEN i % 10 = 0 THEN NULL ELSE ${customer("i::bigint * 7919")} END, 'USD',
        10 + (i % 200), CASE WHEN i % 33 = 0 THEN p + interval '1 hour' END, CASE WHEN i % 333 = 0 THEN 1 ELSE 0 END,
        p, p, p, now()
      FROM (SELECT i, ${now} - (random() * interval '730 days') AS p FROM generate_series(1, ${ORDERS}) i) g`);
    await step("line items", `INSERT INTO "LineItem" (id, "shopId", "orderId", "shopifyId", "productId", title, quantity, price)
      SELECT md5('l' || i || '-' || k)::uuid, '${SHOP_ID}', md5('o' || i)::uuid, i * 2 + k, pid, 'Product ' || pid, 1 + i % 3, 20
      FROM generate_series(1, ${ORDERS}) i, generate_series(0, 1) k, LATERAL (SELECT 1 + (i * 31 + k) % 500 AS pid) p
      WHERE k = 0 OR i % 2 = 0`);
    await step("refunds", `INSERT INTO "Refund" (id, "shopId", "orderId", "shopifyId", amount, "currencyCode", "processedAt", "shopifyCreatedAt")
      SELECT md5('r' || i)::uuid, '${SHOP_ID}', md5('o' || i)::uuid, i, 5 + i % 20, 'USD', ${now}, ${now}
      FROM generate_series(17, ${ORDERS}, 17) i`);
    await step("refund lines", `INSERT INTO "RefundLineItem" (id, "shopId", "refundId", "lineItemId", quantity)
      SELECT md5('rl' || i)::uuid, '${SHOP_ID}', md5('r' || i)::uuid, md5('l' || i || '-0')::uuid, 1
      FROM generate_series(17, ${ORDERS}, 17) i`);
    await step("returns", `INSERT INTO "Return" (id, "shopId", "orderId", "shopifyId", status, "requestedAt", "updatedAt")
      SELECT md5('rt' || i)::uuid, '${SHOP_ID}', md5('o' || i)::uuid, i,
        (ARRAY['REQUESTED', 'OPEN', 'CLOSED', 'CLOSED', 'DECLINED', 'CANCELED'])[1 + i % 6]::"ReturnStatus", ${now}, now()
      FROM generate_series(23, ${ORDERS}, 23) i`);
    await step("return lines", `INSERT INTO "ReturnLineItem" (id, "shopId", "returnId", "lineItemId", quantity, reason)
      SELECT md5('rtl' || i)::uuid, '${SHOP_ID}', md5('rt' || i)::uuid, md5('l' || i || '-0')::uuid, 1,
        (ARRAY['DEFECTIVE', 'SIZE_TOO_SMALL', 'SIZE_TOO_LARGE', 'UNWANTED', 'NOT_AS_DESCRIBED'])[1 + i % 5]
      FROM generate_series(23, ${ORDERS}, 23) i`);
    await step("cases", `INSERT INTO "Case" (id, "shopId", number, subject, channel, status, "customerId", signals, "createdAt", "resolvedAt", "updatedAt")
      SELECT md5('k' || i)::uuid, '${SHOP_ID}', i, 'Case ' || i, 'EMAIL',
        CASE WHEN i % 10 = 0 THEN 'OPEN' ELSE 'RESOLVED' END::"CaseStatus",
        CASE WHEN i % 7 = 0 THEN NULL ELSE ${customer("i::bigint * 104729")} END,
        CASE WHEN i % 50 = 0 THEN ARRAY['payment_failed'] ELSE ARRAY[]::text[] END,
        c, CASE WHEN i % 10 = 0 THEN NULL ELSE c + (i % 72) * interval '1 hour' END, now()
      FROM (SELECT i, ${now} - (random() * interval '730 days') AS c FROM generate_series(1, ${CASES}) i) g`);
    await step("case orders", `INSERT INTO "CaseOrder" ("shopId", "caseId", "orderId")
      SELECT '${SHOP_ID}', md5('k' || i)::uuid, md5('o' || (1 + (i * 3) % ${ORDERS}))::uuid FROM generate_series(1, ${CASES}, 2) i`);
    await client.query(`SET session_replication_role = origin`);
    await step("vacuum analyze", `VACUUM ANALYZE`);
    await client.query(`CREATE TABLE bench_commerce_seed (info jsonb NOT NULL)`);
    await client.query(`INSERT INTO bench_commerce_seed (info) VALUES ($1)`, [JSON.stringify({ orders: ORDERS })]);
  } finally {
    await client.end();
  }
}

function localDays(count: number, endDay: string): string[] {
  const days: string[] = [];
  const end = new Date(`${endDay}T00:00:00Z`);
  for (let i = count - 1; i >= 0; i--) days.push(new Date(end.getTime() - i * 86_400_000).toISOString().slice(0, 10));
  return days;
}

async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const result = await fn();
  console.log(`${label.padEnd(52)} ${((performance.now() - t0) / 1000).toFixed(2)} s`);
  return result;
}

async function main() {
  const info = process.argv.includes("--reseed") ? null : await readSeedInfo<{ orders: number }>(SERVER, DB, url, "bench_commerce_seed");
  if (!info || info.orders !== ORDERS) {
    console.log(`seeding ${DB}: ${fmt(ORDERS)} orders …`);
    await seed();
  } else {
    await runMigrations(url);
  }
  process.env.DATABASE_URL = url;
  const { recomputeOrderDays, rebuildCustomerRollups } = await import("../../app/insights/rollup/orders.server");
  const { getCommerceReport } = await import("../../app/insights/commerce-metrics.server");
  const { disconnectDb } = await import("../../app/db.server");
  const counts = await sql(url, `SELECT (SELECT count(*) FROM "Order") AS orders, (SELECT count(*) FROM "LineItem") AS lines, (SELECT count(*) FROM "Case") AS cases`);
  console.log(`data: ${JSON.stringify(counts.rows[0])}; load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} CPUs`);

  await timed("recomputeOrderDays: 1 day (~1,370 orders), first call", () => recomputeOrderDays(SHOP_ID, ["2026-11-20"], TZ));
  await timed("recomputeOrderDays: 1 day (another day)", () => recomputeOrderDays(SHOP_ID, ["2026-11-19"], TZ));
  await timed("recomputeOrderDays: 30 days", () => recomputeOrderDays(SHOP_ID, localDays(30, "2026-11-24"), TZ));
  await timed("recomputeOrderDays: 30 days again (cached)", () => recomputeOrderDays(SHOP_ID, localDays(30, "2026-11-24"), TZ));
  await timed("recomputeOrderDays: all 731 days (full rebuild)", () => recomputeOrderDays(SHOP_ID, localDays(732, "2026-11-25"), TZ));
  await timed("rebuildCustomerRollups (400 days, cohorts, monthly)", () => rebuildCustomerRollups(SHOP_ID, NOW));
  await timed("rebuildCustomerRollups again", () => rebuildCustomerRollups(SHOP_ID, NOW));
  // Steady state: autovacuum has visited the rollup tables since the rebuilds replaced their rows.
  await sql(url, `VACUUM ANALYZE "InsightOrderDaily", "InsightProductDaily", "InsightReturnReasonDaily", "InsightRevenueDaily", "InsightCohort", "InsightCustomerMonthly"`);
  const query = (from: string, to: string, pf: string, pt: string) => ({ period: { from, to }, previous: { from: pf, to: pt }, filters: {} });
  const ctx = { timezone: TZ, currencyCode: "USD", caseVolume: { value: 1000, previous: 900 } };
  await getCommerceReport(SHOP_ID, query("2026-10-26", "2026-11-24", "2025-09-26", "2026-10-25"), ctx, NOW);
  await timed("getCommerceReport: 30 days", () => getCommerceReport(SHOP_ID, query("2026-10-26", "2026-11-24", "2026-09-26", "2026-10-25"), ctx, NOW));
  const year = await timed("getCommerceReport: 365 days", () =>
    getCommerceReport(SHOP_ID, query("2025-11-25", "2026-11-24", "2024-11-25", "2025-11-24"), ctx, NOW),
  );
  console.log(`year: ${year.commerce.orders.value} orders, revenue ${year.commerce.revenue.value}, refund rate ${year.commerce.refundRate.value?.toFixed(3)}, ` +
    `${year.customers.afterSupport.resolvedCustomers} resolved customers, ${year.customers.cohorts.length} cohorts`);
  console.log(`load average at the end: ${os.loadavg()[0].toFixed(1)}`);
  await disconnectDb();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
