// `npm run test:faults`: the webhook fault suite (docs/faults.md, docs/decisions/0019-fault-suite.md).
// While a burst of signed webhooks reaches the production build, PostgreSQL is restarted and the worker is killed
// with SIGKILL (and started again, as a supervisor would). Afterwards every acknowledged delivery must be applied
// exactly once, every refused one must not be; the refused ones are then re-sent (Shopify's retry) and must apply
// exactly once too. Exits 1 with the precise violations otherwise.
//
// PostgreSQL: a cluster of its own (`casefile_faults`, port 5439, created with Debian's pg_createcluster when
// missing), never the machine's `main` cluster, which CI and parallel test runs share.
// FAULTS_TOTAL (10000), FAULTS_ORDERS (300), FAULTS_CONCURRENCY (50), FAULTS_STALL_TIMEOUT (seconds without progress, 120), FAULTS_DRAIN_TIMEOUT (seconds, 1800),
// FAULTS_PG_PORT (5439), FAULTS_RECORD=0 (do not write docs/faults.md), FAULTS_SKIP_BUILD=1.
import { execFile, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { migrateJobSchema } from "../../app/jobs/graphile.server";
import { fmt, recreateDatabase, signedDelivery, sql, startProcess, waitForHealthy } from "../bench/lib";
import { checkInbox, compareMirror, expectedMirror, payloadOf, planDeliveries, type InboxRow, type MirrorState, type PlannedDelivery } from "./webhook-plan";

const run = promisify(execFile);

const CLUSTER = "casefile_faults";
const PG_PORT = Number(process.env.FAULTS_PG_PORT || 5439);
const SERVER = `postgresql://postgres@127.0.0.1:${PG_PORT}/postgres`;
const DB = "casefile_faults";
const URL_ = `postgresql://postgres@127.0.0.1:${PG_PORT}/${DB}`;
const SHOP = "faults-shop.myshopify.com";
const SECRET = "faults-secret";
const TOTAL = Number(process.env.FAULTS_TOTAL || 10_000);
const ORDERS = Number(process.env.FAULTS_ORDERS || 300);
const CONCURRENCY = Number(process.env.FAULTS_CONCURRENCY || 50);
/** Draining fails when the number of unfinished deliveries has not gone down for this long (stuck, not slow). */
const STALL_TIMEOUT_MS = Number(process.env.FAULTS_STALL_TIMEOUT || 120) * 1000;
const DRAIN_TIMEOUT_MS = Number(process.env.FAULTS_DRAIN_TIMEOUT || 1800) * 1000;
/** Share of duplicate requests (a delivery sent again with the same X-Shopify-Webhook-Id, as Shopify does). */
const DUPLICATE_SHARE = 0.02;
/**
 * When the faults strike, as a share of the burst's requests sent: first the database restart, while the first worker
 * is busy (it must survive it, or be restarted by the supervisor), then the SIGKILL of the worker then running.
 */
const RESTART_DB_AT = 0.3;
const KILL_WORKER_AT = 0.6;
const APP_PORT = Number(process.env.FAULTS_APP_PORT || 3951);
const LOG_DIR = path.resolve(os.tmpdir(), "casefile-faults");
/** A busy machine can take a minute or more to start a process that first checks the migrations. */
const START_TIMEOUT_MS = 300_000;

const appEnv = {
  NODE_ENV: "production",
  DATABASE_URL: URL_,
  SHOPIFY_API_KEY: "faults-key",
  SHOPIFY_API_SECRET: SECRET,
  SHOPIFY_APP_URL: "https://faults.example.com",
  DEMO_MODE: "0",
};

const log = (message: string) => console.log(`[faults ${new Date().toISOString().slice(11, 19)}] ${message}`);

// ───────────────────────────── The dedicated cluster ─────────────────────────────

function postgresVersion(): string {
  if (process.env.FAULTS_PG_VERSION) return process.env.FAULTS_PG_VERSION;
  const versions = fs.existsSync("/etc/postgresql") ? fs.readdirSync("/etc/postgresql").filter((v) => /^\d+$/.test(v)) : [];
  if (versions.length === 0) throw new Error("No PostgreSQL cluster configuration in /etc/postgresql: this suite needs Debian's postgresql-common (pg_createcluster).");
  return versions.sort((a, b) => Number(b) - Number(a))[0];
}

async function clusterStatus(version: string): Promise<"online" | "down" | "missing"> {
  const { stdout } = await run("pg_lsclusters", ["--no-header"]);
  const line = stdout.split("\n").map((l) => l.trim().split(/\s+/)).find((cols) => cols[0] === version && cols[1] === CLUSTER);
  if (!line) return "missing";
  return line[3] === "online" ? "online" : "down";
}

/** pg_ctlcluster for our cluster only (never `main`), straight to pg_ctl (no systemd on this kind of machine). */
function pgCtl(version: string, action: "start" | "restart" | "stop") {
  return run("pg_ctlcluster", ["--skip-systemctl-redirect", version, CLUSTER, action], { timeout: 120_000 });
}

/**
 * Creates the cluster when it is missing and makes its access explicit whatever initdb's defaults were: trust for
 * local and loopback connections only (a throwaway cluster for this suite), listening on 127.0.0.1:PG_PORT.
 */
async function ensureCluster(version: string): Promise<void> {
  const confDir = `/etc/postgresql/${version}/${CLUSTER}`;
  if ((await clusterStatus(version)) === "missing") {
    log(`Creating PostgreSQL ${version} cluster "${CLUSTER}" on port ${PG_PORT} (pg_createcluster) …`);
    await run("pg_createcluster", ["--start-conf", "manual", "-p", String(PG_PORT), version, CLUSTER, "--", "--auth=trust"], { timeout: 120_000 });
  }
  fs.mkdirSync(path.join(confDir, "conf.d"), { recursive: true });
  const settings = `# Written by scripts/faults/webhook-faults.ts: the fault suite's own cluster.\nlisten_addresses = '127.0.0.1'\nport = ${PG_PORT}\nmax_connections = 100\n`;
  const hba =
    "# Written by scripts/faults/webhook-faults.ts: a throwaway cluster reachable from this machine only.\n" +
    "local all all trust\nhost all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\n";
  const settingsFile = path.join(confDir, "conf.d", "casefile-faults.conf");
  const hbaFile = path.join(confDir, "pg_hba.conf");
  const changed = readOr(settingsFile) !== settings || readOr(hbaFile) !== hba;
  // postgresql.conf of Debian's clusters includes conf.d; make sure it does here too.
  const mainConf = path.join(confDir, "postgresql.conf");
  if (!/^\s*include_dir\s*=\s*'conf\.d'/m.test(readOr(mainConf))) fs.appendFileSync(mainConf, "\ninclude_dir = 'conf.d'\n");
  fs.writeFileSync(settingsFile, settings);
  fs.writeFileSync(hbaFile, hba);
  const status = await clusterStatus(version);
  if (status === "down") {
    log(`Starting cluster ${version}/${CLUSTER} …`);
    await pgCtl(version, "start");
  } else if (changed) {
    log(`Restarting cluster ${version}/${CLUSTER} to apply its settings …`);
    await pgCtl(version, "restart");
  }
  await waitForPostgres();
  const { rows } = await sql<{ port: string }>(SERVER, "SHOW port");
  if (Number(rows[0].port) !== PG_PORT) throw new Error(`Cluster ${CLUSTER} answers on port ${rows[0].port}, expected ${PG_PORT}`);
}

function readOr(file: string): string {
  return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
}

async function waitForPostgres(timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await sql(SERVER, "SELECT 1");
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`PostgreSQL on port ${PG_PORT} did not answer: ${error instanceof Error ? error.message : error}`);
      await sleep(250);
    }
  }
}

