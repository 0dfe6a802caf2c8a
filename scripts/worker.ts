// `npm run worker`: a process that only works jobs (webhook processing, reconciliation), for deployments that
// run web instances with WORKER=0.
import { EnvError, parseEnv } from "../app/env.server";
import { runMigrations } from "../app/db/migrate.server";
import { migrateJobSchema } from "../app/jobs/graphile.server";
import { startWorker } from "../app/jobs/worker.server";
import { fail, log } from "./lib/log";

try {
  parseEnv(process.env);
} catch (error) {
  if (error instanceof EnvError) fail(error.message);
  throw error;
}
const url = process.env.DATABASE_URL!;
await runMigrations(url);
await migrateJobSchema(url);
const worker = await startWorker({ concurrency: Number(process.env.WORKER_CONCURRENCY || 4) });
log("Job worker started.");
const stop = async () => {
  await worker.stop();
  process.exit(0);
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
