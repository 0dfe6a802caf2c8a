import type { AdminGraphql } from "../auth/staff.server";
import db from "../db.server";
import { caseIdsWithEmail, orderIdsWithEmail } from "../customers/email-match.server";
import type {
  CaseStatus,
  FinancialStatus,
  FulfillmentState,
  FulfillmentStatus,
  Prisma,
  ReturnStatus,
  ShipmentStatus,
} from "../generated/prisma/client";
import { adminGraphql } from "../shopify/admin-client.server";
import { CUSTOMER_SUBSCRIPTIONS_QUERY } from "../shopify/operations/customers";
import { mirroredSubscriptions } from "../subscriptions/panel.server";
import { hasScopes } from "../shops/scopes";
import { PAYMENT_METHOD_EMAIL_SCOPES, READ_SUBSCRIPTIONS_SCOPE } from "../subscriptions/scopes";
import { safeHttpUrl } from "./sanitize.server";
import { loadOrderPayments, NO_PAYMENTS, type PanelPayments } from "./order-payments.server";

// The customer beside the conversation: who they are, their other cases, what they bought and spent, and
// every linked order with its shipments, refunds and returns, from the order mirror. Subscriptions are read
// live from Shopify (the mirror does not hold them) and never break the panel.

const OTHER_CASES_LIMIT = 10;
const LINKED_ORDERS_LIMIT = 10;
const SUBSCRIPTION_TIMEOUT_MS = 4000;

export interface PanelCase {
  id: string;
  number: number;
  subject: string;
  status: CaseStatus;
  lastActivityAt: string;
}

export interface PanelOrder {
  id: string;
  name: string;
  processedAt: string;
  financialStatus: FinancialStatus;
  fulfillmentStatus: FulfillmentStatus;
  cancelledAt: string | null;
  cancelReason: string | null;
  currencyCode: string;
  totalPrice: string;
  totalRefunded: string;
  statusPageUrl: string | null;
  shippingMethod: string | null;
  lineItems: { id: string; title: string; variantTitle: string | null; sku: string | null; quantity: number; price: string; imageUrl: string | null }[];
  fulfillments: {
    id: string;
    name: string | null;
    status: FulfillmentState;
    shipmentStatus: ShipmentStatus | null;
    carrier: string | null;
    trackingNumber: string | null;
    trackingUrl: string | null;
    /** Further parcels of the same fulfillment. */
    moreTracking: { number: string; url: string | null }[];
    estimatedDeliveryAt: string | null;
    deliveredAt: string | null;
    shippedAt: string;
    lastEvent: { status: ShipmentStatus; message: string | null; place: string | null; at: string } | null;
  }[];
  refunds: { id: string; amount: string; currencyCode: string; note: string | null; restocked: boolean; processedAt: string; items: { title: string; quantity: number }[] }[];
  returns: {
    id: string;
    name: string | null;
    status: ReturnStatus;
    requestedAt: string;
    approvedAt: string | null;
    closedAt: string | null;
    declineReason: string | null;
    reverseTracking: { carrier: string | null; number: string | null; url: string | null } | null;
    items: { title: string; quantity: number; reason: string; note: string | null }[];
  }[];
  /** Transactions, payment terms, items that need no shipping, the receipt's address (./order-payments.server). */
  payments: PanelPayments;
}

export interface CustomerPanel {
  customer: {
    id: string | null;
    shopifyId: string | null;
    name: string | null;
    email: string | null;
    phone: string | null;
    tags: string[];
    redacted: boolean;
  };
  lifetime: { orders: number; spent: string; currencyCode: string; firstTimeBuyer: boolean };
  otherCases: PanelCase[];
  /** The customer's other cases still waiting: the ones this case can be merged with. */
  mergeCandidates: PanelCase[];
  orders: PanelOrder[];
}

type CaseForPanel = {
  id: string;
  customerId: string | null;
  customerEmail: string | null;
  customerName: string | null;
};