// ───────────────────────────── Build and processes ─────────────────────────────

function newestMtime(target: string): number {
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of fs.readdirSync(target, { withFileTypes: true })) {
    if (entry.name === "generated" || entry.name === "node_modules") continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry.name)));
  }
  return newest;
}

/** `npm run build` unless build/ (the Remix server build and the two bundles) is newer than every source. */
function buildIfStale(): void {
  const outputs = ["build/server/index.js", "build/start.mjs", "build/worker.mjs"];
  const sources = Math.max(...["app", "scripts/start.ts", "scripts/worker.ts", "scripts/lib", "vite.config.ts", "package-lock.json"].map(newestMtime));
  const built = outputs.every((f) => fs.existsSync(f)) ? Math.min(...outputs.map((f) => fs.statSync(f).mtimeMs)) : 0;
  if (process.env.FAULTS_SKIP_BUILD === "1" || built > sources) {
    log("Reusing the existing build/ (newer than its sources).");
    return;
  }
  log("Building (npm run build) …");
  const result = spawnSync("npm", ["run", "build", "--silent"], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) {
    console.error(`${result.stdout}\n${result.stderr}`.trim().split("\n").slice(-40).join("\n"));
    throw new Error("npm run build failed (its last lines are above)");
  }
}

/** Every process the suite started; none may outlive it, however it ends. */
const children = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => process.exit(130));

