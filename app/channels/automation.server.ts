import db from "../db.server";
import { AppError } from "../errors.server";
import type { Prisma } from "../generated/prisma/client";
import { usesInProcessJobs } from "../jobs/queue.server";
import { parseShopSettings, settingsForShop } from "../shops/settings.server";
import { pauseSla, recomputeSla, resumeSla, SLA_CASE_SELECT } from "../insights/sla.server";
import { getReturnPolicy } from "../returns/return-policy.server";
import { webUrl } from "../storefront/orders.server";
import { returnWindowEnd } from "../storefront/returns.server";
import { conversationFooter, needsHelpLink } from "./links.server";
import { queueEmail, SEND_EMAIL_MAX_ATTEMPTS } from "./email/outbox.server";

/**
 * Proactive messages to the customer, each off by default and switched on per shop (Settings → Automation):
 * - order updates: when an order linked to a waiting case ships, is delivered or is refunded, the customer gets
 *   a short note in the case's thread (an OUTBOUND message by SYSTEM, sent by the email outbox);
 * - auto-acknowledgement: a new case gets a receipt with the linked order's live status and tracking link;
 * - automatic answers: a new "where is my order" case with a linked order, or a new "return" case, gets the answer
 *   itself (status and tracking; return policy, window and link) instead of the receipt, marked as automatic, with
 *   an "I still need help" link that hands the case straight back to staff (customerNeedsHelp). The case waits on
 *   the customer (PENDING) meanwhile.
 * Both are idempotent: an order update is written only for a timeline event that was just inserted (its dedupe
 * key makes a re-delivered webhook a no-op), an acknowledgement only once per case (a dedupe-keyed event).
 */

type Tx = Prisma.TransactionClient;

export const AUTOMATIC_NOTE = "This is an automatic update. Reply to this email if you still need help — a person will answer.";

export type NotifiedEventType = "order_shipped" | "delivered" | "refund_issued";
const SETTING_FOR: Record<NotifiedEventType, "shipped" | "delivered" | "refunded"> = {
  order_shipped: "shipped",
  delivered: "delivered",
  refund_issued: "refunded",
};

const str = (v: unknown): string | null => (typeof v === "string" && v.trim() ? v.trim() : null);

/** The shipping lines of an update: carrier, tracking number and an http(s) tracking link only. */
function trackingLines(data: Record<string, unknown>): string[] {
  const carrier = str(data.carrier);
  const number = str(data.trackingNumber);
  const url = webUrl(str(data.trackingUrl));
  return [
    carrier || number ? `Carrier: ${[carrier, number ? `tracking number ${number}` : null].filter(Boolean).join(", ")}` : null,
    url ? `Track your parcel: ${url}` : null,
  ].filter((l): l is string => l !== null);
}

/** Subject and body of an order update; null for event types that are never sent. */
export function orderUpdateText(type: string, data: Record<string, unknown>, orderName: string): { subject: string; body: string } | null {
  switch (type) {
    case "order_shipped":
      return {
        subject: `Your order ${orderName} has shipped`,
        body: [`Good news: your order ${orderName} is on its way.`, ...trackingLines(data)].join("\n"),
      };
    case "delivered":
      return {
        subject: `Your order ${orderName} was delivered`,
        body: [
          data.allDelivered === false
            ? `Part of your order ${orderName} was delivered; the rest is still on its way.`
            : `Your order ${orderName} was delivered.`,
          ...trackingLines(data),
          "If anything is missing or not right, just reply to this email.",
        ].join("\n"),
      };
    case "refund_issued": {
      const amount = str(data.amount);
      const currency = str(data.currency);
      return {
        subject: `A refund for your order ${orderName}`,
        body: [
          `We issued a refund${amount ? ` of ${amount}${currency ? ` ${currency}` : ""}` : ""} for your order ${orderName}.`,
          "Depending on your bank it can take a few business days to show on your statement.",
        ].join("\n"),
      };
    }
    default:
      return null;
  }
}

/**
 * Queues the send-email job in the same transaction as the message, so the job never runs before the message
 * is committed (and never runs for a message that was rolled back). The embedded demo database has no
 * graphile-worker schema: its in-process queue runs the job a moment later, after the commit.
 */
async function queueEmailInTx(tx: Tx, shopId: string, messageId: string): Promise<void> {
  if (usesInProcessJobs()) {
    setTimeout(() => void queueEmail(shopId, messageId).catch(() => undefined), 1000);
    return;
  }
  const payload = JSON.stringify({ shopId, messageId });
  await tx.$executeRaw`SELECT graphile_worker.add_job('send-email', ${payload}::json, max_attempts := ${SEND_EMAIL_MAX_ATTEMPTS}::int, job_key := ${`send-email:${messageId}`}::text)`;
}

