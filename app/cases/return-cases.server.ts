import db from "../db.server";
import type { Prisma } from "../generated/prisma/client";
import { getShopSettings } from "../shops/settings.server";
import { slaDeadlines } from "../insights/sla.server";
import type { ShopRecord } from "../shops/shops.server";
import { WAITING_STATUSES } from "./order-context.server";

// A return the customer requested (Shopify's returns/request: from our storefront block, or from Shopify's own
// customer-account returns) becomes work in the inbox: it joins the customer's waiting case with topic RETURN
// linked to the order, or opens one. Once per return, however often Shopify delivers the webhook.
//
// The marker is a CaseEvent with dedupeKey `returnCaseKey(returnId)` on the case that took the return. The
// storefront's own return flow (app/storefront/returns.server.ts) opens or reuses the same kind of case when the
// shopper submits; it is found here (a waiting RETURN case linked to the order), so no second case is opened.

type Tx = Prisma.TransactionClient;

/** The dedupe key marking the case that took a return request. */
export const returnCaseKey = (returnShopifyId: bigint | string) => `return:${returnShopifyId}:case`;

/** Marks `caseId` as the case of this return (idempotent). For flows that open the case themselves. */
export async function markReturnCase(
  tx: Tx,
  ref: { shopId: string; caseId: string; orderId: string; returnShopifyId: bigint | string; returnName?: string | null; source: string },
): Promise<void> {
  await tx.caseEvent.createMany({
    data: [
      {
        shopId: ref.shopId,
        caseId: ref.caseId,
        orderId: ref.orderId,
        type: "return_case_linked",
        actorType: "SYSTEM",
        dedupeKey: returnCaseKey(ref.returnShopifyId),
        data: { returnId: String(ref.returnShopifyId), returnName: ref.returnName ?? null, source: ref.source },
      },
    ],
    skipDuplicates: true,
  });
}

export type ReturnCaseOutcome =
  | { kind: "opened"; caseId: string; number: number }
  | { kind: "appended"; caseId: string; number: number }
  | { kind: "already"; caseId: string }
  | { kind: "not_mirrored" };

const REASON_LABELS: Record<string, string> = {
  SIZE_TOO_SMALL: "Size too small",
  SIZE_TOO_LARGE: "Size too large",
  UNWANTED: "Changed their mind",
  NOT_AS_DESCRIBED: "Not as described",
  WRONG_ITEM: "Received the wrong item",
  DEFECTIVE: "Damaged or defective",
  STYLE: "Style",
  COLOR: "Colour",
  OTHER: "Other",
  UNKNOWN: "No reason given",
};
const reasonLabel = (reason: string) => REASON_LABELS[reason.toUpperCase()] ?? reason.toLowerCase().replace(/_/g, " ");

/**
 * Opens (or joins) the case for a return request the mirror holds. Runs in one transaction holding an advisory
 * lock per (shop, return), so concurrent deliveries of the same return open one case.
 */
