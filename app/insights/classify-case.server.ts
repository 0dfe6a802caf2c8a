import db from "../db.server";
import type { CasePriority, CaseTopic, Prisma } from "../generated/prisma/client";
import { orderNamesIn } from "../cases/order-context.server";
import { getShopSettings } from "../shops/settings.server";
import { classify, type Classification, type ClassifierOrderState } from "./classifier.server";
import { recomputeSla, SLA_CASE_SELECT } from "./sla.server";

// Applies the local classifier (./classifier.server.ts) to a case that just opened: its first customer message and
// the state of the order it is about, from the order mirror. Runs inside the request that opened the case
// (storefront form, inbound email) before the automatic acknowledgement, so automatic answers see the topic.
//
// What "classifier accuracy" measures (InsightCaseDaily.topicReviewed / topicCorrect, app/insights/rollup/cases.server.ts):
// for each resolved case the classifier saw, whether the classifier's topic (Case.suggestedTopic) equals the topic
// the case was resolved under (Case.topic at resolution) — the topic staff confirmed by resolving the case under it,
// or corrected it to. When the shopper picked a topic on the form, the case keeps the shopper's topic and staff
// resolving under it confirm it; the classifier's guess is still stored and compared with it. suggestedTopic is
// written HERE ONLY: every case is created with it null; openOrAppendCase (storefront form, inbound email, returns
// asked in the storefront or customer account) then runs this classifier. Cases it never sees — return cases opened
// from Shopify's returns/request webhook, split-off cases, first-order-care system cases — keep it null and count
// neither as reviewed nor as correct. The demo and scale seeds write it directly to simulate classifier output.

const SHIPPED_STATES = ["IN_TRANSIT", "OUT_FOR_DELIVERY", "CONFIRMED", "PICKED_UP", "CARRIER_PICKED_UP", "ATTEMPTED_DELIVERY", "DELAYED", "READY_FOR_PICKUP", "LABEL_PURCHASED", "LABEL_PRINTED"];
const LIVE_FULFILLMENT = ["SUCCESS", "OPEN", "PENDING"];

const ORDER_STATE_SELECT = {
  id: true,
  name: true,
  financialStatus: true,
  fulfillmentStatus: true,
  cancelledAt: true,
  processedAt: true,
  fulfillments: { select: { status: true, shipmentStatus: true, deliveredAt: true } },
  _count: { select: { refunds: true, returns: true } },
} satisfies Prisma.OrderSelect;
type OrderForState = Prisma.OrderGetPayload<{ select: typeof ORDER_STATE_SELECT }>;

/** The classifier's view of one mirrored order. */
export function orderState(order: OrderForState): ClassifierOrderState {
  const live = order.fulfillments.filter((f) => LIVE_FULFILLMENT.includes(f.status));
  const delivered = live.some((f) => f.deliveredAt !== null || f.shipmentStatus === "DELIVERED");
  const inTransit = live.some(
    (f) => f.deliveredAt === null && f.shipmentStatus !== "DELIVERED" && (f.shipmentStatus === null ? f.status === "SUCCESS" : SHIPPED_STATES.includes(f.shipmentStatus)),
  );
  return {
    financialStatus: order.financialStatus,
    fulfillmentStatus: order.fulfillmentStatus,
    delivered,
    inTransit,
    cancelled: order.cancelledAt !== null,
    refunded: order.financialStatus === "REFUNDED" || order.financialStatus === "PARTIALLY_REFUNDED" || order._count.refunds > 0,
    hasReturn: order._count.returns > 0,
  };
}

/**
 * Which linked order the message is about: the one the customer chose (contact form) or staff linked, else the
 * ones the message names (#1001), else the most recent one (a case opening links the customer's recent orders).
 */
function primaryOrders(
  links: { linkedBy: string; order: OrderForState }[],
  text: string,
): OrderForState[] {
  const chosen = links.filter((l) => l.linkedBy === "CUSTOMER" || l.linkedBy === "STAFF").map((l) => l.order);
  if (chosen.length > 0) return chosen;
  const names = new Set(orderNamesIn(text).map((n) => n.toLowerCase()));
  const named = links.filter((l) => names.has(l.order.name.toLowerCase())).map((l) => l.order);
  if (named.length > 0) return named;
  const recent = [...links].sort((a, b) => b.order.processedAt.getTime() - a.order.processedAt.getTime())[0];
  return recent ? [recent.order] : [];
}

/** "Any" across the orders the message is about. */
function combine(states: ClassifierOrderState[]): ClassifierOrderState | null {
  if (states.length === 0) return null;
  if (states.length === 1) return states[0];
  return {
    financialStatus: states[0].financialStatus,
    fulfillmentStatus: states[0].fulfillmentStatus,
    delivered: states.some((s) => s.delivered),
    inTransit: states.some((s) => s.inTransit),
    cancelled: states.some((s) => s.cancelled),
    refunded: states.some((s) => s.refunded),
    hasReturn: states.some((s) => s.hasReturn),
  };
}

const RAISED: Partial<Record<CasePriority, CasePriority>> = { LOW: "HIGH", NORMAL: "HIGH" };

/**
 * Classifies a newly opened case and stores the result: suggestedTopic (always the classifier's), topic (the
 * classifier's unless the shopper already chose one other than OTHER on the contact form), urgent, sentiment and
 * signals; an urgent case at LOW/NORMAL priority goes HIGH (never lowered). When topic or priority changed and no
 * first response was sent, the SLA due times are derived again. A "classified" timeline event says why.
 * Returns null when the case or its first customer message is not found.
 */
export async function classifyNewCase(shopId: string, caseId: string, now: Date = new Date()): Promise<Classification | null> {
  const c = await db.case.findFirst({
    where: { id: caseId, shopId },
    select: {
      id: true,
      subject: true,
      ...SLA_CASE_SELECT,
      messages: {
        where: { shopId, direction: "INBOUND" },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        take: 1,
        select: { subject: true, bodyText: true },
      },
      orders: {
        where: { shopId },
        select: { linkedBy: true, order: { select: ORDER_STATE_SELECT } },
        take: 20,
      },
    },
  });
  if (!c) return null;
  const first = c.messages[0];
  if (!first) return null;

  const subject = first.subject ?? c.subject;
  const orders = primaryOrders(c.orders, `${subject}\n${first.bodyText}`);
  const result = classify({ subject, body: first.bodyText, order: combine(orders.map(orderState)) });

  const topic: CaseTopic = c.topic === "OTHER" ? result.topic : c.topic;
  const priority: CasePriority = result.urgent ? RAISED[c.priority] ?? c.priority : c.priority;
  const settings = await getShopSettings(shopId);
  const sla =
    (topic !== c.topic || priority !== c.priority) && !c.firstResponseAt
      ? recomputeSla(settings, c, { topic, priority })
      : {};

  await db.$transaction(async (tx) => {
    await tx.case.updateMany({
      where: { shopId, id: caseId },
      data: { suggestedTopic: result.topic, topic, priority, urgent: result.urgent, sentiment: result.sentiment, signals: result.signals, ...sla },
    });
    await tx.caseEvent.create({
      data: {
        shopId,
        caseId,
        type: "classified",
        actorType: "SYSTEM",
        data: {
          topic: result.topic,
          applied: topic === result.topic,
          confidence: result.confidence,
          urgent: result.urgent,
          sentiment: result.sentiment,
          signals: result.signals,
          reasons: result.reasons.slice(0, 6),
          ...(priority !== c.priority ? { priorityFrom: c.priority, priorityTo: priority } : {}),
        },
        occurredAt: now,
      },
    });
  });
  return result;
}
