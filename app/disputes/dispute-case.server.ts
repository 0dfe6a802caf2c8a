import type { DisputeKind, DisputeStatus, Prisma } from "../generated/prisma/client";
import { WAITING_STATUSES } from "../cases/order-context.server";
import { newCaseSla, setExternalDue, SLA_CASE_SELECT } from "../insights/sla.server";
import type { ShopSettings } from "../shops/settings.server";
import { t } from "../i18n/en";
import { disputeReasonLabel as disputeReasonText } from "./dispute-text";

// A dispute is urgent work for the store: the first time the app sees one (and knows its order) it opens a
// high-priority BILLING case for the customer, or joins the customer's waiting case — preferring the one about
// the same order, then one already holding a dispute — raising it to High (an Urgent case stays Urgent). The
// order is linked, the timeline gets "dispute_opened", and the evidence due date becomes the case's external
// deadline (Case.externalDueAt), which caps the SLA's resolution due time (app/insights/sla.server.ts).
//
// The deadline applies while the store still has to answer: the earliest evidence due date among the case's
// disputes that NEED_RESPONSE. Once evidence is sent (under review) or the dispute is decided, it no longer
// applies and the case's due times go back to its SLA policy (an inquiry that becomes a chargeback needs a
// response again, with its new due date).
//
// Everything here runs inside the caller's transaction (which holds the dispute's advisory lock).

type Tx = Prisma.TransactionClient;

export interface DisputeForCase {
  id: string;
  shopifyId: bigint;
  kind: DisputeKind;
  status: DisputeStatus;
  reason: string;
  amount: string;
  currencyCode: string;
  evidenceDueBy: Date | null;
}

export interface OrderForCase {
  id: string;
  name: string;
  customerId: string | null;
  email: string | null;
}


export function formatDisputeAmount(amount: string, currencyCode: string): string {
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency: currencyCode }).format(Number(amount));
  } catch {
    return `${amount} ${currencyCode}`;
  }
}

export function disputeCaseSubject(d: Pick<DisputeForCase, "kind" | "reason" | "amount" | "currencyCode">, orderName: string | null): string {
  const values = { kind: t(`dispute.kind.${d.kind}`), reason: disputeReasonText(d.reason), amount: formatDisputeAmount(d.amount, d.currencyCode) };
  return (orderName ? t("dispute.case.subject", { ...values, order: orderName }) : t("dispute.case.subjectNoOrder", values)).slice(0, 200);
}

/** Event data shared by the dispute's timeline events. */
function eventData(d: DisputeForCase, order: OrderForCase): Prisma.InputJsonObject {
  return {
    disputeId: d.shopifyId.toString(),
    kind: d.kind,
    status: d.status,
    reason: d.reason,
    amount: d.amount,
    currency: d.currencyCode,
    evidenceDueBy: d.evidenceDueBy?.toISOString() ?? null,
    orderName: order.name,
  };
}

/** The earliest evidence due date the case still has to meet (see the module comment); null when none. */
async function caseEvidenceDue(tx: Tx, shopId: string, caseId: string): Promise<Date | null> {
  const found = await tx.dispute.aggregate({
    where: { shopId, caseId, status: "NEEDS_RESPONSE", evidenceDueBy: { not: null } },
    _min: { evidenceDueBy: true },
  });
  return found._min.evidenceDueBy ?? null;
}

/** Brings the case's external deadline in line with its disputes, re-deriving the SLA due times when it moves. */
export async function syncCaseEvidenceDue(tx: Tx, settings: ShopSettings, shopId: string, caseId: string): Promise<void> {
  const c = await tx.case.findFirst({ where: { shopId, id: caseId }, select: SLA_CASE_SELECT });
  if (!c) return;
  const due = await caseEvidenceDue(tx, shopId, caseId);
  if ((c.externalDueAt?.getTime() ?? null) === (due?.getTime() ?? null)) return;
  await tx.case.updateMany({ where: { shopId, id: caseId }, data: setExternalDue(settings, c, due) });
}

/** The case a dispute belongs to now: its own, or the case it was merged into. */
export async function currentDisputeCase(tx: Tx, shopId: string, caseId: string): Promise<string | null> {
  let id: string | null = caseId;
  for (let hops = 0; id && hops < 5; hops += 1) {
    const c: { id: string; mergedIntoId: string | null } | null = await tx.case.findFirst({ where: { shopId, id }, select: { id: true, mergedIntoId: true } });
    if (!c) return null;
    if (!c.mergedIntoId) return c.id;
    id = c.mergedIntoId;
  }
  return id;
}

/**
 * Opens the dispute's case or joins the customer's waiting one (see the module comment); sets Dispute.caseId.
 * Idempotent through the "dispute_opened" event's dedupe key.
 */