/** Cases, orders and spend of the case's customer: the same Customer, or the same email for guests. */
export async function loadCustomerPanel(shopId: string, c: CaseForPanel, shopCurrency: string): Promise<CustomerPanel> {
  const customer = c.customerId
    ? await db.customer.findFirst({
        where: { id: c.customerId, shopId },
        select: {
          id: true,
          shopifyId: true,
          email: true,
          firstName: true,
          lastName: true,
          phone: true,
          tags: true,
          ordersCount: true,
          totalSpent: true,
          currencyCode: true,
          redactedAt: true,
        },
      })
    : null;
  const email = c.customerEmail ?? customer?.email ?? null;

  const caseMatch: Prisma.CaseWhereInput[] = [];
  if (c.customerId) caseMatch.push({ customerId: c.customerId });
  if (email) caseMatch.push({ id: { in: await caseIdsWithEmail(shopId, email) } });
  const orderMatch: Prisma.OrderWhereInput[] = [];
  if (c.customerId) orderMatch.push({ customerId: c.customerId });
  if (email) orderMatch.push({ id: { in: await orderIdsWithEmail(shopId, email) } });

  const caseSelect = { id: true, number: true, subject: true, status: true, lastActivityAt: true } as const;
  const [otherCases, mergeCandidates, spend, links] = await Promise.all([
    caseMatch.length === 0
      ? []
      : db.case.findMany({
          where: { shopId, id: { not: c.id }, mergedIntoId: null, OR: caseMatch },
          orderBy: [{ lastActivityAt: "desc" }, { id: "desc" }],
          take: OTHER_CASES_LIMIT,
          select: caseSelect,
        }),
    caseMatch.length === 0
      ? []
      : db.case.findMany({
          where: { shopId, id: { not: c.id }, mergedIntoId: null, status: { in: ["OPEN", "PENDING", "SNOOZED"] }, OR: caseMatch },
          orderBy: [{ lastActivityAt: "desc" }, { id: "desc" }],
          take: 50,
          select: caseSelect,
        }),
    orderMatch.length === 0
      ? []
      : db.order.groupBy({
          by: ["currencyCode"],
          where: { shopId, cancelledAt: null, OR: orderMatch },
          _count: { _all: true },
          _sum: { totalPrice: true, totalRefunded: true },
        }),
    db.caseOrder.findMany({
      where: { shopId, caseId: c.id },
      select: { orderId: true },
      take: 100,
    }),
  ]);

  // Spend in the shop's currency (orders in another presentment currency are counted, not summed).
  let mirrorOrders = 0;
  let mirrorSpent = 0;
  for (const row of spend) {
    mirrorOrders += row._count._all;
    if (row.currencyCode === shopCurrency) {
      mirrorSpent += Number(row._sum.totalPrice ?? 0) - Number(row._sum.totalRefunded ?? 0);
    }
  }
  // The mirror holds recent orders (60-day backfill, then webhooks); Shopify's own customer totals reach
  // further back when the customer record has them.
  const fromShopify = customer && customer.ordersCount > mirrorOrders;
  const lifetimeOrders = fromShopify ? customer.ordersCount : mirrorOrders;
  const lifetimeSpent = fromShopify ? Number(customer.totalSpent) : mirrorSpent;

  const orders = links.length === 0 ? [] : await linkedOrders(shopId, links.map((l) => l.orderId));
  const name = customer
    ? [customer.firstName, customer.lastName].filter(Boolean).join(" ") || c.customerName
    : c.customerName;

  return {
    customer: {
      id: customer?.id ?? null,
      shopifyId: customer?.shopifyId?.toString() ?? null,
      name: name || null,
      email,
      phone: customer?.phone ?? null,
      tags: customer?.tags ?? [],
      redacted: Boolean(customer?.redactedAt),
    },
    lifetime: {
      orders: lifetimeOrders,
      spent: lifetimeSpent.toFixed(2),
      currencyCode: fromShopify ? (customer.currencyCode ?? shopCurrency) : shopCurrency,
      firstTimeBuyer: lifetimeOrders === 1,
    },
    otherCases: otherCases.map(panelCase),
    mergeCandidates: mergeCandidates.map(panelCase),
    orders,
  };
}

function panelCase(c: { id: string; number: number; subject: string; status: CaseStatus; lastActivityAt: Date }): PanelCase {
  return { ...c, lastActivityAt: c.lastActivityAt.toISOString() };
}

