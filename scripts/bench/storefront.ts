// `npm run bench:storefront`: the storefront's order lookups at 1M mirrored orders — a guest lookup (order number +
// email) and a logged-in customer's order list — p50/p95 through the full HTTP path (the production build's
// app proxy, correctly signed requests) and as the service call alone, with EXPLAIN plans of the queries the
// services send. Writes the figures to docs/benchmarks.md between <!-- storefront:start --> and <!-- storefront:end -->.
//
//   npm run bench:storefront                  seeds casefile_bench_storefront once (reused while its size matches), then times
//   npm run bench:storefront -- --reseed      drops and seeds the database again
//   npm run bench:storefront -- --seed-only   seeds (or checks) and stops
//   npm run bench:storefront -- --no-build    uses the existing build/ (otherwise `npm run build` runs first)
// Environment: BENCH_DATABASE_SERVER (default postgresql://postgres@127.0.0.1:5432/postgres), BENCH_ORDERS
// (default 1000000), BENCH_RUNS (timed runs per lookup, default 400), BENCH_RECORD=0 to skip writing.
// The headline figures also go to .bench/storefront.json (for `npm run bench`).
//
// Rate limiting: guest lookups are limited per shop+IP and per order. The bench does not switch the limit off:
// every HTTP request carries its own X-Forwarded-For address and every timed lookup is a different order, so
// each request is a first request for its IP and its order, the same work a real shopper's first lookup costs.
import { execSync } from "node:child_process";
import crypto from "node:crypto";
import http from "node:http";
import os from "node:os";
import pg from "pg";
import { createPgAdapter, createPool } from "../../app/db/adapter.server";
import { runMigrations } from "../../app/db/migrate.server";
import { PrismaClient } from "../../app/generated/prisma/client";
import { seedShop, type ScaleSeedResult } from "../../app/seed/scale-seed.server";
import { percentile, recordSection, startProcess, waitForHealthy, fmt, readSeedInfo, recreateDatabase, benchArgs, benchDatabase } from "./lib";
import { triple, writeResult, type Headline } from "./results";

const args = benchArgs("storefront", ["--reseed", "--seed-only", "--no-build"]);
const DB = "casefile_bench_storefront";
const { server: SERVER, url } = benchDatabase(DB);
const TOTAL_ORDERS = Number(process.env.BENCH_ORDERS || 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS || 400);
const WARMUP = 50;
const TARGET_P95_MS = 15;
const SECRET = "bench-storefront-secret";
const API_KEY = "bench-storefront-key";

/** One shop holds 60 % of the orders (as in the performance notes); four others share the rest. */
const SHOPS = [
  { domain: "bench-store-main.myshopify.com", share: 0.6 },
  { domain: "bench-store-second.myshopify.com", share: 0.1 },
  { domain: "bench-store-third.myshopify.com", share: 0.1 },
  { domain: "bench-store-fourth.myshopify.com", share: 0.1 },
  { domain: "bench-store-fifth.myshopify.com", share: 0.1 },
];
const MAIN = SHOPS[0].domain;

interface SeedInfo {
  orders: number;
  seconds: number;
  seededAt: string;
  perShop: Array<{ domain: string; orders: number; seconds: number; rows: ScaleSeedResult["rows"] }>;
  vacuumSeconds: number;
  /** Rows added by enrich() (the scale seeder writes no carrier events, shipped lines, refunds or returns). */
  enriched?: { seconds: number; rows: Record<string, number> };
}

/**
 * What a storefront lookup reads beyond the order, fulfillment and line items the scale seeder writes: each
 * fulfillment's shipped lines and carrier events (confirmed → in transit → out for delivery → delivered), a
 * refund on 5 % of orders and a return on 3 % of delivered ones. Plain SQL over the seeded rows.
 */