/**
 * Called by appendOrderTimeline (inside the order mirror's transaction) with the timeline events it has just
 * inserted: each shipped/delivered/refunded event on a waiting, unmerged case with a customer email becomes
 * one automatic message to the customer, if the shop switched that update on. Returns the messages created.
 */
export async function notifyCustomerOfOrderEvent(
  tx: Tx,
  shop: { id: string; settings: unknown },
  order: { id: string; name: string },
  events: { caseId: string; type: string; dedupeKey: string; data: Record<string, unknown> }[],
): Promise<number> {
  const settings = parseShopSettings(shop.settings).automation.orderUpdates;
  if (!settings.enabled) return 0;
  const wanted = events.filter((e) => e.type in SETTING_FOR && settings[SETTING_FOR[e.type as NotifiedEventType]]);
  if (wanted.length === 0) return 0;
  const cases = await tx.case.findMany({
    where: {
      shopId: shop.id,
      id: { in: [...new Set(wanted.map((e) => e.caseId))] },
      status: { in: ["OPEN", "PENDING", "SNOOZED"] },
      mergedIntoId: null,
      customerEmail: { not: null },
    },
    select: { id: true },
  });
  const open = new Set(cases.map((c) => c.id));
  let created = 0;
  for (const event of wanted) {
    if (!open.has(event.caseId)) continue;
    const text = orderUpdateText(event.type, event.data, order.name);
    if (!text) continue;
    // One update per (case, event): the marker event shares the timeline event's dedupe key.
    const marker = await tx.caseEvent.createManyAndReturn({
      data: [
        {
          shopId: shop.id,
          caseId: event.caseId,
          orderId: order.id,
          type: "automatic_update_sent",
          actorType: "SYSTEM",
          data: { orderName: order.name, about: event.type, basedOn: event.dedupeKey },
          dedupeKey: `notify:${event.dedupeKey}`,
        },
      ],
      skipDuplicates: true,
      select: { id: true },
    });
    if (marker.length === 0) continue;
    const message = await tx.message.create({
      data: {
        shopId: shop.id,
        caseId: event.caseId,
        direction: "OUTBOUND",
        channel: "EMAIL",
        authorType: "SYSTEM",
        authorName: "Automatic update",
        subject: text.subject,
        bodyText: `${text.body}\n\n${AUTOMATIC_NOTE}${conversationFooter(shop.id, event.caseId)}`,
        deliveryStatus: "QUEUED",
      },
      select: { id: true },
    });
    await queueEmailInTx(tx, shop.id, message.id);
    created += 1;
  }
  return created;
}

const fmtDay = (d: Date, timeZone: string) => new Intl.DateTimeFormat("en", { dateStyle: "long", timeZone }).format(d);

const FULFILLMENT_WORDS: Record<string, string> = {
  UNFULFILLED: "being prepared — it has not shipped yet",
  PARTIALLY_FULFILLED: "partly shipped",
  FULFILLED: "shipped",
  RESTOCKED: "restocked",
  ON_HOLD: "on hold",
  SCHEDULED: "scheduled to ship",
  IN_PROGRESS: "being prepared",
  PENDING_FULFILLMENT: "being prepared",
  OPEN: "being prepared",
};

/** "Order #1001: shipped (delivered 3 May)…" lines for the acknowledgement, from the mirrored order. */
async function orderStatusLines(shopId: string, caseId: string): Promise<string[]> {
  const link = await db.caseOrder.findFirst({
    where: { shopId, caseId },
    orderBy: { createdAt: "desc" },
    select: {
      order: {
        select: {
          name: true,
          fulfillmentStatus: true,
          cancelledAt: true,
          statusPageUrl: true,
          fulfillments: {
            where: { status: "SUCCESS" },
            orderBy: { shopifyCreatedAt: "desc" },
            take: 1,
            select: { trackingCompany: true, trackingNumber: true, trackingUrl: true, trackingUrls: true, deliveredAt: true, shipmentStatus: true, estimatedDeliveryAt: true },
          },
        },
      },
    },
  });
  if (!link) return [];
  const { order } = link;
  const latest = order.fulfillments[0];
  let status: string;
  if (order.cancelledAt) status = "cancelled";
  else if (latest?.deliveredAt || latest?.shipmentStatus === "DELIVERED") status = order.fulfillmentStatus === "FULFILLED" ? "delivered" : "partly delivered";
  else status = FULFILLMENT_WORDS[order.fulfillmentStatus] ?? String(order.fulfillmentStatus).toLowerCase().replace(/_/g, " ");
  const lines = [`Your order ${order.name} is ${status}.`];
  if (latest) lines.push(...trackingLines({ carrier: latest.trackingCompany, trackingNumber: latest.trackingNumber, trackingUrl: latest.trackingUrl ?? latest.trackingUrls[0] ?? null }));
  if (latest?.estimatedDeliveryAt && status !== "delivered" && status !== "cancelled") lines.push(`Expected delivery: ${fmtDay(latest.estimatedDeliveryAt, "UTC")}.`);
  const statusPage = webUrl(order.statusPageUrl);
  if (statusPage && !lines.some((l) => l.startsWith("Track"))) lines.push(`Order status: ${statusPage}`);
  return lines;
}

