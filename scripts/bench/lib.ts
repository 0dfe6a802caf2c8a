import pg from "pg";
import { runMigrations } from "../../app/db/migrate.server";
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import http from "node:http";
import path from "node:path";
import autocannon from "autocannon";
import type { Pool } from "pg";
import { seedShop, type ScaleSeedResult } from "../../app/seed/scale-seed.server";

export interface Target {
  name: string;
  port: number;
  path: string;
}

export interface SignedDelivery {
  body: string;
  headers: Record<string, string>;
}

export function signedDelivery(shop: string, topic: string, payload: object, secret: string): SignedDelivery {
  const body = JSON.stringify(payload);
  return {
    body,
    headers: {
      // What Shopify's deliveries carry besides the x-shopify-* headers.
      "user-agent": "Shopify-Captain-Hook",
      accept: "*/*",
      "accept-encoding": "gzip;q=1.0,deflate;q=0.6,identity;q=0.3",
      "content-type": "application/json",
      "x-shopify-topic": topic,
      "x-shopify-shop-domain": shop,
      "x-shopify-hmac-sha256": crypto.createHmac("sha256", secret).update(body).digest("base64"),
      "x-shopify-api-version": "2026-07",
      "x-shopify-triggered-at": new Date().toISOString(),
    },
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export interface RateResult {
  sent: number;
  ok: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Evenly spaced requests at `rate` per second for `seconds` (not autocannon's per-second bursts). */
export async function fixedRate(target: Target, delivery: SignedDelivery, rate: number, seconds: number): Promise<RateResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const total = rate * seconds;
  const interval = 1000 / rate;
  const latencies: number[] = [];
  let ok = 0;
  const start = performance.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inflight.push(
      new Promise<void>((resolve) => {
        const sentAt = performance.now();
        const id = crypto.randomUUID();
        const req = http.request(
          { host: "127.0.0.1", port: target.port, path: target.path, method: "POST", agent, headers: { ...delivery.headers, "x-shopify-webhook-id": id, "x-shopify-event-id": id } },
          (res) => {
            res.resume();
            res.on("end", () => {
              latencies.push(performance.now() - sentAt);
              if (res.statusCode === 200) ok++;
              resolve();
            });
          },
        );
        req.on("error", () => resolve());
        req.end(delivery.body);
      }),
    );
  }
  await Promise.all(inflight);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { sent: total, ok, p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99), max: latencies.at(-1) ?? NaN };
}

export interface SaturationResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

/** Closed-loop load: `connections` keep-alive connections sending as fast as answers come back. */
export async function saturation(target: Target, delivery: SignedDelivery, connections: number, seconds: number): Promise<SaturationResult> {
  const result = await autocannon({
    url: `http://127.0.0.1:${target.port}${target.path}`,
    connections,
    duration: seconds,
    requests: [
      {
        method: "POST",
        body: delivery.body,
        headers: delivery.headers,
        setupRequest: (req) => {
          const id = crypto.randomUUID();
          return { ...req, headers: { ...req.headers, "x-shopify-webhook-id": id, "x-shopify-event-id": id } };
        },
      },
    ],
  });
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

/** Starts `script` (TypeScript through tsx, or a built .mjs with plain Node) and waits for `readyText` (up to `timeoutMs`). */
export function startProcess(script: string, env: Record<string, string>, readyText: RegExp, timeoutMs = 60_000): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const runner = script.endsWith(".mjs") ? process.execPath : path.resolve("node_modules/.bin/tsx");
    // BENCH_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") goes to production-build processes, for profiling.
    const nodeArgs = script.endsWith(".mjs") ? (process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean) : [];
    const child = spawn(runner, [...nodeArgs, script], { env: { ...process.env, ...env } as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${script} did not start within ${timeoutMs / 1000} s:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (readyText.test(output)) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.on("exit", (code) => reject(new Error(`${script} exited (${code}):\n${output}`)));
  });
}

export async function waitForHealthy(port: number, check: (body: { database?: { migrations?: { applied: number } } }) => boolean) {
  for (let i = 0; i < 120; i++) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.ok && check(await res.json())) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`The app on port ${port} never became healthy`);
}

