// `npm run bench:inbox`: the inbox loader's query (listCases in app/cases/inbox.server.ts) at 1M cases / 5M
// messages: the common views (first page and a deep page through the cursor), a filtered view and searches,
// p50/p95 over repeated runs, next to a hand-written keyset query measured in the same run. Writes the figures
// and the plans (EXPLAIN (ANALYZE, BUFFERS) of the SQL listCases sent) to docs/benchmarks.md.
//
//   npm run bench:inbox                  seeds casefile_bench_inbox once (reused while its size matches), then times
//   npm run bench:inbox -- --reseed      drops and seeds the database again
//   npm run bench:inbox -- --seed-only   seeds (or checks) and stops
// Environment: BENCH_DATABASE_SERVER (default postgresql://postgres@127.0.0.1:5432/postgres), BENCH_CASES
// (default 1000000; 5 messages each), BENCH_RUNS (timed runs per query, default 40), BENCH_RECORD=0 to skip writing.
// The headline figures also go to .bench/inbox.json (for `npm run bench`).
import fs from "node:fs";
import os from "node:os";
import pg from "pg";
import { createPgAdapter, createPool } from "../../app/db/adapter.server";
import { runMigrations } from "../../app/db/migrate.server";
import { PrismaClient } from "../../app/generated/prisma/client";
import { percentile, recordSection, sql, fmt, readSeedInfo, recreateDatabase, seedBenchShops, type SeededShop, benchArgs, benchDatabase } from "./lib";
import { triple, writeResult, type Headline } from "./results";

const args = benchArgs("inbox", ["--reseed", "--seed-only"]);
const DB = "casefile_bench_inbox";
const { server: SERVER, url } = benchDatabase(DB);
const TOTAL_CASES = Number(process.env.BENCH_CASES || 1_000_000);
const MESSAGES_PER_CASE = 5;
const RUNS = Number(process.env.BENCH_RUNS || 40);
const WARMUP = 5;
const PAGE = 50;
/** Pages walked through the cursor before timing the "deep" page. */
const DEEP_PAGES = 100;
const VIEW_TARGET_MS = 50;
const SEARCH_TARGET_MS = 150;

/** One shop holds 60 % of the cases (as in the performance notes); four others share the rest. */
const SHOPS = [
  { domain: "bench-inbox-main.myshopify.com", share: 0.6 },
  { domain: "bench-inbox-second.myshopify.com", share: 0.1 },
  { domain: "bench-inbox-third.myshopify.com", share: 0.1 },
  { domain: "bench-inbox-fourth.myshopify.com", share: 0.1 },
  { domain: "bench-inbox-fifth.myshopify.com", share: 0.1 },
];
const MAIN = SHOPS[0].domain;

interface SeedInfo {
  cases: number;
  messages: number;
  seconds: number;
  seededAt: string;
  perShop: SeededShop[];
  vacuumSeconds: number;
}



const existingSeed = () => readSeedInfo<SeedInfo>(SERVER, DB, url, "bench_inbox_seed");

async function seed(): Promise<SeedInfo> {
  await recreateDatabase(SERVER, DB, url);
  const pool = createPool(url, { max: 4 });
  const started = performance.now();
  const perShop: SeedInfo["perShop"] = [];
  try {
    perShop.push(...(await seedBenchShops(pool, SHOPS, { totalCases: TOTAL_CASES, messagesPerCase: MESSAGES_PER_CASE, firstSeed: 1000 })));
    const seeded = (performance.now() - started) / 1000;
    // A database in steady state has been vacuumed (visibility map for index-only scans) and analysed.
    const vacuumStarted = performance.now();
    const tables = ["Message", "Case", "Order", "LineItem", "Fulfillment", "CaseOrder", "CaseRead", "Customer", "Staff", "Shop"];
    await Promise.all(
      [0, 1].map(async () => {
        for (let t = tables.shift(); t; t = tables.shift()) await pool.query(`VACUUM (ANALYZE) "${t}"`);
      }),
    );
    const info: SeedInfo = {
      cases: perShop.reduce((a, s) => a + s.rows.Case, 0),
      messages: perShop.reduce((a, s) => a + s.rows.Message, 0),
      seconds: seeded,
      seededAt: new Date().toISOString(),
      perShop,
      vacuumSeconds: (performance.now() - vacuumStarted) / 1000,
    };
    await pool.query(`CREATE TABLE bench_inbox_seed (info jsonb NOT NULL)`);
    await pool.query(`INSERT INTO bench_inbox_seed (info) VALUES ($1)`, [JSON.stringify(info)]);
    return info;
  } finally {
    await pool.end();
  }
}

