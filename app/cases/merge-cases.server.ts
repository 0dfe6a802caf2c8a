import db from "../db.server";
import { AppError } from "../errors.server";
import { syncCaseEvidenceDue } from "../disputes/dispute-case.server";
import { getShopSettings } from "../shops/settings.server";
import { requireCase } from "./case-detail.server";

// Merging two cases of the same customer (the customer wrote twice about one thing): everything of the
// source moves to the target, the source is closed and points at the target, and both record the merge.

const caseSelect = {
  id: true,
  number: true,
  status: true,
  customerId: true,
  customerEmail: true,
  tags: true,
  lastActivityAt: true,
  lastMessageAt: true,
  firstResponseAt: true,
  mergedIntoId: true,
} as const;

function sameCustomer(
  a: { customerId: string | null; customerEmail: string | null },
  b: { customerId: string | null; customerEmail: string | null },
): boolean {
  if (a.customerId && b.customerId) return a.customerId === b.customerId;
  return Boolean(a.customerEmail && b.customerEmail && a.customerEmail.toLowerCase() === b.customerEmail.toLowerCase());
}

const OPEN_STATUSES = new Set(["OPEN", "PENDING", "SNOOZED"]);

/** Merges `sourceId` into `targetId`. Returns the target's number. */
export async function mergeCases(
  shopId: string,
  staffId: string | null,
  sourceId: string,
  targetId: string,
): Promise<{ targetId: string; targetNumber: number; sourceNumber: number; moved: { messages: number; events: number; orders: number } }> {
  if (sourceId === targetId) throw new AppError("bad_request", "A case cannot be merged into itself. Choose another case of this customer.");
  const [source, target] = await Promise.all([requireCase(shopId, sourceId, caseSelect), requireCase(shopId, targetId, caseSelect)]);
  if (source.mergedIntoId || target.mergedIntoId) {
    const merged = source.mergedIntoId ? source : target;
    throw new AppError("bad_request", `Case #${merged.number} was already merged into another case. Reload and merge into that one.`);
  }
  if (!sameCustomer(source, target)) {
    throw new AppError(
      "bad_request",
      `Cases #${source.number} and #${target.number} belong to different customers. Only cases of the same customer can be merged.`,
    );
  }
  const now = new Date();
  const settings = await getShopSettings(shopId);
  return db.$transaction(async (tx) => {
    // Two staff merging A→B and B→A (or A→B and B→C) at once must not close both: lock both cases, in id order
    // (no deadlock), and re-check under the lock.
    const locked = await tx.$queryRaw<{ id: string; mergedIntoId: string | null; status: string; slaDueAt: Date | null }[]>`
      SELECT id::text AS id, "mergedIntoId"::text AS "mergedIntoId", status::text AS status, "slaDueAt" FROM "Case"
      WHERE "shopId" = ${shopId}::uuid AND id IN (${source.id}::uuid, ${target.id}::uuid)
      ORDER BY id FOR UPDATE`;
    if (locked.length !== 2 || locked.some((row) => row.mergedIntoId)) {
      throw new AppError("conflict", "One of these cases was just merged by someone else. Reload the case and try again.");
    }
    const lockedSource = locked.find((row) => row.id === source.id)!;
    const lockedTarget = locked.find((row) => row.id === target.id)!;
    // An open question moving into a resolved or closed case would vanish from every working view: reopen it.
    const reopen = OPEN_STATUSES.has(lockedSource.status) && !OPEN_STATUSES.has(lockedTarget.status);

    // Order events already on the target (the same shipment seen by both cases) stay once.
    const targetKeys = await tx.caseEvent.findMany({
      where: { shopId, caseId: target.id, dedupeKey: { not: null } },
      select: { dedupeKey: true },
    });
    const keys = targetKeys.map((e) => e.dedupeKey!);
    if (keys.length > 0) await tx.caseEvent.deleteMany({ where: { shopId, caseId: source.id, dedupeKey: { in: keys } } });
    const messages = await tx.message.updateMany({ where: { shopId, caseId: source.id }, data: { caseId: target.id } });
    const events = await tx.caseEvent.updateMany({ where: { shopId, caseId: source.id }, data: { caseId: target.id } });
    const links = await tx.caseOrder.findMany({ where: { shopId, caseId: source.id }, select: { orderId: true, linkedBy: true } });
    const added = await tx.caseOrder.createMany({
      data: links.map((l) => ({ shopId, caseId: target.id, orderId: l.orderId, linkedBy: l.linkedBy })),
      skipDuplicates: true,
    });
    await tx.caseOrder.deleteMany({ where: { shopId, caseId: source.id } });
    await tx.orderAction.updateMany({ where: { shopId, caseId: source.id }, data: { caseId: target.id } });
    await tx.casePresence.deleteMany({ where: { shopId, caseId: source.id } });
    // The source's disputes belong to the target now (a later dispute webhook follows Dispute.caseId).
    await tx.dispute.updateMany({ where: { shopId, caseId: source.id }, data: { caseId: target.id } });
    // Cases merged into the source earlier now point at the target.
    await tx.case.updateMany({ where: { shopId, mergedIntoId: source.id }, data: { mergedIntoId: target.id } });

    const latest = (a: Date | null, b: Date | null) => (!a ? b : !b ? a : a > b ? a : b);
    const earliest = (a: Date | null, b: Date | null) => (!a ? b : !b ? a : a < b ? a : b);
    await tx.case.update({
      where: { id: target.id, shopId },
      data: {
        tags: [...new Set([...target.tags, ...source.tags])],
        lastActivityAt: now,
        lastMessageAt: latest(target.lastMessageAt, source.lastMessageAt),
        firstResponseAt: earliest(target.firstResponseAt, source.firstResponseAt),
        ...(reopen
          ? {
              status: "OPEN",
              resolvedAt: null,
              closedAt: null,
              snoozedUntil: null,
              reopenCount: { increment: 1 },
              slaDueAt: earliest(lockedTarget.slaDueAt, lockedSource.slaDueAt),
            }
          : {}),
      },
    });
    await tx.case.update({
      where: { id: source.id, shopId },
      data: { mergedIntoId: target.id, status: "CLOSED", closedAt: now, lastActivityAt: now, snoozedUntil: null, slaDueAt: null },
    });
    // The target's external deadline is the earliest evidence due date of all its disputes now (the source's
    // may be sooner), capping its SLA due times; the closed source keeps none.
    await syncCaseEvidenceDue(tx, settings, shopId, target.id);
    await syncCaseEvidenceDue(tx, settings, shopId, source.id);
    await tx.caseEvent.createMany({
      data: [
        {
          shopId,
          caseId: target.id,
          type: "merged",
          actorType: "STAFF",
          staffId,
          data: { fromCaseId: source.id, fromNumber: source.number, messages: messages.count },
          occurredAt: now,
        },
        ...(reopen
          ? [
              {
                shopId,
                caseId: target.id,
                type: "status_changed",
                actorType: "STAFF" as const,
                staffId,
                data: { from: lockedTarget.status, to: "OPEN", reason: "merged_open_case" },
                occurredAt: now,
              },
            ]
          : []),
        {
          shopId,
          caseId: source.id,
          type: "merged_into",
          actorType: "STAFF",
          staffId,
          data: { intoCaseId: target.id, intoNumber: target.number, from: source.status, to: "CLOSED" },
          occurredAt: now,
        },
      ],
    });
    return {
      targetId: target.id,
      targetNumber: target.number,
      sourceNumber: source.number,
      moved: { messages: messages.count, events: events.count, orders: added.count },
    };
  }, { timeout: 60_000 });
}
