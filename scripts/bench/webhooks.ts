// `npm run bench:webhooks`: acknowledgement latency and throughput of POST /webhooks/<topic> (the production
// build, on PostgreSQL) next to a bare node:http handler doing the same HMAC check and one INSERT into the
// same table, measured in the same run. Writes the figures to docs/benchmarks.md (BENCH_RECORD=0 to skip writing)
// and the headline figures to .bench/webhooks.json (for `npm run bench`). BENCH_SECONDS (default 10) per phase.
import os from "node:os";
import { migrateJobSchema } from "../../app/jobs/graphile.server";
import { fixedRate, recordSection, saturation, signedDelivery, startProcess, waitForHealthy, type Target, sql, recreateDatabase } from "./lib";
import { triple, writeResult } from "./results";

const SERVER = process.env.BENCH_DATABASE_SERVER || "postgresql://postgres@127.0.0.1:5432/postgres";
const DB = "casefile_bench_webhooks";
const url = Object.assign(new URL(SERVER), { pathname: `/${DB}` }).toString();
const SHOP = "bench-shop.myshopify.com";
const SECRET = "bench-secret";
const RATE = 200;
const RATE_SECONDS = Number(process.env.BENCH_SECONDS || 10);
const SATURATION_SECONDS = Number(process.env.BENCH_SECONDS || 10);
const CONNECTIONS = 50;


