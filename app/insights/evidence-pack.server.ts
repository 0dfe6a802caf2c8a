import db from "../db.server";
import { caseIdsWithEmail } from "../customers/email-match.server";
import { AppError } from "../errors.server";
import type {
  ActorType,
  AuthorType,
  CaseStatus,
  Channel,
  DeliveryStatus,
  FinancialStatus,
  FulfillmentState,
  FulfillmentStatus,
  MessageDirection,
  OrderActionKind,
  OrderActionStatus,
  Prisma,
  ReturnStatus,
  SelfServiceKind,
  ShipmentStatus,
  TransactionKind,
  TransactionStatus,
} from "../generated/prisma/client";
import { safeHttpUrl } from "../cases/sanitize.server";
import { loadOrderDisputes, type DisputeView } from "../disputes/case-disputes.server";
import { isFailedTransaction } from "../orders/transactions";
import { transactionErrorWords } from "../orders/transaction-words";

// The dispute evidence pack of one order: everything the app holds that a chargeback response needs — the
// order, the customer, the shipments with every carrier event, refunds and returns, every conversation with
// the customer, staff actions and storefront self-service — read from the local mirror in one pass of
// queries, scoped by shop. Nothing is capped silently: where a list is limited, the pack says "first N of M".

/** Above this many messages across the customer's cases, the pack shows the first ones and says so. */
export const EVIDENCE_MESSAGE_LIMIT = 5000;
/** Above this many cases matched by the customer's email, the pack shows the newest ones and says so. */
export const EVIDENCE_CASE_LIMIT = 500;

export interface EvidenceAddress {
  name: string | null;
  company: string | null;
  lines: string[];
  phone: string | null;
}

export interface EvidenceMessage {
  id: string;
  at: Date;
  direction: MessageDirection;
  channel: Channel;
  authorType: AuthorType;
  /** Who wrote it: the staff member, the sender's name/email, or null when unknown. */
  author: string | null;
  authorEmail: string | null;
  subject: string | null;
  /** Plain text only; never HTML. */
  text: string;
  deliveryStatus: DeliveryStatus;
  sentAt: Date | null;
  attachments: { filename: string; contentType: string; size: number }[];
}

export interface EvidenceCase {
  id: string;
  number: number;
  subject: string;
  channel: Channel;
  status: CaseStatus;
  createdAt: Date;
  resolvedAt: Date | null;
  closedAt: Date | null;
  mergedIntoNumber: number | null;
  /** How the case is tied to the order: linked to it, or the same customer (by customer record or email). */
  linkedToOrder: boolean;
  messages: EvidenceMessage[];
  /** Messages of the case in the pack's scope (notes only when included). */
  messageCount: number;
  /** Internal notes left out of the pack (0 when notes are included). */
  notesExcluded: number;
}

export interface EvidenceTimelineEvent {
  id: string;
  at: Date;
  type: string;
  actorType: ActorType;
  staffName: string | null;
  data: Record<string, unknown>;
  caseNumbers: number[];
}

