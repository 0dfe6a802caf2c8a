import { z } from "zod";
import type { AdminGraphql } from "../auth/staff.server";
import db from "../db.server";
import { enqueue, TASKS } from "../jobs/queue.server";
import { OrderForMirrorOrder, orderInputFromGraphql } from "../orders/admin-order.server";
import { applyOrder } from "../orders/mirror.server";
import { adminGraphql } from "../shopify/admin-client.server";
import {
  backfillOrdersBulkQuery,
  BULK_OPERATION_RUN_QUERY_MUTATION,
  BULK_OPERATION_STATUS_QUERY,
} from "../shopify/operations/orders";
import type { ShopRecord } from "../shops/shops.server";
import { readLines, reassemble } from "./bulk-jsonl.server";
import { finishSyncRun, findSyncRun, startSyncRun, updateSyncRun } from "./sync-runs.server";

// The backfill after install: one Shopify bulk operation reads the last 60 days of orders; the
// `backfill-shop` task starts it, then re-enqueues itself to poll until Shopify has finished, then downloads
// the JSONL and applies every order through the mirror (versioned: an order a webhook already brought in
// at the same or a newer version is left alone).

export const BACKFILL_DAYS = 60;
export const POLL_INTERVAL_MS = 5_000;
/** About six hours of polling at 5 s; a bulk operation still running then is given up (Shopify caps them at 10 days, but a 60-day order import that slow is stuck). */
export const MAX_POLLS = 4_320;

/** Child rows of the bulk query (their GID type) and the connection they belong to on the order. */
const ORDER_CONNECTIONS = { LineItem: "lineItems", Return: "returns" };

export const BackfillPayload = z.object({
  shopId: z.uuid(),
  runId: z.uuid().optional(),
  polls: z.number().int().min(0).default(0),
});
export type BackfillPayload = z.input<typeof BackfillPayload>;

export interface SyncDeps {
  /** The shop's offline Admin API client. */
  admin(shop: ShopRecord): Promise<AdminGraphql>;
  now?: () => Date;
}

const RunQueryData = z.object({
  bulkOperationRunQuery: z
    .object({
      bulkOperation: z.object({ id: z.string(), status: z.string() }).nullish(),
      userErrors: z.array(z.object({ field: z.array(z.string()).nullish(), message: z.string(), code: z.string().nullish() })),
    })
    .nullable(),
});

const StatusData = z.object({
  node: z
    .object({
      id: z.string(),
      status: z.string(),
      errorCode: z.string().nullish(),
      objectCount: z.union([z.string(), z.number()]).transform(Number),
      url: z.string().nullish(),
      partialDataUrl: z.string().nullish(),
    })
    .nullable(),
});

/** The backfill-shop task: starts the bulk operation, or (with a runId) polls it and imports its result. */
export async function backfillShop(payload: Record<string, unknown>, deps: SyncDeps): Promise<void> {
  const parsed = BackfillPayload.safeParse(payload);
  if (!parsed.success) throw new Error(`backfill-shop payload is not valid: ${parsed.error.issues.map((i) => i.message).join("; ")}`);
  const { shopId, runId, polls } = parsed.data;
  const shop = await db.shop.findUnique({ where: { id: shopId } });
  if (!shop || shop.state !== "INSTALLED") return;
  if (!runId) await startBackfill(shop, deps);
  else await pollBackfill(shop, runId, polls, deps);
}

async function startBackfill(shop: ShopRecord, deps: SyncDeps): Promise<void> {
  // Once per install: a backfill running or done is not started again (a failed one may be).
  const existing = await db.syncRun.count({ where: { shopId: shop.id, kind: "BACKFILL", status: { in: ["RUNNING", "COMPLETED"] } } });
  if (existing > 0) return;
  const now = deps.now?.() ?? new Date();
  const since = new Date(now.getTime() - BACKFILL_DAYS * 24 * 3600 * 1000);
  const run = await startSyncRun(shop.id, "BACKFILL");
  try {
    const admin = await deps.admin(shop);
    const data = RunQueryData.parse(
      await adminGraphql(admin, BULK_OPERATION_RUN_QUERY_MUTATION, {
        query: backfillOrdersBulkQuery(`created_at:>='${since.toISOString()}'`),
      }),
    );
    const result = data.bulkOperationRunQuery;
    const userErrors = result?.userErrors ?? [];
    if (userErrors.length > 0 || !result?.bulkOperation) {
      const reasons = userErrors.map((e) => e.message.replace(/\.$/, "")).join("; ") || "no reason given";
      await finishSyncRun(shop.id, run.id, {
        status: "FAILED",
        error: `Shopify did not start the import of your recent orders: ${reasons}. Use "Sync now" to try again.`,
      });
      return;
    }
    await updateSyncRun(shop.id, run.id, { bulkOperationId: result.bulkOperation.id });
    await schedulePoll(shop.id, run.id, 0, now);
  } catch (error) {
    await finishSyncRun(shop.id, run.id, { status: "FAILED", error: `The import of your recent orders could not start: ${messageOf(error)}` });
    throw error;
  }
}

