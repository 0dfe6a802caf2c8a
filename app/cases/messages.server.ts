import db from "../db.server";
import { AppError } from "../errors.server";
import type { Prisma } from "../generated/prisma/client";
import { listMacros, orderStatusWords, renderMacroForCase } from "./macros.server";
import { linkCaseToOrders } from "./order-context.server";
import { plainTextToHtml, safeHttpUrl } from "./sanitize.server";
import { staffName, requireCase } from "./case-detail.server";
import { queueEmail } from "../channels/email/outbox.server";
import { newCaseSla } from "../insights/sla.server";
import { getShopSettings } from "../shops/settings.server";

// Writing on a case: replies (stored OUTBOUND and QUEUED for the email channel's sender), internal notes,
// and splitting a message off into a case of its own. Each leaves an event on the timeline.

export const MAX_BODY_LENGTH = 20_000;

type Tx = Prisma.TransactionClient;

export interface WriteResult {
  messageId: string;
}

/** Someone else wrote on the case after the page was loaded: the reply waits for staff to confirm. */
export interface ReplyConflict {
  conflict: { authorName: string | null; at: string; excerpt: string; direction: "INBOUND" | "OUTBOUND" };
}

async function author(shopId: string, staffId: string | null) {
  if (!staffId) return null;
  return db.staff.findFirst({ where: { id: staffId, shopId }, select: { id: true, firstName: true, lastName: true, email: true } });
}

function cleanBody(body: string): string {
  const text = body.replace(/\r\n?/g, "\n").trim();
  if (!text) throw new AppError("bad_request", "Write something before sending: the message is empty.");
  if (text.length > MAX_BODY_LENGTH) {
    throw new AppError("bad_request", `The message is ${text.length.toLocaleString("en")} characters long; the limit is ${MAX_BODY_LENGTH.toLocaleString("en")}. Shorten it or split it into two messages.`);
  }
  return text;
}

/**
 * The newest customer message or staff reply written after `seenMessageId` by someone other than `staffId`
 * (the page sends the newest message it showed); null when there is none.
 */
