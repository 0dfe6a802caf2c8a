import db from "../../db.server";
import type { FinancialStatus, FulfillmentStatus, ReturnStatus } from "../../generated/prisma/enums";
import { compareMoney, fromUnits, toUnits } from "../../components/order-actions/money";

/**
 * What the order actions of a case can do with each linked order, read from the mirror: how much of each line
 * and of the order is left to refund, whether Shopify would cancel it, and which returns wait for a decision or
 * can be processed. JSON-safe (strings, numbers, booleans) so the case view can pass it to the browser.
 */

export interface OrderActionLine {
  /** Our LineItem id (what the forms send). */
  id: string;
  title: string;
  variantTitle: string | null;
  sku: string | null;
  quantity: number;
  refundedQuantity: number;
  refundableQuantity: number;
  fulfilledQuantity: number;
  /** Price of one unit after its share of line discounts, before tax. */
  unitPrice: string;
}

export interface OrderActionReturnLine {
  /** Our ReturnLineItem id (what the forms send). */
  id: string;
  title: string;
  quantity: number;
  reason: string;
  customerNote: string | null;
}

export interface OrderActionReturn {
  id: string;
  name: string | null;
  status: ReturnStatus;
  requestedAt: string;
  lines: OrderActionReturnLine[];
}

/** Why an action is not offered (an orderAction.* text key), or null when it is. */
export type Unavailable =
  | "orderAction.unavailable.cancelled"
  | "orderAction.unavailable.notPaid"
  | "orderAction.unavailable.fullyRefunded"
  | "orderAction.unavailable.fulfilled"
  | "orderAction.unavailable.activeReturn"
  | null;

export interface OrderActionOrder {
  id: string;
  name: string;
  currencyCode: string;
  financialStatus: FinancialStatus;
  fulfillmentStatus: FulfillmentStatus;
  cancelled: boolean;
  totalPrice: string;
  totalShipping: string;
  totalRefunded: string;
  /** What is left to refund on the order (total minus refunds so far). */
  refundableAmount: string;
  lines: OrderActionLine[];
  refund: { allowed: boolean; unavailable: Unavailable };
  cancel: { allowed: boolean; unavailable: Unavailable };
  /** Return requests waiting for staff to approve or decline (REQUESTED). */
  returnsAwaitingDecision: OrderActionReturn[];
  /** Approved returns whose items can be received and processed (OPEN). */
  returnsToProcess: OrderActionReturn[];
}

const PAID: FinancialStatus[] = ["PAID", "PARTIALLY_PAID", "PARTIALLY_REFUNDED"];

