import db from "../db.server";
import type { Prisma } from "../generated/prisma/client";
import { getShopSettings, type ShopSettings } from "../shops/settings.server";
import type { ShopRecord } from "../shops/shops.server";
import { disputeStatusRank, isFinalDispute, type DisputeInput } from "./dispute-input";
import {
  currentDisputeCase,
  openOrAttachDisputeCase,
  recordDisputeChange,
  syncCaseEvidenceDue,
  type DisputeForCase,
  type OrderForCase,
} from "./dispute-case.server";

// Writes a Shopify Payments dispute into the mirror (webhook or Admin API, same path) and keeps its case.
//
// Versioning: Shopify's dispute payloads carry no updated_at, so a dispute only ever moves forward — an inquiry
// may become a chargeback, never back; a status moves needs_response → under_review → decided (won, lost,
// accepted, charge refunded), never back. A delivery that would move it back is stale and changes nothing; one
// that repeats what is stored is a no-op. Dates Shopify sent before are never erased by a later payload without
// them. Nothing here calls Shopify or moves money: the store answers a dispute in Shopify admin.
//
// Orders: a dispute about an order the mirror lacks returns "order_missing" (the webhook handler then mirrors
// the order from the Admin API and applies again). With `park`, the dispute is stored unlinked instead (the order
// is gone from Shopify, or not readable yet); linkParkedDisputes links it when the order arrives.

type Tx = Prisma.TransactionClient;

export type DisputeOutcome = "applied" | "stale" | "order_missing";

export interface ApplyDisputeOptions {
  /** Store the dispute even when its order is not in the mirror (unlinked, no case yet). */
  park?: boolean;
  now?: Date;
}

const orderSelect = { id: true, name: true, customerId: true, email: true } as const;

