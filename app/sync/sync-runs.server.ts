import db from "../db.server";
import type { Prisma, SyncKind } from "../generated/prisma/client";

// SyncRun: one backfill or reconciliation of a shop's orders, as the Sync page shows it.

export type SyncRunRecord = Prisma.SyncRunGetPayload<object>;

export async function startSyncRun(shopId: string, kind: SyncKind, data: { bulkOperationId?: string } = {}) {
  return db.syncRun.create({ data: { shopId, kind, status: "RUNNING", ...data } });
}

export async function updateSyncRun(
  shopId: string,
  runId: string,
  data: Pick<Prisma.SyncRunUpdateManyMutationInput, "bulkOperationId" | "objectCount" | "ordersApplied">,
): Promise<void> {
  await db.syncRun.updateMany({ where: { id: runId, shopId }, data });
}

export async function finishSyncRun(
  shopId: string,
  runId: string,
  // A COMPLETED run may carry an error: a side task that failed without failing the run (the reconcile's disputes).
  outcome: { status: "COMPLETED"; objectCount?: number; ordersApplied: number; error?: string } | { status: "FAILED"; error: string },
): Promise<void> {
  await db.syncRun.updateMany({
    where: { id: runId, shopId, status: "RUNNING" },
    data: { ...outcome, finishedAt: new Date() },
  });
}

export async function findSyncRun(shopId: string, runId: string): Promise<SyncRunRecord | null> {
  return db.syncRun.findFirst({ where: { id: runId, shopId } });
}

export async function hasBackfill(shopId: string): Promise<boolean> {
  return (await db.syncRun.count({ where: { shopId, kind: "BACKFILL" } })) > 0;
}

export interface SyncRunSummary {
  status: SyncRunRecord["status"];
  objectCount: number;
  ordersApplied: number;
  startedAt: Date;
  finishedAt: Date | null;
  error: string | null;
}

/** The latest backfill and the latest reconciliation of the shop (null when none ran yet). */
export async function latestSyncRuns(shopId: string): Promise<{ backfill: SyncRunSummary | null; reconcile: SyncRunSummary | null }> {
  const select = { status: true, objectCount: true, ordersApplied: true, startedAt: true, finishedAt: true, error: true } as const;
  const latest = (kind: SyncKind) =>
    db.syncRun.findFirst({ where: { shopId, kind }, orderBy: { startedAt: "desc" }, select });
  const [backfill, reconcile] = await Promise.all([latest("BACKFILL"), latest("RECONCILE")]);
  return { backfill, reconcile };
}
