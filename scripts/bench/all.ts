// `npm run bench`: every benchmark script in sequence (webhooks, storefront, inbox, insights, vitals), each as its own
// `npm run bench:<name>` child process (its own build step, database and settings), stopping at the first failure.
// Then a summary at the top of docs/benchmarks.md (between <!-- summary:start --> and <!-- summary:end -->): date,
// machine, and per bench the dataset, the headline p50/p95/p99, the same-run baseline and ratio, the target and
// whether it was met, with a link to the bench's own section. Each bench hands its figures over in .bench/<name>.json.
//
//   npm run bench                                   all five at full size (about 30 minutes plus any seeding)
//   npm run bench -- --only inbox,insights          some of them (the others' rows say "not run")
//   npm run bench -- --summary-only                 only the summary, from each bench's last saved results
// Environment is passed through to every bench: BENCH_DATABASE_SERVER, BENCH_CASES (inbox, insights), BENCH_ORDERS
// (storefront), BENCH_RUNS (inbox, insights, storefront), BENCH_VITALS_RUNS (vitals), BENCH_SECONDS (webhooks), BENCH_RECORD=0 (nothing is
// written to docs/benchmarks.md — neither the benches' sections nor the summary, which is printed instead).
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "./lib";
import { resultFile, triple, type BenchResult } from "./results";

const BENCHES = ["webhooks", "storefront", "inbox", "insights", "vitals"] as const;
type Bench = (typeof BENCHES)[number];
const TITLES: Record<Bench, string> = { webhooks: "Webhook ingest", storefront: "Storefront order lookups", inbox: "Inbox list", insights: "Insights dashboard", vitals: "Web vitals and Lighthouse" };
const DOC = path.resolve("docs/benchmarks.md");
const SERVER = process.env.BENCH_DATABASE_SERVER || "postgresql://postgres@127.0.0.1:5432/postgres";
const RECORD = process.env.BENCH_RECORD !== "0";

function usage(message: string): never {
  console.error(`bench: ${message}\nusage: npm run bench [-- --only ${BENCHES.join(",")}]`);
  process.exit(2);
}

function parseArgs(argv: string[]): Bench[] {
  let only: Bench[] | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    let value: string | undefined;
    if (arg === "--summary-only") continue;
    if (arg === "--only") value = argv[++i];
    else if (arg.startsWith("--only=")) value = arg.slice("--only=".length);
    else usage(`unknown option ${arg}`);
    if (!value) usage("--only needs a comma-separated list of benches");
    const names = value.split(",").map((n) => n.trim()).filter(Boolean);
    const unknown = names.filter((n) => !(BENCHES as readonly string[]).includes(n));
    if (unknown.length) usage(`unknown bench ${unknown.join(", ")} (benches: ${BENCHES.join(", ")})`);
    only = [...(only ?? []), ...(names as Bench[])];
  }
  // Always in the canonical order, whatever order --only listed them in.
  return BENCHES.filter((b) => !only || only.includes(b));
}

function run(command: string, args: string[]): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: "inherit", env: process.env });
    child.on("error", reject);
    child.on("exit", (code, signal) => resolve({ code, signal }));
  });
}

// ───────────────────────────── Machine ─────────────────────────────

async function machine(): Promise<string> {
  const cpus = os.cpus();
  let postgres = "PostgreSQL (version unknown)";
  try {
    const { rows } = await sql<{ server_version: string }>(SERVER, "SHOW server_version");
    postgres = `PostgreSQL ${rows[0].server_version}`;
  } catch (error) {
    postgres = `PostgreSQL (not reachable for its version: ${error instanceof Error ? error.message : error})`;
  }
  return [
    `${cpus[0]?.model.trim() ?? "CPU"} × ${cpus.length} cores`,
    `${Math.round(os.totalmem() / 2 ** 30)} GB RAM`,
    `${postgres} on ${new URL(SERVER).host}`,
    `Node ${process.version}`,
    `${os.type()} ${os.release()}`,
  ].join(" · ");
}

// ───────────────────────────── Links ─────────────────────────────