/** Replaces the section between `<!-- name:start -->` and `<!-- name:end -->` in docs/benchmarks.md. */
export async function recordSection(name: string, markdown: string) {
  const fs = await import("node:fs");
  const file = path.resolve("docs/benchmarks.md");
  const current = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "# Benchmarks\n\nFigures written by `npm run bench:*` scripts; each compares against a baseline measured in the same run.\n";
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const block = `${start}\n${markdown.trim()}\n${end}`;
  const next = current.includes(start)
    ? current.replace(new RegExp(`${start}[\\s\\S]*?${end}`), block)
    : `${current.trimEnd()}\n\n${block}\n`;
  fs.writeFileSync(file, next);
}

/** One statement on its own connection (set-up and checks around a benchmark, never inside a timed loop). */
export async function sql<T extends pg.QueryResultRow = pg.QueryResultRow>(connectionString: string, text: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return await client.query<T>(text, values);
  } finally {
    await client.end();
  }
}

export const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

/** Drops and recreates a bench database on `server`, then applies the app's migrations to it (`url`). */
export async function recreateDatabase(server: string, db: string, url: string): Promise<void> {
  await sql(server, `DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
  await sql(server, `CREATE DATABASE "${db}"`);
  await runMigrations(url);
}

/** What a bench recorded in its database when it seeded it (one row in `table`), or null: no database, or not seeded. */
export async function readSeedInfo<T>(server: string, db: string, url: string, table: string): Promise<T | null> {
  const exists = await sql(server, `SELECT 1 FROM pg_database WHERE datname = $1`, [db]);
  if (exists.rowCount === 0) return null;
  try {
    const { rows } = await sql<{ info: T }>(url, `SELECT info FROM "${table}" LIMIT 1`);
    return rows[0]?.info ?? null;
  } catch {
    return null;
  }
}

export interface BenchShop {
  domain: string;
  /** Share of the total cases this shop holds. */
  share: number;
}

export interface SeededShop {
  domain: string;
  cases: number;
  orders: number;
  seconds: number;
  rows: ScaleSeedResult["rows"];
}

/**
 * Seeds each shop with its share of `totalCases` (and 0.8 orders per case) through the scale seeder, printing
 * progress every 10 s. Statistics are left to the caller (it vacuums/analyses what it needs once at the end).
 */
export async function seedBenchShops(
  pool: Pool,
  shops: BenchShop[],
  options: { totalCases: number; messagesPerCase: number; firstSeed: number },
): Promise<SeededShop[]> {
  const seeded: SeededShop[] = [];
  for (const [index, shop] of shops.entries()) {
    const cases = Math.round(options.totalCases * shop.share);
    const orders = Math.round(cases * 0.8);
    let last = 0;
    const result = await seedShop(pool, {
      shopDomain: shop.domain,
      orders,
      cases,
      messagesPerCase: options.messagesPerCase,
      seed: options.firstSeed + index,
      concurrency: 2,
      analyze: false,
      onProgress: (p) => {
        if (p.elapsedMs - last < 10_000) return;
        last = p.elapsedMs;
        console.log(`  ${shop.domain}: ${p.phase} ${fmt(p.units.orders)}/${fmt(p.totals.orders)} orders, ${fmt(p.units.cases)}/${fmt(p.totals.cases)} cases, ${(p.elapsedMs / 1000).toFixed(0)} s`);
      },
    });
    console.log(`seeded ${shop.domain}: ${fmt(result.rows.Case)} cases, ${fmt(result.rows.Order)} orders, ${fmt(result.rows.Message)} messages in ${result.seconds.toFixed(0)} s`);
    seeded.push({ domain: shop.domain, cases, orders, seconds: result.seconds, rows: result.rows });
  }
  return seeded;
}

/** The command-line flags of a bench, refused (exit 2, with the allowed list) when unknown. */
export function benchArgs(bench: string, allowed: string[]): Set<string> {
  const args = new Set(process.argv.slice(2));
  for (const arg of args) {
    if (!allowed.includes(arg)) {
      console.error(`bench:${bench}: unknown option ${arg} (use ${allowed.join(", ")})`);
      process.exit(2);
    }
  }
  return args;
}

/** The PostgreSQL server a bench seeds on (BENCH_DATABASE_SERVER) and the URL of its own database there. */
export function benchDatabase(name: string): { server: string; url: string } {
  const server = process.env.BENCH_DATABASE_SERVER || "postgresql://postgres@127.0.0.1:5432/postgres";
  return { server, url: Object.assign(new URL(server), { pathname: `/${name}` }).toString() };
}