async function main() {
  await recreateDatabase(SERVER, DB, url);
  await migrateJobSchema(url);
  await sql(url, `INSERT INTO "Shop" (id, domain, "updatedAt") VALUES (gen_random_uuid(), $1, now())`, [SHOP]);
  await sql(url, `INSERT INTO "Session" (id, shop, state, "isOnline", scope, "accessToken") VALUES ($1, $2, 'bench', false, 'read_orders', 'shpat_bench')`, [`offline_${SHOP}`, SHOP]);

  const order = { id: 5_000_000_000_001, name: "#1001", email: "buyer@example.com", updated_at: new Date().toISOString(), line_items: [{ id: 1, title: "Trail Jacket", quantity: 1, price: "149.00" }], total_price: "149.00", currency: "USD" };
  const delivery = signedDelivery(SHOP, "orders/updated", order, SECRET);

  const barePort = 3901;
  const appPort = 3902;
  const bare = await startProcess("scripts/bench/bare-webhook-server.ts", { DATABASE_URL: url, SHOPIFY_API_SECRET: SECRET, PORT: String(barePort) }, /ready/);
  const app = await startProcess(
    "build/start.mjs",
    { NODE_ENV: "production", DATABASE_URL: url, SHOPIFY_API_KEY: "bench-key", SHOPIFY_API_SECRET: SECRET, SHOPIFY_APP_URL: "https://bench.example.com", PORT: String(appPort), WORKER: "0", DEMO_MODE: "0" },
    /Listening on port/,
  );
  try {
    await waitForHealthy(appPort, (b) => (b.database?.migrations?.applied ?? 0) > 0);
    const targets: Target[] = [
      { name: "bare node:http (HMAC + INSERT)", port: barePort, path: "/webhooks/orders/updated" },
      { name: "app: POST /webhooks/orders/updated", port: appPort, path: "/webhooks/orders/updated" },
    ];
    // Warm up both (JIT, pools, prepared plans).
    for (const t of targets) await fixedRate(t, delivery, 100, 2);

    const rows: string[] = [];
    const results: Record<string, { rate: Awaited<ReturnType<typeof fixedRate>>; sat: Awaited<ReturnType<typeof saturation>> }> = {};
    for (const t of targets) {
      await sql(url, `TRUNCATE "WebhookEvent"`);
      const rate = await fixedRate(t, delivery, RATE, RATE_SECONDS);
      const sat = await saturation(t, delivery, CONNECTIONS, SATURATION_SECONDS);
      results[t.name] = { rate, sat };
      rows.push(
        `| ${t.name} | ${rate.ok}/${rate.sent} | ${rate.p50.toFixed(1)} | ${rate.p95.toFixed(1)} | ${rate.p99.toFixed(1)} | ${Math.round(sat.requestsPerSecond)} | ${sat.p50} / ${sat.p99} | ${sat.non2xx + sat.errors} |`,
      );
      console.log(rows.at(-1));
    }
    const stored = Number((await sql(url, `SELECT count(*) AS n FROM "WebhookEvent"`)).rows[0].n);
    const [bareResult, appResult] = targets.map((t) => results[t.name]);
    const ratio = appResult.sat.requestsPerSecond / bareResult.sat.requestsPerSecond;
    const p99Ok = appResult.rate.p99 <= 20;
    const markdown = `## Webhook ingest (\`npm run bench:webhooks\`)

${new Date().toISOString().slice(0, 10)} · ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}) · PostgreSQL on 127.0.0.1 · load generator on the same machine ·
payload: orders/updated, ${delivery.body.length} bytes · the app runs its production build with \`WORKER=0\` (acknowledgement only; processing is a separate job).

| target | ${RATE} req/s evenly spaced for ${RATE_SECONDS} s: 200 OK | p50 ms | p95 ms | p99 ms | saturation req/s (${CONNECTIONS} connections, ${SATURATION_SECONDS} s) | p50 / p99 ms | non-2xx |
| --- | --- | --- | --- | --- | --- | --- | --- |
${rows.join("\n")}

- Throughput ratio app / bare handler: **${(ratio * 100).toFixed(0)}%** (target ≥ 50%).
- p99 at ${RATE} req/s: **${appResult.rate.p99.toFixed(1)} ms** (target ≤ 20 ms) — ${p99Ok ? "met" : "not met"}.
- The app's path per delivery: the server's node:http webhook fast path (no Express, no Remix routing), a Web
  \`Request\`, \`authenticate.webhook\` (HMAC and header checks in shopify-api, patched — docs/decisions/0010; it also
  loads the shop's offline session, remembered for 2 s), one prepared INSERT into the inbox. The job is added later by
  the relay. The bare handler does HMAC + one INSERT. Both use a pool of 10 connections.
- Rows in the inbox after the app's last run: ${stored} (every 200 is a stored delivery).`;
    const record = process.env.BENCH_RECORD !== "0";
    if (record) await recordSection("webhooks", markdown);
    console.log(markdown);
    const ratioOk = ratio >= 0.5;
    writeResult({
      bench: "webhooks",
      section: "webhooks",
      finishedAt: new Date().toISOString(),
      dataset: `orders/updated deliveries of ${delivery.body.length} bytes: ${RATE} req/s for ${RATE_SECONDS} s (${RATE * RATE_SECONDS} requests), then ${CONNECTIONS} connections for ${SATURATION_SECONDS} s`,
      headlines: [
        {
          measure: `Acknowledgement latency at ${RATE} req/s`,
          p50: appResult.rate.p50,
          p95: appResult.rate.p95,
          p99: appResult.rate.p99,
          runs: appResult.rate.sent,
          baseline: `bare node:http (HMAC + INSERT) ${triple(bareResult.rate)}`,
          ratio: `p99 ${(appResult.rate.p99 / bareResult.rate.p99).toFixed(1)}× the bare handler's`,
          target: "p99 ≤ 20 ms",
          met: p99Ok,
        },
        {
          measure: `Saturation throughput: ${Math.round(appResult.sat.requestsPerSecond).toLocaleString("en-US")} req/s (${CONNECTIONS} connections)`,
          p50: appResult.sat.p50,
          p95: null,
          p99: appResult.sat.p99,
          runs: Math.round(appResult.sat.requestsPerSecond * SATURATION_SECONDS),
          baseline: `bare node:http ${Math.round(bareResult.sat.requestsPerSecond).toLocaleString("en-US")} req/s`,
          ratio: `${(ratio * 100).toFixed(0)}% of the bare handler's req/s`,
          target: "≥ 50% of the bare handler",
          met: ratioOk,
        },
      ],
      verdict: { met: p99Ok && ratioOk, text: `throughput ${(ratio * 100).toFixed(0)}% of the bare handler (≥ 50%), p99 ${appResult.rate.p99.toFixed(1)} ms at ${RATE} req/s (≤ 20 ms)` },
      recorded: record,
    });
  } finally {
    const exited = [bare, app].map((child) => new Promise((resolve) => child.once("exit", resolve)));
    bare.kill("SIGTERM");
    app.kill("SIGTERM");
    await Promise.race([Promise.all(exited), new Promise((resolve) => setTimeout(resolve, 10_000))]);
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