export interface EvidencePack {
  generatedAt: Date;
  includeNotes: boolean;
  shop: { name: string; domain: string; timeZone: string; currencyCode: string };
  order: {
    id: string;
    shopifyId: string;
    name: string;
    processedAt: Date;
    createdAt: Date;
    cancelledAt: Date | null;
    cancelReason: string | null;
    closedAt: Date | null;
    financialStatus: FinancialStatus;
    fulfillmentStatus: FulfillmentStatus;
    disputeCount: number;
    paymentGateways: string[];
    currencyCode: string;
    subtotal: string;
    shipping: string;
    tax: string;
    discounts: string;
    discountCodes: string[];
    total: string;
    refunded: string;
    shippingMethod: string | null;
    statusPageUrl: string | null;
  };
  /** Set when the customer's personal data was erased at their request: nothing personal is shown then. */
  redactedAt: Date | null;
  /** Shopify Payments disputes of the order (reason, amount, status, evidence due): nothing personal. */
  disputes: DisputeView[];
  customer: {
    name: string | null;
    email: string | null;
    phone: string | null;
    shopifyId: string | null;
    /** The first order of this customer the app holds. */
    firstOrderAt: Date | null;
    ordersCount: number | null;
    totalSpent: string | null;
    spentCurrency: string | null;
  } | null;
  shippingAddress: EvidenceAddress | null;
  billingAddress: EvidenceAddress | null;
  /** Billing and shipping address compared field by field (AVS-like); null when one of them is missing. */
  addressMatch: { same: boolean; differing: string[] } | null;
  lineItems: { id: string; title: string; variantTitle: string | null; sku: string | null; quantity: number; price: string; totalDiscount: string; requiresShipping: boolean }[];
  fulfillments: {
    id: string;
    name: string | null;
    status: FulfillmentState;
    shipmentStatus: ShipmentStatus | null;
    carrier: string | null;
    tracking: { number: string | null; url: string | null }[];
    createdAt: Date;
    inTransitAt: Date | null;
    estimatedDeliveryAt: Date | null;
    deliveredAt: Date | null;
    items: { title: string; quantity: number }[];
    events: { id: string; status: ShipmentStatus; message: string | null; place: string | null; at: Date; estimatedDeliveryAt: Date | null }[];
  }[];
  refunds: { id: string; amount: string; shippingAmount: string; currencyCode: string; note: string | null; restocked: boolean; processedAt: Date; returnName: string | null; items: { title: string; quantity: number; subtotal: string }[] }[];
  /** Payment transactions, oldest first: failed attempts (with Shopify's reason in plain words) before the sale show the card was tried. */
  transactions: {
    id: string;
    kind: TransactionKind;
    status: TransactionStatus;
    failed: boolean;
    amount: string;
    currencyCode: string;
    gateway: string | null;
    cardBrand: string | null;
    lastFour: string | null;
    errorCode: string | null;
    errorText: string | null;
    message: string | null;
    test: boolean;
    processedAt: Date;
  }[];
  paymentTerms: { name: string; dueAt: Date | null } | null;
  returns: {
    id: string;
    name: string | null;
    status: ReturnStatus;
    requestedAt: Date;
    approvedAt: Date | null;
    closedAt: Date | null;
    declineReason: string | null;
    declineNote: string | null;
    reverseTracking: { carrier: string | null; number: string | null; url: string | null } | null;
    items: { title: string; quantity: number; reason: string; note: string | null }[];
  }[];
  cases: EvidenceCase[];
  /** Cases matched by the customer's email beyond EVIDENCE_CASE_LIMIT are left out; this says how many matched. */
  casesTotal: number;
  /** Messages shown and in scope across all cases (shown < total only above EVIDENCE_MESSAGE_LIMIT). */
  messagesShown: number;
  messagesTotal: number;
  orderActions: { id: string; kind: OrderActionKind; status: OrderActionStatus; staffName: string | null; caseNumber: number | null; createdAt: Date; completedAt: Date | null; amount: string | null; currencyCode: string | null; reason: string | null; error: string | null }[];
  orderEvents: EvidenceTimelineEvent[];
  selfService: { id: string; kind: SelfServiceKind; at: Date; followUpCaseNumber: number | null }[];
}

export interface EvidenceOptions {
  includeNotes?: boolean;
  now?: Date;
  /** Most messages shown (EVIDENCE_MESSAGE_LIMIT unless a test sets it). */
  messageLimit?: number;
}

