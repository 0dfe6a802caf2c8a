import { notifyCustomerOfOrderEvent } from "../channels/automation.server";
import db from "../db.server";
import { orderIdsWithEmail } from "../customers/email-match.server";
import type { CaseStatus, CaseTopic, Prisma } from "../generated/prisma/client";
import type { ShopRecord } from "../shops/shops.server";

// Order context of cases: which orders a case is about (CaseOrder), and the order's history on the case's
// timeline (CaseEvent). The order mirror (app/orders/mirror.server.ts) calls in here inside its per-order
// transaction; the case side calls linkCaseToOrders when a case opens or a customer writes.

type Tx = Prisma.TransactionClient;

/** Timeline event types written for order changes. */
export type OrderEventType =
  | "order_created"
  | "order_cancelled"
  | "order_shipped"
  | "in_transit"
  | "out_for_delivery"
  | "delivered"
  | "delivery_failed"
  | "delivery_attempted"
  | "delayed"
  | "refund_issued"
  | "return_requested"
  | "return_approved"
  | "return_declined"
  | "return_processed"
  | "return_closed"
  | "return_cancelled"
  | "return_reopened";

/** Something that happened to an order, as the mirror observed it. */
export interface OrderFact {
  type: OrderEventType;
  /** Stable for the thing that happened ("fulfillment:123:delivered"), so re-processing is a no-op. */
  dedupeKey: string;
  occurredAt: Date;
  actorType: "SHOPIFY" | "CUSTOMER";
  data: Prisma.InputJsonObject;
}

/** The mirrored order the facts are about. */
export interface OrderRef {
  id: string;
  name: string;
  orderNumber: number;
  customerId: string | null;
  email: string | null;
}

/** Cases that still wait for something: they get auto-links, suggestions and activity bumps. */
export const WAITING_STATUSES: CaseStatus[] = ["OPEN", "PENDING", "SNOOZED"];

/** How far back an open case may have been active to be searched for a newly mirrored order's name. */
const MENTION_WINDOW_DAYS = 30;
const MENTION_CASE_LIMIT = 20;
/** Orders of a case's customer linked when the case is opened: the most recent ones. */
const CUSTOMER_ORDER_LIMIT = 10;

// ───────────────────────────── Linking ─────────────────────────────

/**
 * A newly mirrored order joins the waiting cases of its customer (same Customer, or the same email for
 * guests) and the waiting cases that name it ("#1001" in the subject or a customer's message).
 * The name search is bounded to cases active in the last 30 days: message bodies have no text index, and
 * a full scan of a large shop's messages takes seconds (docs/performance-notes).
 */
export async function linkNewOrderToCases(tx: Tx, shopId: string, order: OrderRef): Promise<string[]> {
  const byCustomer: { id: string }[] = [];
  const customerMatch: Prisma.CaseWhereInput[] = [];
  if (order.customerId) customerMatch.push({ customerId: order.customerId });
  if (order.email) customerMatch.push({ customerEmail: { in: unique([order.email, order.email.toLowerCase()]) } });
  if (customerMatch.length > 0) {
    byCustomer.push(
      ...(await tx.case.findMany({
        where: { shopId, status: { in: WAITING_STATUSES }, mergedIntoId: null, OR: customerMatch },
        select: { id: true },
        take: MENTION_CASE_LIMIT,
      })),
    );
  }
  const pattern = mentionPattern(order.name);
  const since = new Date(Date.now() - MENTION_WINDOW_DAYS * 24 * 3600 * 1000);
  const byMention = await tx.$queryRaw<{ id: string }[]>`
    SELECT c.id::text AS id
    FROM "Case" c
    WHERE c."shopId" = ${shopId}::uuid
      AND c.status IN ('OPEN', 'PENDING', 'SNOOZED')
      AND c."mergedIntoId" IS NULL
      AND c."lastActivityAt" > ${since}
      AND (
        c.subject ~* ${pattern}
        OR EXISTS (
          SELECT 1 FROM "Message" m
          WHERE m."shopId" = ${shopId}::uuid AND m."caseId" = c.id AND m.direction = 'INBOUND' AND m."bodyText" ~* ${pattern}
        )
      )
    LIMIT ${MENTION_CASE_LIMIT}`;
  const caseIds = unique([...byCustomer, ...byMention].map((c) => c.id));
  if (caseIds.length > 0) {
    await tx.caseOrder.createMany({
      data: caseIds.map((caseId) => ({ shopId, caseId, orderId: order.id, linkedBy: "AUTO" as const })),
      skipDuplicates: true,
    });
  }
  return caseIds;
}

/**
 * Links a case to the orders it names (in its subject and its customers' messages) and to the most recent
 * orders of its customer. Call when a case opens or a customer message arrives. Returns the links added.
 */