/** GitHub's heading anchors for a markdown document, in order (lower case, punctuation dropped, spaces → "-", repeats numbered). */
function headings(markdown: string): Array<{ offset: number; text: string; anchor: string }> {
  const seen = new Map<string, number>();
  const out: Array<{ offset: number; text: string; anchor: string }> = [];
  let fenced = false;
  let offset = 0;
  for (const line of markdown.split("\n")) {
    if (/^\s*```/.test(line)) fenced = !fenced;
    const m = !fenced && /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (m) {
      const base = m[1].toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, "").replace(/\s/g, "-");
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      out.push({ offset, text: m[1], anchor: n === 0 ? base : `${base}-${n}` });
    }
    offset += line.length + 1;
  }
  return out;
}

/** The anchor of a bench's section: its first heading inside the markers, else the last heading before them. */
function sectionAnchor(markdown: string, section: string): string | null {
  const start = markdown.indexOf(`<!-- ${section}:start -->`);
  if (start < 0) return null;
  const end = markdown.indexOf(`<!-- ${section}:end -->`, start);
  const all = headings(markdown);
  const inside = all.find((h) => h.offset > start && (end < 0 || h.offset < end));
  const before = all.filter((h) => h.offset < start).at(-1);
  return (inside ?? before)?.anchor ?? null;
}

// ───────────────────────────── Summary ─────────────────────────────

const cell = (text: string | null | undefined) => (text ? text.replace(/\|/g, "\\|").replace(/\n/g, " ") : "—");
const metText = (met: boolean | null) => (met == null ? "—" : met ? "met" : "**not met**");

function summary(doc: string, ran: Partial<Record<Bench, BenchResult>>, selected: Bench[], machineLine: string, startedAt: Date, minutes: number, loads: [number, number] | null): string {
  const link = (bench: Bench) => {
    const anchor = sectionAnchor(doc, ran[bench]?.section ?? bench);
    return anchor ? `[${TITLES[bench]}](#${anchor})` : TITLES[bench];
  };
  const rows: string[] = [];
  const verdicts: string[] = [];
  for (const bench of BENCHES) {
    const result = ran[bench];
    if (!result) {
      rows.push(`| ${link(bench)} | — | not run in this run (\`--only ${selected.join(",")}\`); its section below is from an earlier run | — | — | — | — | — |`);
      continue;
    }
    result.headlines.forEach((h, i) => {
      rows.push(
        `| ${i === 0 ? link(bench) : ""} | ${i === 0 ? cell(result.dataset) : ""} | ${cell(h.measure)} | ${triple(h)} | ${cell(h.baseline)} | ${cell(h.ratio)} | ${cell(h.target)} | ${metText(h.met)} |`,
      );
    });
    if (result.headlines.length === 0) rows.push(`| ${link(bench)} | ${cell(result.dataset)} | nothing measured (see its section) | — | — | — | — | — |`);
    verdicts.push(`- ${link(bench)}: ${result.verdict.met ? "**met**" : "**not met**"} — ${cell(result.verdict.text)}`);
  }
  const allMet = selected.every((b) => ran[b]?.verdict.met);
  return `## Summary (\`npm run bench\`)

${startedAt.toISOString().slice(0, 16).replace("T", " ")} UTC, ${minutes < 1 ? "< 1" : minutes.toFixed(0)} min · ${machineLine} ·
${loads ? `1-minute load average ${loads[0].toFixed(1)} at the start, ${loads[1].toFixed(1)} at the end` : "summary written afterwards from each bench's saved results (`--summary-only`)"} (benches, database and load generators share the machine).
Every bench runs as its own \`npm run bench:<name>\` in sequence and compares with a baseline measured in the same run;
p50 / p95 / p99 in milliseconds over the runs each section states (with few runs, p99 is the slowest run). The headline
rows are a selection: each bench's own section has every measurement, the method and the plans.

| bench | dataset | headline | p50 / p95 / p99 | same-run baseline (p50 / p95 / p99) | ratio | target | result |
| --- | --- | --- | --- | --- | --- | --- | --- |
${rows.join("\n")}

${verdicts.join("\n")}

${!allMet ? "Not every bench meets its targets (see above)." : selected.length === 1 ? "The bench that ran meets its targets." : `All ${selected.length} benches that ran meet their targets.`}`;
}

/** Replaces the summary section, or puts it after the title and its opening paragraph (before the first section). */
function withSummary(doc: string, markdown: string): string {
  const start = "<!-- summary:start -->";
  const end = "<!-- summary:end -->";
  const block = `${start}\n${markdown.trim()}\n${end}`;
  if (doc.includes(start)) return doc.replace(new RegExp(`${start}[\\s\\S]*?${end}`), () => block);
  const firstSection = doc.search(/^(<!-- |## )/m);
  if (firstSection < 0) return `${doc.trimEnd()}\n\n${block}\n`;
  return `${doc.slice(0, firstSection)}${block}\n\n${doc.slice(firstSection)}`;
}

// ───────────────────────────── Main ─────────────────────────────

async function main() {
  if (process.argv.includes("--summary-only")) {
    const { ran, selected, startedAt, minutes } = summaryOnly();
    writeSummary(ran, selected, await machine(), startedAt, minutes, null);
    return;
  }
  const selected = parseArgs(process.argv.slice(2));
  const startedAt = new Date();
  const loadBefore = os.loadavg()[0];
  const machineLine = await machine();
  console.log(`bench: ${selected.join(", ")} · ${machineLine}${RECORD ? "" : " · BENCH_RECORD=0: docs/benchmarks.md is left as it is"}`);

  const ran: Partial<Record<Bench, BenchResult>> = {};
  let built = false;
  let missedExit = false;
  for (const [index, bench] of selected.entries()) {
    const file = resultFile(bench);
    fs.rmSync(file, { force: true });
    // bench:webhooks builds first (its npm script); storefront then reuses that build instead of building again.
    const args = bench === "storefront" && built ? ["--", "--no-build"] : [];
    console.log(`\nbench: ── ${index + 1}/${selected.length} npm run bench:${bench} ${args.join(" ")}`);
    const t0 = performance.now();
    const { code, signal } = await run("npm", ["run", `bench:${bench}`, ...args]);
    const seconds = (performance.now() - t0) / 1000;
    const rest = selected.slice(index + 1);
    const stop = (why: string): never => {
      console.error(
        `\nbench: npm run bench:${bench} ${why} after ${seconds.toFixed(0)} s — stopping.` +
          `${rest.length ? ` Not run: ${rest.join(", ")}.` : ""} The summary in docs/benchmarks.md was not written.` +
          `${index > 0 ? ` Finished before it: ${selected.slice(0, index).join(", ")}.` : ""}`,
      );
      process.exit(1);
    };
    if (signal) stop(`was stopped by ${signal}`);
    // A bench that exits 1 after writing its results has measured everything and missed a target (bench:vitals
    // does that): its figures go into the summary, marked not met, and the run carries on.
    if (code !== 0 && !fs.existsSync(file)) stop(`failed (exit code ${code})`);
    if (code !== 0) missedExit = true;
    if (!fs.existsSync(file)) stop(`exited 0 but wrote no ${path.relative(process.cwd(), file)} (did it stop early, e.g. --seed-only?)`);
    ran[bench] = JSON.parse(fs.readFileSync(file, "utf8")) as BenchResult;
    if (bench === "webhooks") built = true;
    console.log(`bench: bench:${bench} done in ${seconds.toFixed(0)} s`);
  }

  writeSummary(ran, selected, machineLine, startedAt, (Date.now() - startedAt.getTime()) / 60_000, [loadBefore, os.loadavg()[0]]);
  if (missedExit) process.exit(1);
}

/** Prints the summary and, unless BENCH_RECORD=0, writes it to the top of docs/benchmarks.md. */
function writeSummary(ran: Partial<Record<Bench, BenchResult>>, selected: Bench[], machineLine: string, startedAt: Date, minutes: number, loads: [number, number] | null) {
  const doc = fs.existsSync(DOC) ? fs.readFileSync(DOC, "utf8") : "# Benchmarks\n\nFigures written by `npm run bench:*` scripts; each compares against a baseline measured in the same run.\n";
  // Anchors are computed on the document as it will be (the summary's own heading comes first).
  const draft = withSummary(doc, summary(doc, ran, selected, machineLine, startedAt, minutes, loads));
  const markdown = summary(draft, ran, selected, machineLine, startedAt, minutes, loads);
  console.log(`\n${markdown}\n`);
  if (RECORD) {
    fs.writeFileSync(DOC, withSummary(doc, markdown));
    console.log("bench: summary written to the top of docs/benchmarks.md");
  } else {
    console.log("bench: BENCH_RECORD=0 — docs/benchmarks.md not written");
  }
}

/**
 * `npm run bench -- --summary-only`: the summary from each bench's saved results (.bench/<name>.json), without running
 * anything — for a run whose summary was not written (stopped, or run bench by bench).
 */
function summaryOnly() {
  const ran: Partial<Record<Bench, BenchResult>> = {};
  const times: number[] = [];
  for (const bench of BENCHES) {
    const file = resultFile(bench);
    if (!fs.existsSync(file)) continue;
    ran[bench] = JSON.parse(fs.readFileSync(file, "utf8")) as BenchResult;
    times.push(fs.statSync(file).mtimeMs);
  }
  const selected = BENCHES.filter((b) => ran[b]);
  if (selected.length === 0) usage("no saved results in .bench/: run the benches first");
  return { ran, selected, startedAt: new Date(Math.min(...times)), minutes: (Math.max(...times) - Math.min(...times)) / 60_000 };
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