const ORDER_NOT_FOUND = "This order is not in this store's records. Open the evidence pack from an order shown in the app.";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Everything the app holds about one of the shop's orders, for a chargeback response. 404 for another shop's order. */
export async function buildEvidencePack(shopId: string, orderId: string, options: EvidenceOptions = {}): Promise<EvidencePack> {
  if (!UUID.test(orderId)) throw new AppError("not_found", ORDER_NOT_FOUND);
  const includeNotes = options.includeNotes ?? false;
  const generatedAt = options.now ?? new Date();

  const [shop, order] = await Promise.all([
    db.shop.findUnique({ where: { id: shopId }, select: { name: true, domain: true, ianaTimezone: true, currencyCode: true } }),
    db.order.findFirst({
      where: { id: orderId, shopId },
      include: {
        customer: true,
        lineItems: { where: { shopId }, orderBy: [{ shopifyId: "asc" }] },
        fulfillments: {
          where: { shopId },
          orderBy: [{ shopifyCreatedAt: "asc" }, { id: "asc" }],
          include: {
            events: { where: { shopId }, orderBy: [{ happenedAt: "asc" }, { id: "asc" }] },
            lines: { where: { shopId }, include: { lineItem: { select: { title: true, variantTitle: true } } } },
          },
        },
        transactions: { where: { shopId }, orderBy: [{ processedAt: "asc" }, { shopifyId: "asc" }] },
        refunds: {
          where: { shopId },
          orderBy: [{ processedAt: "asc" }, { id: "asc" }],
          include: { return: { select: { name: true } }, lines: { where: { shopId }, include: { lineItem: { select: { title: true, variantTitle: true } } } } },
        },
        returns: {
          where: { shopId },
          orderBy: [{ requestedAt: "asc" }, { id: "asc" }],
          include: { lines: { where: { shopId }, include: { lineItem: { select: { title: true, variantTitle: true } } } } },
        },
      },
    }),
  ]);
  if (!shop || !order) throw new AppError("not_found", ORDER_NOT_FOUND);

  const customer = order.customer && order.customer.shopId === shopId ? order.customer : null;
  const redactedAt = earliest(order.redactedAt, customer?.redactedAt ?? null);
  const email = redactedAt ? null : (order.email ?? customer?.email ?? null);
  // The order's email and the customer record's, when they differ, both name this customer.
  const emails = redactedAt ? [] : [...new Map([order.email, customer?.email].filter((e): e is string => Boolean(e?.trim())).map((e) => [e.trim().toLowerCase(), e.trim()])).values()];

  // Cases: linked to the order, or the same customer (record or email, matched exactly and case-insensitively).
  const emailMatches = await Promise.all(emails.map((e) => caseIdsWithEmail(shopId, e, EVIDENCE_CASE_LIMIT + 1)));
  const cappedEmails = emails.filter((_, i) => emailMatches[i].length > EVIDENCE_CASE_LIMIT);
  const emailCaseIds = [...new Set(emailMatches.flatMap((ids) => ids.slice(0, EVIDENCE_CASE_LIMIT)))];
  const caseMatch: Prisma.CaseWhereInput[] = [{ orders: { some: { shopId, orderId: order.id } } }];
  if (order.customerId) caseMatch.push({ customerId: order.customerId });
  if (emailCaseIds.length > 0) caseMatch.push({ id: { in: emailCaseIds } });

  const [cases, casesLeftOut, orderActions, orderEvents, selfService, customerOrders] = await Promise.all([
    db.case.findMany({
      where: { shopId, OR: caseMatch },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: {
        id: true,
        number: true,
        subject: true,
        channel: true,
        status: true,
        createdAt: true,
        resolvedAt: true,
        closedAt: true,
        mergedInto: { select: { number: true } },
        orders: { where: { shopId, orderId: order.id }, select: { orderId: true } },
      },
    }),
    // Only when a limit was reached: how many cases the email matched in all, so the pack can say "first N of M".
    Promise.all(
      cappedEmails.map(async (e) => {
        const rows = await db.$queryRaw<{ n: bigint }[]>`
          SELECT count(*) AS n FROM "Case" WHERE "shopId" = ${shopId}::uuid AND lower("customerEmail") = lower(${e})`;
        return Math.max(0, Number(rows[0]?.n ?? 0) - EVIDENCE_CASE_LIMIT);
      }),
    ),
    db.orderAction.findMany({
      where: { shopId, orderId: order.id },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: {
        id: true,
        kind: true,
        status: true,
        input: true,
        result: true,
        error: true,
        createdAt: true,
        completedAt: true,
        staff: { select: { firstName: true, lastName: true, email: true } },
        case: { select: { number: true } },
      },
    }),
    db.caseEvent.findMany({
      where: { shopId, orderId: order.id },
      orderBy: [{ occurredAt: "asc" }, { id: "asc" }],
      select: {
        id: true,
        type: true,
        actorType: true,
        data: true,
        dedupeKey: true,
        occurredAt: true,
        staff: { select: { firstName: true, lastName: true, email: true } },
        case: { select: { number: true } },
      },
    }),
    db.selfServiceEvent.findMany({
      where: { shopId, orderId: order.id },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { id: true, kind: true, createdAt: true, followUpCaseId: true },
    }),
    order.customerId
      ? db.order.aggregate({ where: { shopId, customerId: order.customerId }, _min: { processedAt: true }, _count: { _all: true } })
      : null,
  ]);

  // Messages of those cases, oldest first; internal notes only when asked for.
  const caseIds = cases.map((c) => c.id);
  const messageWhere: Prisma.MessageWhereInput = {
    shopId,
    caseId: { in: caseIds },
    ...(includeNotes ? {} : { direction: { not: "NOTE" as const } }),
  };
  const [messages, perCase, notesPerCase] =
    caseIds.length === 0
      ? [[], [], []]
      : await Promise.all([
          db.message.findMany({
            where: messageWhere,
            orderBy: [{ createdAt: "asc" }, { id: "asc" }],
            take: options.messageLimit ?? EVIDENCE_MESSAGE_LIMIT,
            select: {
              id: true,
              caseId: true,
              direction: true,
              channel: true,
              authorType: true,
              authorName: true,
              authorEmail: true,
              subject: true,
              bodyText: true,
              deliveryStatus: true,
              sentAt: true,
              createdAt: true,
              authorStaff: { select: { firstName: true, lastName: true, email: true } },
              attachments: { where: { shopId }, orderBy: { createdAt: "asc" }, select: { filename: true, contentType: true, size: true } },
            },
          }),
          db.message.groupBy({ by: ["caseId"], where: messageWhere, _count: { _all: true } }),
          includeNotes
            ? []
            : db.message.groupBy({ by: ["caseId"], where: { shopId, caseId: { in: caseIds }, direction: "NOTE" }, _count: { _all: true } }),
        ]);

  const countOf = (rows: { caseId: string; _count: { _all: number } }[]) => new Map(rows.map((r) => [r.caseId, r._count._all]));
  const totals = countOf(perCase);
  const notes = countOf(notesPerCase);
  const byCase = new Map<string, EvidenceMessage[]>();
  for (const m of messages) {
    const list = byCase.get(m.caseId) ?? [];
    list.push({
      id: m.id,
      at: m.createdAt,
      direction: m.direction,
      channel: m.channel,
      authorType: m.authorType,
      // After an erasure nothing personal is shown, even what a redaction may have missed.
      author: m.authorStaff ? personName(m.authorStaff) : redactedAt && m.authorType === "CUSTOMER" ? null : m.authorName || null,
      authorEmail: m.authorStaff || (redactedAt && m.authorType === "CUSTOMER") ? null : m.authorEmail,
      subject: m.subject,
      text: m.bodyText,
      deliveryStatus: m.deliveryStatus,
      sentAt: m.sentAt,
      attachments: m.attachments,
    });
    byCase.set(m.caseId, list);
  }

  const items = (lines: { quantity: number; lineItem: { title: string; variantTitle: string | null } | null }[]) =>
    lines.map((l) => ({ title: itemTitle(l.lineItem), quantity: l.quantity }));

  const shipping = redactedAt ? null : address(order.shippingAddress);
  const billing = redactedAt ? null : address(order.billingAddress);

  return {
    generatedAt,
    includeNotes,
    shop: { name: shop.name ?? shop.domain, domain: shop.domain, timeZone: validTimeZone(shop.ianaTimezone), currencyCode: shop.currencyCode },
    order: {
      id: order.id,
      shopifyId: order.shopifyId.toString(),
      name: order.name,
      processedAt: order.processedAt,
      createdAt: order.shopifyCreatedAt,
      cancelledAt: order.cancelledAt,
      cancelReason: order.cancelReason,
      closedAt: order.closedAt,
      financialStatus: order.financialStatus,
      fulfillmentStatus: order.fulfillmentStatus,
      disputeCount: order.disputeCount,
      paymentGateways: order.paymentGateways,
      currencyCode: order.currencyCode,
      subtotal: order.subtotalPrice.toFixed(2),
      shipping: order.totalShipping.toFixed(2),
      tax: order.totalTax.toFixed(2),
      discounts: order.totalDiscounts.toFixed(2),
      discountCodes: order.discountCodes,
      total: order.totalPrice.toFixed(2),
      refunded: order.totalRefunded.toFixed(2),
      shippingMethod: order.shippingMethod,
      statusPageUrl: redactedAt ? null : safeHttpUrl(order.statusPageUrl),
    },
    redactedAt,
    disputes: await loadOrderDisputes(shopId, order.id, generatedAt),
    customer: redactedAt
      ? null
      : {
          name: (customer && personName(customer, "")) || shipping?.name || billing?.name || null,
          email,
          phone: order.phone ?? customer?.phone ?? null,
          shopifyId: customer?.shopifyId?.toString() ?? null,
          firstOrderAt: customerOrders?._min.processedAt ?? null,
          ordersCount: customer ? Math.max(customer.ordersCount, customerOrders?._count._all ?? 0) : null,
          totalSpent: customer && customer.ordersCount > 0 ? customer.totalSpent.toFixed(2) : null,
          spentCurrency: customer ? (customer.currencyCode ?? shop.currencyCode) : null,
        },
    shippingAddress: shipping,
    billingAddress: billing,
    addressMatch: redactedAt ? null : compareAddresses(order.shippingAddress, order.billingAddress),
    lineItems: order.lineItems.map((l) => ({
      id: l.id,
      title: l.title,
      variantTitle: l.variantTitle,
      sku: l.sku,
      quantity: l.quantity,
      price: l.price.toFixed(2),
      totalDiscount: l.totalDiscount.toFixed(2),
      requiresShipping: l.requiresShipping,
    })),
    fulfillments: order.fulfillments.map((f) => ({
      id: f.id,
      name: f.name,
      status: f.status,
      shipmentStatus: f.shipmentStatus,
      carrier: f.trackingCompany,
      tracking: trackingList(f),
      createdAt: f.shopifyCreatedAt,
      inTransitAt: f.inTransitAt,
      estimatedDeliveryAt: f.estimatedDeliveryAt,
      deliveredAt: f.deliveredAt ?? f.events.find((e) => e.status === "DELIVERED")?.happenedAt ?? null,
      items: items(f.lines),
      events: f.events.map((e) => ({
        id: e.id,
        status: e.status,
        message: e.message,
        place: [e.city, e.province, e.country].filter(Boolean).join(", ") || null,
        at: e.happenedAt,
        estimatedDeliveryAt: e.estimatedDeliveryAt,
      })),
    })),
    transactions: order.transactions.map((tx) => ({
      id: tx.id,
      kind: tx.kind,
      status: tx.status,
      failed: isFailedTransaction(tx.status),
      amount: tx.amount.toFixed(2),
      currencyCode: tx.currencyCode,
      gateway: tx.gateway,
      // A redacted customer's card and the gateway's words about it are not shown (the redaction erased them too).
      cardBrand: redactedAt ? null : tx.cardBrand,
      lastFour: redactedAt ? null : tx.lastFour,
      errorCode: tx.errorCode,
      errorText: isFailedTransaction(tx.status) ? transactionErrorWords(tx.errorCode) : null,
      message: redactedAt ? null : tx.message,
      test: tx.test,
      processedAt: tx.processedAt,
    })),
    paymentTerms: order.paymentTermsName ? { name: order.paymentTermsName, dueAt: order.paymentDueAt } : null,
    refunds: order.refunds.map((r) => ({
      id: r.id,
      amount: r.amount.toFixed(2),
      shippingAmount: r.shippingAmount.toFixed(2),
      currencyCode: r.currencyCode,
      note: r.note,
      restocked: r.restocked,
      processedAt: r.processedAt,
      returnName: r.return?.name ?? null,
      items: r.lines.map((l) => ({ title: itemTitle(l.lineItem), quantity: l.quantity, subtotal: l.subtotal.toFixed(2) })),
    })),
    returns: order.returns.map((r) => ({
      id: r.id,
      name: r.name,
      status: r.status,
      requestedAt: r.requestedAt,
      approvedAt: r.approvedAt,
      closedAt: r.closedAt,
      declineReason: r.declineReason,
      declineNote: r.declineNote,
      reverseTracking:
        r.reverseCarrier || r.reverseTrackingNumber || r.reverseTrackingUrl
          ? { carrier: r.reverseCarrier, number: r.reverseTrackingNumber, url: safeHttpUrl(r.reverseTrackingUrl) }
          : null,
      items: r.lines.map((l) => ({ title: itemTitle(l.lineItem), quantity: l.quantity, reason: l.reason, note: l.customerNote })),
    })),
    cases: cases.map((c) => ({
      id: c.id,
      number: c.number,
      subject: c.subject,
      channel: c.channel,
      status: c.status,
      createdAt: c.createdAt,
      resolvedAt: c.resolvedAt,
      closedAt: c.closedAt,
      mergedIntoNumber: c.mergedInto?.number ?? null,
      linkedToOrder: c.orders.length > 0,
      messages: byCase.get(c.id) ?? [],
      messageCount: totals.get(c.id) ?? 0,
      notesExcluded: notes.get(c.id) ?? 0,
    })),
    casesTotal: cases.length + casesLeftOut.reduce((a, b) => a + b, 0),
    messagesShown: messages.length,
    messagesTotal: [...totals.values()].reduce((a, b) => a + b, 0),
    orderActions: orderActions.map((a) => {
      const input = asRecord(a.input);
      const result = asRecord(a.result);
      const amount = str(result.amount) ?? str(input.amount);
      return {
        id: a.id,
        kind: a.kind,
        status: a.status,
        staffName: a.staff ? personName(a.staff) : null,
        caseNumber: a.case?.number ?? null,
        createdAt: a.createdAt,
        completedAt: a.completedAt,
        amount,
        currencyCode: str(result.currencyCode) ?? str(result.currency) ?? str(input.currencyCode) ?? (amount ? order.currencyCode : null),
        reason: str(input.reason) ?? str(input.note),
        error: a.error,
      };
    }),
    orderEvents: dedupeEvents(orderEvents),
    selfService: selfService.map((s) => ({
      id: s.id,
      kind: s.kind,
      at: s.createdAt,
      followUpCaseNumber: s.followUpCaseId ? (cases.find((c) => c.id === s.followUpCaseId)?.number ?? null) : null,
    })),
  };
}