export async function linkCaseToOrders(shopId: string, caseId: string, options: { namedOrdersOfCustomerOnly?: boolean } = {}): Promise<number> {
  const found = await db.case.findFirst({
    where: { id: caseId, shopId },
    select: {
      subject: true,
      customerId: true,
      customerEmail: true,
      messages: {
        where: { shopId, direction: "INBOUND" },
        select: { bodyText: true },
        orderBy: { createdAt: "desc" },
        take: 50,
      },
    },
  });
  if (!found) return 0;
  const names = orderNamesIn([found.subject, ...found.messages.map((m) => m.bodyText)].join("\n"));
  const orderIds = new Set<string>();
  if (names.length > 0) {
    const numbers = unique(names.map((n) => Number(n.replace(/\D/g, ""))).filter((n) => Number.isSafeInteger(n)));
    const ownership: Prisma.OrderWhereInput[] = [];
    if (found.customerId) ownership.push({ customerId: found.customerId });
    if (found.customerEmail) ownership.push({ id: { in: await orderIdsWithEmail(shopId, found.customerEmail, CUSTOMER_ORDER_LIMIT) } });
    const named = options.namedOrdersOfCustomerOnly && ownership.length === 0
      ? []
      : await db.order.findMany({
          where: {
            shopId,
            orderNumber: { in: numbers },
            name: { in: names, mode: "insensitive" },
            ...(options.namedOrdersOfCustomerOnly ? { OR: ownership } : {}),
          },
          select: { id: true },
        });
    named.forEach((o) => orderIds.add(o.id));
  }
  const customerMatch: Prisma.OrderWhereInput[] = [];
  if (found.customerId) customerMatch.push({ customerId: found.customerId });
  if (found.customerEmail) customerMatch.push({ id: { in: await orderIdsWithEmail(shopId, found.customerEmail, CUSTOMER_ORDER_LIMIT) } });
  if (customerMatch.length > 0) {
    const recent = await db.order.findMany({
      where: { shopId, OR: customerMatch },
      orderBy: { processedAt: "desc" },
      take: CUSTOMER_ORDER_LIMIT,
      select: { id: true },
    });
    recent.forEach((o) => orderIds.add(o.id));
  }
  if (orderIds.size === 0) return 0;
  const result = await db.caseOrder.createMany({
    data: [...orderIds].map((orderId) => ({ shopId, caseId, orderId, linkedBy: "AUTO" as const })),
    skipDuplicates: true,
  });
  return result.count;
}

