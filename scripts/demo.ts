// `npm run demo`: the app at http://localhost:3000 with an embedded PostgreSQL, a seeded demo shop and the
// Admin API answered locally by the same mock the tests use. No Shopify account, no database server.
import fs from "node:fs";
import path from "node:path";
import dotenv from "dotenv";
import { setupServer } from "msw/node";
import { DEMO_API_KEY, DEMO_API_SECRET, EnvError, parseEnv } from "../app/env.server";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "../app/db/embedded.server";
import { runMigrations } from "../app/db/migrate.server";
import { createShopifyAdminMock } from "../tests/mocks/shopify-admin";
import { bulkDownloadHandlers } from "../tests/mocks/shopify-admin-sync";
import { startHttpServer } from "./lib/http-server";
import { fail, log } from "./lib/log";

const demo = dotenv.parse(fs.readFileSync(path.resolve(".env.demo")));

// The guard: demo mode never runs in production or next to real credentials.
if (process.env.NODE_ENV === "production") {
  fail("Demo mode refuses to start with NODE_ENV=production. Use `npm start` with real credentials instead.");
}
for (const name of ["SHOPIFY_API_KEY", "SHOPIFY_API_SECRET"] as const) {
  const given = process.env[name];
  if (given && given !== demo[name]) {
    fail(`Demo mode refuses to start while real Shopify credentials are set (${name}). Unset them, or use \`npm start\`.`);
  }
}
if (demo.SHOPIFY_API_KEY !== DEMO_API_KEY || demo.SHOPIFY_API_SECRET !== DEMO_API_SECRET) {
  fail(".env.demo must hold the public demo key and secret.");
}

const port = Number(process.env.PORT || 3000);
Object.assign(process.env, {
  ...demo,
  NODE_ENV: process.env.NODE_ENV || "development",
  DEMO_MODE: "1",
  PORT: String(port),
  SHOPIFY_APP_URL: `http://localhost:${port}`,
});

// Admin API calls are answered by the tests' mock. It must intercept fetch before @shopify/shopify-api is
// imported (that package keeps the globalThis.fetch it finds at import time).
setupServer(...createShopifyAdminMock().handlers, ...bulkDownloadHandlers).listen({ onUnhandledFrame: "bypass" });

let database: EmbeddedDatabase | undefined;

async function main() {
  const dataDir = process.env.DEMO_DATA_DIR || path.resolve(".data", "demo-db");
  log(`Starting the embedded database (${path.relative(process.cwd(), dataDir) || dataDir}) …`);
  database = await startEmbeddedDatabase({ dataDir, port: Number(process.env.DEMO_DB_PORT || 0) });
  process.env.DATABASE_URL = database.url;
  log(`Embedded PostgreSQL at postgresql://postgres@127.0.0.1:${database.port}/postgres (psql works while the demo runs).`);

  try {
    parseEnv(process.env);
  } catch (error) {
    if (error instanceof EnvError) fail(error.message);
    throw error;
  }

  log("Applying migrations …");
  await runMigrations(database.url);

  const { seedDemo } = await import("../app/demo/demo-setup.server");
  const seeded = await seedDemo(process.env.DEMO_SHOP!);
  log(seeded.created ? `Seeded ${process.env.DEMO_SHOP}: ${summary(seeded.counts)}` : `Demo shop ready: ${summary(seeded.counts)}`);

  // Webhooks sent to the demo are processed in this process, as on the embedded database anywhere.
  const { startWorker } = await import("../app/jobs/worker.server");
  const worker = await startWorker();

  // As after a real install: import the shop's recent orders once (the mock's bulk operation holds #1301…).
  const { findShop } = await import("../app/shops/shops.server");
  const { hasBackfill } = await import("../app/sync/sync-runs.server");
  const { enqueueBackfill } = await import("../app/sync/enqueue.server");
  const demoShop = await findShop(process.env.DEMO_SHOP!);
  if (demoShop && !(await hasBackfill(demoShop.id))) await enqueueBackfill(demoShop.id);

  // Outgoing mail goes to a real SMTP server on this machine that keeps it: the "Sent mail" page shows it.
  const { startCaptureServer, setDemoCaptureServer } = await import("../app/channels/email/capture-server.server");
  const { saveSmtpSettings } = await import("../app/channels/email/smtp-settings.server");
  const mail = await startCaptureServer({ host: "127.0.0.1", port: Number(process.env.DEMO_SMTP_PORT || 0) });
  setDemoCaptureServer(mail);
  if (demoShop) {
    await saveSmtpSettings(demoShop.id, { host: "127.0.0.1", port: String(mail.port), security: "none", fromAddress: `support@${demoShop.domain}`, fromName: demoShop.name ?? "" });
  }
  log(`Outgoing mail is captured by the local SMTP server at 127.0.0.1:${mail.port} (see Sent mail).`);

  // REMIX_BUILD_DIR (as in remix.config.js): a build beside build/, e.g. to measure a change against the build before it.
  const server = await startHttpServer({ port, host: "127.0.0.1", buildDir: process.env.REMIX_BUILD_DIR || "build" });
  log(`Demo running at http://localhost:${port}/app (health: http://localhost:${port}/healthz). Ctrl+C stops it.`);

  const stop = async () => {
    await worker.stop();
    await mail.stop();
    server.close();
    await database?.stop();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

function summary(counts: Record<string, number>) {
  return Object.entries(counts)
    .map(([k, v]) => `${v} ${k}`)
    .join(", ");
}

main().catch(async (error: unknown) => {
  await database?.stop().catch(() => undefined);
  fail(error instanceof Error ? error.message : String(error));
});