const ENRICH: Array<[table: string, sql: string]> = [
  [
    "FulfillmentLineItem",
    `INSERT INTO "FulfillmentLineItem" (id, "shopId", "fulfillmentId", "lineItemId", "shopifyId", quantity)
     SELECT gen_random_uuid(), f."shopId", f.id, li.id, 8000000000000 + row_number() OVER (), li.quantity
       FROM (SELECT DISTINCT ON ("orderId") id, "shopId", "orderId" FROM "Fulfillment" ORDER BY "orderId", "shopifyCreatedAt") f
       JOIN "LineItem" li ON li."orderId" = f."orderId"`,
  ],
  [
    "FulfillmentEvent",
    `INSERT INTO "FulfillmentEvent" (id, "shopId", "fulfillmentId", "shopifyId", status, message, city, province, country, "happenedAt")
     SELECT gen_random_uuid(), e."shopId", e.id, 9000000000000 + row_number() OVER (), e.status::"ShipmentStatus", e.message, 'Memphis', 'TN', 'US', e.at
       FROM (
         SELECT f."shopId", f.id, 'CONFIRMED' AS status, 'Shipping label created' AS message, f."shopifyCreatedAt" AS at FROM "Fulfillment" f
         UNION ALL SELECT f."shopId", f.id, 'IN_TRANSIT', 'Departed facility', f."inTransitAt" FROM "Fulfillment" f WHERE f."inTransitAt" IS NOT NULL
         UNION ALL SELECT f."shopId", f.id, 'OUT_FOR_DELIVERY', 'Out for delivery', f."deliveredAt" - interval '5 hours' FROM "Fulfillment" f WHERE f."deliveredAt" IS NOT NULL
         UNION ALL SELECT f."shopId", f.id, 'DELIVERED', 'Delivered, front door', f."deliveredAt" FROM "Fulfillment" f WHERE f."deliveredAt" IS NOT NULL
       ) e`,
  ],
  [
    "Refund",
    `INSERT INTO "Refund" (id, "shopId", "orderId", "shopifyId", amount, "currencyCode", "processedAt", "shopifyCreatedAt")
     SELECT gen_random_uuid(), o."shopId", o.id, 7000000000000 + row_number() OVER (), round(o."totalPrice" / 2, 2), o."currencyCode",
            o."processedAt" + interval '12 days', o."processedAt" + interval '12 days'
       FROM "Order" o WHERE hashtext(o.id::text) % 20 = 0`,
  ],
  [
    "RefundLineItem",
    `INSERT INTO "RefundLineItem" (id, "shopId", "refundId", "lineItemId", quantity, subtotal)
     SELECT gen_random_uuid(), r."shopId", r.id, li.id, 1, li.price
       FROM "Refund" r JOIN LATERAL (SELECT id, price FROM "LineItem" WHERE "orderId" = r."orderId" ORDER BY id LIMIT 1) li ON true`,
  ],
  [
    "Return",
    `INSERT INTO "Return" (id, "shopId", "orderId", "shopifyId", name, status, "requestedAt", "approvedAt", "closedAt", "updatedAt")
     SELECT gen_random_uuid(), o."shopId", o.id, 6000000000000 + row_number() OVER (), o.name || '-R1',
            (CASE WHEN hashtext(o.id::text) % 3 = 0 THEN 'REQUESTED' ELSE 'CLOSED' END)::"ReturnStatus",
            f."deliveredAt" + interval '3 days',
            CASE WHEN hashtext(o.id::text) % 3 = 0 THEN NULL ELSE f."deliveredAt" + interval '4 days' END,
            CASE WHEN hashtext(o.id::text) % 3 = 0 THEN NULL ELSE f."deliveredAt" + interval '12 days' END, now()
       FROM "Order" o JOIN LATERAL (SELECT "deliveredAt" FROM "Fulfillment" WHERE "orderId" = o.id AND "deliveredAt" IS NOT NULL LIMIT 1) f ON true
      WHERE hashtext(o.id::text || 'r') % 33 = 0`,
  ],
  [
    "ReturnLineItem",
    `INSERT INTO "ReturnLineItem" (id, "shopId", "returnId", "lineItemId", quantity, reason, "customerNote")
     SELECT gen_random_uuid(), r."shopId", r.id, li.id, 1, 'SIZE_TOO_SMALL', 'Runs small'
       FROM "Return" r JOIN LATERAL (SELECT id FROM "LineItem" WHERE "orderId" = r."orderId" ORDER BY id LIMIT 1) li ON true`,
  ],
];