async function linkedOrders(shopId: string, orderIds: string[]): Promise<PanelOrder[]> {
  const rows = await db.order.findMany({
    where: { shopId, id: { in: orderIds } },
    orderBy: [{ processedAt: "desc" }, { id: "desc" }],
    take: LINKED_ORDERS_LIMIT,
    select: {
      id: true,
      name: true,
      processedAt: true,
      financialStatus: true,
      fulfillmentStatus: true,
      cancelledAt: true,
      cancelReason: true,
      currencyCode: true,
      totalPrice: true,
      totalRefunded: true,
      statusPageUrl: true,
      shippingMethod: true,
      lineItems: {
        orderBy: { shopifyId: "asc" },
        take: 50,
        select: { id: true, title: true, variantTitle: true, sku: true, quantity: true, price: true, imageUrl: true },
      },
      fulfillments: {
        orderBy: { shopifyCreatedAt: "asc" },
        select: {
          id: true,
          name: true,
          status: true,
          shipmentStatus: true,
          trackingCompany: true,
          trackingNumber: true,
          trackingUrl: true,
          trackingNumbers: true,
          trackingUrls: true,
          estimatedDeliveryAt: true,
          deliveredAt: true,
          shopifyCreatedAt: true,
          events: {
            orderBy: { happenedAt: "desc" },
            take: 1,
            select: { status: true, message: true, city: true, province: true, country: true, happenedAt: true },
          },
        },
      },
      refunds: {
        orderBy: { processedAt: "asc" },
        select: {
          id: true,
          amount: true,
          currencyCode: true,
          note: true,
          restocked: true,
          processedAt: true,
          lines: { select: { quantity: true, lineItem: { select: { title: true } } } },
        },
      },
      returns: {
        orderBy: { requestedAt: "asc" },
        select: {
          id: true,
          name: true,
          status: true,
          requestedAt: true,
          approvedAt: true,
          closedAt: true,
          declineReason: true,
          reverseCarrier: true,
          reverseTrackingNumber: true,
          reverseTrackingUrl: true,
          lines: { select: { quantity: true, reason: true, customerNote: true, lineItem: { select: { title: true } } } },
        },
      },
    },
  });
  const payments = await loadOrderPayments(shopId, rows.map((o) => o.id));
  return rows.map((o) => ({
    id: o.id,
    name: o.name,
    payments: payments.get(o.id) ?? NO_PAYMENTS,
    processedAt: o.processedAt.toISOString(),
    financialStatus: o.financialStatus,
    fulfillmentStatus: o.fulfillmentStatus,
    cancelledAt: o.cancelledAt?.toISOString() ?? null,
    cancelReason: o.cancelReason,
    currencyCode: o.currencyCode,
    totalPrice: o.totalPrice.toFixed(2),
    totalRefunded: o.totalRefunded.toFixed(2),
    statusPageUrl: safeHttpUrl(o.statusPageUrl),
    shippingMethod: o.shippingMethod,
    lineItems: o.lineItems.map((l) => ({ ...l, price: l.price.toFixed(2), imageUrl: safeHttpUrl(l.imageUrl) })),
    fulfillments: o.fulfillments.map((f) => {
      const event = f.events[0];
      return {
        id: f.id,
        name: f.name,
        status: f.status,
        shipmentStatus: f.shipmentStatus,
        carrier: f.trackingCompany,
        trackingNumber: f.trackingNumber,
        trackingUrl: safeHttpUrl(f.trackingUrl),
        moreTracking: f.trackingNumbers
          .map((number, i) => ({ number, url: safeHttpUrl(f.trackingUrls[i]) }))
          .filter((t) => t.number !== f.trackingNumber),
        estimatedDeliveryAt: f.estimatedDeliveryAt?.toISOString() ?? null,
        deliveredAt: f.deliveredAt?.toISOString() ?? null,
        shippedAt: f.shopifyCreatedAt.toISOString(),
        lastEvent: event
          ? {
              status: event.status,
              message: event.message,
              place: [event.city, event.province, event.country].filter(Boolean).join(", ") || null,
              at: event.happenedAt.toISOString(),
            }
          : null,
      };
    }),
    refunds: o.refunds.map((r) => ({
      id: r.id,
      amount: r.amount.toFixed(2),
      currencyCode: r.currencyCode,
      note: r.note,
      restocked: r.restocked,
      processedAt: r.processedAt.toISOString(),
      items: r.lines.filter((l) => l.quantity > 0).map((l) => ({ title: l.lineItem?.title ?? "Item", quantity: l.quantity })),
    })),
    returns: o.returns.map((r) => ({
      id: r.id,
      name: r.name,
      status: r.status,
      requestedAt: r.requestedAt.toISOString(),
      approvedAt: r.approvedAt?.toISOString() ?? null,
      closedAt: r.closedAt?.toISOString() ?? null,
      declineReason: r.declineReason,
      reverseTracking:
        r.reverseTrackingNumber || r.reverseTrackingUrl
          ? { carrier: r.reverseCarrier, number: r.reverseTrackingNumber, url: safeHttpUrl(r.reverseTrackingUrl) }
          : null,
      items: r.lines.map((l) => ({ title: l.lineItem?.title ?? "Item", quantity: l.quantity, reason: l.reason, note: l.customerNote })),
    })),
  }));
}

// ───────────────────────────── Subscriptions (live, read-only) ─────────────────────────────

