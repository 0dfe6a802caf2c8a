import { enqueue, TASKS } from "../jobs/queue.server";

// Enqueueing the sync tasks: light on purpose (no mirror, no Admin API), so routes and the after-auth hook can
// call it without importing the code that runs the tasks (app/jobs/worker.server.ts maps them).

/** A reconciliation of one shop (at most one pending per shop). */
export async function enqueueReconcile(shopId: string): Promise<void> {
  await enqueue({ task: TASKS.reconcileShop, payload: { shopId }, jobKey: `reconcile:${shopId}`, maxAttempts: 3 });
}

/** The backfill of a shop (at most one pending per shop). */
export async function enqueueBackfill(shopId: string): Promise<void> {
  await enqueue({ task: TASKS.backfillShop, payload: { shopId }, jobKey: `backfill:${shopId}`, maxAttempts: 3 });
}