/** A child's output, appended to a log file under LOG_DIR (the report names it when something goes wrong). */
function keepLog(child: ChildProcess, name: string): void {
  children.add(child);
  child.once("exit", () => children.delete(child));
  const file = fs.createWriteStream(path.join(LOG_DIR, `${name}.log`), { flags: "a" });
  child.stdout?.on("data", (chunk: Buffer) => file.write(chunk));
  child.stderr?.on("data", (chunk: Buffer) => file.write(chunk));
  child.once("exit", (code, signal) => file.end(`\n[exited: code ${code}, signal ${signal}]\n`));
}

/**
 * The two production bundles, copied where another `remix vite:build` in the same tree (it empties build/) cannot
 * remove them while the suite runs: a worker is started again mid-run. They resolve packages from node_modules
 * above and read build/server once, at start.
 */
const BUNDLES = path.resolve(".cache/faults");
function snapshotBundles(): void {
  fs.mkdirSync(BUNDLES, { recursive: true });
  for (const name of ["start.mjs", "start.mjs.map", "worker.mjs", "worker.mjs.map"]) {
    if (fs.existsSync(path.join("build", name))) fs.copyFileSync(path.join("build", name), path.join(BUNDLES, name));
  }
}

/** What `npm start` runs (WORKER=0: a web-only instance, the worker is a separate process). */
async function startWeb(): Promise<ChildProcess> {
  const child = await startProcess(path.join(BUNDLES, "start.mjs"), { ...appEnv, PORT: String(APP_PORT), WORKER: "0" }, /Listening on port/, START_TIMEOUT_MS);
  keepLog(child, "web");
  return child;
}

/** What `npm run worker` runs. */
async function startWorker(n: number): Promise<ChildProcess> {
  const child = await startProcess(path.join(BUNDLES, "worker.mjs"), { ...appEnv }, /Job worker started/, START_TIMEOUT_MS);
  keepLog(child, `worker-${n}`);
  return child;
}

/**
 * Keeps one worker running like a process supervisor (systemd's Restart=always, a Kubernetes Deployment): a worker
 * that exits is started again. `kill()` SIGKILLs the current one (no chance to release its jobs).
 */
class WorkerSupervisor {
  current: ChildProcess | undefined;
  started = 0;
  kills = 0;
  unexpectedExits: string[] = [];
  private stopping = false;
  private killing = false;

