import { afterAll, afterEach, beforeEach } from "vitest";
import { setupServer } from "msw/node";
import { createShopifyAdminMock } from "../mocks/shopify-admin";
import { bulkDownloadHandlers } from "../mocks/shopify-admin-sync";
import { installShopifyAdminMock } from "../helpers/msw";
import { consoleGuard } from "../helpers/console";
import { databaseUrl, recreateDatabase, runDatabasePrefix, templateName, withServer } from "./databases";

// The environment every test starts from: test credentials (never the demo's), and a database of its own.
Object.assign(process.env, {
  NODE_ENV: "test",
  SHOPIFY_API_KEY: "test-api-key",
  SHOPIFY_API_SECRET: "test-api-secret",
  SHOPIFY_APP_URL: "https://casefile.test",
  DEMO_MODE: "0",
});
delete process.env.DEMO_SHOP;
delete process.env.SCOPES;

// Unique per run (workers are forked by the run's main process) and per worker, so two runs on one
// machine never drop each other's databases; tests/setup/global-setup.ts drops them when the run ends.
const worker = process.env.VITEST_POOL_ID ?? process.env.VITEST_WORKER_ID ?? "0";
const name = `${runDatabasePrefix(process.ppid)}${worker}`;
await withServer((client) => recreateDatabase(client, name, templateName()));
process.env.DATABASE_URL = databaseUrl(name);

// Shopify's Admin API answered by the shared mock; any other outgoing HTTP request (but loopback) fails the test.
const adminMock = createShopifyAdminMock();
const mswServer = setupServer(...adminMock.handlers, ...bulkDownloadHandlers);
mswServer.listen({
  // Loopback requests (tests of our own HTTP servers) go through; anything else unmocked is an error.
  onUnhandledFrame({ frame, defaults }) {
    const request = (frame.data as { request?: Request }).request;
    const host = request ? new URL(request.url).hostname : "";
    if (host !== "127.0.0.1" && host !== "localhost") defaults.error();
  },
});
installShopifyAdminMock(adminMock);

// Like the Epic Stack: an unexpected console.error fails the test that caused it.
const originalError = console.error;

beforeEach(() => {
  const guard = consoleGuard();
  guard.errors = [];
  guard.allowed = 0;
  console.error = (...args: unknown[]) => {
    guard.errors.push(args);
  };
});

afterEach(() => {
  adminMock.reset();
  console.error = originalError;
  const { errors, allowed } = consoleGuard();
  if (errors.length > allowed) {
    const first = errors[allowed].map((a) => (a instanceof Error ? a.stack : String(a))).join(" ");
    throw new Error(`Unexpected console.error (${errors.length - allowed}x): ${first}`);
  }
});

afterAll(async () => {
  mswServer.close();
  const { disconnectDb } = await import("../../app/db.server");
  await disconnectDb();
});
