// `npm run test:e2e`: the browser end-to-end tests (e2e/*.e2e.ts) against a real `npm run demo`.
//
// 1. Builds the app once (`remix vite:build`) unless build/ is newer than every source file.
// 2. Starts scripts/demo.ts on a free port with a fresh temporary PGlite data dir (seeded from scratch).
// 3. Waits for /healthz, then runs vitest with e2e/vitest.config.ts (E2E_BASE_URL points at the demo).
// 4. Always stops the demo (its whole process group) and deletes the data dir, also on Ctrl+C or failure.
// Steps 1, 2 and 4 are scripts/lib/demo-process.ts (shared with the browser benchmark, scripts/bench/vitals.ts).
//
// Chromium is Debian's (/usr/bin/chromium, installed by scripts/ensure-chromium.sh); nothing is downloaded.
// E2E_BASE_URL=http://localhost:3000 npm run test:e2e runs the tests against a demo that is already running.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { CHROMIUM, bin, root, startDemo, stopDemo } from "./lib/demo-process";
import { fail, log } from "./lib/log";

process.chdir(root);
const started = Date.now();

async function main() {
  if (!fs.existsSync(CHROMIUM)) {
    fail("Chromium is missing: run `bash scripts/ensure-chromium.sh` (installs Debian's chromium with apt-get).");
  }
  const baseUrl =
    process.env.E2E_BASE_URL || (await startDemo({ logFile: path.join(root, "e2e", "artifacts", "demo.log"), dataDirPrefix: "casefile-e2e-db-" }));
  const vitest = spawn(bin("vitest"), ["run", "--config", "e2e/vitest.config.ts", ...process.argv.slice(2)], {
    env: { ...process.env, E2E_BASE_URL: baseUrl },
    stdio: "inherit",
  });
  const code = await new Promise<number>((resolve) => vitest.once("exit", (c, signal) => resolve(c ?? (signal ? 1 : 0))));
  await stopDemo();
  log(`End-to-end tests ${code === 0 ? "passed" : "FAILED"} in ${((Date.now() - started) / 1000).toFixed(1)}s (screenshots: e2e/artifacts/).`);
  process.exit(code);
}

main().catch(async (error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  await stopDemo();
  process.exit(1);
});