  async start(): Promise<void> {
    this.started++;
    const child = await startWorker(this.started);
    this.current = child;
    child.once("exit", (code, signal) => {
      if (this.stopping || this.killing) return;
      this.unexpectedExits.push(`worker ${this.started} exited (code ${code}, signal ${signal}); see ${path.join(LOG_DIR, `worker-${this.started}.log`)}`);
      log(`Worker exited on its own (code ${code}, signal ${signal}); the supervisor starts another.`);
      void this.startWithRetries();
    });
  }

  /** Starts a worker, trying again (like a supervisor's restart policy) while starting fails. */
  private async startWithRetries(): Promise<void> {
    for (let attempt = 1; attempt <= 5 && !this.stopping; attempt++) {
      try {
        await this.start();
        return;
      } catch (error) {
        this.unexpectedExits.push(`worker ${this.started} did not start: ${error instanceof Error ? error.message.split("\n").filter(Boolean).slice(0, 4).join(" | ").slice(0, 400) : error}`);
        await sleep(1000);
      }
    }
  }

  async kill(): Promise<void> {
    const child = this.current!;
    this.killing = true;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
    this.kills++;
    this.killing = false;
    log(`Worker ${this.started} killed with SIGKILL (pid ${child.pid}); starting a new one.`);
    await this.startWithRetries();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await stopChild(this.current);
  }
}

async function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await Promise.race([exited, sleep(10_000)]);
  if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
}

// ───────────────────────────── Sending ─────────────────────────────

type Answer = { status: number } | { error: string };

function deliver(agent: http.Agent, d: PlannedDelivery): Promise<Answer> {
  const signed = signedDelivery(SHOP, d.topic, payloadOf(d) as object, SECRET);
  const headers = { ...signed.headers, "x-shopify-webhook-id": d.webhookId, "x-shopify-event-id": d.eventId, "x-shopify-triggered-at": d.updatedAt };
  return new Promise((resolve) => {
    const req = http.request(
      { host: "127.0.0.1", port: APP_PORT, path: `/webhooks/${d.topic}`, method: "POST", agent, headers, timeout: 30_000 },
      (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode ?? 0 }));
        res.on("error", (error) => resolve({ error: error.message }));
      },
    );
    req.on("timeout", () => req.destroy(new Error("timed out after 30 s")));
    req.on("error", (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    req.end(signed.body);
  });
}

interface SendStats {
  requests: number;
  acked: number;
  refused: Map<number, number>;
  errors: Map<string, number>;
  /** 2xx answers after the restart had finished. */
  ackedAfterRestart: number;
}

/**
 * Sends `requests` with at most CONCURRENCY in flight; `onProgress(sent)` runs after each request is sent (the faults
 * hang on it). Records every webhook id that got a 2xx in `acknowledged`.
 */