async function schedulePoll(shopId: string, runId: string, polls: number, now: Date): Promise<void> {
  await enqueue({
    task: TASKS.backfillShop,
    payload: { shopId, runId, polls },
    jobKey: `backfill-poll:${runId}`,
    runAt: new Date(now.getTime() + POLL_INTERVAL_MS),
  });
}

async function pollBackfill(shop: ShopRecord, runId: string, polls: number, deps: SyncDeps): Promise<void> {
  const run = await findSyncRun(shop.id, runId);
  if (!run || run.status !== "RUNNING" || !run.bulkOperationId) return;
  const admin = await deps.admin(shop);
  const { node } = StatusData.parse(await adminGraphql(admin, BULK_OPERATION_STATUS_QUERY, { id: run.bulkOperationId }));
  if (!node) {
    await finishSyncRun(shop.id, run.id, { status: "FAILED", error: "Shopify no longer knows the order import (bulk operation not found)." });
    return;
  }
  switch (node.status) {
    case "CREATED":
    case "RUNNING":
    case "CANCELING": {
      if (polls + 1 >= MAX_POLLS) {
        await finishSyncRun(shop.id, run.id, { status: "FAILED", error: "Shopify took too long to prepare your recent orders; the import was given up." });
        return;
      }
      await updateSyncRun(shop.id, run.id, { objectCount: node.objectCount });
      await schedulePoll(shop.id, run.id, polls + 1, deps.now?.() ?? new Date());
      return;
    }
    case "COMPLETED": {
      const ordersApplied = node.url ? await importBulkResult(shop, run.id, node.url) : 0;
      await finishSyncRun(shop.id, run.id, { status: "COMPLETED", objectCount: node.objectCount, ordersApplied });
      // Reconciliation continues from the moment the bulk operation read the orders.
      await db.shop.updateMany({
        where: { id: shop.id, OR: [{ lastSyncedAt: null }, { lastSyncedAt: { lt: run.startedAt } }] },
        data: { lastSyncedAt: run.startedAt },
      });
      return;
    }
    default: {
      const code = node.errorCode ? ` (${node.errorCode.toLowerCase().replaceAll("_", " ")})` : "";
      await finishSyncRun(shop.id, run.id, {
        status: "FAILED",
        error: `Shopify's import of your recent orders ended as ${node.status.toLowerCase()}${code}. Use "Sync now" to bring orders up to date.`,
      });
    }
  }
}

/** Downloads the JSONL result and applies every order; returns how many orders changed the mirror. */
export async function importBulkResult(shop: ShopRecord, runId: string, url: string): Promise<number> {
  const response = await fetch(url);
  if (!response.ok || !response.body) throw new Error(`Downloading the bulk operation result failed: HTTP ${response.status}`);
  const readAt = new Date();
  const { roots } = await reassemble(readLines(response.body), ORDER_CONNECTIONS);
  let applied = 0;
  for (const root of roots) {
    const order = OrderForMirrorOrder.safeParse(root);
    if (!order.success) {
      const issues = order.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
      console.warn(`[backfill] ${shop.domain}: order ${String(root.id)} skipped, it cannot be mirrored: ${issues}`);
      continue;
    }
    if ((await applyOrder(shop, orderInputFromGraphql(order.data, readAt))) !== "applied") continue;
    applied += 1;
    if (applied % 100 === 0) await updateSyncRun(shop.id, runId, { ordersApplied: applied });
  }
  return applied;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