/** Order names written like Shopify's default "#1001" (with or without a space after #). */
export function orderNamesIn(text: string): string[] {
  const names = [...text.matchAll(/#\s?(\d{3,12})(?!\d)/g)].map((m) => `#${m[1]}`);
  return unique(names);
}

/** A PostgreSQL regular expression matching the order name as a whole token (#1001, not #10010). */
export function mentionPattern(name: string): string {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const before = /^[A-Za-z0-9]/.test(name) ? "(^|[^[:alnum:]])" : "";
  return `${before}${escaped}($|[^[:alnum:]])`;
}

// ───────────────────────────── Timeline and suggestions ─────────────────────────────

/**
 * Appends the facts to the timeline of every case linked to the order (once per case: the dedupe key makes
 * a repeat a no-op), bumps the cases' last activity, and leaves a suggestion for staff where a fact answers
 * a waiting case's question. Nothing is sent to the customer. Returns the number of timeline events added.
 */
export async function appendOrderTimeline(
  tx: Tx,
  shop: ShopRecord,
  order: OrderRef,
  facts: OrderFact[],
): Promise<number> {
  if (facts.length === 0) return 0;
  const links = await tx.caseOrder.findMany({
    where: { shopId: shop.id, orderId: order.id, case: { mergedIntoId: null } },
    select: { case: { select: { id: true, status: true, topic: true } } },
  });
  if (links.length === 0) return 0;
  const now = new Date();
  const byKey = new Map(facts.map((f) => [f.dedupeKey, f]));
  const rows: Prisma.CaseEventCreateManyInput[] = links.flatMap(({ case: c }) =>
    [...byKey.values()].map((fact) => ({
      shopId: shop.id,
      caseId: c.id,
      orderId: order.id,
      type: fact.type,
      actorType: fact.actorType,
      data: fact.data,
      dedupeKey: fact.dedupeKey,
      occurredAt: fact.occurredAt,
    })),
  );
  const inserted = await tx.caseEvent.createManyAndReturn({
    data: rows,
    skipDuplicates: true,
    select: { caseId: true, dedupeKey: true, occurredAt: true },
  });
  if (inserted.length === 0) return 0;

  const cases = new Map(links.map(({ case: c }) => [c.id, c]));
  const suggestions: Prisma.CaseEventCreateManyInput[] = [];
  const latest = new Map<string, Date>();
  for (const event of inserted) {
    const at = event.occurredAt > now ? now : event.occurredAt;
    if (!latest.has(event.caseId) || latest.get(event.caseId)! < at) latest.set(event.caseId, at);
    const c = cases.get(event.caseId);
    const fact = event.dedupeKey ? byKey.get(event.dedupeKey) : undefined;
    if (!c || !fact || !WAITING_STATUSES.includes(c.status)) continue;
    const suggestion = suggestionFor(c.topic, fact, order, shop);
    if (!suggestion) continue;
    suggestions.push({
      shopId: shop.id,
      caseId: c.id,
      orderId: order.id,
      type: "suggestion",
      actorType: "SYSTEM",
      data: { ...suggestion, orderName: order.name, basedOn: fact.dedupeKey },
      dedupeKey: `suggestion:${fact.dedupeKey}`,
      occurredAt: now,
    });
    latest.set(c.id, now);
  }
  if (suggestions.length > 0) await tx.caseEvent.createMany({ data: suggestions, skipDuplicates: true });
  // Automatic order updates to the customer (off unless the shop switched them on): only for events just inserted.
  await notifyCustomerOfOrderEvent(
    tx,
    shop,
    order,
    inserted.flatMap((e) => {
      const fact = e.dedupeKey ? byKey.get(e.dedupeKey) : undefined;
      return fact ? [{ caseId: e.caseId, type: fact.type, dedupeKey: fact.dedupeKey, data: fact.data as Record<string, unknown> }] : [];
    }),
  );

  for (const [caseId, at] of latest) {
    await tx.case.updateMany({
      where: { shopId: shop.id, id: caseId, lastActivityAt: { lt: at } },
      data: { lastActivityAt: at },
    });
  }
  return inserted.length;
}

export type SuggestionKind =
  | "order_delivered"
  | "return_approved"
  | "return_processed"
  | "refund_issued"
  | "order_cancelled";

/** The sentence staff see when an event answers the case's open question; null when it does not. */
export function suggestionFor(
  topic: CaseTopic,
  fact: OrderFact,
  order: Pick<OrderRef, "name">,
  shop: Pick<ShopRecord, "ianaTimezone">,
): { kind: SuggestionKind; text: string } | null {
  const data = fact.data as Record<string, unknown>;
  const on = `on ${dayMonth(fact.occurredAt, shop.ianaTimezone)}`;
  const str = (key: string) => (typeof data[key] === "string" && data[key] ? (data[key] as string) : null);
  switch (`${topic}:${fact.type}`) {
    case "WHERE_IS_MY_ORDER:delivered": {
      const carrier = str("carrier");
      const by = carrier ? ` by ${carrier}` : "";
      if (data.allDelivered === false) {
        const shipment = str("fulfillmentName") ?? "One shipment";
        return {
          kind: "order_delivered",
          text: `${shipment} of order ${order.name} was delivered ${on}${by}; other items are still on their way — reply with an update?`,
        };
      }
      return {
        kind: "order_delivered",
        text: `Order ${order.name} was delivered ${on}${by} — reply with the delivery confirmation and resolve?`,
      };
    }
    case "RETURN:return_approved":
      return {
        kind: "return_approved",
        text: `${theReturn(str("returnName"))} for order ${
          order.name
        } was approved ${on} — send the return instructions and resolve?`,
      };
    case "RETURN:return_processed":
      return {
        kind: "return_processed",
        text: `${theReturn(str("returnName"))} for order ${
          order.name
        } was processed ${on} — let the customer know and resolve?`,
      };
    case "REFUND:refund_issued": {
      const amount = formatMoney(str("amount"), str("currency"));
      return {
        kind: "refund_issued",
        text: `Order ${order.name} was refunded${
          amount ? ` ${amount}` : ""
        } ${on} — confirm the refund to the customer and resolve?`,
      };
    }
    case "CANCEL:order_cancelled":
      return {
        kind: "order_cancelled",
        text: `Order ${order.name} was cancelled ${on} — confirm the cancellation to the customer and resolve?`,
      };
    default:
      return null;
  }
}

const theReturn = (name: string | null) => (name ? `Return ${name}` : "The return");

function dayMonth(date: Date, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone }).format(date);
  } catch {
    return new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" }).format(date);
  }
}

function formatMoney(amount: string | null, currency: string | null): string | null {
  if (!amount) return null;
  const value = Number(amount);
  if (!Number.isFinite(value)) return null;
  try {
    return new Intl.NumberFormat("en-US", { style: "currency", currency: currency ?? "USD" }).format(value);
  } catch {
    return `${amount} ${currency ?? ""}`.trim();
  }
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
