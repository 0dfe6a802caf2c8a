// Starts `scripts/demo.ts` as a child process for scripts that drive the demo from outside: the browser tests
// (scripts/e2e.ts) and the browser benchmark (scripts/bench/vitals.ts).
//
// 1. Builds the app once (`remix vite:build`) unless build/ is newer than every source file (E2E_SKIP_BUILD=1 skips).
// 2. Starts the demo on a free port with a fresh temporary PGlite data dir (seeded from scratch), its output in
//    `logFile`, in its own process group.
// 3. Waits for /healthz (it answers once the seed is done).
// stopDemo() stops the whole process group and deletes the data dir; it also runs on Ctrl+C and on exit, so a
// demo is never left behind.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fail, log } from "./log";

export const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..", "..");
export const bin = (name: string) => path.join(root, "node_modules", ".bin", name);
/** Debian's Chromium (scripts/ensure-chromium.sh), or E2E_CHROMIUM. */
export const CHROMIUM = process.env.E2E_CHROMIUM || "/usr/bin/chromium";
// The project's Node (node_modules/.bin/node) for every child, also when this runs outside npm.
process.env.PATH = `${path.join(root, "node_modules", ".bin")}${path.delimiter}${process.env.PATH ?? ""}`;

let demo: ChildProcess | undefined;
let dataDir: string | undefined;
let stopping: Promise<void> | undefined;

export function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function stopDemo(): Promise<void> {
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

export function freePort(): Promise<number> {
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

export function buildIfStale() {
  // REMIX_BUILD_DIR: the build directory remix.config.js and scripts/demo.ts use instead of build/.
  const serverBuild = path.join(path.resolve(root, process.env.REMIX_BUILD_DIR || "build"), "server", "index.js");
  const sources = Math.max(newestMtime(path.join(root, "app")), ...["vite.config.ts", "package-lock.json"].map((f) => fs.statSync(path.join(root, f)).mtimeMs));
  if (process.env.E2E_SKIP_BUILD !== "1" && (!fs.existsSync(serverBuild) || fs.statSync(serverBuild).mtimeMs < sources)) {
    log("Building the app (remix vite:build) …");
    const result = spawnSync(bin("remix"), ["vite:build"], { cwd: root, stdio: ["ignore", "inherit", "inherit"] });
    if (result.status !== 0) fail("The build failed (see above); the demo needs a build of the app.");
  } else {
    log(process.env.E2E_SKIP_BUILD === "1" ? "E2E_SKIP_BUILD=1: using the existing build/ as it is." : "Reusing the existing build/ (newer than app/).");
  }
}

async function waitForHealth(baseUrl: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (demo && demo.exitCode !== null) throw new Error(`The demo exited (code ${demo.exitCode}) before it was ready; the end of its log is above.`);
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

/** Builds if stale, starts the demo and resolves with its base URL once /healthz answers. */
export async function startDemo(options: { logFile: string; dataDirPrefix?: string }): Promise<string> {
  const started = Date.now();
  buildIfStale();
  const port = await freePort();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), options.dataDirPrefix ?? "casefile-demo-db-"));
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), DEMO_DATA_DIR: dataDir, DEMO_DB_PORT: "0", DEMO_SMTP_PORT: "0" };
  // The demo refuses real credentials and production mode; its own .env.demo supplies the public demo values.
  for (const name of ["SHOPIFY_API_KEY", "SHOPIFY_API_SECRET", "DATABASE_URL", "NODE_ENV", "SHOPIFY_APP_URL"]) delete env[name];
  log(`Starting the demo on port ${port} (data in ${dataDir}) …`);
  fs.mkdirSync(path.dirname(options.logFile), { recursive: true });
  const out = fs.openSync(options.logFile, "w");
  demo = spawn(bin("tsx"), ["scripts/demo.ts"], { cwd: root, env, detached: true, stdio: ["ignore", out, out] });
  fs.closeSync(out);
  const baseUrl = `http://localhost:${port}`;
  try {
    await waitForHealth(baseUrl, 120_000);
  } catch (error) {
    console.error(fs.readFileSync(options.logFile, "utf8").split("\n").slice(-40).join("\n"));
    throw error;
  }
  // /healthz answers as soon as the server listens, which is after the seed: ready.
  log(`Demo ready at ${baseUrl} after ${((Date.now() - started) / 1000).toFixed(1)}s (log: ${path.relative(root, options.logFile)}).`);
  return baseUrl;
}
