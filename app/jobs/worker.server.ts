import { Logger, run, runOnce, type JobHelpers, type Runner, type TaskList, type WorkerEvents } from "graphile-worker";
import db from "../db.server";
import { createPool } from "../db/adapter.server";
import { offlineAdmin } from "../shopify.server";
import { wakeSnoozedCases } from "../cases/update-cases.server";
import { refreshInsights, refreshInsightsHourly } from "../insights/rollup/run.server";
import { queueEmail, sendQueuedEmail } from "../channels/email/outbox.server";
import { sendSatisfactionSurvey } from "../channels/satisfaction.server";
import { sendFirstOrderCare } from "../channels/first-order-care.server";
import { sendNpsSurveys } from "../nps/survey.server";
import { backfillShop, type SyncDeps } from "../sync/backfill.server";
import { reconcileAllShops, reconcileShop } from "../sync/reconcile.server";
import { processWebhookEvent } from "../webhooks/process.server";
import { webhookHandlers } from "../webhooks/registry.server";
import { inProcessQueue, type InProcessTask } from "./in-process.server";
import { enqueue, enqueueWebhookProcessing, TASKS, usesInProcessJobs } from "./queue.server";
import { relayWebhookDeliveries, startWebhookRelay } from "./webhook-relay.server";
import { startWorkerLiveness } from "./worker-liveness.server";
import { EventEmitter } from "node:events";

/**
 * The worker: maps task names to the functions that run them. It sits at the top of the import graph (it
 * imports the handlers), so services enqueue through ./queue.server without importing any of this.
 */
type TaskFn = (payload: Record<string, unknown>, info: { attempt: number; maxAttempts: number }) => Promise<unknown>;

/** The shop's offline Admin API client, for tasks that run outside a request. */
const syncDeps: SyncDeps = { admin: (shop) => offlineAdmin(shop.domain) };

/** reconcile-all-shops runs hourly (graphile-worker's crontab; a timer in-process). */
export const RECONCILE_CRONTAB = `0 * * * * ${TASKS.reconcileAllShops}`;
const RECONCILE_INTERVAL_MS = 60 * 60 * 1000;
/** wake-snoozed-cases runs every minute: snoozed cases whose time has come go back to Open. */
export const WAKE_SNOOZED_CRONTAB = `* * * * * ${TASKS.wakeSnoozedCases}`;
const WAKE_SNOOZED_INTERVAL_MS = 60 * 1000;
/** send-nps-surveys runs hourly: shops whose survey day has come send the period's surveys, a capped batch per run. */
export const NPS_CRONTAB = `23 * * * * ${TASKS.sendNpsSurveys} ?jobKey=send-nps-surveys&max=3`;
/** Insights rollups: dirty days every minute, time-driven figures and customer rollups hourly; one queue, so never two at once. */
export const INSIGHTS_CRONTAB = [
  `* * * * * ${TASKS.refreshInsights} ?queue=insights&jobKey=refresh-insights&max=1`,
  `7 * * * * ${TASKS.refreshInsightsHourly} ?queue=insights&jobKey=refresh-insights-hourly&max=3`,
].join("\n");

export const TASK_FUNCTIONS: Record<string, TaskFn> = {
  [TASKS.processWebhook]: async (payload, { attempt, maxAttempts }) => {
    const eventId = String(payload.eventId ?? "");
    if (!eventId) throw new Error("process-webhook needs an eventId");
    await processWebhookEvent(eventId, { handlers: webhookHandlers, finalAttempt: attempt >= maxAttempts });
  },
  [TASKS.backfillShop]: (payload) => backfillShop(payload, syncDeps),
  [TASKS.reconcileShop]: (payload) => reconcileShop(payload, syncDeps),
  [TASKS.reconcileAllShops]: () => reconcileAllShops(),
  [TASKS.wakeSnoozedCases]: () => wakeSnoozedCases(new Date()),
  [TASKS.refreshInsights]: () => refreshInsights(new Date()),
  [TASKS.refreshInsightsHourly]: () => refreshInsightsHourly(new Date()),
  [TASKS.sendEmail]: (payload, info) => sendQueuedEmail(payload, info),
  [TASKS.sendSatisfactionSurvey]: (payload) => sendSatisfactionSurvey(payload),
  [TASKS.sendFirstOrderCare]: async (payload) => {
    await sendFirstOrderCare(payload);
  },
  [TASKS.sendNpsSurveys]: async () => {
    await sendNpsSurveys(new Date());
  },
};

/** graphile-worker's own log: warnings and errors only (a failed attempt is an error), info with JOBS_VERBOSE=1. */
const logger = new Logger(() => (level, message) => {
  if (level === "error") console.error(`[jobs] ${message}`);
  else if (level === "warning") console.warn(`[jobs] ${message}`);
  else if (process.env.JOBS_VERBOSE === "1") console.log(`[jobs] ${message}`);
});

