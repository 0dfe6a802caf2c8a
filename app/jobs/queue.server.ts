import { isEmbeddedUrl } from "../db/adapter.server";

/**
 * Enqueueing work: a thin function any service may call. What runs a task lives in app/jobs/worker.server.ts,
 * which imports the handlers — so a service can enqueue work without importing the code that will run it.
 *
 * Production (PostgreSQL): graphile-worker jobs, several app instances safely sharing them. The embedded
 * database (demo): the same task functions run in this process (app/jobs/in-process.server.ts).
 */

export const TASKS = {
  processWebhook: "process-webhook",
  reconcileShop: "reconcile-shop",
  reconcileAllShops: "reconcile-all-shops",
  backfillShop: "backfill-shop",
  wakeSnoozedCases: "wake-snoozed-cases",
  sendEmail: "send-email",
  sendSatisfactionSurvey: "send-satisfaction-survey",
  sendFirstOrderCare: "send-first-order-care",
  refreshInsights: "refresh-insights",
  refreshInsightsHourly: "refresh-insights-hourly",
  sendNpsSurveys: "send-nps-surveys",
} as const;

export type TaskName = (typeof TASKS)[keyof typeof TASKS];

export interface JobSpec {
  task: TaskName;
  payload: Record<string, unknown>;
  /** At most one pending job per key: enqueueing the same key again replaces it (and resets its attempts). */
  jobKey?: string;
  runAt?: Date;
  maxAttempts?: number;
}

export interface JobQueue {
  enqueue(job: JobSpec): Promise<void>;
}

export function usesInProcessJobs(url = process.env.DATABASE_URL ?? ""): boolean {
  return isEmbeddedUrl(url);
}

let queue: JobQueue | undefined;

async function getQueue(): Promise<JobQueue> {
  if (!queue) {
    queue = usesInProcessJobs()
      ? (await import("./in-process.server")).inProcessQueue()
      : (await import("./graphile.server")).graphileQueue();
  }
  return queue;
}

export async function enqueue(job: JobSpec): Promise<void> {
  await (await getQueue()).enqueue(job);
}

export const WEBHOOK_MAX_ATTEMPTS = 8;

/** (Re)process one stored webhook delivery. */
export async function enqueueWebhookProcessing(eventId: string): Promise<void> {
  await enqueue({ task: TASKS.processWebhook, payload: { eventId }, jobKey: `webhook:${eventId}`, maxAttempts: WEBHOOK_MAX_ATTEMPTS });
}

/** For tests and shutdown: forget the process's queue backend. */
export function resetQueue(): void {
  queue = undefined;
}
