import db from "../db.server";
import type { TransactionKind, TransactionStatus } from "../generated/prisma/client";
import { isFailedTransaction } from "../orders/transactions";
import { transactionErrorWords } from "../orders/transaction-words";

// Payment context of the orders linked to a case, from the mirror: each order's transactions (failed attempts
// flagged, with Shopify's error code in plain words), its payment terms and due date, the email a receipt goes
// to, and the items that need no shipping (digital goods, gift cards, services) with whether they were fulfilled
// — what an "I paid but can't access what I bought" case needs at a glance. JSON-safe for the browser.

const TRANSACTIONS_PER_ORDER = 25;

export interface PanelTransaction {
  id: string;
  kind: TransactionKind;
  status: TransactionStatus;
  /** A failed or errored attempt: shown highlighted. */
  failed: boolean;
  amount: string;
  currencyCode: string;
  gateway: string | null;
  cardBrand: string | null;
  lastFour: string | null;
  errorCode: string | null;
  /** The error code in plain words (failed attempts only). */
  errorText: string | null;
  message: string | null;
  test: boolean;
  processedAt: string;
}

export interface PanelPayments {
  /** Where a receipt goes: the order's own email, or null (no receipt can be sent). */
  email: string | null;
  paymentGateways: string[];
  paymentTermsName: string | null;
  paymentDueAt: string | null;
  /** Newest first. */
  transactions: PanelTransaction[];
  failedCount: number;
  noShippingItems: { id: string; title: string; variantTitle: string | null; quantity: number; fulfilledQuantity: number }[];
}

export const NO_PAYMENTS: PanelPayments = {
  email: null,
  paymentGateways: [],
  paymentTermsName: null,
  paymentDueAt: null,
  transactions: [],
  failedCount: 0,
  noShippingItems: [],
};

/** Payment context per order id (orders of another shop, or unknown, are simply absent). */
export async function loadOrderPayments(shopId: string, orderIds: string[]): Promise<Map<string, PanelPayments>> {
  if (orderIds.length === 0) return new Map();
  const orders = await db.order.findMany({
    where: { shopId, id: { in: orderIds } },
    select: {
      id: true,
      email: true,
      redactedAt: true,
      paymentGateways: true,
      paymentTermsName: true,
      paymentDueAt: true,
      transactions: {
        where: { shopId },
        orderBy: [{ processedAt: "desc" }, { shopifyId: "desc" }],
        take: TRANSACTIONS_PER_ORDER,
        select: {
          id: true,
          kind: true,
          status: true,
          amount: true,
          currencyCode: true,
          gateway: true,
          cardBrand: true,
          lastFour: true,
          errorCode: true,
          message: true,
          test: true,
          processedAt: true,
        },
      },
      lineItems: {
        where: { shopId, requiresShipping: false },
        orderBy: { shopifyId: "asc" },
        take: 50,
        select: {
          id: true,
          title: true,
          variantTitle: true,
          quantity: true,
          fulfillmentLines: { where: { shopId, fulfillment: { status: "SUCCESS" } }, select: { quantity: true } },
        },
      },
    },
  });
  return new Map(
    orders.map((o) => {
      const transactions = o.transactions.map((tx) => {
        const failed = isFailedTransaction(tx.status);
        return {
          id: tx.id,
          kind: tx.kind,
          status: tx.status,
          failed,
          amount: tx.amount.toFixed(2),
          currencyCode: tx.currencyCode,
          gateway: tx.gateway,
          // A redacted order's card and the gateway's words are never shown (the redaction erased them too).
          cardBrand: o.redactedAt ? null : tx.cardBrand,
          lastFour: o.redactedAt ? null : tx.lastFour,
          errorCode: tx.errorCode,
          errorText: failed ? transactionErrorWords(tx.errorCode) : null,
          message: o.redactedAt ? null : tx.message,
          test: tx.test,
          processedAt: tx.processedAt.toISOString(),
        };
      });
      return [
        o.id,
        {
          email: o.redactedAt ? null : o.email?.trim() || null,
          paymentGateways: o.paymentGateways,
          paymentTermsName: o.paymentTermsName,
          paymentDueAt: o.paymentDueAt?.toISOString() ?? null,
          transactions,
          failedCount: transactions.filter((tx) => tx.failed).length,
          noShippingItems: o.lineItems.map((l) => ({
            id: l.id,
            title: l.title,
            variantTitle: l.variantTitle,
            quantity: l.quantity,
            fulfilledQuantity: Math.min(
              l.quantity,
              l.fulfillmentLines.reduce((n, f) => n + f.quantity, 0),
            ),
          })),
        },
      ];
    }),
  );
}
