import db from "../db.server";
import type { DisputeKind, DisputeStatus, Prisma } from "../generated/prisma/client";

// Read models of the mirrored disputes: the banner of a case (app/components/case/DisputeBanner.tsx) and the
// disputes section of an order's evidence pack (app/insights/evidence-pack.server.ts). Shop-scoped.

const DAY = 24 * 3600 * 1000;

export interface DisputeView {
  id: string;
  shopifyId: string;
  kind: DisputeKind;
  status: DisputeStatus;
  reason: string;
  networkReasonCode: string | null;
  amount: string;
  currencyCode: string;
  initiatedAt: string;
  evidenceDueBy: string | null;
  evidenceSentOn: string | null;
  finalizedOn: string | null;
  /** While a response is needed: how soon evidence is due (whole days left, 0 = within a day), else null. */
  due: { daysLeft: number; overdue: boolean } | null;
  order: { id: string; name: string } | null;
}

const select = {
  id: true,
  shopifyId: true,
  kind: true,
  status: true,
  reason: true,
  networkReasonCode: true,
  amount: true,
  currencyCode: true,
  initiatedAt: true,
  evidenceDueBy: true,
  evidenceSentOn: true,
  finalizedOn: true,
  order: { select: { id: true, name: true } },
} as const;

type Row = Prisma.DisputeGetPayload<{ select: typeof select }>;

function view(d: Row, now: Date): DisputeView {
  const open = d.status === "NEEDS_RESPONSE" && d.evidenceDueBy;
  const left = d.evidenceDueBy ? d.evidenceDueBy.getTime() - now.getTime() : 0;
  return {
    id: d.id,
    shopifyId: d.shopifyId.toString(),
    kind: d.kind,
    status: d.status,
    reason: d.reason,
    networkReasonCode: d.networkReasonCode,
    amount: d.amount.toFixed(2),
    currencyCode: d.currencyCode,
    initiatedAt: d.initiatedAt.toISOString(),
    evidenceDueBy: d.evidenceDueBy?.toISOString() ?? null,
    evidenceSentOn: d.evidenceSentOn?.toISOString() ?? null,
    finalizedOn: d.finalizedOn?.toISOString() ?? null,
    due: open ? { daysLeft: Math.max(0, Math.floor(left / DAY)), overdue: left < 0 } : null,
    order: d.order,
  };
}

/** The disputes of a case (and of cases merged into it), newest first. */
export async function loadCaseDisputes(shopId: string, caseId: string, now = new Date()): Promise<DisputeView[]> {
  const rows = await db.dispute.findMany({
    where: { shopId, OR: [{ caseId }, { case: { shopId, mergedIntoId: caseId } }] },
    orderBy: [{ initiatedAt: "desc" }, { id: "desc" }],
    take: 20,
    select,
  });
  return rows.map((d) => view(d, now));
}

/** The disputes of an order, oldest first (the evidence pack's order). */
export async function loadOrderDisputes(shopId: string, orderId: string, now = new Date()): Promise<DisputeView[]> {
  const rows = await db.dispute.findMany({ where: { shopId, orderId }, orderBy: [{ initiatedAt: "asc" }, { id: "asc" }], select });
  return rows.map((d) => view(d, now));
}
