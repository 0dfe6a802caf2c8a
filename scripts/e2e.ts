// `npm run test:e2e`: the browser end-to-end tests (e2e/*.e2e.ts) against a real `npm run demo`.
//
// 1. Builds the app once (`remix vite:build`) unless build/ is newer than every source file.
// 2. Starts scripts/demo.ts on a free port with a fresh temporary PGlite data dir (seeded from scratch).
// 3. Waits for /healthz, then runs vitest with e2e/vitest.config.ts (E2E_BASE_URL points at the demo).
// 4. Always stops the demo (its whole process group) and deletes the data dir, also on Ctrl+C or failure.
//
// Chromium is Debian's (/usr/bin/chromium, installed by scripts/ensure-chromium.sh); nothing is downloaded.
// E2E_BASE_URL=http://localhost:3000 npm run test:e2e runs the tests against a demo that is already running.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fail, log } from "./lib/log";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
process.chdir(root);
const started = Date.now();
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);
// The project's Node (node_modules/.bin/node) for every child, also when this runs outside npm.
process.env.PATH = `${path.join(root, "node_modules", ".bin")}${path.delimiter}${process.env.PATH ?? ""}`;

let demo: ChildProcess | undefined;
let dataDir: string | undefined;
let stopping: Promise<void> | undefined;

function stopDemo(): Promise<void> {
  stopping ??= (async () => {
    const child = demo;
    if (child?.pid && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      // The demo runs in its own process group (tsx starts a child node): signal the group, by its id.
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        /* already gone */
      }
      const timedOut = await Promise.race([exited.then(() => false), sleep(8_000).then(() => true)]);
      if (timedOut) {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {
          /* already gone */
        }
        await Promise.race([exited, sleep(2_000)]);
      }
    }
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  })();
  return stopping;
}

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.once(signal, () => {
    void stopDemo().finally(() => process.exit(130));
  });
}
process.once("exit", () => {
  // Last resort (synchronous): never leave a demo behind.
  if (demo?.pid && demo.exitCode === null) {
    try {
      process.kill(-demo.pid, "SIGKILL");
    } catch {
      /* already gone */
    }
  }
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === "generated" || entry.name === "node_modules") continue;
      newest = Math.max(newest, newestMtime(full));
    } else if (!/\.test\.tsx?$/.test(entry.name)) {
      newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
  }
  return newest;
}

function buildIfStale() {
  const serverBuild = path.join(root, "build", "server", "index.js");
  const sources = Math.max(newestMtime(path.join(root, "app")), ...["vite.config.ts", "package-lock.json"].map((f) => fs.statSync(f).mtimeMs));
  if (process.env.E2E_SKIP_BUILD !== "1" && (!fs.existsSync(serverBuild) || fs.statSync(serverBuild).mtimeMs < sources)) {
    log("Building the app (remix vite:build) …");
    const result = spawnSync(bin("remix"), ["vite:build"], { stdio: ["ignore", "inherit", "inherit"] });
    if (result.status !== 0) fail("The build failed (see above); the end-to-end tests need a build of the app.");
  } else {
    log("Reusing the existing build/ (newer than app/).");
  }
}

async function waitForHealth(baseUrl: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (demo && demo.exitCode !== null) fail(`The demo exited (code ${demo.exitCode}) before it was ready; its output is above.`);
    try {
      const response = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      /* not listening yet */
    }
    await sleep(250);
  }
  throw new Error(`The demo did not answer ${baseUrl}/healthz within ${timeoutMs / 1000}s.`);
}

async function startDemo(): Promise<string> {
  buildIfStale();
  const port = await freePort();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "casefile-e2e-db-"));
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), DEMO_DATA_DIR: dataDir, DEMO_DB_PORT: "0", DEMO_SMTP_PORT: "0" };
  // The demo refuses real credentials and production mode; its own .env.demo supplies the public demo values.
  for (const name of ["SHOPIFY_API_KEY", "SHOPIFY_API_SECRET", "DATABASE_URL", "NODE_ENV", "SHOPIFY_APP_URL"]) delete env[name];
  log(`Starting the demo on port ${port} (data in ${dataDir}) …`);
  const logFile = path.join(root, "e2e", "artifacts", "demo.log");
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const out = fs.openSync(logFile, "w");
  demo = spawn(bin("tsx"), ["scripts/demo.ts"], { env, detached: true, stdio: ["ignore", out, out] });
  fs.closeSync(out);
  const baseUrl = `http://localhost:${port}`;
  try {
    await waitForHealth(baseUrl, 120_000);
  } catch (error) {
    console.error(fs.readFileSync(logFile, "utf8").split("\n").slice(-40).join("\n"));
    throw error;
  }
  // /healthz answers as soon as the server listens, which is after the seed: ready.
  log(`Demo ready at ${baseUrl} after ${((Date.now() - started) / 1000).toFixed(1)}s (log: e2e/artifacts/demo.log).`);
  return baseUrl;
}

async function main() {
  if (!fs.existsSync(process.env.E2E_CHROMIUM || "/usr/bin/chromium")) {
    fail("Chromium is missing: run `bash scripts/ensure-chromium.sh` (installs Debian's chromium with apt-get).");
  }
  const baseUrl = process.env.E2E_BASE_URL || (await startDemo());
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