/** An order event is written once per linked case (e.g. "shipped" on two cases): shown once, naming the cases. */
function dedupeEvents(
  rows: {
    id: string;
    type: string;
    actorType: ActorType;
    data: Prisma.JsonValue;
    dedupeKey: string | null;
    occurredAt: Date;
    staff: { firstName: string | null; lastName: string | null; email: string } | null;
    case: { number: number };
  }[],
): EvidenceTimelineEvent[] {
  const out: EvidenceTimelineEvent[] = [];
  const seen = new Map<string, EvidenceTimelineEvent>();
  for (const row of rows) {
    const key = row.dedupeKey ? `k:${row.dedupeKey}` : `t:${row.type}:${row.occurredAt.getTime()}:${JSON.stringify(row.data)}`;
    const existing = seen.get(key);
    if (existing) {
      if (!existing.caseNumbers.includes(row.case.number)) existing.caseNumbers.push(row.case.number);
      continue;
    }
    const event: EvidenceTimelineEvent = {
      id: row.id,
      at: row.occurredAt,
      type: row.type,
      actorType: row.actorType,
      staffName: row.staff ? personName(row.staff) : null,
      data: asRecord(row.data),
      caseNumbers: [row.case.number],
    };
    seen.set(key, event);
    out.push(event);
  }
  return out;
}