export async function openReturnCase(shop: ShopRecord, returnShopifyId: bigint, now = new Date()): Promise<ReturnCaseOutcome> {
  const settings = await getShopSettings(shop.id);
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`return-case:${shop.id}:${returnShopifyId}`}, 0))`;
    const ret = await tx.return.findUnique({
      where: { shopId_shopifyId: { shopId: shop.id, shopifyId: returnShopifyId } },
      select: {
        name: true,
        requestedAt: true,
        lines: { select: { quantity: true, reason: true, customerNote: true, lineItem: { select: { title: true, variantTitle: true } } } },
        order: {
          select: {
            id: true,
            name: true,
            email: true,
            customerId: true,
            customer: { select: { id: true, email: true, firstName: true, lastName: true, redactedAt: true } },
            shippingAddress: true,
          },
        },
      },
    });
    if (!ret) return { kind: "not_mirrored" } as const;
    const order = ret.order;

    const marked = await tx.caseEvent.findFirst({
      where: { shopId: shop.id, orderId: order.id, dedupeKey: returnCaseKey(returnShopifyId) },
      select: { caseId: true },
    });
    if (marked) return { kind: "already", caseId: marked.caseId } as const;

    const returnName = ret.name ?? null;
    const items = ret.lines.map((l) => ({
      quantity: l.quantity,
      reason: l.reason,
      title: [l.lineItem?.title, l.lineItem?.variantTitle].filter(Boolean).join(" – ") || null,
      note: l.customerNote?.trim() || null,
    }));
    const requested: Prisma.CaseEventCreateManyInput = {
      shopId: shop.id,
      caseId: "",
      orderId: order.id,
      type: "return_requested",
      actorType: "CUSTOMER",
      dedupeKey: `return:${returnShopifyId}:requested`,
      occurredAt: ret.requestedAt,
      data: { orderName: order.name, returnId: String(returnShopifyId), returnName, items: items.map(({ quantity, reason }) => ({ quantity, reason })) },
    };

    // The customer's waiting case about returns of this order, newest activity first.
    const existing = await tx.case.findFirst({
      where: {
        shopId: shop.id,
        topic: "RETURN",
        status: { in: WAITING_STATUSES },
        mergedIntoId: null,
        orders: { some: { orderId: order.id } },
      },
      orderBy: [{ lastActivityAt: "desc" }, { id: "desc" }],
      select: { id: true, number: true },
    });
    if (existing) {
      await tx.caseEvent.createMany({ data: [{ ...requested, caseId: existing.id }], skipDuplicates: true });
      await markReturnCase(tx, { shopId: shop.id, caseId: existing.id, orderId: order.id, returnShopifyId, returnName, source: "returns/request" });
      await tx.case.updateMany({ where: { shopId: shop.id, id: existing.id, lastActivityAt: { lt: now } }, data: { lastActivityAt: now } });
      return { kind: "appended", caseId: existing.id, number: existing.number } as const;
    }

    const customer = order.customer && !order.customer.redactedAt ? order.customer : null;
    const email = customer?.email ?? order.email ?? null;
    const address = (order.shippingAddress ?? {}) as { firstName?: string; lastName?: string; name?: string };
    const name =
      [customer?.firstName, customer?.lastName].filter(Boolean).join(" ") ||
      address.name ||
      [address.firstName, address.lastName].filter(Boolean).join(" ") ||
      null;
    const { nextCaseNumber } = await tx.shop.update({ where: { id: shop.id }, data: { nextCaseNumber: { increment: 1 } }, select: { nextCaseNumber: true } });
    const number = nextCaseNumber - 1;
    const { firstResponseDueAt, resolutionDueAt } = slaDeadlines(settings, { priority: "NORMAL", topic: "RETURN", openedAt: now });
    const subject = `Return request ${returnName ?? ""} for order ${order.name}`.replace(/\s+/g, " ");
    const created = await tx.case.create({
      data: {
        shopId: shop.id,
        number,
        subject,
        status: "OPEN",
        topic: "RETURN",
        channel: "CUSTOMER_ACCOUNT",
        customerId: customer?.id ?? order.customerId ?? null,
        customerEmail: email,
        customerName: name,
        firstResponseDueAt,
        resolutionDueAt,
        slaDueAt: firstResponseDueAt,
        lastMessageAt: now,
        lastActivityAt: now,
        createdAt: now,
      },
      select: { id: true },
    });
    await tx.message.create({
      data: {
        shopId: shop.id,
        caseId: created.id,
        direction: "INBOUND",
        channel: "CUSTOMER_ACCOUNT",
        authorType: "CUSTOMER",
        authorName: name,
        authorEmail: email,
        subject,
        bodyText: requestText(order.name, returnName, items),
        createdAt: now,
      },
    });
    await tx.caseOrder.createMany({ data: [{ shopId: shop.id, caseId: created.id, orderId: order.id, linkedBy: "AUTO" }], skipDuplicates: true });
    await tx.caseEvent.createMany({ data: [{ ...requested, caseId: created.id }], skipDuplicates: true });
    await markReturnCase(tx, { shopId: shop.id, caseId: created.id, orderId: order.id, returnShopifyId, returnName, source: "returns/request" });
    return { kind: "opened", caseId: created.id, number } as const;
  });
}

/** What the customer asked for, in their words where they gave some: the case's first message. */
function requestText(
  orderName: string,
  returnName: string | null,
  items: { quantity: number; reason: string; title: string | null; note: string | null }[],
): string {
  const lines = [`Return requested for order ${orderName}${returnName ? ` (${returnName})` : ""}:`];
  for (const item of items) {
    lines.push(`- ${item.quantity} × ${item.title ?? "item"}: ${reasonLabel(item.reason)}${item.note ? ` — “${item.note}”` : ""}`);
  }
  if (items.length === 0) lines.push("- (Shopify did not list the items)");
  return lines.join("\n");
}