function graphileTaskList(): TaskList {
  return Object.fromEntries(
    Object.entries(TASK_FUNCTIONS).map(([name, fn]) => [
      name,
      async (payload: unknown, helpers: JobHelpers): Promise<void> => {
        await fn((payload ?? {}) as Record<string, unknown>, { attempt: helpers.job.attempts, maxAttempts: helpers.job.max_attempts });
      },
    ]),
  );
}

export interface WorkerHandle {
  stop(): Promise<void>;
}

/** Starts processing jobs in this process (web processes run it too; graphile-worker shares work safely). */
export async function startWorker({ concurrency = 4 } = {}): Promise<WorkerHandle> {
  if (usesInProcessJobs()) {
    const queue = inProcessQueue();
    queue.setTasks(TASK_FUNCTIONS as Record<string, InProcessTask>);
    // Deliveries stored but not finished before the last stop (jobs are not persisted in-process).
    const unfinished = await db.webhookEvent.findMany({ where: { state: { in: ["RECEIVED", "PROCESSING"] } }, select: { id: true } });
    for (const { id } of unfinished) await enqueueWebhookProcessing(id);
    // Backfills whose polling job was lost with the last process: poll them again.
    const backfills = await db.syncRun.findMany({ where: { kind: "BACKFILL", status: "RUNNING" }, select: { id: true, shopId: true } });
    for (const run of backfills) await enqueue({ task: TASKS.backfillShop, payload: { shopId: run.shopId, runId: run.id }, jobKey: `backfill-poll:${run.id}` });
    // Replies still waiting to be emailed (their jobs were lost with the last process): send them now.
    const unsent = await db.message.findMany({ where: { direction: "OUTBOUND", deliveryStatus: "QUEUED" }, select: { id: true, shopId: true } });
    for (const message of unsent) await queueEmail(message.shopId, message.id);
    const hourly = setInterval(() => void enqueue({ task: TASKS.reconcileAllShops, payload: {} }), RECONCILE_INTERVAL_MS);
    hourly.unref();
    const everyMinute = setInterval(() => void enqueue({ task: TASKS.wakeSnoozedCases, payload: {}, jobKey: "wake-snoozed" }), WAKE_SNOOZED_INTERVAL_MS);
    everyMinute.unref();
    const insightsMinute = setInterval(() => void enqueue({ task: TASKS.refreshInsights, payload: {}, jobKey: "refresh-insights" }), WAKE_SNOOZED_INTERVAL_MS);
    insightsMinute.unref();
    const insightsHourly = setInterval(() => void enqueue({ task: TASKS.refreshInsightsHourly, payload: {}, jobKey: "refresh-insights-hourly" }), RECONCILE_INTERVAL_MS);
    insightsHourly.unref();
    const npsHourly = setInterval(() => void enqueue({ task: TASKS.sendNpsSurveys, payload: {}, jobKey: "send-nps-surveys" }), RECONCILE_INTERVAL_MS);
    npsHourly.unref();
    return {
      stop: async () => {
        clearInterval(hourly);
        clearInterval(everyMinute);
        clearInterval(insightsMinute);
        clearInterval(insightsHourly);
        clearInterval(npsHourly);
        queue.stop();
      },
    };
  }
  const pgPool = createPool(process.env.DATABASE_URL ?? "", { max: concurrency + 2 });
  // The pool's id marks the jobs it runs; its liveness lock lets other workers free them if this process dies.
  const events = new EventEmitter() as WorkerEvents;
  let poolId: string | undefined;
  events.once("pool:create", ({ workerPool }) => {
    poolId = workerPool.id;
  });
  const runner: Runner = await run({ pgPool, events, concurrency, noHandleSignals: true, pollInterval: 1000, logger, taskList: graphileTaskList(), crontab: [RECONCILE_CRONTAB, WAKE_SNOOZED_CRONTAB, INSIGHTS_CRONTAB, NPS_CRONTAB].join("\n") });
  const relay = startWebhookRelay();
  const liveness = poolId ? startWorkerLiveness(process.env.DATABASE_URL ?? "", poolId, { log: (m) => console.warn(`[jobs] ${m}`) }) : undefined;
  return {
    async stop() {
      await relay.stop();
      await runner.stop();
      // Only now: until its jobs are released, this pool must not look dead to the other workers.
      await liveness?.stop();
      await pgPool.end();
    },
  };
}

/** Runs every job that is due now, then returns (tests; scripts). */
export async function runDueJobs(): Promise<void> {
  if (usesInProcessJobs()) {
    const queue = inProcessQueue();
    queue.setTasks(TASK_FUNCTIONS as Record<string, InProcessTask>);
    await queue.idle();
    return;
  }
  while ((await relayWebhookDeliveries()) > 0);
  const pgPool = createPool(process.env.DATABASE_URL ?? "", { max: 2 });
  try {
    await runOnce({ pgPool, logger, taskList: graphileTaskList() });
  } finally {
    await pgPool.end();
  }
}
