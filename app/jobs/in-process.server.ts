import type { JobQueue, JobSpec } from "./queue.server";

/**
 * The job engine for the embedded database (demo): the same task functions, run in this process, one at a
 * time (PGlite serves one transaction at a time anyway), with retries and exponential backoff. Jobs are not
 * persisted here; the worker re-enqueues unfinished webhook deliveries from the inbox when it starts.
 */

export interface InProcessTask {
  (payload: Record<string, unknown>, info: { attempt: number; maxAttempts: number }): Promise<unknown>;
}

interface Pending extends JobSpec {
  attempt: number;
  dueAt: number;
}

const BASE_DELAY_MS = 1000;
const MAX_DELAY_MS = 5 * 60 * 1000;

class InProcessRunner implements JobQueue {
  private pending: Pending[] = [];
  private tasks: Record<string, InProcessTask> = {};
  private running = false;
  private timer: NodeJS.Timeout | undefined;
  private idleWaiters: (() => void)[] = [];

  setTasks(tasks: Record<string, InProcessTask>) {
    this.tasks = tasks;
    this.schedule(0);
  }

  async enqueue(job: JobSpec): Promise<void> {
    if (job.jobKey) this.pending = this.pending.filter((p) => p.jobKey !== job.jobKey);
    this.pending.push({ ...job, attempt: 0, dueAt: job.runAt?.getTime() ?? Date.now() });
    this.schedule(0);
  }

  /** Resolves when nothing is due (tests, shutdown). */
  idle(): Promise<void> {
    if (!this.running && !this.pending.some((p) => p.dueAt <= Date.now())) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  stop() {
    clearTimeout(this.timer);
    this.pending = [];
  }

  private schedule(delay: number) {
    if (Object.keys(this.tasks).length === 0) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.drain(), Math.max(0, delay));
    this.timer.unref();
  }

  private async drain() {
    if (this.running) return;
    this.running = true;
    try {
      for (;;) {
        const now = Date.now();
        const index = this.pending.findIndex((p) => p.dueAt <= now);
        if (index === -1) break;
        const [job] = this.pending.splice(index, 1);
        await this.run(job);
      }
    } finally {
      this.running = false;
    }
    const next = Math.min(...this.pending.map((p) => p.dueAt));
    if (Number.isFinite(next)) this.schedule(next - Date.now());
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private async run(job: Pending) {
    const task = this.tasks[job.task];
    const maxAttempts = job.maxAttempts ?? 25;
    const attempt = job.attempt + 1;
    if (!task) {
      console.error(`No task ${job.task} registered; job dropped.`);
      return;
    }
    try {
      await task(job.payload, { attempt, maxAttempts });
    } catch (error) {
      if (attempt >= maxAttempts) {
        console.error(`Job ${job.task} failed for good after ${attempt} attempts:`, error instanceof Error ? error.message : error);
        return;
      }
      const delay = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (attempt - 1));
      this.pending.push({ ...job, attempt, dueAt: Date.now() + delay });
    }
  }
}

// One runner per process, even when the server build and the scripts load this module separately (the
// demo's worker is started from scripts/demo.ts, requests enqueue from the bundled server build).
const KEY = Symbol.for("casefile.inProcessJobRunner");
const processGlobal = globalThis as unknown as Record<symbol, InProcessRunner | undefined>;

export function inProcessQueue(): InProcessRunner {
  processGlobal[KEY] ??= new InProcessRunner();
  return processGlobal[KEY];
}
