import { afterAll, describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { releaseGraphileUtils } from "../../app/jobs/graphile.server";
import { resetQueue } from "../../app/jobs/queue.server";
import { unauthenticated } from "../../app/shopify.server";
import { backfillShop, BACKFILL_DAYS, type SyncDeps } from "../../app/sync/backfill.server";
import { shopifyAdminMock } from "../helpers/msw";
import { createInstalledShop } from "../helpers/shopify";
import { backfillOrders } from "../mocks/shopify-admin-sync";

const adminMock = shopifyAdminMock();
const deps: SyncDeps = { admin: async (shop) => (await unauthenticated.admin(shop.domain)).admin };

afterAll(async () => {
  await releaseGraphileUtils();
  resetQueue();
});

// The payload is not in graphile_worker.jobs (a view); the private table holds it.
const pollJob = (runId: string) =>
  db.$queryRaw<{ run_at: Date; payload: Record<string, unknown> }[]>`
    SELECT j.run_at, j.payload FROM graphile_worker._private_jobs j
    JOIN graphile_worker._private_tasks t ON t.id = j.task_id
    WHERE t.identifier = 'backfill-shop' AND j.key = ${`backfill-poll:${runId}`}`;

const backfillRun = (shopId: string) => db.syncRun.findFirstOrThrow({ where: { shopId, kind: "BACKFILL" } });

describe("backfill on install (bulk operation)", () => {
  it("starts the bulk operation, polls while it runs, then mirrors every order with its children", async () => {
    const shop = await createInstalledShop();
    const before = Date.now();

    // 1. Start: the bulk query asks for 60 days of orders; a poll is queued a few seconds later.
    await backfillShop({ shopId: shop.shopId }, deps);
    const [start] = adminMock.callsTo("BulkOperationRunQuery");
    const query = String(start.variables.query);
    expect(query).toContain("query BackfillOrders");
    const since = Date.parse(/created_at:>='([^']+)'/.exec(query)![1]);
    expect(since).toBeGreaterThanOrEqual(before - BACKFILL_DAYS * 86_400_000 - 1000);
    expect(since).toBeLessThanOrEqual(Date.now() - BACKFILL_DAYS * 86_400_000);
    let run = await backfillRun(shop.shopId);
    expect(run).toMatchObject({ status: "RUNNING", bulkOperationId: expect.stringMatching(/^gid:\/\/shopify\/BulkOperation\/\d+$/) });
    const [job] = await pollJob(run.id);
    expect(job.payload).toEqual({ shopId: shop.shopId, runId: run.id, polls: 0 });
    expect(job.run_at.getTime()).toBeGreaterThan(Date.now());

    // 2. Still running: progress recorded, polled again.
    await backfillShop(job.payload, deps);
    run = await backfillRun(shop.shopId);
    expect(run.status).toBe("RUNNING");
    expect(run.objectCount).toBeGreaterThan(0);
    const [again] = await pollJob(run.id);
    expect(again.payload).toMatchObject({ polls: 1 });
    expect(await db.order.count({ where: { shopId: shop.shopId } })).toBe(0);

    // 3. Completed: the JSONL is downloaded and each order applied.
    await backfillShop(again.payload, deps);
    expect(adminMock.callsTo("BulkOperationStatus").map((c) => c.variables.id)).toEqual([run.bulkOperationId, run.bulkOperationId]);
    run = await backfillRun(shop.shopId);
    const expected = backfillOrders();
    expect(run).toMatchObject({ status: "COMPLETED", ordersApplied: expected.length, error: null });
    expect(run.objectCount).toBeGreaterThan(expected.length);
    expect(run.finishedAt).toBeInstanceOf(Date);

    const orders = await db.order.findMany({
      where: { shopId: shop.shopId },
      orderBy: { orderNumber: "asc" },
      include: { lineItems: true, fulfillments: true, refunds: true, returns: true },
    });
    expect(orders.map((o) => o.name)).toEqual(expected.map((o) => o.name));
    const first = orders[0];
    const source = expected[0];
    expect(first.lineItems).toHaveLength(source.lineItems.nodes.length);
    expect(first.lineItems.length).toBeGreaterThan(0);
    expect(first.fulfillments).toHaveLength(source.fulfillments.length);
    expect(first.fulfillments[0].trackingNumbers).toEqual(source.fulfillments[0].trackingInfo.map((t) => t.number));
    expect(first.refunds).toHaveLength(source.refunds.length);
    expect(first.returns).toHaveLength(source.returns.nodes.length);
    expect(first.returns.length).toBeGreaterThan(0);
    expect(orders[1].cancelledAt).not.toBeNull();

    // Reconciliation continues from the moment the backfill started.
    const stored = await db.shop.findUniqueOrThrow({ where: { id: shop.shopId } });
    expect(stored.lastSyncedAt).toEqual(run.startedAt);

    // Once per install: another start does nothing.
    await backfillShop({ shopId: shop.shopId }, deps);
    expect(adminMock.callsTo("BulkOperationRunQuery")).toHaveLength(1);
    expect(await db.syncRun.count({ where: { shopId: shop.shopId } })).toBe(1);
  });

  it("records a failed bulk operation with its error, and imports nothing", async () => {
    const shop = await createInstalledShop();
    await backfillShop({ shopId: shop.shopId }, deps);
    const run = await backfillRun(shop.shopId);
    adminMock.use("BulkOperationStatus", ({ variables }) => ({
      node: { id: variables.id, status: "FAILED", errorCode: "ACCESS_DENIED", objectCount: "0", rootObjectCount: "0", url: null, partialDataUrl: null },
    }));
    await backfillShop({ shopId: shop.shopId, runId: run.id, polls: 0 }, deps);
    const failed = await backfillRun(shop.shopId);
    expect(failed.status).toBe("FAILED");
    expect(failed.error).toMatch(/ended as failed \(access denied\)/);
    expect(failed.finishedAt).toBeInstanceOf(Date);
    expect(await db.order.count({ where: { shopId: shop.shopId } })).toBe(0);
    expect((await db.shop.findUniqueOrThrow({ where: { id: shop.shopId } })).lastSyncedAt).toBeNull();
  });

  it("surfaces Shopify's userErrors in plain words and does not poll", async () => {
    const shop = await createInstalledShop();
    adminMock.use("BulkOperationRunQuery", () => ({
      bulkOperationRunQuery: {
        bulkOperation: null,
        userErrors: [{ field: null, message: "A bulk query operation for this app and shop is already in progress.", code: "OPERATION_IN_PROGRESS" }],
      },
    }));
    await backfillShop({ shopId: shop.shopId }, deps);
    const run = await backfillRun(shop.shopId);
    expect(run.status).toBe("FAILED");
    expect(run.error).toBe(
      'Shopify did not start the import of your recent orders: A bulk query operation for this app and shop is already in progress. Use "Sync now" to try again.',
    );
    expect(await pollJob(run.id)).toHaveLength(0);
  });

  it("does nothing for an uninstalled shop", async () => {
    const shop = await createInstalledShop();
    await db.shop.update({ where: { id: shop.shopId }, data: { state: "UNINSTALLED" } });
    await backfillShop({ shopId: shop.shopId }, deps);
    expect(adminMock.callsTo("BulkOperationRunQuery")).toHaveLength(0);
    expect(await db.syncRun.count({ where: { shopId: shop.shopId } })).toBe(0);
  });
});
