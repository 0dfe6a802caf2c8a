import { z } from "zod";
import db from "../db.server";
import { AppError } from "../errors.server";

// "Sync problems": the shop's webhook deliveries that failed every attempt, and the merchant's retry.

export const PAGE_SIZE = 50;

export interface SyncProblem {
  id: string;
  topic: string;
  receivedAt: Date;
  attempts: number;
  lastError: string | null;
}

export interface SyncProblemPage {
  problems: SyncProblem[];
  /** Pass back as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

const Cursor = z.object({ receivedAt: z.iso.datetime(), id: z.uuid() });

/** Opaque keyset cursor: the (receivedAt, id) of the last row shown. */
export function encodeCursor(row: { receivedAt: Date; id: string }): string {
  return Buffer.from(JSON.stringify({ receivedAt: row.receivedAt.toISOString(), id: row.id })).toString("base64url");
}

function decodeCursor(cursor: string): { receivedAt: Date; id: string } {
  try {
    const parsed = Cursor.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
    return { receivedAt: new Date(parsed.receivedAt), id: parsed.id };
  } catch {
    throw new AppError("bad_request", "The page link is not valid. Open the list from its first page.");
  }
}

const select = { id: true, topic: true, receivedAt: true, attempts: true, lastError: true } as const;

/**
 * The shop's failed deliveries, newest first, keyset-paginated on (receivedAt, id): the index
 * (shopDomain, state, receivedAt) serves every page equally fast.
 */
export async function listSyncProblems(
  shopDomain: string,
  { cursor, limit = PAGE_SIZE }: { cursor?: string | null; limit?: number } = {}
): Promise<SyncProblemPage> {
  const after = cursor ? decodeCursor(cursor) : null;
  const rows = await db.webhookEvent.findMany({
    where: {
      shopDomain,
      state: "FAILED",
      ...(after
        ? { OR: [{ receivedAt: { lt: after.receivedAt } }, { receivedAt: after.receivedAt, id: { lt: after.id } }] }
        : {}),
    },
    orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select,
  });
  const problems = rows.slice(0, limit);
  return { problems, nextCursor: rows.length > limit ? encodeCursor(problems[problems.length - 1]) : null };
}

export async function countSyncProblems(shopDomain: string): Promise<number> {
  return db.webhookEvent.count({ where: { shopDomain, state: "FAILED" } });
}

/** Puts a delivery back on the job queue (the job engine's enqueueWebhookProcessing, injected). */
export type EnqueueWebhook = (eventId: string) => Promise<void>;

/**
 * The merchant's retry of a failed delivery: back to RECEIVED with its attempts reset, then enqueued. Only a
 * FAILED delivery of this shop qualifies, so two clicks enqueue it once. If enqueueing fails, the delivery is
 * put back as it was so it stays on the list rather than waiting for a job that does not exist.
 */
export async function markForRetry(shopDomain: string, eventId: string, enqueue: EnqueueWebhook): Promise<SyncProblem> {
  const event = await db.webhookEvent.findFirst({
    where: { id: eventId, shopDomain },
    select: { ...select, state: true, queuedAt: true },
  });
  if (!event) throw new AppError("not_found", "This delivery does not exist in your shop's sync log.");
  if (event.state !== "FAILED") {
    throw new AppError("conflict", "This delivery is no longer failed: it has been retried already.", {
      state: event.state,
    });
  }

  const reset = await db.webhookEvent.updateMany({
    where: { id: eventId, shopDomain, state: "FAILED" },
    // queuedAt set: the relay (which queues un-queued RECEIVED deliveries) leaves this one to the enqueue below.
    data: { state: "RECEIVED", attempts: 0, processedAt: null, queuedAt: new Date() },
  });
  if (reset.count === 0) {
    throw new AppError("conflict", "This delivery is no longer failed: it has been retried already.");
  }

  try {
    await enqueue(eventId);
  } catch (error) {
    await db.webhookEvent.updateMany({
      where: { id: eventId, shopDomain, state: "RECEIVED" },
      data: { state: "FAILED", attempts: event.attempts, queuedAt: event.queuedAt },
    });
    throw error;
  }
  const { state: _state, queuedAt: _queuedAt, ...problem } = event;
  return { ...problem, attempts: 0 };
}