async function sendAll(
  requests: PlannedDelivery[],
  acknowledged: Set<string>,
  onProgress: (sent: number) => void,
  afterRestart: () => boolean,
): Promise<SendStats> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const stats: SendStats = { requests: requests.length, acked: 0, refused: new Map(), errors: new Map(), ackedAfterRestart: 0 };
  let next = 0;
  const lane = async () => {
    while (next < requests.length) {
      const d = requests[next++];
      onProgress(next);
      const answer = await deliver(agent, d);
      if ("status" in answer && answer.status >= 200 && answer.status < 300) {
        acknowledged.add(d.webhookId);
        stats.acked++;
        if (afterRestart()) stats.ackedAfterRestart++;
      } else if ("status" in answer) stats.refused.set(answer.status, (stats.refused.get(answer.status) ?? 0) + 1);
      else stats.errors.set(answer.error, (stats.errors.get(answer.error) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  agent.destroy();
  return stats;
}

const describeCounts = (m: Map<string | number, number>) => (m.size ? [...m].map(([k, n]) => `${fmt(n)}× ${k}`).join(", ") : "none");

// ───────────────────────────── Draining and reading back ─────────────────────────────

/** Waits until no delivery is waiting or being processed; returns the seconds it took, or throws with what is stuck. */
async function drain(label: string): Promise<number> {
  const started = Date.now();
  let lastReport = 0;
  let lowest = Infinity;
  let progressAt = Date.now();
  for (;;) {
    let pending = -1;
    try {
      const { rows } = await sql<{ pending: string }>(URL_, `SELECT count(*) AS pending FROM "WebhookEvent" WHERE state IN ('RECEIVED', 'PROCESSING')`);
      pending = Number(rows[0].pending);
    } catch {
      // The database is restarting: ask again.
    }
    if (pending === 0) return (Date.now() - started) / 1000;
    if (pending >= 0 && pending < lowest) {
      lowest = pending;
      progressAt = Date.now();
    }
    if (Date.now() - lastReport > 10_000) {
      lastReport = Date.now();
      log(`${label}: ${pending < 0 ? "?" : fmt(pending)} deliveries waiting or in progress …`);
    }
    const stalled = Date.now() - progressAt > STALL_TIMEOUT_MS;
    if (stalled || Date.now() - started > DRAIN_TIMEOUT_MS) {
      const why = stalled ? `no progress for ${STALL_TIMEOUT_MS / 1000} s` : `not done after ${DRAIN_TIMEOUT_MS / 1000} s`;
      const { rows } = await sql<{ webhookId: string; topic: string; state: string; attempts: number; lastError: string | null; locked_by: string | null; locked_at: Date | null; run_at: Date | null; job_attempts: number | null }>(
        URL_,
        `SELECT e."webhookId", e.topic, e.state, e.attempts, e."lastError", j.locked_by, j.locked_at, j.run_at, j.attempts AS job_attempts
         FROM "WebhookEvent" e LEFT JOIN graphile_worker.jobs j ON j.key = 'webhook:' || e.id::text
         WHERE e.state IN ('RECEIVED', 'PROCESSING') ORDER BY e."receivedAt" LIMIT 10`,
      );
      const lines = rows.map(
        (r) =>
          `  ${r.topic} ${r.webhookId}: ${r.state}, ${r.attempts} attempts; job ${r.locked_by ? `locked by ${r.locked_by} since ${r.locked_at?.toISOString()}` : r.run_at ? `due ${r.run_at.toISOString()} (attempt ${r.job_attempts})` : "missing"}${r.lastError ? `; last error: ${r.lastError}` : ""}`,
      );
      throw new Violation(`${label}: ${fmt(pending)} stored deliveries not processed (${why}):\n${lines.join("\n")}`);
    }
    await sleep(500);
  }
}

class Violation extends Error {}

async function readInbox(): Promise<Map<string, InboxRow & { attempts: number }>> {
  const { rows } = await sql<{ webhookId: string; state: string; lastError: string | null; attempts: number }>(
    URL_,
    `SELECT "webhookId", state, "lastError", attempts FROM "WebhookEvent" WHERE "shopDomain" = $1`,
    [SHOP],
  );
  return new Map(rows.map((r) => [r.webhookId, r]));
}

async function readMirror(): Promise<MirrorState> {
  const shop = `(SELECT id FROM "Shop" WHERE domain = $1)`;
  const orders = await sql<{ id: string; updated: Date; note: string | null; lines: string }>(
    URL_,
    `SELECT o."shopifyId"::text AS id, o."shopifyUpdatedAt" AS updated, o.note,
            (SELECT count(*) FROM "LineItem" l WHERE l."orderId" = o.id) AS lines
     FROM "Order" o WHERE o."shopId" = ${shop}`,
    [SHOP],
  );
  const fulfillments = await sql<{ id: string; order: string; updated: Date; lines: string }>(
    URL_,
    `SELECT f."shopifyId"::text AS id, o."shopifyId"::text AS order, f."shopifyUpdatedAt" AS updated,
            (SELECT count(*) FROM "FulfillmentLineItem" l WHERE l."fulfillmentId" = f.id) AS lines
     FROM "Fulfillment" f JOIN "Order" o ON o.id = f."orderId" WHERE f."shopId" = ${shop}`,
    [SHOP],
  );
  const refunds = await sql<{ id: string; order: string; lines: string }>(
    URL_,
    `SELECT r."shopifyId"::text AS id, o."shopifyId"::text AS order,
            (SELECT count(*) FROM "RefundLineItem" l WHERE l."refundId" = r.id) AS lines
     FROM "Refund" r JOIN "Order" o ON o.id = r."orderId" WHERE r."shopId" = ${shop}`,
    [SHOP],
  );
  return {
    orders: new Map(orders.rows.map((r) => [r.id, { updatedAt: r.updated.getTime(), note: r.note, lineItems: Number(r.lines) }])),
    fulfillments: new Map(fulfillments.rows.map((r) => [r.id, { orderId: r.order, updatedAt: r.updated.getTime(), lines: Number(r.lines) }])),
    refunds: new Map(refunds.rows.map((r) => [r.id, { orderId: r.order, lines: Number(r.lines) }])),
  };
}

/** Inbox and mirror against the deliveries stored so far; returns the problems (empty: exactly once). */
async function verify(plan: PlannedDelivery[], acknowledged: Set<string>) {
  const inbox = await readInbox();
  const { problems, storedUnacknowledged } = checkInbox(plan, acknowledged, inbox);
  const stored = plan.filter((d) => inbox.has(d.webhookId));
  const expected = expectedMirror(stored);
  const actual = await readMirror();
  problems.push(...compareMirror(expected, actual));
  const retried = [...inbox.values()].filter((r) => r.attempts > 1).length;
  return { problems, storedUnacknowledged, stored: stored.length, expected, retried };
}

// ───────────────────────────── The run ─────────────────────────────

async function main(): Promise<void> {
  const began = Date.now();
  const loadAtStart = os.loadavg()[0].toFixed(1);
  fs.rmSync(LOG_DIR, { recursive: true, force: true });
  fs.mkdirSync(LOG_DIR, { recursive: true });
  const version = postgresVersion();
  await ensureCluster(version);
  log(`PostgreSQL ${version}/${CLUSTER} on 127.0.0.1:${PG_PORT}: fresh database ${DB} …`);
  await recreateDatabase(SERVER, DB, URL_);
  await migrateJobSchema(URL_);
  // The shop is installed; it has no offline session on purpose: nothing here may reach the real Admin API.
  await sql(URL_, `INSERT INTO "Shop" (id, domain, "updatedAt") VALUES (gen_random_uuid(), $1, now())`, [SHOP]);
  buildIfStale();
  snapshotBundles();

  const plan = planDeliveries({ total: TOTAL, orders: ORDERS, wave: 30 });
  // Duplicates: a delivery sent again shortly after itself (same webhook id, same body), as Shopify sometimes does.
  const requests: PlannedDelivery[] = [];
  const dupEvery = Math.round(1 / DUPLICATE_SHARE);
  plan.forEach((d, i) => {
    requests.push(d);
    if (i % dupEvery === dupEvery - 1) requests.push(plan[Math.max(0, i - 20)]);
  });

  const web = await startWeb();
  const supervisor = new WorkerSupervisor();
  let exitCode = 0;
  try {
    await waitForHealthy(APP_PORT, (b) => (b.database?.migrations?.applied ?? 0) > 0);
    await supervisor.start();
    log(`Web (pid ${web.pid}) on :${APP_PORT} and worker (pid ${supervisor.current?.pid}) up. Logs: ${LOG_DIR}`);

    const acknowledged = new Set<string>();
    let killAt = Math.floor(requests.length * KILL_WORKER_AT);
    let restartAt = Math.floor(requests.length * RESTART_DB_AT);
    let restart: { started: number; finished?: number; promise: Promise<void> } | undefined;
    let kill: Promise<void> | undefined;
    log(`Burst: ${fmt(plan.length)} distinct deliveries + ${fmt(requests.length - plan.length)} duplicates, ${CONCURRENCY} in flight; restart PostgreSQL at ${fmt(restartAt)}, SIGKILL the worker at ${fmt(killAt)} …`);
    const burstStart = Date.now();
    const burst = await sendAll(
      requests,
      acknowledged,
      (sent) => {
        // The kill waits for the database to be back, so that the two faults are seen apart.
        if (sent >= killAt && restart?.finished !== undefined) {
          killAt = Infinity;
          kill = supervisor.kill();
        }
        if (sent >= restartAt) {
          restartAt = Infinity;
          log(`Restarting PostgreSQL (pg_ctlcluster ${version} ${CLUSTER} restart) …`);
          const started = Date.now();
          restart = {
            started,
            promise: pgCtl(version, "restart").then(() => {
              restart!.finished = Date.now();
              log(`PostgreSQL restarted in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
            }),
          };
        }
      },
      () => restart?.finished !== undefined,
    );
    const burstSeconds = (Date.now() - burstStart) / 1000;
    await kill;
    await restart?.promise;
    log(`Burst done in ${burstSeconds.toFixed(1)} s: ${fmt(burst.acked)} acknowledged, refused ${describeCounts(burst.refused)}, connection errors ${describeCounts(burst.errors)}.`);

    const violations: string[] = [];
    if (!restart || !kill) violations.push("the burst ended before both faults were injected");
    if (web.exitCode !== null || web.signalCode !== null) violations.push(`the web server exited during the burst (code ${web.exitCode}, signal ${web.signalCode}); see ${LOG_DIR}/web.log`);
    if (burst.ackedAfterRestart === 0) violations.push("no delivery was acknowledged after PostgreSQL came back: the web server did not recover");

    const drain1 = await drain("after the burst");
    log(`Drained in ${drain1.toFixed(1)} s after the burst.`);
    const first = await verify(plan, acknowledged);
    violations.push(...first.problems.map((p) => `after the burst: ${p}`));

    // Shopify retries what was not acknowledged (same webhook id, same body), until it is.
    const retryStart = Date.now();
    const retryRounds: string[] = [];
    for (let round = 1; round <= 5; round++) {
      const missing = plan.filter((d) => !acknowledged.has(d.webhookId));
      if (missing.length === 0) break;
      const stats = await sendAll(missing, acknowledged, () => {}, () => true);
      retryRounds.push(`round ${round}: ${fmt(stats.acked)}/${fmt(missing.length)} acknowledged`);
      if (stats.acked < missing.length) await sleep(1000);
    }
    const stillRefused = plan.filter((d) => !acknowledged.has(d.webhookId)).length;
    if (stillRefused) violations.push(`${fmt(stillRefused)} deliveries were still refused after 5 retry rounds with the database up`);
    const drain2 = await drain("after the retries");
    const second = await verify(plan, acknowledged);
    violations.push(...second.problems.map((p) => `after the retries: ${p}`));
    if (second.stored !== plan.length) violations.push(`after the retries: ${fmt(second.stored)} of ${fmt(plan.length)} deliveries in the inbox`);
    if (web.exitCode !== null || web.signalCode !== null) violations.push(`the web server exited (code ${web.exitCode}, signal ${web.signalCode})`);
    if (!supervisor.current || supervisor.current.exitCode !== null) violations.push("no worker running at the end");
    const retrySeconds = (Date.now() - retryStart) / 1000;

    const refusedIds = plan.length - first.stored + first.storedUnacknowledged.length;
    const report = {
      date: new Date().toISOString(),
      machine: `${os.cpus().length} cores, load average ${loadAtStart} when the suite started (other work on the machine slows both the burst and the drain)`,
      burst: `${fmt(plan.length)} distinct deliveries (${fmt(ORDERS)} orders: orders/create, orders/updated, fulfillments/create, fulfillments/update, refunds/create) + ${fmt(requests.length - plan.length)} duplicate requests, ${CONCURRENCY} in flight, ${burstSeconds.toFixed(1)} s (${fmt(requests.length / burstSeconds)} req/s)`,
      answers: `${fmt(burst.acked)} acknowledged (2xx); refused: ${describeCounts(burst.refused)}; connection errors: ${describeCounts(burst.errors)}`,
      faults: `worker SIGKILLed ${supervisor.kills}× and started again (workers started: ${supervisor.started}; exits on their own: ${supervisor.unexpectedExits.length}); PostgreSQL restarted 1× in ${restart?.finished ? ((restart.finished - restart.started) / 1000).toFixed(1) : "?"} s; web server alive throughout: ${web.exitCode === null && web.signalCode === null ? "yes" : "NO"}`,
      afterBurst: `drained in ${drain1.toFixed(1)} s; ${fmt(first.stored)} deliveries stored (${fmt(first.storedUnacknowledged.length)} of them stored although the answer was not 2xx); ${fmt(plan.length - first.stored)} not stored (${fmt(refusedIds)} distinct deliveries not acknowledged); deliveries that took more than one attempt (the killed worker's, the restart's): ${fmt(first.retried)}; mirror: ${fmt(first.expected.orders.size)} orders, ${fmt(first.expected.fulfillments.size)} fulfillments, ${fmt(first.expected.refunds.size)} refunds, as expected: ${first.problems.length === 0 ? "yes" : "NO"}`,
      afterRetries: `${retryRounds.join("; ") || "nothing to retry"}; drained in ${drain2.toFixed(1)} s; mirror: ${fmt(second.expected.orders.size)} orders, ${fmt(second.expected.fulfillments.size)} fulfillments, ${fmt(second.expected.refunds.size)} refunds, as expected: ${second.problems.length === 0 ? "yes" : "NO"} (${retrySeconds.toFixed(1)} s)`,
      total: `${((Date.now() - began) / 1000).toFixed(0)} s end to end`,
      workerExits: supervisor.unexpectedExits.join("; ") || "none",
      violations,
    };
    console.log(`\nWebhook fault suite\n${Object.entries(report).filter(([k]) => k !== "violations").map(([k, v]) => `  ${k}: ${v}`).join("\n")}`);
    if (violations.length) {
      console.error(`\nFAILED: ${violations.length} violation(s):\n${violations.map((v) => `  - ${v}`).join("\n")}\nProcess logs: ${LOG_DIR}`);
      exitCode = 1;
    } else {
      console.log("\nOK: every acknowledged delivery applied exactly once; every refused one applied once Shopify's retry was acknowledged.");
    }
    if (process.env.FAULTS_RECORD !== "0") recordRun(report, exitCode === 0);
  } catch (error) {
    if (error instanceof Violation) {
      console.error(`\nFAILED: ${error.message}\nProcess logs: ${LOG_DIR}`);
      exitCode = 1;
    } else throw error;
  } finally {
    await supervisor.stop();
    await stopChild(web);
  }
  process.exitCode = exitCode;
}

/** Replaces the "last run" section of docs/faults.md. */
function recordRun(report: Record<string, unknown>, ok: boolean): void {
  const file = path.resolve("docs/faults.md");
  const start = "<!-- faults:webhooks:start -->";
  const end = "<!-- faults:webhooks:end -->";
  const lines = Object.entries(report)
    .filter(([k]) => k !== "violations")
    .map(([k, v]) => `- **${k}**: ${v}`);
  const block = `${start}\n### Last run (${ok ? "passed" : "FAILED"})\n\n${lines.join("\n")}\n${end}`;
  const current = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "# Fault suites\n";
  fs.writeFileSync(file, current.includes(start) ? current.replace(new RegExp(`${start}[\\s\\S]*?${end}`), block) : `${current.trimEnd()}\n\n${block}\n`);
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error) => {
    console.error(error);
    process.exit(2);
  },
);
