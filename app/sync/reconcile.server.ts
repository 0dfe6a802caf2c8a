import { z } from "zod";
import db from "../db.server";
import { fetchOrderForMirror } from "../orders/admin-order.server";
import { applyOrder } from "../orders/mirror.server";
import { idFromGid } from "../orders/mirror-input";
import { adminGraphql } from "../shopify/admin-client.server";
import { syncDisputes } from "../disputes/sync-disputes.server";
import { ORDERS_UPDATED_SINCE_QUERY } from "../shopify/operations/orders";
import { BACKFILL_DAYS, messageOf, type SyncDeps } from "./backfill.server";
import { enqueueReconcile } from "./enqueue.server";
import { finishSyncRun, startSyncRun } from "./sync-runs.server";

// Reconciliation: every hour, each installed shop re-reads the orders Shopify updated since its last sync (a
// few minutes of overlap, for clocks and in-flight writes) and applies the ones newer than the mirror, so an
// update whose webhook never arrived (or failed for good) heals within the hour.
//
// The list query reads ids and versions only (cheap: 100 orders a page); only orders newer than the mirror are
// then read in full with OrderForMirror, the query the webhook handlers already use. Stale ones cost nothing.

export const RECONCILE_OVERLAP_MS = 5 * 60 * 1000;
export const RECONCILE_PAGE_SIZE = 100;

export const ReconcilePayload = z.object({ shopId: z.uuid() });

const OrdersPage = z.object({
  orders: z.object({
    pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullish() }),
    nodes: z.array(z.object({ id: z.string(), updatedAt: z.string() })),
  }),
});

export interface ReconcileOptions {
  pageSize?: number;
}

/** The reconcile-shop task. */
export async function reconcileShop(payload: Record<string, unknown>, deps: SyncDeps, options: ReconcileOptions = {}): Promise<void> {
  const parsed = ReconcilePayload.safeParse(payload);
  if (!parsed.success) throw new Error(`reconcile-shop payload is not valid: ${parsed.error.issues.map((i) => i.message).join("; ")}`);
  const shop = await db.shop.findUnique({ where: { id: parsed.data.shopId } });
  if (!shop || shop.state !== "INSTALLED") return;

  const startedAt = deps.now?.() ?? new Date();
  const since = shop.lastSyncedAt
    ? new Date(shop.lastSyncedAt.getTime() - RECONCILE_OVERLAP_MS)
    : new Date(startedAt.getTime() - BACKFILL_DAYS * 24 * 3600 * 1000);
  const run = await startSyncRun(shop.id, "RECONCILE");
  let read = 0;
  let applied = 0;
  try {
    const admin = await deps.admin(shop);
    let after: string | null = null;
    for (;;) {
      const page = OrdersPage.parse(
        await adminGraphql(admin, ORDERS_UPDATED_SINCE_QUERY, {
          first: options.pageSize ?? RECONCILE_PAGE_SIZE,
          after,
          query: `updated_at:>='${since.toISOString()}'`,
        }),
      );
      read += page.orders.nodes.length;
      for (const node of page.orders.nodes) {
        const shopifyId = idFromGid(node.id);
        if (shopifyId === null) continue;
        const local = await db.order.findUnique({
          where: { shopId_shopifyId: { shopId: shop.id, shopifyId } },
          select: { shopifyUpdatedAt: true },
        });
        if (local && local.shopifyUpdatedAt.getTime() >= Date.parse(node.updatedAt)) continue;
        const input = await fetchOrderForMirror(admin, shopifyId);
        if (input && (await applyOrder(shop, input)) === "applied") applied += 1;
      }
      if (!page.orders.pageInfo.hasNextPage || !page.orders.pageInfo.endCursor) break;
      after = page.orders.pageInfo.endCursor;
    }
  } catch (error) {
    await finishSyncRun(shop.id, run.id, { status: "FAILED", error: `Orders could not be brought up to date: ${messageOf(error)}` });
    throw error;
  }
  // Shopify Payments disputes (chargebacks, inquiries): a missed disputes/* webhook heals within the hour too. The
  // orders are up to date whatever happens here: a failure is recorded on the run (SyncRun.error of a COMPLETED
  // run) and logged, lastSyncedAt still advances, and the next hour tries the disputes again. No disputes access
  // (scope not granted, ACCESS_DENIED) is no failure: syncDisputes reads nothing.
  let disputesError: string | undefined;
  try {
    await syncDisputes(shop, await deps.admin(shop), startedAt);
  } catch (error) {
    disputesError = `Disputes could not be brought up to date: ${messageOf(error)}`;
    console.warn(`[reconcile] ${shop.domain}: ${disputesError}`);
  }
  await finishSyncRun(shop.id, run.id, { status: "COMPLETED", objectCount: read, ordersApplied: applied, ...(disputesError ? { error: disputesError } : {}) });
  await db.shop.updateMany({
    where: { id: shop.id, OR: [{ lastSyncedAt: null }, { lastSyncedAt: { lt: startedAt } }] },
    data: { lastSyncedAt: startedAt },
  });
}

/** The reconcile-all-shops task (hourly): one reconcile-shop job per installed shop. */
export async function reconcileAllShops(): Promise<number> {
  const shops = await db.shop.findMany({ where: { state: "INSTALLED" }, select: { id: true } });
  for (const { id } of shops) await enqueueReconcile(id);
  return shops.length;
}
