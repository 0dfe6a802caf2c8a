// `npm start`: production. Validates the environment, serves the build at once (so /healthz can say 503
// while the database is unreachable) and applies migrations, retrying with backoff instead of crash-looping.
import { EnvError, parseEnv } from "../app/env.server";
import { runMigrations } from "../app/db/migrate.server";
import { migrateJobSchema } from "../app/jobs/graphile.server";
import { startWorker, type WorkerHandle } from "../app/jobs/worker.server";
import { startHttpServer } from "./lib/http-server";
import { fail, log } from "./lib/log";

let config;
try {
  config = parseEnv(process.env);
} catch (error) {
  if (error instanceof EnvError) fail(error.message);
  throw error;
}
if (config.DEMO_MODE === "1") fail("DEMO_MODE=1 is for `npm run demo` only.");

async function migrateUntilDone(url: string) {
  for (let attempt = 1, delay = 1000; ; attempt++, delay = Math.min(delay * 2, 30_000)) {
    try {
      const output = await runMigrations(url);
      await migrateJobSchema(url);
      log(output.includes("No pending") ? "Database schema is up to date." : "Migrations applied.");
      return;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log(`Database not ready (attempt ${attempt}): ${message}. Retrying in ${delay / 1000}s; /healthz answers 503 meanwhile.`);
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

const server = await startHttpServer({ port: config.PORT });
log(`Listening on port ${config.PORT}.`);

let worker: WorkerHandle | undefined;
void migrateUntilDone(config.DATABASE_URL).then(async () => {
  // Every instance also works jobs (graphile-worker shares them safely); WORKER=0 makes a web-only instance.
  if (process.env.WORKER === "0") return;
  worker = await startWorker({ concurrency: Number(process.env.WORKER_CONCURRENCY || 4) });
  log("Job worker started.");
});

const stop = async () => {
  await worker?.stop();
  server.close(() => process.exit(0));
  server.closeIdleConnections();
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