function trackingList(f: { trackingNumber: string | null; trackingUrl: string | null; trackingNumbers: string[]; trackingUrls: string[] }) {
  const numbers = f.trackingNumbers.length > 0 ? f.trackingNumbers : f.trackingNumber ? [f.trackingNumber] : [];
  const urls = f.trackingUrls.length > 0 ? f.trackingUrls : f.trackingUrl ? [f.trackingUrl] : [];
  const count = Math.max(numbers.length, urls.length);
  const out: { number: string | null; url: string | null }[] = [];
  for (let i = 0; i < count; i++) out.push({ number: numbers[i] ?? null, url: safeHttpUrl(urls[i]) });
  return out;
}

function itemTitle(l: { title: string; variantTitle: string | null } | null): string {
  if (!l) return "—";
  return l.variantTitle ? `${l.title} — ${l.variantTitle}` : l.title;
}

function personName(p: { firstName: string | null; lastName: string | null; email?: string | null }, fallback?: string): string {
  const name = [p.firstName, p.lastName].filter(Boolean).join(" ").trim();
  return name || (fallback ?? p.email ?? "");
}

function earliest(a: Date | null, b: Date | null): Date | null {
  if (a && b) return a < b ? a : b;
  return a ?? b;
}

function asRecord(value: unknown): Record<string, unknown> {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function str(value: unknown): string | null {
  if (typeof value === "string" && value.trim()) return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return null;
}

function validTimeZone(zone: string): string {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return zone;
  } catch {
    return "UTC";
  }
}

