// `npm run seed -- --shop demo --orders 1000000 --cases 1000000`: a shop with realistic data at scale,
// written with COPY (app/seed/scale-seed.server.ts). Every run appends to the shop.
import dotenv from "dotenv";
import { Presets, SingleBar } from "cli-progress";
import { createPool } from "../app/db/adapter.server";
import { parseSeedArgs, SEED_USAGE, seedShop, type SeedProgress, type SeedTable } from "../app/seed/scale-seed.server";

dotenv.config({ quiet: true });

const parsed = parseSeedArgs(process.argv.slice(2));
if (parsed.ok && parsed.help) {
  console.log(SEED_USAGE);
  process.exit(0);
}
if (!parsed.ok) {
  for (const error of parsed.errors) console.error(`seed: ${error}`);
  console.error("seed: see `npm run seed -- --help`");
  process.exit(2);
}
const options = parsed.options;

const databaseUrl = process.env.DATABASE_URL?.trim();
if (!databaseUrl) {
  console.error("seed: DATABASE_URL is not set: point it at a migrated PostgreSQL database (postgresql://user:pass@host:5432/db).");
  process.exit(2);
}
try {
  new URL(databaseUrl);
} catch {
  console.error("seed: DATABASE_URL is not a valid URL (expected postgresql://user:pass@host:5432/db).");
  process.exit(2);
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const PHASE_LABEL: Record<SeedProgress["phase"], string> = {
  preparing: "planning ",
  customers: "customers",
  orders: "orders   ",
  cases: "cases    ",
  analyze: "analyze  ",
  done: "done     ",
};

/** Rows per second over the last few seconds. */
function rateMeter(windowMs = 5_000) {
  const samples: Array<[number, number]> = [];
  return (elapsedMs: number, rows: number): number => {
    samples.push([elapsedMs, rows]);
    while (samples.length > 2 && elapsedMs - samples[0][0] > windowMs) samples.shift();
    const [t0, r0] = samples[0];
    return elapsedMs - t0 > 250 ? ((rows - r0) * 1000) / (elapsedMs - t0) : 0;
  };
}

async function main(): Promise<void> {
  const pool = createPool(databaseUrl!, { max: options.concurrency + 2 });
  const interactive = Boolean(process.stdout.isTTY);
  const totalUnits = () => latest?.totals ? latest.totals.customers + latest.totals.orders + latest.totals.cases : 1;
  const doneUnits = (p: SeedProgress) => p.units.customers + p.units.orders + p.units.cases;
  const rate = rateMeter();
  let latest: SeedProgress | undefined;
  let currentRate = 0;

  const bar = interactive
    ? new SingleBar(
        {
          stream: process.stdout,
          format: "{phase} |{bar}| {percentage}% | {rows} rows | {rate} rows/s | {duration_formatted} elapsed | ETA {eta_formatted}",
          hideCursor: true,
          etaBuffer: 40,
          fps: 5,
        },
        Presets.shades_classic,
      )
    : null;
  let barStarted = false;
  let ticker: NodeJS.Timeout | undefined;
  if (!interactive) {
    ticker = setInterval(() => {
      if (!latest) return;
      const p = latest;
      console.log(
        `seed: ${p.phase.padEnd(9)} customers ${fmt(p.units.customers)}/${fmt(p.totals.customers)}, ` +
          `orders ${fmt(p.units.orders)}/${fmt(p.totals.orders)}, cases ${fmt(p.units.cases)}/${fmt(p.totals.cases)}: ` +
          `${fmt(p.rows)} rows, ${fmt(currentRate)} rows/s, ${(p.elapsedMs / 1000).toFixed(0)} s`,
      );
    }, 5_000);
  }

  const onProgress = (p: SeedProgress) => {
    latest = p;
    currentRate = rate(p.elapsedMs, p.rows);
    if (!bar) return;
    const payload = { phase: PHASE_LABEL[p.phase], rows: fmt(p.rows), rate: fmt(currentRate) };
    if (!barStarted) {
      bar.start(totalUnits(), 0, payload);
      barStarted = true;
    }
    bar.setTotal(totalUnits());
    bar.update(doneUnits(p), payload);
  };

  const stop = () => {
    if (ticker) clearInterval(ticker);
    if (barStarted) bar?.stop();
  };
  process.once("SIGINT", () => {
    stop();
    console.error("\nseed: interrupted; batches already committed stay in the database.");
    process.exit(130);
  });

  console.log(
    `seed: ${options.shopDomain}: ${fmt(options.orders)} orders, ${fmt(options.cases)} cases ` +
      `(${options.messagesPerCase} messages each), batches of ${fmt(options.batchSize)}, seed ${options.seed}`,
  );
  try {
    const result = await seedShop(pool, {
      shopDomain: options.shopDomain,
      orders: options.orders,
      cases: options.cases,
      messagesPerCase: options.messagesPerCase,
      customers: options.customers,
      batchSize: options.batchSize,
      seed: options.seed,
      concurrency: options.concurrency,
      analyze: options.vacuum ? "vacuum" : true,
      foreignKeyChecks: options.fkChecks ? true : "auto",
      onProgress,
    });
    stop();
    const order: SeedTable[] = ["Staff", "Customer", "Order", "LineItem", "Fulfillment", "Case", "CaseOrder", "Message"];
    const width = Math.max(...order.map((t) => fmt(result.rows[t]).length), fmt(result.totalRows).length);
    console.log(`\nSeeded ${result.shopDomain}${result.shopCreated ? " (new shop)" : ""} in ${result.seconds.toFixed(1)} s:`);
    for (const table of order) console.log(`  ${table.padEnd(12)} ${fmt(result.rows[table]).padStart(width)}`);
    console.log(`  ${"total".padEnd(12)} ${fmt(result.totalRows).padStart(width)}  (${fmt(result.totalRows / result.seconds)} rows/s)`);
    if (result.orderNumbers) console.log(`  orders #${result.orderNumbers.first} … #${result.orderNumbers.last}`);
    if (result.caseNumbers) console.log(`  cases  #${result.caseNumbers.first} … #${result.caseNumbers.last}`);
    const phases = Object.entries(result.phaseSeconds)
      .filter(([, s]) => s !== undefined && s >= 0.05)
      .map(([name, s]) => `${name} ${s!.toFixed(1)} s`);
    if (phases.length) console.log(`  phases: ${phases.join(", ")}`);
    console.log(`  foreign-key triggers: ${result.foreignKeyChecks.on ? "on" : "skipped"} (${result.foreignKeyChecks.reason})`);
  } finally {
    stop();
    await pool.end().catch(() => undefined);
  }
}

function describe(error: unknown): string {
  const e = error as { message?: string; code?: string; cause?: unknown } | undefined;
  const message = e?.message || String(error);
  const cause = e?.cause as { code?: string } | undefined;
  const code = e?.code ?? cause?.code;
  if (code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "ETIMEDOUT") {
    return `could not connect to PostgreSQL (${message}); check DATABASE_URL.`;
  }
  if (code === "3D000") return `${message}; create it, then run \`npm run db:migrate\`.`;
  if (code === "42P01") return `${message}; the database is not migrated yet: run \`npm run db:migrate\`.`;
  return message;
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`\nseed: failed: ${describe(error)}`);
    if (process.env.DEBUG) console.error(error);
    process.exit(1);
  },
);
