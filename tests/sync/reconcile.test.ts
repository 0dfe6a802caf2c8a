import { parseCrontab } from "graphile-worker";
import { afterAll, describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { releaseGraphileUtils } from "../../app/jobs/graphile.server";
import { resetQueue } from "../../app/jobs/queue.server";
import { RECONCILE_CRONTAB, TASK_FUNCTIONS } from "../../app/jobs/worker.server";
import { OrderForMirrorOrder, orderInputFromGraphql } from "../../app/orders/admin-order.server";
import { applyOrder } from "../../app/orders/mirror.server";
import { unauthenticated } from "../../app/shopify.server";
import type { SyncDeps } from "../../app/sync/backfill.server";
import { reconcileAllShops, reconcileShop, RECONCILE_OVERLAP_MS } from "../../app/sync/reconcile.server";
import { shopifyAdminMock } from "../helpers/msw";
import { createInstalledShop } from "../helpers/shopify";
import { buildOrderForMirror, order1001State, order1002State } from "../mocks/shopify-admin-orders";

const adminMock = shopifyAdminMock();
const deps: SyncDeps = { admin: async (shop) => (await unauthenticated.admin(shop.domain)).admin };

afterAll(async () => {
  await releaseGraphileUtils();
  resetQueue();
});

/** Mirror a version of a fixture order, as an earlier (or later) webhook would have left it. */
async function mirrorVersion(shopId: string, order: ReturnType<typeof buildOrderForMirror>, changes: { updatedAt: string; note: string }) {
  const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId } });
  const parsed = OrderForMirrorOrder.parse({ ...order, ...changes });
  await applyOrder(shop, orderInputFromGraphql(parsed, new Date(changes.updatedAt)));
}

/** Shopify's order list: the given orders, `first` at a time, cursors being offsets. */
function listing(orders: { id: string; updatedAt: string }[]) {
  adminMock.use("OrdersUpdatedSince", ({ variables }) => {
    const start = typeof variables.after === "string" ? Number(variables.after) : 0;
    const nodes = orders.slice(start, start + Number(variables.first));
    const end = start + nodes.length;
    return { orders: { pageInfo: { hasNextPage: end < orders.length, endCursor: String(end) }, nodes } };
  });
}

describe("reconciliation", () => {
  it("applies an update whose webhook was missed, leaves newer local data alone, pages through, and moves lastSyncedAt", async () => {
    const shop = await createInstalledShop();
    const missed = buildOrderForMirror(order1001State());
    const newer = buildOrderForMirror(order1002State());
    // #1001 is behind Shopify (its last update never arrived); #1002 is ahead of what the listing says.
    await mirrorVersion(shop.shopId, missed, { updatedAt: "2026-11-09T08:00:00Z", note: "stale local note" });
    const localAhead = new Date(Date.parse(newer.updatedAt) + 3600_000).toISOString();
    await mirrorVersion(shop.shopId, newer, { updatedAt: localAhead, note: "newer local note" });
    const lastSyncedAt = new Date("2026-11-20T12:00:00Z");
    await db.shop.update({ where: { id: shop.shopId }, data: { lastSyncedAt } });
    listing([
      { id: missed.id, updatedAt: missed.updatedAt },
      { id: newer.id, updatedAt: newer.updatedAt },
    ]);

    const before = new Date();
    await reconcileShop({ shopId: shop.shopId }, deps, { pageSize: 1 });

    const pages = adminMock.callsTo("OrdersUpdatedSince");
    expect(pages.map((c) => c.variables)).toEqual([
      { first: 1, after: null, query: `updated_at:>='${new Date(lastSyncedAt.getTime() - RECONCILE_OVERLAP_MS).toISOString()}'` },
      { first: 1, after: "1", query: expect.any(String) },
    ]);
    // Only the order behind Shopify is read in full.
    expect(adminMock.callsTo("OrderForMirror").map((c) => c.variables.id)).toEqual([missed.id]);

    const orders = await db.order.findMany({ where: { shopId: shop.shopId }, orderBy: { orderNumber: "asc" } });
    expect(orders.map((o) => [o.name, o.note])).toEqual([
      ["#1001", missed.note],
      ["#1002", "newer local note"],
    ]);
    expect(orders[0].shopifyUpdatedAt).toEqual(new Date(missed.updatedAt));

    const run = await db.syncRun.findFirstOrThrow({ where: { shopId: shop.shopId, kind: "RECONCILE" } });
    expect(run).toMatchObject({ status: "COMPLETED", objectCount: 2, ordersApplied: 1, error: null });
    const stored = await db.shop.findUniqueOrThrow({ where: { id: shop.shopId } });
    expect(stored.lastSyncedAt!.getTime()).toBeGreaterThanOrEqual(before.getTime());
  });

  it("reads the last 60 days on a shop's first sync, and records a failure", async () => {
    const shop = await createInstalledShop();
    listing([]);
    const before = Date.now();
    await reconcileShop({ shopId: shop.shopId }, deps);
    const since = Date.parse(/'([^']+)'/.exec(String(adminMock.callsTo("OrdersUpdatedSince")[0].variables.query))![1]);
    expect(since).toBeGreaterThanOrEqual(before - 60 * 86_400_000);
    expect(since).toBeLessThanOrEqual(Date.now() - 60 * 86_400_000);

    const synced = (await db.shop.findUniqueOrThrow({ where: { id: shop.shopId } })).lastSyncedAt;
    adminMock.use("OrdersUpdatedSince", () => ({ errors: [{ message: "Internal error" }] }));
    await expect(reconcileShop({ shopId: shop.shopId }, deps)).rejects.toThrow(/Internal error/);
    const failed = await db.syncRun.findFirstOrThrow({ where: { shopId: shop.shopId, status: "FAILED" } });
    expect(failed.error).toMatch(/^Orders could not be brought up to date: .*Internal error/);
    expect((await db.shop.findUniqueOrThrow({ where: { id: shop.shopId } })).lastSyncedAt).toEqual(synced);
  });

  it("reconcile-all-shops queues one reconciliation per installed shop", async () => {
    const installed = await createInstalledShop();
    const gone = await createInstalledShop();
    await db.shop.update({ where: { id: gone.shopId }, data: { state: "UNINSTALLED" } });
    await reconcileAllShops();
    await reconcileAllShops();
    const jobs = async (shopId: string) =>
      Number(
        (
          await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM graphile_worker.jobs
            WHERE task_identifier = 'reconcile-shop' AND key = ${`reconcile:${shopId}`}`
        )[0].n,
      );
    expect(await jobs(installed.shopId)).toBe(1);
    expect(await jobs(gone.shopId)).toBe(0);
  });

  it("runs hourly: the worker's crontab schedules reconcile-all-shops, and every sync task is registered", () => {
    const [item] = parseCrontab(RECONCILE_CRONTAB);
    expect(item.task).toBe("reconcile-all-shops");
    expect(item.match({ min: 0, hour: 5, date: 1, month: 1, dow: 1 })).toBe(true);
    expect(item.match({ min: 30, hour: 5, date: 1, month: 1, dow: 1 })).toBe(false);
    expect(Object.keys(TASK_FUNCTIONS)).toEqual(expect.arrayContaining(["backfill-shop", "reconcile-shop", "reconcile-all-shops"]));
  });
});