export async function openOrAttachDisputeCase(
  tx: Tx,
  shopId: string,
  settings: ShopSettings,
  d: DisputeForCase,
  order: OrderForCase,
  now: Date,
): Promise<{ caseId: string; opened: boolean }> {
  const match: Prisma.CaseWhereInput[] = [{ orders: { some: { orderId: order.id } } }];
  if (order.customerId) match.push({ customerId: order.customerId });
  const candidates = await tx.case.findMany({
    where: { shopId, status: { in: WAITING_STATUSES }, mergedIntoId: null, OR: match },
    orderBy: [{ lastActivityAt: "desc" }, { id: "desc" }],
    take: 20,
    select: {
      ...SLA_CASE_SELECT,
      id: true,
      customerId: true,
      lastActivityAt: true,
      orders: { where: { orderId: order.id }, select: { orderId: true } },
      disputes: { select: { id: true }, take: 1 },
    },
  });
  const existing = candidates.find((c) => c.orders.length > 0) ?? candidates.find((c) => c.disputes.length > 0) ?? candidates[0] ?? null;
  const opened: Prisma.CaseEventCreateManyInput = {
    shopId,
    caseId: "",
    orderId: order.id,
    type: "dispute_opened",
    actorType: "SHOPIFY",
    dedupeKey: `dispute:${d.shopifyId}:opened`,
    occurredAt: now,
    data: eventData(d, order),
  };

  if (existing) {
    await tx.dispute.updateMany({ where: { shopId, id: d.id }, data: { caseId: existing.id } });
    await tx.caseOrder.createMany({ data: [{ shopId, caseId: existing.id, orderId: order.id, linkedBy: "AUTO" }], skipDuplicates: true });
    await tx.caseEvent.createMany({ data: [{ ...opened, caseId: existing.id }], skipDuplicates: true });
    // High priority at least: an Urgent case stays Urgent.
    const raise = existing.priority === "LOW" || existing.priority === "NORMAL";
    if (raise) {
      await tx.caseEvent.create({
        data: { shopId, caseId: existing.id, type: "priority_changed", actorType: "SYSTEM", data: { from: existing.priority, to: "HIGH", reason: "dispute" }, occurredAt: now },
      });
    }
    const due = await caseEvidenceDue(tx, shopId, existing.id);
    await tx.case.updateMany({
      where: { shopId, id: existing.id },
      data: {
        ...(raise ? { priority: "HIGH" as const } : {}),
        ...setExternalDue(settings, { ...existing, priority: raise ? "HIGH" : existing.priority }, due),
        ...(!existing.customerId && order.customerId ? { customerId: order.customerId } : {}),
        ...(existing.lastActivityAt < now ? { lastActivityAt: now } : {}),
      },
    });
    return { caseId: existing.id, opened: false };
  }

  const customer = order.customerId
    ? await tx.customer.findFirst({ where: { shopId, id: order.customerId }, select: { email: true, firstName: true, lastName: true, redactedAt: true } })
    : null;
  const person = customer && !customer.redactedAt ? customer : null;
  const email = person?.email ?? order.email ?? null;
  const name = [person?.firstName, person?.lastName].filter(Boolean).join(" ") || null;
  const { nextCaseNumber } = await tx.shop.update({ where: { id: shopId }, data: { nextCaseNumber: { increment: 1 } }, select: { nextCaseNumber: true } });
  const externalDueAt = d.status === "NEEDS_RESPONSE" ? d.evidenceDueBy : null;
  const subject = disputeCaseSubject(d, order.name);
  const created = await tx.case.create({
    data: {
      shopId,
      number: nextCaseNumber - 1,
      subject,
      status: "OPEN",
      priority: "HIGH",
      topic: "BILLING",
      channel: "SYSTEM",
      customerId: order.customerId,
      customerEmail: email,
      customerName: name,
      ...newCaseSla(settings, { priority: "HIGH", topic: "BILLING", openedAt: now, externalDueAt }),
      externalDueAt,
      lastMessageAt: now,
      lastActivityAt: now,
      createdAt: now,
    },
    select: { id: true },
  });
  const values = { kind: t(`dispute.kind.${d.kind}`).toLowerCase(), order: order.name, reason: disputeReasonText(d.reason), amount: formatDisputeAmount(d.amount, d.currencyCode) };
  await tx.message.create({
    data: {
      shopId,
      caseId: created.id,
      direction: "NOTE",
      channel: "SYSTEM",
      authorType: "SYSTEM",
      subject,
      bodyText: d.evidenceDueBy ? t("dispute.case.note", { ...values, due: d.evidenceDueBy.toISOString().slice(0, 10) }) : t("dispute.case.noteNoDue", values),
      deliveryStatus: "NOT_SENT",
      createdAt: now,
    },
  });
  await tx.caseOrder.createMany({ data: [{ shopId, caseId: created.id, orderId: order.id, linkedBy: "AUTO" }], skipDuplicates: true });
  await tx.caseEvent.createMany({ data: [{ ...opened, caseId: created.id }], skipDuplicates: true });
  await tx.dispute.updateMany({ where: { shopId, id: d.id }, data: { caseId: created.id } });
  return { caseId: created.id, opened: true };
}

/** The timeline event of a dispute's new status: dispute_won, dispute_lost, else dispute_updated. Once per status. */
export async function recordDisputeChange(tx: Tx, shopId: string, caseId: string, d: DisputeForCase, order: OrderForCase, now: Date): Promise<void> {
  const type = d.status === "WON" || d.status === "PREVENTED" ? "dispute_won" : d.status === "LOST" ? "dispute_lost" : "dispute_updated";
  await tx.caseEvent.createMany({
    data: [{ shopId, caseId, orderId: order.id, type, actorType: "SHOPIFY", dedupeKey: `dispute:${d.shopifyId}:${d.kind}:${d.status}`, occurredAt: now, data: eventData(d, order) }],
    skipDuplicates: true,
  });
  await tx.case.updateMany({ where: { shopId, id: caseId, lastActivityAt: { lt: now } }, data: { lastActivityAt: now } });
}