export const AUTOMATIC_ANSWER_NOTE = "This is an automatic answer.";

/** The return answer: the shop's policy (window, fees, instructions), the linked order's return window, the link. */
async function returnAnswerLines(shopId: string, caseId: string, now: Date): Promise<string[]> {
  const [policy, shop, link] = await Promise.all([
    getReturnPolicy(shopId),
    db.shop.findUnique({ where: { id: shopId }, select: { domain: true, currencyCode: true, ianaTimezone: true } }),
    db.caseOrder.findFirst({
      where: { shopId, caseId },
      orderBy: { createdAt: "desc" },
      select: {
        order: {
          select: {
            name: true,
            cancelledAt: true,
            fulfillments: { where: { status: "SUCCESS" }, orderBy: { shopifyCreatedAt: "desc" }, take: 1, select: { shopifyCreatedAt: true, deliveredAt: true } },
          },
        },
      },
    }),
  ]);
  if (!policy.enabled) return ["Returns are not requested online at this store. Reply to this email and a person will help you with your return."];
  const lines = [`Our return policy: you can return items within ${policy.windowDays} days of ${policy.windowStartsAt === "DELIVERY" ? "delivery" : "shipping"}.`];
  const restocking = Number(policy.restockingFeePercent);
  const shipping = Number(policy.returnShippingFee);
  if (restocking > 0) lines.push(`A restocking fee of ${policy.restockingFeePercent}% is deducted from the refund.`);
  if (shipping > 0) lines.push(`Return shipping costs ${policy.returnShippingFee} ${shop?.currencyCode ?? ""}`.trimEnd() + ".");
  if (restocking <= 0 && shipping <= 0) lines.push("Returns are free of charge.");
  if (policy.excludedTags.length > 0 || policy.excludedProductTypes.length > 0) lines.push("Some items, such as final-sale items, cannot be returned.");
  if (policy.instructions?.trim()) lines.push("", policy.instructions.trim());
  const order = link?.order;
  if (order) {
    const tz = shop?.ianaTimezone || "UTC";
    const latest = order.fulfillments[0];
    const start = policy.windowStartsAt === "DELIVERY" ? latest?.deliveredAt : latest?.shopifyCreatedAt;
    lines.push("");
    if (order.cancelledAt) lines.push(`Your order ${order.name} was cancelled, so there is nothing to return.`);
    else if (!start) lines.push(`Your order ${order.name} has not been ${policy.windowStartsAt === "DELIVERY" ? "delivered" : "shipped"} yet; the return window starts once it is.`);
    else {
      const end = returnWindowEnd(start, policy.windowDays, tz);
      lines.push(
        end.getTime() > now.getTime()
          ? `Your order ${order.name} can be returned until ${fmtDay(end, tz)}.`
          : `The return window for your order ${order.name} closed on ${fmtDay(end, tz)}.`,
      );
    }
  }
  // The customer account's orders page: where a signed-in customer starts a return (the returns block lives there).
  if (shop) lines.push("", `Start a return from your orders: https://${shop.domain}/account`);
  return lines;
}

/**
 * The first reply to a new case (email or storefront), once per case: an automatic answer for a "where is my
 * order" case with a linked order or for a "return" case when the shop switched automatic answers on; otherwise
 * the receipt with the linked order's live status, when the shop switched that on. Returns the message id, or null.
 */
