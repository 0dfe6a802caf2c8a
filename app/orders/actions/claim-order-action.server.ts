import db from "../../db.server";
import { AppError, type AppErrorCode } from "../../errors.server";
import type { OrderAction, Prisma } from "../../generated/prisma/client";
import { t, type MessageKey } from "../../i18n/en";

/**
 * Claims the OrderAction of a form's idempotency key — the one implementation behind order actions, receipts and
 * payment-method emails. Two submits of the same form (a double click, two tabs) may arrive at the same moment:
 * the row is inserted with `createMany({ skipDuplicates })` (never a unique violation), then read back by its key.
 *
 * - `fresh: true`: this request owns the row (it inserted it, or took over an interrupted/unknown one) and must
 *   ask Shopify, then complete the row.
 * - `fresh: false`: the row is an earlier submit's SUCCEEDED action: answer with its outcome, do not ask again.
 * - An earlier submit that FAILED throws its stored error again; a key used for a different action is a 409.
 * - An earlier submit still running (PENDING) is waited for a few seconds, so both submits get the same answer;
 *   if it is still running after that, a 409 "in flight" in the caller's words.
 */

export type ClaimedOrderAction = { fresh: boolean; row: OrderAction };

export interface ClaimSpec {
  data: Omit<Prisma.OrderActionCreateManyInput, "shopId" | "idempotencyKey">;
  idempotencyKey: string;
  /** Whether an existing row under the key is the same action (same kind, case, order…). */
  matches: (row: OrderAction) => boolean;
  /** A PENDING row that may run again (outcome unknown, interrupted). Default: never. */
  retryable?: (row: OrderAction) => boolean;
  /** Catalogue keys of the caller's words. */
  messages: { keyReused: MessageKey; inFlight: MessageKey };
  /** How long a repeated submit waits for the first one to finish (ms). */
  waitForPendingMs?: number;
}

const POLL_MS = 50;
const DEFAULT_WAIT_MS = 5_000;

export async function claimOrderAction(shopId: string, spec: ClaimSpec): Promise<ClaimedOrderAction> {
  const where = { shopId_idempotencyKey: { shopId, idempotencyKey: spec.idempotencyKey } };
  const { count } = await db.orderAction.createMany({
    data: [{ ...spec.data, shopId, idempotencyKey: spec.idempotencyKey }],
    skipDuplicates: true,
  });
  let row = await db.orderAction.findUniqueOrThrow({ where });
  if (count === 1) return { fresh: true, row };

  if (!spec.matches(row)) throw new AppError("conflict", t(spec.messages.keyReused));
  if (row.status === "PENDING" && spec.retryable?.(row)) {
    // Claimed by one request only: the compare-and-set on createdAt lets a single retry through.
    const claimed = await db.orderAction.updateMany({
      where: { id: row.id, shopId, status: "PENDING", createdAt: row.createdAt },
      data: { result: { outcome: "retrying" }, createdAt: new Date() },
    });
    if (claimed.count === 0) throw new AppError("conflict", t(spec.messages.inFlight));
    return { fresh: true, row: await db.orderAction.findUniqueOrThrow({ where: { id: row.id } }) };
  }

  const deadline = Date.now() + (spec.waitForPendingMs ?? DEFAULT_WAIT_MS);
  while (row.status === "PENDING" && !spec.retryable?.(row) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    row = await db.orderAction.findUniqueOrThrow({ where });
  }
  return { fresh: false, row: settled(row, spec.messages.inFlight) };
}

/** The outcome of an earlier submit: a SUCCEEDED row is returned, a FAILED one throws its error, PENDING is a 409. */
export function settled(row: OrderAction, inFlight: MessageKey): OrderAction {
  if (row.status === "PENDING") throw new AppError("conflict", t(inFlight));
  if (row.status === "FAILED") {
    const stored = (row.result ?? {}) as { errorCode?: AppErrorCode };
    throw new AppError(stored.errorCode ?? "bad_request", row.error ?? t("orderAction.error.noReason"));
  }
  return row;
}