const disputeLock = (tx: Tx, shopId: string, shopifyId: bigint) =>
  tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`dispute:${shopId}:${shopifyId}`}, 0))`;

const kindRank = (kind: DisputeInput["kind"]) => (kind === "CHARGEBACK" ? 1 : 0);
/** Inquiry before chargeback, then the status's rank. */
const rank = (d: Pick<DisputeInput, "kind" | "status">) => kindRank(d.kind) * 3 + disputeStatusRank(d.status);
const sameTime = (a: Date | null, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null);

type StoredDispute = Prisma.DisputeGetPayload<object>;

/** The fields to write for an update, or null when it is stale or changes nothing. */
function mergeUpdate(stored: StoredDispute, input: DisputeInput): Prisma.DisputeUpdateManyMutationInput | null {
  const from = rank(stored);
  const to = rank(input);
  if (to < from) return null; // older than what is stored
  // Two decided statuses (won after lost, say) cannot be ordered by rank: the later decision wins.
  if (to === from && input.status !== stored.status) {
    const later = input.finalizedOn && (!stored.finalizedOn || input.finalizedOn > stored.finalizedOn);
    if (!later) return null;
  }
  // An inquiry that became a chargeback starts a new round: its evidence dates are the chargeback's own.
  const escalated = input.kind !== stored.kind;
  const next = {
    kind: input.kind,
    status: input.status,
    reason: input.reason,
    networkReasonCode: input.networkReasonCode ?? stored.networkReasonCode,
    amount: input.amount,
    currencyCode: input.currencyCode,
    evidenceDueBy: escalated ? input.evidenceDueBy : (input.evidenceDueBy ?? stored.evidenceDueBy),
    evidenceSentOn: escalated ? input.evidenceSentOn : (input.evidenceSentOn ?? stored.evidenceSentOn),
    finalizedOn: input.finalizedOn ?? stored.finalizedOn,
    initiatedAt: input.initiatedAt,
  };
  const unchanged =
    next.kind === stored.kind &&
    next.status === stored.status &&
    next.reason === stored.reason &&
    next.networkReasonCode === stored.networkReasonCode &&
    Number(next.amount) === Number(stored.amount) &&
    next.currencyCode === stored.currencyCode &&
    sameTime(next.evidenceDueBy, stored.evidenceDueBy) &&
    sameTime(next.evidenceSentOn, stored.evidenceSentOn) &&
    sameTime(next.finalizedOn, stored.finalizedOn) &&
    sameTime(next.initiatedAt, stored.initiatedAt);
  return unchanged ? null : next;
}

const forCase = (d: StoredDispute): DisputeForCase => ({
  id: d.id,
  shopifyId: d.shopifyId,
  kind: d.kind,
  status: d.status,
  reason: d.reason,
  amount: d.amount.toFixed(2),
  currencyCode: d.currencyCode,
  evidenceDueBy: d.evidenceDueBy,
});

/** Order.disputeCount counts at least the disputes the mirror links to the order. */
async function countOrderDisputes(tx: Tx, shopId: string, orderId: string): Promise<void> {
  const linked = await tx.dispute.count({ where: { shopId, orderId } });
  await tx.order.updateMany({ where: { shopId, id: orderId, disputeCount: { lt: linked } }, data: { disputeCount: linked } });
}

/**
 * Links a stored dispute to its order (and the order's customer), then opens or updates its case. A dispute
 * without a case that is already decided (first seen so, e.g. by the sync) is only mirrored: it is history (the
 * evidence pack shows it), not work.
 */
async function linkAndTrack(
  tx: Tx,
  shopId: string,
  settings: ShopSettings,
  dispute: StoredDispute,
  order: OrderForCase,
  change: { statusChanged: boolean },
  now: Date,
): Promise<boolean> {
  let changed = false;
  if (dispute.orderId !== order.id) {
    await tx.dispute.updateMany({ where: { shopId, id: dispute.id }, data: { orderId: order.id, customerId: order.customerId } });
    await countOrderDisputes(tx, shopId, order.id);
    changed = true;
  }
  const d = forCase(dispute);
  const caseId = dispute.caseId ? await currentDisputeCase(tx, shopId, dispute.caseId) : null;
  if (!caseId) {
    if (isFinalDispute(dispute.status)) return changed;
    await openOrAttachDisputeCase(tx, shopId, settings, d, order, now);
    return true;
  }
  if (caseId !== dispute.caseId) await tx.dispute.updateMany({ where: { shopId, id: dispute.id }, data: { caseId } });
  if (change.statusChanged) {
    await recordDisputeChange(tx, shopId, caseId, d, order, now);
    changed = true;
  }
  await syncCaseEvidenceDue(tx, settings, shopId, caseId);
  return changed;
}

/** Applies one dispute (see the module comment). */
export async function applyDispute(shop: ShopRecord, input: DisputeInput, options: ApplyDisputeOptions = {}): Promise<DisputeOutcome> {
  const now = options.now ?? new Date();
  const settings = await getShopSettings(shop.id);
  return db.$transaction(
    async (tx) => {
      await disputeLock(tx, shop.id, input.shopifyId);
      const stored = await tx.dispute.findUnique({ where: { shopId_shopifyId: { shopId: shop.id, shopifyId: input.shopifyId } } });
      const orderShopifyId = input.orderShopifyId ?? stored?.orderShopifyId ?? null;
      const order =
        orderShopifyId !== null
          ? await tx.order.findUnique({ where: { shopId_shopifyId: { shopId: shop.id, shopifyId: orderShopifyId } }, select: orderSelect })
          : null;
      if (orderShopifyId !== null && !order && !options.park) return "order_missing" as const;

      let dispute: StoredDispute;
      let statusChanged = false;
      if (!stored) {
        dispute = await tx.dispute.create({
          data: {
            shopId: shop.id,
            shopifyId: input.shopifyId,
            orderShopifyId,
            orderId: order?.id ?? null,
            customerId: order?.customerId ?? null,
            kind: input.kind,
            status: input.status,
            reason: input.reason,
            networkReasonCode: input.networkReasonCode,
            amount: input.amount,
            currencyCode: input.currencyCode,
            evidenceDueBy: input.evidenceDueBy,
            evidenceSentOn: input.evidenceSentOn,
            finalizedOn: input.finalizedOn,
            initiatedAt: input.initiatedAt,
          },
        });
        if (order) await countOrderDisputes(tx, shop.id, order.id);
      } else {
        const update = mergeUpdate(stored, input);
        if (update) {
          dispute = await tx.dispute.update({
            where: { id: stored.id },
            data: { ...update, ...(stored.orderShopifyId === null && orderShopifyId !== null ? { orderShopifyId } : {}) },
          });
          statusChanged = dispute.status !== stored.status || dispute.kind !== stored.kind;
        } else {
          dispute = stored;
        }
      }
      const written = !stored || dispute !== stored;
      if (!order) return written ? "applied" : "stale";
      const tracked = await linkAndTrack(tx, shop.id, settings, dispute, order, { statusChanged }, now);
      return written || tracked ? "applied" : "stale";
    },
    { maxWait: 10_000, timeout: 30_000 },
  );
}

/**
 * Links the disputes parked for an order that has just come into the mirror, and opens their cases. Called by
 * the order mirror inside the order's transaction (app/orders/mirror.server.ts).
 */
export async function linkParkedDisputes(
  tx: Tx,
  shopId: string,
  order: { id: string; shopifyId: bigint; name: string; customerId: string | null; email: string | null },
  now = new Date(),
): Promise<number> {
  const parked = await tx.dispute.findMany({ where: { shopId, orderShopifyId: order.shopifyId, orderId: null }, select: { shopifyId: true } });
  if (parked.length === 0) return 0;
  const settings = await getShopSettings(shopId);
  for (const { shopifyId } of parked) {
    await disputeLock(tx, shopId, shopifyId);
    const dispute = await tx.dispute.findUnique({ where: { shopId_shopifyId: { shopId, shopifyId } } });
    if (!dispute || dispute.orderId) continue;
    await linkAndTrack(tx, shopId, settings, dispute, order, { statusChanged: false }, now);
  }
  return parked.length;
}
