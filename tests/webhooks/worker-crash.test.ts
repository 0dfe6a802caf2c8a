import { afterEach, describe, expect, it } from "vitest";
import pg from "pg";
import db from "../../app/db.server";
import { runDueJobs } from "../../app/jobs/worker.server";
import { relayWebhookDeliveries } from "../../app/jobs/webhook-relay.server";
import { releaseDeadWorkerJobs, startWorkerLiveness, type WorkerLiveness } from "../../app/jobs/worker-liveness.server";
import { loadWebhookFixture } from "../mocks/shopify-admin-orders";
import { createInstalledShop } from "../helpers/shopify";
import { deliver } from "../helpers/webhooks";

// Regression (found by `npm run test:faults`): a worker killed with SIGKILL while processing a delivery left the
// job locked by its pool, and graphile-worker frees such locks only after 4 hours: an acknowledged delivery stuck
// in PROCESSING for hours. Now a pool whose liveness lock is gone has its jobs handed back.

const url = () => process.env.DATABASE_URL!;
let liveness: WorkerLiveness | undefined;
afterEach(async () => {
  await liveness?.stop();
  liveness = undefined;
});

/** What graphile-worker leaves behind when the process running a job dies: the job locked by that pool. */
async function lockJobAs(eventId: string, pool: string, secondsAgo: number) {
  const client = new pg.Client({ connectionString: url() });
  await client.connect();
  try {
    const { rowCount } = await client.query(
      `UPDATE graphile_worker._private_jobs SET locked_by = $2, locked_at = now() - make_interval(secs => $3), attempts = attempts + 1
       WHERE key = 'webhook:' || $1`,
      [eventId, pool, secondsAgo],
    );
    expect(rowCount).toBe(1);
  } finally {
    await client.end();
  }
}

async function lockedBy(eventId: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url() });
  await client.connect();
  try {
    const { rows } = await client.query<{ locked_by: string | null }>(`SELECT locked_by FROM graphile_worker.jobs WHERE key = 'webhook:' || $1`, [eventId]);
    return rows[0]?.locked_by ?? null;
  } finally {
    await client.end();
  }
}

async function storedOrderDelivery(shopDomain: string) {
  const order = loadWebhookFixture<{ id: number }>("orders-create");
  expect((await deliver({ shop: shopDomain, topic: "orders/create", body: order })).status).toBe(200);
  await relayWebhookDeliveries();
  const event = await db.webhookEvent.findFirstOrThrow({ where: { shopDomain } });
  return { order, event };
}

describe("jobs of a worker that died", () => {
  it("are handed back and the delivery is applied once, instead of waiting 4 hours", async () => {
    const shop = await createInstalledShop();
    const { order, event } = await storedOrderDelivery(shop.domain);
    // The killed worker had claimed the delivery and locked its job a minute ago.
    await db.webhookEvent.update({ where: { id: event.id }, data: { state: "PROCESSING", attempts: 1 } });
    await lockJobAs(event.id, "pool-killed", 60);

    await runDueJobs();
    expect((await db.webhookEvent.findUniqueOrThrow({ where: { id: event.id } })).state).toBe("PROCESSING");

    expect(await releaseDeadWorkerJobs(url(), 30)).toEqual(["pool-killed"]);
    await runDueJobs();
    expect(await db.webhookEvent.findUniqueOrThrow({ where: { id: event.id } })).toMatchObject({ state: "PROCESSED", attempts: 2 });
    expect(await db.order.count({ where: { shopId: shop.shopId, shopifyId: BigInt(order.id) } })).toBe(1);
  });

  it("leave a live worker's jobs alone, and a job locked within the grace period too", async () => {
    const shop = await createInstalledShop();
    const { event } = await storedOrderDelivery(shop.domain);
    liveness = startWorkerLiveness(url(), "pool-alive", { intervalMs: 60_000, log: () => {} });
    await lockJobAs(event.id, "pool-alive", 600);
    await liveness.ready;
    expect(await releaseDeadWorkerJobs(url(), 30)).toEqual([]);
    expect(await lockedBy(event.id)).toBe("pool-alive");

    // Once that worker stops (its session ends), its jobs are free to be taken again.
    await liveness.stop();
    liveness = undefined;
    expect(await releaseDeadWorkerJobs(url(), 30)).toEqual(["pool-alive"]);
    expect(await lockedBy(event.id)).toBeNull();

    // A dead pool's job locked only seconds ago is not released yet (a new pool may not hold its lock yet).
    await lockJobAs(event.id, "pool-just-started", 2);
    expect(await releaseDeadWorkerJobs(url(), 30)).toEqual([]);
    expect(await lockedBy(event.id)).toBe("pool-just-started");
  });
});