// ───────────────────────────── Timing ─────────────────────────────

interface Timing {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  rows: number;
}

async function time(run: () => Promise<number>): Promise<Timing> {
  for (let i = 0; i < WARMUP; i++) await run();
  const samples: number[] = [];
  let rows = 0;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    rows = await run();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p95: percentile(samples, 95), p99: percentile(samples, 99), max: samples.at(-1)!, rows };
}

interface Captured {
  query: string;
  params: string;
  duration: number;
}

/** listCases and the query parser, when app/cases/inbox.server.ts exists; null otherwise. */
async function loadInbox() {
  if (!fs.existsSync("app/cases/inbox.server.ts")) return null;
  const inbox = (await import("../../app/cases/inbox.server")) as unknown as Record<string, unknown>;
  const query = await import("../../app/cases/inbox-query");
  const listCases = inbox.listCases as ((shopId: string, staffId: string, query: unknown) => Promise<unknown>) | undefined;
  if (typeof listCases !== "function") return null;
  return { listCases, parseInboxQuery: query.parseInboxQuery };
}

/** Rows and the next page's cursor from whatever listCases returns ({ cases|items|rows, nextCursor|pageInfo }). */
function pageOf(result: unknown): { rows: number; next: string | undefined } {
  const r = result as Record<string, unknown>;
  const list = (r.cases ?? r.items ?? r.rows ?? r.edges ?? []) as unknown[];
  const info = (r.pageInfo ?? {}) as Record<string, unknown>;
  const next = (r.nextCursor ?? info.nextCursor ?? info.endCursor ?? r.next ?? undefined) as string | undefined;
  return { rows: list.length, next: next ?? undefined };
}

interface BenchCase {
  name: string;
  kind: "view" | "search";
  params: string;
  deep?: boolean;
  /** The hand-written keyset query of the same page, when there is one. */
  raw?: { text: string; values: unknown[] };
  plan?: boolean;
}