export async function newerMessageThan(
  shopId: string,
  caseId: string,
  staffId: string | null,
  seenMessageId: string | null,
): Promise<ReplyConflict["conflict"] | null> {
  const seen = seenMessageId
    ? await db.message.findFirst({ where: { id: seenMessageId, shopId, caseId }, select: { id: true, createdAt: true } })
    : null;
  const newer = await db.message.findFirst({
    where: {
      shopId,
      caseId,
      direction: { in: ["INBOUND", "OUTBOUND"] },
      ...(staffId ? { NOT: { authorStaffId: staffId } } : {}),
      ...(seen ? { OR: [{ createdAt: { gt: seen.createdAt } }, { createdAt: seen.createdAt, id: { gt: seen.id } }] } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { authorName: true, authorEmail: true, createdAt: true, bodyText: true, direction: true },
  });
  if (!newer) return null;
  return {
    authorName: newer.authorName ?? newer.authorEmail,
    at: newer.createdAt.toISOString(),
    excerpt: newer.bodyText.slice(0, 200),
    direction: newer.direction as "INBOUND" | "OUTBOUND",
  };
}

/**
 * A reply to the customer, stored OUTBOUND and QUEUED: the email channel sends queued replies and records
 * SENT or FAILED. With `seenMessageId` (what the page showed) and without `confirmed`, a customer message
 * or another staff member's reply that arrived since is returned as a conflict and nothing is stored.
 */
export async function replyToCase(
  shopId: string,
  staffId: string | null,
  caseId: string,
  input: { body: string; seenMessageId?: string | null; confirmed?: boolean; macroId?: string | null },
): Promise<WriteResult | ReplyConflict> {
  const text = cleanBody(input.body);
  const c = await requireCase(shopId, caseId, {
    id: true,
    number: true,
    subject: true,
    customerEmail: true,
    firstResponseAt: true,
    resolutionDueAt: true,
    slaPausedAt: true,
    mergedInto: { select: { number: true } },
    shop: { select: { email: true, name: true } },
  });
  if (c.mergedInto) throw new AppError("bad_request", `This case was merged into #${c.mergedInto.number}. Reply there.`);
  if (!c.customerEmail) {
    throw new AppError("bad_request", "This case has no customer email address, so a reply cannot be sent. Add an internal note instead.");
  }
  if (input.seenMessageId !== undefined && !input.confirmed) {
    const conflict = await newerMessageThan(shopId, caseId, staffId, input.seenMessageId ?? null);
    if (conflict) return { conflict };
  }
  const me = await author(shopId, staffId);
  const now = new Date();
  const message = await db.$transaction(async (tx) => {
    const created = await tx.message.create({
      data: {
        shopId,
        caseId,
        direction: "OUTBOUND",
        channel: "EMAIL",
        authorType: "STAFF",
        authorStaffId: me?.id ?? null,
        authorName: me ? staffName(me) : (c.shop.name ?? null),
        authorEmail: c.shop.email,
        subject: /^re:/i.test(c.subject) ? c.subject : `Re: ${c.subject}`,
        toEmails: [c.customerEmail!],
        bodyText: text,
        bodyHtml: plainTextToHtml(text),
        deliveryStatus: "QUEUED",
        createdAt: now,
      },
      select: { id: true },
    });
    await tx.caseEvent.create({
      data: {
        shopId,
        caseId,
        type: "reply_queued",
        actorType: "STAFF",
        staffId: me?.id ?? null,
        data: { messageId: created.id, to: c.customerEmail, ...(input.macroId ? { macroId: input.macroId } : {}) },
        occurredAt: now,
      },
    });
    // With the SLA clock stopped (waiting on the customer) nothing is due until it starts again.
    await touch(tx, shopId, caseId, now, { message: true, firstResponse: !c.firstResponseAt, resolutionDueAt: c.slaPausedAt ? null : c.resolutionDueAt });
    return created;
  });
  // Sent by the email channel's job, after the reply is stored (app/channels/email/outbox.server.ts).
  await queueEmail(shopId, message.id);
  return { messageId: message.id };
}

/** An internal note: visible to staff only, never sent. */
export async function addNote(shopId: string, staffId: string | null, caseId: string, body: string): Promise<WriteResult> {
  const text = cleanBody(body);
  await requireCase(shopId, caseId, { id: true });
  const me = await author(shopId, staffId);
  const now = new Date();
  return db.$transaction(async (tx) => {
    const created = await tx.message.create({
      data: {
        shopId,
        caseId,
        direction: "NOTE",
        channel: "ADMIN",
        authorType: "STAFF",
        authorStaffId: me?.id ?? null,
        authorName: me ? staffName(me) : null,
        bodyText: text,
        bodyHtml: plainTextToHtml(text),
        deliveryStatus: "NOT_SENT",
        createdAt: now,
      },
      select: { id: true },
    });
    await tx.caseEvent.create({
      data: { shopId, caseId, type: "note_added", actorType: "STAFF", staffId: me?.id ?? null, data: { messageId: created.id }, occurredAt: now },
    });
    await touch(tx, shopId, caseId, now, { message: false });
    return { messageId: created.id };
  });
}

async function touch(
  tx: Tx,
  shopId: string,
  caseId: string,
  at: Date,
  opts: { message: boolean; firstResponse?: boolean; resolutionDueAt?: Date | null },
) {
  await tx.case.updateMany({
    where: { id: caseId, shopId },
    data: {
      lastActivityAt: at,
      ...(opts.message ? { lastMessageAt: at } : {}),
      // The first response answers the first-response SLA; the resolution deadline (if any) is what is left.
      ...(opts.firstResponse ? { firstResponseAt: at, slaDueAt: opts.resolutionDueAt ?? null } : {}),
    },
  });
}

// ───────────────────────────── Split ─────────────────────────────

/**
 * Moves one message into a new case of the same customer (another question in the same thread). The new
 * case gets the next case number, is linked to the orders it names, and both cases get an event.
 */
export async function splitMessage(
  shopId: string,
  staffId: string | null,
  caseId: string,
  messageId: string,
  input: { subject?: string | null } = {},
): Promise<{ caseId: string; number: number }> {
  const source = await requireCase(shopId, caseId, {
    id: true,
    number: true,
    subject: true,
    channel: true,
    topic: true,
    priority: true,
    customerId: true,
    customerEmail: true,
    customerName: true,
    mergedInto: { select: { number: true } },
  });
  if (source.mergedInto) throw new AppError("bad_request", `This case was merged into #${source.mergedInto.number}. Split the message there.`);
  const message = /^[0-9a-f-]{36}$/i.test(messageId)
    ? await db.message.findFirst({ where: { id: messageId, shopId, caseId }, select: { id: true, bodyText: true, subject: true, createdAt: true, direction: true } })
    : null;
  if (!message) throw new AppError("not_found", "This message is not on this case any more. Reload the case.");
  const remaining = await db.message.count({ where: { shopId, caseId, NOT: { id: message.id } } });
  if (remaining === 0) throw new AppError("bad_request", "This is the case's only message, so there is nothing to split it from.");

  const subject = (input.subject?.trim() || message.subject?.replace(/^(re|fwd?):\s*/i, "").trim() || firstLine(message.bodyText) || source.subject).slice(0, 200);
  const me = await author(shopId, staffId);
  const now = new Date();
  // The new case's SLA clock starts now, with the source case's priority and topic.
  const sla = newCaseSla(await getShopSettings(shopId), { priority: source.priority, topic: source.topic, openedAt: now });
  const created = await db.$transaction(async (tx) => {
    const shop = await tx.shop.update({ where: { id: shopId }, data: { nextCaseNumber: { increment: 1 } }, select: { nextCaseNumber: true } });
    const number = shop.nextCaseNumber - 1;
    const fresh = await tx.case.create({
      data: {
        shopId,
        number,
        subject,
        status: "OPEN",
        priority: source.priority,
        topic: source.topic,
        channel: source.channel,
        customerId: source.customerId,
        customerEmail: source.customerEmail,
        customerName: source.customerName,
        ...sla,
        createdAt: now,
        lastActivityAt: now,
        lastMessageAt: message.createdAt,
      },
      select: { id: true, number: true },
    });
    await tx.message.updateMany({ where: { id: message.id, shopId, caseId }, data: { caseId: fresh.id } });
    // A "sender not verified" mark goes with its message.
    await tx.caseEvent.updateMany({
      where: { shopId, caseId, type: "unverified_sender", data: { path: ["messageId"], equals: message.id } },
      data: { caseId: fresh.id },
    });
    await tx.caseEvent.createMany({
      data: [
        {
          shopId,
          caseId: fresh.id,
          type: "split_from",
          actorType: "STAFF",
          staffId: me?.id ?? null,
          data: { fromCaseId: source.id, fromNumber: source.number, messageId: message.id },
          occurredAt: now,
        },
        {
          shopId,
          caseId: source.id,
          type: "split_to",
          actorType: "STAFF",
          staffId: me?.id ?? null,
          data: { toCaseId: fresh.id, toNumber: fresh.number, messageId: message.id },
          occurredAt: now,
        },
      ],
    });
    const last = await tx.message.findFirst({ where: { shopId, caseId }, orderBy: { createdAt: "desc" }, select: { createdAt: true } });
    await tx.case.updateMany({ where: { id: caseId, shopId }, data: { lastActivityAt: now, lastMessageAt: last?.createdAt ?? null } });
    return fresh;
  });
  await linkCaseToOrders(shopId, created.id);
  return { caseId: created.id, number: created.number };
}

function firstLine(text: string): string {
  return text.split("\n").map((l) => l.trim()).find(Boolean)?.slice(0, 120) ?? "";
}

// ───────────────────────────── Resend tracking ─────────────────────────────

const DEFAULT_TRACKING_TEMPLATE =
  "Hi {{customer.first_name}},\n\nHere is the tracking link for your order {{order.name}} ({{order.carrier}} {{order.tracking_number}}): {{order.tracking_url}}\n\n{{shop.name}}";

/**
 * Sends the customer the tracking link of one linked order's shipment as a reply built from the shop's
 * tracking macro (the most used one with {{order.tracking_url}}), and logs it on the timeline.
 */
export async function resendTracking(
  shopId: string,
  staffId: string | null,
  caseId: string,
  input: { orderId: string; fulfillmentId?: string | null },
): Promise<WriteResult & { macroName: string | null }> {
  await requireCase(shopId, caseId, { id: true });
  const link = /^[0-9a-f-]{36}$/i.test(input.orderId)
    ? await db.caseOrder.findFirst({ where: { shopId, caseId, orderId: input.orderId }, select: { orderId: true } })
    : null;
  if (!link) throw new AppError("not_found", "This order is not linked to the case. Reload the case.");
  const order = await db.order.findFirstOrThrow({
    where: { id: link.orderId, shopId },
    select: {
      name: true,
      cancelledAt: true,
      financialStatus: true,
      fulfillmentStatus: true,
      fulfillments: {
        where: { shopId, status: { notIn: ["CANCELLED", "ERROR", "FAILURE"] }, ...(input.fulfillmentId ? { id: input.fulfillmentId } : {}) },
        orderBy: [{ shopifyCreatedAt: "desc" }, { id: "desc" }],
        take: 1,
        select: { id: true, shipmentStatus: true, trackingCompany: true, trackingNumber: true, trackingUrl: true, trackingUrls: true, trackingNumbers: true },
      },
    },
  });
  const shipment = order.fulfillments[0];
  const url = safeHttpUrl(shipment?.trackingUrl ?? shipment?.trackingUrls[0]);
  if (!shipment || !url) {
    throw new AppError("bad_request", `Order ${order.name} has no shipment with a tracking link yet, so there is nothing to resend.`);
  }
  const macros = await listMacros(shopId);
  const macro = macros
    .filter((m) => /\{\{\s*order\.tracking_url\s*\}\}/.test(m.body))
    .sort((a, b) => Number(b.topic === "WHERE_IS_MY_ORDER") - Number(a.topic === "WHERE_IS_MY_ORDER") || b.usageCount - a.usageCount)[0];
  // The order's own values first, so a case with several orders sends this order's link.
  const own: Record<string, string | null> = {
    name: order.name,
    tracking_url: url,
    tracking_number: shipment.trackingNumber ?? shipment.trackingNumbers[0] ?? null,
    carrier: shipment.trackingCompany,
    status: orderStatusWords({ ...order, shipment }),
  };
  const body = (macro?.body ?? DEFAULT_TRACKING_TEMPLATE).replace(/\{\{\s*order\.(\w+)\s*\}\}/g, (whole, key: string) => own[key] ?? whole);
  const rendered = await renderMacroForCase(shopId, caseId, body, staffId);
  // A greeting without a first name reads fine as "Hi there"; any other gap stops the send.
  const text = rendered.text.replace(/\{\{\s*customer\.first_name\s*\}\}/g, "there");
  const unresolved = rendered.unresolved.filter((u) => u !== "customer.first_name");
  if (unresolved.length > 0) {
    throw new AppError("bad_request", `The tracking message could not be filled in: ${unresolved.map((u) => `{{${u}}}`).join(", ")} has no value for this case. Write the reply yourself instead.`);
  }
  const result = await replyToCase(shopId, staffId, caseId, { body: text, confirmed: true, macroId: macro?.id ?? null });
  if ("conflict" in result) throw new AppError("conflict", "Someone replied meanwhile. Reload the case.");
  await db.caseEvent.create({
    data: {
      shopId,
      caseId,
      orderId: link.orderId,
      type: "tracking_resent",
      actorType: "STAFF",
      staffId,
      data: { orderName: order.name, carrier: shipment.trackingCompany, trackingNumber: own.tracking_number, trackingUrl: url, messageId: result.messageId },
    },
  });
  return { messageId: result.messageId, macroName: macro?.name ?? null };
}
