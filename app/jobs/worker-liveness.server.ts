import pg from "pg";
import { connectionStringFor } from "../db/adapter.server";

/**
 * Jobs of a worker that died (SIGKILL, OOM, a lost machine) are released within a minute instead of four hours.
 *
 * graphile-worker marks a job it runs with its pool's id (`locked_by`) and only frees locks older than 4 hours,
 * since it cannot tell a dead worker from a slow job. So a webhook delivery being processed when its worker is
 * killed waits 4 hours (the fault suite, docs/faults.md, found exactly that). Here every worker pool holds a
 * session advisory lock named after its pool id on a connection of its own, for as long as it lives. PostgreSQL
 * drops a session's locks when its connection goes away, so a pool whose lock can be taken is gone: its jobs are
 * handed back with graphile-worker's own `force_unlock_workers` and run again (attempts are kept; the webhook
 * task and the other tasks are idempotent, so a job that in fact got further than its lock is safe to re-run).
 * Only locks older than `graceSeconds` are considered, which covers the moment between a pool taking its first
 * job and its liveness lock, and a live pool re-taking its lock after a database restart.
 */

/** The advisory lock key of a worker pool (two int4 halves of a 64-bit text hash, computed by PostgreSQL). */
const LOCK_KEY = `hashtextextended('casefile-worker-pool:' || $1::text, 0)`;

export interface LivenessOptions {
  /** How often the dead-worker sweep runs (it also runs once at start). */
  intervalMs?: number;
  /** Jobs locked more recently than this are never released. */
  graceSeconds?: number;
  log?: (message: string) => void;
}

export interface WorkerLiveness {
  /** Settles once the liveness lock is held for the first time. */
  ready: Promise<void>;
  stop(): Promise<void>;
}

/**
 * Holds the liveness lock of `poolId` (re-taken after the connection is lost, e.g. a database restart) and sweeps the
 * jobs of dead pools every `intervalMs`.
 */
export function startWorkerLiveness(url: string, poolId: string, options: LivenessOptions = {}): WorkerLiveness {
  const { intervalMs = 10_000, graceSeconds = 30, log = (m) => console.warn(m) } = options;
  let stopped = false;
  let client: pg.Client | undefined;
  let reconnectTimer: NodeJS.Timeout | undefined;
  let sweepTimer: NodeJS.Timeout | undefined;
  let sweeping: Promise<void> = Promise.resolve();

  const hold = async (delay = 250): Promise<void> => {
    if (stopped) return;
    const next = new pg.Client({ connectionString: connectionStringFor(url) });
    // A lost connection (database restart) ends the session and its lock: take it again on a new one.
    next.on("error", () => {});
    next.on("end", () => {
      if (client === next && !stopped) {
        client = undefined;
        reconnectTimer = setTimeout(() => void hold(), 250);
      }
    });
    try {
      await next.connect();
      await next.query(`SELECT pg_advisory_lock(${LOCK_KEY})`, [poolId]);
      if (stopped) {
        await next.end();
        return;
      }
      client = next;
      markReady();
    } catch (error) {
      await next.end().catch(() => {});
      if (!stopped) {
        log(`Worker liveness lock not taken (${error instanceof Error ? error.message : error}); retrying.`);
        reconnectTimer = setTimeout(() => void hold(Math.min(delay * 2, 5_000)), delay);
      }
    }
  };

  const sweep = () => {
    sweeping = releaseDeadWorkerJobs(url, graceSeconds)
      .then((released) => {
        if (released.length) log(`Released the jobs of ${released.length} stopped worker(s): ${released.join(", ")}.`);
      })
      .catch((error) => log(`Dead-worker sweep failed (will retry): ${error instanceof Error ? error.message : error}`))
      .finally(() => {
        if (!stopped) sweepTimer = setTimeout(sweep, intervalMs);
      });
  };

  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  void hold().then(sweep);
  return {
    ready,
    async stop() {
      stopped = true;
      clearTimeout(reconnectTimer);
      clearTimeout(sweepTimer);
      await sweeping;
      const current = client;
      client = undefined;
      await current?.end().catch(() => {});
    },
  };
}

/**
 * Hands back the jobs of every worker pool that holds a job locked for more than `graceSeconds` but no longer holds
 * its liveness lock. One transaction: the probing locks are released at its end. Returns the pools released.
 */
export async function releaseDeadWorkerJobs(url: string, graceSeconds = 30): Promise<string[]> {
  const client = new pg.Client({ connectionString: connectionStringFor(url) });
  client.on("error", () => {});
  await client.connect();
  try {
    await client.query("BEGIN");
    const { rows } = await client.query<{ pool: string }>(
      `SELECT pool FROM (
         SELECT DISTINCT locked_by AS pool FROM graphile_worker.jobs
         WHERE locked_by IS NOT NULL AND locked_at < now() - make_interval(secs => $1)
       ) held
       WHERE pg_try_advisory_xact_lock(${LOCK_KEY.replace("$1", "held.pool")})`,
      [graceSeconds],
    );
    const pools = rows.map((r) => r.pool);
    if (pools.length) await client.query("SELECT graphile_worker.force_unlock_workers($1::text[])", [pools]);
    await client.query("COMMIT");
    return pools;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    await client.end().catch(() => {});
  }
}