function field(a: Record<string, unknown>, key: string): string {
  const v = a[key];
  return typeof v === "string" || typeof v === "number" ? String(v).trim() : "";
}

/** A stored address (Shopify's REST shape) as printable lines. */
export function address(value: Prisma.JsonValue | null): EvidenceAddress | null {
  const a = asRecord(value);
  if (Object.keys(a).length === 0) return null;
  const name = field(a, "name") || [field(a, "first_name"), field(a, "last_name")].filter(Boolean).join(" ");
  const cityLine = [field(a, "city"), field(a, "province_code") || field(a, "province"), field(a, "zip")].filter(Boolean).join(" ");
  const lines = [field(a, "address1"), field(a, "address2"), cityLine, field(a, "country") || field(a, "country_code")].filter(Boolean);
  return { name: name || null, company: field(a, "company") || null, lines, phone: field(a, "phone") || null };
}

const COMPARED: [label: string, keys: string[]][] = [
  ["name", ["name"]],
  ["street", ["address1", "address2"]],
  ["city", ["city"]],
  ["province", ["province_code"]],
  ["zip", ["zip"]],
  ["country", ["country_code"]],
];

/** Billing vs shipping, compared on normalised fields (case, spaces and punctuation ignored); `differing` names fields. */
export function compareAddresses(shipping: Prisma.JsonValue | null, billing: Prisma.JsonValue | null): { same: boolean; differing: string[] } | null {
  const s = asRecord(shipping);
  const b = asRecord(billing);
  if (Object.keys(s).length === 0 || Object.keys(b).length === 0) return null;
  const norm = (a: Record<string, unknown>, keys: string[]) => {
    const withName = keys[0] === "name" ? [field(a, "name") || [field(a, "first_name"), field(a, "last_name")].filter(Boolean).join(" ")] : keys.map((k) => field(a, k));
    return withName.join(" ").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
  };
  const differing = COMPARED.filter(([, keys]) => norm(s, keys) !== norm(b, keys)).map(([label]) => label);
  return { same: differing.length === 0, differing };
}

/** "evidence-1001.html" for order "#1001": only characters safe in a header and a file name. */
export function evidenceFilename(orderName: string): string {
  const safe = orderName.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "");
  return `evidence-${safe || "order"}.html`;
}
