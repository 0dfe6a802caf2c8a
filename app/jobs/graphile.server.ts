import { makeWorkerUtils, runMigrations, type WorkerUtils } from "graphile-worker";
import { createPool } from "../db/adapter.server";
import type { JobQueue } from "./queue.server";

let utils: Promise<WorkerUtils> | undefined;

function workerUtils(): Promise<WorkerUtils> {
  utils ??= makeWorkerUtils({ pgPool: createPool(process.env.DATABASE_URL ?? "", { max: 4 }) });
  return utils;
}

export function graphileQueue(): JobQueue {
  return {
    async enqueue({ task, payload, jobKey, runAt, maxAttempts }) {
      await (await workerUtils()).addJob(task, payload, { jobKey, runAt, maxAttempts });
    },
  };
}

/** Installs or upgrades graphile-worker's own schema (graphile_worker.*); idempotent, advisory-locked. */
export async function migrateJobSchema(url = process.env.DATABASE_URL ?? ""): Promise<void> {
  const pgPool = createPool(url, { max: 1 });
  try {
    await runMigrations({ pgPool });
  } finally {
    await pgPool.end();
  }
}

export async function releaseGraphileUtils(): Promise<void> {
  const current = utils;
  utils = undefined;
  if (current) await (await current).release();
}