async function main() {
  const started = performance.now();
  let info = args.has("--reseed") ? null : await existingSeed();
  let seededNow = false;
  if (!info || info.cases !== TOTAL_CASES) {
    console.log(`bench:inbox: seeding ${DB} with ${fmt(TOTAL_CASES)} cases, ${fmt(TOTAL_CASES * MESSAGES_PER_CASE)} messages …`);
    info = await seed();
    seededNow = true;
    console.log(`bench:inbox: seeded in ${info.seconds.toFixed(0)} s (+ ${info.vacuumSeconds.toFixed(0)} s VACUUM ANALYZE)`);
  } else {
    console.log(`bench:inbox: reusing ${DB} (${fmt(info.cases)} cases seeded ${info.seededAt}); --reseed to start over`);
    await runMigrations(url); // an index migration added since is applied to the reused data
    await sql(url, "ANALYZE");
  }
  if (args.has("--seed-only")) return;

  // The app's own client and pool (jit off, as the app runs), with the SQL it sends recorded.
  process.env.DATABASE_URL = url;
  const captured: Captured[] = [];
  let capturing = false;
  const prisma = new PrismaClient({ adapter: createPgAdapter(url), log: [{ emit: "event", level: "query" }] });
  prisma.$on("query", (e) => {
    if (capturing) captured.push({ query: e.query, params: e.params, duration: e.duration });
  });
  globalThis.__prisma = prisma;
  const raw = createPool(url, { max: 2 });

  const facts = await raw.query<{ shop: string; staff: string; email: string; order: string; tag: string; cases: string; messages: string; open: string }>(
    `WITH s AS (SELECT id FROM "Shop" WHERE domain = $1)
     SELECT (SELECT id FROM s) AS shop,
            (SELECT "assigneeId" FROM "Case" WHERE "shopId" = (SELECT id FROM s) AND status = 'OPEN' AND "assigneeId" IS NOT NULL
              GROUP BY 1 ORDER BY count(*) DESC LIMIT 1) AS staff,
            (SELECT "customerEmail" FROM "Case" WHERE "shopId" = (SELECT id FROM s) AND "customerEmail" IS NOT NULL ORDER BY number DESC LIMIT 1 OFFSET 1000) AS email,
            (SELECT o.name FROM "CaseOrder" co JOIN "Order" o ON o.id = co."orderId" WHERE co."shopId" = (SELECT id FROM s)
              ORDER BY co."createdAt" DESC LIMIT 1 OFFSET 5000) AS "order",
            (SELECT t FROM "Case", unnest(tags) t WHERE "shopId" = (SELECT id FROM s) AND status = 'OPEN' AND t NOT IN ('vip', 'escalated')
              GROUP BY 1 ORDER BY count(*) DESC LIMIT 1) AS tag,
            (SELECT count(*) FROM "Case" WHERE "shopId" = (SELECT id FROM s)) AS cases,
            (SELECT count(*) FROM "Message" WHERE "shopId" = (SELECT id FROM s)) AS messages,
            (SELECT count(*) FROM "Case" WHERE "shopId" = (SELECT id FROM s) AND status = 'OPEN') AS open`,
    [MAIN],
  );
  const f = facts.rows[0];
  // A word found in one case only: a tracking number quoted in a reply (one the search parser keeps whole).
  const candidates = (await raw.query<{ word: string }>(
    `SELECT substring(m."bodyText" from 'tracking number ([A-Z0-9]{8,})') AS word FROM "Message" m
      WHERE m."shopId" = $1 AND m."bodyText" LIKE '%tracking number %' AND m.direction = 'OUTBOUND' LIMIT 20`,
    [f.shop],
  )).rows.map((r) => r.word).filter(Boolean);
  let unique = candidates[0] ?? "1Z999AA10123456784";
  for (const word of candidates) {
    const hit = await raw.query(`SELECT 1 FROM "Case" WHERE "shopId" = $1 AND "searchVector" @@ plainto_tsquery('english', $2) LIMIT 1`, [f.shop, word]);
    if (hit.rowCount) {
      unique = word;
      break;
    }
  }
  const totals = (await raw.query<{ cases: string; messages: string; orders: string }>(
    `SELECT (SELECT count(*) FROM "Case") AS cases, (SELECT count(*) FROM "Message") AS messages, (SELECT count(*) FROM "Order") AS orders`,
  )).rows[0];
  console.log(`main shop: ${fmt(Number(f.cases))} cases (${fmt(Number(f.open))} open), ${fmt(Number(f.messages))} messages; staff ${f.staff}; tag ${f.tag}; email ${f.email}; order ${f.order}`);

  const columns = `id, number, subject, status, priority, topic, channel, "customerName", "customerEmail", "assigneeId", tags, "slaDueAt", "lastActivityAt"`;
  const keyset = (where: string, values: unknown[]) => ({
    text: `SELECT ${columns} FROM "Case" WHERE "shopId" = $1 AND ${where} ORDER BY "lastActivityAt" DESC, id DESC LIMIT ${PAGE + 1}`,
    values: [f.shop, ...values],
  });
  // The anchor row of the deep page for the hand-written keyset queries.
  const anchor = async (where: string, values: unknown[]) => {
    const { rows } = await raw.query<{ lastActivityAt: Date; id: string }>(
      `SELECT "lastActivityAt", id FROM "Case" WHERE "shopId" = $1 AND ${where} ORDER BY "lastActivityAt" DESC, id DESC OFFSET ${DEEP_PAGES * PAGE - 1} LIMIT 1`,
      [f.shop, ...values],
    );
    return rows[0];
  };
  const deepKeyset = async (where: string, values: unknown[]) => {
    const a = await anchor(where, values);
    if (!a) return undefined;
    const n = values.length + 2;
    return keyset(`${where} AND ("lastActivityAt", id) < ($${n}, $${n + 1})`, [...values, a.lastActivityAt, a.id]);
  };
  const rare = "svalbard";
  const common = "damaged";
  const fts = (term: string) => ({
    text: `SELECT ${columns} FROM "Case" WHERE "shopId" = $1 AND "searchVector" @@ websearch_to_tsquery('english', $2)
           ORDER BY "lastActivityAt" DESC, id DESC LIMIT ${PAGE + 1}`,
    values: [f.shop, term],
  });

  const cases: BenchCase[] = [
    { name: "Open", kind: "view", params: "view=open", raw: keyset(`status = 'OPEN'`, []), plan: true },
    { name: "Open, page 101", kind: "view", params: "view=open", deep: true, raw: await deepKeyset(`status = 'OPEN'`, []) },
    { name: "Mine", kind: "view", params: "view=mine", raw: keyset(`"assigneeId" = $2 AND status IN ('OPEN', 'PENDING', 'SNOOZED')`, [f.staff]), plan: true },
    { name: "Unassigned", kind: "view", params: "view=unassigned", raw: keyset(`"assigneeId" IS NULL AND status = 'OPEN'`, []), plan: true },
    { name: "Pending", kind: "view", params: "view=pending", raw: keyset(`status = 'PENDING'`, []) },
    { name: "Resolved", kind: "view", params: "view=resolved", raw: keyset(`status IN ('RESOLVED', 'CLOSED')`, []), plan: true },
    { name: "Resolved, page 101", kind: "view", params: "view=resolved", deep: true, raw: await deepKeyset(`status IN ('RESOLVED', 'CLOSED')`, []) },
    { name: "All", kind: "view", params: "view=all", raw: keyset(`true`, []) },
    { name: "All, page 101", kind: "view", params: "view=all", deep: true, raw: await deepKeyset(`true`, []), plan: true },
    {
      name: `Filtered: open, tag ${f.tag}, priority HIGH/URGENT, SLA breached`,
      kind: "view",
      params: `view=open&tag=${encodeURIComponent(f.tag)}&priority=HIGH,URGENT&sla=breached`,
      raw: keyset(`status = 'OPEN' AND tags @> ARRAY[$2] AND priority IN ('HIGH', 'URGENT') AND "slaDueAt" < now()`, [f.tag]),
      plan: true,
    },
    { name: "Open, sorted by SLA due", kind: "view", params: "view=open&sort=slaDue%20asc" },
    { name: "Open, sorted by priority", kind: "view", params: "view=open&sort=priority%20desc" },
    { name: `Search, common word "${common}" (all cases)`, kind: "search", params: `view=all&q=${common}`, raw: fts(common), plan: true },
    { name: `Search, rare word "${rare}" (all cases)`, kind: "search", params: `view=all&q=${rare}`, raw: fts(rare), plan: true },
    { name: "Search, unique word (a tracking number; all cases)", kind: "search", params: `view=all&q=${unique}`, raw: fts(unique), plan: true },
    { name: "Search, customer email (all cases)", kind: "search", params: `view=all&q=${encodeURIComponent(f.email)}`, raw: keyset(`"customerEmail" = $2`, [f.email]), plan: true },
    { name: `Search, order name ${f.order} (all cases)`, kind: "search", params: `view=all&q=${encodeURIComponent(f.order)}`, plan: true },
    { name: `Search, common word "${common}" in Open`, kind: "search", params: `view=open&q=${common}` },
  ];

  const inbox = await loadInbox();
  if (!inbox) console.log("bench:inbox: app/cases/inbox.server.ts (listCases) is not there yet: timing the hand-written queries only");
  const results: Array<{ c: BenchCase; app?: Timing; raw?: Timing; error?: string }> = [];
  const plans: Array<{ name: string; sql: string; plan: string }> = [];
  for (const c of cases) {
    const entry: (typeof results)[number] = { c };
    if (inbox) {
      try {
        let params = new URLSearchParams(c.params);
        if (c.deep) {
          for (let i = 0; i < DEEP_PAGES; i++) {
            const page = pageOf(await inbox.listCases(f.shop, f.staff, inbox.parseInboxQuery(params)));
            if (!page.next) throw new Error(`no page ${i + 2}`);
            params = new URLSearchParams(c.params);
            params.set("cursor", page.next);
          }
        }
        const query = inbox.parseInboxQuery(params);
        entry.app = await time(async () => pageOf(await inbox.listCases(f.shop, f.staff, query)).rows);
        if (c.plan) {
          captured.length = 0;
          capturing = true;
          await inbox.listCases(f.shop, f.staff, query);
          capturing = false;
          // The tab counts and the page's row details run for every page: their plans are shown once.
          const shared = (text: string) =>
            /AS "open"/.test(text) ? "Tab counts (beside every page)" : /LEFT JOIN "CaseRead"/.test(text) ? "Row details of a page (every page)" : null;
          for (const q of captured.filter((q) => /"Case"/.test(q.query))) {
            const label = shared(q.query);
            if (label && plans.some((p) => p.name === label)) continue;
            const step = label ? "" : ` — statement ${plans.filter((p) => p.name.startsWith(`${c.name} — `)).length + 1}`;
            plans.push({ name: label ?? `${c.name}${step}`, sql: q.query, plan: await explain(raw, q.query, JSON.parse(q.params) as unknown[]) });
          }
        }
      } catch (error) {
        entry.error = error instanceof Error ? error.message : String(error);
      }
    }
    if (c.raw) {
      const r = c.raw;
      entry.raw = await time(async () => (await raw.query(r.text, r.values)).rowCount ?? 0);
      if (c.plan && !inbox) plans.push({ name: `${c.name} (hand-written)`, sql: r.text, plan: await explain(raw, r.text, r.values) });
    }
    results.push(entry);
    const show = (t?: Timing) => (t ? `p50 ${t.p50.toFixed(2)} ms, p95 ${t.p95.toFixed(2)} ms (${t.rows} rows)` : "—");
    console.log(`${c.name}: listCases ${entry.error ? `failed: ${entry.error}` : show(entry.app)} | keyset SQL ${show(entry.raw)}`);
  }

  await raw.end();
  await prisma.$disconnect();

  // ───────────── Report ─────────────
  const ms = (t?: Timing) => (t ? `${t.p50.toFixed(1)} / ${t.p95.toFixed(1)} / ${t.p99.toFixed(1)}` : "—");
  const verdict = (c: BenchCase, t?: Timing) => {
    if (!t) return "—";
    const target = c.kind === "view" ? VIEW_TARGET_MS : SEARCH_TARGET_MS;
    return t.p95 <= target ? `met (≤ ${target})` : `**missed** (> ${target})`;
  };
  const rows = results.map(({ c, app, raw: r, error }) =>
    `| ${c.name} | ${error ? `error: ${error}` : ms(app)} | ${app?.rows ?? "—"} | ${ms(r)} | ${verdict(c, app)} |`,
  );
  const measured = results.filter((r) => r.app);
  const missed = measured.filter((r) => r.app!.p95 > (r.c.kind === "view" ? VIEW_TARGET_MS : SEARCH_TARGET_MS));
  const summary = !inbox
    ? "listCases (app/cases/inbox.server.ts) did not exist when this ran: only the hand-written queries were timed."
    : missed.length === 0 && measured.length === cases.length
      ? `All ${measured.length} queries meet their targets (p95 ≤ ${VIEW_TARGET_MS} ms for views, ≤ ${SEARCH_TARGET_MS} ms for search).`
      : `${measured.length - missed.length} of ${cases.length} queries meet their targets; missed: ${missed.map((m) => m.c.name).join("; ") || "none"}${measured.length < cases.length ? `; failed: ${results.filter((r) => r.error).map((r) => r.c.name).join("; ")}` : ""}.`;
  const perShop = info.perShop.map((s) => `${s.domain.replace(".myshopify.com", "")} ${fmt(s.rows.Case)}`).join(", ");
  const markdown = `## Inbox list at 1M cases (\`npm run bench:inbox\`)

${new Date().toISOString().slice(0, 10)} · ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), ${Math.round(os.totalmem() / 2 ** 30)} GB · PostgreSQL on 127.0.0.1 (shared_buffers as installed) ·
other work on the machine during the run (test suites of parallel work), so single figures are noisy; p50 is the steadier one.

- Data: ${fmt(Number(totals.cases))} cases, ${fmt(Number(totals.messages))} messages, ${fmt(Number(totals.orders))} orders in ${info.perShop.length} shops
  (cases per shop: ${perShop}). The timed shop has ${fmt(Number(f.cases))} cases, ${fmt(Number(f.open))} of them open.
  Seeded by \`app/seed/scale-seed.server.ts\` (COPY, triggers skipped, \`searchVector\` computed per batch by
  \`casefile_case_search_vector\`) in ${info.seconds.toFixed(0)} s, then VACUUM (ANALYZE) in ${info.vacuumSeconds.toFixed(0)} s${seededNow ? "" : ` (seeded ${info.seededAt.slice(0, 10)}, reused)`}.
- Each query: ${WARMUP} warm-up runs, then ${RUNS} timed runs, one at a time, through the app's Prisma client (pg pool, \`jit=off\`),
  staff member = the shop's busiest assignee, ${PAGE} cases per page; "page 101" is reached by following the cursor 100 times.
- Hand-written keyset SQL: the same page as one SQL statement on a plain pg pool (\`ORDER BY "lastActivityAt" DESC, id DESC LIMIT ${PAGE + 1}\`),
  the floor the loader is compared with.

| query (main shop) | listCases p50 / p95 / p99 ms | rows | keyset SQL p50 / p95 / p99 ms | target |
| --- | --- | --- | --- | --- |
${rows.join("\n")}

${summary}

Where the time goes: every page is the page query (statements below), then the row details of its ids, with the
tab counts (each capped at 1,000, index-only) on a second connection at the same time; Prisma's own cost is
~0.5 ms per statement. Searches run their statements in sequence: the exact match (email, order or case number),
then up to three full-text steps (the newest 1,000 cases tested; the GIN index capped; a walk of the activity index).

### Plans
EXPLAIN (ANALYZE, BUFFERS) of the SQL listCases sent for the main queries, in the order sent (captured from
Prisma's query events, run again with the same parameters; trimmed).

${plans.map((p) => `#### ${p.name}\n\n\`\`\`sql\n${trimSql(p.sql)}\n\`\`\`\n\n\`\`\`\n${p.plan}\n\`\`\``).join("\n\n")}
`;
  const record = process.env.BENCH_RECORD !== "0";
  if (record) {
    await recordSection("inbox", markdown);
    console.log("bench:inbox: written to docs/benchmarks.md");
  } else console.log(markdown);
  const targetOf = (c: BenchCase) => (c.kind === "view" ? VIEW_TARGET_MS : SEARCH_TARGET_MS);
  const headline = (label: string, r: (typeof results)[number]): Headline => ({
    measure: `${label}: ${r.c.name}`,
    p50: r.app!.p50,
    p95: r.app!.p95,
    p99: r.app!.p99,
    runs: RUNS,
    baseline: r.raw ? `keyset SQL ${triple(r.raw)}` : null,
    ratio: r.raw ? `p50 ${(r.app!.p50 / r.raw.p50).toFixed(1)}× the keyset SQL's` : null,
    target: `p95 ≤ ${targetOf(r.c)} ms`,
    met: r.app!.p95 <= targetOf(r.c),
  });
  const slowest = (kind: BenchCase["kind"]) => measured.filter((r) => r.c.kind === kind).sort((a, b) => b.app!.p95 - a.app!.p95)[0];
  const picks: Array<[string, (typeof results)[number] | undefined]> = [
    ["Default view", measured.find((r) => r.c.name === "Open")],
    ["Slowest view by p95", slowest("view")],
    ["Slowest search by p95", slowest("search")],
  ];
  writeResult({
    bench: "inbox",
    section: "inbox",
    finishedAt: new Date().toISOString(),
    dataset: `${fmt(Number(totals.cases))} cases, ${fmt(Number(totals.messages))} messages, ${fmt(Number(totals.orders))} orders in ${info.perShop.length} shops (timed shop ${fmt(Number(f.cases))} cases)`,
    headlines: picks.filter((p, i): p is [string, (typeof results)[number]] => !!p[1] && picks.findIndex((q) => q[1] === p[1]) === i).map(([label, r]) => headline(label, r)),
    verdict: { met: !!inbox && missed.length === 0 && measured.length === cases.length, text: summary },
    recorded: record,
  });
  console.log(`bench:inbox: done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

function trimSql(text: string): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length > 1500 ? `${oneLine.slice(0, 1500)} …` : oneLine;
}

async function explain(pool: pg.Pool, text: string, values: unknown[]): Promise<string> {
  const { rows } = await pool.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, values);
  const lines = rows.map((r) => r["QUERY PLAN"]);
  const kept = lines.filter((l) => !/^\s*Planning:|^\s*Buffers: shared hit=\d+$/.test(l) || /Execution|Planning Time/.test(l));
  return (kept.length > 40 ? [...kept.slice(0, 36), "  …", ...kept.slice(-3)] : kept).join("\n");
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