export async function acknowledgeNewCase(shopId: string, caseId: string, now: Date = new Date()): Promise<string | null> {
  const shop = await db.shop.findUnique({ where: { id: shopId }, select: { settings: true, ianaTimezone: true } });
  if (!shop) return null;
  const settings = settingsForShop(shop.settings, shop.ianaTimezone);
  const automation = settings.automation;
  if (!automation.autoAcknowledge.enabled && !automation.autoAnswers.enabled) return null;
  const c = await db.case.findFirst({
    where: { id: caseId, shopId, mergedIntoId: null, status: { in: ["OPEN", "PENDING", "SNOOZED"] }, customerEmail: { not: null } },
    select: { id: true, number: true, customerName: true, topic: true },
  });
  if (!c) return null;
  const orderLines = await orderStatusLines(shopId, caseId);
  const first = c.customerName?.trim().split(/\s+/)[0];
  const greeting = first ? `Hi ${first},` : "Hello,";

  let answer: { subject: string; lines: string[] } | null = null;
  if (automation.autoAnswers.enabled && c.topic === "WHERE_IS_MY_ORDER" && orderLines.length > 0) {
    answer = { subject: "Where your order is", lines: orderLines };
  } else if (automation.autoAnswers.enabled && c.topic === "RETURN") {
    answer = { subject: "How to return your order", lines: await returnAnswerLines(shopId, caseId, now) };
  }
  if (!answer && !automation.autoAcknowledge.enabled) return null;

  const body = answer
    ? [
        greeting,
        "",
        `${AUTOMATIC_ANSWER_NOTE} Here is what we know about your question (case #${c.number}):`,
        "",
        ...answer.lines,
        "",
        `Did this not answer your question? Press "I still need help" and a person from our team takes over right away: ${needsHelpLink(shopId, caseId, { now })}`,
      ].join("\n")
    : [
        greeting,
        "",
        `Thanks for getting in touch — we received your message (case #${c.number}) and will answer as soon as we can.`,
        ...(orderLines.length > 0 ? ["", ...orderLines] : []),
        "",
        AUTOMATIC_NOTE,
      ].join("\n");
  const messageId = await db.$transaction(async (tx) => {
    // One first reply per case, answer or receipt: both markers share the dedupe key.
    const marker = await tx.caseEvent.createManyAndReturn({
      data: [
        {
          shopId,
          caseId,
          type: answer ? "automatic_answer_sent" : "automatic_acknowledgement_sent",
          actorType: "SYSTEM",
          data: answer ? { topic: c.topic } : {},
          dedupeKey: "auto-acknowledge",
        },
      ],
      skipDuplicates: true,
      select: { id: true },
    });
    if (marker.length === 0) return null;
    const message = await tx.message.create({
      data: {
        shopId,
        caseId,
        direction: "OUTBOUND",
        channel: "EMAIL",
        authorType: "SYSTEM",
        authorName: answer ? "Automatic answer" : "Automatic acknowledgement",
        subject: answer ? answer.subject : "We received your message",
        bodyText: body + conversationFooter(shopId, caseId),
        deliveryStatus: "QUEUED",
      },
      select: { id: true },
    });
    // Answered: the case waits on the customer until they say they still need help (or reply), with the SLA clock
    // stopped when the shop pauses while pending (app/insights/sla.server.ts).
    if (answer) {
      const sla = await tx.case.findFirst({ where: { id: caseId, shopId }, select: SLA_CASE_SELECT });
      await tx.case.update({ where: { id: caseId, shopId }, data: { status: "PENDING", ...(sla ? pauseSla(settings, sla, now) : {}) } });
    }
    return message.id;
  });
  if (messageId) await queueEmail(shopId, messageId);
  return messageId;
}

export type NeedsHelpOutcome = { result: "handed_over" | "already"; number: number; shopName: string };

/**
 * "I still need help" under an automatic answer: the case goes back to staff at once — OPEN, priority at least
 * HIGH, a "customer_needs_help" event. The SLA clock runs again (the paused time moves the due times on) and the
 * due times follow the raised priority's targets. Once per case; a second press changes nothing.
 */
export async function customerNeedsHelp(shopId: string, caseId: string, now: Date = new Date()): Promise<NeedsHelpOutcome> {
  return db.$transaction(async (tx) => {
    const c = await tx.case.findFirst({
      where: { id: caseId, shopId },
      select: {
        number: true,
        ...SLA_CASE_SELECT,
        shop: { select: { name: true, domain: true, settings: true, ianaTimezone: true } },
      },
    });
    if (!c) throw new AppError("not_found", "This case no longer exists.");
    const shopName = c.shop.name || c.shop.domain;
    const marker = await tx.caseEvent.createManyAndReturn({
      data: [{ shopId, caseId, type: "customer_needs_help", actorType: "CUSTOMER", data: { previousPriority: c.priority }, dedupeKey: "needs-help" }],
      skipDuplicates: true,
      select: { id: true },
    });
    if (marker.length === 0) return { result: "already" as const, number: c.number, shopName };
    const settings = settingsForShop(c.shop.settings, c.shop.ianaTimezone);
    const priority = c.priority === "URGENT" ? "URGENT" : "HIGH";
    // Resume first (adds the paused time to slaPausedSeconds), then derive the due times for the new priority
    // from createdAt plus all the paused time.
    const resumed = resumeSla(settings, c, now, "OPEN");
    const sla = { ...resumed, ...recomputeSla(settings, { ...c, ...resumed, status: "OPEN" }, { priority }) };
    await tx.case.update({
      where: { id: caseId, shopId },
      data: {
        status: "OPEN",
        snoozedUntil: null,
        priority,
        lastActivityAt: now,
        ...sla,
      },
    });
    return { result: "handed_over" as const, number: c.number, shopName };
  });
}