export async function loadOrderActionContext(shopId: string, orderIds: string[]): Promise<OrderActionOrder[]> {
  if (orderIds.length === 0) return [];
  const orders = await db.order.findMany({
    where: { shopId, id: { in: orderIds } },
    select: {
      id: true,
      name: true,
      currencyCode: true,
      financialStatus: true,
      fulfillmentStatus: true,
      cancelledAt: true,
      totalPrice: true,
      totalShipping: true,
      totalRefunded: true,
      lineItems: {
        where: { shopId },
        orderBy: { shopifyId: "asc" },
        select: {
          id: true,
          title: true,
          variantTitle: true,
          sku: true,
          quantity: true,
          price: true,
          totalDiscount: true,
          refundLines: { where: { shopId }, select: { quantity: true } },
          fulfillmentLines: {
            where: { shopId, fulfillment: { status: "SUCCESS" } },
            select: { quantity: true },
          },
        },
      },
      fulfillments: { where: { shopId, status: "SUCCESS" }, select: { id: true } },
      returns: {
        where: { shopId, status: { in: ["REQUESTED", "OPEN"] } },
        orderBy: { requestedAt: "asc" },
        select: {
          id: true,
          name: true,
          status: true,
          requestedAt: true,
          lines: {
            where: { shopId },
            select: {
              id: true,
              quantity: true,
              reason: true,
              customerNote: true,
              shopifyId: true,
              lineItem: { select: { title: true } },
            },
          },
        },
      },
    },
  });
  const byId = new Map(orders.map((o) => [o.id, o]));

  return orderIds.flatMap((id) => {
    const o = byId.get(id);
    if (!o) return [];
    const totalPrice = o.totalPrice.toString();
    const totalRefunded = o.totalRefunded.toString();
    const left = toUnits(totalPrice) - toUnits(totalRefunded);
    const refundableAmount = fromUnits(left > 0n ? left : 0n);
    const lines: OrderActionLine[] = o.lineItems.map((l) => {
      const refunded = l.refundLines.reduce((n, r) => n + r.quantity, 0);
      const fulfilled = l.fulfillmentLines.reduce((n, f) => n + f.quantity, 0);
      const discountPerUnit = l.quantity > 0 ? toUnits(l.totalDiscount.toString()) / BigInt(l.quantity) : 0n;
      return {
        id: l.id,
        title: l.title,
        variantTitle: l.variantTitle,
        sku: l.sku,
        quantity: l.quantity,
        refundedQuantity: Math.min(refunded, l.quantity),
        refundableQuantity: Math.max(0, l.quantity - refunded),
        fulfilledQuantity: Math.min(fulfilled, l.quantity),
        unitPrice: fromUnits(toUnits(l.price.toString()) - discountPerUnit),
      };
    });
    const cancelled = o.cancelledAt !== null;
    const toReturn = (r: (typeof o.returns)[number], processable = false): OrderActionReturn => ({
      id: r.id,
      name: r.name,
      status: r.status,
      requestedAt: r.requestedAt.toISOString(),
      lines: r.lines.filter((l) => !processable || l.shopifyId !== null).map((l) => ({
        id: l.id,
        title: l.lineItem?.title ?? "Item",
        quantity: l.quantity,
        reason: l.reason,
        customerNote: l.customerNote,
      })),
    });

    return [
      {
        id: o.id,
        name: o.name,
        currencyCode: o.currencyCode,
        financialStatus: o.financialStatus,
        fulfillmentStatus: o.fulfillmentStatus,
        cancelled,
        totalPrice,
        totalShipping: o.totalShipping.toString(),
        totalRefunded,
        refundableAmount,
        lines,
        refund: refundAvailability(o.financialStatus, refundableAmount),
        cancel: cancelAvailability({
          cancelled,
          fulfilled: o.fulfillments.length > 0 || o.fulfillmentStatus === "FULFILLED" || o.fulfillmentStatus === "PARTIALLY_FULFILLED",
          activeReturn: o.returns.length > 0,
        }),
        returnsAwaitingDecision: o.returns.filter((r) => r.status === "REQUESTED").map((r) => toReturn(r)),
        // Lines without Shopify's id (a backfilled return) cannot be named to returnProcess until the next sync.
        returnsToProcess: o.returns
          .filter((r) => r.status === "OPEN" && r.lines.some((l) => l.shopifyId !== null))
          .map((r) => toReturn(r, true)),
      },
    ];
  });
}

/** Shopify refunds what was paid: an unpaid or authorised-only order has nothing to refund (cancel voids it). */
export function refundAvailability(status: FinancialStatus, refundableAmount: string): OrderActionOrder["refund"] {
  if (!PAID.includes(status)) {
    return { allowed: false, unavailable: status === "REFUNDED" ? "orderAction.unavailable.fullyRefunded" : "orderAction.unavailable.notPaid" };
  }
  if (compareMoney(refundableAmount, "0") <= 0) return { allowed: false, unavailable: "orderAction.unavailable.fullyRefunded" };
  return { allowed: true, unavailable: null };
}

/**
 * Shopify cancels an order only when it is not cancelled already, has no return in progress and no fulfilment
 * that cannot be cancelled (a shipped fulfilment); it refuses anything else with an error.
 */
export function cancelAvailability(state: { cancelled: boolean; fulfilled: boolean; activeReturn: boolean }): OrderActionOrder["cancel"] {
  if (state.cancelled) return { allowed: false, unavailable: "orderAction.unavailable.cancelled" };
  if (state.activeReturn) return { allowed: false, unavailable: "orderAction.unavailable.activeReturn" };
  if (state.fulfilled) return { allowed: false, unavailable: "orderAction.unavailable.fulfilled" };
  return { allowed: true, unavailable: null };
}