export interface SubscriptionContractView {
  id: string;
  status: string;
  nextBillingDate: string | null;
  interval: string | null;
  items: string[];
  lastPaymentStatus: string | null;
  /** The most recent failed billing attempt, if any of the latest ones failed (recoveredAt: paid by a later attempt). */
  lastFailedPayment: { at: string; reason: string; recoveredAt?: string | null } | null;
  cancelledAt?: string | null;
}

export type SubscriptionsResult =
  /** source: the subscription mirror (webhooks) or a live read; canEmail: the payment method email may be sent. */
  | { state: "ok"; contracts: SubscriptionContractView[]; source?: "mirror" | "live"; canEmail?: boolean }
  /** The customer is a guest (no Shopify customer): nothing to look up. */
  | { state: "none" }
  /** The lookup failed; the panel shows a quiet note instead. */
  | { state: "unavailable"; reason: "scope" | "error" };

interface ContractNode {
  id: string;
  status: string;
  nextBillingDate: string | null;
  billingPolicy?: { interval: string; intervalCount: number } | null;
  lastPaymentStatus?: string | null;
  lastBillingAttemptErrorType?: string | null;
  lines?: { nodes: { title: string; variantTitle: string | null; quantity: number }[] };
  billingAttempts?: {
    nodes: {
      createdAt: string;
      completedAt: string | null;
      state?: {
        __typename: string;
        error?: { __typename: string; paymentErrorCode?: string; inventoryErrorCode?: string; generalErrorCode?: string; message?: string };
      } | null;
    }[];
  };
}

/**
 * The customer's subscription contracts, fetched live from the Admin API. Never throws: without the scope,
 * without a Shopify customer, on an API error or after a few seconds the panel gets a state to show quietly.
 */
export async function loadSubscriptions(
  admin: AdminGraphql,
  shop: { id?: string; scopes: string | null },
  customerShopifyId: string | null,
  options: { timeoutMs?: number } = {},
): Promise<SubscriptionsResult> {
  if (!customerShopifyId) return { state: "none" };
  // The mirror first (app/subscriptions): kept by webhooks, readable even after the scope was taken back.
  const canEmail = hasScopes(shop.scopes, [READ_SUBSCRIPTIONS_SCOPE, ...PAYMENT_METHOD_EMAIL_SCOPES]);
  if (shop.id && /^\d{1,19}$/.test(customerShopifyId)) {
    const mirrored = await mirroredSubscriptions(shop.id, BigInt(customerShopifyId));
    if (mirrored.length > 0) return { state: "ok", contracts: mirrored, source: "mirror", canEmail };
  }
  // Scopes not recorded: try (an access-denied answer shows as "scope" below).
  if (shop.scopes && !hasScopes(shop.scopes, [READ_SUBSCRIPTIONS_SCOPE])) {
    return { state: "unavailable", reason: "scope" };
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const data = await Promise.race([
      adminGraphql<{ customer: { subscriptionContracts: { nodes: ContractNode[] } } | null }>(
        admin,
        CUSTOMER_SUBSCRIPTIONS_QUERY,
        { customerId: `gid://shopify/Customer/${customerShopifyId}` },
        { maxAttempts: 1 },
      ),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error("timed out")), options.timeoutMs ?? SUBSCRIPTION_TIMEOUT_MS);
      }),
    ]);
    const nodes = data.customer?.subscriptionContracts.nodes ?? [];
    return { state: "ok", contracts: nodes.map(contractView), source: "live", canEmail };
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    return { state: "unavailable", reason: /access denied|scope|ACCESS_DENIED/i.test(text) ? "scope" : "error" };
  } finally {
    if (timer) clearTimeout(timer);
  }
}

function contractView(n: ContractNode): SubscriptionContractView {
  const failed = n.billingAttempts?.nodes.find((a) => a.state?.__typename === "SubscriptionBillingAttemptFailedState");
  const error = failed?.state?.error;
  const reason =
    error?.paymentErrorCode ?? error?.inventoryErrorCode ?? error?.generalErrorCode ?? error?.message ?? n.lastBillingAttemptErrorType ?? "FAILED";
  return {
    id: n.id,
    status: n.status,
    nextBillingDate: n.nextBillingDate,
    interval: n.billingPolicy ? `${n.billingPolicy.intervalCount}:${n.billingPolicy.interval}` : null,
    items: (n.lines?.nodes ?? []).map((l) => `${l.quantity} × ${l.title}${l.variantTitle ? ` (${l.variantTitle})` : ""}`),
    lastPaymentStatus: n.lastPaymentStatus ?? null,
    lastFailedPayment: failed ? { at: failed.completedAt ?? failed.createdAt, reason: humanise(reason) } : null,
  };
}

function humanise(code: string): string {
  if (!/^[A-Z_]+$/.test(code)) return code;
  const words = code.toLowerCase().replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}