async function enrich(pool: pg.Pool): Promise<NonNullable<SeedInfo["enriched"]>> {
  const started = performance.now();
  const rows: Record<string, number> = {};
  for (const [table, text] of ENRICH) {
    const t = performance.now();
    // A run that stopped half-way kept what it wrote: a table that has rows is not written again.
    const { rows: existing } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM "${table}"`);
    if (Number(existing[0].n) > 0) {
      rows[table] = Number(existing[0].n);
      continue;
    }
    rows[table] = (await pool.query(text)).rowCount ?? 0;
    console.log(`  enrich: ${fmt(rows[table])} ${table} rows in ${((performance.now() - t) / 1000).toFixed(0)} s`);
  }
  for (const table of ENRICH.map(([t]) => t)) await pool.query(`VACUUM (ANALYZE) "${table}"`);
  return { seconds: (performance.now() - started) / 1000, rows };
}




const existingSeed = () => readSeedInfo<SeedInfo>(SERVER, DB, url, "bench_storefront_seed");

async function seed(): Promise<SeedInfo> {
  await recreateDatabase(SERVER, DB, url);
  const pool = createPool(url, { max: 4 });
  const started = performance.now();
  const perShop: SeedInfo["perShop"] = [];
  try {
    let index = 0;
    for (const shop of SHOPS) {
      const orders = Math.round(TOTAL_ORDERS * shop.share);
      let last = 0;
      const result = await seedShop(pool, {
        shopDomain: shop.domain,
        orders,
        // A few cases so the shop looks lived in; the lookups do not read them.
        cases: Math.round(orders / 100),
        messagesPerCase: 2,
        seed: 2000 + index++,
        concurrency: 2,
        analyze: false,
        onProgress: (p) => {
          if (p.elapsedMs - last < 10_000) return;
          last = p.elapsedMs;
          console.log(`  ${shop.domain}: ${p.phase} ${fmt(p.units.orders)}/${fmt(p.totals.orders)} orders, ${(p.elapsedMs / 1000).toFixed(0)} s`);
        },
      });
      console.log(`seeded ${shop.domain}: ${fmt(result.rows.Order)} orders, ${fmt(result.rows.Fulfillment)} fulfillments in ${result.seconds.toFixed(0)} s`);
      perShop.push({ domain: shop.domain, orders, seconds: result.seconds, rows: result.rows });
    }
    const seeded = (performance.now() - started) / 1000;
    const vacuumStarted = performance.now();
    const tables = ["Order", "LineItem", "Fulfillment", "Customer", "Case", "CaseOrder", "Message", "Staff", "Shop"];
    await Promise.all(
      [0, 1].map(async () => {
        for (let t = tables.shift(); t; t = tables.shift()) await pool.query(`VACUUM (ANALYZE) "${t}"`);
      }),
    );
    const vacuumSeconds = (performance.now() - vacuumStarted) / 1000;
    const info: SeedInfo = {
      orders: perShop.reduce((a, s) => a + s.rows.Order, 0),
      seconds: seeded,
      seededAt: new Date().toISOString(),
      perShop,
      vacuumSeconds,
      enriched: await enrich(pool),
    };
    await pool.query(`CREATE TABLE bench_storefront_seed (info jsonb NOT NULL)`);
    await pool.query(`INSERT INTO bench_storefront_seed (info) VALUES ($1)`, [JSON.stringify(info)]);
    return info;
  } finally {
    await pool.end();
  }
}

async function ensureSeed(): Promise<{ info: SeedInfo; reused: boolean }> {
  const existing = args.has("--reseed") ? null : await existingSeed();
  if (existing && existing.orders === TOTAL_ORDERS) {
    console.log(`reusing ${DB}: ${fmt(existing.orders)} orders (seeded ${existing.seededAt})`);
    if (!existing.enriched) {
      // Seeded before enrich() existed: add the rows once.
      const pool = createPool(url, { max: 2 });
      try {
        existing.enriched = await enrich(pool);
        await pool.query(`UPDATE bench_storefront_seed SET info = $1`, [JSON.stringify(existing)]);
      } finally {
        await pool.end();
      }
    }
    return { info: existing, reused: true };
  }
  console.log(`seeding ${DB}: ${fmt(TOTAL_ORDERS)} orders in ${SHOPS.length} shops`);
  const info = await seed();
  console.log(`seeded ${fmt(info.orders)} orders in ${info.seconds.toFixed(0)} s, vacuum ${info.vacuumSeconds.toFixed(0)} s`);
  return { info, reused: false };
}

// ───────────────────────────── Timing ─────────────────────────────

interface Timing {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  runs: number;
  /** Answers that were not the expected one (HTTP status other than 200, or an empty answer). */
  failures: number;
  failureSample: string | null;
}

/** Runs `fn(i)` for WARMUP + RUNS distinct inputs, one at a time; times the last RUNS. */
async function time(fn: (i: number) => Promise<string | null>): Promise<Timing> {
  for (let i = 0; i < WARMUP; i++) await fn(i);
  const samples: number[] = [];
  let failures = 0;
  let failureSample: string | null = null;
  for (let i = WARMUP; i < WARMUP + RUNS; i++) {
    const started = performance.now();
    const failure = await fn(i);
    samples.push(performance.now() - started);
    if (failure) {
      failures++;
      failureSample ??= failure;
    }
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p95: percentile(samples, 95), p99: percentile(samples, 99), max: samples.at(-1) ?? NaN, runs: RUNS, failures, failureSample };
}

// ───────────────────────────── App proxy signing ─────────────────────────────

/**
 * The query string Shopify's app proxy sends: the shopper's parameters plus shop, logged_in_customer_id, path_prefix
 * and timestamp, signed with the app secret (HMAC-SHA256, hex, of the sorted `key=value` pairs joined with nothing).
 */
export function signProxyQuery(params: Record<string, string>, secret: string, now = Date.now()): string {
  const all: Record<string, string> = { ...params, path_prefix: "/apps/support", timestamp: String(Math.trunc(now / 1000)) };
  const message = Object.keys(all)
    .sort()
    .map((k) => `${k}=${all[k]}`)
    .join("");
  const signature = crypto.createHmac("sha256", secret).update(message).digest("hex");
  return new URLSearchParams({ ...all, signature }).toString();
}

function httpGet(port: number, path: string, headers: Record<string, string>, agent: http.Agent): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path, method: "GET", agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** A distinct shopper address per request (10.0.0.0/8): each request is that address's first lookup. */
const shopperIp = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

// ───────────────────────────── Hand-written floor ─────────────────────────────

/** The order with everything the storefront shows, as one statement (json_agg per child table). */
const ORDER_TREE = `o.id, o."shopifyId"::text AS "shopifyId", o.name, o."orderNumber", o."financialStatus", o."fulfillmentStatus", o."currencyCode",
  o."subtotalPrice", o."totalShipping", o."totalTax", o."totalPrice", o."totalRefunded", o."totalDiscounts", o."shippingMethod",
  o."shippingAddress", o."statusPageUrl", o."cancelledAt", o."processedAt",
  (SELECT coalesce(json_agg(l ORDER BY l.id), '[]') FROM (SELECT id, "shopifyId"::text AS "shopifyId", title, "variantTitle", sku, quantity, price, "imageUrl", "requiresShipping"
     FROM "LineItem" WHERE "orderId" = o.id) l) AS "lineItems",
  (SELECT coalesce(json_agg(f ORDER BY f."shopifyCreatedAt"), '[]') FROM (
     SELECT f.id, f.name, f.status, f."shipmentStatus", f."trackingCompany", f."trackingNumber", f."trackingUrl", f."trackingNumbers", f."trackingUrls",
            f."estimatedDeliveryAt", f."deliveredAt", f."inTransitAt", f."shopifyCreatedAt",
            (SELECT coalesce(json_agg(e ORDER BY e."happenedAt"), '[]') FROM (SELECT status, message, city, province, country, "happenedAt" FROM "FulfillmentEvent" WHERE "fulfillmentId" = f.id) e) AS events,
            (SELECT coalesce(json_agg(fl), '[]') FROM (SELECT "lineItemId", quantity FROM "FulfillmentLineItem" WHERE "fulfillmentId" = f.id) fl) AS lines
       FROM "Fulfillment" f WHERE f."orderId" = o.id) f) AS fulfillments,
  (SELECT coalesce(json_agg(r ORDER BY r."processedAt"), '[]') FROM (
     SELECT r.id, r.amount, r."currencyCode", r."processedAt",
            (SELECT coalesce(json_agg(rl), '[]') FROM (SELECT "lineItemId", quantity FROM "RefundLineItem" WHERE "refundId" = r.id) rl) AS lines
       FROM "Refund" r WHERE r."orderId" = o.id) r) AS refunds,
  (SELECT coalesce(json_agg(rt ORDER BY rt."requestedAt"), '[]') FROM (
     SELECT rt.id, rt.name, rt.status, rt."requestedAt", rt."approvedAt", rt."closedAt",
            (SELECT coalesce(json_agg(rl), '[]') FROM (SELECT "lineItemId", quantity, reason FROM "ReturnLineItem" WHERE "returnId" = rt.id) rl) AS lines
       FROM "Return" rt WHERE rt."orderId" = o.id) rt) AS returns`;

const GUEST_SQL = `SELECT ${ORDER_TREE}
  FROM "Order" o LEFT JOIN "Customer" c ON c.id = o."customerId"
 WHERE o."shopId" = $1 AND o."orderNumber" = $2 AND o."redactedAt" IS NULL
   AND (lower(o.email) = $3 OR (c."shopId" = $1 AND lower(c.email) = $3))
 ORDER BY o."processedAt" DESC LIMIT 1`;

const CUSTOMER_SQL = `SELECT ${ORDER_TREE}
  FROM "Order" o
 WHERE o."shopId" = $1 AND o."redactedAt" IS NULL
   AND o."customerId" = (SELECT id FROM "Customer" WHERE "shopId" = $1 AND "shopifyId" = $2 AND "redactedAt" IS NULL)
 ORDER BY o."processedAt" DESC LIMIT 10`;

// ───────────────────────────── Main ─────────────────────────────

interface Captured {
  query: string;
  params: string;
}

async function explain(pool: pg.Pool, text: string, values: unknown[]): Promise<string> {
  const { rows } = await pool.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, values);
  const lines = rows.map((r) => r["QUERY PLAN"]);
  const kept = lines.filter((l) => !/^\s*Planning:|^\s*Buffers: shared hit=\d+$/.test(l) || /Execution|Planning Time/.test(l));
  return (kept.length > 40 ? [...kept.slice(0, 36), "  …", ...kept.slice(-3)] : kept).join("\n");
}

function trimSql(text: string): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length > 1200 ? `${oneLine.slice(0, 1200)} …` : oneLine;
}

type StorefrontOrders = {
  lookupGuestOrder: (shopId: string, input: { number: string | number; email: string }, options?: { record?: boolean }) => Promise<unknown>;
  listCustomerOrders: (shopId: string, customer: bigint, options?: { limit?: number; record?: boolean }) => Promise<unknown[]>;
};

async function loadServices(): Promise<StorefrontOrders | null> {
  try {
    const mod = (await import("../../app/storefront/orders.server")) as Partial<StorefrontOrders>;
    if (typeof mod.lookupGuestOrder !== "function" || typeof mod.listCustomerOrders !== "function") return null;
    return mod as StorefrontOrders;
  } catch (error) {
    console.log(`bench:storefront: app/storefront/orders.server.ts could not be loaded: ${error instanceof Error ? error.message : error}`);
    return null;
  }
}

async function main() {
  const started = performance.now();
  const loadBefore = os.loadavg()[0];
  const { info, reused } = await ensureSeed();
  // A migration added since the seed (e.g. the rate-limit table) is applied to the reused data.
  await runMigrations(url);
  if (args.has("--seed-only")) return;

  // The app's own client (jit off, as the app runs), with the SQL it sends recorded for the plans.
  Object.assign(process.env, { DATABASE_URL: url, SHOPIFY_API_KEY: API_KEY, SHOPIFY_API_SECRET: SECRET, SHOPIFY_APP_URL: "https://bench.example.com" });
  const captured: Captured[] = [];
  let capturing = false;
  const prisma = new PrismaClient({ adapter: createPgAdapter(url), log: [{ emit: "event", level: "query" }] });
  prisma.$on("query", (e) => {
    if (capturing) captured.push({ query: e.query, params: e.params });
  });
  globalThis.__prisma = prisma;
  // The app's plain pg pool (its prepared hot-path statements), recorded the same way.
  const appPool = createPool(url);
  const poolQuery = appPool.query.bind(appPool) as (...args: unknown[]) => unknown;
  appPool.query = ((...args: unknown[]) => {
    if (capturing) {
      const [config, values] = args as [string | { text: string; values?: unknown[] }, unknown[] | undefined];
      const text = typeof config === "string" ? config : config.text;
      const params = (typeof config === "string" ? values : config.values) ?? [];
      captured.push({ query: text, params: JSON.stringify(params, (_k, v) => (typeof v === "bigint" ? v.toString() : v)) });
    }
    return poolQuery(...args);
  }) as typeof appPool.query;
  globalThis.__rawPool = appPool;
  const raw = createPool(url, { max: 2 });

  const shopRow = (await raw.query<{ id: string }>(`SELECT id FROM "Shop" WHERE domain = $1`, [MAIN])).rows[0];
  if (!shopRow) throw new Error(`${MAIN} is not in ${DB}: run with --reseed`);
  const shopId = shopRow.id;
  const total = WARMUP + RUNS;
  // Distinct random orders (with the email they were placed with) and distinct customers with orders, so every
  // timed lookup reads rows of its own, as shoppers do.
  const guests = (await raw.query<{ number: number; email: string }>(
    `SELECT "orderNumber" AS number, email FROM "Order" WHERE "shopId" = $1 AND email IS NOT NULL AND "redactedAt" IS NULL ORDER BY random() LIMIT $2`,
    [shopId, total * 2],
  )).rows;
  const customers = (await raw.query<{ shopifyId: string; orders: number }>(
    `SELECT "shopifyId"::text AS "shopifyId", "ordersCount" AS orders FROM "Customer" WHERE "shopId" = $1 AND "ordersCount" > 0 AND "redactedAt" IS NULL ORDER BY random() LIMIT $2`,
    [shopId, total * 2],
  )).rows;
  const totals = (await raw.query<{ orders: string; shopOrders: string; customers: string; fulfillments: string; lineItems: string }>(
    `SELECT (SELECT count(*) FROM "Order") AS orders, (SELECT count(*) FROM "Order" WHERE "shopId" = $1) AS "shopOrders",
            (SELECT count(*) FROM "Customer" WHERE "shopId" = $1) AS customers, (SELECT count(*) FROM "Fulfillment") AS fulfillments,
            (SELECT count(*) FROM "LineItem") AS "lineItems"`,
    [shopId],
  )).rows[0];
  console.log(`main shop: ${fmt(Number(totals.shopOrders))} orders, ${fmt(Number(totals.customers))} customers; ${fmt(Number(totals.orders))} orders in all`);

  // ── The service calls alone ──
  const services = await loadServices();
  const results: Array<{ name: string; path: string; timing?: Timing; note?: string }> = [];
  const plans: Array<{ name: string; sql: string; plan: string }> = [];
  if (services) {
    const guestService = await time(async (i) => {
      const g = guests[i];
      await services.lookupGuestOrder(shopId, { number: `#${g.number}`, email: g.email.toUpperCase() }, { record: false });
      return null;
    });
    results.push({ name: "Guest lookup (number + email)", path: "service: lookupGuestOrder", timing: guestService });
    const customerService = await time(async (i) => {
      const list = await services.listCustomerOrders(shopId, BigInt(customers[i].shopifyId), { limit: 10, record: false });
      return list.length === 0 ? `customer ${customers[i].shopifyId}: no orders` : null;
    });
    results.push({ name: "Signed-in customer's orders (10 newest)", path: "service: listCustomerOrders", timing: customerService });

    // The statements each sends, with their plans.
    for (const [name, run] of [
      ["Guest lookup", () => services.lookupGuestOrder(shopId, { number: guests[total].number, email: guests[total].email }, { record: false })],
      ["Signed-in customer's orders", () => services.listCustomerOrders(shopId, BigInt(customers[total].shopifyId), { limit: 10, record: false })],
    ] as const) {
      captured.length = 0;
      capturing = true;
      await run();
      capturing = false;
      let n = 0;
      for (const q of captured) {
        if (/^\s*(BEGIN|COMMIT|ROLLBACK|DEALLOCATE)/i.test(q.query)) continue;
        plans.push({ name: `${name} — statement ${++n}`, sql: q.query, plan: await explain(raw, q.query, JSON.parse(q.params) as unknown[]) });
      }
    }
  } else {
    results.push({ name: "Guest lookup / signed-in orders", path: "service", note: "app/storefront/orders.server.ts (lookupGuestOrder, listCustomerOrders) is not there yet" });
  }
  // The floor: the same data as one prepared statement on a plain pg pool.
  const guestSql = await time(async (i) => {
    const g = guests[i];
    const { rowCount } = await raw.query({ name: "bench-guest", text: GUEST_SQL, values: [shopId, g.number, g.email.toLowerCase()] });
    return rowCount === 1 ? null : `order ${g.number} not found`;
  });
  results.push({ name: "Guest lookup (number + email)", path: "one SQL statement (json_agg), plain pg", timing: guestSql });
  const customerSql = await time(async (i) => {
    const { rowCount } = await raw.query({ name: "bench-customer", text: CUSTOMER_SQL, values: [shopId, customers[i].shopifyId] });
    return rowCount ? null : `customer ${customers[i].shopifyId}: no orders`;
  });
  results.push({ name: "Signed-in customer's orders (10 newest)", path: "one SQL statement (json_agg), plain pg", timing: customerSql });
  plans.push({ name: "Guest lookup as one statement (the floor)", sql: GUEST_SQL, plan: await explain(raw, GUEST_SQL, [shopId, guests[total].number, guests[total].email.toLowerCase()]) });
  for (const r of results) console.log(`${r.path}: ${r.timing ? `p50 ${r.timing.p50.toFixed(2)} ms, p95 ${r.timing.p95.toFixed(2)} ms` : r.note}`);

  // ── The full HTTP path: the production build behind a correctly signed app-proxy request ──
  if (!args.has("--no-build")) {
    console.log("bench:storefront: npm run build");
    execSync("npm run build", { stdio: "inherit" });
  }
  const port = 3911;
  const app = await startProcess(
    "build/start.mjs",
    { NODE_ENV: "production", DATABASE_URL: url, SHOPIFY_API_KEY: API_KEY, SHOPIFY_API_SECRET: SECRET, SHOPIFY_APP_URL: "https://bench.example.com", PORT: String(port), WORKER: "0", DEMO_MODE: "0" },
    /Listening on port/,
  );
  let httpNote: string | null = null;
  try {
    await waitForHealthy(port, (b) => (b.database?.migrations?.applied ?? 0) > 0);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const headers = (i: number) => ({ "x-forwarded-for": `${shopperIp(i + 1)}, 23.227.38.65`, accept: "application/json", "user-agent": "Shopify Proxy" });
    let ipCounter = 0;
    const probe = await httpGet(port, `/proxy/orders/lookup?${signProxyQuery({ shop: MAIN, logged_in_customer_id: "", number: String(guests[0].number), email: guests[0].email }, SECRET)}`, headers(ipCounter++), agent);
    if (probe.status === 404 && !probe.body.includes('"error"')) {
      httpNote = "the app has no /proxy/orders/lookup route yet (404 from the router)";
    } else {
      const guestHttp = await time(async (i) => {
        const g = guests[i];
        const query = signProxyQuery({ shop: MAIN, logged_in_customer_id: "", number: `#${g.number}`, email: g.email }, SECRET);
        const res = await httpGet(port, `/proxy/orders/lookup?${query}`, headers(ipCounter++), agent);
        return res.status === 200 && res.body.includes('"order"') ? null : `${res.status} ${res.body.slice(0, 200)}`;
      });
      results.push({ name: "Guest lookup (number + email)", path: "HTTP: GET /proxy/orders/lookup", timing: guestHttp });
      const customerHttp = await time(async (i) => {
        const query = signProxyQuery({ shop: MAIN, logged_in_customer_id: customers[i].shopifyId, limit: "10" }, SECRET);
        const res = await httpGet(port, `/proxy/orders?${query}`, headers(ipCounter++), agent);
        return res.status === 200 && res.body.includes('"orders"') ? null : `${res.status} ${res.body.slice(0, 200)}`;
      });
      results.push({ name: "Signed-in customer's orders (10 newest)", path: "HTTP: GET /proxy/orders", timing: customerHttp });
      // The app's HTTP floor: the same route refusing a bad signature (no database work at all).
      const refused = await time(async () => {
        const res = await httpGet(port, `/proxy/orders/lookup?shop=${MAIN}&number=1001&email=a%40example.com&timestamp=${Math.trunc(Date.now() / 1000)}&signature=00`, headers(ipCounter++), agent);
        return res.status === 401 ? null : `${res.status} ${res.body.slice(0, 200)}`;
      });
      results.push({ name: "Bad signature (refused before any database work)", path: "HTTP floor: GET /proxy/orders/lookup → 401", timing: refused });
    }
    agent.destroy();
  } finally {
    app.kill("SIGTERM");
  }
  if (httpNote) results.push({ name: "Guest lookup / signed-in orders", path: "HTTP", note: httpNote });
  for (const r of results.filter((r) => r.path.startsWith("HTTP"))) console.log(`${r.path}: ${r.timing ? `p50 ${r.timing.p50.toFixed(2)} ms, p95 ${r.timing.p95.toFixed(2)} ms, failures ${r.timing.failures}${r.timing.failureSample ? ` (${r.timing.failureSample})` : ""}` : r.note}`);

  await raw.end();
  await appPool.end();
  await prisma.$disconnect();
  const loadAfter = os.loadavg()[0];

  // ───────────── Report ─────────────
  const judged = (r: { path: string }) => !r.path.startsWith("one SQL") && !r.path.startsWith("HTTP floor");
  const verdict = (t?: Timing) => (!t ? "—" : t.failures > 0 ? `**${t.failures} failed**` : t.p95 <= TARGET_P95_MS ? `met (≤ ${TARGET_P95_MS})` : `**missed** (> ${TARGET_P95_MS})`);
  const rows = results.map((r) =>
    r.timing
      ? `| ${r.name} | ${r.path} | ${r.timing.p50.toFixed(1)} | ${r.timing.p95.toFixed(1)} | ${r.timing.p99.toFixed(1)} | ${r.timing.runs} | ${judged(r) ? verdict(r.timing) : "(floor)"} |`
      : `| ${r.name} | ${r.path} | — | — | — | — | not measured: ${r.note} |`,
  );
  const byPath = (name: string, prefix: string) => results.find((r) => r.name === name && r.path.startsWith(prefix))?.timing;
  const guestFloor = byPath("Guest lookup (number + email)", "one SQL");
  const guestService = byPath("Guest lookup (number + email)", "service");
  const floorNote =
    guestFloor && guestService
      ? (() => {
          const statements = plans.filter((p) => p.name.startsWith("Guest lookup — ")).length;
          const refused = byPath("Bad signature (refused before any database work)", "HTTP floor");
          const guestHttp = byPath("Guest lookup (number + email)", "HTTP");
          return (
            `Where the time goes: the database work of a lookup is under a millisecond (plans below). The service sends ` +
            `${statements} statement${statements === 1 ? "" : "s"} per guest lookup and takes ${guestService.p50.toFixed(1)} / ${guestService.p95.toFixed(1)} ms (p50 / p95); ` +
            `the same data as one prepared statement on a plain pg pool takes ${guestFloor.p50.toFixed(1)} / ${guestFloor.p95.toFixed(1)} ms. ` +
            (guestHttp && refused
              ? `Over HTTP the app answers a refused (bad signature) request in ${refused.p50.toFixed(1)} / ${refused.p95.toFixed(1)} ms; a lookup adds ` +
                `the shop read, the rate limiter (a read of the order's failures and an upsert of the IP's bucket), the order read and the ` +
                `self-service event (an INSERT): ${guestHttp.p50.toFixed(1)} / ${guestHttp.p95.toFixed(1)} ms. Each of those is a round trip to PostgreSQL, ` +
                `and on this 2-core machine every round trip waits for a core shared with PostgreSQL and the other work running: ` +
                `the HTTP rows move with the machine's load (compare runs at a similar load average; runs at a load average ` +
                `around 7 measured p95 above the target).`
              : "")
          );
        })()
      : "";
  const timed = results.filter((r) => r.timing && judged(r));
  const missed = timed.filter((r) => r.timing!.p95 > TARGET_P95_MS || r.timing!.failures > 0);
  const summary =
    timed.length === 0
      ? "Nothing could be timed (see the notes in the table)."
      : missed.length === 0
        ? `All ${timed.length} measurements meet the target (p95 ≤ ${TARGET_P95_MS} ms)${timed.length < results.filter(judged).length ? "; some paths could not be measured (see the table)" : ""}.`
        : `${timed.length - missed.length} of ${timed.length} measurements meet the target (p95 ≤ ${TARGET_P95_MS} ms); missed: ${missed.map((m) => `${m.name} (${m.path})`).join("; ")}.`;
  const perShop = info.perShop.map((s) => `${s.domain.replace(".myshopify.com", "")} ${fmt(s.rows.Order)}`).join(", ");
  const markdown = `## Storefront order lookups at 1M orders (\`npm run bench:storefront\`)

${new Date().toISOString().slice(0, 10)} · ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), ${Math.round(os.totalmem() / 2 ** 30)} GB · PostgreSQL on 127.0.0.1 ·
client on the same machine, other work running on it (1-minute load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after, on ${os.cpus().length} cores):
single figures are noisy, p50 is the steadier one.

- Data: ${fmt(Number(totals.orders))} mirrored orders in ${info.perShop.length} shops (${perShop}), ${fmt(Number(totals.lineItems))} line items,
  ${fmt(Number(totals.fulfillments))} fulfillments; the timed shop has ${fmt(Number(totals.shopOrders))} orders and ${fmt(Number(totals.customers))} customers.
  Seeded by \`app/seed/scale-seed.server.ts\` in ${info.seconds.toFixed(0)} s, then VACUUM (ANALYZE) in ${info.vacuumSeconds.toFixed(0)} s${reused ? ` (seeded ${info.seededAt.slice(0, 10)}, reused)` : ""}; then, in SQL
  (the seeder writes none of these), what a lookup also reads: ${info.enriched ? Object.entries(info.enriched.rows).map(([t, n]) => `${fmt(n)} ${t}`).join(", ") : "—"}
  (shipped lines and carrier events for every fulfillment, a refund on 5 % of orders, a return on 3 % of delivered ones).
- Each row: ${WARMUP} warm-up calls, then ${RUNS} timed calls one at a time, **each about a different order or customer** picked at random
  (guests: the order's number as \`#1234\` with its email; signed-in: a random customer with orders, 10 newest).
- Service: \`lookupGuestOrder\` / \`listCustomerOrders\` (app/storefront/orders.server.ts) through the app's Prisma client, with
  \`record: false\` (the read alone, no self-service event).
- HTTP: the production build (\`build/start.mjs\`, \`NODE_ENV=production\`, \`WORKER=0\`) on 127.0.0.1, one keep-alive connection,
  each request signed as Shopify's app proxy signs it (sorted \`key=value\` pairs, HMAC-SHA256 hex, \`signature\`; fresh \`timestamp\`):
  signature check, shop, rate limit, the read, the self-service event, JSON. **Rate limiting stays on**: each request comes
  from its own shopper IP (\`X-Forwarded-For\`), so it is every IP's first lookup and within the limits (the limiter's
  PostgreSQL read/write is in the figure); no bench switch exists in the app.

| lookup | measured | p50 ms | p95 ms | p99 ms | runs | target p95 ≤ ${TARGET_P95_MS} ms |
| --- | --- | --- | --- | --- | --- | --- |
${rows.join("\n")}

${summary}

${floorNote}

### Plans
EXPLAIN (ANALYZE, BUFFERS) of the SQL the services sent for one lookup each (captured from Prisma's query events and
the app's plain pg pool, run again with the same parameters; trimmed).

${plans.map((p) => `#### ${p.name}\n\n\`\`\`sql\n${trimSql(p.sql)}\n\`\`\`\n\n\`\`\`\n${p.plan}\n\`\`\``).join("\n\n") || "(no service to capture)"}
`;
  const record = process.env.BENCH_RECORD !== "0";
  if (record) {
    await recordSection("storefront", markdown);
    console.log("bench:storefront: written to docs/benchmarks.md");
  } else console.log(markdown);
  // Headlines: each lookup as the shopper gets it (HTTP; the service call when HTTP could not be measured), next to
  // the same data as one SQL statement on a plain pg pool.
  const headlines: Headline[] = [];
  for (const name of ["Guest lookup (number + email)", "Signed-in customer's orders (10 newest)"]) {
    const measuredAs = byPath(name, "HTTP:") ? "HTTP" : "service";
    const t = byPath(name, measuredAs === "HTTP" ? "HTTP:" : "service");
    const floor = byPath(name, "one SQL");
    if (!t) continue;
    headlines.push({
      measure: `${name.replace(/ \(.*\)$/, "")}, ${measuredAs === "HTTP" ? "HTTP app proxy" : "service call"}`,
      p50: t.p50,
      p95: t.p95,
      p99: t.p99,
      runs: t.runs,
      baseline: floor ? `one SQL statement ${triple(floor)}` : null,
      ratio: floor ? `p50 ${(t.p50 / floor.p50).toFixed(1)}× the statement's` : null,
      target: `p95 ≤ ${TARGET_P95_MS} ms`,
      met: t.failures === 0 && t.p95 <= TARGET_P95_MS,
    });
  }
  writeResult({
    bench: "storefront",
    section: "storefront",
    finishedAt: new Date().toISOString(),
    dataset: `${fmt(Number(totals.orders))} orders in ${info.perShop.length} shops, ${fmt(Number(totals.lineItems))} line items, ${fmt(Number(totals.fulfillments))} fulfillments (timed shop ${fmt(Number(totals.shopOrders))} orders)`,
    headlines,
    verdict: { met: timed.length > 0 && missed.length === 0, text: summary },
    recorded: record,
  });
  console.log(`bench:storefront: done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
