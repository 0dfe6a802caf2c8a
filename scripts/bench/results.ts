// The headline figures each bench script hands to `npm run bench` (scripts/bench/all.ts): written to
// .bench/<bench>.json (gitignored) at the end of every run, whether or not BENCH_RECORD=0.
import fs from "node:fs";
import path from "node:path";

export interface Headline {
  /** What was measured, e.g. "Guest lookup, HTTP". */
  measure: string;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  /** Timed runs (or requests) behind the percentiles. */
  runs: number;
  /** The same-run baseline, as text ("keyset SQL 0.6 / 2.6 / 2.9 ms"), or null when there is none. */
  baseline: string | null;
  /** Ratio to the baseline, as text ("7.7× the baseline p50"), or null. */
  ratio: string | null;
  target: string;
  met: boolean | null;
  /** Unit of p50/p95/p99: "ms" (the default) or "" for a unitless score such as CLS (shown with 3 decimals). */
  unit?: "ms" | "";
}

export interface BenchResult {
  bench: "webhooks" | "storefront" | "inbox" | "insights" | "vitals";
  /** The marker name of the bench's detailed section in docs/benchmarks.md. */
  section: string;
  finishedAt: string;
  /** Dataset size, one line. */
  dataset: string;
  headlines: Headline[];
  /** The bench's own overall verdict, one line ("All 18 queries meet their targets …"). */
  verdict: { met: boolean; text: string };
  /** Whether the bench wrote its section of docs/benchmarks.md (false with BENCH_RECORD=0). */
  recorded: boolean;
}

export const RESULTS_DIR = ".bench";
export const resultFile = (bench: BenchResult["bench"]) => path.resolve(RESULTS_DIR, `${bench}.json`);

export function writeResult(result: BenchResult): void {
  fs.mkdirSync(path.resolve(RESULTS_DIR), { recursive: true });
  fs.writeFileSync(resultFile(result.bench), `${JSON.stringify(result, null, 2)}\n`);
}

/** "1.2 / 3.4 / 5.6 ms" (p50 / p95 / p99). */
export function triple(t: { p50: number | null; p95: number | null; p99: number | null; unit?: "ms" | "" }): string {
  const unitless = t.unit === "";
  const f = (n: number | null) => (n == null || Number.isNaN(n) ? "—" : unitless ? n.toFixed(3) : n >= 100 ? n.toFixed(0) : n.toFixed(1));
  return `${f(t.p50)} / ${f(t.p95)} / ${f(t.p99)}${unitless ? "" : " ms"}`;
}
